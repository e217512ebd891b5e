from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from pactwatch.errors import (
    BadSidecar,
    EmptyDocument,
    MissingPath,
    UnsupportedFormat,
)
from pactwatch.ingest.discover import Input, discover, looks_like_html
from pactwatch.records import DocumentMeta

Write = Callable[[str, "str | bytes"], Path]


def sources(paths: list[str]) -> list[str]:
    return [item.source for item in discover(paths)]


def test_discover_file_is_read_into_a_raw_document(write: Write) -> None:
    story = write("story.txt", "The ferry timetable changes in May.\r\n")
    [item] = discover([str(story)])
    doc = item.read()
    assert doc.source == str(story)
    assert doc.text == "The ferry timetable changes in May.\n"
    assert doc.fmt == "txt"
    assert doc.meta == DocumentMeta()


def test_discover_folder_is_recursive_sorted_and_skips_sidecars_and_hidden(
    tmp_path: Path, write: Write
) -> None:
    for name in [
        "b.txt",
        "a.md",
        "a.meta.json",
        "notes.docx",
        ".draft.txt",
        "sub/c.html",
        "sub/a.PDF",
        ".git/d.txt",
        "a0/z.txt",
    ]:
        write(name, "words")
    folder = str(tmp_path)
    found = [os.path.relpath(s, folder) for s in sources([folder])]
    assert found == ["a.md", "a0/z.txt", "b.txt", "sub/a.PDF", "sub/c.html"]


def test_discover_keeps_the_folder_as_typed(tmp_path: Path, write: Write) -> None:
    write("news/one.txt", "words")
    assert sources([str(tmp_path / "news") + "/"]) == [str(tmp_path / "news" / "one.txt")]


def test_discover_explicit_files_keep_any_extension(write: Write) -> None:
    minutes = write("minutes.docx", b"PK\x03\x04")
    [item] = discover([str(minutes)])
    with pytest.raises(UnsupportedFormat) as info:
        item.read()
    assert info.value.code == "PW005"
    assert str(minutes) in str(info.value)


def test_discover_explicit_sidecar_is_not_a_document(write: Write) -> None:
    sidecar = write("story.meta.json", "{}")
    assert sources([str(sidecar)]) == []


def test_discover_missing_path_fails_on_read(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    [item] = discover([missing])
    with pytest.raises(MissingPath) as info:
        item.read()
    assert str(info.value) == f"[PW001] {missing}: no such file or directory"


def test_discover_keeps_argument_order(tmp_path: Path, write: Write) -> None:
    b = write("b.txt", "bee")
    a = write("a.txt", "ay")
    assert sources([str(b), "-", str(a)]) == [str(b), "-", str(a)]


def test_discover_metadata_precedence_override_sidecar_document(
    write: Write, council_page: str
) -> None:
    page = write("council.html", council_page)
    write("council.meta.json", json.dumps({"outlet": "Valley Wire", "published": "2024-03-07"}))
    [item] = discover([str(page)])

    plain = item.read()
    assert plain.fmt == "html"
    assert plain.meta.title == "Millbrook council passes budget"  # from the page
    assert plain.meta.url == "https://ledger.example/millbrook-budget"  # from the page
    assert plain.meta.outlet == "Valley Wire"  # sidecar beats the page
    assert plain.meta.published == date(2024, 3, 7)

    flagged = item.read(DocumentMeta(outlet="Flag Outlet", title="Flag title"))
    assert flagged.meta.outlet == "Flag Outlet"
    assert flagged.meta.title == "Flag title"
    assert flagged.meta.published == date(2024, 3, 7)  # not overridden: sidecar stays


def test_discover_bad_sidecar_fails_the_document(write: Write) -> None:
    story = write("story.txt", "words")
    write("story.meta.json", "not json")
    [item] = discover([str(story)])
    with pytest.raises(BadSidecar):
        item.read()


def test_discover_empty_file_fails_on_read(write: Write) -> None:
    [item] = discover([str(write("empty.txt", b""))])
    with pytest.raises(EmptyDocument, match="empty file"):
        item.read()


def feed_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_discover_stdin_is_read_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    feed_stdin(monkeypatch, b"Piped in: the market reopens on Saturday.\r\n")
    [item] = discover(["-"])
    doc = item.read(DocumentMeta(outlet="Pipe Post"))
    assert item == Input("-", None)
    assert doc.source == "-"
    assert doc.fmt == "txt"
    assert doc.text == "Piped in: the market reopens on Saturday.\n"
    assert doc.meta.outlet == "Pipe Post"


def test_discover_stdin_html_is_detected(
    monkeypatch: pytest.MonkeyPatch, council_page: str
) -> None:
    feed_stdin(monkeypatch, council_page.encode())
    doc = next(discover(["-"])).read()
    assert doc.fmt == "html"
    assert "Councillor Ada Pennywhistle" in doc.text


def test_discover_looks_like_html() -> None:
    assert looks_like_html(b"  <!doctype html><p>hi</p>")
    assert looks_like_html(b"<p>A paragraph</p>")
    assert not looks_like_html(b"<3 this is a text message")
    assert not looks_like_html(b"plain words <html> later")


def test_discover_lists_a_folder_only_when_it_reaches_it(tmp_path: Path) -> None:
    """Discovery streams: a huge corpus is never listed (or held) all at once."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text("A ferry story.\n")
    found = discover([str(tmp_path)])
    first = next(found)
    assert first.source == str(tmp_path / "a" / "story.txt")
    (tmp_path / "b" / "late.txt").write_text("Added while the first was read.\n")
    assert [item.source for item in found] == [str(tmp_path / "b" / "late.txt"),
                                                str(tmp_path / "b" / "story.txt")]
