"""Feeds (RSS, Atom) and sitemaps (urlset, sitemapindex, Google News) into entries.

Bytes in, a Listing out, no network: feedparser reads feeds from a stream (given bytes
that name a local file, ``feedparser.parse`` would open that file), and sitemaps are
read by lxml with entity expansion, DTD loading and network access off. A listing that
yields nothing is one coded line (``FeedFailed``) saying why.
"""

from __future__ import annotations

import io
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree
from lxml import html as lxml_html

from pactwatch.errors import FeedFailed
from pactwatch.ingest.discover import looks_like_html
from pactwatch.watch.sources import normal_url, url_problem

SITEMAP_ROOTS = {"urlset": "sitemap", "sitemapindex": "sitemapindex"}
# A sitemap may hold 50,000 URLs in 50 MB uncompressed (sitemaps.org); a .xml.gz that
# expands past that is refused rather than inflated without end.
MAX_UNZIPPED = 50 * 1024 * 1024
_W3C_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_BARE_AMPERSAND = re.compile(rb"&(?!#?\w+;)")
_BLOCKS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
           "blockquote", "tr", "td", "th", "section", "article", "figure", "figcaption"}
_XML_SAFE = {"resolve_entities": False, "no_network": True, "huge_tree": False,
             "load_dtd": False, "dtd_validation": False, "remove_comments": True}


@dataclass(frozen=True)
class Entry:
    """One article a listing links to."""

    url: str  # normalised (sources.normal_url) absolute link: the key for "seen"
    link: str  # the link as the listing gave it, made absolute against the listing URL
    title: str | None
    published: date | None  # as the listing dates it, in the listing's own time zone
    summary: str | None  # feed summary or description as plain text


@dataclass(frozen=True)
class Listing:
    kind: str  # "rss" | "atom" | "sitemap" | "sitemapindex"
    title: str | None  # the feed's title (None for sitemaps)
    entries: list[Entry]  # in the listing's order, duplicates (same url) dropped
    sitemaps: list[str]  # child sitemap URLs of a sitemap index (normalised), else []


def parse_listing(url: str, body: bytes, content_type: str | None = None) -> Listing:
    """The entries of the feed or sitemap ``body`` fetched from ``url``.

    Raises FeedFailed for an empty body, XML too broken to yield anything, or a
    document that is neither a feed nor a sitemap (an HTML page, JSON, an image). A
    feed that is slightly broken (feedparser's ``bozo``) but has a version and entries
    is accepted: feeds in the wild often are.
    """
    body = _gunzipped(url, body)
    if not body.strip():
        raise FeedFailed(url, "empty response")
    root, xml_error = _xml_root(body)
    if root is None and _looks_like_sitemap(body):
        root, _ = _xml_root(_BARE_AMPERSAND.sub(b"&amp;", body))  # "?a=1&b=2" unescaped
    if root is not None and _local(root.tag) in SITEMAP_ROOTS:
        return _sitemap(url, root)
    parsed = feedparser.parse(io.BytesIO(body), response_headers=_headers(url, content_type))
    version = str(parsed.get("version") or "")
    # bozo is also set for a well-formed feed without a declared type; what counts is
    # whether the XML is broken, and a broken feed still counts if it yields entries
    if version and (parsed.entries or root is not None):
        return _feed(url, parsed, version)
    if version:  # a feed that breaks off before its first entry
        raise FeedFailed(url, f"malformed XML: {_short(xml_error, parsed)}")
    if root is not None or looks_like_html(body):  # well-formed, or a web page
        raise FeedFailed(url, f"not a feed or sitemap ({_shown_type(body, content_type, root)})")
    declared = _media_type(content_type) if content_type else ""
    if declared and declared not in _LISTING_TYPES:  # JSON, an image, a PDF...
        raise FeedFailed(url, f"not a feed or sitemap ({declared})")
    raise FeedFailed(url, f"malformed XML: {_short(xml_error, parsed)}")


# Types a feed or sitemap is served as (or that say nothing): a body of one of these
# that does not parse is broken XML; of any other type it is another kind of document.
_LISTING_TYPES = {"application/rss+xml", "application/atom+xml", "application/xml",
                  "text/xml", "application/rdf+xml", "application/x-rss+xml",
                  "application/octet-stream", "binary/octet-stream"}


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _shown_type(body: bytes, content_type: str | None, root: Any) -> str:
    """How a document that is not a listing is named in the error: its declared type,
    else what it looks like."""
    declared = _media_type(content_type) if content_type else ""
    if declared and declared not in _LISTING_TYPES:
        return declared
    if looks_like_html(body) or (root is not None and _local(root.tag) == "html"):
        return "text/html"
    if root is not None:
        return f"XML with root <{_local(root.tag)}>"
    return declared or "unknown type"


def _gunzipped(url: str, body: bytes) -> bytes:
    """A gzip body (a ``sitemap.xml.gz`` served as a file) inflated, up to MAX_UNZIPPED."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_UNZIPPED + 1)
    except zlib.error as exc:
        raise FeedFailed(url, f"corrupt gzip: {exc}") from None
    if len(data) > MAX_UNZIPPED:
        raise FeedFailed(url, f"gzip body expands past {MAX_UNZIPPED // 2**20} MB")
    return data


def _xml_root(body: bytes) -> tuple[Any, str | None]:
    """The root element, or None and lxml's message. Entities stay unexpanded, so an
    entity bomb costs nothing (libxml2 also refuses its amplification outright)."""
    parser = etree.XMLParser(**_XML_SAFE)
    try:
        return etree.fromstring(body, parser), None
    except etree.XMLSyntaxError as exc:
        return None, str(exc)


def _looks_like_sitemap(body: bytes) -> bool:
    head = body[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _short(xml_error: str | None, parsed: Any) -> str:
    """A parser message short enough for one line."""
    message = xml_error or str(parsed.get("bozo_exception") or "") or "unreadable"
    message = re.sub(r"\s*\(<string>, line \d+\)$", "", message.splitlines()[0])
    message = message.removeprefix("<unknown>:").strip()
    return message[:100]


def _headers(url: str, content_type: str | None) -> dict[str, str]:
    """Response headers for feedparser: the listing URL as the base of relative links,
    and the declared type (its charset decides the encoding)."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    return headers


def _feed(url: str, parsed: Any, version: str) -> Listing:
    found: list[Entry] = []
    for item in parsed.entries:
        link = _absolute(url, item.get("link"))
        if link is None:
            continue
        found.append(Entry(
            url=normal_url(link),
            link=link,
            title=_text_of(item, "title"),
            published=_entry_date(item),
            summary=_text_of(item, "summary"),
        ))
    kind = "atom" if version.startswith("atom") else "rss"
    return Listing(kind, _text_of(parsed.feed, "title"), _unique(found), [])


def _absolute(base: str, link: Any) -> str | None:
    """An http(s) link made absolute against the listing URL; None for anything else
    (no link, mailto:, javascript:, a link that does not parse)."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
    except ValueError:
        return None
    return absolute if url_problem(absolute) is None else None


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            kept.append(entry)
    return kept


def _text_of(item: Any, key: str) -> str | None:
    """A feed field as plain text: HTML (feedparser's sanitised markup) is stripped."""
    value = item.get(key)
    if not isinstance(value, str):
        return None
    kind = (item.get(f"{key}_detail") or {}).get("type", "text/plain")
    return plain_text(value) if "html" in kind else _collapse(value)


def plain_text(markup: str) -> str | None:
    """The text of an HTML fragment, whitespace collapsed; None if there is none."""
    if not markup.strip():
        return None
    try:
        tree = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return _collapse(markup)
    for element in tree.iter():
        if element.tag in _BLOCKS:  # "<p>one</p><p>two</p>" is two words, not "onetwo"
            element.tail = " " + (element.tail or "")
    return _collapse(tree.text_content())


def _collapse(text: str) -> str | None:
    return " ".join(text.split()) or None


def _entry_date(item: Any) -> date | None:
    """The entry's published (else updated) date as the feed wrote it: 23:30 at -04:00 on
    12 June is 12 June, where feedparser's parsed UTC time would say the 13th."""
    for key in ("published", "updated"):
        stated = _date_as_written(item.get(key))
        if stated is not None:
            return stated
        in_utc = item.get(f"{key}_parsed")
        if in_utc:
            return date(in_utc.tm_year, in_utc.tm_mon, in_utc.tm_mday)
    return None


def _date_as_written(value: Any) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parsedate_to_datetime(value).date()  # RFC 822, as in RSS
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(value.strip()).date()  # RFC 3339, as in Atom
    except ValueError:
        return _w3c_date(value)


def _w3c_date(value: str | None) -> date | None:
    """The calendar date of a W3C datetime ("2024-06-12", "2024-06-12T09:00:00+03:00")."""
    found = _W3C_DATE.match(value or "")
    if found is None:
        return None
    try:
        return date(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _sitemap(url: str, root: Any) -> Listing:
    kind = SITEMAP_ROOTS[_local(root.tag)]
    if kind == "sitemapindex":
        children = [_absolute(url, _child_text(node, "loc")) for node in _children(root, "sitemap")]
        return Listing(kind, None, [], list(dict.fromkeys(
            normal_url(child) for child in children if child is not None)))
    found: list[Entry] = []
    for node in _children(root, "url"):
        link = _absolute(url, _child_text(node, "loc"))
        if link is None:
            continue
        news = next(_children(node, "news"), None)
        title = _child_text(news, "title") if news is not None else None
        published = _w3c_date(_child_text(news, "publication_date")) if news is not None else None
        found.append(Entry(
            url=normal_url(link),
            link=link,
            title=_collapse(title) if title else None,
            published=published or _w3c_date(_child_text(node, "lastmod")),
            summary=None,
        ))
    return Listing(kind, None, _unique(found), [])


def _children(node: Any, name: str) -> Any:
    """Child elements by local name: sitemaps are read whatever namespace prefix (or
    none, as some sites write them) they use."""
    return (child for child in node if _local(child.tag) == name)


def _child_text(node: Any, name: str) -> str | None:
    child = next(_children(node, name), None)
    text = child.text if child is not None else None
    return text.strip() if text and text.strip() else None
