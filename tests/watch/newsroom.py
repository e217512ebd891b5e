"""The watch tests' news site: the feeds and articles of ``news/`` (written in our own
words) served from loopback, and the `pactwatch` command run as a process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loopback import LoopbackServer, Route

NEWS = Path(__file__).parent / "news"
PACTWATCH = Path(sys.executable).parent / "pactwatch"
HTML = {"Content-Type": "text/html; charset=utf-8"}
SLOW_SECONDS = 4.0  # the slow article's delay, well past the --timeout the tests give
LIMIT = 200_000  # the --max-bytes the tests give; the huge article is ten times that


def page(name: str) -> Route:
    return Route(body=(NEWS / name).read_bytes(), headers=HTML)


def feed(name: str, base: str, **validators: str) -> Route:
    kind = "application/atom+xml" if name.startswith("atom") else "application/rss+xml"
    body = (NEWS / name).read_text(encoding="utf-8").replace("{base}", base)
    return Route(body=body, headers={"Content-Type": kind}, **validators)


def news_routes(base: str) -> dict[str, Route]:
    """Two feeds (RSS with an ETag, Atom with a Last-Modified), a malformed feed, three
    good articles, and one each that is gone, too slow and too large."""
    return {
        "/rss.xml": feed("rss.xml", base, etag='"rss-1"'),
        "/atom.xml": feed("atom.xml", base, last_modified="Thu, 30 May 2024 18:00:00 GMT"),
        "/broken.xml": Route(body="<rss><channel><title>half a feed", headers={
            "Content-Type": "application/rss+xml"}),
        "/news/portugal-to-sign": page("portugal-to-sign.html"),
        "/news/portugal-signs": page("portugal-signs.html"),
        "/news/tram-line": page("tram-line.html"),
        "/news/taken-down": Route(status=404, body="gone", headers=HTML),
        "/news/slow": Route(delay=SLOW_SECONDS, body=(NEWS / "tram-line.html").read_bytes(),
                            headers=HTML),
        "/news/huge": Route(body=b"<html><body><p>" + b"word " * (2 * LIMIT) + b"</p></body>"
                            b"</html>", headers=HTML, chunked=True),
    }


def watch(db: str, *args: str, env: dict[str, str] | None = None,
          timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`pactwatch --db DB watch ARGS` as a process, with the test limits."""
    return subprocess.run(
        [str(PACTWATCH), "--db", db, "watch", "--timeout", "1", "--max-bytes", str(LIMIT),
         *args], capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "COLUMNS": "200", **(env or {})})


def pactwatch(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "--db", db, *args], capture_output=True,
                          text=True, timeout=120)


def story(number: int) -> Route:
    """A short local story, about no agreement (so it is stored without a parse)."""
    text = (f"<html><head><title>Harbour notes {number}</title></head><body><article>"
            f"<h1>Harbour notes {number}</h1><p>Ferry crossing number {number} left the "
            f"harbour on time this morning, and the harbour master said the new pier will "
            f"open before the summer season. Fishing boats returned with a good catch.</p>"
            f"</article></body></html>")
    return Route(body=text, headers={"Content-Type": "text/html"})


def listing_of(site: LoopbackServer, paths: list[str]) -> Route:
    """An RSS feed of undated items linking to ``paths`` on ``site``."""
    items = "".join(f"<item><title>{p}</title><link>{site.url(p)}</link></item>"
                    for p in paths)
    return Route(body=f"<rss version='2.0'><channel><title>Harbour Herald</title>{items}"
                      "</channel></rss>", headers={"Content-Type": "application/rss+xml"})
