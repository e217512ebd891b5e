"""Review over the API: `POST /api/decisions` (accept, reject, correct, undo), the audit
log at `GET /api/decisions` and the queue at `GET /api/review`.

A decision's author is the name of the bearer token that made it, never a field of the
body: a body that names an author has that key ignored like any other unknown key.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pactwatch.api.security import require_analyst
from pactwatch.store.repository import Store

MAX_DECISION_ID = 2**31 - 1  # the column is a 32-bit integer on PostgreSQL


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("must not contain NUL characters")
    return text


def _no_nul_or_none(text: str | None) -> str | None:
    return None if text is None else _no_nul(text)


Short = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_no_nul)]
Note = Annotated[str, Field(max_length=2000), AfterValidator(_no_nul)]
Long = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_no_nul)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")  # "author" and the like count for nothing


class Judgement(_Body):
    """Accept a claim (it counts as confirmed) or reject it (it no longer counts)."""

    action: Literal["accept", "reject"]
    claim: Short = Field(description="The claim's id (see /api/claims).")
    reason: Note | None = Field(default=None, description="Why, for the audit log.")


class Correction(_Body):
    """Set a field of an agreement to the analyst's value, citing a source."""

    action: Literal["correct"]
    agreement: Short = Field(description="The agreement's id, e.g. UA-US-2024.")
    field: Short = Field(description="signed_on, term_years, status, legal_form, "
                                     "binding_on_successors, venue, framework, ... or "
                                     "provision:KIND")
    value: Long | int | bool = Field(description="The value; for provision:KIND one of "
                                                  "included, excluded, not_stated.")
    source_url: Long = Field(description="The http(s) URL of the source.")
    note: Note | None = None


class Undo(_Body):
    """Take back a standing decision."""

    action: Literal["undo"]
    decision: int = Field(ge=1, le=MAX_DECISION_ID, description="The decision's id.")
    reason: Note | None = None


DecisionBody = Annotated[Judgement | Correction | Undo, Field(discriminator="action")]
Filter = Annotated[str | None, Query(min_length=1, max_length=200),
                   AfterValidator(_no_nul_or_none)]


WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No bearer token; nothing is stored."},
    403: {"description": "A token that is not valid, or writes are disabled; nothing is "
                         "stored."},
    404: {"description": "No such claim, agreement or decision."},
}


def install(app: FastAPI, store: Callable[[], AbstractContextManager[Store]]) -> None:
    @app.post("/api/decisions", status_code=201, tags=["review"], responses=WRITE_ERRORS)
    def decide(body: DecisionBody,
               author: str = Depends(require_analyst)) -> dict[str, Any]:
        """Store one decision, made by the analyst the bearer token names, and rebuild
        the agreement it concerns. The answer is what `pactwatch decide|correct|undo
        --json` prints: the decision and the id of the agreement."""
        with store() as s:
            return run(s, body, author).to_json()

    @app.get("/api/decisions", tags=["review"])
    def decisions(agreement: Filter = None, by: Filter = None) -> list[dict[str, Any]]:
        """The audit log, newest first (what `pactwatch decisions --json` prints)."""
        from pactwatch.review.audit import audit_log

        with store() as s:
            return audit_log(s, agreement, by)

    @app.get("/api/review", tags=["review"])
    def review(agreement: Filter = None) -> list[dict[str, Any]]:
        """The review queue, worst first (what `pactwatch review --json` prints)."""
        with store() as s:
            return review_queue(s, agreement)


def run(store: Store, body: Judgement | Correction | Undo, author: str) -> Any:
    """Carries out one decision through ``pactwatch.review.decide``; returns its Outcome."""
    from pactwatch.review import decide

    if isinstance(body, Judgement):
        return decide.judge(store, body.action, body.claim, author, body.reason)
    if isinstance(body, Correction):
        return decide.correct(store, body.agreement, body.field, as_text(body.value),
                              author, body.source_url, body.note)
    return decide.undo(store, body.decision, author, body.reason)


def as_text(value: str | int | bool) -> str:
    """A JSON value as the CLI would have been given it (true → "yes")."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def review_queue(store: Store, agreement: str | None = None) -> list[dict[str, Any]]:
    """The queue for one agreement or all, as `pactwatch review` builds it."""
    from pactwatch.reconcile.views import find_agreement
    from pactwatch.review.queue import queue

    records = [find_agreement(store, agreement)] if agreement else store.agreements()
    ids = {i for r in records for i in store.agreement_claim_ids(r["id"])}
    claims = {c.claim_id: c for c in store.claims(ids=ids)}
    return queue(records, claims)
