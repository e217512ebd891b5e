"""Dates in text resolved against the document's published date.

Relative expressions ("on Thursday", "tomorrow", "June 13") need an anchor: without a
published date they stay unresolved (None) rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LEADING = re.compile(r"^(?:on|by|from|since|until|the|this|next|last|early|late)\s+", re.I)
_MONTH_ONLY = re.compile(
    r"^(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+\d{4}$", re.I)


def resolve(text: str, published: date | None, prefer: str = "future") -> date | None:
    """The date an expression names, or None when it cannot be pinned to a day.

    ``prefer`` is "future" for scheduled events and "past" for reported ones, so that
    "Thursday" in a report published on a Wednesday reads as the next day or last week.
    """
    phrase = text.strip().rstrip(".,")
    while True:
        stripped = _LEADING.sub("", phrase)
        if stripped == phrase:
            break
        phrase = stripped
    if not phrase or _MONTH_ONLY.match(phrase):
        return None  # a month is not a day; leave it unresolved
    has_year = bool(_YEAR.search(phrase))
    if published is None and not has_year:
        return None
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
    }
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None
