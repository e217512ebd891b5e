"""`pactwatch simulate attack`: who must consult with the attacked party, by when, what
else they owe, and what they have said they will not do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pactwatch.analysis import rules


def simulate_attack(records: list[dict[str, Any]], on: str,
                    at: datetime) -> dict[str, Any]:
    """Agreements of ``on`` in force at ``at``, and apart those only expected then."""
    when = at.date()
    mine = rules.bilateral(records, on)
    in_force = [_row(r, on, at) for r in mine if rules.in_force_at(r, when)]
    pending = [{
        "agreement": r["id"], "title": r["title"], "counterparts": rules.counterparts(r, on),
        "stage_at_attack": rules.stage_at(r, when),
        "signed_on": r.get("signed_on"), "status_now": r.get("status"),
        "history": r.get("history", []),
        "sources": [s["id"] for s in r.get("sources", [])],
    } for r in mine if not rules.in_force_at(r, when) and not _ended_before(r, when)]
    in_force.sort(key=lambda row: (row["consultation"]["deadline_hours"] is None,
                                   row["consultation"]["deadline_hours"] or 0,
                                   row["agreement"]))
    return {"attacked": on, "at": at.isoformat().replace("+00:00", "Z"),
            "in_force": in_force, "not_in_force": pending}


def _ended_before(record: dict[str, Any], when: Any) -> bool:
    signed = rules.day(record.get("signed_on"))
    return signed is not None and signed <= when and not rules.in_force_at(record, when)


def _row(record: dict[str, Any], on: str, at: datetime) -> dict[str, Any]:
    return {
        "agreement": record["id"],
        "title": record["title"],
        "counterparts": rules.counterparts(record, on),
        "signed_on": record.get("signed_on"),
        "entered_into_force": record.get("entered_into_force"),
        "expires_on": record.get("expires_on"),
        "termination_notice_months": record.get("termination_notice_months"),
        "consultation": rules.consultation(record, at),
        "assistance": rules.obligations(record, "included"),
        "excluded": rules.obligations(record, "excluded"),
        "sources": [s["id"] for s in record.get("sources", [])],
    }
