"""Party codes in query parameters are checked like the CLI's: any spelling of a known
party works, an unknown one is a 422 problem document naming the parameter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pactwatch.api.app import create_app
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

AT = "2024-07-01T03:00:00Z"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = str(Path(tmp_path_factory.mktemp("api-codes")) / "pactwatch.db")
    with Store.open(db) as store:
        load_reference(store)
    with TestClient(create_app(db), raise_server_exceptions=False) as test_client:
        yield test_client


def test_api_codes_names_and_alpha_3_resolve(client: TestClient) -> None:
    by_code = client.get("/api/agreements", params={"party": "UA"}).json()
    assert by_code
    assert client.get("/api/agreements", params={"party": "ukraine"}).json() == by_code
    france = client.get("/api/agreements", params={"party": "FRA"}).json()
    assert [r["id"] for r in france] == ["FR-UA-2024"]
    attack = client.get("/api/simulate/attack", params={"on": "Ukraine", "at": AT})
    assert attack.status_code == 200 and attack.json()["in_force"]


@pytest.mark.parametrize(("path", "params", "name"), [
    ("/api/agreements", {"party": "Narnia"}, "party"),
    ("/api/simulate/attack", {"on": "XQ", "at": AT}, "on"),
    ("/api/risk", {"without": "Germny"}, "without"),
    ("/api/risk", {"party": "XQ"}, "party"),
])
def test_api_codes_unknown_party_is_a_422_naming_the_parameter(
        client: TestClient, path: str, params: dict[str, str], name: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 422
    assert body["detail"].startswith(f"{name}: unknown party {params[name]!r}")


def test_api_codes_near_miss_is_suggested(client: TestClient) -> None:
    response = client.get("/api/risk", params={"without": "Germny"})
    assert response.json()["detail"] == \
        "without: unknown party 'Germny'; did you mean DE (Germany)?"
