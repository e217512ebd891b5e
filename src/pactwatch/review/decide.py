"""What an analyst can do to the records: accept or reject a claim, correct a field,
undo a decision. Each is one stored decision row with its author and time, after which
the agreement is rebuilt from its claims and standing decisions. The CLI, the API and
the dashboard all come through here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

from pactwatch.errors import BadDecision, UnknownClaim
from pactwatch.reconcile.run import reconcile
from pactwatch.reconcile.views import find_agreement
from pactwatch.records import Claim, DocumentMeta, RawDocument
from pactwatch.review.values import BadCorrection, Correction, check
from pactwatch.store.decisions import DecisionRow
from pactwatch.store.repository import Store

ANALYST = "analyst"  # the attribution kind (and support level) of a correction


@dataclass(frozen=True)
class Outcome:
    decision: DecisionRow
    agreement: dict[str, Any] | None  # the record as rebuilt, when one remains

    def to_json(self) -> dict[str, Any]:
        return {"decision": self.decision.to_json(),
                "agreement": self.agreement["id"] if self.agreement else None}


def judge(store: Store, action: str, claim_id: str, author: str,
          reason: str | None = None) -> Outcome:
    """Accept or reject one claim."""
    if action not in {"accept", "reject"}:
        raise BadDecision(action, "expected accept or reject")
    _author(author)
    claims = store.claims(ids=[claim_id])
    if not claims:
        raise UnknownClaim(claim_id, "no such claim (see `pactwatch claims`)")
    claim = claims[0]
    subject = "-".join(claim.subject)
    linked = store.agreements_of_claim(claim_id)
    row = store.add_decision(action=action, subject=subject, author=author,
                             claim_id=claim_id, agreement_id=linked[0] if linked else None,
                             note=reason)
    return _after(store, row)


def correct(store: Store, agreement_id: str, field: str, value: str, author: str,
            source_url: str, note: str | None = None) -> Outcome:
    """Sets a field of an agreement to the analyst's value, citing ``source_url``: a
    claim of the analyst's, on a document that records the correction."""
    _author(author)
    try:
        checked = check(field, value)
    except BadCorrection as error:
        raise BadDecision(field, str(error).removeprefix(f"{field}: ")) from None
    url = _source(source_url)
    record = find_agreement(store, agreement_id)
    raw, claim = _evidence(record, checked, author, url, note)
    row = store.add_decision(action="correct", subject="-".join(record["parties"]),
                             author=author, claim_id=claim.claim_id,
                             agreement_id=record["id"], field=checked.field,
                             value=checked.value if checked.predicate != "provision"
                             else checked.polarity, source_url=url, note=note,
                             evidence=(raw, claim))
    return _after(store, row)


def undo(store: Store, decision_id: int, author: str, reason: str | None = None) -> Outcome:
    """Takes back a standing decision; the undo is a decision of its own."""
    _author(author)
    target = store.decision(decision_id)
    if target.action == "undo":
        raise BadDecision(str(decision_id), "an undo cannot be undone; decide again instead")
    if any(d.undoes == decision_id for d in store.decisions(target.subject)):
        raise BadDecision(str(decision_id), "already undone")
    row = store.add_decision(action="undo", subject=target.subject, author=author,
                             claim_id=target.claim_id, agreement_id=target.agreement_id,
                             field=target.field, note=reason, undoes=decision_id)
    return _after(store, row)


def _after(store: Store, row: DecisionRow) -> Outcome:
    reconcile(store, [row.subject], full=True)
    record = None
    if row.agreement_id:
        record = store.agreement(row.agreement_id)
    if record is None:  # its id changed (a signing date rejected or corrected)
        parties = row.subject.split("-")
        found = [r for r in store.agreements(parties) if r["parties"] == parties]
        record = found[-1] if found else None
    return Outcome(row, record)


def _author(author: str) -> None:
    if not author.strip():
        raise BadDecision("--by", "a decision needs the name of its author")


def _source(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise BadDecision(url, "the source must be an http(s) URL")
    return url.strip()


def _evidence(record: dict[str, Any], checked: Correction, author: str, url: str,
              note: str | None) -> tuple[RawDocument, Claim]:
    """The document a correction is stored on, in the analyst's own words, and the
    claim spanning its value there."""
    now = datetime.now(UTC)
    lead = f"Correction by {author} on {now.isoformat(timespec='seconds')}: " \
           f"{record['id']} {checked.field} is "
    text = lead + checked.shown + f". Source: {url}." + (f" Note: {note}" if note else "")
    raw = RawDocument(source=f"decision:{author}", text=text, fmt=ANALYST,
                      meta=DocumentMeta(outlet=urlsplit(url).netloc, url=url,
                                        title=f"Correction of {record['id']}",
                                        published=now.date()))
    value: Any = checked.value
    if checked.predicate == "provision":
        value = {"kind": checked.value["kind"], "obligors": [], "beneficiaries": []}
    claim = Claim(doc_id=raw.doc_id, subject=tuple(record["parties"]),
                  predicate=checked.predicate, value=value, polarity=checked.polarity,
                  attributed_to=author, role=ANALYST, attribution_kind=ANALYST, origin=url,
                  start=len(lead), end=len(lead) + len(checked.shown),
                  text=checked.shown, confidence=1.0,
                  event_date=_event_date(checked, record))
    return raw, claim


def _event_date(checked: Correction, record: dict[str, Any]) -> date | None:
    """Where the party set has several agreements, the claim belongs with this one."""
    if checked.predicate == "signed_on":
        return date.fromisoformat(checked.value)
    signed = record.get("signed_on")
    return date.fromisoformat(signed) if signed else None
