"""The machinery of the agreements as rules over agreement records: what is in force
at a moment, what an attack sets in motion, what expires, what a new government can
undo. Everything here reads the provision-kind data (which kind carries a deadline,
who owes what) and the legal-form data in cues.yaml; no party is special-cased.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from pactwatch import vocab
from pactwatch.nlp.parties import resolver

ENDED = ("expired", "terminated")
SIGNED = ("signed", "in_force")


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def counterparts(record: dict[str, Any], party: str) -> list[str]:
    return [p for p in record["parties"] if p != party]


def bilateral(records: list[dict[str, Any]], party: str) -> list[dict[str, Any]]:
    """The agreements of ``party`` with partners that sign: a framework body's own
    declaration (the G7's, parties.yaml `signs_agreements: false`) is the umbrella the
    agreements stand under, not one more partner."""
    frames = resolver().non_signatories
    return [r for r in records if party in r["parties"]
            and not set(counterparts(r, party)) <= frames]


def _ended_by(record: dict[str, Any], when: date) -> bool:
    """Expired (signing + term) or terminated on or before ``when``."""
    expires = day(record.get("expires_on"))
    if expires is not None and expires <= when:
        return True
    return any(step["status"] in ENDED and day(step.get("on_date")) is not None
               and day(step["on_date"]) <= when  # type: ignore[operator]
               for step in record.get("history", []))


def in_force_at(record: dict[str, Any], when: date) -> bool:
    """In force on ``when``: signed, and entered into force by then (on signature unless
    the sources give a later entry into force), and not expired or terminated by then."""
    start = day(record.get("entered_into_force")) or day(record.get("signed_on"))
    return (record.get("status") in SIGNED + ENDED and start is not None
            and start <= when and not _ended_by(record, when))


def stage_at(record: dict[str, Any], when: date) -> str | None:
    """What the sources said of an agreement not yet in force at ``when``: the last
    status step observed by then (negotiating, concluded, expected), else None."""
    seen = [step for step in record.get("history", [])
            if step["status"] not in SIGNED + ENDED
            and (day(step.get("observed_on")) or day(step.get("on_date")) or date.max) <= when]
    return seen[-1]["status"] if seen else None


def deadline_kinds() -> set[str]:
    """Provision kinds that oblige a response within a deadline after an attack."""
    return {k.id for k in vocab.provision_kinds() if k.deadline}


def consultation(record: dict[str, Any], attack: datetime) -> dict[str, Any]:
    """Whether the agreement obliges consultations after an attack, and by when."""
    rows = [r for r in record.get("provisions", [])
            if r["kind"] in deadline_kinds() and r["polarity"] == "included"]
    if not rows:
        return {"exists": False, "due": "not stated", "deadline_hours": None,
                "support": None, "sources": [], "claims": []}
    row = rows[0]
    hours = row.get("deadline_hours")
    if hours is None:
        due: str = "not specified"
    elif hours == 0:
        due = "immediately"
    else:
        due = (attack + timedelta(hours=hours)).astimezone(UTC).isoformat().replace(
            "+00:00", "Z")
    return {"exists": True, "kind": row["kind"], "deadline_hours": hours, "due": due,
            "support": row.get("support"), "sources": row.get("sources", []),
            "claims": row.get("claims", [])}


def obligations(record: dict[str, Any], polarity: str) -> list[dict[str, Any]]:
    """The guarantor's provisions of one polarity (what it owes, or what it says it does
    not), consultations aside, each with its support and evidence."""
    kinds = vocab.kind_by_id()
    return [{"kind": r["kind"], "label": kinds[r["kind"]].label, "support": r.get("support"),
             "sources": r.get("sources", []), "claims": r.get("claims", [])}
            for r in record.get("provisions", [])
            if r["polarity"] == polarity and r["kind"] in kinds
            and kinds[r["kind"]].obligor == "guarantor" and r["kind"] not in deadline_kinds()]


def revocable(record: dict[str, Any]) -> bool | None:
    """Whether a new government can end the agreement on its own: a termination clause
    lets a party end it by notice, or it does not bind successors, or its legal form binds
    none; None when nothing is stated."""
    if record.get("termination_notice_months") is not None:
        return True
    binding = record.get("binding_on_successors")
    if binding is not None:
        return not binding
    form = record.get("legal_form")
    if form is None:
        return None
    return form in vocab.cues().revocable_forms


def ends_after_notice(record: dict[str, Any], at: date) -> str | None:
    """The earliest day the agreement could end if a party gave notice on ``at``: the
    notice period later (and not before any years during which no party may leave)."""
    months = record.get("termination_notice_months")
    if months is None:
        return None
    earliest = at
    locked = record.get("fields", {}).get("withdrawal_after_years", {}).get("value")
    start = day(record.get("entered_into_force")) or day(record.get("signed_on"))
    if locked and start:
        earliest = max(earliest, _plus_months(start, 12 * int(locked)))
    return _plus_months(earliest, int(months)).isoformat()


def _plus_months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    target_year, target_month = start.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return date(target_year, target_month, min(start.day, last))
        except ValueError:
            continue
    raise ValueError(f"no day {start.day} in {target_year}-{target_month}")


def field_evidence(record: dict[str, Any], name: str) -> dict[str, Any]:
    found = record.get("fields", {}).get(name, {})
    return {"value": record.get(name), "support": found.get("support"),
            "sources": found.get("sources", []), "claims": found.get("claims", [])}


def protected_party(records: list[dict[str, Any]]) -> str | None:
    """The party in most agreements (the one the others commit to)."""
    counts: dict[str, int] = {}
    for record in records:
        for party in record["parties"]:
            counts[party] = counts.get(party, 0) + 1
    return max(counts, key=lambda p: (counts[p], p)) if counts else None
