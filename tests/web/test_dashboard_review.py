"""The dashboard's review forms over HTTP, on SQLite and PostgreSQL: sign-in by token, a
signed session, and no decision without that session's CSRF token from this origin."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pactwatch.api import tokens
from pactwatch.api.app import create_app
from pactwatch.errors import BadSetting
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store
from pactwatch.web.session import COOKIE

BASE = "http://pactwatch.test"
SAME = {"Origin": BASE}
PAGE = "/agreements/UA-US-2024"

pytestmark = pytest.mark.issue(14)


@pytest.fixture
def ana(token_file: Path) -> str:
    return tokens.add(token_file, "Ana")


@pytest.fixture
def db(database: str, ana: str) -> str:
    with Store.open(database) as store:
        load_reference(store)
    return database


@pytest.fixture
def client(db: str) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _sign_in(client: TestClient, token: str) -> str:
    """Signs in through the form; returns the CSRF token of the new session."""
    form = client.get("/signin")
    done = client.post("/signin", headers=SAME, follow_redirects=False,
                       data={"token": token, "csrf": _csrf(form.text), "next": PAGE})
    assert done.status_code == 303 and done.headers["location"] == PAGE, done.text
    return _csrf(client.get(PAGE).text)


def _record(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/api/agreements/UA-US-2024").json())


def _reject(claim: str, csrf: str | None, **extra: str) -> dict[str, str]:
    form = {"action": "reject", "claim": claim, "note": "misread", **extra}
    if csrf is not None:
        form["csrf"] = csrf
    return form


def test_dashboard_review_sign_in_sets_a_strict_http_only_session(client: TestClient,
                                                                   ana: str) -> None:
    form = client.get("/signin")
    assert form.status_code == 200 and 'type="password"' in form.text

    done = client.post("/signin", headers=SAME, follow_redirects=False,
                       data={"token": ana, "csrf": _csrf(form.text), "next": "//evil.test/x"})

    assert done.status_code == 303 and done.headers["location"] == "/review"
    cookie = done.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and ana not in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    page = client.get(PAGE)
    assert 'id="analyst">Ana<' in page.text and page.headers["cache-control"] == "no-store"
    assert 'class="inline judge-form"' in page.text and 'class="correct-form"' in page.text


def test_dashboard_review_wrong_token_does_not_sign_in(client: TestClient) -> None:
    form = client.get("/signin")

    wrong = client.post("/signin", headers=SAME,
                        data={"token": "not-a-token", "csrf": _csrf(form.text)})
    empty = client.post("/signin", headers=SAME, data={"token": "", "csrf": _csrf(form.text)})

    assert wrong.status_code == 403 and "not valid" in wrong.text
    assert empty.status_code == 401
    assert 'id="analyst"' not in client.get(PAGE).text


def test_dashboard_review_sign_in_form_from_another_site_is_refused(client: TestClient,
                                                                    ana: str) -> None:
    form = client.get("/signin")

    done = client.post("/signin", headers={"Origin": "https://evil.test"},
                       follow_redirects=False, data={"token": ana, "csrf": _csrf(form.text)})

    assert done.status_code == 403
    assert 'id="analyst"' not in client.get(PAGE).text


def test_dashboard_review_a_form_post_decides_as_the_sessions_analyst(client: TestClient,
                                                                       ana: str) -> None:
    csrf = _sign_in(client, ana)
    claim = _record(client)["fields"]["term_note"]["claims"][0]

    done = client.post("/decisions", headers=SAME, follow_redirects=False,
                       data=_reject(claim, csrf, author="Mallory"))

    assert done.status_code == 303
    assert done.headers["location"] == f"{PAGE}#claim-{claim}"
    [decision] = client.get("/api/decisions").json()
    assert decision["author"] == "Ana" and decision["note"] == "misread"
    page = client.get(PAGE).text
    assert re.search(r"rejected by <b>Ana</b>, <span class=\"date\">\d{4}-\d{2}-\d{2}</span>"
                     rf", <a href=\"/decisions#decision-{decision['id']}\">", page)
    assert _record(client)["term_note"] is None


@pytest.mark.parametrize("forgery", [
    "no session", "no csrf token", "another session's token", "another origin",
    "a cross-site fetch", "a tampered cookie"])
def test_dashboard_review_a_forged_post_changes_nothing(db: str, ana: str,
                                                        forgery: str) -> None:
    with TestClient(create_app(db), base_url=BASE, raise_server_exceptions=False) as client, \
            TestClient(create_app(db), base_url=BASE) as other:
        before = _record(client)
        claim = before["fields"]["term_note"]["claims"][0]
        headers = dict(SAME)
        csrf: str | None = None
        if forgery != "no session":
            csrf = _sign_in(client, ana)
        if forgery == "no csrf token":
            csrf = None
        if forgery == "another session's token":
            csrf = _csrf(other.get("/signin").text)
        if forgery == "another origin":
            headers = {"Origin": "https://evil.test"}
        if forgery == "a cross-site fetch":
            headers = {"Sec-Fetch-Site": "cross-site"}
        if forgery == "a tampered cookie":
            value = client.cookies[COOKIE]
            client.cookies.set(COOKIE, value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))

        refused = client.post("/decisions", headers=headers, data=_reject(claim, csrf),
                              follow_redirects=False)

        assert refused.status_code == 403
        assert "Nothing was changed" in refused.text
        assert client.get("/api/decisions").json() == []
        assert _record(client) == before


def test_dashboard_review_a_revoked_token_ends_its_session(client: TestClient, ana: str,
                                                           token_file: Path) -> None:
    csrf = _sign_in(client, ana)
    claim = _record(client)["fields"]["term_note"]["claims"][0]
    token_file.write_text("", encoding="utf-8")

    refused = client.post("/decisions", headers=SAME, data=_reject(claim, csrf))

    assert refused.status_code == 403
    assert client.get("/api/decisions").json() == []
    assert 'id="analyst"' not in client.get(PAGE).text


def test_dashboard_review_readers_see_decisions_but_no_controls(db: str, ana: str) -> None:
    with TestClient(create_app(db), base_url=BASE) as analyst:
        csrf = _sign_in(analyst, ana)
        record = _record(analyst)
        claim = record["fields"]["term_note"]["claims"][0]
        analyst.post("/decisions", headers=SAME, data=_reject(claim, csrf))
        analyst.post("/decisions", headers=SAME, data={
            "csrf": csrf, "action": "correct", "agreement": "UA-US-2024",
            "field": "term_years", "value": "12", "note": "checked the text",
            "source_url": "https://www.state.gov/example-agreement-text"})
    with TestClient(create_app(db), base_url=BASE) as reader:
        page = reader.get(PAGE).text
        audit = reader.get("/decisions").text
        queue = reader.get("/review").text

    assert 'method="post"' not in page + audit + queue
    assert "rejected by <b>Ana</b>" in page and "<q>misread</q>" in page
    assert "corrected by <b>Ana</b>" in page and "<q>checked the text</q>" in page
    assert 'class="badge analyst"' in page
    assert audit.count('<tr id="decision-') == 2 and "Undo decision" not in audit
    assert 'href="https://www.state.gov/example-agreement-text"' in audit


def test_dashboard_review_sessions_outlive_a_restart_only_with_a_session_secret(
        db: str, ana: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def signed_in_after_restart() -> bool:
        with TestClient(create_app(db), base_url=BASE) as first:
            _sign_in(first, ana)
            cookie = first.cookies[COOKIE]
        with TestClient(create_app(db), base_url=BASE, cookies={COOKIE: cookie}) as second:
            return 'id="analyst">Ana<' in second.get(PAGE).text

    assert not signed_in_after_restart()  # a random key per start
    monkeypatch.setenv("PACTWATCH_SESSION_SECRET", "k" * 40)
    assert signed_in_after_restart()
    monkeypatch.setenv("PACTWATCH_SESSION_SECRET", "short")
    with pytest.raises(BadSetting, match="PACTWATCH_SESSION_SECRET"):
        create_app(db)
