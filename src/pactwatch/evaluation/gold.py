"""Reading a gold file: JSON Lines, one document per line, validated by pydantic.

The format is documented in ``eval/GOLD.md``. A bad line fails the whole file with
one coded line naming the file, the line number and the reason: a gold file that is
silently half-read would give scores that look real and are not.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pactwatch import vocab
from pactwatch.errors import BadDataFile, MissingPath
from pactwatch.reconcile.build import STATUS_ORDER
from pactwatch.records import DocumentMeta
from pactwatch.reference.schema import valid_party

SPEAKER_KINDS = ("official", "named", "unnamed_sources")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldPledge(_Strict):
    value: float
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    period: str | None = None


class GoldProvisions(_Strict):
    included: list[str] = []
    excluded: list[str] = []

    @field_validator("included", "excluded")
    @classmethod
    def _known_kinds(cls, kinds: list[str]) -> list[str]:
        unknown = sorted(set(kinds) - set(vocab.provision_kind_ids()))
        if unknown:
            raise ValueError(f"unknown provision kind(s): {', '.join(unknown)}")
        return kinds


class GoldAgreement(_Strict):
    parties: list[str] = Field(min_length=2)
    status: str | None = None
    signed_on: date | None = None
    term_years: int | None = None
    provisions: GoldProvisions = GoldProvisions()
    deadline_hours: int | None = None
    pledges: list[GoldPledge] = []

    @field_validator("parties")
    @classmethod
    def _known_parties(cls, parties: list[str]) -> list[str]:
        bad = [p for p in parties if not valid_party(p)]
        if bad:
            raise ValueError(f"unknown party code(s): {', '.join(bad)}")
        return sorted(set(parties))

    @field_validator("status")
    @classmethod
    def _known_status(cls, status: str | None) -> str | None:
        if status is not None and status not in STATUS_ORDER:
            raise ValueError(f"status must be one of {', '.join(STATUS_ORDER)}")
        return status

    @property
    def key(self) -> str:
        return "-".join(self.parties)


class GoldSpeaker(_Strict):
    name: str | None
    kind: Literal["official", "named", "unnamed_sources"]


class GoldDocument(_Strict):
    doc: str
    genre: str | None = None
    agreements: list[GoldAgreement] = []
    speakers: list[GoldSpeaker] = []
    relays: list[str] = []
    notes: str | None = None
    # A real-text excerpt (eval/real) carries where it came from instead of a sidecar:
    # the search query and rank that find it again, its URL and the hashes of its text.
    id: str | None = None
    query: str | None = None
    rank: int | None = None
    url: str | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    sha256_normalized: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    published: date | None = None
    outlet: str | None = None

    def meta(self) -> DocumentMeta:
        """The metadata the gold line gives its document (over any sidecar)."""
        return DocumentMeta(outlet=self.outlet, url=self.url, published=self.published)


def load_gold(path: Path) -> list[tuple[Path, GoldDocument]]:
    """Each gold line with its document's path (relative paths are taken from the gold
    file's folder)."""
    if not path.is_file():
        raise MissingPath(str(path), "no such gold file")
    out: list[tuple[Path, GoldDocument]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            gold = GoldDocument.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            raise BadDataFile(where, f"not JSON ({exc.msg})") from None
        except ValidationError as exc:
            raise BadDataFile(where, vocab.first_error(exc)) from None
        keys = [a.key for a in gold.agreements]
        if len(keys) != len(set(keys)):
            raise BadDataFile(where, "two agreements with the same parties")
        out.append((path.parent / gold.doc, gold))
    return out
