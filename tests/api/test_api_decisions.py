"""Decisions over the API, on SQLite and PostgreSQL: the author is the token's name and
nothing else, a missing or wrong token stores nothing, and errors are problem documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pactwatch.api import tokens
from pactwatch.api.app import create_app
from pactwatch.errors import BadToken
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

SOURCE = "https://www.state.gov/example-agreement-text"

pytestmark = pytest.mark.issue(14)


@pytest.fixture
def ana(token_file: Path) -> str:
    return tokens.add(token_file, "Ana Analyst")


@pytest.fixture
def client(database: str, ana: str) -> Iterator[TestClient]:
    with Store.open(database) as store:
        load_reference(store)
    with TestClient(create_app(database), raise_server_exceptions=False) as test_client:
        yield test_client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _record(client: TestClient) -> dict[str, Any]:
    response = client.get("/api/agreements/UA-US-2024")
    assert response.status_code == 200
    return dict(response.json())


def _claim_of(record: dict[str, Any], field: str) -> str:
    return str(record["fields"][field]["claims"][0])


def test_api_decisions_author_is_the_tokens_name_never_the_body(client: TestClient,
                                                                 ana: str) -> None:
    record = _record(client)
    claim = _claim_of(record, "term_note")

    response = client.post("/api/decisions", headers=_bearer(ana),
                           json={"action": "reject", "claim": claim, "reason": "misread",
                                 "author": "Mallory", "by": "Mallory"})

    assert response.status_code == 201, response.text
    decision = response.json()["decision"]
    assert decision["author"] == "Ana Analyst" and decision["action"] == "reject"
    assert response.json()["agreement"] == "UA-US-2024"
    [logged] = client.get("/api/decisions").json()
    assert logged["author"] == "Ana Analyst" and logged["note"] == "misread"
    assert client.get("/api/decisions", params={"by": "Mallory"}).json() == []
    after = _record(client)
    assert after["term_note"] is None
    assert after["rejected"] == [{"claim": claim, "decision": {
        "id": decision["id"], "action": "reject", "author": "Ana Analyst",
        "at": decision["at"], "source_url": None, "note": "misread"}}]


def test_api_decisions_without_or_with_a_wrong_token_store_nothing(client: TestClient,
                                                                   token_file: Path) -> None:
    before = _record(client)
    claim = _claim_of(before, "term_note")
    body = {"action": "reject", "claim": claim, "author": "Ana Analyst"}
    stored_hash = token_file.read_text(encoding="utf-8").split(":")[1].strip()

    missing = client.post("/api/decisions", json=body)
    not_bearer = client.post("/api/decisions", json=body,
                             headers={"Authorization": f"Basic {stored_hash}"})
    wrong = client.post("/api/decisions", json=body, headers=_bearer("not-a-token"))
    the_hash = client.post("/api/decisions", json=body, headers=_bearer(stored_hash))

    assert missing.status_code == 401 and not_bearer.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    assert wrong.status_code == 403 and the_hash.status_code == 403
    for response in (missing, wrong):
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get("/api/decisions").json() == []
    assert _record(client) == before


def test_api_decisions_refused_when_no_token_is_configured(
        client: TestClient, ana: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PACTWATCH_TOKENS")
    claim = _claim_of(_record(client), "term_note")

    response = client.post("/api/decisions", headers=_bearer(ana),
                           json={"action": "reject", "claim": claim})

    assert response.status_code == 403
    assert client.get("/api/decisions").json() == []


def test_api_decisions_a_revoked_token_is_refused_at_once(client: TestClient, ana: str,
                                                          token_file: Path) -> None:
    claim = _claim_of(_record(client), "term_note")
    ben = tokens.add(token_file, "Ben")
    lines = token_file.read_text(encoding="utf-8").splitlines()
    token_file.write_text("\n".join(line for line in lines if not line.startswith("Ana"))
                          + "\n", encoding="utf-8")

    revoked = client.post("/api/decisions", headers=_bearer(ana),
                          json={"action": "accept", "claim": claim})
    kept = client.post("/api/decisions", headers=_bearer(ben),
                       json={"action": "accept", "claim": claim})

    assert revoked.status_code == 403
    assert kept.status_code == 201 and kept.json()["decision"]["author"] == "Ben"


def test_api_decisions_the_shared_token_writes_under_its_name(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_TOKEN", "the-desk-token")
    monkeypatch.setenv("PACTWATCH_TOKEN_NAME", "Night desk")
    claim = _claim_of(_record(client), "term_note")

    response = client.post("/api/decisions", headers=_bearer("the-desk-token"),
                           json={"action": "accept", "claim": claim, "author": "Ana Analyst"})

    assert response.status_code == 201, response.text
    assert response.json()["decision"]["author"] == "Night desk"


def test_api_decisions_correct_then_undo_restores_the_field(client: TestClient,
                                                            ana: str) -> None:
    before = _record(client)
    assert before["term_years"] == 10

    corrected = client.post("/api/decisions", headers=_bearer(ana), json={
        "action": "correct", "agreement": "UA-US", "field": "term_years", "value": 12,
        "source_url": SOURCE, "note": "a test value", "author": "Mallory"})

    assert corrected.status_code == 201, corrected.text
    decision = corrected.json()["decision"]
    assert decision["author"] == "Ana Analyst" and decision["field"] == "term_years"
    field = _record(client)["fields"]["term_years"]
    assert field["value"] == 12 and field["support"] == "analyst"
    assert field["decisions"][0]["id"] == decision["id"]
    assert [old["value"] for old in field["superseded"]] == [10]

    undone = client.post("/api/decisions", headers=_bearer(ana),
                         json={"action": "undo", "decision": decision["id"]})

    assert undone.status_code == 201, undone.text
    assert undone.json()["decision"]["undoes"] == decision["id"]
    after = _record(client)
    for key in ("term_years", "expires_on", "fields", "provisions", "history", "status"):
        assert after[key] == before[key], key
    log = client.get("/api/decisions", params={"agreement": "UA-US-2024"}).json()
    assert [(row["action"], row["undone_by"]) for row in log] == [
        ("undo", None), ("correct", undone.json()["decision"]["id"])]


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"action": "correct", "agreement": "UA-US-2024", "field": "term_years",
      "value": "ten", "source_url": SOURCE}, 422, "PW023"),
    ({"action": "correct", "agreement": "UA-US-2024", "field": "provision:hugs",
      "value": "included", "source_url": SOURCE}, 422, "PW023"),
    ({"action": "correct", "agreement": "UA-US-2024", "field": "term_years",
      "value": "12", "source_url": "javascript:alert(1)"}, 422, "PW023"),
    ({"action": "correct", "agreement": "XX-YY", "field": "term_years", "value": "12",
      "source_url": SOURCE}, 404, "PW020"),
    ({"action": "reject", "claim": "0000000000000000"}, 404, "PW021"),
    ({"action": "undo", "decision": 999}, 404, "PW022"),
    ({"action": "undo", "decision": 2**40}, 422, None),
    ({"action": "delete", "claim": "0000000000000000"}, 422, None),
    ({"action": "reject", "claim": "abc\u0000def"}, 422, None),
])
def test_api_decisions_bad_requests_are_problem_documents_and_store_nothing(
        client: TestClient, ana: str, body: dict[str, Any], status: int,
        code: str | None) -> None:
    before = _record(client)

    response = client.post("/api/decisions", headers=_bearer(ana), json=body)

    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json().get("code") == code
    assert "Traceback" not in response.text
    assert client.get("/api/decisions").json() == []
    assert _record(client) == before


def test_api_review_is_the_queue_and_decisions_filter(client: TestClient, ana: str) -> None:
    queue = client.get("/api/review", params={"agreement": "UA-US"})
    assert queue.status_code == 200
    items = queue.json()
    assert items and {item["agreement"] for item in items} == {"UA-US-2024"}
    assert {"reason", "field", "claims", "why"} <= set(items[0])
    conflicting = next(i for i in items if i["reason"] == "conflicting_field")

    client.post("/api/decisions", headers=_bearer(ana), json={
        "action": "correct", "agreement": "UA-US-2024", "field": conflicting["field"],
        "value": "16", "source_url": SOURCE})

    fields = [i["field"] for i in client.get("/api/review", params={"agreement": "UA-US"})
              .json()]
    assert conflicting["field"] not in fields
    assert len(client.get("/api/decisions", params={"by": "Ana Analyst"}).json()) == 1
    assert client.get("/api/decisions", params={"agreement": "GB-UA"}).json() == []
    unknown = client.get("/api/review", params={"agreement": "XX-YY"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "PW020"


def test_api_a_token_file_the_server_cannot_use(client: TestClient, ana: str,
                                                token_file: Path) -> None:
    token_file.write_text("Ana Analyst:not-a-hash\n", encoding="utf-8")

    response = client.post("/api/decisions", headers=_bearer(ana),
                           json={"action": "accept", "claim": "0000000000000000"})

    assert response.status_code == 500
    assert response.json()["code"] == "PW024"
    assert str(token_file) not in response.text
    with pytest.raises(BadToken, match=r"tokens:1: expected NAME:SHA256-HEX"):
        create_app(str(token_file.parent / "other.db"))
