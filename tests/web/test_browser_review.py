"""Review in a real headless Chromium against a running `pactwatch serve`: an analyst
signs in with a token, rejects a claim on the US–Ukraine page, finds the decision in the
audit log, undoes it, and the field is back; a page of another site that posts the same
form changes nothing. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browsing import ARTIFACTS, PACTWATCH, serving

from pactwatch.api import tokens

pytestmark = [pytest.mark.slow, pytest.mark.issue(14)]

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGE = "/agreements/UA-US-2024"


@pytest.fixture(scope="module")
def analyst(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A running server over the demo data (the reference dataset and the bundled
    examples), and Ana's token for it."""
    folder = tmp_path_factory.mktemp("review-web")
    db, token_file = folder / "pactwatch.db", folder / "tokens"
    subprocess.run([str(PACTWATCH), "--db", str(db), "demo"], check=True,
                   capture_output=True, timeout=600)
    token = tokens.add(token_file, "Ana")
    env = {**os.environ, "PACTWATCH_TOKENS": str(token_file)}
    env.pop("PACTWATCH_TOKEN", None)
    with serving(db, env) as base:
        yield base, token


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def _shot(page: Any, name: str, *around: str) -> None:
    """The whole page, or only the elements ``around`` names (the agreement page is long)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    paths = [ARTIFACTS / f"{name}.png"] if not around else \
        [ARTIFACTS / f"{name}-{i}.png" for i in range(1, len(around) + 1)]
    if not around:
        page.screenshot(path=str(paths[0]), full_page=True)
    for selector, path in zip(around, paths, strict=False):
        page.locator(selector).screenshot(path=str(path))
    for path in paths:
        print(f"screenshot: {path.resolve()}")


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


def _sign_in(page: Any, base: str, token: str) -> None:
    page.goto(base + "/signin")
    page.fill("#signin-form input[name=token]", token)
    with page.expect_navigation():
        page.click("#signin-form button")
    assert page.inner_text("#analyst") == "Ana"


def test_browser_review_reject_audit_undo_restores_the_field(analyst: tuple[str, str],
                                                             page: Any) -> None:
    base, token = analyst
    _sign_in(page, base, token)
    assert page.url == base + "/review"
    _shot(page, "review-queue")
    if os.environ.get("PACTWATCH_UPDATE_DOCS"):  # the README's picture, kept small
        page.screenshot(path=str(DOCS / "review-page.png"))
    record = _get(base + "/api" + PAGE)
    [claim] = record["fields"]["term_note"]["claims"]
    page.goto(base + PAGE)
    field = page.locator("#field-term_note td").nth(1)
    before = field.inner_text()
    assert before == record["term_note"] and before != "not stated"

    row = page.locator(f"#claim-{claim}")
    row.locator("input[name=note]").fill("the note is the reference file's, not the text's")
    with page.expect_navigation():
        row.locator("button.reject").click()

    assert page.url == f"{base}{PAGE}#claim-{claim}"
    assert page.locator("#field-term_note td").nth(1).inner_text() == "not stated"
    mark = page.locator(f"#claim-{claim} .decision.reject").inner_text()
    assert mark.startswith("rejected by Ana, ") and "the note is the reference file's" in mark
    _shot(page, "review-rejected", "#field-term_note", f"#claim-{claim}")
    [decision] = _get(base + "/api/decisions")
    assert decision["author"] == "Ana" and decision["claim"] == claim

    page.goto(base + "/decisions")
    logged = page.locator(f"#decision-{decision['id']}")
    assert "reject" in logged.inner_text() and "Ana" in logged.inner_text()
    assert "standing" in logged.inner_text()
    _shot(page, "review-audit")
    with page.expect_navigation():
        logged.locator("button.undo").click()

    [undo, _] = _get(base + "/api/decisions")
    assert undo["action"] == "undo" and undo["undoes"] == decision["id"]
    assert f"undone by decision {undo['id']}" in page.inner_text(f"#decision-{decision['id']}")
    page.goto(base + PAGE)
    assert page.locator("#field-term_note td").nth(1).inner_text() == before
    assert page.locator(f"#claim-{claim} .decision").count() == 0
    assert _get(base + "/api" + PAGE)["fields"] == record["fields"]
    _shot(page, "review-restored", "#field-term_note", f"#claim-{claim}")


ATTACK = """<!doctype html><html><body><h1>Win a prize</h1>
<form id="f" method="post" action="{target}/decisions">
<input name="action" value="reject"><input name="claim" value="{claim}">
<input name="csrf" value="guessed"><input name="author" value="Ana"></form>
<script>document.getElementById("f").submit();</script></body></html>"""


def test_browser_review_a_form_on_another_site_changes_nothing(analyst: tuple[str, str],
                                                               page: Any) -> None:
    base, token = analyst
    _sign_in(page, base, token)
    record = _get(base + "/api" + PAGE)
    claim = record["fields"]["legal_form"]["claims"][0]
    decisions = _get(base + "/api/decisions")
    html = ATTACK.format(target=base, claim=claim).encode()

    class Attacker(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args: Any) -> None:
            pass

    evil = ThreadingHTTPServer(("127.0.0.1", 0), Attacker)
    threading.Thread(target=evil.serve_forever, daemon=True).start()
    try:
        with page.expect_navigation(url=f"{base}/decisions"):
            page.goto(f"http://localhost:{evil.server_address[1]}/")
        assert "Nothing was changed" in page.inner_text("#refused")
    finally:
        evil.shutdown()
    assert _get(base + "/api/decisions") == decisions
    assert _get(base + "/api" + PAGE)["fields"] == record["fields"]
    _shot(page, "review-cross-site-refused")
