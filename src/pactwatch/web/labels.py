"""How the dashboard writes values for people: sources by outlet and date, provision
kinds by their vocabulary labels, booleans as yes / no, identifiers such as ``in_force``
as words, dates as ISO 8601. Registered as Jinja filters by ``views.install``."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment

from pactwatch import vocab

NOT_STATED = "not stated"
_IDENTIFIER = re.compile(r"^[a-z]+(?:_[a-z]+)+$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])")


def kind_label(kind: str) -> str:
    """A provision kind's label from the vocabulary (an unknown id as words)."""
    found = vocab.kind_by_id().get(kind)
    return found.label if found else words(kind)


def words(value: Any) -> str:
    """``in_force`` → ``in force``; anything else as it is."""
    return str(value).replace("_", " ")


def iso_date(value: Any, missing: str = "date not stated") -> str:
    """A date, a time or an ISO string as YYYY-MM-DD."""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if not value:
        return missing
    text = str(value)
    return text[:10] if _ISO_DAY.match(text) else text


def shown(value: Any) -> str:
    """A field value as text: None is "not stated", booleans "yes" / "no", dates ISO,
    lists joined, snake_case identifiers as words."""
    if value is None:
        return NOT_STATED
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return iso_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return _shown_mapping(value)
    text = str(value)
    return words(text) if _IDENTIFIER.match(text) else text


def _shown_mapping(value: dict[str, Any]) -> str:
    """A person (signatory) as "name (role)", a venue as "event in place", anything
    else as its stated parts."""
    if value.get("name"):
        return f"{value['name']} ({value['role']})" if value.get("role") else str(value["name"])
    if "event" in value or "place" in value:
        return " in ".join(str(v) for v in (value.get("event"), value.get("place")) if v) \
            or NOT_STATED
    parts = [shown(v) for k, v in value.items() if v not in (None, [], {}) and k != "kind"]
    return ", ".join(parts) or NOT_STATED


def field_label(field: Any) -> str:
    """A field as the review pages name it: "term years", "provision: training"."""
    text = str(field or "")
    if text.startswith("provision:"):
        return f"provision: {kind_label(text.removeprefix('provision:'))}"
    return words(text)


def claim_value(claim: dict[str, Any]) -> str:
    """What a claim states, for people: "training: included", "term years: 10"."""
    value = claim.get("value")
    if claim.get("predicate") == "provision" and isinstance(value, dict):
        hours = value.get("deadline_hours")
        deadline = "" if hours is None else ", immediately" if hours == 0 else \
            f", within {hours} hours"
        return f"{kind_label(str(value.get('kind')))}: {claim.get('polarity')}{deadline}"
    if claim.get("predicate") == "count" and isinstance(value, dict):
        return f"count of {words(value.get('of'))}: {value.get('n')}"
    stated = shown(value)
    if claim.get("polarity") == "excluded":
        stated = f"not {stated}"
    return f"{words(claim.get('predicate'))}: {stated}"


def speaker(claim: dict[str, Any]) -> str:
    """Who a claim is attributed to: "Jake Sullivan, national security adviser"."""
    who = claim.get("attributed_to") or words(claim.get("attribution_kind") or "unattributed")
    role = claim.get("role")
    return f"{who}, {words(role)}" if role and role not in {"outlet", "reference"} else str(who)


def outlet(source: dict[str, Any]) -> str:
    """The outlet of a source, else the host of its URL."""
    if source.get("outlet"):
        return str(source["outlet"])
    host = urlsplit(source.get("url") or "").hostname or ""
    return host.removeprefix("www.") or "unknown outlet"


def web_url(url: Any) -> str | None:
    """A source URL fit for a link: http(s) only, never ``javascript:`` and the like."""
    text = str(url or "")
    return text if urlsplit(text).scheme in {"http", "https"} else None


def source_label(source: dict[str, Any]) -> str:
    """A source as people cite it: "Reuters · 2024-06-13"."""
    return f"{outlet(source)} · {iso_date(source.get('published'))}"


def source_labels(sources: list[dict[str, Any]]) -> dict[str, str]:
    """Source id → label, for the pages that list sources by id."""
    return {s["id"]: source_label(s) for s in sources}


def install(env: Environment) -> None:
    env.filters.update(kind_label=kind_label, words=words, iso_date=iso_date, shown=shown,
                       source_label=source_label, web_url=web_url, claim_value=claim_value,
                       speaker=speaker, field_label=field_label)
