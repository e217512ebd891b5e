"""The date resolver on any text and any anchor, year 1 and year 9999 included: it never
raises, a result is a real day in a sane range, the same every time, and a text without
an anchor resolves only to the day it shows itself, never to one taken from the clock."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import event, example, given
from hypothesis import strategies as st
from property_inputs import ANY_CHAR

from pactwatch.nlp.dates import EARLIEST, LATEST, document_date, resolve

ANCHORS = st.one_of(st.none(), st.dates(),
                    st.sampled_from([date.min, date.max, date(1, 1, 7), date(9999, 12, 25),
                                     date(2024, 2, 29), EARLIEST, LATEST]))
PREFER = st.sampled_from(["future", "past"])

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
            "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth",
            "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth",
            "thirty-first"]
PIECES = st.one_of(
    st.sampled_from(WEEKDAYS + MONTHS + [m[:3] for m in MONTHS] + ORDINALS[:5] + [
        "on", "by", "the", "of", "next", "last", "this", "coming", "early", "late", "in",
        "ago", "days", "weeks", "months", "years", "day", "week", "tomorrow", "yesterday",
        "today", "tonight", "noon", "midnight", "century", "decade", "a", ",", ".", "-",
        "/", "st", "th", "AD", "BC", "UTC", "+14:00", "T"]),
    st.integers(0, 40).map(str),
    st.integers(1, 12).map("{:02d}".format),
    st.integers(1790, 2110).map(str),
    st.integers(0, 10**6).map(str),
)
PHRASES = st.lists(PIECES, min_size=1, max_size=6).map(" ".join)


def sane(result: date | None, anchor: date | None) -> None:
    assert result is None or type(result) is date, result
    if result is not None:
        assert EARLIEST <= result <= LATEST, result


@given(text=st.one_of(st.text(ANY_CHAR, max_size=80), PHRASES), anchor=ANCHORS,
       prefer=PREFER)
@example(text="Friday", anchor=date(1, 1, 1), prefer="past")  # these four: OverflowError
@example(text="next Monday", anchor=date(9999, 12, 31), prefer="future")
@example(text="last Sunday", anchor=date(1, 1, 1), prefer="future")
@example(text="tomorrow", anchor=date(9999, 12, 31), prefer="future")
@example(text="2000 years ago", anchor=date(2024, 6, 12), prefer="past")  # once year 24
@example(text="on 31 December 9999", anchor=date(2024, 6, 12), prefer="past")
def test_dates_resolve_never_raises_and_is_deterministic(text: str, anchor: date | None,
                                                         prefer: str) -> None:
    first = resolve(text, anchor, prefer)
    sane(first, anchor)
    assert resolve(text, anchor, prefer) == first


def _shows(text: str, found: date) -> bool:
    """Whether ``text`` writes out the year, the month and the day of ``found``."""
    words = re.findall(r"[a-z]+(?:-[a-z]+)?|\d+", text.lower())
    numbers = {int(w) for w in words if w.isdigit() and len(w) <= 4}
    if "a" in words:
        numbers.add(1)  # dateparser reads "a" as one, as in "a week ago"
    month = MONTHS[found.month - 1].lower()
    return (found.year in numbers
            and (found.month in numbers or month in words or month[:3] in words)
            and (found.day in numbers or ORDINALS[found.day - 1] in words))


@given(text=PHRASES, prefer=PREFER)
@example(text="tomorrow 2024", prefer="future")  # once the day after the clock
@example(text="2024 June", prefer="past")
@example(text="1999 days ago", prefer="past")
@example(text="13 June 2024", prefer="past")
@example(text="3 days ago 2020", prefer="past")  # once three days before the clock
def test_dates_without_an_anchor_only_the_day_the_text_shows(text: str, prefer: str) -> None:
    found = resolve(text, None, prefer)
    sane(found, None)
    event("resolved" if found else "unresolved")
    if found is not None:
        assert _shows(text, found), (text, found)


def test_dates_without_an_anchor_a_full_date_still_resolves() -> None:
    """The property above holds because full dates still resolve, not because none do."""
    assert resolve("13 June 2024", None, "past") == date(2024, 6, 13)
    assert resolve("on June 13, 2024", None) == date(2024, 6, 13)
    assert resolve("2024-06-13", None) == date(2024, 6, 13)
    assert resolve("tomorrow 2024", None) is None
    assert resolve("in 2024", None) is None


RELATIVE = st.tuples(st.integers(0, 60), st.sampled_from(["days", "weeks"]),
                     st.sampled_from(["in {n} {unit}", "{n} {unit} ago", "{n} {unit} later"]))


@given(relative=RELATIVE, anchor=st.dates(EARLIEST, LATEST), prefer=PREFER)
def test_dates_relative_phrases_stay_near_their_anchor(relative: tuple[int, str, str],
                                                       anchor: date, prefer: str) -> None:
    n, unit, form = relative
    found = resolve(form.format(n=n, unit=unit), anchor, prefer)
    sane(found, anchor)
    if found is not None:
        assert abs(found - anchor) <= timedelta(weeks=n) if unit == "weeks" else \
            abs(found - anchor) <= timedelta(days=n)


@given(weekday=st.sampled_from(WEEKDAYS),
       rel=st.sampled_from(["", "on ", "by ", "last ", "next ", "this ", "coming ", "past "]),
       anchor=st.dates(EARLIEST, LATEST), prefer=PREFER)
def test_dates_weekdays_fall_within_a_week_of_the_anchor(weekday: str, rel: str, anchor: date,
                                                         prefer: str) -> None:
    found = resolve(rel + weekday, anchor, prefer)
    if found is None:  # only at the edges of the sane range
        assert min(anchor - EARLIEST, LATEST - anchor) < timedelta(days=7)
        return
    assert found.strftime("%A") == weekday
    assert abs(found - anchor) <= timedelta(days=7)


FULL_DATES = st.tuples(
    st.dates(date(1900, 1, 1), date(2099, 12, 31)),
    st.sampled_from(["{d:%B} {d.day}, {d.year}", "{d.day} {d:%B} {d.year}", "{d:%Y-%m-%d}",
                     "{d:%d.%m.%Y}", "{d:%b}. {d.day} {d.year}"]))


@given(text=st.text(ANY_CHAR, max_size=200))
@example(text="2024-02-30 and 31.04.2024 and 2024-99-99")
def test_dates_document_date_of_any_text(text: str) -> None:
    found = document_date(text)
    assert found is None or (type(found) is date and 1900 <= found.year <= 2099)
    assert document_date(text) == found


@given(dates=st.lists(FULL_DATES, min_size=1, max_size=4),
       filler=st.text(st.characters(categories=["Ll", "Zs"]), max_size=30))
def test_dates_document_date_is_the_latest_date_shown(dates: list[tuple[date, str]],
                                                      filler: str) -> None:
    text = f" {filler} ; ".join(form.format(d=d) for d, form in dates)
    assert document_date(text) == max(d for d, _ in dates)
