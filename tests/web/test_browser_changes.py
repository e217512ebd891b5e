"""The "Latest changes" panel, the changes page and the feed they advertise, in a real
headless Chromium against a running `pactwatch serve`: after a report that a signing is
expected and the report of the signing (ingested with the `pactwatch ingest` command),
the overview lists the newest changes with their sources and leads to the agreement;
an empty store says so. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from browsing import ARTIFACTS, PACTWATCH, serving

pytestmark = pytest.mark.slow

# Written for these tests.
EXPECTED = ("Montenegro and Ukraine to sign security pact on Thursday\n\n"
            "Negotiators from Montenegro and Ukraine have settled the text of a ten-year "
            "bilateral security agreement, and the two governments are expected to sign it "
            "on Thursday, officials in Podgorica said. The pact covers the training of "
            "Ukrainian soldiers and closer intelligence sharing.\n")
SIGNED = ("Montenegro and Ukraine sign ten-year security pact\n\n"
          "Montenegro and Ukraine signed a ten-year bilateral security agreement in "
          "Podgorica on Thursday. The agreement covers the training of Ukrainian soldiers, "
          "intelligence sharing and joint production of demining equipment. It does not "
          "include a mutual defence clause.\n")
STORIES = {
    "expected": (EXPECTED, {"outlet": "Adriatic Courier", "published": "2024-06-10",
                            "title": "Montenegro and Ukraine to sign security pact",
                            "url": "https://adriatic-courier.example/2024/06/10/pact"}),
    "signed": (SIGNED, {"outlet": "Bay of Kotor Daily", "published": "2024-06-13",
                        "title": "Montenegro and Ukraine sign security pact",
                        "url": "https://kotordaily.example/news/pact"}),
}
AGREEMENT = "ME-UA-2024"


def _pactwatch(db: Path, *args: str) -> None:
    subprocess.run([str(PACTWATCH), "--db", str(db), *args], check=True,
                   capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reference dataset, then the two reports, one ingest each."""
    folder = tmp_path_factory.mktemp("changes-web")
    db = folder / "pactwatch.db"
    _pactwatch(db, "load-reference")
    for name, (text, meta) in STORIES.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        _pactwatch(db, "ingest", str(folder / f"{name}.txt"))
    with serving(db, dict(os.environ)) as base:
        yield base


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("changes-empty") / "pactwatch.db",
                 dict(os.environ)) as base:
        yield base


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _changes(server: str) -> list[dict[str, Any]]:
    return list(_get(server + "/api/changes?limit=500")["changes"])


def _shot(page: Any, name: str, selector: str | None = None) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    if selector:
        page.locator(selector).screenshot(path=path)
    else:
        page.screenshot(path=path, full_page=True)


def test_browser_changes_panel_lists_the_ten_newest_and_opens_the_agreement(
        server: str, page: Any) -> None:
    newest = _changes(server)[::-1][:10]
    page.goto(server + "/")
    panel = page.locator("#latest-changes")
    assert panel.locator("h2").inner_text() == "Latest changes"
    rows = panel.locator("tr.change")
    assert [rows.nth(i).get_attribute("id") for i in range(rows.count())] == [
        f"change-{c['id']}" for c in newest]
    _shot(page, "overview-latest-changes", "#latest-changes")

    status = panel.locator("tr.status_changed", has_text=AGREEMENT)
    assert "status expected → signed" in status.inner_text()
    assert "Bay of Kotor Daily · 2024-06-13" in status.inner_text()
    appeared = panel.locator("tr.agreement_new", has_text=AGREEMENT)
    assert "signing expected on 2024-06-13" in appeared.inner_text()
    assert "Adriatic Courier · 2024-06-10" in appeared.inner_text()
    when = next(c["time"] for c in newest if c["kind"] == "status_changed")
    assert status.locator("td.date").inner_text() == f"{when[:10]} {when[11:16]}"

    status.locator("a.change-agreement").click()
    page.wait_for_url(f"**/agreements/{AGREEMENT}")
    assert "Montenegro" in page.locator("h1").inner_text()
    assert "signed" in page.inner_text("#history")


def test_browser_changes_sources_link_to_the_stored_documents(server: str, page: Any) -> None:
    signed = next(c for c in _changes(server) if c["kind"] == "status_changed"
                  and c["agreement"] == AGREEMENT)
    page.goto(server + "/")
    row = page.locator(f"#change-{signed['id']}")
    row.get_by_role("link", name="Bay of Kotor Daily · 2024-06-13").click()
    page.wait_for_url(f"**/sources/{signed['documents'][0]}")
    assert "Podgorica on Thursday" in page.inner_text("#source-text")


def test_browser_changes_a_reference_change_names_three_sources_and_how_many_more(
        server: str, page: Any) -> None:
    us = next(c for c in _changes(server) if c["agreement"] == "UA-US-2024")
    assert len(us["documents"]) > 3
    page.goto(server + f"/changes?agreement={us['agreement']}")
    links = page.locator(f"#change-{us['id']} .refs a")
    texts = links.all_inner_texts()
    assert len(texts) == 4 and texts[-1] == f"and {len(us['documents']) - 3} more"
    assert all(" · " in text for text in texts[:3])
    assert links.last.get_attribute("href") == "/agreements/UA-US-2024"


def test_browser_changes_page_pages_through_every_change_newest_first(
        server: str, page: Any) -> None:
    every = [f"change-{c['id']}" for c in _changes(server)[::-1]]
    page.goto(server + "/")
    page.click("#all-changes")
    page.wait_for_url("**/changes")
    assert page.locator("#changes tr.change").count() == len(every)  # under 50: one page
    assert page.locator("#older").count() == 0

    page.goto(server + "/changes?limit=7")
    seen: list[str] = []
    while True:
        rows = page.locator("#changes tr.change")
        seen += [rows.nth(i).get_attribute("id") for i in range(rows.count())]
        if page.locator("#older").count() == 0:
            break
        with page.expect_navigation():
            page.click("#older")
    assert seen == every
    _shot(page, "changes-last-page")
    with page.expect_navigation():
        page.click("#newer")
    pages = -(-len(every) // 7)
    assert page.locator("#changes tr.change").first.get_attribute("id") == \
        every[(pages - 2) * 7]


def test_browser_changes_feed_is_advertised_and_links_to_agreement_pages(
        server: str, page: Any) -> None:
    page.goto(server + "/")
    advertised = page.locator("head link[rel=alternate][type='application/atom+xml']")
    href = urljoin(server + "/", advertised.get_attribute("href"))
    assert page.locator("#atom-link").get_attribute("href") == "/changes.atom"
    with urllib.request.urlopen(href, timeout=30) as response:
        assert response.headers["content-type"].startswith("application/atom+xml")
        feed = feedparser.parse(response.read())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert [e.title for e in feed.entries] == [c["summary"] for c in _changes(server)[::-1]]
    for link in sorted({e.link for e in feed.entries}):
        assert urlsplit(link).netloc == urlsplit(server).netloc
        with urllib.request.urlopen(link, timeout=30) as response:
            assert response.status == 200
    page.goto(next(e.link for e in feed.entries if AGREEMENT in e.link))
    assert "Montenegro" in page.locator("h1").inner_text()


def test_browser_changes_empty_store_says_no_changes_yet(empty_server: str,
                                                          page: Any) -> None:
    page.goto(empty_server + "/")
    assert page.locator("#latest-changes tr.change").count() == 0
    assert "No changes yet" in page.inner_text("#latest-changes")
    _shot(page, "overview-no-changes", "#latest-changes")
    page.click("#all-changes")
    page.wait_for_url("**/changes")
    assert "No changes yet" in page.inner_text("#changes")
