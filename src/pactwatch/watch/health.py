"""A watched source's health: whether it is failing (errors for several rounds in a
row) or stale (nothing published for longer than allowed), each raised once as a source
change and cleared, with a change of its own, when the source is well again. A drop-out
is a change like any other, so it reaches the same CLI, feed and webhooks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pactwatch.changes import SOURCE_FAILING, SOURCE_RECOVERED, SOURCE_STALE, Change
from pactwatch.store.feeds import FeedState

FAILING, STALE = "failing", "stale"


@dataclass(frozen=True)
class Thresholds:
    failing_after: int = 3  # consecutive failed rounds
    stale_after: timedelta = timedelta(days=3)


def judge(thresholds: Thresholds, state: FeedState, now: datetime
          ) -> tuple[str | None, list[Change]]:
    """The alert the source should carry now, and the change raising or clearing it."""
    alert = _alert(thresholds, state, now)
    if alert == state.alert:
        return alert, []
    new: dict[str, Any]
    if alert == FAILING:
        new = {"failures": state.failures, "error": state.last_error}
        return alert, [Change(SOURCE_FAILING, None, None, None, new, source=state.url)]
    if alert == STALE:
        last = state.newest_entry_at
        new = {"last_published": last.date().isoformat() if last else None,
               "stale_after_hours": round(thresholds.stale_after.total_seconds() / 3600, 2)}
        return alert, [Change(SOURCE_STALE, None, None, None, new, source=state.url)]
    return None, [Change(SOURCE_RECOVERED, None, None, state.alert, None, source=state.url)]


def _alert(thresholds: Thresholds, state: FeedState, now: datetime) -> str | None:
    if state.failures >= thresholds.failing_after:
        return FAILING
    if state.failures:
        return state.alert  # a failure or two: neither raised nor cleared yet
    last = state.newest_entry_at or state.first_checked_at
    return STALE if now - last > thresholds.stale_after else None


def parse_duration(text: str) -> timedelta:
    """"3d", "12h", "90m", "45s" or plain seconds; ValueError otherwise."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    raw = text.strip().lower()
    factor = units.get(raw[-1:])
    number = raw[:-1] if factor else raw
    value = float(number)
    if value <= 0:
        raise ValueError(text)
    return timedelta(seconds=value * (factor or 1))
