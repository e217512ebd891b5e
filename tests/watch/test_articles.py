"""Fetched articles, written here in our own words about a fictional security pact."""

from __future__ import annotations

from datetime import date

import pytest

from pactwatch.errors import CorruptPdf, EmptyDocument, FetchFailed, NoTextFound
from pactwatch.records import content_hash
from pactwatch.watch.articles import article_document
from pactwatch.watch.listings import Entry
from pdfs import build_pdf

FINAL_URL = "https://gazette.example.org/world/2024/06/13/arvelia-norland-sign-pact"

BODY = """
<article>
<h1>Arvelia and Norland sign ten-year security pact</h1>
<p>Arvelia and Norland signed a bilateral security agreement in Port Alder on Thursday,
a day after negotiators said the text was finished.</p>
<p>The agreement runs for ten years. It covers training of Norland's armed forces, joint
production of air-defence equipment and closer intelligence sharing.</p>
<p>It does not contain a mutual-defence clause, and Arvelia makes no commitment to send
its own troops, the defence minister told reporters after the ceremony.</p>
</article>
<footer>Subscribe to the Harbour Gazette newsletter for the morning briefing.</footer>
"""


def page(head: str, body: str = BODY) -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">{head}</head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>{body}'
            "</body></html>").encode()


FULL_HEAD = """
<title>Arvelia and Norland sign ten-year security pact | Harbour Gazette</title>
<meta property="og:title" content="Arvelia and Norland sign ten-year security pact">
<meta property="og:site_name" content="Harbour Gazette">
<meta property="article:published_time" content="2024-06-13T15:10:00+02:00">
"""
BARE_HEAD = "<title>Arvelia and Norland sign ten-year security pact</title>"

ENTRY = Entry(
    url="https://gazette.example.org/world/arvelia-norland-pact",
    link="https://gazette.example.org/world/arvelia-norland-pact?utm_source=rss",
    title="Pact signed (updated)",
    published=date(2024, 6, 12),
    summary="Signing in Port Alder.",
)


def test_articles_html_page_metadata_comes_first() -> None:
    doc = article_document(FINAL_URL, page(FULL_HEAD), "text/html; charset=utf-8",
                           entry=ENTRY, feed_title="Harbour Gazette - World")
    assert doc.fmt == "html"
    assert doc.source == FINAL_URL
    assert doc.meta.url == FINAL_URL  # the URL fetched, after redirects, not the feed's
    assert doc.meta.title == "Arvelia and Norland sign ten-year security pact"
    assert doc.meta.published == date(2024, 6, 13)
    assert doc.meta.outlet == "Harbour Gazette"
    assert "signed a bilateral security agreement in Port Alder" in doc.text
    assert "no commitment to send" in doc.text
    assert "newsletter" not in doc.text and "Home" not in doc.text
    assert doc.doc_id == content_hash(doc.text)[:16]


def test_articles_page_without_date_or_site_name_takes_the_entry_and_feed() -> None:
    doc = article_document(FINAL_URL, page(BARE_HEAD), "text/html", entry=ENTRY,
                           feed_title="Harbour Gazette - World")
    assert doc.meta.published == date(2024, 6, 12)
    assert doc.meta.outlet == "Harbour Gazette - World"
    assert doc.meta.title == "Arvelia and Norland sign ten-year security pact"


def test_articles_page_without_title_takes_the_entry_title() -> None:
    paragraphs = BODY.replace("<h1>Arvelia and Norland sign ten-year security pact</h1>", "")
    doc = article_document(FINAL_URL, page("", paragraphs), "text/html", entry=ENTRY)
    assert doc.meta.title == "Pact signed (updated)"
    assert doc.meta.published == date(2024, 6, 12)


def test_articles_outlet_falls_back_to_the_host_without_www() -> None:
    doc = article_document("https://www.gazette.example.org/world/pact", page(BARE_HEAD),
                           "text/html")
    assert doc.meta.outlet == "gazette.example.org"
    assert doc.meta.published is None  # no page date and no entry: unknown, not guessed


def test_articles_host_name_as_site_name_gives_way_to_the_feed_title() -> None:
    # trafilatura names the canonical link's host when a page states no site name
    head = BARE_HEAD + '<link rel="canonical" href="https://gazette.example.org/w/pact">'
    doc = article_document(FINAL_URL, page(head), "text/html",
                           feed_title="Harbour Gazette - World")
    assert doc.meta.outlet == "Harbour Gazette - World"


def test_articles_known_outlet_takes_its_canonical_name() -> None:
    head = BARE_HEAD + '<meta property="og:site_name" content="Kyiv Independent">'
    doc = article_document("https://kyivindependent.example/pact", page(head), "text/html")
    assert doc.meta.outlet == "The Kyiv Independent"  # as outlets.yaml names it


def test_articles_declared_charset_is_honoured() -> None:
    text = "Le traité d'Arvelia est signé à Port Alder pour dix ans.\n"
    doc = article_document("https://presse.example/traite.txt", text.encode("iso-8859-1"),
                           "text/plain; charset=ISO-8859-1")
    assert doc.fmt == "txt"
    assert doc.text == text


@pytest.mark.parametrize("content_type", [None, "application/octet-stream", "text/x-unheard-of"])
def test_articles_missing_or_unknown_type_is_sniffed(content_type: str | None) -> None:
    html = article_document(FINAL_URL, page(FULL_HEAD), content_type)
    assert html.fmt == "html"
    assert html.meta.outlet == "Harbour Gazette"
    plain = article_document("https://gazette.example.org/wire/pact",
                             b"Arvelia and Norland signed the pact on Thursday.\n", content_type)
    assert plain.fmt == "txt"
    assert plain.text == "Arvelia and Norland signed the pact on Thursday.\n"


def test_articles_pdf_goes_to_the_pdf_reader() -> None:
    statement = "Arvelia and Norland signed a ten-year security agreement"
    doc = article_document("https://mod.example/docs/agreement.pdf", build_pdf(statement),
                           "application/pdf", entry=ENTRY)
    assert doc.fmt == "pdf"
    assert doc.text == statement
    assert doc.meta.title == "Pact signed (updated)"  # the PDF states none
    assert doc.meta.published == date(2024, 6, 12)
    assert doc.meta.outlet == "mod.example"


def test_articles_pdf_type_with_another_body_is_pw006() -> None:
    with pytest.raises(CorruptPdf) as info:
        article_document("https://mod.example/docs/agreement.pdf", page(FULL_HEAD),
                         "application/pdf")
    assert str(info.value) == \
        "[PW006] https://mod.example/docs/agreement.pdf: corrupt PDF: no %PDF header"


def test_articles_unsniffed_pdf_is_recognised() -> None:
    doc = article_document("https://mod.example/download?id=7", build_pdf("Signed in Port Alder"),
                           "application/octet-stream")
    assert (doc.fmt, doc.text) == ("pdf", "Signed in Port Alder")


@pytest.mark.parametrize("content_type", ["image/png", "application/json; charset=utf-8",
                                          "video/mp4"])
def test_articles_types_without_a_reader_are_refused(content_type: str) -> None:
    url = "https://gazette.example.org/media/ceremony"
    with pytest.raises(FetchFailed) as info:
        article_document(url, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type)
    media = content_type.split(";")[0]
    assert str(info.value) == f"[PW072] {url}: not an article ({media})"


def test_articles_reader_errors_come_through_coded() -> None:
    with pytest.raises(EmptyDocument) as empty:
        article_document(FINAL_URL, b"", "text/html")
    assert str(empty.value) == f"[PW002] {FINAL_URL}: empty file"
    scripts_only = b"<!DOCTYPE html><html><head><script>var a = 1;</script></head></html>"
    with pytest.raises(NoTextFound) as no_text:
        article_document(FINAL_URL, scripts_only, "text/html")
    assert str(no_text.value) == f"[PW007] {FINAL_URL}: HTML page has no extractable text"


