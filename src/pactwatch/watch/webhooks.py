"""Posting changes to webhooks, off the ingest path.

A sender thread delivers every change after each webhook's cursor, in order, as JSON
signed with HMAC-SHA256 over the exact body (``X-Pactwatch-Signature: sha256=<hex>``,
key ``PACTWATCH_WEBHOOK_SECRET``). A failed post is retried with exponential backoff; a
change still failing after that stays undelivered (with one line) and is tried again
on the next wake-up, so a receiver that was down gets every change, once, in order. The
cursor is stored, so a restarted watcher neither repeats nor skips one. A webhook seen
for the first time starts at the newest change.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from pactwatch.errors import PactwatchError, WebhookFailed
from pactwatch.store.repository import Store
from pactwatch.watch.fetch import USER_AGENT
from pactwatch.web.change_text import with_summary

SIGNATURE_HEADER = "X-Pactwatch-Signature"
BATCH = 100  # changes read per query


@dataclass(frozen=True)
class Delivery:
    attempts: int = 5
    first_backoff: float = 0.5  # seconds; doubled after each failure
    timeout: float = 10.0


def signature(secret: str, body: bytes) -> str:
    """The header value a receiver recomputes to check a post came from us, unaltered."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def body_of(change: dict[str, Any]) -> bytes:
    return json.dumps(with_summary(change), ensure_ascii=False, sort_keys=True,
                      default=str).encode("utf-8")


class WebhookSender:
    """Delivers changes to ``urls`` from a background thread; ``notify`` wakes it,
    ``close`` delivers what is pending (within ``wait`` seconds) and stops it."""

    def __init__(self, store: Store, urls: Sequence[str], secret: str,
                 on_error: Callable[[PactwatchError], None] | None = None,
                 delivery: Delivery = Delivery()) -> None:
        self.store = store
        self.urls = list(dict.fromkeys(urls))
        self.secret = secret
        self.on_error = on_error
        self.delivery = delivery
        self.client = httpx.Client(timeout=delivery.timeout, follow_redirects=False,
                                   headers={"User-Agent": USER_AGENT})
        self._wake = threading.Event()
        self._closing = threading.Event()
        self._idle = threading.Event()
        # Each webhook's cursor is set now: it gets the changes made from here on.
        for url in self.urls:
            store.webhook_cursor(url)
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        self._idle.clear()
        self._wake.set()

    def close(self, wait: float = 30.0) -> None:
        """Delivers what is pending, waiting at most ``wait`` seconds, then stops."""
        self.notify()
        self._idle.wait(wait)
        self._closing.set()
        self._wake.set()
        self._thread.join(wait)
        self.client.close()

    def _run(self) -> None:
        while not self._closing.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._closing.is_set():
                break
            for url in self.urls:
                self._deliver_pending(url)
            if not self._wake.is_set():
                self._idle.set()

    def _deliver_pending(self, url: str) -> None:
        cursor = self.store.webhook_cursor(url)
        while not self._closing.is_set():
            batch = self.store.changes(after=cursor, limit=BATCH)
            for change in batch:
                if not self._post(url, change):
                    return  # in order: the rest waits for the next wake-up
                self.store.advance_webhook(url, change["id"])
                cursor = change["id"]
            if len(batch) < BATCH:
                return

    def _post(self, url: str, change: dict[str, Any]) -> bool:
        body = body_of(change)
        headers = {"Content-Type": "application/json",
                   SIGNATURE_HEADER: signature(self.secret, body),
                   "X-Pactwatch-Event": change["kind"],
                   "X-Pactwatch-Delivery": str(change["id"])}
        wait = self.delivery.first_backoff
        reason = ""
        for attempt in range(self.delivery.attempts):
            if attempt:
                time.sleep(wait)
                wait *= 2
            try:
                answer = self.client.post(url, content=body, headers=headers)
            except httpx.HTTPError as error:
                reason = type(error).__name__
                continue
            if 200 <= answer.status_code < 300:
                return True
            reason = f"HTTP {answer.status_code}"
        if self.on_error:
            self.on_error(WebhookFailed(url, f"change {change['id']} not delivered after "
                                             f"{self.delivery.attempts} attempts ({reason}); "
                                             "it is tried again on the next round"))
        return False
