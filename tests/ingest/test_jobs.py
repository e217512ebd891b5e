"""`--jobs N`: extraction in worker processes stores exactly the claims of one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.ingest.run import ingest
from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

DEV = Path(__file__).resolve().parents[2] / "eval" / "dev"


def _claims(db: Path, jobs: int, files: list[str]) -> set[tuple[str, str, str]]:
    with Store.open(str(db)) as store:
        report = ingest(store, files, progress=False, jobs=jobs)
        assert not report.failures
        return {(c.claim_id, c.predicate, str(c.value)) for c in store.claims()}


def test_jobs_two_workers_store_the_same_claims_as_one(tmp_path: Path) -> None:
    files = sorted(str(p) for p in DEV.glob("*.txt"))[:10] + [
        str(DEV / "36_kyiv_hospital_strike.txt")]  # one without agreements
    assert _claims(tmp_path / "one.db", 1, files) == _claims(tmp_path / "two.db", 2, files)
