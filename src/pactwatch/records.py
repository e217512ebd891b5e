"""Plain value types passed between the stages (ingest → nlp → store → reconcile).

They carry no database or spaCy state, so each stage can be tested on its own and the
values can cross process boundaries (pickling for worker pools).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

POLARITIES = ("included", "excluded")
MODALITIES = ("asserted", "expected", "hedged")
# How a claim's speaker stands to its content; drives support in reconciliation.
ATTRIBUTION_KINDS = (
    "official",  # a named official of a party, on record, or an official text
    "named",  # a named person who is not known to be an official
    "unnamed_sources",  # "people familiar", "two of the sources"
    "outlet",  # the outlet's own reporting, no speaker given
    "reference",  # a curated reference claim citing a public document
)


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of one source document; every field may be unknown."""

    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    lang: str | None = None

    def merged(self, override: DocumentMeta) -> DocumentMeta:
        """Fields set in ``override`` win (command-line flags over a sidecar)."""
        return DocumentMeta(
            outlet=override.outlet or self.outlet,
            title=override.title or self.title,
            url=override.url or self.url,
            published=override.published or self.published,
            lang=override.lang or self.lang,
        )


@dataclass(frozen=True)
class RawDocument:
    """A document's text as read from one input, before extraction."""

    source: str  # the path as given, or "-" for standard input
    text: str
    meta: DocumentMeta
    fmt: str  # reader name: txt, md, html, pdf

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def doc_id(self) -> str:
        return self.content_hash[:16]

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def content_hash(text: str) -> str:
    """Identical content is stored once: the id of a document is a hash of its text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Claim:
    """One statement found in one document, about one agreement (its subject).

    ``subject`` is the sorted tuple of party codes that identifies the agreement the
    statement is about; ``start``/``end`` are character offsets into the document text.
    """

    doc_id: str
    subject: tuple[str, ...]
    predicate: str
    value: Any
    polarity: str = "included"
    modality: str = "asserted"
    attributed_to: str | None = None
    role: str | None = None
    attribution_kind: str = "outlet"
    origin: str | None = None
    start: int = 0
    end: int = 0
    text: str = ""
    confidence: float = 0.8
    event_date: date | None = None  # when the stated fact happens/happened, if known
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def claim_id(self) -> str:
        """Stable id from the key fields, so re-extracting the same text is idempotent."""
        key = json.dumps(
            [self.doc_id, list(self.subject), self.predicate, self.value, self.polarity,
             self.start, self.end],
            sort_keys=True,
            default=str,
        )
        return "c" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:15]


# What an analyst's correction becomes once an undo takes it back: its claim is no
# longer part of any record.
WITHDRAWN = "withdrawn"


def subject_key(parties: tuple[str, ...] | list[str]) -> str:
    """The text form of a claim subject: sorted party codes joined by '-' ("UA-US")."""
    return "-".join(sorted(set(parties)))


@dataclass
class StatusStep:
    """One step of an agreement's status history, with the claims that state it."""

    status: str
    on_date: date | None  # when the step happened or is scheduled, if stated
    observed_on: date | None  # publication date of the earliest source stating it
    support: str
    claim_ids: list[str]
    source_ids: list[str]


@dataclass
class AgreementRecord:
    """A derived view of one agreement, computed by reconciliation from claims.

    ``record`` is the JSON of PRODUCT.md's agreement contract (without the claim list,
    which is rebuilt from ``claim_ids``)."""

    id: str
    subject: str
    parties: list[str]
    title: str
    status: str | None
    signed_on: date | None
    record: dict[str, Any]
    claim_ids: list[str]
    history: list[StatusStep]
