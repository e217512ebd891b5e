"""Dates in text resolved against the document's published date.

Relative expressions ("on Thursday", "tomorrow", "June 13") need an anchor: the
published date, or else a full date the text itself shows (a dateline, a photo caption:
"... in Lviv, February 23, 2024"). Without either they stay unresolved (None) rather than
guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from pactwatch import vocab

# The days a date in the news can name. Outside them a parse misreads the text ("2000
# years ago") or its anchor is wrong (a published date in year 9999), so it is dropped.
EARLIEST = date(1800, 1, 1)
LATEST = date(2199, 12, 31)
# Without an anchor dateparser fills what the text leaves out from the clock; a phrase
# names a day on its own only when it states day, month and year and reads the same
# against two unrelated days (which relative phrases, "3 days ago 2020", do not).
_PROBES = (datetime(2001, 3, 5), datetime(2013, 10, 24))

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_LEADING = re.compile(r"^(?:on|by|from|since|until|the|this|next|last|early|late)\s+", re.I)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(r"^(?:(?P<rel>last|next|this|coming|past) )?(?P<day>" + "|".join(_WEEKDAYS)
                      + r")$", re.I)
_MONTH_ONLY = re.compile(
    r"^(?:(?:early|mid|late)[- ])?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)(?:,?\s+\d{4})?$", re.I)
_YEAR_ONLY = re.compile(r"^(?:in |of |since |by |from )?(?:the year )?(?:1[89]\d\d|20\d\d)$", re.I)


_COARSE_AGO = re.compile(r"\b(?:years?|months?|decades?)\s+(?:ago|earlier|before)\b", re.I)


@lru_cache(maxsize=1)
def _duration() -> re.Pattern[str]:
    """A length of time, not a day: "ten-year", "24 hours", "three days"."""
    numbers = "|".join(sorted(vocab.cues().number_words, key=len, reverse=True))
    return re.compile(rf"^(?:a|an|several|few|\d+|{numbers})[- ]"
                      r"(?:hours?|days?|weeks?|months?|years?)(?:[- ]long)?$", re.I)


def names_day(text: str) -> bool:
    """Whether a date expression could name a day: "2020" and "March 2024" cannot."""
    phrase = text.strip().rstrip(".,")
    return not (_YEAR_ONLY.match(phrase) or _COARSE_AGO.search(phrase)
                or _duration().match(phrase) or _MONTH_ONLY.match(
        re.sub(r"^(?:in|on|by|since|from|until|early|late)\s+", "", phrase, flags=re.I)))


def resolve(text: str, published: date | None, prefer: str = "future",
            years: frozenset[int] = frozenset(), month: tuple[int, int] | None = None
            ) -> date | None:
    """The date an expression names, or None when it cannot be pinned to a day.

    ``prefer`` is "future" for scheduled events and "past" for reported ones, so that
    "Thursday" in a report published on a Wednesday reads as the next day or last week.
    ``years`` are the years the text mentions: without a published date they pin down
    "Friday, January 12" when exactly one of them has that day on a Friday. ``month`` is
    the year and month of publication where only that much is known (a web address's
    "/2024/05/"): it pins down "May 31", never "Friday".
    """
    if published is not None and _sane(published) is None:
        return None  # an anchor outside the sane range pins nothing down
    phrase = text.strip().rstrip(".,")
    weekday = _weekday(re.sub(r"^(?:on|by)\s+", "", phrase, flags=re.I), published, prefer)
    if weekday is not None:
        return _sane(weekday)
    while True:
        stripped = _LEADING.sub("", phrase)
        if stripped == phrase:
            break
        phrase = stripped
    other_year = _OTHER_YEAR.fullmatch(phrase)
    if other_year is not None and published is not None:
        # "April 18 last year": that day in the year before publication
        if other_year.group("which").lower() == "last":
            return resolve(other_year.group("day"), date(published.year - 1, 12, 31), "past")
        return resolve(other_year.group("day"), date(published.year + 1, 1, 1), "future")
    if _DAY_RANGE.match(phrase):
        return None  # "June 27 and 28", "27-28 June 2024": a span of days names no one day
    if _MONTH_DAY.match(phrase):  # read here, never left to a guess below
        day = _month_day(phrase, published, prefer, years, month)
        return _sane(day) if day is not None else None
    if not phrase or not names_day(phrase):
        return None  # a month or a year is not a day; leave it unresolved
    full = _FULL_DATE.fullmatch(phrase)
    if full is not None and not full.group("dotted"):
        return _sane(_full_date(full))  # "8 July 2024", "July 8, 2024": dateparser is slow
    has_year = bool(_YEAR.search(phrase))
    if published is None and not has_year:
        return None
    if published is not None:
        day = _parse(phrase, prefer, datetime(published.year, published.month, published.day))
        if day is not None and not has_year and abs(day.year - published.year) > 1:
            return None  # a number dateparser took for a year the phrase does not name
        return _sane(day)
    found = {_parse(phrase, prefer, base, ("day", "month", "year")) for base in _PROBES}
    return _sane(found.pop()) if len(found) == 1 else None


_OTHER_YEAR = re.compile(r"(?P<day>.+?),? (?:of )?(?P<which>last|next) year", re.I)


@lru_cache(maxsize=4096)
def _parse(phrase: str, prefer: str, base: datetime, parts: tuple[str, ...] = ()
           ) -> date | None:
    """dateparser's reading of ``phrase`` on day ``base``; with ``parts``, only when the
    phrase states each of them (relative phrases are read against ``base`` regardless).
    Kept per process: a date is read the same way each time, and dateparser costs
    milliseconds a call."""
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": False,
        "RELATIVE_BASE": base,
        "REQUIRE_PARTS": list(parts),
    }
    parsed = dateparser.parse(phrase, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def _sane(found: date | None) -> date | None:
    return found if found is not None and EARLIEST <= found <= LATEST else None


def _weekday(phrase: str, published: date | None, prefer: str) -> date | None:
    """A bare weekday within the week around the published date. A report of the past
    published on a Friday means that Friday by "on Friday", as does a plan; "last" and
    "next" move a week."""
    m = _WEEKDAY.match(phrase)
    if m is None or published is None:
        return None
    wanted = _WEEKDAYS.index(m.group("day").lower())
    rel = (m.group("rel") or "").lower()
    back = (published.weekday() - wanted) % 7
    forward = (wanted - published.weekday()) % 7
    if rel in {"last", "past"}:
        return published - timedelta(days=back or 7)
    if rel in {"next", "coming"}:
        return published + timedelta(days=forward or 7)
    return published - timedelta(days=back) if prefer == "past" else \
        published + timedelta(days=forward)


def _month_day(phrase: str, published: date | None, prefer: str, years: frozenset[int],
               month_known: tuple[int, int] | None = None) -> date | None:
    """A day and month without a year ("May 28", "Tuesday, 28 May"). Against a published
    date it is the nearest such day (the day itself included: a plan "on May 28"
    published that morning is that day, not next year's), ``prefer`` deciding only
    between two half a year away; a weekday it names must fall on that day. Without a
    published date, only a weekday and the years the text mentions can fix the year, or
    the month of publication: the day lies in it or before it for an event reported,
    in it or after it for one planned."""
    m = _MONTH_DAY.match(phrase)
    if m is None:
        return None
    g = m.groupdict()
    month = _MONTH_NUMBER[(g["m1"] or g["m2"])[:3].lower()]
    day = int(g["d1"] or g["d2"])
    wanted = _WEEKDAYS.index(g["wd"].lower()) if g["wd"] else None
    if published is None and month_known is not None:
        first = date(*month_known, 1)
        last = (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
        fits = [d for d in (_day_or_none(y, month, day) for y in (first.year - 1, first.year,
                                                                first.year + 1))
                if d is not None and (wanted is None or d.weekday() == wanted)
                and (d <= last if prefer == "past" else d >= first)]
        return (max(fits) if prefer == "past" else min(fits)) if fits else None
    if published is not None:
        pool = list(range(published.year - 1, published.year + 2))
    elif wanted is not None:
        pool = sorted(years)
    else:
        return None
    candidates = [d for d in (_day_or_none(y, month, day) for y in pool)
                  if d is not None and (wanted is None or d.weekday() == wanted)]
    if published is None:
        return candidates[0] if len(candidates) == 1 else None
    if not candidates:
        return None
    # A reported event lies before the report, a planned one after it (a day's slack
    # either way for time zones and overnight editions).
    if prefer == "past":
        fitting = [d for d in candidates if d <= published + timedelta(days=1)]
        return max(fitting) if fitting else None
    fitting = [d for d in candidates if d >= published - timedelta(days=1)]
    return min(fitting) if fitting else None


def _day_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def years_mentioned(text: str) -> frozenset[int]:
    return frozenset(int(y) for y in _YEAR.findall(text))


_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}}),?\s*(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTHS}),?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-\d\d-\d\d)|(?P<dotted>\d\d\.\d\d\.(?:19|20)\d\d))\b", re.I)


_DAY_RANGE = re.compile(
    rf"^(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|—|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s*(?:-|–|—|and|to)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?:{_MONTHS}))(?:,?\s*(?:19|20)\d\d)?$", re.I)
_MONTH_DAY = re.compile(
    rf"^(?:(?P<wd>{'|'.join(_WEEKDAYS)}),?\s+)?(?:(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"(?:\s+of)?\s+(?P<m2>{_MONTHS})|(?P<m1>{_MONTHS})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?)$",
    re.I)


# A date in a web address's path: "/2024/05/31/", "/2024-05-31-", "/20240531/"; or only
# its year and month, "/2024/05/".
_URL_DAY = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/")


def url_date(url: str | None) -> date | None:
    """The day a web address's path names: sites file their articles under it."""
    m = _URL_DAY.search(url or "")
    return _sane(_day_or_none(*(int(g) for g in m.groups()))) if m else None


def url_month(url: str | None) -> tuple[int, int] | None:
    """The year and month a web address's path names ("/2024/05/slug")."""
    m = _URL_MONTH.search(url or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def document_date(text: str) -> date | None:
    """The latest full date (day, month and year) the text shows, for a document that
    comes without a published date: its dateline or the caption of its photo. Earlier
    dates in it are background; a later one is rarer than the day of the report. (Read
    by the pattern's own groups: dateparser would cost more than the rest of the step.)"""
    found = [d for d in (_full_date(m) for m in _FULL_DATE.finditer(text)) if d]
    return max(found) if found else None


# A line that is only a date, with a weekday or a time of day beside it: the stamp a
# release or a live report's entry bears ("4 September 2024 - 13:26").
_DATE_LINE = re.compile(
    rf"\s*(?:(?:{'|'.join(_WEEKDAYS)}),?\s+)?(?P<date>{_FULL_DATE.pattern})"
    r"(?:\s*[-–—|,]?\s*\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?)?\s*", re.I)


def names_a_month(text: str) -> bool:
    """"Mar", "Sept.", "March": a month's name or abbreviation alone."""
    return re.fullmatch(_MONTHS, text.strip(), re.I) is not None


DATE_LINE_LONGEST = 60  # "Wednesday, 4 September 2024 - 13:26 PM" and the spaces around


def date_line(text: str) -> tuple[date, int, int] | None:
    """The day a line consisting of a date names, and where the date stands in it."""
    if len(text) > DATE_LINE_LONGEST:
        return None
    m = _DATE_LINE.fullmatch(text)  # holds _FULL_DATE's own groups
    day = _full_date(m) if m else None
    return (day, m.start("date"), m.end("date")) if m and day else None


def _full_date(m: re.Match[str]) -> date | None:
    g = m.groupdict()
    try:
        if g["iso"]:
            return date.fromisoformat(g["iso"])
        if g["dotted"]:
            day, month, year = (int(x) for x in g["dotted"].split("."))
            return date(year, month, day)
        month = _MONTH_NUMBER[(g["m1"] or g["m2"])[:3].lower()]
        day = int(g["d1"] or g["d2"])
        return date(int(g["y1"] or g["y2"]), month, day)
    except ValueError:
        return None


_MONTH_NUMBER = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
