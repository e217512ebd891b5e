"""The shipped reference dataset: validated, cited, and combined with the news."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pactwatch.errors import BadDataFile
from pactwatch.ingest.run import ingest
from pactwatch.reconcile.views import agreement_json
from pactwatch.reference.load import load_records, load_reference
from pactwatch.reference.schema import Record
from pactwatch.store.repository import Store


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return load_records()


def test_reference_data_has_at_least_25_complete_agreements(records: list[Record]) -> None:
    complete = [r for r in records if r.parties and r.signed_on and r.term_years]
    assert len(complete) >= 25


def test_reference_data_has_the_comparators(records: list[Record]) -> None:
    ids = {r.id for r in records}
    assert {"G7-UA-2023", "NATO-1949"} <= ids
    nato = next(r for r in records if r.id == "NATO-1949")
    assert {(p.kind, p.polarity) for p in nato.provisions} >= {("mutual_defense", "included")}


def test_reference_data_no_duplicate_agreements(records: list[Record]) -> None:
    keys = Counter((tuple(r.parties), r.signed_on.value) for r in records)
    assert [k for k, n in keys.items() if n > 1] == []


def test_reference_data_every_fact_cites_a_wellformed_source(records: list[Record]) -> None:
    for record in records:
        for name, cited in record.citations():
            assert cited, f"{record.id}: {name} has no source"
            for key in cited:
                url = str(record.sources[key].url)
                assert url.startswith("https://") or url.startswith("http://"), (record.id, key)


def test_reference_data_duplicate_yaml_key_is_refused(tmp_path: Path) -> None:
    (tmp_path / "XX.yaml").write_text("id: a\nid: b\n", encoding="utf-8")
    with pytest.raises(BadDataFile, match="duplicate key 'id'"):
        load_records(tmp_path)


@pytest.fixture(scope="module")
def combined(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("combined") / "pactwatch.db"
    with Store.open(str(db)) as store:
        load_reference(store)
        report = ingest(store, [str(seeds_dir)], progress=False)
        assert not report.failures
        matching = [r for r in store.agreements() if r["parties"] == ["UA", "US"]]
        assert len(matching) == 1
        return agreement_json(store, matching[0]["id"])


def test_reference_data_and_seeds_make_one_us_agreement(combined: dict[str, Any]) -> None:
    outlets = {s["outlet"] for s in combined["sources"]}
    assert {"CNN", "The Kyiv Independent"} <= outlets
    assert len(outlets) > 2  # reference sources too
    assert combined["signed_on"] == "2024-06-13"
    assert combined["status"] == "signed"


@pytest.mark.parametrize("name", ["signed_on", "term_years", "legal_form",
                                  "binding_on_successors", "framework"])
def test_reference_data_agreeing_fields_are_confirmed(combined: dict[str, Any],
                                                      name: str) -> None:
    assert combined["fields"][name]["support"] == "confirmed"


def test_reference_data_order_number_conflict_keeps_both_values(
        combined: dict[str, Any]) -> None:
    order = combined["fields"]["order_number"]
    assert order["support"] == "conflicting"
    values = {v["value"]: v for v in order["values"]}
    assert {15, 16} <= set(values)
    cnn_seed = next(s["id"] for s in combined["sources"]
                    if s["outlet"] == "CNN" and s["url"] is None)
    assert cnn_seed in values[15]["sources"]
    assert values[16]["sources"]
