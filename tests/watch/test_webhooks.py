"""Webhook deliveries: each change once, in order, signed over its exact body; a failing
receiver is retried with backoff, and one that stays down gets the changes it missed on
the next wake-up, without repeats."""

from __future__ import annotations

import json
from pathlib import Path

from loopback import LoopbackServer, Request, Route

from pactwatch.changes import SOURCE_STALE, Change
from pactwatch.errors import PactwatchError
from pactwatch.store.repository import Store
from pactwatch.watch.webhooks import SIGNATURE_HEADER, Delivery, WebhookSender, signature

SECRET = "webhook test secret"
FAST = Delivery(attempts=3, first_backoff=0.05, timeout=2.0)


def _change(n: int) -> Change:
    return Change(SOURCE_STALE, None, None, None, {"last_published": f"2024-05-{n:02d}"},
                  source=f"https://news.example/{n}.xml")


def test_each_change_reaches_the_webhook_once_signed(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "w.db")) as store, \
            LoopbackServer({"/hook": Route(status=204)}) as receiver:
        store.add_changes([_change(1)])  # made before the webhook was known: not sent
        sender = WebhookSender(store, [receiver.url("/hook")], SECRET, delivery=FAST)
        store.add_changes([_change(2), _change(3)])
        sender.notify()
        sender.close()
        ids = [c["id"] for c in store.changes()]

        posts = receiver.requests_for("/hook")
    assert [json.loads(p.body)["id"] for p in posts] == ids[1:]
    for post in posts:
        assert post.headers[SIGNATURE_HEADER.lower()] == signature(SECRET, post.body)
        assert post.headers["x-pactwatch-event"] == "source_stale"
        assert json.loads(post.body)["summary"].startswith("https://news.example/")


def test_a_failing_receiver_is_retried_then_caught_up_in_order(tmp_path: Path) -> None:
    answers = iter([500, 503])  # the first two posts fail, then the receiver is fine
    errors: list[PactwatchError] = []

    def flaky(request: Request) -> Route:
        return Route(status=next(answers, 204))

    with Store.open(str(tmp_path / "w.db")) as store, \
            LoopbackServer({"/hook": flaky}) as receiver:
        sender = WebhookSender(store, [receiver.url("/hook")], SECRET, errors.append, FAST)
        store.add_changes([_change(1), _change(2)])
        sender.notify()
        sender.close()
        ids = [c["id"] for c in store.changes()]
        statuses = receiver.statuses_for("/hook")
        sent = [json.loads(r.body)["id"] for r in receiver.requests_for("/hook")]
    assert statuses == [500, 503, 204, 204]
    assert sent == [ids[0], ids[0], ids[0], ids[1]]
    assert errors == []


def test_a_receiver_down_for_a_round_gets_what_it_missed_next_time(tmp_path: Path) -> None:
    errors: list[PactwatchError] = []
    with Store.open(str(tmp_path / "w.db")) as store, \
            LoopbackServer({"/hook": Route(status=502)}) as receiver:
        hook = receiver.url("/hook")
        sender = WebhookSender(store, [hook], SECRET, errors.append, FAST)
        store.add_changes([_change(1), _change(2)])
        sender.notify()
        sender.close()
        assert len(errors) == 1 and errors[0].code == "PW074"
        assert "not delivered after 3 attempts (HTTP 502)" in errors[0].reason

        receiver.routes["/hook"] = Route(status=200)
        # A watcher started again: the stored cursor says what is still owed.
        again = WebhookSender(store, [hook], SECRET, errors.append, FAST)
        again.notify()
        again.close()
        ids = [c["id"] for c in store.changes()]
        good = [json.loads(r.body)["id"] for r, status in zip(
            receiver.requests_for("/hook"), receiver.statuses_for("/hook"), strict=True)
            if status == 200]
    assert good == ids
