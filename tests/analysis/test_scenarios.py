"""Attack simulation, risk and the party graph over the loaded reference dataset: the
answers come from the cited records, not from fixtures that restate them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from pactwatch.analysis.graph import party_graph, write
from pactwatch.analysis.risk import risk
from pactwatch.analysis.simulate import simulate_attack
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict[str, Any]]]:
    db = tmp_path_factory.mktemp("reference") / "pactwatch.db"
    with Store.open(str(db)) as store:
        load_reference(store)
        yield store.agreements()


def _by_partner(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["counterparts"][0]: row for row in rows}


def test_attack_after_the_us_signing_lists_us_and_uk_with_deadlines(
        records: list[dict[str, Any]]) -> None:
    result = simulate_attack(records, "UA", datetime(2024, 7, 1, 3, tzinfo=UTC))
    rows = _by_partner(result["in_force"])
    assert {"US", "GB"} <= set(rows)
    for partner in ("US", "GB"):
        consult = rows[partner]["consultation"]
        assert consult["exists"]
        assert consult["due"] == "2024-07-02T03:00:00Z"  # both texts say within 24 hours
        assert consult["sources"] and consult["claims"]
    assert {x["kind"] for x in rows["US"]["excluded"]} >= {"mutual_defense",
                                                            "use_of_own_forces"}
    assert rows["US"]["signed_on"] == "2024-06-13"


def test_attack_before_the_us_signing_lists_the_uk_but_not_the_us(
        records: list[dict[str, Any]]) -> None:
    result = simulate_attack(records, "UA", datetime(2024, 6, 1, tzinfo=UTC))
    assert "GB" in _by_partner(result["in_force"])
    assert "US" not in _by_partner(result["in_force"])
    pending = _by_partner(result["not_in_force"])
    assert pending["US"]["signed_on"] == "2024-06-13"


def test_attack_lists_no_framework_body_as_a_partner(records: list[dict[str, Any]]) -> None:
    result = simulate_attack(records, "UA", datetime(2024, 7, 1, tzinfo=UTC))
    assert "G7" not in _by_partner(result["in_force"])


def test_risk_without_us_reports_remaining_partners_per_kind(
        records: list[dict[str, Any]]) -> None:
    result = risk(records, date(2024, 7, 1), ["US"], party="UA")
    consult = next(r for r in result["portfolio"] if r["kind"] == "consultation_on_attack")
    assert "US" in consult["partners"]
    assert "US" not in consult["remaining"]
    assert "GB" in consult["remaining"]
    assert all(set(r["remaining"]) == set(r["partners"]) - {"US"} for r in result["portfolio"])


def test_risk_shows_the_us_agreement_as_an_executive_agreement_a_successor_can_undo(
        records: list[dict[str, Any]]) -> None:
    result = risk(records, date(2024, 7, 1), [], party="UA")
    us = next(r for r in result["agreements"] if r["counterparts"] == ["US"])
    assert us["legal_form"]["value"] == "executive_agreement"
    assert us["binding_on_successors"]["value"] is False
    assert us["binding_on_successors"]["sources"] and us["legal_form"]["claims"]
    assert us["revocable"] is True
    assert us["expires_on"] == "2034-06-13"
    assert us["days_left"] == (date(2034, 6, 13) - date(2024, 7, 1)).days


def test_graph_has_an_edge_per_agreement_with_its_kinds(records: list[dict[str, Any]],
                                                       tmp_path: Path) -> None:
    graph = party_graph(records)
    edge = graph.get_edge_data("UA", "US")["UA-US-2024"]
    assert "consultation_on_attack" in edge["kinds"].split(",")
    assert edge["signed_on"] == "2024-06-13"
    data = json.loads(write(graph, "json"))
    assert any(n["id"] == "UA" for n in data["nodes"])
    assert write(graph, "graphml").startswith("<?xml")


def test_attack_between_the_reports_and_the_signing_shows_the_us_agreement_as_expected(
        tmp_path: Path, seeds_dir: Path) -> None:
    from pactwatch.ingest.run import ingest

    with Store.open(str(tmp_path / "pactwatch.db")) as store:
        load_reference(store)
        ingest(store, [str(seeds_dir)], progress=False)
        result = simulate_attack(store.agreements(), "UA",
                                 datetime(2024, 6, 12, 12, tzinfo=UTC))
    pending = _by_partner(result["not_in_force"])
    assert pending["US"]["stage_at_attack"] == "expected"
    assert pending["US"]["sources"]
