"""Fixtures for the ingest tests: small documents written here, in our own words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pdfs import build_pdf

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
