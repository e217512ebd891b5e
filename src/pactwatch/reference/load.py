"""Loads the reference records as claims whose source is the cited public document.

Each (record, cited source) pair becomes one stored document: a short statement in the
project's own words listing the facts the record takes from that source, with the
source's URL, publisher and date as its metadata. Claim offsets point into that
statement, so reference claims are traced exactly like extracted ones, and loading
twice adds nothing (identical content is stored once).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from pactwatch.errors import BadDataFile
from pactwatch.nlp.amounts import Amount, scale
from pactwatch.nlp.facts import event_name
from pactwatch.records import Claim, DocumentMeta, RawDocument
from pactwatch.reference.schema import Fact, Record, Source
from pactwatch.vocab import first_error

REFERENCE_VERSION = "pactwatch-reference.v1"


def reference_dir() -> Path:
    return Path(str(resources.files("pactwatch.data").joinpath("reference")))


class _StrictLoader(yaml.SafeLoader):
    """YAML that refuses a key given twice (plain YAML keeps the last one silently)."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    twice = sorted({str(k) for k in keys if keys.count(k) > 1})
    if twice:
        raise yaml.constructor.ConstructorError(None, None, f"duplicate key {twice[0]!r}",
                                                node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def load_records(folder: Path | None = None) -> list[Record]:
    """Every record, validated; a bad file fails with [PW030] naming file and field."""
    records: dict[str, Record] = {}
    for path in sorted((folder or reference_dir()).glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506
            record = Record.model_validate(data)
        except yaml.YAMLError as exc:
            raise BadDataFile(path.name, f"not valid YAML: {exc}") from exc
        except ValidationError as exc:
            raise BadDataFile(path.name, first_error(exc, "record")) from exc
        if path.stem != record.id:
            raise BadDataFile(path.name, f"file name should be {record.id}.yaml")
        if record.id in records:
            raise BadDataFile(path.name, f"duplicate agreement {record.id}")
        records[record.id] = record
    return list(records.values())


@dataclass
class _Statement:
    """The text of one reference document and the claims pointing into it."""

    record: Record
    key: str
    source: Source
    lines: list[str] = field(default_factory=list)
    pending: list[tuple[int, int, dict[str, Any]]] = field(default_factory=list)

    def add(self, label: str, shown: str, claim: dict[str, Any]) -> None:
        offset = sum(len(line) + 1 for line in self.lines)
        prefix = f"{label}: "
        self.lines.append(prefix + shown)
        start = offset + len(prefix)
        self.pending.append((start, start + len(shown), claim))

    def build(self) -> tuple[RawDocument, list[Claim]]:
        header = (f"pactwatch reference record {self.record.id} ({self.record.title}); "
                  f"facts taken from {self.source.publisher}, {self.source.date or 'undated'}, "
                  f"{self.source.url}")
        text = "\n".join([header, *self.lines]) + "\n"
        shift = len(header) + 1
        meta = DocumentMeta(outlet=self.source.publisher, title=self.record.title,
                            url=str(self.source.url), published=self.source.date, lang="en")
        raw = RawDocument(str(self.source.url), text, meta, "reference")
        official = self.source.kind == "official"
        claims = []
        for start, end, c in self.pending:
            line_start = text.rfind("\n", 0, start + shift) + 1
            line_end = text.index("\n", start + shift)
            claims.append(Claim(
                doc_id=raw.doc_id, subject=tuple(self.record.parties),
                predicate=c["predicate"], value=c["value"],
                polarity=c.get("polarity", "included"), modality="asserted",
                attributed_to=self.source.publisher,
                role="official publication" if official else "news report",
                attribution_kind="reference" if official else "outlet",
                origin=self.source.publisher, start=start + shift, end=end + shift,
                text=text[line_start:line_end], confidence=1.0 if official else 0.9,
                event_date=c.get("event_date"),
                extra={"sentence": [line_start, line_end], "reference": self.record.id,
                       "source_key": self.key}))
        return raw, claims


def reference_documents(record: Record) -> list[tuple[RawDocument, list[Claim]]]:
    statements = {key: _Statement(record, key, src) for key, src in record.sources.items()}

    def cite(fact_sources: list[str], label: str, shown: str, claim: dict[str, Any]) -> None:
        for key in fact_sources:
            statements[key].add(label, shown, claim)

    cite(record.signed_on.sources, "title", record.title,
         {"predicate": "title", "value": record.title})
    for name, fact in record.facts():
        for label, shown, claim in _fact_claims(record, name, fact):
            cite(fact.sources, label, shown, claim)
    guarantors = [p for p in record.parties if p != record.protected]
    protected = [record.protected] if record.protected else []
    for provision in record.provisions:
        value: dict[str, Any] = {"kind": provision.kind, "obligors": guarantors,
                                 "beneficiaries": protected}
        shown = provision.polarity
        if provision.deadline_hours is not None:
            value["deadline_hours"] = provision.deadline_hours
            shown += f", within {provision.deadline_hours} hours"
        cite(provision.sources, f"provision {provision.kind}", shown,
             {"predicate": "provision", "value": value, "polarity": provision.polarity})
    for pledge in record.pledges:
        amount = Amount(pledge.value * scale(pledge.unit) if pledge.unit else pledge.value,
                        pledge.currency, pledge.period, 0, 0).to_json()
        shown = " ".join(str(v) for v in (pledge.value, pledge.unit, pledge.currency,
                                           pledge.period) if v is not None)
        cite(pledge.sources, "pledge", shown,
             {"predicate": "provision",
              "value": {"kind": "financial_support", "obligors": guarantors,
                        "beneficiaries": protected, "amount": amount,
                        "amounts": [amount]}})
    return [s.build() for s in statements.values() if s.lines]


def _fact_claims(record: Record, name: str, fact: Fact) -> list[tuple[str, str, dict[str, Any]]]:
    value = fact.value
    if name == "signed_on":
        signed = date.fromisoformat(str(value))
        return [("signed on", signed.isoformat(),
                 {"predicate": "signed_on", "value": signed.isoformat(), "event_date": signed}),
                ("status", "signed",
                 {"predicate": "status", "value": "signed", "event_date": signed})]
    if name in {"place", "occasion"}:
        venue = {"event": event_name(str(value)) or str(value), "place": None} \
            if name == "occasion" else {"event": None, "place": str(value)}
        return [(name, str(value), {"predicate": "venue", "value": venue})]
    if name == "signatories":
        names = [s["name"] if isinstance(s, dict) else str(s) for s in value]
        return [(name, ", ".join(names), {"predicate": "signatories", "value": value})]
    shown = "none (the cited sources show there is none)" if value is None else str(value)
    return [(name.replace("_", " "), shown, {"predicate": name, "value": value})]


@dataclass
class LoadReport:
    records: int = 0
    documents: int = 0
    claims: int = 0


def load_reference(store: Any, folder: Path | None = None) -> LoadReport:
    """Stores every reference record's documents and claims; loading twice adds nothing."""
    from pactwatch.reconcile.run import reconcile

    report = LoadReport()
    for record in load_records(folder):
        report.records += 1
        for raw, claims in reference_documents(record):
            if store.add_document(raw, claims, extractor_version=REFERENCE_VERSION):
                report.documents += 1
                report.claims += len(claims)
    reconcile(store)
    return report



def reference_subjects() -> list[str]:
    """The party sets ("UA-US") of the agreements in the reference dataset."""
    return sorted({"-".join(record.parties) for record in load_records()})
