"""Builds agreement records (derived views) from the claims about one party set."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from pactwatch import vocab
from pactwatch.nlp.parties import resolver
from pactwatch.reconcile.support import (
    FieldResult,
    origin_of,
    resolve_field,
    support_of,
)
from pactwatch.records import AgreementRecord, Claim, StatusStep

# Lifecycle order; the current status is the furthest step any claim states.
STATUS_ORDER = ("negotiating", "concluded", "expected", "signed", "in_force", "expired",
                "terminated")
SCALAR_FIELDS = ("title", "signed_on", "venue", "term_years", "legal_form",
                 "binding_on_successors", "framework", "order_number", "annex", "signatories",
                 "term_note")
# Predicates that say who spoke, not what an agreement is: they never make a record.
NON_FACTS = frozenset({"statement"})
# Signing dates more than this many days apart belong to different agreements.
SPLIT_DAYS = 365


def _published(doc: dict[str, Any]) -> date | None:
    value = doc.get("published")
    return date.fromisoformat(value) if isinstance(value, str) else value


def split_by_time(claims: list[Claim], docs: dict[str, dict[str, Any]]) -> list[list[Claim]]:
    """One party set can sign several agreements over the years: cluster on signing dates."""
    dates = sorted({date.fromisoformat(c.value) for c in claims if c.predicate == "signed_on"})
    anchors: list[date] = []
    for d in dates:
        if not anchors or (d - anchors[-1]).days > SPLIT_DAYS:
            anchors.append(d)
    if len(anchors) <= 1:
        return [claims]
    groups: list[list[Claim]] = [[] for _ in anchors]
    for claim in claims:
        when = claim.event_date or _published(docs[claim.doc_id]) or anchors[0]
        nearest = min(range(len(anchors)), key=lambda i: abs((anchors[i] - when).days))
        groups[nearest].append(claim)
    return [g for g in groups if g]


def build_agreements(subject: str, claims: list[Claim],
                     docs: dict[str, dict[str, Any]]) -> list[AgreementRecord]:
    """The agreements of one party set; none when its claims state no fact (only who
    spoke about it)."""
    if all(c.predicate in NON_FACTS for c in claims):
        return []
    records = [build_one(subject, group, docs) for group in split_by_time(claims, docs)]
    seen: dict[str, int] = {}
    for record in records:  # two agreements signed in the same year keep distinct ids
        seen[record.id] = seen.get(record.id, 0) + 1
        if seen[record.id] > 1:
            record.id = f"{record.id}-{seen[record.id]}"
            record.record["id"] = record.id
    return records


def build_one(subject: str, claims: list[Claim], docs: dict[str, dict[str, Any]]
              ) -> AgreementRecord:
    parties = subject.split("-")
    by_predicate: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_predicate[claim.predicate].append(claim)
    source_ids = {c.claim_id: c.doc_id for c in claims}
    fields: dict[str, FieldResult] = {}
    for name in SCALAR_FIELDS:
        result = resolve_field(by_predicate.get(name, []))
        if result is not None:
            fields[name] = result
    history, contested = status_history(by_predicate.get("status", []), docs)
    rows = provisions(by_predicate.get("provision", []), source_ids)
    status = history[-1].status if history else None
    signed = fields.get("signed_on")
    signed_on = date.fromisoformat(signed.value) if signed else None
    year = signed_on.year if signed_on else _first_year(claims, docs)
    agreement_id = f"{subject}-{year}" if year else subject
    term = fields.get("term_years")
    expires_on = _add_years(signed_on, term.value) if signed_on and term else None
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
        "counts": _counts(by_predicate.get("count", []), source_ids),
        "fields": {name: result.to_json(source_ids) for name, result in fields.items()},
        "provisions": rows,
        "pledges": _pledges(rows),
        "history": [_step_json(step) for step in history],
        "statements": _statements(by_predicate.get("statement", [])),
        "sources": _sources(claims, docs),
    }
    if status:
        record["fields"]["status"] = {
            "value": status, "support": history[-1].support,
            "claims": history[-1].claim_ids, "sources": history[-1].source_ids}
        if contested:
            # A weaker source says the agreement ended: a conflict to review, not the
            # new status; both values stay listed with their claims.
            record["fields"]["status"]["support"] = "conflicting"
            record["fields"]["status"]["values"] = [
                {"value": step.status, "support": step.support, "claims": step.claim_ids,
                 "sources": step.source_ids} for step in (history[-1], *contested)]
    if expires_on and signed and term:
        record["fields"]["expires_on"] = {
            "value": record["expires_on"], "support": _weaker(signed.support, term.support),
            "claims": [c.claim_id for c in signed.claims + term.claims],
            "sources": sorted({c.doc_id for c in signed.claims + term.claims})}
    return AgreementRecord(
        id=agreement_id, subject=subject, parties=sorted(parties), title=title, status=status,
        signed_on=signed_on, record=record, claim_ids=sorted(source_ids), history=history)


def _value(fields: dict[str, FieldResult], name: str) -> Any:
    return fields[name].value if name in fields else None


def _weaker(a: str, b: str) -> str:
    order = ("conflicting", "reported", "confirmed")
    return min(a, b, key=order.index)


def _first_year(claims: list[Claim], docs: dict[str, dict[str, Any]]) -> int | None:
    years = [d.year for d in (_published(docs[c.doc_id]) for c in claims) if d]
    return min(years) if years else None


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


def provisions(claims: list[Claim], source_ids: dict[str, str]) -> list[dict[str, Any]]:
    """One row per provision kind, in the order of the vocabulary file."""
    by_kind: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_kind[claim.value["kind"]].append(claim)
    rows = []
    for kind in vocab.provision_kind_ids():
        kind_claims = by_kind.get(kind)
        if not kind_claims:
            continue
        polarity = resolve_field(kind_claims, key=lambda c: c.polarity)
        assert polarity is not None
        chosen = [c for c in kind_claims if c.polarity == polarity.value]
        deadlines = [c.value["deadline_hours"] for c in chosen
                     if c.value.get("deadline_hours") is not None]
        amounts = _distinct(a for c in chosen for a in c.value.get("amounts", []))
        rows.append({
            "kind": kind,
            "polarity": polarity.value,
            "obligors": sorted({p for c in chosen for p in c.value.get("obligors", [])}),
            "beneficiaries": sorted({p for c in chosen
                                     for p in c.value.get("beneficiaries", [])}),
            "deadline_hours": max(deadlines) if deadlines else None,
            "deadline": _deadline_text(deadlines),
            "amount": amounts[0] if amounts else None,
            "amounts": amounts,
            "support": polarity.support,
            "sources": sorted({source_ids[c.claim_id] for c in kind_claims}),
            "claims": [c.claim_id for c in kind_claims],
        })
    return rows


def _distinct(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def _pledges(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every money amount the included financial-support provision states."""
    return [a for row in rows if row["polarity"] == "included" for a in row["amounts"]]


def _deadline_text(hours: list[int]) -> str | None:
    if not hours:
        return None
    most = max(hours)
    return "immediately" if most == 0 else f"within {most} hours"


def status_history(claims: list[Claim], docs: dict[str, dict[str, Any]]
                   ) -> tuple[list[StatusStep], list[StatusStep]]:
    """The lifecycle steps the claims state, in order, and the contested ones: a step
    that ends the agreement (terminated, expired) whose support is weaker than that of
    the step it would end (a cited reference record outranks any report). A contested
    step is not part of the history, so nothing reads the agreement as ended."""
    by_status: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.value in STATUS_ORDER:
            by_status[claim.value].append(claim)
    steps: list[StatusStep] = []
    contested: list[StatusStep] = []
    standing = 0  # the strength of the strongest step so far
    for status in STATUS_ORDER:
        step_claims = by_status.get(status)
        if not step_claims:
            continue
        strength = _step_strength(step_claims)
        if status in vocab.cues().ending_statuses and strength < standing:
            contested.append(_step(status, step_claims, docs))
            continue
        standing = max(standing, strength)
        steps.append(_step(status, step_claims, docs))
    return steps, contested


def _step_strength(claims: list[Claim]) -> int:
    if any(c.attribution_kind == "reference" for c in claims):
        return 3
    return 2 if support_of(claims) == "confirmed" else 1


def _step(status: str, step_claims: list[Claim], docs: dict[str, dict[str, Any]]
          ) -> StatusStep:
    dates = sorted({c.event_date for c in step_claims if c.event_date})
    observed = sorted(d for d in (_published(docs[c.doc_id]) for c in step_claims) if d)
    return StatusStep(
        status=status,
        on_date=dates[0] if dates else None,
        observed_on=observed[0] if observed else None,
        support=support_of(step_claims),
        claim_ids=[c.claim_id for c in step_claims],
        source_ids=sorted({c.doc_id for c in step_claims}),
    )


def _step_json(step: StatusStep) -> dict[str, Any]:
    return {
        "status": step.status,
        "on_date": step.on_date.isoformat() if step.on_date else None,
        "observed_on": step.observed_on.isoformat() if step.observed_on else None,
        "support": step.support,
        "claims": step.claim_ids,
        "sources": step.source_ids,
    }


def _counts(claims: list[Claim], source_ids: dict[str, str]) -> dict[str, Any]:
    by_what: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_what[claim.value["of"]].append(claim)
    out = {}
    for what, group in sorted(by_what.items()):
        result = resolve_field(group, key=lambda c: c.value["n"])
        assert result is not None
        out[what] = result.to_json(source_ids)
    return out


def _statements(claims: list[Claim]) -> list[dict[str, Any]]:
    """Who spoke about the agreement, once per speaker, with the claims of their words."""
    by_speaker: dict[tuple[str | None, str], list[Claim]] = defaultdict(list)
    for claim in claims:
        by_speaker[(claim.attributed_to, claim.attribution_kind)].append(claim)
    return [{"attributed_to": who, "role": group[0].role, "attribution_kind": kind,
             "claims": [c.claim_id for c in group], "sources": sorted({c.doc_id for c in group})}
            for (who, kind), group in by_speaker.items()]


def _sources(claims: list[Claim], docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    origins: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        origins[claim.doc_id].append(origin_of(claim))
    out = []
    for doc_id in sorted(origins, key=lambda d: (str(_published(docs[d]) or ""), d)):
        doc = docs[doc_id]
        published = _published(doc)
        seen = list(dict.fromkeys(origins[doc_id]))
        own = doc.get("outlet")
        out.append({
            "id": doc_id,
            "outlet": own,
            "title": doc.get("title"),
            "url": doc.get("url"),
            "published": published.isoformat() if published else None,
            "origin": own if own in seen else seen[0],
            "relays": [o for o in seen if o != own],
            "near_duplicate_of": doc.get("near_duplicate_of"),
        })
    return out
