"""The per-field state of a record: what reconciliation needs of each claim, folded in
one claim at a time, so a record is updated from its new claims alone.

A claim is kept as its *key* (its place in the canonical claim order: publication date,
nulls last, then document, position and id) and as its contribution to a tally. Every
list a record shows is sorted by key when it is emitted, and candidates are grouped by
value, so folding the same claims in any order gives the same state, and folding the
new claims into a stored state gives what a full rebuild gives. The one
order-dependent grouping, of partial dict values that merge (venues), is kept per claim
and replayed in key order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pactwatch.reconcile.support import PRIMARY_KINDS, compatible, merge, origin_of, value_key
from pactwatch.records import Claim

# The attribution kind (and support level) of an analyst's correction.
ANALYST = "analyst"

# (1 if no publication date else 0, published ISO date or "", document id, start, claim id)
Key = tuple[int, str, str, int, str]


def claim_key(claim: Claim, published: date | None) -> Key:
    day = published.isoformat() if published else ""
    return (0 if published else 1, day, claim.doc_id, claim.start, claim.claim_id)


def key_of(raw: list[Any]) -> Key:
    return (int(raw[0]), str(raw[1]), str(raw[2]), int(raw[3]), str(raw[4]))


def claim_id(key: Key) -> str:
    return key[4]


def doc_id(key: Key) -> str:
    return key[2]


@dataclass
class Tally:
    """The support a set of claims gives one value."""

    members: list[Key] = field(default_factory=list)
    origins: set[str] = field(default_factory=set)
    asserted: int = 0
    primary: bool = False  # an asserted claim from a primary source, or one accepted
    cited: bool = False  # a claim of a curated reference record, whatever its source kind
    analyst: bool = False  # an analyst's correction

    def add(self, claim: Claim, key: Key, accepted: bool = False) -> None:
        self.members.append(key)
        self.origins.add(origin_of(claim))
        if claim.modality == "asserted":
            self.asserted += 1
            self.primary = self.primary or claim.attribution_kind in PRIMARY_KINDS
        self.primary = self.primary or accepted
        self.cited = self.cited or is_cited(claim)
        self.analyst = self.analyst or claim.attribution_kind == ANALYST

    @property
    def support(self) -> str:
        """An analyst's correction decides; otherwise confirmed by a primary source on
        record, an accepted claim, or two independent origins with at least one asserted
        claim; reported otherwise."""
        if self.analyst:
            return ANALYST
        if self.primary or (self.asserted and len(self.origins) >= 2):
            return "confirmed"
        return "reported"

    @property
    def strength(self) -> tuple[int, int, int, int, int]:
        """An analyst's correction first, then a cited reference record, then confirmed
        values, then the number of independent origins and of asserted claims."""
        return (int(self.analyst), int(self.cited), int(self.support == "confirmed"),
                len(self.origins), self.asserted)

    @property
    def first(self) -> Key:
        return min(self.members)

    def ordered(self) -> list[Key]:
        return sorted(self.members)

    def to_json(self) -> dict[str, Any]:
        return {"members": self.members, "origins": sorted(self.origins),
                "asserted": self.asserted, "primary": self.primary, "cited": self.cited,
                "analyst": self.analyst}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        return cls([key_of(k) for k in data["members"]], set(data["origins"]),
                   data["asserted"], data["primary"], data["cited"],
                   data.get("analyst", False))


@dataclass
class Candidate:
    value: Any
    tally: Tally = field(default_factory=Tally)

    @property
    def support(self) -> str:
        return self.tally.support


@dataclass
class Resolved:
    """A field's decided value: the strongest candidate's, or conflicting when claims
    support values that cannot both be true (every candidate kept, strongest first);
    an analyst's correction decides, and the values it overrides are superseded."""

    value: Any
    support: str
    members: list[Key]
    candidates: list[Candidate]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "support": self.support,
                               "claims": [claim_id(k) for k in self.members],
                               "sources": sorted({doc_id(k) for k in self.members})}
        if self.support == "conflicting":
            out["values"] = [_candidate_json(cand) for cand in self.candidates]
        elif self.support == ANALYST and len(self.candidates) > 1:
            out["superseded"] = [_candidate_json(cand) for cand in self.candidates[1:]]
        return out


def _candidate_json(cand: Candidate) -> dict[str, Any]:
    members = cand.tally.ordered()
    return {"value": cand.value, "support": cand.support,
            "claims": [claim_id(k) for k in members],
            "sources": sorted({doc_id(k) for k in members})}


@dataclass
class FieldState:
    """The candidates of one field. Plain values group by equality; dict values (which
    merge when compatible) are kept per claim and grouped in key order on resolving."""

    by_value: dict[str, Candidate] = field(default_factory=dict)
    partial: list[tuple[Key, Any, dict[str, Any]]] = field(default_factory=list)

    def add(self, claim: Claim, key: Key, value: Any, accepted: bool = False) -> None:
        if isinstance(value, dict):
            self.partial.append((key, value, {**_support_facts(claim), "accepted": accepted}))
            return
        self.by_value.setdefault(value_key(value), Candidate(value)).tally.add(
            claim, key, accepted)

    def candidates(self) -> list[Candidate]:
        """Every candidate, strongest first; equally strong ones in order of their first
        claim, as a fold in canonical order would create them."""
        found = list(self.by_value.values())
        merged: list[Candidate] = []
        for key, value, facts in sorted(self.partial, key=lambda item: item[0]):
            claim = _facts_claim(key, facts)
            for cand in merged:
                if compatible(cand.value, value):
                    cand.value = merge(cand.value, value)
                    cand.tally.add(claim, key, facts.get("accepted", False))
                    break
            else:
                fresh = Candidate(value)
                fresh.tally.add(claim, key, facts.get("accepted", False))
                merged.append(fresh)
        found.extend(merged)
        found.sort(key=lambda cand: cand.tally.first)
        found.sort(key=lambda cand: cand.tally.strength, reverse=True)
        return found

    def resolve(self) -> Resolved | None:
        candidates = self.candidates()
        if not candidates:
            return None
        best = candidates[0]
        if len(candidates) == 1 or best.tally.analyst:
            return Resolved(best.value, best.support, best.tally.ordered(), candidates)
        every = [k for cand in candidates for k in cand.tally.ordered()]
        return Resolved(best.value, "conflicting", every, candidates)

    def to_json(self) -> dict[str, Any]:
        return {"values": [[c.value, c.tally.to_json()] for c in self.by_value.values()],
                "partial": [[list(k), v, f] for k, v, f in self.partial]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FieldState:
        state = cls()
        for value, tally in data["values"]:
            state.by_value[value_key(value)] = Candidate(value, Tally.from_json(tally))
        state.partial = [(key_of(k), v, f) for k, v, f in data["partial"]]
        return state


def is_cited(claim: Claim) -> bool:
    """A claim of a curated reference record: an official text it cites, or a report it
    cites (its attribution stays the outlet's, but the curated record vouches for it)."""
    return claim.attribution_kind == "reference" or "reference" in claim.extra


def _support_facts(claim: Claim) -> dict[str, Any]:
    return {"origin": origin_of(claim), "modality": claim.modality,
            "attribution_kind": claim.attribution_kind, "cited": is_cited(claim)}


def _facts_claim(key: Key, facts: dict[str, Any]) -> Claim:
    """A stand-in claim carrying only what a tally reads."""
    return Claim(doc_id=doc_id(key), subject=(), predicate="", value=None,
                 modality=facts["modality"], attribution_kind=facts["attribution_kind"],
                 origin=facts["origin"],
                 extra={"reference": True} if facts.get("cited") else {})


def support_of(claims: list[Claim]) -> str:
    tally = Tally()
    for index, claim in enumerate(claims):
        tally.add(claim, _list_key(index, claim))
    return tally.support


def resolve_field(claims: list[Claim], key: Callable[[Claim], Any] | None = None
                  ) -> Resolved | None:
    """Resolves one field over a plain list of claims, taken as in canonical order."""
    state = FieldState()
    for index, claim in enumerate(claims):
        state.add(claim, _list_key(index, claim), key(claim) if key else claim.value)
    return state.resolve()


def _list_key(index: int, claim: Claim) -> Key:
    """A key that keeps a list's order: its position stands where the date would."""
    return (0, f"{index:09d}", claim.doc_id, claim.start, claim.claim_id)
