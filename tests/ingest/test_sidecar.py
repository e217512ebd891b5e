from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pactwatch.errors import BadMetadata, BadSidecar
from pactwatch.ingest.sidecar import (
    is_sidecar,
    load_sidecar,
    parse_published,
    sidecar_path,
)
from pactwatch.records import DocumentMeta

Write = Callable[[str, "str | bytes"], Path]


def test_sidecar_path_replaces_the_final_suffix() -> None:
    assert sidecar_path("news/story.txt") == Path("news/story.meta.json")
    assert sidecar_path("news/story.html") == Path("news/story.meta.json")
    assert sidecar_path("archive.2024.pdf") == Path("archive.2024.meta.json")


def test_sidecar_is_recognised_by_name() -> None:
    assert is_sidecar("news/story.meta.json")
    assert is_sidecar("STORY.META.JSON")
    assert not is_sidecar("story.json")
    assert not is_sidecar("story.txt")


def test_sidecar_missing_gives_empty_metadata(tmp_path: Path) -> None:
    assert load_sidecar(tmp_path / "story.txt") == DocumentMeta()


def test_sidecar_keys_are_loaded_and_unknown_keys_ignored(write: Write) -> None:
    story = write("story.txt", "The harbour board met.")
    write(
        "story.meta.json",
        json.dumps(
            {
                "outlet": "Harbour Herald",
                "title": " Board meets ",
                "url": "https://herald.example/board",
                "published": "2024-06-01",
                "lang": "en",
                "photographer": "nobody in particular",
            }
        ),
    )
    assert load_sidecar(story) == DocumentMeta(
        outlet="Harbour Herald",
        title="Board meets",
        url="https://herald.example/board",
        published=date(2024, 6, 1),
        lang="en",
    )


def test_sidecar_invalid_json_is_pw008(write: Write) -> None:
    story = write("story.txt", "text")
    bad = write("story.meta.json", '{"outlet": "Herald",}')
    with pytest.raises(BadSidecar) as info:
        load_sidecar(story)
    assert str(info.value).startswith(f"[PW008] {bad}: invalid JSON")


def test_sidecar_not_an_object_is_pw008(write: Write) -> None:
    story = write("story.txt", "text")
    write("story.meta.json", '["Herald"]')
    with pytest.raises(BadSidecar, match="expected a JSON object"):
        load_sidecar(story)


def test_sidecar_bad_date_is_pw009(write: Write) -> None:
    story = write("story.txt", "text")
    meta = write("story.meta.json", '{"published": "June 1st"}')
    with pytest.raises(BadMetadata) as info:
        load_sidecar(story)
    assert str(info.value) == (
        f"[PW009] {meta}: published: expected YYYY-MM-DD, got 'June 1st'"
    )


def test_sidecar_non_string_field_is_pw009(write: Write) -> None:
    story = write("story.txt", "text")
    write("story.meta.json", '{"outlet": 42}')
    with pytest.raises(BadMetadata, match="outlet: expected a string"):
        load_sidecar(story)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-06-01", date(2024, 6, 1)),
        (" 2024-06-01 ", date(2024, 6, 1)),
        ("2024-06-01T23:30:00", date(2024, 6, 1)),
        ("2024-06-01T23:30:00+02:00", date(2024, 6, 1)),
        ("2024-06-01 08:00Z", date(2024, 6, 1)),
    ],
)
def test_sidecar_parse_published_accepts_dates_and_datetimes(
    value: str, expected: date
) -> None:
    assert parse_published(value, "--published") == expected


@pytest.mark.parametrize("value", ["2024-02-30", "01/06/2024", "20240601", "2024-06", ""])
def test_sidecar_parse_published_rejects_other_forms(value: str) -> None:
    with pytest.raises(BadMetadata) as info:
        parse_published(value, "--published")
    assert info.value.code == "PW009"
    assert info.value.subject == "--published"
    assert f"got {value!r}" in info.value.reason
