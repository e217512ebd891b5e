"""Changes: what a reconciliation altered in a subject's agreement records, found by
comparing the rows it replaces with the ones it writes (nothing is recomputed to find
them), and the changes a watched source raises about itself.

Each change names the agreement, the field, the old and the new value, and the claims
behind the new value: on an update, the claims it folded in that support it, else every
claim behind it. The store adds the documents of those claims as it writes the change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pactwatch.errors import BadSince
from pactwatch.records import AgreementRecord

# The kinds of change, in the order a reader meets them for one agreement.
AGREEMENT_NEW = "agreement_new"
AGREEMENT_REMOVED = "agreement_removed"
STATUS = "status_changed"
FIELD_SET = "field_set"
FIELD_CHANGED = "field_changed"
FIELD_CONFLICTING = "field_conflicting"
FIELD_CLEARED = "field_cleared"
PROVISION_ADDED = "provision_added"
PROVISION_EXCLUDED = "provision_excluded"
PROVISION_CHANGED = "provision_changed"
PROVISION_REMOVED = "provision_removed"
SOURCE_FAILING = "source_failing"
SOURCE_STALE = "source_stale"
SOURCE_RECOVERED = "source_recovered"

KINDS = (AGREEMENT_NEW, AGREEMENT_REMOVED, STATUS, FIELD_SET, FIELD_CHANGED,
         FIELD_CONFLICTING, FIELD_CLEARED, PROVISION_ADDED, PROVISION_EXCLUDED,
         PROVISION_CHANGED, PROVISION_REMOVED, SOURCE_FAILING, SOURCE_STALE,
         SOURCE_RECOVERED)

# Status has a change kind of its own; title and parties are part of the agreement's id.
_OWN_KIND = frozenset({"status"})
# What distinguishes two versions of one provision (kind and polarity are its key).
_PROVISION_DETAIL = ("deadline_hours", "amount")


@dataclass(frozen=True)
class Change:
    kind: str
    agreement_id: str | None
    field: str | None
    old: Any
    new: Any
    claim_ids: list[str] = dataclasses.field(default_factory=list)
    document_ids: list[str] = dataclasses.field(default_factory=list)
    subject: str | None = None
    source: str | None = None  # the watched source a source change is about

    def values(self) -> dict[str, Any]:
        """The columns of its row in the ``changes`` table (without id and time)."""
        return {"kind": self.kind, "agreement_id": self.agreement_id, "field": self.field,
                "old_value": self.old, "new_value": self.new, "claim_ids": self.claim_ids,
                "document_ids": self.document_ids, "subject": self.subject,
                "source": self.source}


def diff(subject: str, old: Mapping[str, Mapping[str, Any]],
         new: Sequence[AgreementRecord], folded: Collection[str] | None = None
         ) -> list[Change]:
    """The changes from the stored records ``old`` (agreement id -> record JSON) to the
    ``new`` ones. ``folded``: the claims an update folded in (None for a rebuild)."""
    changes: list[Change] = []
    for record in new:
        before = old.get(record.id)
        if before is None:
            changes.append(_appeared(subject, record.id, record.record, folded))
        else:
            changes.extend(_record_changes(subject, record.id, before, record.record, folded))
    gone = sorted(set(old) - {record.id for record in new})
    changes.extend(Change(AGREEMENT_REMOVED, agreement_id, None, _headline(old[agreement_id]),
                          None, subject=subject) for agreement_id in gone)
    return changes


def _appeared(subject: str, agreement_id: str, record: Mapping[str, Any],
              folded: Collection[str] | None) -> Change:
    return Change(AGREEMENT_NEW, agreement_id, None, None, _headline(record),
                  _cause(_all_claims(record), folded), subject=subject)


def _headline(record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: record.get(key) for key in ("title", "parties", "status", "signed_on")}


def _record_changes(subject: str, agreement_id: str, before: Mapping[str, Any],
                    after: Mapping[str, Any], folded: Collection[str] | None
                    ) -> Iterable[Change]:
    old_fields: Mapping[str, Any] = before.get("fields") or {}
    new_fields: Mapping[str, Any] = after.get("fields") or {}

    def change(kind: str, name: str | None, old_value: Any, new_value: Any,
               entry: Mapping[str, Any] | None) -> Change:
        claims = _cause(list((entry or {}).get("claims", [])), folded)
        return Change(kind, agreement_id, name, old_value, new_value, claims, subject=subject)

    if before.get("status") != after.get("status"):
        yield change(STATUS, "status", before.get("status"), after.get("status"),
                     new_fields.get("status"))
    for name in sorted(set(old_fields) | set(new_fields)):
        if name in _OWN_KIND:
            continue
        was, now = old_fields.get(name), new_fields.get(name)
        if now is None and was is not None:
            yield change(FIELD_CLEARED, name, was.get("value"), None, None)
        elif was is None and now is not None:
            yield change(_set_kind(now), name, None, _shown(now), now)
        elif was is not None and now is not None:
            if now.get("support") == "conflicting" and was.get("support") != "conflicting":
                yield change(FIELD_CONFLICTING, name, was.get("value"), _shown(now), now)
            elif now.get("value") != was.get("value") and now.get("support") != "conflicting":
                yield change(FIELD_CHANGED, name, was.get("value"), now.get("value"), now)
    yield from _provision_changes(before, after, change)


def _set_kind(entry: Mapping[str, Any]) -> str:
    return FIELD_CONFLICTING if entry.get("support") == "conflicting" else FIELD_SET


def _shown(entry: Mapping[str, Any]) -> Any:
    """A field's value as a change shows it: every candidate while it is conflicting."""
    if entry.get("support") == "conflicting":
        return [candidate.get("value") for candidate in entry.get("values", [])]
    return entry.get("value")


def _provision_changes(before: Mapping[str, Any], after: Mapping[str, Any],
                       change: Any) -> Iterable[Change]:
    old = _provisions(before)
    new = _provisions(after)
    for key in sorted(set(old) | set(new)):
        kind, polarity = key
        name = f"provision:{kind}"
        was, now = old.get(key), new.get(key)
        if was is None and now is not None:
            added = PROVISION_EXCLUDED if polarity == "excluded" else PROVISION_ADDED
            yield change(added, name, None, _detail(now, polarity), now)
        elif now is None and was is not None:
            yield change(PROVISION_REMOVED, name, _detail(was, polarity), None, None)
        elif was is not None and now is not None and _detail(was, polarity) != _detail(
                now, polarity):
            yield change(PROVISION_CHANGED, name, _detail(was, polarity),
                         _detail(now, polarity), now)


def _provisions(record: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    return {(p["kind"], p.get("polarity", "included")): p
            for p in record.get("provisions") or []}


def _detail(provision: Mapping[str, Any], polarity: str) -> dict[str, Any]:
    return {"polarity": polarity, **{key: provision.get(key) for key in _PROVISION_DETAIL}}


def _all_claims(record: Mapping[str, Any]) -> list[str]:
    found: dict[str, None] = {}
    for entry in (record.get("fields") or {}).values():
        found.update(dict.fromkeys(entry.get("claims", [])))
    for provision in record.get("provisions") or []:
        found.update(dict.fromkeys(provision.get("claims", [])))
    return list(found)


def _cause(claims: list[str], folded: Collection[str] | None) -> list[str]:
    """The claims behind a change: those just folded in, when an update folded some of
    them; otherwise every claim behind the value."""
    if folded:
        fresh = [claim for claim in claims if claim in folded]
        if fresh:
            return fresh
    return claims


def parse_since(text: str, option: str = "--since") -> datetime:
    """An ISO 8601 date or time ("2024-06-13", "2024-06-13T09:00", "...Z", "...+02:00")
    as an aware time; a time without an offset is UTC."""
    try:
        when = datetime.fromisoformat(text.strip())
        when = when if when.tzinfo is not None else when.replace(tzinfo=UTC)
        return when.astimezone(UTC)
    except (ValueError, OverflowError):  # overflow: a time at the edge of the calendar
        raise BadSince(option, f"not an ISO 8601 date or time: {text!r} "
                               "(e.g. 2024-06-13 or 2024-06-13T09:00Z)") from None
