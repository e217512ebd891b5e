"""What a watcher can be given: a file listing sources one a line (a bad line is one line
and the rest is watched), sitemaps and sitemap indexes, and --json for scripts."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from loopback import LoopbackServer, Route
from newsroom import listing_of, story, watch

XML = {"Content-Type": "application/xml"}


def test_a_source_list_with_a_sitemap_index_is_watched_and_reported_as_json(
        tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    with LoopbackServer() as site:
        site.routes.update({
            "/sitemap-index.xml": Route(headers=XML, body=(
                "<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{site.url('/sitemap-news.xml')}</loc></sitemap>"
                "</sitemapindex>")),
            "/sitemap-news.xml": Route(headers=XML, body=(
                "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<url><loc>{site.url('/news/1')}</loc><lastmod>2026-11-30</lastmod></url>"
                "</urlset>")),
            "/rss.xml": listing_of(site, ["/news/2"]),
            "/news/1": story(1), "/news/2": story(2),
        })
        sources = tmp_path / "sources.txt"
        sources.write_text(f"# the wire\n{site.url('/rss.xml')}\n\n"
                           f"{site.url('/sitemap-index.xml')}\nftp://old.example/feed\n",
                           encoding="utf-8")

        run = watch(str(db), "--once", "--json", "--allow-private-addresses",
                    "--stale-after", "36500d", str(sources))

    assert run.returncode == 1  # the bad line
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("[PW070]") and "line 5" in line
    [report] = [json.loads(row) for row in run.stdout.splitlines()]
    assert [(s["url"].removeprefix(site.base), s["status"], s["entries"])
            for s in report["sources"]] == [
        ("/rss.xml", "new", 1), ("/sitemap-index.xml", "new", 0),
        ("/sitemap-news.xml", "new", 1)]
    assert len(report["stored"]) == 2 and report["failed"] == []
    with sqlite3.connect(db) as conn:
        urls = sorted(u for (u,) in conn.execute("SELECT url FROM documents"))
    assert [u.removeprefix(site.base) for u in urls] == ["/news/1", "/news/2"]


def test_watch_without_a_usable_source_is_a_usage_error(tmp_path: Path) -> None:
    run = watch(str(tmp_path / "watch.db"), "--once", str(tmp_path / "missing.txt"))

    assert run.returncode == 2
    assert run.stderr.startswith("[PW070]") and run.stderr.count("\n") == 1


def test_a_webhook_needs_the_signing_secret(tmp_path: Path) -> None:
    run = watch(str(tmp_path / "watch.db"), "--once", "--webhook", "http://127.0.0.1:9/h",
                "http://127.0.0.1:9/feed.xml", env={"PACTWATCH_WEBHOOK_SECRET": ""})

    assert run.returncode == 2
    assert run.stderr.startswith("[PW060] PACTWATCH_WEBHOOK_SECRET")
