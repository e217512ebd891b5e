"""The shape of one reference record (``data/reference/<id>.yaml``), validated at load.

Every fact is ``{value, sources}``; a fact the sources disagree on is a list of them.
"""

from __future__ import annotations

import datetime
import re
from datetime import date
from typing import Any

import pycountry
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

from pactwatch import vocab

BODIES = frozenset({"EU", "NATO", "G7"})
LEGAL_FORMS = ("treaty", "executive_agreement", "political_agreement", "memorandum",
               "declaration")
EARLIEST, LATEST = date(1945, 1, 1), date(2030, 12, 31)


def valid_party(code: str) -> bool:
    return code in BODIES or code in vocab.parties().user_assigned or (
        re.fullmatch(r"[A-Z]{2}", code) is not None
        and pycountry.countries.get(alpha_2=code) is not None)


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: HttpUrl
    publisher: str
    # The page's publication date where it states one; a treaty text page may not.
    date: datetime.date | None = None
    kind: str = Field(pattern=r"^(official|news)$")

    @field_validator("date")
    @classmethod
    def _in_range(cls, value: datetime.date | None) -> datetime.date | None:
        if value is not None and not EARLIEST <= value <= LATEST:
            raise ValueError(f"date {value} out of range")
        return value


class Fact(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any
    sources: list[str] = Field(min_length=1)


class Signatory(BaseModel):
    name: str
    role: str | None = None
    party: str | None = None


class Pledge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: float
    unit: str | None = None
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    period: str | None = None
    sources: list[str] = Field(min_length=1)

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value  # "2024" written as 2024


class Provision(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    polarity: str = Field(pattern=r"^(included|excluded)$")
    deadline_hours: int | None = None
    sources: list[str] = Field(min_length=1)

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        if kind not in vocab.provision_kind_ids():
            raise ValueError(f"unknown provision kind {kind!r}")
        return kind


class Record(BaseModel):
    """One agreement of the reference dataset."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: str
    kind: str = Field(pattern=r"^(bilateral_security_agreement|framework_declaration|"
                             r"alliance_treaty)$")
    parties: list[str] = Field(min_length=1)
    protected: str | None = None
    sources: dict[str, Source] = Field(min_length=1)
    signed_on: Fact
    place: Fact | None = None
    occasion: Fact | None = None
    signatories: Fact | None = None
    term_years: Fact | None = None
    term_note: Fact | None = None
    # Months of written notice after which a party's termination takes effect.
    termination_notice_months: Fact | None = None
    # The date the agreement entered into force, where it differs from signing.
    entered_into_force: Fact | None = None
    # Years before which no party may withdraw (NATO's Article 13: twenty).
    withdrawal_after_years: Fact | None = None
    # The body the agreement sets up (council_with_subsidiary_bodies, ...).
    institution: Fact | None = None
    # Where an attack triggers the defence obligation, when the text limits it.
    defense_area: Fact | None = None
    # The states bound, where ``parties`` names an organisation (NATO's members).
    members: Fact | None = None
    # {value: true} when coded from the agreement's full text (cited): a provision not
    # listed is then absent (ATOP 0), not merely unstated.
    fully_coded: Fact | None = None
    legal_form: Fact | None = None
    binding_on_successors: Fact | None = None
    order_number: list[Fact] | Fact | None = None
    framework: Fact | None = None
    pledges: list[Pledge] = []
    provisions: list[Provision] = []

    @field_validator("parties")
    @classmethod
    def _parties(cls, parties: list[str]) -> list[str]:
        for code in parties:
            if not valid_party(code):
                raise ValueError(f"invalid party code {code!r}")
        if parties != sorted(set(parties)):
            raise ValueError("parties must be sorted and distinct")
        return parties

    @model_validator(mode="after")
    def _consistent(self) -> Record:
        signed = date.fromisoformat(str(self.signed_on.value))
        if not EARLIEST <= signed <= LATEST:
            raise ValueError(f"signed_on {signed} out of range")
        expected_id = "-".join(self.parties) + f"-{signed.year}"
        if self.id != expected_id:
            raise ValueError(f"id should be {expected_id!r}")
        if self.legal_form and self.legal_form.value not in LEGAL_FORMS:
            raise ValueError(f"legal_form {self.legal_form.value!r} not one of {LEGAL_FORMS}")
        if self.members is not None and not (isinstance(self.members.value, list) and all(
                isinstance(code, str) and valid_party(code) for code in self.members.value)):
            raise ValueError("members must be a list of party codes (quote \"NO\": YAML "
                             "reads a bare NO as false)")
        for name, cited in self.citations():
            for key in cited:
                if key not in self.sources:
                    raise ValueError(f"{name} cites unknown source {key!r}")
        return self

    def facts(self) -> list[tuple[str, Fact]]:
        """Every scalar fact, with disagreements spread into one entry per value."""
        out: list[tuple[str, Fact]] = []
        for name in ("signed_on", "place", "occasion", "signatories", "term_years",
                     "term_note", "termination_notice_months", "entered_into_force",
                     "withdrawal_after_years", "institution", "defense_area",
                     "members", "fully_coded", "legal_form", "binding_on_successors",
                     "framework"):
            fact = getattr(self, name)
            if fact is not None:
                out.append((name, fact))
        orders = self.order_number
        for fact in (orders if isinstance(orders, list) else [orders] if orders else []):
            out.append(("order_number", fact))
        return out

    def citations(self) -> list[tuple[str, list[str]]]:
        cited = [(name, fact.sources) for name, fact in self.facts()]
        cited += [(f"pledge {p.value} {p.currency}", p.sources) for p in self.pledges]
        cited += [(f"provision {p.kind}", p.sources) for p in self.provisions]
        return cited
