"""Analysts' decisions: a rejected claim stops counting, a correction decides its field,
an undo restores exactly what was there, and decisions survive re-ingest and reextract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pactwatch.errors import BadDecision
from pactwatch.ingest.reextract import reextract
from pactwatch.ingest.run import ingest
from pactwatch.review.audit import audit_log, orphaned
from pactwatch.review.decide import correct, judge, undo
from pactwatch.store.repository import Store

SIGNING = ("Norway and Ukraine signed a ten-year security agreement in Oslo on 3 May 2024. "
           "Norway will train Ukrainian pilots, the prime minister of Norway said.\n")
SOURCE = "https://www.regjeringen.no/en/example-agreement-text"


@pytest.fixture
def signed(store: Store, tmp_path: Path) -> Store:
    story = tmp_path / "signing.txt"
    story.write_text(SIGNING, encoding="utf-8")
    ingest(store, [str(story)], progress=False)
    return store


def _record(store: Store) -> dict[str, Any]:
    [record] = store.agreements(["NO", "UA"])
    return record


def _derived(store: Store) -> dict[str, Any]:
    record = _record(store)
    return {"record": record, "links": store.agreement_claim_ids(record["id"]),
            "history": store.history(record["id"])}


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_a_rejected_claim_no_longer_supports_its_field(signed: Store) -> None:
    before = _record(signed)
    [term_claim] = before["fields"]["term_years"]["claims"]

    outcome = judge(signed, "reject", term_claim, "Ana Analyst", reason="misread")

    after = _record(signed)
    assert after["term_years"] is None
    assert "term_years" not in after["fields"]
    assert after["expires_on"] is None
    assert [r["claim"] for r in after["rejected"]] == [term_claim]
    assert after["rejected"][0]["decision"]["id"] == outcome.decision.id
    assert after["rejected"][0]["decision"]["author"] == "Ana Analyst"


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_an_accepted_claim_counts_as_confirmed(signed: Store) -> None:
    field = _record(signed)["fields"]["term_years"]
    assert field["support"] == "reported"

    judge(signed, "accept", field["claims"][0], "Ana Analyst")

    decided = _record(signed)["fields"]["term_years"]
    assert decided["support"] == "confirmed"
    assert decided["decisions"][0]["action"] == "accept"


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_a_correction_decides_its_field_and_lists_what_it_overrides(
        signed: Store) -> None:
    record = _record(signed)

    outcome = correct(signed, record["id"], "term_years", "15", "Ana Analyst", SOURCE,
                      note="the text says fifteen")

    field = _record(signed)["fields"]["term_years"]
    assert _record(signed)["term_years"] == 15
    assert field["support"] == "analyst"
    assert field["decisions"] == [{"id": outcome.decision.id, "action": "correct",
                                   "author": "Ana Analyst",
                                   "at": outcome.decision.created_at.isoformat(),
                                   "source_url": SOURCE, "note": "the text says fifteen"}]
    [superseded] = field["superseded"]
    assert superseded["value"] == 10
    assert superseded["claims"] == record["fields"]["term_years"]["claims"]


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_a_provision_can_be_corrected_to_excluded(signed: Store) -> None:
    record = _record(signed)

    correct(signed, record["id"], "provision:training", "excluded", "Ana Analyst", SOURCE)

    [row] = [r for r in _record(signed)["provisions"] if r["kind"] == "training"]
    assert (row["polarity"], row["support"]) == ("excluded", "analyst")


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_undo_restores_exactly_what_was_there(signed: Store) -> None:
    before = _derived(signed)
    record = before["record"]
    rejected = judge(signed, "reject", record["fields"]["signed_on"]["claims"][0], "Ana")
    unsigned = _record(signed)  # no signing date: no year in its id
    corrected = correct(signed, unsigned["id"], "term_years", "12", "Ben", SOURCE)

    undo(signed, corrected.decision.id, "Ben", reason="wrong text")
    undo(signed, rejected.decision.id, "Ana")

    assert _derived(signed) == before
    log = [(d.action, d.undoes) for d in signed.decisions()]
    assert log == [("undo", rejected.decision.id), ("undo", corrected.decision.id),
                   ("correct", None), ("reject", None)]


@pytest.mark.issue(14)
def test_decisions_bad_values_are_refused_and_store_nothing(signed: Store) -> None:
    record = _record(signed)
    for field, value in [("signed_on", "last June"), ("term_years", "ten"),
                         ("status", "sined"), ("provision:trainig", "excluded"),
                         ("provision:training", "maybe"), ("sgned_on", "2024-05-03")]:
        with pytest.raises(BadDecision):
            correct(signed, record["id"], field, value, "Ana", SOURCE)
    with pytest.raises(BadDecision):
        correct(signed, record["id"], "term_years", "12", "Ana", "not a url")
    assert signed.decisions() == []
    assert _record(signed) == record


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_survive_reingest_and_reextract(signed: Store, tmp_path: Path) -> None:
    record = _record(signed)
    judge(signed, "reject", record["fields"]["term_years"]["claims"][0], "Ana")
    correct(signed, record["id"], "provision:training", "excluded", "Ana", SOURCE)
    decided = _record(signed)

    ingest(signed, [str(tmp_path / "signing.txt")], progress=False)
    reextract(signed)

    assert _record(signed) == decided


@pytest.mark.issue(14)
@pytest.mark.slow
def test_decisions_on_a_claim_reextraction_removed_are_reported_orphaned(
        signed: Store) -> None:
    record = _record(signed)
    [claim_id] = record["fields"]["term_years"]["claims"]
    made = judge(signed, "reject", claim_id, "Ana")
    [doc] = record["fields"]["term_years"]["sources"]

    with signed.writing_batch() as batch:  # a new extraction that no longer finds it
        kept = [c for c in signed.claims(subject="NO-UA") if c.claim_id != claim_id
                and c.doc_id == doc]
        batch.replace_extracted(doc, kept, relevant=True, extractor_version="next")

    [row] = orphaned(signed)
    assert (row["id"], row["claim"], row["author"]) == (made.decision.id, claim_id, "Ana")
    assert [d["orphaned"] for d in audit_log(signed)] == [True]
