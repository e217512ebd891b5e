"""Without --allow-private-addresses a watcher fetches nothing on private, loopback or
link-local addresses: a feed there, or an article redirecting there, is one line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from loopback import LoopbackServer, Route, redirect
from newsroom import watch

from pactwatch.store.repository import Store
from pactwatch.watch.fetch import Fetcher, FetchPolicy
from pactwatch.watch.run import Watcher


def test_a_feed_on_loopback_is_refused_before_it_is_asked(tmp_path: Path) -> None:
    with LoopbackServer({"/rss.xml": Route(body="<rss/>")}) as site:
        run = watch(str(tmp_path / "watch.db"), "--once", site.url("/rss.xml"))

        assert site.requests == []
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("[PW073]") and "127.0.0.1" in run.stderr
    assert "--allow-private-addresses" in run.stderr


def test_an_article_redirecting_to_a_private_address_is_refused(tmp_path: Path) -> None:
    errors: list[str] = []
    with LoopbackServer() as site:
        site.routes["/rss.xml"] = Route(
            body=f"<rss version='2.0'><channel><title>t</title><item><title>a</title>"
                 f"<link>{site.url('/news/moved')}</link></item></channel></rss>",
            headers={"Content-Type": "application/rss+xml"})
        site.routes["/news/moved"] = redirect("http://10.1.2.3/internal/report")
        # The site itself stands in for a public one; the redirect target does not.
        policy = FetchPolicy(read_timeout=2.0, allowed_addresses=frozenset({site.host}))
        with Store.open(str(tmp_path / "watch.db")) as store, Fetcher(policy) as fetcher:
            report = Watcher(store, fetcher, on_error=lambda e: errors.append(str(e))).round(
                [site.url("/rss.xml")])

    assert len(errors) == 1
    assert errors[0].startswith("[PW073]") and "10.1.2.3" in errors[0]
    assert report.ingest.stored == []
    with sqlite3.connect(tmp_path / "watch.db") as conn:
        assert conn.execute("SELECT state, retry FROM feed_entries").fetchall() == [
            ("failed", 0)]
