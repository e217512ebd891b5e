"""Strategies shared by the property tests: hostile text and JSON, and sentences in our
own words that make the extractor find claims, so that a generated document sometimes
gets all the way to the store."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import currently_in_test_context, event
from hypothesis import strategies as st

from pactwatch.errors import PactwatchError
from pactwatch.records import DocumentMeta

# Every code point, lone surrogates and NUL included (st.text() leaves surrogates out).
ANY_CHAR = st.characters(codec=None, categories=None)
HOSTILE_CHARS = st.sampled_from(["\x00", "\ud800", "\udfff", "\ufeff", "\u2028", "\r",
                                 "\x1b", "\u202e", "\U0010ffff", "\ufffd", "\x7f", "\t"])
HOSTILE_TEXT = st.text(st.one_of(ANY_CHAR, HOSTILE_CHARS), max_size=60)

# Sentences written for these tests; the extractor finds claims in them.
AGREEMENT_SENTENCES = [
    "Norway and Ukraine signed a ten-year security agreement in Oslo on Monday.",
    "The agreement covers the training of Ukrainian pilots and intelligence sharing.",
    "The accord does not include a mutual defence clause.",
    "Spain and Ukraine will sign a bilateral security agreement on Thursday.",
    "Officials said the pact was signed today and runs for 10 years.",
    "Under the deal, Denmark will help Ukraine produce drones and artillery shells.",
    "The agreement was signed on 31 December 9999 in Kyiv.",
    "Poland and Ukraine signed a security agreement on 8 July 2024.",
]
AGREEMENT_TEXT = st.lists(st.sampled_from(AGREEMENT_SENTENCES), min_size=1, max_size=4).map(
    " ".join)

DATE_STRINGS = st.one_of(
    st.dates().map(str),
    st.sampled_from(["0001-01-01", "9999-12-31", "2024-02-30", "2024-13-01", "2024-6-1",
                     "2024-06-13T25:00", "2024-06-13T12:00:00+14:00", "2024-06-13 10:00",
                     "2024-06-13x", "13/06/2024", "tomorrow", "", " ", "2024",
                     "\uff12\uff10\uff12\uff14-06-13", "2024-06-13\x00", "١٩٩٩-٠١-٠١"]),
    HOSTILE_TEXT,
)


def json_values(text: st.SearchStrategy[str] = HOSTILE_TEXT) -> st.SearchStrategy[Any]:
    """Any JSON value, nested, with hostile strings and extreme numbers."""
    scalars = st.one_of(
        st.none(), st.booleans(), text,
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False, allow_infinity=False),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(st.lists(inner, max_size=4),
                                st.dictionaries(text, inner, max_size=4)),
        max_leaves=12,
    )


def to_json_bytes(value: Any, ascii_only: bool) -> bytes:
    """JSON as a client may send it: escaped (``\\ud800``) or raw, where a lone surrogate
    becomes bytes that are not UTF-8."""
    return json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


def note(outcome: str) -> None:
    """Tally an outcome; ``--hypothesis-show-statistics`` shows the mix per test."""
    if currently_in_test_context():
        event(outcome)


def assert_coded(exc: PactwatchError) -> None:
    """A coded error is one line that starts with its code, never the root's PW000."""
    assert exc.code != "PW000" and re.fullmatch(r"PW\d{3}", exc.code), exc
    message = str(exc)
    assert message.startswith(f"[{exc.code}] "), message
    assert "\n" not in message and "\r" not in message, message


def storable(text: str) -> bool:
    """Text every supported database can hold: valid Unicode (no lone surrogates), no
    NUL character (PostgreSQL's text type refuses it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def assert_valid_meta(meta: DocumentMeta) -> None:
    """Each text field unknown or a stripped, non-empty, storable string."""
    for name in ("outlet", "title", "url", "lang"):
        value = getattr(meta, name)
        if value is not None:
            assert isinstance(value, str) and value and value == value.strip(), (name, value)
            assert storable(value), (name, value)
