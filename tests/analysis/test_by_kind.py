"""`compare --by kind` over the loaded reference dataset: every kind of the vocabulary,
each partner once per kind, the positions and support the records carry; and the
protected party found from the records themselves."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pactwatch import vocab
from pactwatch.analysis.by_kind import by_kind, partners
from pactwatch.cli.app import app

runner = CliRunner()


def cli(db: str, *args: str) -> Any:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("by_kind") / "reference.db")
    assert runner.invoke(app, ["--db", path, "load-reference"]).exit_code == 0
    return path


@pytest.fixture(scope="module")
def result(db: str) -> list[dict[str, Any]]:
    return list(cli(db, "compare", "--by", "kind", "--format", "json"))


@pytest.fixture(scope="module")
def records(db: str) -> list[dict[str, Any]]:
    return list(cli(db, "agreements", "--json"))


def entry(result: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    return next(e for e in result if e["kind"] == kind)


def test_by_kind_lists_every_kind_of_the_vocabulary_in_its_order(
        result: list[dict[str, Any]]) -> None:
    assert [(e["kind"], e["label"]) for e in result] == [
        (k.id, k.label) for k in vocab.provision_kinds()]


def test_by_kind_counts_add_up_to_the_agreements_with_a_partner(
        result: list[dict[str, Any]], records: list[dict[str, Any]]) -> None:
    # In the reference data every agreement has one partner: Ukraine's partner, or the
    # organisation itself for the North Atlantic Treaty.
    with_partner = {r["id"] for r in records if set(r["parties"]) - {"UA"}}
    assert len(with_partner) == len(records) > 20
    for e in result:
        counts = e["counts"]
        assert counts == {p: len(e[p]) for p in ("included", "excluded", "not_stated")}
        assert sum(counts.values()) == len(with_partner), e["kind"]
        cells = [c["agreement"] for p in ("included", "excluded", "not_stated") for c in e[p]]
        assert sorted(cells) == sorted(with_partner), e["kind"]


def test_by_kind_the_us_excludes_mutual_defence(result: list[dict[str, Any]],
                                                db: str) -> None:
    shown = cli(db, "show", "UA-US-2024", "--json")
    mutual = next(p for p in shown["provisions"] if p["kind"] == "mutual_defense")
    assert mutual["polarity"] == "excluded"
    cell = {"party": "US", "agreement": "UA-US-2024", "support": mutual["support"]}
    assert cell in entry(result, "mutual_defense")["excluded"]
    assert all(c["party"] != "US" for c in entry(result, "mutual_defense")["included"])


def test_by_kind_ukraine_is_never_its_own_partner_and_nato_is_one(
        result: list[dict[str, Any]]) -> None:
    parties = {c["party"] for e in result for p in ("included", "excluded", "not_stated")
               for c in e[p]}
    assert "UA" not in parties
    assert {"US", "GB", "EU", "NATO"} <= parties
    nato = {"party": "NATO", "agreement": "NATO-1949"}
    assert nato in [{"party": c["party"], "agreement": c["agreement"]}
                    for c in entry(result, "mutual_defense")["included"]]


def test_by_kind_agrees_with_the_provision_matrix_cell_by_cell(
        result: list[dict[str, Any]], records: list[dict[str, Any]], db: str) -> None:
    matrix = cli(db, "compare", "--format", "json")
    cells = {row["id"]: row["cells"] for row in matrix["rows"]}
    support = {(r["id"], p["kind"]): p["support"] for r in records for p in r["provisions"]}
    for e in result:
        for position, word in (("included", "included"), ("excluded", "excluded"),
                               ("not_stated", "not stated")):
            for c in e[position]:
                assert cells[c["agreement"]][e["kind"]] == word, (e["kind"], c)
                assert c["support"] == support.get((c["agreement"], e["kind"])), c


def test_by_kind_an_analysts_not_stated_is_not_stated_with_support_analyst(
        db: str, tmp_path: Path) -> None:
    copy = str(tmp_path / "corrected.db")
    shutil.copy(db, copy)
    result = runner.invoke(app, ["--db", copy, "correct", "UA-US-2024",
                                 "provision:use_of_own_forces", "not_stated", "--by", "tester",
                                 "--source", "https://example.org/our-reading"])
    assert result.exit_code == 0, result.output
    after = cli(copy, "compare", "--by", "kind", "--format", "json")
    us = {"party": "US", "agreement": "UA-US-2024", "support": "analyst"}
    assert us in entry(after, "use_of_own_forces")["not_stated"]
    assert all(c["party"] != "US" for c in entry(after, "use_of_own_forces")["excluded"])


def test_by_kind_of_some_agreements_lists_only_their_partners(db: str) -> None:
    some = cli(db, "compare", "UA-US-2024", "GB-UA-2024", "--by", "kind", "--format", "json")
    for e in some:
        assert sorted(c["party"] for p in ("included", "excluded", "not_stated")
                      for c in e[p]) == ["GB", "US"]


def record(record_id: str, parties: list[str], *provisions: dict[str, Any]) -> dict[str, Any]:
    return {"id": record_id, "parties": parties, "provisions": list(provisions)}


def provision(kind: str, polarity: str, beneficiaries: list[str]) -> dict[str, Any]:
    return {"kind": kind, "polarity": polarity, "beneficiaries": beneficiaries,
            "support": "reported"}


def test_by_kind_the_protected_party_is_the_one_provisions_are_owed_to() -> None:
    # Two agreements of one made-up pair each way round: the beneficiary decides, not
    # the number of agreements a party is in.
    records = [record("DE-FR-2030", ["DE", "FR"], provision("training", "included", ["FR"])),
               record("DE-PL-2030", ["DE", "PL"], provision("training", "excluded", ["PL"])),
               record("DE-NO-2030", ["DE", "NO"])]
    assert partners(records[0], "DE") == ["DE"]
    assert partners(records[1], "DE") == ["DE"]
    # Nothing owed to anyone named: the party in most of the records is the protected one.
    assert partners(records[2], "DE") == ["NO"]
    training = entry(by_kind(records), "training")
    assert training["included"] == [{"party": "DE", "agreement": "DE-FR-2030",
                                     "support": "reported"}]
    assert training["excluded"] == [{"party": "DE", "agreement": "DE-PL-2030",
                                     "support": "reported"}]
    assert training["not_stated"] == [{"party": "NO", "agreement": "DE-NO-2030",
                                       "support": None}]


def test_by_kind_an_organisations_own_treaty_has_it_as_partner() -> None:
    assert partners(record("NATO-1949", ["NATO"]), "UA") == ["NATO"]
    assert partners(record("NATO-1949", ["NATO"]), "NATO") == ["NATO"]
