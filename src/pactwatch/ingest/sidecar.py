"""Sidecar metadata: ``story.meta.json`` beside ``story.txt`` describes that document.

Keys: outlet, title, url, published (YYYY-MM-DD, or a full ISO datetime whose date is
kept), lang. Unknown keys are ignored so sidecars written by other tools still load.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pactwatch.errors import BadMetadata, BadSidecar, UnreadableInput
from pactwatch.records import DocumentMeta

SIDECAR_SUFFIX = ".meta.json"
_TEXT_KEYS = ("outlet", "title", "url", "lang")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def sidecar_path(path: str | Path) -> Path:
    """``story.txt`` → ``story.meta.json`` (the final suffix is replaced)."""
    path = Path(path)
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def is_sidecar(path: str | Path) -> bool:
    """Whether ``path`` names a sidecar file (never ingested as a document)."""
    return Path(path).name.lower().endswith(SIDECAR_SUFFIX)


def parse_published(value: str, subject: str) -> date:
    """A publication date: YYYY-MM-DD, or an ISO datetime (its date is kept)."""
    text = value.strip() if isinstance(value, str) else ""
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
        if _DATE.match(text) and text[10:11] in ("T", " "):
            return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise BadMetadata(subject, f"published: expected YYYY-MM-DD, got {_shown(value)}")


def _text_field(data: dict[str, Any], key: str, subject: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadMetadata(subject, f"{key}: expected a string, got {_shown(value)}")
    if "\x00" in value:  # PostgreSQL's text type cannot hold it
        raise BadMetadata(subject, f"{key}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate, from a JSON escape such as "\ud800"
        raise BadMetadata(subject, f"{key}: not valid Unicode (a lone surrogate)") from None
    return value.strip() or None


def _shown(value: Any) -> str:
    """A bad value as the error shows it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def meta_from_mapping(data: dict[str, Any], subject: str) -> DocumentMeta:
    """Validate a sidecar's JSON object into DocumentMeta; ``subject`` names it in errors."""
    fields = {key: _text_field(data, key, subject) for key in _TEXT_KEYS}
    published = data.get("published")
    return DocumentMeta(
        published=parse_published(published, subject) if published else None,
        **fields,
    )


def load_sidecar(document: str | Path) -> DocumentMeta:
    """The sidecar metadata of ``document``; empty metadata when it has no sidecar."""
    path = sidecar_path(document)
    subject = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return DocumentMeta()
    except OSError as exc:
        raise UnreadableInput(subject, exc.strerror or str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise BadSidecar(subject, f"sidecar is not UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise BadSidecar(subject, reason) from None
    if not isinstance(data, dict):
        raise BadSidecar(subject, f"expected a JSON object, got {type(data).__name__}")
    return meta_from_mapping(data, subject)
