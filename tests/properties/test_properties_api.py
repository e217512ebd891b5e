"""The API's ingest endpoints on hostile requests, over a real SQLite store: any JSON body,
any bytes under any content type, any upload gets a 2xx or a 4xx problem document, never a
500; a refused request leaves the stored documents and claims as they were, and an
accepted one stores its document with every claim extraction finds in it, all at once.

These requests run the whole ingest (spaCy included), so they get a smaller budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import example, given, settings
from hypothesis import strategies as st
from property_inputs import (
    AGREEMENT_TEXT,
    ANY_CHAR,
    DATE_STRINGS,
    HOSTILE_TEXT,
    json_values,
    note,
    storable,
    to_json_bytes,
)

from pactwatch.api.app import create_app
from pactwatch.nlp.pipeline import extract
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

TOKEN = "property-token"
RIGHT = f"Bearer {TOKEN}"
BUDGET = settings(max_examples=max(10, settings().max_examples // 3))  # of the profile's
AUTH = st.sampled_from([RIGHT, RIGHT, RIGHT, RIGHT, f"bearer {TOKEN}", None, "Bearer nope",
                        f"Basic {TOKEN}", "Bearer", "Bearer \u00e9"])


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Store]]:
    """The app over a store holding the reference agreements, and the same store opened
    beside it to look at what requests wrote."""
    db = str(tmp_path_factory.mktemp("api") / "pactwatch.db")
    with Store.open(db) as store:
        load_reference(store)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PACTWATCH_TOKEN", TOKEN)
        with Store.open(db) as store, \
                TestClient(create_app(db), raise_server_exceptions=False) as client:
            yield client, store


Snapshot = tuple[frozenset[str], frozenset[str]]


def snapshot(store: Store) -> Snapshot:
    return (frozenset(d["id"] for d in store.documents()),
            frozenset(c["id"] for c in store.claim_rows()))


def checked(store: Store, before: Snapshot, response: httpx.Response,
            sent_text: str | None = None) -> None:
    """A 2xx stored the whole document or nothing new; anything else is a 4xx problem
    document and changed nothing."""
    note(f"status {response.status_code}")
    assert response.status_code < 500, response.text
    assert "default-src 'self'" in response.headers["content-security-policy"]
    after = snapshot(store)
    if response.status_code >= 300:
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == "application/problem+json"
        body = response.json()
        assert {"type", "title", "status", "detail"} <= set(body)
        assert body["status"] == response.status_code and "Traceback" not in response.text
        if "code" in body:
            assert re.fullmatch(r"PW\d{3}", body["code"]) and body["code"] != "PW000"
            assert body["detail"].startswith(f"[{body['code']}] ")
        assert after == before, "a refused request changed the store"
        return
    report = response.json()
    doc_id = report["id"]
    if not report["stored"]:  # the same content was stored already
        assert after == before and doc_id in before[0]
        return
    assert report["stored"] == [doc_id] and after[0] == before[0] | {doc_id}
    stored = store.document(doc_id)
    assert stored is not None
    if sent_text is not None:
        assert stored["text"] == sent_text
    for name in ("text", "outlet", "title", "url", "lang"):  # PostgreSQL could hold it too
        assert stored[name] is None or storable(stored[name]), (name, stored[name])
    raw = store.stored_raw(doc_id)
    assert raw is not None
    expected = {c.claim_id for c in extract(raw)}  # what extraction of that text gives
    new = after[1] - before[1]
    assert new == expected and report["claims"] == len(expected)
    assert {c["document_id"] for c in store.claim_rows(ids=new)} <= {doc_id}
    note("stored with claims" if expected else "stored without claims")


def post(client: TestClient, path: str, auth: str | None, **kwargs: Any) -> httpx.Response:
    headers = kwargs.pop("headers", {})
    if auth is not None:
        headers["Authorization"] = auth.encode("utf-8")  # a header of any bytes
    return client.post(path, headers=headers, **kwargs)


# --- POST /api/ingest -------------------------------------------------------------------

FIELD = st.one_of(st.none(), HOSTILE_TEXT, json_values(), st.just("Harbour Herald"))
TEXT = st.one_of(AGREEMENT_TEXT, HOSTILE_TEXT, json_values(),
                 st.tuples(AGREEMENT_TEXT, st.text(ANY_CHAR, max_size=20)).map("".join))
BODIES = st.fixed_dictionaries(
    {"text": TEXT},
    optional={"outlet": FIELD, "title": FIELD, "url": FIELD, "lang": FIELD,
              "published": st.one_of(st.none(), DATE_STRINGS, json_values(),
                                     st.integers(-(10**12), 10**12),
                                     st.dates().map(str)),
              "extra": json_values()},
)


@BUDGET
@given(body=st.one_of(BODIES, json_values()), ascii_only=st.booleans(), auth=AUTH)
@example(body={"text": "Norway and Ukraine signed a security pact.\ud800"}, ascii_only=True,
         auth=RIGHT)
@example(body={"text": "Norway and Ukraine signed a security pact.\x00"}, ascii_only=True,
         auth=RIGHT)  # once stored as it came: a 500 on PostgreSQL
@example(body={"text": "The harbour board met on Monday.", "title": "\x00"}, ascii_only=True,
         auth=RIGHT)
@example(body={"text": "Norway and Ukraine signed a ten-year security agreement today.",
               "published": "9999-12-31"}, ascii_only=True, auth=RIGHT)
@example(body={"text": "Spain and Ukraine will sign a security agreement on Thursday.",
               "published": "0001-01-01"}, ascii_only=True, auth=RIGHT)
@example(body={"text": "The agreement was signed on 31 December 9999 and runs for 10 years. "
                       "Norway and Ukraine signed it.", "published": "2024-06-12"},
         ascii_only=True, auth=RIGHT)
def test_api_ingest_any_json_body(api: tuple[TestClient, Store], body: Any, ascii_only: bool,
                                  auth: str | None) -> None:
    client, store = api
    before = snapshot(store)
    response = post(client, "/api/ingest", auth, content=to_json_bytes(body, ascii_only),
                    headers={"Content-Type": "application/json"})
    text = body.get("text") if isinstance(body, dict) else None
    checked(store, before, response, text if isinstance(text, str) else None)


CONTENT_TYPES = st.sampled_from([
    None, "application/json", "application/json; charset=utf-16", "text/plain",
    "application/x-www-form-urlencoded", "multipart/form-data",
    "multipart/form-data; boundary=pw", "multipart/form-data; boundary=", "application/xml",
    "application/problem+json", "*/*", "\u00e9/\u00e9"])


@st.composite
def multipart_like(draw: st.DrawFn) -> bytes:
    """A multipart body, broken somewhere: its boundary, its headers or its end."""
    name = draw(st.sampled_from(["file", "published", "files", "", '"']))
    filename = draw(st.sampled_from(["story.txt", "page.html", "a.pdf", "x", "", "..",
                                     "\u00e9.md", 'a"b.txt']))
    content = draw(st.one_of(st.binary(max_size=200), AGREEMENT_TEXT.map(str.encode)))
    part = (f'--pw\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"'
            f"\r\nContent-Type: text/plain\r\n\r\n").encode("utf-8", "replace") + content
    return part + draw(st.sampled_from([b"\r\n--pw--\r\n", b"", b"\r\n--pw", b"--pw--"]))


@BUDGET
@given(path=st.sampled_from(["/api/ingest", "/api/ingest/file"]), content_type=CONTENT_TYPES,
       data=st.one_of(st.binary(max_size=500), multipart_like(),
                      AGREEMENT_TEXT.map(str.encode)), auth=AUTH)
@example(path="/api/ingest/file", content_type="multipart/form-data; boundary=pw",
         data=b'--pw\r\nContent-Disposition: form-data; name="file"; filename="s.txt"\r\n'
              b"\r\nNorway and Ukraine signed a security pact on Friday.\r\n--pw--\r\n",
         auth=RIGHT)
def test_api_ingest_any_bytes_under_any_content_type(api: tuple[TestClient, Store], path: str,
                                                     content_type: str | None, data: bytes,
                                                     auth: str | None) -> None:
    client, store = api
    before = snapshot(store)
    headers = {"Content-Type": content_type.encode()} if content_type is not None else {}
    checked(store, before, post(client, path, auth, content=data, headers=headers))


# --- POST /api/ingest/file ----------------------------------------------------------------

FILENAMES = st.one_of(
    st.sampled_from(["story.txt", "story.md", "page.html", "page.HTM", "report.pdf",
                     "story", "story.docx", "../../etc/story.txt", "C:\\temp\\story.txt",
                     ".txt", "story.meta.json", "s\u00e9.txt", " .txt"]),
    st.tuples(st.text(ANY_CHAR, max_size=12), st.sampled_from([".txt", ".html", ".pdf", ""]))
    .map("".join),
)
CONTENTS = st.one_of(st.binary(max_size=600), AGREEMENT_TEXT.map(str.encode),
                     AGREEMENT_TEXT.map(lambda t: f"<html><body><article><p>{t}</p>"
                                                  f"</article></body></html>".encode()))
FORM = st.fixed_dictionaries({}, optional={
    "published": st.one_of(DATE_STRINGS, st.dates().map(str)),
    "outlet": st.text(ANY_CHAR, max_size=20), "title": st.text(ANY_CHAR, max_size=20),
    "url": st.text(ANY_CHAR, max_size=20)})


def _form_value(value: str) -> str:
    return value.encode("utf-8", "replace").decode("utf-8")  # a form cannot carry surrogates


@BUDGET
@given(filename=FILENAMES, content=CONTENTS, form=FORM, auth=AUTH)
@example(filename="story", content=b"Norway and Ukraine signed a pact.", form={}, auth=RIGHT)
@example(filename="story.txt", content=b"The harbour board met on Monday.",
         form={"outlet": "Harbour\x00Herald"}, auth=RIGHT)
@example(filename="story.txt", content=b"Norway and Ukraine signed a security pact today.",
         form={"published": "9999-12-31"}, auth=RIGHT)
def test_api_ingest_file_any_upload(api: tuple[TestClient, Store], filename: str,
                                    content: bytes, form: dict[str, str],
                                    auth: str | None) -> None:
    client, store = api
    before = snapshot(store)
    response = post(client, "/api/ingest/file", auth,
                    files={"file": (_form_value(filename), content, "application/octet-stream")},
                    data={k: _form_value(v) for k, v in form.items()})
    checked(store, before, response)


def test_api_ingest_properties_reach_the_store(api: tuple[TestClient, Store]) -> None:
    """The checks above see stored documents too, not only refusals: a plain story goes in
    with its claims."""
    client, store = api
    before = snapshot(store)
    text = ("Norway and Ukraine signed a ten-year security agreement in Oslo on Monday. "
            "It covers the training of pilots.")
    response = post(client, "/api/ingest", RIGHT, json={"text": text, "published": "2024-03-06"})
    assert response.status_code == 201, response.text
    checked(store, before, response, text)
    assert response.json()["claims"] > 0
