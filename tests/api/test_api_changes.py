"""Changes out over the API: `GET /api/changes` (filters, pages that neither skip nor
repeat a change while new ones arrive, a coded 422 for a bad since) and the Atom feed at
`GET /changes.atom` (valid for feedparser, stable entry ids, links to the agreement
pages). Documents go in through `POST /api/ingest`, the same path as any client's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
from fastapi.testclient import TestClient

from pactwatch.api.app import create_app

pytestmark = pytest.mark.slow  # the real spaCy model reads every posted document

TOKEN = "changes-test-token"

# Written for these tests: a report before a signing, the report of the signing, and a
# story about another agreement.
EXPECTED = {
    "text": "Norway and Ukraine expected to sign security pact on Thursday\n\n"
            "Negotiators from Norway and Ukraine have settled the text of a ten-year "
            "bilateral security agreement, and the two governments are expected to sign "
            "it on Thursday, officials in Oslo said. The pact covers the training of "
            "Ukrainian soldiers and closer intelligence sharing.",
    "outlet": "Fjord Wire", "title": "Norway and Ukraine expected to sign security pact",
    "url": "https://fjordwire.example/2024/06/10/pact", "published": "2024-06-10",
}
SIGNED = {
    "text": "Norway and Ukraine sign ten-year security pact\n\n"
            "Norway and Ukraine signed a ten-year bilateral security agreement in Oslo on "
            "Thursday. The agreement covers the training of Ukrainian soldiers, "
            "intelligence sharing and joint production of air defence equipment. It does "
            "not include a mutual defence clause.",
    "outlet": "Harbour Post", "title": "Norway and Ukraine sign security pact",
    "url": "https://harbourpost.example/news/norway-ukraine-pact", "published": "2024-06-13",
}
OTHER = {
    "text": "Iceland and Ukraine sign security agreement\n\n"
            "Iceland and Ukraine signed a ten-year security agreement in Reykjavik on "
            "Friday. Under the agreement Iceland will fund the training of Ukrainian "
            "deminers and support Ukraine's reconstruction.",
    "outlet": "North Atlantic Ledger", "title": "Iceland and Ukraine sign security agreement",
    "published": "2024-05-31",
}


@pytest.fixture
def client(database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """The API over a new, empty database (an SQLite file, then PostgreSQL)."""
    monkeypatch.setenv("PACTWATCH_TOKEN", TOKEN)
    with TestClient(create_app(database), raise_server_exceptions=False) as test_client:
        yield test_client


def _post(client: TestClient, story: dict[str, str]) -> str:
    done = client.post("/api/ingest", json=story, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 201, done.text
    return str(done.json()["id"])


def _all(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/changes", params={"limit": 500, **params})
    assert response.status_code == 200, response.text
    return list(response.json()["changes"])


def test_api_changes_show_the_agreement_appearing_then_signed_with_its_sources(
        client: TestClient) -> None:
    assert client.get("/api/changes").json() == {"changes": [], "total": 0, "next": None}
    expected_doc = _post(client, EXPECTED)
    [new] = _all(client)
    assert new["kind"] == "agreement_new" and new["agreement"] == "NO-UA-2024"
    assert new["new"]["status"] == "expected" and new["new"]["signed_on"] == "2024-06-13"
    assert new["documents"] == [expected_doc] and new["claims"]
    assert new["summary"].startswith("NO-UA-2024: new agreement: ")
    assert "signing expected on 2024-06-13" in new["summary"]

    signed_doc = _post(client, SIGNED)
    later = _all(client, after=new["id"])
    status = [c for c in later if c["kind"] == "status_changed"]
    assert [(c["old"], c["new"], c["documents"]) for c in status] == [
        ("expected", "signed", [signed_doc])]
    assert status[0]["summary"] == "NO-UA-2024: status expected → signed"
    excluded = [c["field"] for c in later if c["kind"] == "provision_excluded"]
    assert excluded == ["provision:mutual_defense"]
    assert client.get("/api/changes").json()["total"] == 1 + len(later)


def test_api_changes_filter_by_agreement_and_since(client: TestClient) -> None:
    _post(client, EXPECTED)
    _post(client, OTHER)
    _post(client, SIGNED)
    every = _all(client)
    norway = [c for c in every if c["agreement"] == "NO-UA-2024"]
    assert norway and len(norway) < len(every)
    assert _all(client, agreement="no-ua-2024") == norway  # any case
    listed = client.get("/api/changes", params={"agreement": "NO-UA-2024"}).json()
    assert listed["total"] == len(norway)
    gone = client.get("/api/changes", params={"agreement": "XX-YY-2024"})
    assert gone.status_code == 200
    assert gone.json() == {"changes": [], "total": 0, "next": None}

    # Each ingest's changes share its time; since that time gives them and what followed.
    last_ingest = every[-1]["time"]
    assert every[0]["time"] < last_ingest
    recent = [c for c in every if c["time"] >= last_ingest]
    assert _all(client, since=last_ingest) == recent
    moment = datetime.fromisoformat(last_ingest)
    elsewhere = moment.astimezone(datetime.fromisoformat("2024-01-01T00:00+05:30").tzinfo)
    assert _all(client, since=elsewhere.isoformat()) == recent  # the same instant
    assert _all(client, since=every[0]["time"][:10]) == every  # a date: from midnight UTC
    tomorrow = (moment + timedelta(days=1)).isoformat()
    assert _all(client, since=tomorrow) == []
    both = _all(client, since=last_ingest, agreement="NO-UA-2024")
    assert both == [c for c in recent if c["agreement"] == "NO-UA-2024"]


def test_api_changes_pages_neither_skip_nor_repeat_while_changes_arrive(
        client: TestClient) -> None:
    _post(client, EXPECTED)
    _post(client, SIGNED)
    before = _all(client)
    assert len(before) >= 4

    first = client.get("/api/changes", params={"limit": 2}).json()
    assert [c["id"] for c in first["changes"]] == [c["id"] for c in before[:2]]
    assert first["total"] == len(before)
    assert first["next"] is not None
    _post(client, OTHER)  # new changes arrive between two pages
    after = _all(client)
    assert len(after) > len(before)

    seen = [c["id"] for c in first["changes"]]
    following = first["next"]
    pages = 1
    while following:
        page = client.get(following).json()
        assert 0 < len(page["changes"]) <= 2
        assert page["total"] == len(after)
        seen += [c["id"] for c in page["changes"]]
        following = page["next"]
        pages += 1
    assert seen == [c["id"] for c in after]  # in id order, each once, the new ones last
    assert pages == -(-len(after) // 2)
    last = client.get("/api/changes", params={"after": seen[-1]}).json()
    assert last["changes"] == [] and last["next"] is None


def test_api_changes_bad_parameters_are_problems(client: TestClient) -> None:
    response = client.get("/api/changes", params={"since": "last Tuesday"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "PW075" and body["status"] == 422
    assert body["detail"].startswith("[PW075] since: not an ISO 8601 date or time")
    assert "Traceback" not in response.text
    for params in ({"limit": 0}, {"limit": 501}, {"after": -1}, {"after": "x"}):
        refused = client.get("/api/changes", params=params)
        assert refused.status_code == 422, params
        assert refused.headers["content-type"] == "application/problem+json"


def test_api_changes_are_documented_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    listed = paths["/api/changes"]["get"]
    assert {p["name"] for p in listed["parameters"]} == {"since", "agreement", "after",
                                                        "limit"}
    assert "ChangesPage" in str(listed["responses"]["200"])
    assert "application/atom+xml" in paths["/changes.atom"]["get"]["responses"]["200"][
        "content"]


def _feed(client: TestClient, **params: str) -> Any:
    response = client.get("/changes.atom", params=params)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_api_changes_atom_feed_links_every_entry_to_its_agreement_page(
        client: TestClient) -> None:
    expected_doc = _post(client, EXPECTED)
    _post(client, SIGNED)
    changes = _all(client)
    feed = _feed(client)
    assert feed.feed.title == "pactwatch: changes to agreement records"
    assert feed.feed.id == "urn:pactwatch:changes"
    assert any(link.rel == "self" and link.href.endswith("/changes.atom")
               for link in feed.feed.links)
    newest_first = changes[::-1]
    assert [e.title for e in feed.entries] == [c["summary"] for c in newest_first]
    assert datetime.fromisoformat(feed.feed.updated) == datetime.fromisoformat(
        newest_first[0]["time"])
    assert [datetime.fromisoformat(e.updated) for e in feed.entries] == [
        datetime.fromisoformat(c["time"]) for c in newest_first]

    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) == len(changes)
    assert [e.id for e in _feed(client).entries] == ids  # stable across requests

    for entry in feed.entries:
        link = urlsplit(entry.link)
        assert link.scheme == "http" and link.path == "/agreements/NO-UA-2024"
        page = client.get(link.path)
        assert page.status_code == 200 and "Norway" in page.text

    first = feed.entries[-1]  # the oldest: the agreement appearing, from the first report
    body = first.content[0].value
    assert "Fjord Wire · 2024-06-10" in body
    assert f"/sources/{expected_doc}" in body
    assert client.get(f"/sources/{expected_doc}").status_code == 200
    signed = next(e for e in feed.entries if e.title.endswith("status expected → signed"))
    assert "Before: expected" in signed.content[0].value
    assert "Now: signed" in signed.content[0].value
    assert "Harbour Post · 2024-06-13" in signed.content[0].value


def test_api_changes_atom_feed_for_one_agreement(client: TestClient) -> None:
    _post(client, EXPECTED)
    _post(client, OTHER)
    feed = _feed(client, agreement="NO-UA-2024")
    assert feed.feed.id == "urn:pactwatch:changes:NO-UA-2024"
    assert feed.entries and all(e.title.startswith("NO-UA-2024: ") for e in feed.entries)
    assert len(feed.entries) == len(_all(client, agreement="NO-UA-2024"))
    assert _feed(client, agreement="XX-YY-2024").entries == []


def test_api_changes_atom_feed_answers_304_until_something_changes(
        client: TestClient) -> None:
    _post(client, EXPECTED)
    first = client.get("/changes.atom")
    tag = first.headers["etag"]
    again = client.get("/changes.atom", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    _post(client, SIGNED)
    changed = client.get("/changes.atom", headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert len(feedparser.parse(changed.content).entries) == len(_all(client))


def test_api_changes_atom_feed_of_an_empty_store_is_valid(client: TestClient) -> None:
    feed = _feed(client)
    assert feed.entries == []
    assert feed.feed.updated  # now, when nothing has changed yet
