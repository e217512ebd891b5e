"""`pactwatch watch --once` against a news site on loopback: the good articles are stored,
each bad source or article is one line, a second round asks with validators and stores
nothing new, and the changes show the agreement appearing as expected and then signed,
each with its source, delivered once to a signed webhook."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import feedparser
import pytest
from fastapi.testclient import TestClient
from loopback import LoopbackServer, Route
from newsroom import pactwatch, watch

from pactwatch.api.app import create_app
from pactwatch.watch.webhooks import SIGNATURE_HEADER, signature

pytestmark = pytest.mark.slow
SECRET = "a test secret for the webhook signature"


def _documents(db: Path) -> list[tuple[str, str, int]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT url, title, relevant FROM documents ORDER BY url").fetchall()


@pytest.fixture
def receiver() -> LoopbackServer:
    with LoopbackServer({"/hook": Route(status=204)}) as server:
        yield server


def test_a_round_stores_the_good_articles_and_reports_each_bad_one(
        news_site: LoopbackServer, receiver: LoopbackServer, tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    feeds = [news_site.url("/rss.xml"), news_site.url("/atom.xml"),
             news_site.url("/broken.xml")]
    hook = ["--webhook", receiver.url("/hook")]
    env = {"PACTWATCH_WEBHOOK_SECRET": SECRET}

    first = watch(str(db), "--once", "--allow-private-addresses", *hook, *feeds, env=env)

    assert first.returncode == 1, first.stderr
    lines = first.stderr.strip().splitlines()
    assert len(lines) == 4, lines
    assert any(line.startswith("[PW071]") and "/broken.xml" in line for line in lines)
    assert any("/news/taken-down" in line and "HTTP 404" in line for line in lines)
    assert any("/news/slow" in line and "timed out" in line for line in lines)
    assert any("/news/huge" in line and "larger than" in line for line in lines)
    stored = _documents(db)
    assert [url.rsplit("/", 1)[-1] for url, _, _ in stored] == [
        "portugal-signs", "portugal-to-sign", "tram-line"]
    assert [relevant for *_, relevant in stored] == [1, 1, 0]
    # The article in both feeds (once with a fragment) was fetched once.
    assert len(news_site.requests_for("/news/portugal-to-sign")) == 1

    changes = json.loads(pactwatch(str(db), "changes", "--json").stdout)
    by_kind = {change["kind"]: change for change in changes}
    appeared, signed = by_kind["agreement_new"], by_kind["status_changed"]
    assert appeared["agreement"] == signed["agreement"] == "PT-UA-2024"
    assert appeared["new"]["status"] == "expected"
    assert (signed["old"], signed["new"]) == ("expected", "signed")
    assert appeared["id"] < signed["id"]
    sources = {doc["id"]: doc["url"] for doc in json.loads(
        pactwatch(str(db), "show", "PT-UA-2024", "--json").stdout)["sources"]}
    assert [sources[d].rsplit("/", 1)[-1] for d in appeared["documents"]] == [
        "portugal-to-sign"]
    assert [sources[d].rsplit("/", 1)[-1] for d in signed["documents"]] == ["portugal-signs"]

    # The changes feed a reader subscribes to: valid Atom, each entry on the agreement.
    with TestClient(create_app(str(db))) as client:
        atom = feedparser.parse(client.get("/changes.atom").content)
        assert atom.bozo == 0 and len(atom.entries) == len(changes)
        # (the feeds' newest entries are from 2024, so each is also reported stale)
        links = {entry.link for entry in atom.entries if "source" not in entry.title}
        assert links == {"http://testserver/agreements/PT-UA-2024"}
        assert client.get("/agreements/PT-UA-2024").status_code == 200

    # Each change reached the webhook once, signed over the exact body.
    posts = receiver.requests_for("/hook")
    assert sorted(json.loads(p.body)["id"] for p in posts) == [c["id"] for c in changes]
    assert all(p.headers[SIGNATURE_HEADER.lower()] == signature(SECRET, p.body)
               for p in posts)

    second = watch(str(db), "--once", "--allow-private-addresses", *hook, *feeds, env=env)

    assert _documents(db) == stored
    assert "stored 0 document(s)" in second.stdout
    for path in ("/rss.xml", "/atom.xml"):
        again = news_site.requests_for(path)[-1]
        assert again.headers.get("if-none-match") or again.headers.get("if-modified-since")
    assert news_site.statuses_for("/rss.xml") == news_site.statuses_for("/atom.xml") == [
        200, 304]
    # The slow article timed out: a passing failure, so it was tried again; the gone and
    # the huge ones were not.
    assert len(news_site.requests_for("/news/slow")) == 2
    assert len(news_site.requests_for("/news/taken-down")) == 1
    assert len(news_site.requests_for("/news/huge")) == 1
    assert len(receiver.requests_for("/hook")) == len(posts)

