"""Reconciliation is incremental: a record is updated from its new claims and its stored
state, and what that gives equals a full rebuild from every claim."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from pactwatch.ingest.discover import Input
from pactwatch.ingest.run import IngestReport, ingest, store_raw
from pactwatch.reconcile.run import reconcile, update
from pactwatch.records import DocumentMeta
from pactwatch.store.repository import Store

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev"


def _snapshot(store: Store) -> dict[str, Any]:
    """Every derived row a reader sees: records, claim links and status history."""
    return {record["id"]: (record, store.agreement_claim_ids(record["id"]),
                           store.history(record["id"]))
            for record in store.agreements()}


def _batches(paths: list[Path], size: int) -> list[list[str]]:
    order = sorted(paths)
    random.Random(13).shuffle(order)  # publication order differs from ingestion order
    return [[str(p) for p in order[i:i + size]] for i in range(0, len(order), size)]


@pytest.mark.issue(13)
@pytest.mark.slow
def test_incremental_records_equal_a_full_rebuild_on_the_dev_set_and_the_seeds(
        store: Store, seeds_dir: Path) -> None:
    texts = sorted(DEV.glob("*.txt")) + sorted(seeds_dir.glob("*.txt"))
    for batch in _batches(texts, 6):
        report = ingest(store, batch, progress=False)
        assert not report.failures, report.failures
    updated = _snapshot(store)
    assert len(updated) >= 10

    rebuilt = reconcile(store, full=True)

    assert rebuilt
    assert _snapshot(store) == updated


@pytest.mark.issue(13)
@pytest.mark.slow
def test_incremental_a_new_report_is_folded_into_the_stored_state(
        store: Store, tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text("Norway and Ukraine signed a ten-year security agreement in Oslo on "
                     "3 May 2024. Norway will train Ukrainian pilots.\n", encoding="utf-8")
    ingest(store, [str(first)], progress=False)
    [before] = store.agreements(["NO", "UA"])
    later = tmp_path / "later.txt"
    later.write_text("Under the security agreement Norway and Ukraine signed on 3 May 2024, "
                     "Norway will also share intelligence with Ukraine.\n", encoding="utf-8")
    store_raw(store, Input(str(later), later).read(DocumentMeta()), IngestReport())
    assert store.stale_subjects() == ["NO-UA"]

    assert update(store, "NO-UA")  # folded in, not rebuilt

    [after] = store.agreements(["NO", "UA"])
    assert after["id"] == before["id"]
    assert len(after["sources"]) == 2
    assert "intelligence_sharing" in {row["kind"] for row in after["provisions"]}
    assert store.stale_subjects() == []
    updated = _snapshot(store)
    reconcile(store, full=True)
    assert _snapshot(store) == updated
