"""The `watch` command: follow feeds and sitemaps, ingest what they publish, report the
changes (and post them to webhooks). Registered on the root app by ``register``."""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from pactwatch import settings
from pactwatch.cli import failures
from pactwatch.errors import BadSetting, BadSource, PactwatchError


def register(app: typer.Typer, context: Any) -> None:
    """Adds the command to ``app``; ``context`` gives the store and the console of the
    root module (``cli.app``)."""

    @app.command()
    def watch(
        sources: list[str] = typer.Argument(..., metavar="SOURCE...",
                                            help="RSS or Atom feed URLs, sitemap URLs, or "
                                                 "files listing such URLs one a line."),
        once: bool = typer.Option(False, "--once", help="One round, then exit (for cron): "
                                  "exit status 1 if anything failed."),
        interval: float = typer.Option(900, "--interval", min=1, metavar="SECONDS",
                                       help="Seconds between rounds."),
        webhook: list[str] = typer.Option(None, "--webhook", metavar="URL",
                                          help="POST each change here as signed JSON "
                                               "(repeatable; needs "
                                               f"{settings.WEBHOOK_SECRET.env})."),
        allow_private: bool = typer.Option(False, "--allow-private-addresses",
                                           help="Fetch from private, loopback and "
                                                "link-local addresses too."),
        stale_after: str = typer.Option("3d", "--stale-after", metavar="DURATION",
                                        help="A source that publishes nothing for longer "
                                             "(3d, 12h, 90m, 45s) raises source_stale."),
        failing_after: int = typer.Option(3, "--failing-after", min=1, metavar="ROUNDS",
                                          help="A source failing this many rounds in a row "
                                               "raises source_failing."),
        timeout: float = typer.Option(20.0, "--timeout", min=0.1, metavar="SECONDS",
                                      help="Longest wait for one fetch, whole download "
                                           "included."),
        max_bytes: int = typer.Option(5_000_000, "--max-bytes", min=1,
                                      help="Largest feed or article fetched."),
        as_json: bool = typer.Option(False, "--json", help="One JSON object per round."),
    ) -> None:
        """Watch news sources: each round reads every source (conditional GET), fetches
        the articles not seen before, ingests them like `pactwatch ingest`, and reports
        what changed in the agreement records. Ctrl-C finishes the article in hand."""
        from pactwatch.watch.fetch import Fetcher, FetchPolicy
        from pactwatch.watch.health import Thresholds, parse_duration
        from pactwatch.watch.run import Watcher
        from pactwatch.watch.sources import is_http_url, source_urls
        from pactwatch.watch.webhooks import WebhookSender

        urls, problems = source_urls(sources)
        for problem in problems:
            failures.line(str(problem))
        bad_hooks = [url for url in webhook or [] if not is_http_url(url)]
        try:
            window = parse_duration(stale_after)
        except ValueError:
            _usage(BadSource("--stale-after", f"not a duration: {stale_after!r} "
                                              "(e.g. 3d, 12h, 90m, 45s)"))
        if bad_hooks:
            _usage(BadSource("--webhook", f"not an http(s) URL: {bad_hooks[0]!r}"))
        secret = settings.WEBHOOK_SECRET.value()
        if webhook and not secret:
            _usage(BadSetting(settings.WEBHOOK_SECRET.env,
                              "not set; --webhook posts are signed with it"))
        if not urls:
            raise typer.Exit(2)
        policy = FetchPolicy(connect_timeout=min(timeout, 10.0), read_timeout=timeout,
                             max_bytes=max_bytes, allow_private=allow_private)
        stop = threading.Event()
        failed = bool(problems)
        with context.store(write=True) as store, Fetcher(policy) as fetcher, \
                _stop_on_signals(stop):
            sender = WebhookSender(store, webhook, secret, failures.line_of) \
                if webhook else None
            watcher = Watcher(store, fetcher, Thresholds(failing_after, window),
                              on_error=failures.line_of, stop=stop)
            try:
                while True:
                    report = watcher.round(urls)
                    failed = failed or bool(report.failures)
                    _print_round(context, report, as_json)
                    if sender:
                        sender.notify()
                    if once or stop.is_set() or stop.wait(interval):
                        break
            finally:
                if sender:
                    sender.close()
        if once and failed:
            raise typer.Exit(1)


def _usage(error: PactwatchError) -> None:
    failures.line(str(error))
    raise typer.Exit(2)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """The first Ctrl-C (or SIGTERM, as service managers send) asks the round to stop
    after the article in hand; a second Ctrl-C stops at once."""
    def request(signum: int, frame: Any) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
        failures.line("stopping after the article in hand (Ctrl-C again to stop now)")

    previous = {sig: signal.signal(sig, request) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _print_round(context: Any, report: Any, as_json: bool) -> None:
    from pactwatch.web.change_text import with_summary

    changes = [with_summary(change) for change in report.changes]
    if as_json:
        sys.stdout.write(json.dumps({**report.to_json(), "changes": changes},
                                    ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()
        return
    sources = report.sources
    unchanged = sum(1 for s in sources if s.status == "unchanged")
    failed = sum(1 for s in sources if s.status == "failed")
    ingest = report.ingest
    articles = len(report.failures) - failed
    context.console.print(
        f"round {report.started:%Y-%m-%d %H:%M} UTC: {len(sources)} source(s) checked "
        f"({unchanged} unchanged, {failed} failed); stored {len(ingest.stored)} "
        f"document(s) with {ingest.claims} claim(s); {len(ingest.duplicates)} already "
        f"stored; {articles} article(s) failed; {len(changes)} change(s)"
        + ("; stopped" if report.stopped else ""), highlight=False)
    for change in changes:
        context.console.print(f"  {change['summary']}", highlight=False, markup=False)
