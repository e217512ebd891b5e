"""The audit log: every decision, newest first, with whether its claim is still there
(a decision whose claim re-extraction removed is orphaned: listed, never dropped)."""

from __future__ import annotations

from typing import Any

from pactwatch.reconcile.views import find_agreement
from pactwatch.store.repository import Store


def audit_log(store: Store, agreement: str | None = None,
              author: str | None = None) -> list[dict[str, Any]]:
    subject = "-".join(find_agreement(store, agreement)["parties"]) if agreement else None
    rows = store.decisions(subject=subject, author=author)
    wanted = {row.claim_id for row in rows if row.claim_id}
    live = {claim.claim_id for claim in store.claims(ids=wanted)} if wanted else set()
    undone = {row.undoes: row.id for row in rows if row.action == "undo"}
    return [{**row.to_json(), "undone_by": undone.get(row.id),
             "orphaned": bool(row.claim_id) and row.action != "undo"
             and row.claim_id not in live}
            for row in rows]


def orphaned(store: Store) -> list[dict[str, Any]]:
    """Standing decisions whose claim is gone."""
    return [row for row in audit_log(store) if row["orphaned"] and not row["undone_by"]]
