"""Two watchers on one database, started together on the same feed, never both take an
entry: every article is fetched once and stored once (an entry is claimed before it is
fetched, in a write transaction), on SQLite and on PostgreSQL. Opening a new database
from both at once migrates it once."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from loopback import LoopbackServer, Route
from newsroom import LIMIT, PACTWATCH, listing_of, story
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow
ARTICLES = 8


@pytest.mark.parametrize("database", ["sqlite", "postgresql"], indirect=True)
def test_two_watchers_never_fetch_or_store_an_entry_twice(database: str,
                                                         tmp_path: Path) -> None:
    paths = [f"/news/{n}" for n in range(1, ARTICLES + 1)]
    with LoopbackServer() as site:
        for n, path in enumerate(paths, start=1):
            slow = story(n)
            site.routes[path] = Route(body=slow.body, headers=slow.headers, delay=0.2)
        site.routes["/rss.xml"] = listing_of(site, paths)
        command = [str(PACTWATCH), "--db", database, "watch", "--once",
                   "--allow-private-addresses", "--timeout", "30", "--max-bytes", str(LIMIT),
                   site.url("/rss.xml")]
        watchers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True) for _ in range(2)]
        results = [w.communicate(timeout=300) for w in watchers]
        fetched = Counter(r.path for r in site.requests if r.path.startswith("/news/"))

    assert [w.returncode for w in watchers] == [0, 0], results
    assert fetched == dict.fromkeys(paths, 1)
    url = database if "://" in database else f"sqlite:///{database}"
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        stored = Counter(u for (u,) in conn.execute(text("SELECT url FROM documents")))
        states = conn.execute(text("SELECT state, count(*) FROM feed_entries GROUP BY state"))
        assert dict(states.all()) == {"done": ARTICLES}
    engine.dispose()
    assert sorted(stored.values()) == [1] * ARTICLES
