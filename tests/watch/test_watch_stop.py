"""Ctrl-C ends a watcher gracefully: the article in hand is fetched and stored, the rest
of the round is left for the next one, and the process exits 0."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from loopback import LoopbackServer, Request, Route
from newsroom import LIMIT, PACTWATCH, listing_of, story, watch

pytestmark = pytest.mark.slow


def test_ctrl_c_finishes_the_article_in_hand_and_leaves_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    paths = ["/news/1", "/news/2", "/news/3"]  # undated: fetched from the last listed
    reached = threading.Event()

    def slow_story(request: Request) -> Route:
        reached.set()
        time.sleep(2)  # still in hand when Ctrl-C arrives
        return story(3)

    with LoopbackServer() as site:
        site.routes.update({"/news/1": story(1), "/news/2": story(2),
                            "/news/3": slow_story, "/rss.xml": listing_of(site, paths)})
        watcher = subprocess.Popen(
            [str(PACTWATCH), "--db", str(db), "watch", "--allow-private-addresses",
             "--timeout", "30", "--max-bytes", str(LIMIT), "--interval", "3600",
             site.url("/rss.xml")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert reached.wait(120), "the watcher never asked for the first article"
            watcher.send_signal(signal.SIGINT)
            out, err = watcher.communicate(timeout=60)
        finally:
            watcher.kill()
        fetched_first = [r.path for r in site.requests if r.path.startswith("/news/")]

        again = watch(str(db), "--once", "--allow-private-addresses", site.url("/rss.xml"))
        fetched = [r.path for r in site.requests if r.path.startswith("/news/")]

    assert watcher.returncode == 0, err
    assert "stopping after the article in hand" in err
    assert "stopped" in out
    assert fetched_first == ["/news/3"]
    assert again.returncode == 0, again.stderr
    assert sorted(fetched) == sorted(paths)  # each fetched once, over the two runs
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)
