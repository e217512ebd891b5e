"""Fixtures for the ingest tests: small documents written here, in our own words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

COUNCIL_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<title>Millbrook council passes budget | The Millbrook Ledger</title>
<meta property="og:site_name" content="The Millbrook Ledger">
<meta name="date" content="2024-03-05">
<link rel="canonical" href="https://ledger.example/millbrook-budget">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article>
<h1>Millbrook council passes budget</h1>
<p>The town council of Millbrook voted five to two on Tuesday evening to approve next
year's budget, which sets aside more money for road repairs and the public library.</p>
<p>Councillor Ada Pennywhistle said the plan keeps property taxes flat while finally
fixing the bridge on Willow Lane, a project residents have asked about for years.</p>
<p>The two members who voted against it argued that the reserve fund was being drawn
down too quickly and asked for a review in the autumn.</p>
</article>
<footer>Letters to the editor: write to the Ledger office on Mill Street.</footer>
</body></html>
"""

EMPTY_PAGE = """<!DOCTYPE html>
<html><head><script>window.counter = 1;</script></head><body></body></html>
"""


def build_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF showing ``text`` in Helvetica, with a correct xref."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file under tmp_path (text as UTF-8, bytes as given) and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def make_pdf() -> Callable[[str], bytes]:
    return build_pdf


@pytest.fixture
def council_page() -> str:
    return COUNCIL_PAGE


@pytest.fixture
def empty_page() -> str:
    return EMPTY_PAGE
