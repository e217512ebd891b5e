"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright)
against a running `pactwatch serve`. Screenshots of each page go to test-artifacts/."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.request
from collections.abc import Iterator

import pytest
from browsing import ARTIFACTS, PACTWATCH, serving

from pactwatch import vocab

pytestmark = pytest.mark.slow

TOKEN = "browser-test-token"
HOSTILE = """<html><body><h1 onmouseover="window.__pwned='h1'">Hostile page</h1>
<script>window.__pwned = 'script';</script>
<img src="x" onerror="window.__pwned='img'">
<a href="javascript:window.__pwned='link'">click</a>
<p>Norway and Ukraine signed a security agreement on Monday.</p></body></html>"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "pactwatch.db"
    subprocess.run([str(PACTWATCH), "--db", str(db), "load-reference"], check=True,
                   capture_output=True, timeout=300)
    with serving(db, {**os.environ, "PACTWATCH_TOKEN": TOKEN}) as base:
        yield base


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    opened = context.new_page()
    yield opened
    context.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_browser_overview_matrix_cell_opens_the_agreement_with_highlighted_evidence(
        server: str, page: object) -> None:
    page.goto(server + "/")  # type: ignore[attr-defined]
    page.wait_for_selector("#matrix .nsewdrag")  # type: ignore[attr-defined]
    _shot(page, "overview")
    box = page.locator("#matrix .nsewdrag").bounding_box()  # type: ignore[attr-defined]
    rows = page.locator("#agreements tr").count() - 1  # type: ignore[attr-defined]
    cell_height = box["height"] / rows
    page.mouse.click(box["x"] + 5, box["y"] + cell_height / 2)  # type: ignore[attr-defined]
    page.wait_for_url("**/agreements/**")  # type: ignore[attr-defined]
    assert page.locator("mark").count() > 0  # type: ignore[attr-defined]
    assert page.locator("#fields").is_visible()  # type: ignore[attr-defined]
    _shot(page, "agreement")


def test_browser_attack_simulation_form(server: str, page: object) -> None:
    page.goto(server + "/simulate")  # type: ignore[attr-defined]
    page.fill("input[name=at]", "2024-07-01T03:00:00Z")  # type: ignore[attr-defined]
    page.click("#simulate-form button")  # type: ignore[attr-defined]
    page.wait_for_selector("#in-force")  # type: ignore[attr-defined]
    assert "UA-US-2024" in page.inner_text("#in-force")  # type: ignore[attr-defined]
    assert "2024-07-02T03:00:00Z" in page.inner_text("#in-force")  # type: ignore[attr-defined]
    _shot(page, "simulate")


def test_browser_search_timeline_and_network(server: str, page: object) -> None:
    page.goto(server + "/search")  # type: ignore[attr-defined]
    page.fill("input[name=q]", "executive")  # type: ignore[attr-defined]
    page.click("#search-form button")  # type: ignore[attr-defined]
    page.wait_for_selector("#claim-results tr")  # type: ignore[attr-defined]
    _shot(page, "search")
    page.goto(server + "/timeline")  # type: ignore[attr-defined]
    page.wait_for_selector("#timeline-chart .main-svg")  # type: ignore[attr-defined]
    _shot(page, "timeline")
    page.goto(server + "/network")  # type: ignore[attr-defined]
    page.wait_for_selector("#network-chart .main-svg")  # type: ignore[attr-defined]
    _shot(page, "network")


def test_browser_hostile_document_renders_as_inert_text(server: str, page: object) -> None:
    import json

    body = json.dumps({"text": HOSTILE, "title": "<script>window.__pwned='title'</script>",
                       "outlet": "<img src=x onerror=alert(1)>"}).encode()
    request = urllib.request.Request(server + "/api/ingest", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        doc_id = json.loads(response.read())["id"]
    page.goto(f"{server}/sources/{doc_id}")  # type: ignore[attr-defined]
    page.hover("#source-text")  # type: ignore[attr-defined]
    assert page.evaluate("window.__pwned === undefined")  # type: ignore[attr-defined]
    assert page.locator("img").count() == 0  # type: ignore[attr-defined]
    assert page.locator("[onerror], [onmouseover], a[href^='javascript']").count() == 0  # type: ignore[attr-defined]
    assert "<script>" in page.inner_text("#source-text")  # type: ignore[attr-defined]
    _shot(page, "hostile-source")


# Shown as text, outside the documents themselves: document ids (hashes), Python's
# booleans and None, and provision kinds as ids.
HASH = re.compile(r"\b[0-9a-f]{16}\b")
PYTHON_WORDS = re.compile(r"\b(?:True|False|None)\b")
VISIBLE_TEXT = """() => { const main = document.querySelector("main").cloneNode(true);
  main.querySelectorAll(".source-text").forEach(e => e.remove());
  return main.textContent; }"""
UNNAMED_SOURCE = ("Iceland and Ukraine agreed to extend the training of Ukrainian deminers "
                  "under their ten-year security agreement, the ministry in Reykjavik said.")


def test_browser_agreement_page_names_sources_kinds_and_values_for_people(
        server: str, page: object) -> None:
    record = json.loads(urllib.request.urlopen(server + "/api/agreements/GB-UA-2024",
                                               timeout=30).read())
    page.goto(server + "/agreements/GB-UA-2024")  # type: ignore[attr-defined]
    visible = page.evaluate(VISIBLE_TEXT)  # type: ignore[attr-defined]
    assert not HASH.findall(visible)
    assert not PYTHON_WORDS.findall(visible)
    for source in record["sources"]:
        assert f"{source['outlet']} · {source['published']}" in visible, source["id"]
    cited = page.locator("#fields a[title^='document ']")  # type: ignore[attr-defined]
    assert cited.count() > 0 and HASH.search(cited.first.get_attribute("title"))
    provisions = page.inner_text("#provisions")  # type: ignore[attr-defined]
    for provision in record["provisions"]:
        assert vocab.kind_by_id()[provision["kind"]].label in provisions
        assert provision["kind"] not in provisions
    binding = page.locator("#fields tr", has_text="binding on successors")  # type: ignore[attr-defined]
    assert record["binding_on_successors"] is False
    assert binding.locator("td").nth(1).inner_text() == "no"
    for cell in page.locator("#history td:nth-child(2)").all_inner_texts():  # type: ignore[attr-defined]
        assert re.fullmatch(r"(\d{4}-\d{2}-\d{2})?", cell.strip()), cell
    _shot(page, "agreement-labels")


def test_browser_source_without_outlet_or_date_is_named_by_its_host(
        server: str, page: object) -> None:
    body = json.dumps({"text": UNNAMED_SOURCE,
                       "url": "https://www.fjordpost.example.net/news/iceland"}).encode()
    request = urllib.request.Request(server + "/api/ingest", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        doc_id = json.loads(response.read())["id"]
    page.goto(server + "/agreements/IS-UA-2024")  # type: ignore[attr-defined]
    section = page.inner_text(f"#source-{doc_id} .source-meta")  # type: ignore[attr-defined]
    assert section.startswith("fjordpost.example.net · date not stated")
    visible = page.evaluate(VISIBLE_TEXT)  # type: ignore[attr-defined]
    assert not HASH.findall(visible) and not PYTHON_WORDS.findall(visible)
