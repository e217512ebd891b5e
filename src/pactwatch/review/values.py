"""Checks a correction's FIELD and VALUE against ``correctable_fields.yaml`` and the
vocabularies, and turns the value into the one a claim of that field holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pactwatch import codes, vocab

PROVISION = "provision:"
_TRUE = {"yes", "true", "1", "binding"}
_FALSE = {"no", "false", "0", "not binding"}


class BadCorrection(ValueError):
    """A field or value a correction cannot take; the message is one line."""


@dataclass(frozen=True)
class Correction:
    """A checked correction: the claim predicate, its value and polarity."""

    field: str  # as given: "signed_on", "provision:training"
    predicate: str
    value: Any
    polarity: str = "included"
    shown: str = ""  # the value as a person reads it


def fields() -> list[str]:
    return [*vocab.correctable_fields().fields, PROVISION + "KIND"]


def _choices(source: str) -> list[str]:
    if source == "statuses":
        from pactwatch.reconcile.record_state import STATUS_ORDER

        return list(STATUS_ORDER)
    if source == "legal_forms":
        return list(vocab.cues().legal_forms)
    raise BadCorrection(f"correctable_fields.yaml: unknown choice list {source!r}")


def check(field: str, value: str) -> Correction:
    """The correction ``field`` = ``value``, checked; BadCorrection names what is wrong."""
    text = " ".join(value.split())
    if field.startswith(PROVISION):
        if not field[len(PROVISION):]:
            raise BadCorrection("provision: needs a kind, e.g. provision:training")
        kind = _pick(field[len(PROVISION):], list(vocab.provision_kind_ids()),
                     "provision kind")
        polarity = _pick(text, vocab.correctable_fields().provision_values,
                         f"value for {field}")
        return Correction(PROVISION + kind, "provision", {"kind": kind}, polarity, polarity)
    known = vocab.correctable_fields().fields
    field = field if field in known else _pick(field, list(known), "field")
    spec = known[field]
    kind = spec.type
    if not text:
        raise BadCorrection(f"{field}: the value is empty")
    if kind == "date":
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise BadCorrection(f"{field}: {value!r} is not a date (YYYY-MM-DD)") from None
        return Correction(field, field, day.isoformat(), shown=day.isoformat())
    if kind == "integer":
        low, high = spec.min or 0, spec.max or 10_000
        if not text.isdigit() or not low <= int(text) <= high:
            raise BadCorrection(f"{field}: {value!r} is not a whole number from {low} to "
                                f"{high}")
        return Correction(field, field, int(text), shown=text)
    if kind == "choice" and spec.from_ == "frameworks":
        # records name a framework as its reference text does; its id is accepted too
        by_id = {f.id: f.name for f in vocab.frameworks()}
        named = {name.casefold(): name for name in by_id.values()}.get(text.casefold())
        chosen = named or by_id[_pick(text, list(by_id), f"value for {field}")]
        return Correction(field, field, chosen, shown=chosen)
    if kind == "choice":
        chosen = _pick(text, _choices(spec.from_ or ""), f"value for {field}")
        return Correction(field, field, chosen, shown=chosen)
    if kind == "boolean":
        if text.casefold() in _TRUE | _FALSE:
            flag = text.casefold() in _TRUE
            return Correction(field, field, flag, shown="yes" if flag else "no")
        raise BadCorrection(f"{field}: {value!r} is not yes or no")
    if kind == "venue":
        event, _, place = text.partition(" in ")
        return Correction(field, "venue", {"event": event or None, "place": place or None},
                          shown=text)
    if kind == "list":
        names = [n.strip() for n in text.split(",") if n.strip()]
        return Correction(field, field, names, shown=", ".join(names))
    return Correction(field, field, text, shown=text)


def _pick(text: str, allowed: list[str], what: str) -> str:
    try:
        return codes.choice(text.replace(" ", "_"), allowed, what)
    except codes.UnknownCode as error:
        raise BadCorrection(str(error)) from None
