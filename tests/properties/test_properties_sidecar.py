"""The sidecar loader on hostile ``.meta.json`` files: any JSON value, any text, any bytes,
and sidecars with the right keys and wrong values give valid metadata (what the sidecar
says, stripped) or one coded error (PW008 for the file, PW009 for a field)."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from property_inputs import (
    ANY_CHAR,
    DATE_STRINGS,
    HOSTILE_TEXT,
    assert_coded,
    assert_valid_meta,
    json_values,
    to_json_bytes,
)

from pactwatch.errors import BadMetadata, BadSidecar, PactwatchError
from pactwatch.ingest.sidecar import load_sidecar, parse_published
from pactwatch.records import DocumentMeta

TEXT_KEYS = ("outlet", "title", "url", "lang")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sidecars")


def load(folder: Path, content: bytes) -> DocumentMeta | None:
    """Load ``content`` as the sidecar of a story of its own; None for a coded error."""
    story = Path(tempfile.mkdtemp(dir=folder)) / "story.txt"
    story.with_name("story.meta.json").write_bytes(content)
    try:
        meta = load_sidecar(story)
    except PactwatchError as exc:
        assert_coded(exc)
        assert isinstance(exc, BadSidecar | BadMetadata), exc
        return None
    assert isinstance(meta, DocumentMeta)
    assert_valid_meta(meta)
    assert meta.published is None or type(meta.published) is date
    return meta


@given(value=json_values(), ascii_only=st.booleans())
@example(value={"title": "\ud800"}, ascii_only=True)
@example(value={"lang": "\x00"}, ascii_only=True)
@example(value={"published": 1e308}, ascii_only=True)
def test_sidecar_any_json_value_loads_or_fails_coded(folder: Path, value: Any,
                                                     ascii_only: bool) -> None:
    meta = load(folder, to_json_bytes(value, ascii_only))
    if meta is not None:
        assert isinstance(value, dict)  # only an object is a sidecar


@given(text=st.text(ANY_CHAR, max_size=300), bom=st.booleans())
@example(text="{", bom=False)
@example(text="{}", bom=True)
@example(text='{"title": "x"} trailing', bom=False)
def test_sidecar_any_text_loads_or_fails_coded(folder: Path, text: str, bom: bool) -> None:
    load(folder, (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))


@given(data=st.binary(max_size=300))
def test_sidecar_any_bytes_load_or_fail_coded(folder: Path, data: bytes) -> None:
    load(folder, data)


WRONG_VALUES = st.one_of(json_values(), HOSTILE_TEXT, DATE_STRINGS,
                         st.sampled_from(["not a url", "http://", "javascript:alert(1)",
                                          "https://[::1", "  ", "\t\n", "x" * 5000]))


@given(sidecar=st.fixed_dictionaries(
    {},
    optional={"outlet": WRONG_VALUES, "title": WRONG_VALUES, "url": WRONG_VALUES,
              "lang": WRONG_VALUES, "published": st.one_of(DATE_STRINGS, json_values()),
              "photographer": json_values()}))
@example(sidecar={"published": "2024-06-13T12:00:00+14:00", "url": "not a url"})
@example(sidecar={"published": "2024-02-30"})
@example(sidecar={"title": {"text": "nested"}})
@example(sidecar={"outlet": ["Harbour", "Herald"]})
def test_sidecar_near_valid_loads_what_it_says_or_fails_coded(folder: Path,
                                                              sidecar: dict[str, Any]) -> None:
    meta = load(folder, to_json_bytes(sidecar, ascii_only=True))
    if meta is None:
        return
    for key in TEXT_KEYS:  # loaded as written, stripped; absent or blank is unknown
        given_value = sidecar.get(key)
        assert getattr(meta, key) == (given_value.strip() or None if given_value else None)
    published = sidecar.get("published")
    if published:
        assert meta.published == parse_published(published, "published")
    else:
        assert meta.published is None


@given(value=DATE_STRINGS)
@example(value="2024-06-13T25:00")
@example(value="\uff12\uff10\uff12\uff14-06-13")
def test_sidecar_published_is_a_date_or_pw009(value: str) -> None:
    try:
        when = parse_published(value, "published")
    except BadMetadata as exc:
        assert_coded(exc)
        return
    assert type(when) is date
    assert when.isoformat() == value.strip()[:10] or not value.strip()[:4].isascii()


def test_sidecar_round_trip_of_a_plain_sidecar(folder: Path) -> None:
    """The properties above hold for the ordinary case too: a sidecar loads as written."""
    meta = load(folder, json.dumps({"outlet": " Harbour Herald ", "published": "2024-06-12",
                                    "url": "https://herald.example/a"}).encode())
    assert meta == DocumentMeta(outlet="Harbour Herald", url="https://herald.example/a",
                                published=date(2024, 6, 12))
