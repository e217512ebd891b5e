"""`pactwatch reextract`: after the vocabulary changes, stored documents are extracted
again; claims found again stay, the others are soft-deleted with a pointer to what
replaced them, people's claims are untouched, and a second run changes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from pactwatch import vocab
from pactwatch.ingest.reextract import reextract
from pactwatch.ingest.run import ingest
from pactwatch.nlp import pipeline
from pactwatch.records import Claim
from pactwatch.store.models import ClaimRow
from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

STORY = """\
Norway and Ukraine signed a ten-year security agreement in Oslo on 12 March 2024.

Under the agreement Norway will train Ukrainian pilots and share intelligence with Kyiv.
"""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "norway.txt"
    path.write_text(STORY, encoding="utf-8")
    return path


def _reset_caches() -> None:
    for cached in (vocab.provision_kinds, vocab.provision_kind_ids, vocab.kind_by_id,
                   pipeline._pipeline):
        cached.cache_clear()


@pytest.fixture
def renamed_training(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The vocabulary with the kind "training" renamed "pilot_training" (a change to the
    provision-kind file only, as an analyst would make it)."""
    text = resources.files("pactwatch.data").joinpath("provision_kinds.yaml").read_text(
        encoding="utf-8")
    data = yaml.safe_load(text)
    for kind in data["kinds"]:
        if kind["id"] == "training":
            kind["id"] = "pilot_training"
    original = vocab._load

    def load(name: str, model: type[BaseModel]) -> Any:
        if name == "provision_kinds.yaml":
            return model.model_validate(data)
        return original(name, model)

    monkeypatch.setattr(vocab, "_load", load)
    _reset_caches()
    yield
    monkeypatch.undo()
    _reset_caches()


def _kinds(store: Store) -> set[str]:
    return {c.value["kind"] for c in store.claims() if c.predicate == "provision"}


def _rows(store: Store) -> list[ClaimRow]:
    with Session(store.engine) as session:
        return list(session.scalars(select(ClaimRow)))


@pytest.mark.issue(12)
def test_reextract_with_unchanged_rules_changes_nothing(store: Store, story: Path) -> None:
    ingest(store, [str(story)], progress=False)
    before = {row.id for row in _rows(store)}
    report = reextract(store, progress=False)
    assert (report.documents, report.added, report.superseded) == (1, 0, 0)
    assert report.kept == len(before)
    assert {row.id for row in _rows(store)} == before


@pytest.mark.issue(12)
def test_reextract_after_a_vocabulary_change_supersedes_with_a_pointer(
        store: Store, story: Path, request: pytest.FixtureRequest) -> None:
    ingest(store, [str(story)], progress=False)
    assert "training" in _kinds(store)
    request.getfixturevalue("renamed_training")

    report = reextract(store, progress=False)
    assert report.superseded >= 1 and report.added >= 1
    assert "pilot_training" in _kinds(store) and "training" not in _kinds(store)
    [old] = [r for r in _rows(store) if r.predicate == "provision"
             and r.value["kind"] == "training"]
    assert old.deleted_at is not None
    new_ids = {r.id for r in _rows(store) if r.deleted_at is None
               and r.predicate == "provision" and r.value["kind"] == "pilot_training"}
    assert old.superseded_by is not None and new_ids <= set(old.superseded_by["claims"])
    [record] = store.agreements()
    assert "pilot_training" in {row["kind"] for row in record["provisions"]}

    again = reextract(store, progress=False)
    assert (again.added, again.superseded) == (0, 0)


@pytest.mark.issue(12)
def test_reextract_never_touches_claims_written_by_people(
        store: Store, story: Path, request: pytest.FixtureRequest) -> None:
    report = ingest(store, [str(story)], progress=False)
    [doc_id] = report.stored
    note = Claim(doc_id, ("NO", "UA"), "provision",
                 {"kind": "training", "obligors": ["NO"], "beneficiaries": ["UA"]},
                 start=0, end=10, text=STORY[:10], attribution_kind="analyst",
                 confidence=1.0)
    store.add_claims([note], author="analyst@example.org")
    request.getfixturevalue("renamed_training")
    assert reextract(store, progress=False).superseded >= 1
    [row] = [r for r in _rows(store) if r.author == "analyst@example.org"]
    assert row.deleted_at is None and row.superseded_by is None


def test_reextract_cli_names_an_unknown_agreement(tmp_path: Path) -> None:
    pactwatch = Path(sys.executable).parent / "pactwatch"
    done = subprocess.run([str(pactwatch), "--db", str(tmp_path / "p.db"), "reextract",
                           "--agreement", "XX-YY-2024"], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("[PW020] XX-YY-2024")
