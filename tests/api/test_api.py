"""The JSON API over a real SQLite store: open reads, token-guarded writes, one error
shape, security headers, and queries that never become SQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from pactwatch.api.app import create_app
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

TOKEN = "s3cret-token-for-tests"

STORY = {
    "text": "Norway and Ukraine signed a ten-year security agreement in Oslo on Monday. "
            "The agreement covers the training of Ukrainian pilots.",
    "outlet": "Fjord Wire", "title": "Norway signs pact", "published": "2024-03-06",
}


@pytest.fixture
def client(database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    db = database  # an SQLite file, then a PostgreSQL database
    with Store.open(db) as store:
        load_reference(store)
    monkeypatch.setenv("PACTWATCH_TOKEN", TOKEN)
    with TestClient(create_app(db), raise_server_exceptions=False) as test_client:
        yield test_client


def test_api_agreement_is_the_same_json_as_show(client: TestClient) -> None:
    response = client.get("/api/agreements/UA-US")
    assert response.status_code == 200
    record = response.json()
    assert record["id"] == "UA-US-2024" and record["signed_on"] == "2024-06-13"
    assert record["claims"] and record["sources"]


def test_api_filters_and_scenarios(client: TestClient) -> None:
    listed = client.get("/api/agreements", params={"party": "gb"}).json()
    assert [r["id"] for r in listed] == ["GB-UA-2024"]
    attack = client.get("/api/simulate/attack",
                        params={"on": "UA", "at": "2024-07-01T03:00:00Z"}).json()
    assert any(r["counterparts"] == ["US"] for r in attack["in_force"])
    risk = client.get("/api/risk", params={"at": "2024-07-01", "without": "US"}).json()
    assert risk["without"] == ["US"]
    assert client.get("/api/timeline").json()
    assert client.get("/api/compare").status_code == 200


def test_api_unknown_agreement_is_a_problem_document(client: TestClient) -> None:
    response = client.get("/api/agreements/XX-YY")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 404 and body["code"] == "PW020"
    assert "Traceback" not in response.text


def test_api_security_headers_on_every_response(client: TestClient) -> None:
    response = client.get("/api/timeline")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


def test_api_writes_without_or_with_a_wrong_token_change_nothing(client: TestClient) -> None:
    before = (client.get("/api/claims").json(), client.get("/api/agreements").json())
    assert client.post("/api/ingest", json=STORY).status_code == 401
    wrong = client.post("/api/ingest", json=STORY, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    assert (client.get("/api/claims").json(), client.get("/api/agreements").json()) == before
    assert client.get("/api/search", params={"q": "Fjord"}).json()["documents"] == []


def test_api_write_with_the_right_token_ingests(client: TestClient) -> None:
    done = client.post("/api/ingest", json=STORY, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 201, done.text
    doc_id = done.json()["id"]
    assert client.get(f"/api/sources/{doc_id}").json()["outlet"] == "Fjord Wire"
    upload = client.post("/api/ingest/file", headers={"Authorization": f"Bearer {TOKEN}"},
                         files={"file": ("../../etc/story.txt", b"Norway and Ukraine signed "
                                         b"a security pact on Friday.", "text/plain")},
                         data={"published": "2024-03-08"})
    assert upload.status_code == 201, upload.text


def test_api_refuses_writes_when_no_token_is_configured(client: TestClient,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PACTWATCH_TOKEN")
    response = client.post("/api/ingest", json=STORY, headers={"Authorization": "Bearer x"})
    assert response.status_code == 403


def test_api_search_treats_the_query_as_text(client: TestClient) -> None:
    hostile = client.get("/api/search", params={"q": "%' OR 1=1 --"})
    assert hostile.status_code == 200
    assert hostile.json() == {"documents": [], "claims": []}
    found = client.get("/api/search", params={"q": "executive"}).json()
    assert found["claims"]


def test_api_too_large_body_is_refused(client: TestClient,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_MAX_BODY", "100")
    response = client.post("/api/ingest", json=STORY,
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
