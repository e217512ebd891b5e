"""The reader registry: one reader per document format, looked up by file extension.

Built-in readers register exactly the way a plugin would (``register_reader``), so a new
format is one function plus one registration. A reader turns bytes into text and the
metadata found inside the document; the text it returns is what claim offsets point into.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any, Protocol

from pactwatch import settings
from pactwatch.errors import (
    BinaryDocument,
    CorruptPdf,
    DocumentTooLong,
    EmptyDocument,
    InvalidEncoding,
    NoTextFound,
    UnsupportedFormat,
)
from pactwatch.records import DocumentMeta

# pypdf and trafilatura log their own warnings about broken input; the reader reports
# the failure itself as one coded line, so their loggers must not reach stderr.
for _name in ("pypdf", "trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False

_BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192
_CONTROL_SHARE = 0.3  # more control characters than this in the sniffed head = binary
# Control bytes that never occur in text; tab, newlines, form feed, ESC (ANSI) are allowed.
_CONTROL = (frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}) - {0x1B}


@dataclass(frozen=True)
class ReadResult:
    """What a reader found: the document text and the metadata stated inside it."""

    text: str
    meta: DocumentMeta = field(default_factory=DocumentMeta)


class Reader(Protocol):
    def __call__(self, data: bytes, source: str) -> ReadResult: ...


_READERS: dict[str, Reader] = {}
_BY_EXTENSION: dict[str, str] = {}


def _norm_ext(ext: str) -> str:
    ext = ext.lower()
    return ext if ext.startswith(".") else "." + ext


def register_reader(name: str, extensions: Iterable[str], func: Reader) -> None:
    """Register ``func`` as reader ``name`` for ``extensions``; a later call replaces."""
    _READERS[name] = func
    for ext in extensions:
        _BY_EXTENSION[_norm_ext(ext)] = name


def registered_extensions() -> frozenset[str]:
    """Lower-case extensions with a reader, with their dot (".txt")."""
    return frozenset(_BY_EXTENSION)


def reader_for(path_or_name: str) -> tuple[str, Reader]:
    """The reader for a file (by its extension) or a reader name ("html")."""
    if path_or_name in _READERS:
        return path_or_name, _READERS[path_or_name]
    ext = PurePath(path_or_name).suffix.lower()
    name = _BY_EXTENSION.get(ext)
    if name is None:
        known = " ".join(sorted(_BY_EXTENSION))
        shown = f"'{ext}' files" if ext else "files without an extension"
        raise UnsupportedFormat(path_or_name, f"unsupported format: {shown} (known: {known})")
    return name, _READERS[name]


def read_with(name: str, data: bytes, source: str) -> ReadResult:
    """Run reader ``name`` with the checks every format shares (empty input or text, a
    text longer than ``PACTWATCH_MAX_CHARS``)."""
    if not data:
        raise EmptyDocument(source, "empty file")
    result = _READERS[name](data, source)
    if not result.text.strip():
        raise EmptyDocument(source, "empty document")
    check_length(result.text, source)
    return result


def check_length(text: str, source: str) -> None:
    """Raise DocumentTooLong for a text over ``PACTWATCH_MAX_CHARS`` characters."""
    limit = settings.MAX_CHARS.whole_number()
    if len(text) > limit:
        raise DocumentTooLong(source, f"document too long: {len(text):,} characters, more "
                                      f"than {settings.MAX_CHARS.env} ({limit:,})")


def check_not_binary(data: bytes, source: str) -> None:
    """Raise BinaryDocument for data that is not text (NUL bytes, many control bytes)."""
    if b"\x00" in data:
        raise BinaryDocument(source, "binary file (contains NUL bytes)")
    head = data[:_SNIFF_BYTES]
    controls = sum(1 for byte in head if byte in _CONTROL)
    if head and controls / len(head) > _CONTROL_SHARE:
        raise BinaryDocument(source, "binary file (mostly control characters)")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, source: str) -> str:
    """Strict UTF-8 (a leading BOM dropped), newlines normalised to \\n."""
    check_not_binary(data, source)
    skip = len(_BOM) if data.startswith(_BOM) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEncoding(source, f"invalid UTF-8 at byte {exc.start + skip}") from None
    return _normalise_newlines(text)


def read_plain(data: bytes, source: str) -> ReadResult:
    """Plain text and Markdown: the text as written (markup is kept)."""
    return ReadResult(decode_text(data, source))


def _iso_date(value: Any) -> date | None:
    """A date stated inside a document; unparseable ones are dropped, not fatal."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def read_html(data: bytes, source: str) -> ReadResult:
    """Main text and metadata of a web page, by trafilatura."""
    import trafilatura  # imported here: it is slow to load and only HTML needs it

    check_not_binary(data, source)
    html = data.removeprefix(_BOM).decode("utf-8", errors="replace")
    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    # trafilatura 2.x returns a Document, 1.x a dict; None when nothing is found.
    info: dict[str, Any] = {}
    if isinstance(found, dict):
        info = found
    elif found is not None:
        info = found.as_dict()
    text = _normalise_newlines(info.get("text") or "")
    if not text.strip():
        raise NoTextFound(source, "HTML page has no extractable text")
    meta = DocumentMeta(
        outlet=_clean(info.get("sitename") or info.get("hostname")),
        title=_clean(info.get("title")),
        url=_clean(info.get("url")),
        published=_iso_date(info.get("date")),
        lang=_clean(info.get("language")),
    )
    return ReadResult(text, meta)


def _short(exc: Exception) -> str:
    line = (str(exc).strip().splitlines() or [""])[0]
    return (line[:80] or type(exc).__name__).rstrip(".")


def read_pdf(data: bytes, source: str) -> ReadResult:
    """Text of every page of a PDF, pages separated by a blank line."""
    from pypdf import PdfReader

    if not data.lstrip().startswith(b"%PDF-"):
        raise CorruptPdf(source, "corrupt PDF: no %PDF header")
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ...)
        raise CorruptPdf(source, f"corrupt PDF: {_short(exc)}") from None
    text = _normalise_newlines("\n\n".join(pages))
    if not text.strip():
        raise NoTextFound(source, "PDF has no extractable text (scanned images?)")
    return ReadResult(text, DocumentMeta(title=_clean(title)))


register_reader("txt", [".txt"], read_plain)
register_reader("md", [".md", ".markdown"], read_plain)
register_reader("html", [".html", ".htm"], read_html)
register_reader("pdf", [".pdf"], read_pdf)
