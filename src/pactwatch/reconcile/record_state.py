"""The state of one agreement record: its claims folded per field, per status step, per
provision kind, per count, per speaker and per source document (see ``state``)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pactwatch import vocab
from pactwatch.reconcile.state import FieldState, Key, Tally, claim_id, doc_id, key_of
from pactwatch.reconcile.support import origin_of
from pactwatch.records import WITHDRAWN, Claim, StatusStep

# Lifecycle order; the current status is the furthest step any claim states.
STATUS_ORDER = ("negotiating", "concluded", "expected", "signed", "in_force", "expired",
                "terminated")
SCALAR_FIELDS = ("title", "signed_on", "venue", "term_years", "legal_form",
                 "binding_on_successors", "framework", "order_number", "annex", "signatories",
                 "term_note", "termination_notice_months", "entered_into_force", "members",
                 "fully_coded", "withdrawal_after_years", "institution", "defense_area")


@dataclass
class StepState:
    """The claims stating one lifecycle step."""

    tally: Tally = field(default_factory=Tally)
    on_date: date | None = None  # the earliest date the claims give the step
    observed_on: date | None = None  # the earliest publication stating it

    def add(self, claim: Claim, key: Key, published: date | None,
            accepted: bool = False) -> None:
        self.tally.add(claim, key, accepted)
        self.on_date = _earliest(self.on_date, claim.event_date)
        self.observed_on = _earliest(self.observed_on, published)

    @property
    def strength(self) -> int:
        """An analyst's correction outranks a cited reference record, which outranks a
        confirmed step, which outranks a report."""
        if self.tally.analyst:
            return 4
        if self.tally.cited:
            return 3
        return 2 if self.tally.support == "confirmed" else 1

    def step(self, status: str) -> StatusStep:
        members = self.tally.ordered()
        return StatusStep(status=status, on_date=self.on_date, observed_on=self.observed_on,
                          support=self.tally.support, claim_ids=[claim_id(k) for k in members],
                          source_ids=sorted({doc_id(k) for k in members}))

    def to_json(self) -> dict[str, Any]:
        return {"tally": self.tally.to_json(), "on_date": _iso(self.on_date),
                "observed_on": _iso(self.observed_on)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepState:
        return cls(Tally.from_json(data["tally"]), _day(data["on_date"]),
                   _day(data["observed_on"]))


@dataclass
class Details:
    """What the claims of one provision kind and polarity add to its row."""

    obligors: set[str] = field(default_factory=set)
    beneficiaries: set[str] = field(default_factory=set)
    deadline_hours: int | None = None  # the longest deadline stated
    amounts: list[tuple[Key, int, dict[str, Any]]] = field(default_factory=list)

    def add(self, claim: Claim, key: Key) -> None:
        self.obligors.update(claim.value.get("obligors", []))
        self.beneficiaries.update(claim.value.get("beneficiaries", []))
        hours = claim.value.get("deadline_hours")
        if hours is not None:
            self.deadline_hours = hours if self.deadline_hours is None \
                else max(self.deadline_hours, hours)
        self.amounts.extend((key, i, a) for i, a in enumerate(claim.value.get("amounts", [])))

    def distinct_amounts(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for _, _, amount in sorted(self.amounts, key=lambda item: (item[0], item[1])):
            if amount not in out:
                out.append(amount)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"obligors": sorted(self.obligors), "beneficiaries": sorted(self.beneficiaries),
                "deadline_hours": self.deadline_hours,
                "amounts": [[list(k), i, a] for k, i, a in self.amounts]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Details:
        return cls(set(data["obligors"]), set(data["beneficiaries"]), data["deadline_hours"],
                   [(key_of(k), i, a) for k, i, a in data["amounts"]])


@dataclass
class ProvisionState:
    polarity: FieldState = field(default_factory=FieldState)
    details: dict[str, Details] = field(default_factory=lambda: defaultdict(Details))

    def to_json(self) -> dict[str, Any]:
        return {"polarity": self.polarity.to_json(),
                "details": {p: d.to_json() for p, d in self.details.items()}}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProvisionState:
        state = cls(FieldState.from_json(data["polarity"]))
        state.details.update({p: Details.from_json(d) for p, d in data["details"].items()})
        return state


@dataclass
class Speaker:
    """The claims of one speaker's words, with the role of their first claim."""

    first: Key
    role: str | None
    members: list[Key] = field(default_factory=list)


@dataclass
class RecordState:
    claims: list[str] = field(default_factory=list)
    fields: dict[str, FieldState] = field(default_factory=dict)
    status: dict[str, StepState] = field(default_factory=dict)
    provisions: dict[str, ProvisionState] = field(default_factory=dict)
    counts: dict[str, FieldState] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)  # by [who, kind] as JSON
    origins: dict[str, dict[str, Key]] = field(default_factory=dict)  # doc: origin: first
    first_year: int | None = None  # of the earliest publication among the sources
    decided: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim: decision
    rejected: dict[str, dict[str, Any]] = field(default_factory=dict)  # claim: decision

    def add(self, claim: Claim, key: Key, published: date | None,
            decision: dict[str, Any] | None = None) -> None:
        """Folds one claim in. An analyst's decision on it changes how: a rejected
        claim stays linked to the record but counts for nothing; an accepted one counts
        as confirmed; a withdrawn correction is not part of the record at all."""
        action = decision["action"] if decision else None
        if action == WITHDRAWN:
            return
        self.claims.append(claim.claim_id)
        if decision is not None and action == "reject":
            self.rejected[claim.claim_id] = _shown(decision)
            return
        if decision is not None:
            self.decided[claim.claim_id] = _shown(decision)
        accepted = action == "accept"
        if published and (self.first_year is None or published.year < self.first_year):
            self.first_year = published.year
        firsts = self.origins.setdefault(claim.doc_id, {})
        origin = origin_of(claim)
        firsts[origin] = min(firsts.get(origin, key), key)
        predicate = claim.predicate
        if predicate in SCALAR_FIELDS:
            self.fields.setdefault(predicate, FieldState()).add(claim, key, claim.value,
                                                                accepted)
        elif predicate == "status" and claim.value in STATUS_ORDER:
            self.status.setdefault(claim.value, StepState()).add(claim, key, published,
                                                                 accepted)
        elif predicate == "provision":
            kind = self.provisions.setdefault(claim.value["kind"], ProvisionState())
            kind.polarity.add(claim, key, claim.polarity, accepted)
            kind.details[claim.polarity].add(claim, key)
        elif predicate == "count":
            self.counts.setdefault(claim.value["of"], FieldState()).add(
                claim, key, claim.value["n"], accepted)
        elif predicate == "statement":
            who = json.dumps([claim.attributed_to, claim.attribution_kind])
            speaker = self.speakers.setdefault(who, Speaker(key, claim.role))
            if key < speaker.first:
                speaker.first, speaker.role = key, claim.role
            speaker.members.append(key)

    def status_history(self) -> tuple[list[StatusStep], list[StatusStep]]:
        """The lifecycle steps the claims state, in order, and the contested ones: a step
        that ends the agreement (terminated, expired) whose support is weaker than that
        of the step it would end (a cited reference record outranks any report). A
        contested step is not part of the history, so nothing reads the agreement as
        ended."""
        steps: list[StatusStep] = []
        contested: list[StatusStep] = []
        standing = 0  # the strength of the strongest step so far
        corrected = False  # an analyst set the status: later steps are superseded
        for status in STATUS_ORDER:
            step = self.status.get(status)
            if step is None:
                continue
            if corrected or (status in vocab.cues().ending_statuses
                             and step.strength < standing):
                contested.append(step.step(status))
                continue
            standing = max(standing, step.strength)
            steps.append(step.step(status))
            corrected = step.tally.analyst
        return steps, contested

    def decisions_on(self, claim_ids: list[str]) -> list[dict[str, Any]]:
        """The analysts' decisions on any of ``claim_ids``, oldest first."""
        found = {d["id"]: d for c in claim_ids if (d := self.decided.get(c))}
        return [found[i] for i in sorted(found)]

    def rejected_rows(self) -> list[dict[str, Any]]:
        return [{"claim": claim, "decision": decision}
                for claim, decision in sorted(self.rejected.items(),
                                              key=lambda item: item[1]["id"])]

    def provision_rows(self) -> list[dict[str, Any]]:
        """One row per provision kind, in the order of the vocabulary file."""
        rows = []
        for kind in vocab.provision_kind_ids():
            state = self.provisions.get(kind)
            if state is None:
                continue
            polarity = state.polarity.resolve()
            assert polarity is not None
            chosen = state.details[polarity.value]
            hours = chosen.deadline_hours
            amounts = chosen.distinct_amounts()
            members = sorted(k for cand in state.polarity.candidates()
                             for k in cand.tally.members)
            rows.append({
                "kind": kind,
                "polarity": polarity.value,
                "obligors": sorted(chosen.obligors),
                "beneficiaries": sorted(chosen.beneficiaries),
                "deadline_hours": hours,
                "deadline": None if hours is None
                else "immediately" if hours == 0 else f"within {hours} hours",
                "amount": amounts[0] if amounts else None,
                "amounts": amounts,
                "support": polarity.support,
                "sources": sorted({doc_id(k) for k in members}),
                "claims": [claim_id(k) for k in members],
            })
            decided = self.decisions_on(rows[-1]["claims"])
            if decided:
                rows[-1]["decisions"] = decided
        return rows

    def statement_rows(self) -> list[dict[str, Any]]:
        """Who spoke about the agreement, once per speaker, in order of their first
        words, with the claims of their words."""
        rows = []
        for who, speaker in sorted(self.speakers.items(), key=lambda item: item[1].first):
            name, kind = json.loads(who)
            members = sorted(speaker.members)
            rows.append({"attributed_to": name, "role": speaker.role, "attribution_kind": kind,
                         "claims": [claim_id(k) for k in members],
                         "sources": sorted({doc_id(k) for k in members})})
        return rows

    def source_rows(self, docs: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for doc in sorted(self.origins, key=lambda d: (_iso(docs[d]["published"]) or "", d)):
            info = docs[doc]
            seen = sorted(self.origins[doc], key=lambda o: self.origins[doc][o])
            own = info.get("outlet")
            out.append({
                "id": doc,
                "outlet": own,
                "title": info.get("title"),
                "url": info.get("url"),
                "published": _iso(info["published"]),
                "origin": own if own in seen else seen[0],
                "relays": [o for o in seen if o != own],
                "near_duplicate_of": info.get("near_duplicate_of"),
            })
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "fields": {n: f.to_json() for n, f in self.fields.items()},
            "status": {s: step.to_json() for s, step in self.status.items()},
            "provisions": {k: p.to_json() for k, p in self.provisions.items()},
            "counts": {o: c.to_json() for o, c in self.counts.items()},
            "speakers": {w: [list(s.first), s.role, [list(k) for k in s.members]]
                         for w, s in self.speakers.items()},
            "origins": {d: {o: list(k) for o, k in firsts.items()}
                        for d, firsts in self.origins.items()},
            "first_year": self.first_year,
            "decided": self.decided,
            "rejected": self.rejected,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RecordState:
        return cls(
            claims=list(data["claims"]),
            fields={n: FieldState.from_json(f) for n, f in data["fields"].items()},
            status={s: StepState.from_json(step) for s, step in data["status"].items()},
            provisions={k: ProvisionState.from_json(p) for k, p in data["provisions"].items()},
            counts={o: FieldState.from_json(c) for o, c in data["counts"].items()},
            speakers={w: Speaker(key_of(first), role, [key_of(k) for k in members])
                      for w, (first, role, members) in data["speakers"].items()},
            origins={d: {o: key_of(k) for o, k in firsts.items()}
                     for d, firsts in data["origins"].items()},
            first_year=data["first_year"],
            decided=dict(data.get("decided", {})),
            rejected=dict(data.get("rejected", {})),
        )


def _shown(decision: dict[str, Any]) -> dict[str, Any]:
    """A decision as a record shows it."""
    return {k: decision.get(k) for k in ("id", "action", "author", "at", "source_url",
                                         "note")}


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None:
        return b
    return a if b is None else min(a, b)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
