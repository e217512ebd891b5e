"""Every write of the records logs what it changed, on both databases: a new agreement,
a status step, a field set or made conflicting, a provision added, a decision's effect;
each with the claims and documents behind it. A rebuild that changes nothing logs
nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pactwatch.ingest.run import ingest
from pactwatch.reconcile.run import reconcile
from pactwatch.review.decide import correct, judge
from pactwatch.store.repository import Store

pytestmark = [pytest.mark.issue(15), pytest.mark.slow]

EXPECTED = ("Norway and Ukraine are expected to sign a security agreement in Oslo on "
            "3 May 2024, the Norwegian government said on Monday.\n")
SIGNED = ("Norway and Ukraine signed a ten-year security agreement in Oslo on 3 May 2024. "
          "Norway will train Ukrainian pilots, the prime minister of Norway said.\n")
FIFTEEN = ("Norway and Ukraine signed a fifteen-year security agreement in Oslo on "
           "3 May 2024, a Ukrainian official said.\n")


def _ingest(store: Store, tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    report = ingest(store, [str(path)], progress=False)
    [doc_id] = report.stored
    return doc_id


def _kinds(changes: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(c["kind"], c["field"]) for c in changes]


def test_changes_a_pre_signing_report_then_the_signing_one(store: Store,
                                                           tmp_path: Path) -> None:
    expected_doc = _ingest(store, tmp_path, "expected", EXPECTED)
    [appeared] = store.changes()
    mark = appeared["id"]
    signed_doc = _ingest(store, tmp_path, "signed", SIGNED)
    later = store.changes(after=mark)

    assert appeared["kind"] == "agreement_new"
    assert appeared["agreement"] == "NO-UA-2024"
    assert appeared["new"]["status"] == "expected"
    assert appeared["documents"] == [expected_doc]
    assert ("status_changed", "status") in _kinds(later)
    assert ("field_set", "term_years") in _kinds(later)
    assert ("provision_added", "provision:training") in _kinds(later)
    for change in later:
        assert change["documents"] == [signed_doc]
        assert change["claims"] and set(change["claims"]) <= set(
            store.agreement_claim_ids("NO-UA-2024"))
    status = next(c for c in later if c["kind"] == "status_changed")
    assert (status["old"], status["new"]) == ("expected", "signed")


def test_changes_a_second_source_disagreeing_makes_the_field_conflicting(
        store: Store, tmp_path: Path) -> None:
    _ingest(store, tmp_path, "signed", SIGNED)
    mark = store.last_change_id()
    fifteen_doc = _ingest(store, tmp_path, "fifteen", FIFTEEN)

    [conflict] = [c for c in store.changes(after=mark) if c["field"] == "term_years"]
    assert conflict["kind"] == "field_conflicting"
    assert conflict["old"] == 10
    assert sorted(conflict["new"]) == [10, 15]
    assert conflict["documents"] == [fifteen_doc]


def test_changes_a_full_rebuild_of_unchanged_records_logs_nothing(store: Store,
                                                                 tmp_path: Path) -> None:
    _ingest(store, tmp_path, "expected", EXPECTED)
    _ingest(store, tmp_path, "signed", SIGNED)
    before = store.last_change_id()

    reconcile(store, full=True)

    assert store.last_change_id() == before


def test_changes_decisions_are_logged_with_the_claims_they_bring(store: Store,
                                                                tmp_path: Path) -> None:
    _ingest(store, tmp_path, "signed", SIGNED)
    record = store.agreement("NO-UA-2024")
    assert record is not None
    [term_claim] = record["fields"]["term_years"]["claims"]
    mark = store.last_change_id()

    judge(store, "reject", term_claim, "Ana Analyst")
    rejected = store.changes(after=mark)
    outcome = correct(store, "NO-UA-2024", "term_years", "12", "Ana Analyst",
                      "https://www.regjeringen.no/en/example-agreement-text")
    corrected = store.changes(after=rejected[-1]["id"])

    # The expiry date, derived from the term, goes and comes back with it.
    assert [(c["kind"], c["field"], c["old"]) for c in rejected] == [
        ("field_cleared", "expires_on", "2034-05-03"), ("field_cleared", "term_years", 10)]
    assert [(c["kind"], c["field"], c["new"]) for c in corrected] == [
        ("field_set", "expires_on", "2036-05-03"), ("field_set", "term_years", 12)]
    assert corrected[1]["claims"] == [outcome.decision.claim_id]
