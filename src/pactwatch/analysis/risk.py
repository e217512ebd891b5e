"""`pactwatch risk`: when each agreement expires, whether the next government can undo
it, and how the protected party's cover per provision kind depends on each partner."""

from __future__ import annotations

from datetime import date
from typing import Any

from pactwatch import vocab
from pactwatch.analysis import rules


def risk(records: list[dict[str, Any]], at: date, without: list[str],
         within_years: int = 2, party: str | None = None) -> dict[str, Any]:
    hub = party or rules.protected_party(records)
    mine = [r for r in rules.bilateral(records, hub or "") if rules.in_force_at(r, at)]
    rows = [_agreement_row(r, hub, at) for r in mine]
    rows.sort(key=lambda row: (row["expires_on"] or "9999", row["agreement"]))
    return {
        "party": hub,
        "at": at.isoformat(),
        "within_years": within_years,
        "without": sorted(without),
        "agreements": rows,
        "portfolio": _portfolio(mine, hub, at, within_years, set(without)),
    }


def _agreement_row(record: dict[str, Any], hub: str | None, at: date) -> dict[str, Any]:
    expires = rules.day(record.get("expires_on"))
    return {
        "agreement": record["id"],
        "counterparts": rules.counterparts(record, hub or ""),
        "signed_on": record.get("signed_on"),
        "term_years": record.get("term_years"),
        "expires_on": record.get("expires_on"),
        "expiry": rules.field_evidence(record, "expires_on"),
        "days_left": (expires - at).days if expires else None,
        "legal_form": rules.field_evidence(record, "legal_form"),
        "binding_on_successors": rules.field_evidence(record, "binding_on_successors"),
        "termination_notice_months": rules.field_evidence(record,
                                                          "termination_notice_months"),
        "ends_after_notice": rules.ends_after_notice(record, at),
        "entered_into_force": rules.field_evidence(record, "entered_into_force"),
        "revocable": rules.revocable(record),
    }


def _portfolio(records: list[dict[str, Any]], hub: str | None, at: date, within: int,
               without: set[str]) -> list[dict[str, Any]]:
    """Per provision kind the hub is owed: who covers it, how much of that cover a new
    government could undo or will expire soon, and what is left without some partners."""
    horizon = date(at.year + within, at.month, min(at.day, 28))
    out = []
    for kind in vocab.provision_kinds():
        if kind.obligor != "guarantor":
            continue
        covering = [r for r in records if any(
            p["kind"] == kind.id and p["polarity"] == "included" for p in r["provisions"])]
        if not covering:
            continue
        partners = sorted({p for r in covering for p in rules.counterparts(r, hub or "")})
        remaining = sorted(set(partners) - without)
        out.append({
            "kind": kind.id,
            "label": kind.label,
            "partners": partners,
            "revocable": sorted({p for r in covering if rules.revocable(r)
                                 for p in rules.counterparts(r, hub or "")}),
            "expiring": sorted({p for r in covering
                                if (rules.day(r.get("expires_on")) or date.max) <= horizon
                                for p in rules.counterparts(r, hub or "")}),
            "remaining": remaining,
            "agreements": sorted(r["id"] for r in covering),
            "claims": sorted({c for r in covering for p in r["provisions"]
                              if p["kind"] == kind.id for c in p.get("claims", [])}),
            "sources": sorted({d for r in covering for p in r["provisions"]
                               if p["kind"] == kind.id for d in p.get("sources", [])}),
            "loss": _loss(len(partners), len(remaining)) if without else None,
        })
    return out


def _loss(before: int, after: int) -> str:
    if after == 0:
        return "all"
    if after * 2 < before:
        return "most"
    return "some" if after < before else "none"
