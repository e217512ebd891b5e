"""A change in one sentence for people, the same in the CLI, the dashboard, the Atom feed
and the webhooks: "UA-US-2024: status expected → signed"; and the sources behind it as
the dashboard names them ("Fjord Wire · 2024-06-13")."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from pactwatch import changes as kinds
from pactwatch.web.labels import field_label, iso_date, kind_label, shown, source_label

_LONGEST = 90  # characters of a value shown in a summary


def summary(change: dict[str, Any]) -> str:
    """``change`` as ``Store.changes`` gives it."""
    where = change.get("agreement") or change.get("source") or ""
    text = sentence(change)
    return f"{where}: {text}" if where else text


def sentence(change: dict[str, Any]) -> str:
    """What changed, without the agreement or source it is about (for pages that show
    that in a column of its own)."""
    write = _SENTENCES.get(change["kind"])
    return write(change) if write else f"{change['kind'].replace('_', ' ')}"


def with_summary(change: dict[str, Any]) -> dict[str, Any]:
    return {**change, "summary": summary(change)}


class _Documents(Protocol):
    def documents(self, ids: Iterable[str] | None = None) -> list[dict[str, Any]]: ...


def for_people(store: _Documents, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``changes`` with their summary, their sentence and their sources (the metadata of
    the documents behind each, newest first, one query for all of them)."""
    wanted = {doc for change in changes for doc in change.get("documents") or []}
    documents = {d["id"]: d for d in store.documents(wanted)} if wanted else {}
    return [{**with_summary(change), "sentence": sentence(change),
             "sources": sources(change, documents)} for change in changes]


def sources(change: dict[str, Any], documents: Mapping[str, dict[str, Any]]
            ) -> list[dict[str, Any]]:
    """The stored documents behind ``change``, newest first, each with its ``label``; a
    document no longer stored is left out."""
    found = [documents[d] for d in change.get("documents") or [] if d in documents]
    found.sort(key=lambda d: (iso_date(d.get("published"), ""), d["id"]), reverse=True)
    return [{**d, "label": source_label(d)} for d in found]


def _value(value: Any) -> str:
    text = shown(value)
    return text if len(text) <= _LONGEST else text[:_LONGEST - 1] + "…"


def _field(change: dict[str, Any]) -> str:
    return field_label(change.get("field"))


def _kind(change: dict[str, Any]) -> str:
    return kind_label(str(change.get("field") or "").removeprefix("provision:"))


def _new_agreement(change: dict[str, Any]) -> str:
    """"new agreement: T, signing expected on D", "..., signed on D", "..., in force
    (signed on D)", "..., negotiating"."""
    new = change.get("new") or {}
    status, day = new.get("status"), new.get("signed_on")
    if day and status == "expected":
        state = f", signing expected on {day}"
    elif day and status in (None, "signed"):
        state = f", signed on {day}"
    elif day:
        state = f", {shown(status)} (signed on {day})"
    else:
        state = f", {shown(status)}" if status else ""
    return f"new agreement: {_value(new.get('title'))}{state}"


def _provision_detail(detail: Any) -> str:
    if not isinstance(detail, dict):
        return ""
    parts = []
    hours = detail.get("deadline_hours")
    if hours is not None:
        parts.append("immediately" if hours == 0 else f"within {hours} hours")
    if detail.get("amount"):
        parts.append(_value(detail["amount"]))
    return f" ({', '.join(parts)})" if parts else ""


def _provision_changed(change: dict[str, Any]) -> str:
    before = _provision_detail(change.get("old")).strip(" ()") or "no detail"
    after = _provision_detail(change.get("new")).strip(" ()") or "no detail"
    return f"provision {_kind(change)} changed: {before} → {after}"


def _failing(change: dict[str, Any]) -> str:
    new = change.get("new") or {}
    return (f"source failing for {new.get('failures')} rounds in a row "
            f"({_value(new.get('error'))})")


def _stale(change: dict[str, Any]) -> str:
    new = change.get("new") or {}
    since = new.get("last_published")
    return f"source has published nothing since {since}" if since else \
        "source has published nothing yet"


_SENTENCES: dict[str, Callable[[dict[str, Any]], str]] = {
    kinds.AGREEMENT_NEW: _new_agreement,
    kinds.AGREEMENT_REMOVED: lambda c: "no longer in the records (its claims were rejected, "
                                       "withdrawn or regrouped)",
    kinds.STATUS: lambda c: f"status {_value(c.get('old'))} → {_value(c.get('new'))}",
    kinds.FIELD_SET: lambda c: f"{_field(c)} set to {_value(c.get('new'))}",
    kinds.FIELD_CHANGED: lambda c: f"{_field(c)} changed from {_value(c.get('old'))} "
                                   f"to {_value(c.get('new'))}",
    kinds.FIELD_CONFLICTING: lambda c: f"{_field(c)} now conflicting: sources say "
                                       f"{_value(c.get('new'))}",
    kinds.FIELD_CLEARED: lambda c: f"{_field(c)} no longer stated (was {_value(c.get('old'))})",
    kinds.PROVISION_ADDED: lambda c: f"provision added: {_kind(c)}"
                                     f"{_provision_detail(c.get('new'))}",
    kinds.PROVISION_EXCLUDED: lambda c: f"provision explicitly excluded: {_kind(c)}",
    kinds.PROVISION_CHANGED: _provision_changed,
    kinds.PROVISION_REMOVED: lambda c: f"provision no longer stated: {_kind(c)}",
    kinds.SOURCE_FAILING: _failing,
    kinds.SOURCE_STALE: _stale,
    kinds.SOURCE_RECOVERED: lambda c: "source is answering and publishing again",
}
