"""Signings in date order with a running count, each with its status history."""

from __future__ import annotations

from typing import Any


def timeline(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Agreements with a signing date, oldest first, numbered as they were signed."""
    dated = sorted((r for r in records if r.get("signed_on")),
                   key=lambda r: (r["signed_on"], r["id"]))
    rows = []
    signed = 0
    for record in dated:
        done = record.get("status") in {"signed", "in_force", "expired", "terminated"}
        signed += done
        backing = record.get("fields", {}).get("signed_on", {})
        rows.append({
            "id": record["id"],
            "title": record["title"],
            "parties": record["parties"],
            "signed_on": record["signed_on"],
            "status": record.get("status"),
            "venue": record.get("venue"),
            "running_count": signed if done else None,
            "support": backing.get("support"),
            "sources": backing.get("sources", []),
            "history": record.get("history", []),
        })
    return rows
