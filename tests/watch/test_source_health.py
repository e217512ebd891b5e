"""A source that keeps failing, or stops publishing, is a change of its own: raised once
however many rounds it lasts, and cleared with another change when the source is well."""

from __future__ import annotations

import json
from pathlib import Path

from loopback import LoopbackServer, Route
from newsroom import feed, pactwatch, watch


def _source_changes(db: Path) -> list[tuple[str, str]]:
    changes = json.loads(pactwatch(str(db), "changes", "--json").stdout)
    return [(c["kind"], c["source"]) for c in changes if c["kind"].startswith("source_")]


def test_a_feed_failing_round_after_round_raises_one_source_failing_change(
        tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    with LoopbackServer({"/feed.xml": Route(status=503)}) as site:
        url = site.url("/feed.xml")
        for _ in range(5):
            run = watch(str(db), "--once", "--allow-private-addresses", "--failing-after", "3",
                        url)
            assert run.returncode == 1
            assert run.stderr.count("\n") == 1 and "HTTP 503" in run.stderr

        assert _source_changes(db) == [("source_failing", url)]

        site.routes["/feed.xml"] = Route(body="<rss version='2.0'><channel><title>t</title>"
                                              "</channel></rss>",
                                         headers={"Content-Type": "application/rss+xml"})
        assert watch(str(db), "--once", "--allow-private-addresses", url).returncode == 0

    assert _source_changes(db) == [("source_failing", url), ("source_recovered", url)]
    summary = json.loads(pactwatch(str(db), "changes", "--json").stdout)[0]["summary"]
    assert "503" in summary and "5 rounds" not in summary  # raised at the third


def test_a_feed_that_stops_publishing_raises_one_source_stale_change(tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    with LoopbackServer() as site:
        # Its only entry is from 2024 and the article is not about any agreement.
        site.routes["/rss.xml"] = feed("rss.xml", site.base, etag='"v1"')
        site.routes["/news/tram-line"] = Route(
            body=(Path(__file__).parent / "news" / "tram-line.html").read_bytes(),
            headers={"Content-Type": "text/html"})
        url = site.url("/rss.xml")
        for _ in range(3):
            watch(str(db), "--once", "--allow-private-addresses", "--stale-after", "3d", url)

    assert _source_changes(db) == [("source_stale", url)]
    change = json.loads(pactwatch(str(db), "changes", "--json").stdout)[0]
    assert change["new"]["last_published"] == "2024-05-30"


def test_a_feed_publishing_within_the_window_is_not_stale(tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    with LoopbackServer() as site:
        site.routes["/rss.xml"] = feed("rss.xml", site.base)
        url = site.url("/rss.xml")
        watch(str(db), "--once", "--allow-private-addresses", "--stale-after", "36500d", url)

    assert _source_changes(db) == []
