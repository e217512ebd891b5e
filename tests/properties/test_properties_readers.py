"""Readers and ``Input.read`` on hostile files: whatever the bytes, reading gives a
RawDocument whose text can be stored, or one coded error, never another exception.

Random bytes rarely get past a reader's first check, so most inputs here are near misses:
tag soup, valid PDFs with bytes flipped, cut or spliced, text in many encodings, BOMs,
NUL bytes and very long lines.
"""

from __future__ import annotations

import io
import sys
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from property_inputs import ANY_CHAR, assert_coded, assert_valid_meta, note, storable
from pypdf import PdfWriter
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from pactwatch.errors import PactwatchError
from pactwatch.ingest.discover import STDIN, Input
from pactwatch.ingest.readers import registered_extensions
from pactwatch.records import RawDocument

KNOWN = sorted(registered_extensions())
EXTENSIONS = st.sampled_from([*KNOWN, *(e.upper() for e in KNOWN), ".json", ".docx", ".exe",
                              ".meta.json", "", ".", ".txt.gz", ".pdf "])


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("inputs")


def read_file(folder: Path, name: str, data: bytes,
              sidecar: bytes | None = None) -> RawDocument | None:
    """Write ``data`` to a file of its own and read it as `pactwatch ingest` does; None
    when the read failed with a coded error."""
    where = Path(tempfile.mkdtemp(dir=folder))
    path = where / name
    path.write_bytes(data)
    if sidecar is not None:
        (where / (path.stem + ".meta.json")).write_bytes(sidecar)
    return checked(Input(str(path), path))


def checked(item: Input) -> RawDocument | None:
    try:
        raw = item.read()
    except PactwatchError as exc:
        assert_coded(exc)
        note(f"failed with {exc.code}")
        return None
    note(f"read as {raw.fmt}")
    assert isinstance(raw, RawDocument)
    assert raw.text.strip() and storable(raw.text), raw.text[:200]
    assert "\r" not in raw.text
    assert raw.fmt in {"txt", "md", "html", "pdf"}
    assert_valid_meta(raw.meta)
    return raw


@given(data=st.binary(max_size=2048), ext=EXTENSIONS)
@example(data=b"\x00hello", ext=".txt")
@example(data=b"%PDF-1.7\n", ext=".pdf")
@example(data=b"<html><body><p>x</p></body></html>", ext=".htm")
def test_readers_arbitrary_bytes_read_or_fail_coded(folder: Path, data: bytes,
                                                    ext: str) -> None:
    read_file(folder, "story" + ext, data)


# --- text in many encodings -------------------------------------------------------------

CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1",
          "cp1252", "cp1251", "koi8-r", "shift_jis", "euc-jp", "gb18030", "big5", "iso2022_jp",
          "mac_roman", "cp437", "utf-7"]
BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00",
        b"\xef\xbb\xbf\xef\xbb\xbf"]


@st.composite
def encoded_text(draw: st.DrawFn) -> bytes:
    text = draw(st.text(ANY_CHAR, max_size=200))
    if draw(st.booleans()):
        text += draw(st.sampled_from(["a", "\n", " ", "<p>", "\x00"])) * draw(
            st.integers(1, 200_000))  # a very long line, or a run of NULs
    codec = draw(st.sampled_from(CODECS))
    # a lone surrogate becomes bytes no strict decoder accepts; elsewhere a "?"
    errors = "surrogatepass" if codec.startswith("utf-") and codec != "utf-7" else "replace"
    data = text.encode(codec, errors)
    return draw(st.sampled_from(BOMS)) + data


@given(data=encoded_text(), ext=st.sampled_from([".txt", ".md", ".html", ".htm"]))
@example(data=b"\xef\xbb\xbf", ext=".txt")
@example(data=b"\xef\xbb\xbf\r\n\r\n", ext=".md")
@example(data="caf\u00e9".encode("latin-1"), ext=".txt")
def test_readers_text_in_any_encoding_reads_or_fails_coded(folder: Path, data: bytes,
                                                           ext: str) -> None:
    read_file(folder, "story" + ext, data)


# --- near-valid HTML ---------------------------------------------------------------------

TAGS = ["html", "head", "body", "article", "main", "div", "p", "h1", "span", "a", "title",
        "script", "style", "noscript", "template", "svg", "math", "table", "tr", "td", "ul",
        "li", "iframe", "textarea", "xmp", "plaintext", "frameset", "meta", "br", "img"]
ATTRS = ['charset="utf-16"', 'charset="x-unknown"', 'http-equiv="content-type" '
         'content="text/html; charset=shift_jis"', 'property="og:title" content="\x01"',
         'name="date" content="9999-99-99"', 'name="date" content="0001-01-01"',
         'rel="canonical" href="javascript:alert(1)"', 'lang="\ud800"', 'class="' + "x" * 300,
         "onload=x", '"""', "=", "a=b=c"]
WORDS = ["The harbour board met on Monday.", "&amp;", "&#0;", "&#xD800;", "&#99999999;",
         "&nbsp;" * 5, "&bogus;", "<!-- open comment", "]]>", "<![CDATA[ x ]]>", "\ufeff",
         "text " * 40, "\u202e", "<?xml version='1.0' encoding='EBCDIC'?>", "\x0c", "</>"]


@st.composite
def tag_soup(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    attrs = " ".join(draw(st.lists(st.sampled_from(ATTRS), max_size=2)))
    parts = [f"<{tag} {attrs}>" if attrs else f"<{tag}>"]
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        parts.append(draw(st.one_of(st.sampled_from(WORDS), st.text(ANY_CHAR, max_size=20),
                                    tag_soup(depth + 1))))
    if draw(st.booleans()):
        parts.append(f"</{draw(st.sampled_from(TAGS))}>")  # closed, maybe by the wrong tag
    return "".join(parts)


HEAD_TAGS = ['<meta charset="utf-16">', '<meta charset="x-unknown">',
             '<meta name="date" content="9999-99-99">', '<meta name="date" content="0001-01-01">',
             '<meta property="article:published_time" content="2024-02-30T99:00">',
             '<meta property="og:site_name" content="\u202e\x01">', "<title></title>",
             '<link rel="canonical" href="javascript:alert(1)">', "<title>" + "T" * 3000,
             '<html lang="\udfff">', "<base href=//>", "<script>document.write('<p>')",
             '<meta property="og:url" content="http://[::1">', "<style>p{}</style"]
LONG = ("The harbour board met on Monday and approved two new cranes for the east quay, "
        "after a long debate about the cost of dredging the channel before the winter. ") * 2
PARAGRAPH = st.lists(st.one_of(st.just(LONG), st.sampled_from(WORDS),
                               st.text(ANY_CHAR, max_size=40)),
                     min_size=1, max_size=6).map(" ".join)


@st.composite
def near_valid_html(draw: st.DrawFn) -> bytes:
    """A page with a head and an article, its parts broken or hostile; or tag soup."""
    prologue = draw(st.sampled_from(["", "<!DOCTYPE html>", "<!doctype", "<?xml version="
                                     "\"1.0\" encoding=\"ISO-8859-1\"?>", "\ufeff"]))
    # lxml and trafilatura walk trees recursively; libxml2 stops at 256 levels
    nested = draw(st.one_of(st.integers(0, 40), st.integers(200, 3000)))
    closed = draw(st.integers(0, nested))
    if draw(st.booleans()):
        head = "".join(draw(st.lists(st.sampled_from(HEAD_TAGS), max_size=4)))
        paragraphs = "".join(f"<p>{p}</p>" for p in draw(st.lists(PARAGRAPH, min_size=1,
                                                                  max_size=5)))
        page = (f"{prologue}<html><head>{head}</head><body>{'<div>' * nested}<article>"
                f"{paragraphs}</article>{'</div>' * closed}</body></html>")
    else:
        page = prologue + "<div>" * nested + draw(tag_soup()) + "</div>" * closed
    return page.encode(draw(st.sampled_from(["utf-8", "latin-1", "cp1252"])), "replace")


@given(data=near_valid_html())
@example(data=b"<html><body>" + b"<div>" * 5000 + b"deep text" + b"</div>" * 5000)
@example(data=b"<?xml version='1.0' encoding='ISO-8859-1'?><p>Text in a page.</p>")
def test_readers_near_valid_html_reads_or_fails_coded(folder: Path, data: bytes) -> None:
    read_file(folder, "page.html", data)


# --- garbled PDFs ------------------------------------------------------------------------


def tiny_pdf(lines: list[str], compress: bool, title: str | None) -> bytes:
    """A valid PDF made by pypdf: one page per line of text, Helvetica."""
    writer = PdfWriter()
    for line in lines:
        page = writer.add_blank_page(width=300, height=144)
        font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                                 NameObject("/Subtype"): NameObject("/Type1"),
                                 NameObject("/BaseFont"): NameObject("/Helvetica")})
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        stream = ContentStream(None, None)
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({line}) Tj ET".encode("latin-1"))
        page.replace_contents(stream)
        if compress:
            page.compress_content_streams()
    if title is not None:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDFS = [
    tiny_pdf(["The harbour board met on Monday."], compress=False, title="Harbour"),
    tiny_pdf(["First page of the minutes.", "Second page."], compress=True, title=None),
    tiny_pdf([""], compress=False, title="\u00e9t\u00e9"),
]


def test_readers_tiny_pdfs_are_valid(tmp_path: Path) -> None:
    """The starting points of the mutations below read as they were written."""
    first = read_file(tmp_path, "a.pdf", PDFS[0])
    assert first is not None and first.text == "The harbour board met on Monday."
    assert first.meta.title == "Harbour"
    second = read_file(tmp_path, "b.pdf", PDFS[1])
    assert second is not None and "Second page." in second.text


MUTATION = st.tuples(st.sampled_from(["flip", "cut", "drop", "insert", "repeat", "digit"]),
                     st.floats(0, 1), st.binary(min_size=1, max_size=16))


def mutate(data: bytes, steps: list[tuple[str, float, bytes]]) -> bytes:
    for op, where, junk in steps:
        at = int(where * len(data))
        if op == "flip":
            data = data[:at] + junk + data[at + len(junk):]
        elif op == "cut":
            data = data[:at]
        elif op == "drop":
            data = data[:at] + data[at + len(junk) * 4:]
        elif op == "insert":
            data = data[:at] + junk + data[at:]
        elif op == "repeat":
            data = data[:at] + data[at:at + 64] * (1 + junk[0] % 50) + data[at:]
        else:  # a number changed: offsets, lengths, object numbers, /Count
            found = next((i for i in range(at, len(data)) if data[i:i + 1].isdigit()), None)
            if found is not None:
                data = data[:found] + str(junk[0] * 997).encode() + data[found + 1:]
    return data


@given(base=st.sampled_from(PDFS), steps=st.lists(MUTATION, min_size=1, max_size=4))
@example(base=PDFS[0], steps=[("cut", 0.5, b"x")])
@example(base=PDFS[1], steps=[("flip", 0.6, b"\xff" * 16)])
def test_readers_garbled_pdf_reads_or_fails_coded(folder: Path, base: bytes,
                                                  steps: list[tuple[str, float, bytes]]) -> None:
    read_file(folder, "report.pdf", mutate(base, steps))


# --- sidecars beside documents, and standard input ----------------------------------------


@given(sidecar=st.one_of(st.binary(max_size=200), st.sampled_from([
    b'{"published": "2024-06-12", "outlet": "Harbour Herald"}', b'{"published": 20240612}',
    b'{"title": {"nested": true}}', b"[]", b'"\\ud800"', b'{"lang": "\\u0000"}'])))
def test_readers_document_with_any_sidecar_reads_or_fails_coded(folder: Path,
                                                                sidecar: bytes) -> None:
    raw = read_file(folder, "story.txt", b"The harbour board met on Monday.\n", sidecar)
    if raw is not None:
        assert raw.text == "The harbour board met on Monday.\n"


@given(data=st.one_of(st.binary(max_size=2048), encoded_text(), near_valid_html()))
@example(data=b"<html>\x00</html>")
def test_readers_standard_input_reads_or_fails_coded(data: bytes) -> None:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    with mock.patch.object(sys, "stdin", stream):
        checked(Input(STDIN, None))
