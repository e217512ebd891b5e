"""`export --format atop` over the loaded reference data: the North Atlantic Treaty coded
as ATOP codes it (alliance 3180), the Ukrainian agreements with their begin dates and
obligations, every coded cell with its claims and sources, nothing silently 0."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from pactwatch.analysis import atop
from pactwatch.cli.app import app

runner = CliRunner()

# ATOP v4's coding of the North Atlantic Treaty, alliance 3180, as stored publicly in
# joshuaalley/treaty-depth, data/atop-alliance-level.csv (commit bc56ce7e2df6), row 3180:
# facts read from that file, not the file.
ATOP_3180 = {
    "begyr": 1949, "begmo": 4, "begday": 4, "bilat": 0, "defense": 1, "offense": 0,
    "neutral": 0, "nonagg": 1, "consul": 1, "conditio": 1, "defcon": 1, "milaid": 0,
    "ecaid": 0, "intcom": 0, "base": 3, "milcon": 0, "organ1": 3, "specthrt": 0,
    "speclgth": 1, "length": 240, "renounce": 0,
}
# The same row's members (COW codes): the twelve signatories and those who joined later.
ATOP_3180_MEMBERS = {2, 20, 200, 210, 211, 212, 220, 230, 235, 255, 260, 290, 310, 316, 317,
                     325, 339, 341, 344, 349, 350, 355, 360, 366, 367, 368, 385, 390, 395, 640}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    base = tmp_path_factory.mktemp("atop")
    db = str(base / "reference.db")
    assert runner.invoke(app, ["--db", db, "load-reference"]).exit_code == 0
    result = runner.invoke(app, ["--db", db, "export", str(base / "out"), "--format", "atop"])
    assert result.exit_code == 0, result.output
    records = json.loads(runner.invoke(app, ["--db", db, "agreements", "--json"]).stdout)
    tables = {}
    for name in ("atop_alliance", "atop_members", "atop_provenance"):
        with (base / "out" / f"{name}.csv").open(encoding="utf-8") as handle:
            tables[name] = list(csv.DictReader(handle))
    tables["records"] = records
    return tables


def _row(exported: dict[str, list[dict[str, str]]], agreement: str) -> dict[str, str]:
    return next(r for r in exported["atop_alliance"] if r["atopid"] == agreement)


def test_atop_the_north_atlantic_treaty_is_coded_as_atop_codes_alliance_3180(
        exported: dict[str, list[dict[str, str]]]) -> None:
    nato = _row(exported, "NATO-1949")
    by_design = atop.differs_by_design()

    assert set(by_design) == {"base"}  # each documented in docs/atop.md
    shared = {name: value for name, value in ATOP_3180.items() if name not in by_design}
    assert {name: int(nato[name]) for name in shared} == shared
    assert set(ATOP_3180) <= set(nato)  # every variable compared is exported


def test_atop_nato_members_are_its_signatories_in_cow_codes(
        exported: dict[str, list[dict[str, str]]]) -> None:
    members = [r for r in exported["atop_members"] if r["atopid"] == "NATO-1949"]

    assert len(members) == 12
    assert {int(r["member"]) for r in members} <= ATOP_3180_MEMBERS
    assert {(r["yrent"], r["moent"], r["dayent"]) for r in members} == {("1949", "4", "4")}


def test_atop_ukrainian_agreements_have_their_dates_bilat_and_consultations(
        exported: dict[str, list[dict[str, str]]]) -> None:
    bilateral = [r for r in exported["records"]
                 if "UA" in r["parties"] and len(r["parties"]) == 2 and "G7" not in r["parties"]]
    assert len(bilateral) >= 28
    for record in bilateral:
        row = _row(exported, record["id"])
        signed = record["signed_on"].split("-")
        assert [row["begyr"], row["begmo"].zfill(2), row["begday"].zfill(2)] == signed
        assert row["bilat"] == "1"
        consults = any(p["kind"] == "consultation_on_attack" and p["polarity"] == "included"
                       for p in record["provisions"])
        assert (row["consul"] == "1") == consults, record["id"]


def test_atop_a_cell_nothing_decides_is_missing_not_zero(
        exported: dict[str, list[dict[str, str]]]) -> None:
    us = _row(exported, "UA-US-2024")

    assert us["offense"] == us["intcom"] == us["base"] == ""  # no claim, not full text
    assert us["defense"] == "0"  # the sources say it has no mutual-defence clause


def test_atop_every_coded_cell_has_claims_and_sources(
        exported: dict[str, list[dict[str, str]]]) -> None:
    provenance = {(p["atopid"], p["variable"]): p for p in exported["atop_provenance"]}
    coded = [(row["atopid"], name) for row in exported["atop_alliance"]
             for name in atop.variables() if row[name] != ""]

    assert coded
    for key in coded:
        cell = provenance[key]
        assert cell["claim_ids"] and cell["source_urls"].startswith("http"), key
        assert cell["value"] == _row(exported, key[0])[key[1]]
