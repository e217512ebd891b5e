"""Analysts' tokens: who is writing.

``PACTWATCH_TOKENS`` names a file of ``name:sha256-hex`` lines, one per token (an
analyst may have several, one per device; deleting a line revokes that token). Only the
hash of a token is ever stored: ``pactwatch token add NAME`` prints the token once. The
single ``PACTWATCH_TOKEN`` still works and writes as ``PACTWATCH_TOKEN_NAME``.

The file is read at every check, so a token added or revoked takes effect at once,
without restarting the server. Every stored hash is compared with the given one in
constant time, and all of them are compared, so the time taken does not tell how far
into the file a match lies.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from pactwatch import settings
from pactwatch.errors import BadToken

# A name as the audit log shows it: letters, digits, spaces and . _ - @ ', no colon.
_NAME = re.compile(r"^[^\W_][\w .@'-]{0,63}$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Entry:
    name: str
    digest: str


def digest(token: str) -> str:
    """The SHA-256 of a token, as 64 lowercase hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    """An analyst's name fit for the token file and the audit log; BadToken if not."""
    cleaned = " ".join(name.split())
    if not _NAME.match(cleaned):
        raise BadToken(repr(name), "an analyst name is 1 to 64 letters, digits, spaces "
                       "or . _ - @ ', starting with a letter or digit, without a colon")
    return cleaned


def read(path: Path) -> list[Entry]:
    """The entries of a token file; blank lines and lines starting with # are skipped.
    A line that is not ``name:sha256-hex`` is a BadToken naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadToken(str(path), "no such token file (create it with `pactwatch token "
                       "add NAME`)") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadToken(str(path), f"cannot read the token file ({error})") from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, _, hashed = stripped.rpartition(":")
        if not _HEX.match(hashed.strip().lower()) or not name.strip():
            raise BadToken(f"{path}:{number}", "expected NAME:SHA256-HEX (64 hex digits)")
        try:
            entries.append(Entry(check_name(name), hashed.strip().lower()))
        except BadToken as error:
            raise BadToken(f"{path}:{number}", error.reason) from None
    return entries


def token_file() -> Path | None:
    configured = settings.TOKENS.value()
    return Path(configured).expanduser() if configured else None


def configured() -> bool:
    """Whether any token can write at all."""
    return bool(settings.TOKEN.value() or token_file())


def entries() -> list[Entry]:
    """Every token that may write: the file's, then the single PACTWATCH_TOKEN."""
    found = read(path) if (path := token_file()) else []
    single = settings.TOKEN.value()
    if single:
        found.append(Entry(check_name(settings.TOKEN_NAME.value()), digest(single)))
    return found


def analyst_by_digest(given: str) -> str | None:
    """The name of the token whose hash is ``given``, if any."""
    name = None
    for entry in entries():
        if hmac.compare_digest(entry.digest.encode("ascii"), given.encode("ascii",
                                                                          "replace")):
            name = name or entry.name
    return name


def analyst(token: str) -> str | None:
    """The name of ``token``, or None when no configured token is it."""
    return analyst_by_digest(digest(token))


def add(path: Path, name: str) -> str:
    """Makes a new random token for ``name``, appends its hash to ``path`` (created
    readable by its owner only) and returns the token, which is stored nowhere."""
    checked = check_name(name)
    if path.exists():
        read(path)  # never append to a file the server could not read
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as out:
        if out.tell() and not path.read_bytes().endswith(b"\n"):
            out.write("\n")
        out.write(f"{checked}:{digest(token)}\n")
    return token
