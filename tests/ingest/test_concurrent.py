"""Two ingest processes writing the same corpus at once, on SQLite and PostgreSQL:
every document stored once, no claim lost or doubled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"
PARTNERS = ["Norway", "Sweden", "Denmark", "Finland", "Estonia", "Latvia", "Poland",
            "Portugal", "Spain", "Italy", "Canada", "Japan"]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for i, partner in enumerate(PARTNERS):
        (folder / f"{i:02d}.txt").write_text(
            f"{partner} and Ukraine signed a ten-year security agreement on Monday. "
            f"Under the pact {partner} will train Ukrainian soldiers and share "
            f"intelligence, officials in Kyiv said.\n")
    return folder


def test_two_concurrent_ingests_store_each_document_once(database: str,
                                                         tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    with Store.open(database):
        pass  # migrate once, so the two writers race on data, not on the schema
    runs = [subprocess.Popen([str(PACTWATCH), "--db", database, "ingest", str(corpus),
                              "--published", "2024-03-06"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    with Store.open(database) as store:
        documents = store.documents()
        claims = store.claims()
        assert len(documents) == len(PARTNERS)
        assert len({c.claim_id for c in claims}) == len(claims)
        assert {c.subject for c in claims if c.predicate == "status"} == {
            tuple(sorted((code, "UA"))) for code in
            ("NO", "SE", "DK", "FI", "EE", "LV", "PL", "PT", "ES", "IT", "CA", "JP")}
        assert len(store.agreements(["UA"])) == len(PARTNERS)
