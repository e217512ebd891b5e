"""What watching costs beside plain ingest: the same articles, as HTML pages, ingested
from a folder and fetched by `pactwatch watch` from a feed on loopback, side by side in
one process (model loaded and warmed first), each into a fresh SQLite store.

A watcher fetches each article over HTTP and reconciles after each one (so each change
is logged against its article), where ingest reconciles once per run; the ratio shows
what that costs. The second watch round finds the feed unchanged (304) and shows what
an idle round costs::

    .venv/bin/python benchmarks/watch.py                 # 300 articles, 20% relevant
    .venv/bin/python benchmarks/watch.py --docs 100
"""

from __future__ import annotations

import argparse
import functools
import html
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ingest import agreement_story, unrelated_story


def write_site(folder: Path, docs: int, relevant_share: float, seed: int) -> None:
    """``docs`` HTML articles under ``folder/news`` and an RSS feed listing them."""
    rng = random.Random(seed)
    news = folder / "news"
    news.mkdir()
    kinds = [True] * round(docs * relevant_share) + [False] * (docs - round(docs * relevant_share))
    rng.shuffle(kinds)
    items = []
    start = date(2024, 1, 1)
    for number, relevant in enumerate(kinds):
        text = (agreement_story if relevant else unrelated_story)(rng, 300, 700)
        title = f"Dispatch {number}"
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        (news / f"{number:05d}.html").write_text(
            f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{body}</article></body></html>", encoding="utf-8")
        when = datetime.combine(start + timedelta(days=number % 300), datetime.min.time(),
                                tzinfo=UTC)
        items.append(f"<item><title>{title}</title><link>{{base}}/news/{number:05d}.html"
                     f"</link><pubDate>{format_datetime(when, usegmt=True)}</pubDate></item>")
    (folder / "feed.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Benchmark wire</title>"
        + "".join(items) + "</channel></rss>", encoding="utf-8")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        # Validators, so the second round is a conditional GET answered 304.
        self.send_header("ETag", '"bench-1"')
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        if self.path.endswith("feed.xml") and self.headers.get("If-None-Match") == '"bench-1"':
            self.send_response(304)
            self.end_headers()
            return None
        return super().send_head()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--relevant-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from pactwatch.ingest.executors import load_model
    from pactwatch.ingest.run import ingest
    from pactwatch.store.repository import Store
    from pactwatch.watch.fetch import Fetcher, FetchPolicy
    from pactwatch.watch.run import Watcher

    with tempfile.TemporaryDirectory(prefix="pactwatch-watch-bench-") as scratch:
        root = Path(scratch)
        site = root / "site"
        site.mkdir()
        write_site(site, args.docs, args.relevant_share, args.seed)
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(
            _Quiet, directory=str(site)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        feed = site / "feed.xml"
        feed.write_text(feed.read_text(encoding="utf-8").replace("{base}", base),
                        encoding="utf-8")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        load_model()
        with Store.open(str(root / "warm.db")) as warm:  # parse once before the clocks
            ingest(warm, [str(next((site / "news").iterdir()))], progress=False)

        with Store.open(str(root / "ingest.db")) as store:
            started = time.perf_counter()
            report = ingest(store, [str(site / "news")], progress=False)
            ingest_s = time.perf_counter() - started
        policy = FetchPolicy(allow_private=True)
        with Store.open(str(root / "watch.db")) as store, Fetcher(policy) as fetcher:
            watcher = Watcher(store, fetcher)
            started = time.perf_counter()
            first = watcher.round([f"{base}/feed.xml"])
            watch_s = time.perf_counter() - started
            started = time.perf_counter()
            second = watcher.round([f"{base}/feed.xml"])
            idle_s = time.perf_counter() - started
        server.shutdown()

    stored = len(first.ingest.stored)
    print(f"articles: {args.docs} ({args.relevant_share:.0%} about agreements)")
    print(f"ingest from files   {len(report.stored):5d} docs {ingest_s:8.2f} s "
          f"{len(report.stored) / ingest_s:8.1f} docs/s")
    print(f"watch, first round  {stored:5d} docs {watch_s:8.2f} s {stored / watch_s:8.1f} "
          f"docs/s  ({len(first.changes)} changes logged)")
    print(f"watch, idle round   {len(second.ingest.stored):5d} docs {idle_s:8.3f} s "
          f"(feed answered {second.sources[0].status})")
    print(f"watch_vs_ingest_docs_per_s {(stored / watch_s) / (len(report.stored) / ingest_s):.2f}")
    return 0 if stored == len(report.stored) == args.docs and not first.failures else 1


if __name__ == "__main__":
    sys.exit(main())
