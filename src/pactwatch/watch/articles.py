"""A fetched article into a RawDocument, through the same readers `pactwatch ingest` uses.

The content type picks the reader: the standard library's table of media types gives
its file extensions, and the reader registry the reader for them, so a format that gains
a reader is fetched without a change here. A missing or generic type is sniffed like
standard input is; a known type no reader takes (an image, JSON) is refused.
"""

from __future__ import annotations

import codecs
import mimetypes
from email.message import Message
from functools import cache
from urllib.parse import urlsplit

from pactwatch import vocab
from pactwatch.errors import FetchFailed
from pactwatch.ingest.discover import looks_like_html
from pactwatch.ingest.readers import read_with, reader_for, registered_extensions
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.watch.listings import Entry

# What servers send when they do not know the type: the body is sniffed instead.
_GENERIC_TYPES = {"application/octet-stream", "binary/octet-stream", "application/unknown"}
# The built-in table only (not /etc/mime.types), so the choice is the same on every host.
_TYPES = mimetypes.MimeTypes()


def article_document(url: str, body: bytes, content_type: str | None,
                     entry: Entry | None = None, feed_title: str | None = None) -> RawDocument:
    """The text and metadata of the article fetched from ``url`` (the final URL, after
    redirects). Metadata found in the page wins over the feed entry's; reader errors
    (PW002 empty, PW006 corrupt PDF, PW007 no text...) propagate as they are."""
    name = reader_name(url, body, content_type)
    data = body if name == "pdf" else _as_utf8(body, content_type)
    found = read_with(name, data, url)
    meta = DocumentMeta(
        outlet=_outlet(url, found.meta.outlet, feed_title),
        title=found.meta.title or (entry.title if entry else None),
        url=url,
        published=found.meta.published or (entry.published if entry else None),
        lang=found.meta.lang,
    )
    return RawDocument(source=url, text=found.text, meta=meta, fmt=name)


def reader_name(url: str, body: bytes, content_type: str | None) -> str:
    """The reader for a fetched body; FetchFailed for a type that is not an article."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media and media not in _GENERIC_TYPES:
        extensions = _TYPES.guess_all_extensions(media, strict=False)
        for ext in extensions:
            if ext in registered_extensions():
                return reader_for(f"article{ext}")[0]
        if extensions:
            raise FetchFailed(url, f"not an article ({media})")
    if body.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return "html" if looks_like_html(body) else "txt"


def _as_utf8(body: bytes, content_type: str | None) -> bytes:
    """The body re-encoded as UTF-8 when the response declares another charset (the
    readers read UTF-8); undeclared or unknown charsets leave it as it is."""
    if not content_type:
        return body
    message = Message()
    message["content-type"] = content_type
    charset = message.get_content_charset()
    try:
        codec = codecs.lookup(charset).name if charset else "utf-8"
    except LookupError:
        return body
    return body if codec == "utf-8" else body.decode(codec, errors="replace").encode("utf-8")


def _outlet(url: str, page_outlet: str | None, feed_title: str | None) -> str | None:
    """The page's site name, else the feed's title, else the host without "www.". A
    name the outlet list knows ("Kyiv Independent") is given its canonical form ("The
    Kyiv Independent"), the one relays in other documents are matched against. The
    page's outlet is passed over when it is only a host name (trafilatura falls back to
    one), so the feed's title gets its turn."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    for name in (page_outlet, feed_title):
        if name and name.strip() and not _is_host_name(name):
            return _canonical_outlets().get(name.strip().casefold(), name.strip())
    return host or None


def _is_host_name(name: str) -> bool:
    text = name.strip().lower()
    return " " not in text and "." in text and all(
        part.replace("-", "").isalnum() for part in text.split("."))


@cache
def _canonical_outlets() -> dict[str, str]:
    names: dict[str, str] = {}
    for canonical, aliases in vocab.outlets().items():
        for alias in [canonical, *aliases]:
            names.setdefault(alias.casefold(), canonical)
    return names
