"""Builds agreement records (derived views) from the claims about one party set: the
claims are folded into a ``SubjectState`` (see ``state``), and the records are emitted
from it, so a stored state updated with new claims gives what a full rebuild gives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pactwatch.nlp.parties import resolver
from pactwatch.reconcile.record_state import (
    SCALAR_FIELDS,
    STATUS_ORDER,
    WITHDRAWN,
    RecordState,
)
from pactwatch.reconcile.state import ANALYST, Resolved, claim_id, claim_key, doc_id
from pactwatch.records import AgreementRecord, Claim, StatusStep

__all__ = ["STATUS_ORDER", "SubjectState", "build_agreements"]

# The analysts' standing decision on each claim that has one, by claim id.
Decisions = dict[str, dict[str, Any]]
# Predicates that say who spoke, not what an agreement is: they never make a record.
NON_FACTS = frozenset({"statement"})
# Signing dates more than this many days apart belong to different agreements.
SPLIT_DAYS = 365


def _published(doc: dict[str, Any]) -> date | None:
    value = doc.get("published")
    return date.fromisoformat(value) if isinstance(value, str) else value


def build_agreements(subject: str, claims: list[Claim], docs: dict[str, dict[str, Any]],
                     decisions: Decisions | None = None) -> list[AgreementRecord]:
    """The agreements of one party set, built from all its claims and the analysts'
    decisions on them; none when its claims state no fact (only who spoke about it)."""
    return SubjectState.build(claims, docs, decisions).records(subject)


def anchors_of(dates: Iterable[str]) -> list[date]:
    """One party set can sign several agreements over the years: signing dates more than
    SPLIT_DAYS apart start a new agreement."""
    anchors: list[date] = []
    for day in sorted({date.fromisoformat(d) for d in dates}):
        if not anchors or (day - anchors[-1]).days > SPLIT_DAYS:
            anchors.append(day)
    return anchors


@dataclass
class SubjectState:
    """Everything reconciliation keeps of one party set's claims: the signing dates that
    split it into agreements, one record state per agreement, and the documents cited."""

    dates: list[str] = field(default_factory=list)
    facts: int = 0  # claims that state a fact, not only who spoke
    groups: list[RecordState] = field(default_factory=list)
    docs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def build(cls, claims: list[Claim], docs: dict[str, dict[str, Any]],
              decisions: Decisions | None = None) -> SubjectState:
        """The state of every claim of the party set, with the analysts' standing
        ``decisions`` on them (by claim id)."""
        decisions = decisions or {}
        state = cls(dates=_signing_dates(claims, decisions))
        state.groups = [RecordState() for _ in range(max(1, len(state._anchors())))]
        state._add(claims, docs, decisions)
        return state

    def extend(self, claims: list[Claim], docs: dict[str, dict[str, Any]],
               decisions: Decisions | None = None) -> bool:
        """Folds new claims in; False, changing nothing, when their signing dates would
        split the party set differently (the caller then rebuilds it)."""
        decisions = decisions or {}
        dates = sorted(set(self.dates) | set(_signing_dates(claims, decisions)))
        if anchors_of(dates) != self._anchors():
            return False
        self.dates = dates
        self._add(claims, docs, decisions)
        return True

    def _anchors(self) -> list[date]:
        return anchors_of(self.dates)

    def _add(self, claims: list[Claim], docs: dict[str, dict[str, Any]],
             decisions: Decisions) -> None:
        anchors = self._anchors()
        for claim in claims:
            doc = docs[claim.doc_id]
            published = _published(doc)
            decision = decisions.get(claim.claim_id)
            if decision is not None and decision["action"] == WITHDRAWN:
                continue
            self.docs.setdefault(claim.doc_id, _doc_info(doc))
            self.facts += claim.predicate not in NON_FACTS
            group = 0
            if len(anchors) > 1:
                when = claim.event_date or published or anchors[0]
                group = min(range(len(anchors)), key=lambda i: abs((anchors[i] - when).days))
            self.groups[group].add(claim, claim_key(claim, published), published, decision)

    def records(self, subject: str) -> list[AgreementRecord]:
        if not self.facts:
            return []
        records = [build_one(subject, group, self.docs) for group in self.groups
                   if group.claims]
        seen: dict[str, int] = {}
        for record in records:  # two agreements signed in the same year keep distinct ids
            seen[record.id] = seen.get(record.id, 0) + 1
            if seen[record.id] > 1:
                record.id = f"{record.id}-{seen[record.id]}"
                record.record["id"] = record.id
        return records

    def to_json(self) -> dict[str, Any]:
        return {"dates": self.dates, "facts": self.facts,
                "groups": [g.to_json() for g in self.groups],
                "docs": {d: _jsonable(info) for d, info in self.docs.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SubjectState:
        return cls(data["dates"], data["facts"],
                   [RecordState.from_json(g) for g in data["groups"]],
                   {d: {**info, "published": _published(info)}
                    for d, info in data["docs"].items()})


def _signing_dates(claims: list[Claim], decisions: Decisions) -> list[str]:
    """The signing dates that split a party set: rejected and withdrawn claims do not."""
    ignored = {WITHDRAWN, "reject"}
    return sorted({c.value for c in claims if c.predicate == "signed_on"
                   and decisions.get(c.claim_id, {}).get("action") not in ignored})


def _doc_info(doc: dict[str, Any]) -> dict[str, Any]:
    return {"outlet": doc.get("outlet"), "title": doc.get("title"), "url": doc.get("url"),
            "published": _published(doc), "near_duplicate_of": doc.get("near_duplicate_of")}


def _jsonable(info: dict[str, Any]) -> dict[str, Any]:
    published = info.get("published")
    return {**info, "published": published.isoformat() if published else None}


def build_one(subject: str, state: RecordState, docs: dict[str, dict[str, Any]]
              ) -> AgreementRecord:
    parties = subject.split("-")
    fields: dict[str, Resolved] = {}
    for name in SCALAR_FIELDS:
        result = state.fields[name].resolve() if name in state.fields else None
        if result is not None:
            fields[name] = result
    history, contested = state.status_history()
    rows = state.provision_rows()
    status = history[-1].status if history else None
    signed = fields.get("signed_on")
    signed_on = date.fromisoformat(signed.value) if signed else None
    year = signed_on.year if signed_on else state.first_year
    agreement_id = f"{subject}-{year}" if year else subject
    term = fields.get("term_years")
    # A cited absence of a term (value None: a review clause, say) gives no expiry.
    expires_on = _add_years(signed_on, term.value) \
        if signed_on and term and term.value is not None else None
    named = fields.get("title")  # a reference record names its agreement
    title = named.value if named else "–".join(resolver().name(p) for p in parties) \
        + " security agreement"
    record: dict[str, Any] = {
        "id": agreement_id,
        "title": title,
        "parties": sorted(parties),
        "status": status,
        "signed_on": signed_on.isoformat() if signed_on else None,
        "venue": _venue_text(fields["venue"].value) if "venue" in fields else None,
        "term_years": term.value if term else None,
        "expires_on": expires_on.isoformat() if expires_on else None,
        "legal_form": _value(fields, "legal_form"),
        "binding_on_successors": _value(fields, "binding_on_successors"),
        "framework": _value(fields, "framework"),
        "order_number": _value(fields, "order_number"),
        "annex": _value(fields, "annex"),
        "signatories": _value(fields, "signatories"),
        "term_note": _value(fields, "term_note"),
        "termination_notice_months": _value(fields, "termination_notice_months"),
        "entered_into_force": _value(fields, "entered_into_force"),
        "members": _value(fields, "members"),
        "fully_coded": bool(_value(fields, "fully_coded")),
        "counts": {of: result.to_json() for of, count in sorted(state.counts.items())
                   if (result := count.resolve()) is not None},
        "fields": {name: result.to_json() for name, result in fields.items()},
        "provisions": rows,
        "pledges": _pledges(rows),
        "history": [_step_json(step) for step in history],
        "statements": state.statement_rows(),
        "sources": state.source_rows(docs),
    }
    if status:
        record["fields"]["status"] = {
            "value": status, "support": history[-1].support,
            "claims": history[-1].claim_ids, "sources": history[-1].source_ids}
        if contested and history[-1].support == ANALYST:
            # An analyst set the status: the later steps reported are superseded.
            record["fields"]["status"]["superseded"] = [_step_json(s) for s in contested]
        elif contested:
            # A weaker source says the agreement ended: a conflict to review, not the
            # new status; both values stay listed with their claims.
            record["fields"]["status"]["support"] = "conflicting"
            record["fields"]["status"]["values"] = [
                {"value": step.status, "support": step.support, "claims": step.claim_ids,
                 "sources": step.source_ids} for step in (history[-1], *contested)]
    if expires_on and signed and term:
        record["fields"]["expires_on"] = {
            "value": record["expires_on"], "support": _weaker(signed.support, term.support),
            "claims": [claim_id(k) for k in signed.members + term.members],
            "sources": sorted({doc_id(k) for k in signed.members + term.members})}
    for result in record["fields"].values():
        decided = state.decisions_on(result["claims"])
        if decided:
            result["decisions"] = decided
    record["rejected"] = state.rejected_rows()
    record["decisions"] = sorted(
        [*{d["id"]: d for d in state.decided.values()}.values(),
         *(row["decision"] for row in record["rejected"])], key=lambda d: d["id"])
    return AgreementRecord(
        id=agreement_id, subject=subject, parties=sorted(parties), title=title, status=status,
        signed_on=signed_on, record=record, claim_ids=sorted(state.claims), history=history)


def _value(fields: dict[str, Resolved], name: str) -> Any:
    return fields[name].value if name in fields else None


def _weaker(a: str, b: str) -> str:
    order = ("conflicting", "reported", "confirmed", ANALYST)
    return min(a, b, key=order.index)


def _add_years(start: date, years: int) -> date:
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


def _venue_text(venue: Any) -> str:
    if isinstance(venue, dict):
        event, place = venue.get("event"), venue.get("place")
        return " in ".join(p for p in (event, place) if p)
    return str(venue)


def _pledges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every money amount the included financial-support provision states."""
    return [a for row in rows if row["polarity"] == "included" for a in row["amounts"]]


def _step_json(step: StatusStep) -> dict[str, Any]:
    return {
        "status": step.status,
        "on_date": step.on_date.isoformat() if step.on_date else None,
        "observed_on": step.observed_on.isoformat() if step.observed_on else None,
        "support": step.support,
        "claims": step.claim_ids,
        "sources": step.source_ids,
    }
