from __future__ import annotations

import io
import random
from collections.abc import Callable
from datetime import date

import pypdf
import pytest

from pactwatch.errors import (
    BinaryDocument,
    CorruptPdf,
    EmptyDocument,
    InvalidEncoding,
    NoTextFound,
    PactwatchError,
    UnsupportedFormat,
)
from pactwatch.ingest.readers import (
    ReadResult,
    read_with,
    reader_for,
    register_reader,
    registered_extensions,
)
from pactwatch.records import DocumentMeta


def read(path: str, data: bytes) -> ReadResult:
    name, _ = reader_for(path)
    return read_with(name, data, path)


def test_readers_builtin_extensions_are_registered() -> None:
    assert {".txt", ".md", ".markdown", ".html", ".htm", ".pdf"} <= registered_extensions()
    assert reader_for("notes/STORY.TXT")[0] == "txt"
    assert reader_for("readme.markdown")[0] == "md"
    assert reader_for("page.htm")[0] == "html"
    assert reader_for("html")[0] == "html"


def test_readers_txt_is_read_as_written() -> None:
    text = "The harbour board met on Monday.\nIt approved two new cranes.\n"
    result = read("story.txt", text.encode())
    assert result.text == text
    assert result.meta == DocumentMeta()


def test_readers_md_keeps_markup() -> None:
    text = "# Harbour news\n\nThe board *approved* two cranes.\n"
    assert read("story.md", text.encode()).text == text


def test_readers_txt_strips_bom_and_normalises_line_endings() -> None:
    data = b"\xef\xbb\xbfFirst line\r\nSecond line\rThird line\n"
    assert read("story.txt", data).text == "First line\nSecond line\nThird line\n"


def test_readers_empty_file_is_pw002() -> None:
    with pytest.raises(EmptyDocument) as info:
        read("story.txt", b"")
    assert str(info.value) == "[PW002] story.txt: empty file"


def test_readers_whitespace_only_file_is_pw002() -> None:
    with pytest.raises(EmptyDocument) as info:
        read("story.md", b"  \n\t\r\n  ")
    assert info.value.code == "PW002"
    assert "empty document" in str(info.value)


def test_readers_nul_bytes_are_binary() -> None:
    with pytest.raises(BinaryDocument) as info:
        read("story.txt", b"looks like text\x00\x01\x02 but is not")
    assert str(info.value).startswith("[PW003] story.txt: binary file")


def test_readers_mostly_control_bytes_are_binary() -> None:
    with pytest.raises(BinaryDocument):
        read("story.txt", bytes(range(1, 9)) * 50 + b"a few letters")


def test_readers_invalid_utf8_names_the_byte_offset() -> None:
    data = "Café prices rose ".encode() + b"\xff" + b" percent"  # é is two bytes
    with pytest.raises(InvalidEncoding) as info:
        read("story.txt", data)
    message = str(info.value)
    assert message.startswith("[PW004] story.txt:")
    assert "invalid UTF-8 at byte 18" in message


def test_readers_invalid_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(InvalidEncoding, match="at byte 5"):
        read("story.txt", b"\xef\xbb\xbfab\xc3(")


def test_readers_html_returns_article_text_and_metadata(council_page: str) -> None:
    result = read("council.html", council_page.encode())
    assert "voted five to two on Tuesday evening" in result.text
    assert "Councillor Ada Pennywhistle" in result.text
    assert "Letters to the editor" not in result.text
    assert result.meta.title == "Millbrook council passes budget"
    assert result.meta.outlet == "The Millbrook Ledger"
    assert result.meta.url == "https://ledger.example/millbrook-budget"
    assert result.meta.published == date(2024, 3, 5)


def test_readers_html_without_text_is_pw007(empty_page: str) -> None:
    with pytest.raises(NoTextFound) as info:
        read("empty.html", empty_page.encode())
    assert str(info.value) == "[PW007] empty.html: HTML page has no extractable text"


def test_readers_html_binary_check_applies() -> None:
    with pytest.raises(BinaryDocument):
        read("page.html", b"<html>\x00\x00</html>")


def test_readers_pdf_text_is_extracted(make_pdf: Callable[[str], bytes]) -> None:
    data = make_pdf("Hello pact")
    assert pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text() == "Hello pact"
    result = read("pact.pdf", data)
    assert result.text == "Hello pact"


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4 garbage", random.Random(7).randbytes(512), b"PK\x03\x04 a zip, not a PDF"]
)
def test_readers_corrupt_pdf_is_pw006(data: bytes) -> None:
    with pytest.raises(CorruptPdf) as info:
        read("broken.pdf", data)
    assert str(info.value).startswith("[PW006] broken.pdf: corrupt PDF: ")


def test_readers_pdf_without_text_is_pw007(make_pdf: Callable[[str], bytes]) -> None:
    with pytest.raises(NoTextFound) as info:
        read("blank.pdf", make_pdf(""))
    assert info.value.code == "PW007"


def test_readers_unknown_extension_is_pw005() -> None:
    with pytest.raises(UnsupportedFormat) as info:
        reader_for("minutes.docx")
    assert str(info.value).startswith("[PW005] minutes.docx: unsupported format")
    with pytest.raises(UnsupportedFormat, match="without an extension"):
        reader_for("README")


def test_readers_register_like_a_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    from pactwatch.ingest import readers

    monkeypatch.setattr(readers, "_READERS", dict(readers._READERS))
    monkeypatch.setattr(readers, "_BY_EXTENSION", dict(readers._BY_EXTENSION))

    def read_shout(data: bytes, source: str) -> ReadResult:
        return ReadResult(data.decode().upper(), DocumentMeta(lang="en"))

    register_reader("shout", ["SHOUT"], read_shout)
    name, func = reader_for("note.shout")
    assert name == "shout"
    assert read_with(name, b"quiet words", "note.shout").text == "QUIET WORDS"
    assert func is read_shout


def test_readers_errors_share_the_root() -> None:
    with pytest.raises(PactwatchError):
        read("story.txt", b"")
