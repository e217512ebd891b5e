"""Extraction from a short text written for a test, as one plain-text document."""

from __future__ import annotations

from datetime import date

from pactwatch.nlp.pipeline import extract
from pactwatch.records import Claim, DocumentMeta, RawDocument


def claims_of(text: str, published: date | None = date(2024, 3, 6),
              outlet: str | None = "Example Wire", model: bool | None = None) -> list[Claim]:
    return extract(RawDocument("t.txt", text, DocumentMeta(outlet=outlet, published=published),
                               "txt"), model=model)


def subjects(claims: list[Claim]) -> set[tuple[str, ...]]:
    """The agreements the claims are about (statements aside)."""
    return {c.subject for c in claims if c.predicate != "statement"}
