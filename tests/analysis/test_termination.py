"""Termination clauses and entry into force in the scenarios: an agreement counts as in
force from its entry into force, a termination clause makes it revocable, and `risk`
says how soon a party could end it."""

from __future__ import annotations

from datetime import date
from typing import Any

from pactwatch.analysis import rules


def _record(**facts: Any) -> dict[str, Any]:
    fields = {name: {"value": value, "support": "confirmed", "claims": ["c1"],
                     "sources": ["d1"]} for name, value in facts.items()}
    return {"id": "AA-BB-2024", "parties": ["AA", "BB"], "status": "signed",
            "signed_on": "2024-03-01", "history": [], "provisions": [], "fields": fields,
            **facts}


def test_an_agreement_is_in_force_from_its_entry_into_force_not_its_signing() -> None:
    later = _record(entered_into_force="2024-06-01")

    assert not rules.in_force_at(later, date(2024, 4, 1))
    assert rules.in_force_at(later, date(2024, 6, 1))
    assert rules.in_force_at(_record(), date(2024, 4, 1))  # none stated: from signing


def test_a_termination_clause_makes_an_agreement_revocable() -> None:
    assert rules.revocable(_record(termination_notice_months=6, binding_on_successors=True))
    assert rules.revocable(_record()) is None


def test_notice_gives_the_earliest_end_after_any_locked_years() -> None:
    six = _record(termination_notice_months=6)
    nato_like = _record(termination_notice_months=12, withdrawal_after_years=20)

    assert rules.ends_after_notice(six, date(2026, 8, 31)) == "2027-02-28"
    assert rules.ends_after_notice(nato_like, date(2026, 12, 1)) == "2045-03-01"
    assert rules.ends_after_notice(nato_like, date(2050, 1, 15)) == "2051-01-15"
    assert rules.ends_after_notice(_record(), date(2026, 12, 1)) is None


def test_risk_shows_the_termination_clause_with_its_source(tmp_path: Any) -> None:
    """AP and Lawfare reported that the US agreement ends six months after either side
    gives written notice; `risk` carries that, cited, and the earliest end it allows."""
    import json

    from typer.testing import CliRunner

    from pactwatch.cli.app import app

    runner = CliRunner()
    db = str(tmp_path / "reference.db")
    assert runner.invoke(app, ["--db", db, "load-reference"]).exit_code == 0
    result = json.loads(runner.invoke(app, ["--db", db, "risk", "--at", "2025-01-20",
                                            "--json"]).stdout)
    us = next(row for row in result["agreements"] if row["agreement"] == "UA-US-2024")

    assert us["termination_notice_months"]["value"] == 6
    assert us["termination_notice_months"]["sources"]
    assert us["ends_after_notice"] == "2025-07-20"
    assert us["revocable"] is True
