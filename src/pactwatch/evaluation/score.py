"""Scoring one document's prediction against its gold line, and adding scores up.

Every comparison is a set of keys per field: a key in both is a hit, a key only
extracted is a false hit, a key only in gold is a miss. A wrong value is therefore
both a false hit and a miss, which is what an analyst reading the record suffers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pactwatch.evaluation.gold import GoldAgreement, GoldDocument
from pactwatch.evaluation.predict import Prediction
from pactwatch.records import Claim

FIELDS = ("parties", "status", "signed_on", "term_years", "provisions", "deadline_hours",
          "pledges")
SCALARS = ("status", "signed_on", "term_years", "deadline_hours")
ATTRIBUTED = frozenset({"official", "named", "unnamed_sources"})


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        if self.tp + self.fp + self.fn == 0:
            return None
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": _round(self.precision), "recall": _round(self.recall),
                "f1": _round(self.f1)}


@dataclass
class Finding:
    """One miss or false hit, with the sentence behind it where there is one."""

    doc: str
    field: str
    outcome: str  # "miss" or "false hit"
    agreement: str | None
    value: Any
    sentence: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"doc": self.doc, "field": self.field, "outcome": self.outcome,
                "agreement": self.agreement, "value": self.value, "sentence": self.sentence}


@dataclass
class Attribution:
    correct: int = 0
    gold: int = 0
    spurious: int = 0
    speakers: int = 0  # gold speakers
    speakers_found: int = 0  # of them, credited with a claim (surname and kind)

    @property
    def found(self) -> float | None:
        return self.speakers_found / self.speakers if self.speakers else None

    @property
    def accuracy(self) -> float | None:
        total = self.gold + self.spurious
        return self.correct / total if total else None

    def add(self, other: Attribution) -> None:
        self.correct += other.correct
        self.gold += other.gold
        self.spurious += other.spurious
        self.speakers += other.speakers
        self.speakers_found += other.speakers_found

    def to_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "gold": self.gold, "spurious": self.spurious,
                "accuracy": _round(self.accuracy), "speakers": self.speakers,
                "speakers_found": self.speakers_found, "found": _round(self.found)}


@dataclass
class Scores:
    documents: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    kinds: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    genres: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    attribution: Attribution = field(default_factory=Attribution)
    negatives: int = 0
    negatives_with_records: list[str] = field(default_factory=list)
    # Records whose parties are no agreement the gold or the reference dataset knows.
    nonexistent: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        self.documents += other.documents
        for name, counts in other.fields.items():
            self.fields[name].add(counts)
        for kind, counts in other.kinds.items():
            self.kinds[kind].add(counts)
        for genre, counts in other.genres.items():
            self.genres[genre].add(counts)
        self.attribution.add(other.attribution)
        self.negatives += other.negatives
        self.negatives_with_records += other.negatives_with_records
        self.nonexistent += other.nonexistent
        self.findings += other.findings
        self.errors += other.errors

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {name: c.to_json() for name, c in self.fields.items()},
            "attribution": self.attribution.to_json(),
            "negatives": {"documents": self.negatives,
                          "with_records": self.negatives_with_records},
            "nonexistent_records": self.nonexistent,
            "provision_kinds": {k: c.to_json() for k, c in sorted(self.kinds.items())},
            "genres": {g: c.to_json() for g, c in sorted(self.genres.items())},
            "findings": [f.to_json() for f in self.findings],
            "errors": self.errors,
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score_document(name: str, gold: GoldDocument, predicted: Prediction,
                   known: frozenset[str] = frozenset()) -> Scores:
    """Scores one document; ``known`` holds the party sets ("UA-US") of agreements that
    exist (the reference dataset's and every gold line's): a record of any other pair
    is an agreement that does not exist."""
    scores = Scores(documents=1)
    found = predicted.by_parties()
    expected = {a.key: a for a in gold.agreements}
    if gold.sha256 is not None and gold.agreements:
        # LABELLING.md: a real excerpt's background lists ("Ukraine has already signed
        # with ...") are not labelled, so a record of an agreement that exists but is not
        # labelled is left out of the scores; one that does not exist still counts.
        found = {k: v for k, v in found.items() if k in expected or k not in known}
    sentences = _Sentences(predicted)
    _compare(scores, name, "parties", None, set(expected), set(found),
             lambda key: sentences.of_record(found.get(key)))
    for key in sorted(set(expected) | set(found)):
        want, got = expected.get(key), found.get(key)
        for name_ in SCALARS:
            gold_value = _gold_scalar(want, name_)
            got_value = _record_scalar(got, name_)
            _compare(scores, name, name_, key, _present(gold_value), _present(got_value),
                     lambda _v, f=name_, g=got: sentences.of_field(g, f))
        gold_rows = _gold_provisions(want)
        got_rows = _provisions(got)
        _compare(scores, name, "provisions", key, gold_rows, got_rows,
                 lambda row, g=got: sentences.of_provision(g, row[0]),
                 per=lambda row: row[0], into=scores.kinds)
        _compare(scores, name, "pledges", key, _gold_pledges(want), _pledges(got),
                 lambda _v, g=got: sentences.of_provision(g, "financial_support"))
    genre = gold.genre or "unlabelled"
    for field_name in FIELDS:
        scores.genres[genre].add(scores.fields[field_name])
    scores.nonexistent = [f"{name}: {key}" for key in sorted(found)
                          if key not in expected and key not in known]
    if not gold.agreements:
        scores.negatives = 1
        if found:
            scores.negatives_with_records.append(name)
    scores.attribution = _attribution(gold, predicted)
    return scores


def _compare(scores: Scores, doc: str, field_name: str, agreement: str | None,
             gold: set[Any], got: set[Any], sentence: Any, per: Any = None,
             into: dict[str, Counts] | None = None) -> None:
    counts = scores.fields[field_name]
    for key in gold & got:
        counts.tp += 1
        if per and into is not None:
            into[per(key)].tp += 1
    for key in sorted(got - gold, key=repr):
        counts.fp += 1
        if per and into is not None:
            into[per(key)].fp += 1
        scores.findings.append(Finding(doc, field_name, "false hit", agreement, _show(key),
                                       sentence(key)))
    for key in sorted(gold - got, key=repr):
        counts.fn += 1
        if per and into is not None:
            into[per(key)].fn += 1
        scores.findings.append(Finding(doc, field_name, "miss", agreement, _show(key)))


def _show(key: Any) -> Any:
    if isinstance(key, tuple):
        return list(key)
    return key


def _present(value: Any) -> set[Any]:
    return set() if value is None else {str(value)}


def _gold_scalar(agreement: GoldAgreement | None, name: str) -> Any:
    return getattr(agreement, name) if agreement is not None else None


def _record_scalar(record: dict[str, Any] | None, name: str) -> Any:
    """A scalar of an extracted record; the deadline is the consultation row's."""
    if record is None:
        return None
    if name == "deadline_hours":
        rows = [r for r in record["provisions"] if r.get("deadline_hours") is not None
                and r["polarity"] == "included"]
        return rows[0]["deadline_hours"] if rows else None
    return record.get(name)


def _gold_provisions(agreement: GoldAgreement | None) -> set[tuple[str, str]]:
    if agreement is None:
        return set()
    return ({(k, "included") for k in agreement.provisions.included}
            | {(k, "excluded") for k in agreement.provisions.excluded})


def _provisions(record: dict[str, Any] | None) -> set[tuple[str, str]]:
    if record is None:
        return set()
    return {(row["kind"], row["polarity"]) for row in record["provisions"]}


def _gold_pledges(agreement: GoldAgreement | None) -> set[tuple[float, str]]:
    if agreement is None:
        return set()
    return {(float(p.value), p.currency) for p in agreement.pledges}


def _pledges(record: dict[str, Any] | None) -> set[tuple[float, str]]:
    if record is None:
        return set()
    return {(float(p["value"]), p["currency"]) for p in record.get("pledges", [])}


class _Sentences:
    """The evidence sentence of a false hit, read from the claims behind the record."""

    def __init__(self, predicted: Prediction) -> None:
        self.predicted = predicted

    def _first(self, claims: list[Claim]) -> str | None:
        return claims[0].text if claims else None

    def of_record(self, record: dict[str, Any] | None) -> str | None:
        return self._first(self.predicted.claims_of(record)) if record else None

    def of_field(self, record: dict[str, Any] | None, name: str) -> str | None:
        if record is None:
            return None
        ids = set(record["fields"].get(name, {}).get("claims", []))
        return self._first([c for c in self.predicted.claims if c.claim_id in ids])

    def of_provision(self, record: dict[str, Any] | None, kind: str) -> str | None:
        if record is None:
            return None
        ids = {i for row in record["provisions"] if row["kind"] == kind for i in row["claims"]}
        return self._first([c for c in self.predicted.claims if c.claim_id in ids])


def _attribution(gold: GoldDocument, predicted: Prediction) -> Attribution:
    """Speakers (matched on surname and kind) and relayed outlets."""
    got: set[tuple[str | None, str]] = set()
    for claim in predicted.claims:
        if claim.attribution_kind in ATTRIBUTED:
            name = None if claim.attribution_kind == "unnamed_sources" else claim.attributed_to
            got.add((name, claim.attribution_kind))
    own = _outlet_key(predicted.raw.meta.outlet or "")
    relays = {_outlet_key(c.origin) for c in predicted.claims
              if c.origin and _outlet_key(c.origin) != own}
    result = Attribution(gold=len(gold.speakers) + len(gold.relays),
                         speakers=len(gold.speakers))
    matched: set[tuple[str | None, str]] = set()
    for speaker in gold.speakers:
        hit = next((g for g in sorted(got, key=repr) if g not in matched
                    and g[1] == speaker.kind and _same_person(speaker.name, g[0])), None)
        if hit is not None:
            matched.add(hit)
            result.correct += 1
            result.speakers_found += 1
    wanted_relays = {_outlet_key(r) for r in gold.relays}
    result.correct += len(wanted_relays & relays)
    result.spurious = len(got - matched) + len(relays - wanted_relays)
    return result


def _outlet_key(name: str) -> str:
    """"The Yomiuri Shimbun" and "Yomiuri Shimbun" are one outlet."""
    return name.lower().removeprefix("the ").strip()


def _same_person(gold: str | None, got: str | None) -> bool:
    if gold is None or got is None:
        return gold is None and got is None
    surname = gold.split()[-1].lower()
    return surname in got.lower().replace("’", "'").split()
