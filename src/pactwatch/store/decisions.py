"""Analysts' decisions as rows: accept, reject, correct and undo, each with its author
and time. Rows are only ever added; an undo is a decision too. Mixed into ``Store``."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pactwatch.errors import UnknownDecision
from pactwatch.records import WITHDRAWN, Claim, RawDocument
from pactwatch.store.models import ClaimRow, Decision, Document
from pactwatch.store.rows import claim_values, document_values, normal_subject

ACTIONS = ("accept", "reject", "correct", "undo")
# The extractor version of the document a correction is recorded on: it is never
# extracted again.
ANALYST_DOCUMENT = "analyst"



@dataclass(frozen=True)
class DecisionRow:
    id: int
    action: str
    subject: str
    claim_id: str | None
    agreement_id: str | None
    field: str | None
    value: Any
    source_url: str | None
    note: str | None
    author: str
    created_at: datetime
    undoes: int | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "subject": self.subject,
                "claim": self.claim_id, "agreement": self.agreement_id, "field": self.field,
                "value": self.value, "source_url": self.source_url, "note": self.note,
                "author": self.author, "at": self.created_at.isoformat(),
                "undoes": self.undoes}


class DecisionRecords:
    """Methods of ``Store`` over the decisions table (its sessions come from ``Store``)."""

    _reading: Callable[[], AbstractContextManager[Session]]
    _writing: Callable[[], AbstractContextManager[tuple[Session, datetime]]]

    def add_decision(self, *, action: str, subject: str, author: str,
                     claim_id: str | None = None, agreement_id: str | None = None,
                     field: str | None = None, value: Any = None,
                     source_url: str | None = None, note: str | None = None,
                     undoes: int | None = None,
                     evidence: tuple[RawDocument, Claim] | None = None) -> DecisionRow:
        """Stores one decision (and, for a correction, the document and claim that carry
        the analyst's value) in one transaction; returns it."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        with self._writing() as (session, now):
            if evidence is not None:
                raw, claim = evidence
                session.execute(insert(Document), [document_values(
                    raw, relevant=True, extractor_version=ANALYST_DOCUMENT, now=now)])
                session.execute(insert(ClaimRow), [claim_values(claim, author, now)])
            row = Decision(action=action, subject=normal_subject(subject), claim_id=claim_id,
                           agreement_id=agreement_id, field=field, value=value,
                           source_url=source_url, note=note, author=author, created_at=now,
                           undoes=undoes)
            session.add(row)
            session.flush()
            return _plain(row)

    def decision(self, decision_id: int) -> DecisionRow:
        with self._reading() as session:
            row = session.get(Decision, decision_id)
            if row is None:
                raise UnknownDecision(str(decision_id),
                                      "no such decision (see `pactwatch decisions`)")
            return _plain(row)

    def decisions(self, subject: str | None = None, author: str | None = None,
                  agreement_id: str | None = None) -> list[DecisionRow]:
        """The audit log, newest first."""
        query = select(Decision).order_by(Decision.created_at.desc(), Decision.id.desc())
        if subject is not None:
            query = query.where(Decision.subject == normal_subject(subject))
        if author is not None:
            query = query.where(Decision.author == author)
        if agreement_id is not None:
            query = query.where(Decision.agreement_id == agreement_id)
        with self._reading() as session:
            return [_plain(row) for row in session.scalars(query)]

    def claim_decisions(self, subject: str) -> dict[str, dict[str, Any]]:
        """The decision in force on each claim of ``subject`` that has one: its latest
        decision no undo took back; a correction taken back is ``withdrawn``."""
        rows = self.decisions(subject)
        undone = {row.undoes for row in rows if row.action == "undo"}
        found: dict[str, dict[str, Any]] = {}
        for row in reversed(rows):  # oldest first: a later decision wins
            if row.action == "undo" or not row.claim_id:
                continue
            if row.id in undone:
                if row.action == "correct":
                    found[row.claim_id] = {"id": row.id, "action": WITHDRAWN}
                continue
            found[row.claim_id] = {"id": row.id, "action": row.action, "author": row.author,
                                   "at": row.created_at.isoformat(),
                                   "source_url": row.source_url, "note": row.note}
        return found

    def last_decided(self, subject: str) -> datetime | None:
        query = select(func.max(Decision.created_at)).where(
            Decision.subject == normal_subject(subject))
        with self._reading() as session:
            latest: datetime | None = session.scalar(query)
            return latest


def _plain(row: Decision) -> DecisionRow:
    return DecisionRow(row.id, row.action, row.subject, row.claim_id, row.agreement_id,
                       row.field, row.value, row.source_url, row.note, row.author,
                       row.created_at, row.undoes)
