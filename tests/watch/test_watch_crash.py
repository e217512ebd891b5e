"""A watcher killed with SIGKILL in the middle of a round, and started again, stores every
article exactly once: what it stored stays, what it held is taken over, nothing repeats."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest
from loopback import LoopbackServer, Request, Route
from newsroom import LIMIT, PACTWATCH, listing_of, page, story, watch

pytestmark = pytest.mark.slow


def test_a_watcher_killed_mid_round_resumes_and_stores_each_article_once(
        tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    paths = ["/news/1", "/news/2", "/news/portugal-signs", "/news/3", "/news/4"]
    reached = threading.Event()

    def held(request: Request) -> Route:
        reached.set()  # the watcher is now in the middle of the round
        return Route(delay=30, body=b"never sent")

    with LoopbackServer() as site:
        site.routes.update({f"/news/{n}": story(n) for n in (1, 2, 4)})
        site.routes["/news/portugal-signs"] = page("portugal-signs.html")
        site.routes["/news/3"] = held
        site.routes["/rss.xml"] = listing_of(site, paths)
        first = subprocess.Popen(
            [str(PACTWATCH), "--db", str(db), "watch", "--allow-private-addresses",
             "--timeout", "60", "--max-bytes", str(LIMIT), site.url("/rss.xml")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            assert reached.wait(180), "the watcher never reached the held article"
        finally:
            os.kill(first.pid, signal.SIGKILL)
            first.wait(30)
        site.routes["/news/3"] = story(3)

        again = watch(str(db), "--once", "--allow-private-addresses", site.url("/rss.xml"))

        assert again.returncode == 0, again.stderr
        fetched = Counter(r.path for r in site.requests if r.path.startswith("/news/"))
    with sqlite3.connect(db) as conn:
        urls = [url for (url,) in conn.execute("SELECT url FROM documents")]
        entries = conn.execute("SELECT state, count(*) FROM feed_entries GROUP BY state").fetchall()
    assert sorted(url.removeprefix(site.base) for url in urls) == sorted(paths)
    assert entries == [("done", len(paths))]
    # Only the article in hand when the watcher died was fetched twice.
    assert fetched == {**dict.fromkeys(paths, 1), "/news/3": 2}
