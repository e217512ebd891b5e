"""Loads and validates the data files in ``pactwatch/data``.

Every lexicon the extractor uses lives in those files; this module turns them into
checked Python objects once per process and fails with [PW030] naming the bad entry.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator

from pactwatch.errors import BadDataFile


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(rf"(?<![\w-]){pattern}(?![\w])", re.IGNORECASE)
    except re.error as exc:
        raise BadDataFile(where, f"bad regular expression {pattern!r}: {exc}") from exc


class ProvisionKind(BaseModel):
    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    short: str = Field(pattern=r"^[A-Z]{3}$")
    label: str
    description: str
    atop: str | None = None
    obligor: str = Field(pattern=r"^(guarantor|protected)$")
    cues: list[str] = Field(min_length=1)
    deadline: bool = False
    refrains: bool = False

    def patterns(self) -> list[re.Pattern[str]]:
        return [_compile(c, f"provision_kinds.yaml: {self.id}") for c in self.cues]


class ProvisionKinds(BaseModel):
    version: int
    kinds: list[ProvisionKind]

    @field_validator("kinds")
    @classmethod
    def _unique(cls, kinds: list[ProvisionKind]) -> list[ProvisionKind]:
        seen: set[str] = set()
        for kind in kinds:
            if kind.id in seen:
                raise ValueError(f"duplicate provision kind {kind.id!r}")
            seen.add(kind.id)
        return kinds


class Party(BaseModel):
    name: str
    aliases: list[str] = []
    demonyms: list[str] = []
    capitals: list[str] = []
    # False for bodies that frame the agreements but never sign one (NATO, the G7).
    signs_agreements: bool = True


class Parties(BaseModel):
    parties: dict[str, Party]
    organisations: dict[str, Party] = {}
    user_assigned: list[str] = []
    ambiguous: list[str] = []
    role_abbreviations: dict[str, str] = {}
    official_titles: list[str] = []
    # Words for a country's leader ("the leader of Ukraine", "the Spanish premier"): the
    # one official of that country registered with one of the head titles.
    leader_words: list[str] = []
    head_titles: list[str] = []
    # Words that put a title outside government ("senior fellow at RUSI").
    outside_government: list[str] = []
    # Words of address between a title and a name ("Hon.", "Dr."): part of neither.
    honorifics: list[str] = []
    # Those that go with a first name ("Sir Keir" for Keir Starmer).
    first_name_honorifics: list[str] = []
    name_particles: list[str] = []
    people: dict[str, list[str]] = {}
    places: list[str] = []


class Demonyms(BaseModel):
    demonyms: dict[str, list[str]]


class Framework(BaseModel):
    id: str
    name: str
    cues: list[str]
    source: dict[str, str]


class Frameworks(BaseModel):
    version: int
    frameworks: list[Framework]


class FieldSpec(BaseModel):
    type: Literal["date", "integer", "choice", "boolean", "venue", "text", "list"]
    min: int | None = None
    max: int | None = None
    from_: str | None = Field(None, alias="from")


class CorrectableFields(BaseModel):
    version: int
    fields: dict[str, FieldSpec]
    provision_values: list[str]


class ReviewReason(BaseModel):
    rank: int
    text: str


class ReviewSettings(BaseModel):
    version: int
    low_confidence: float
    reasons: dict[str, ReviewReason]


class Outlets(BaseModel):
    version: int
    outlets: dict[str, list[str]]


class ProtectedSide(BaseModel):
    giving_lemmas: list[str]
    receiving_lemmas: list[str]
    aiding_lemmas: list[str]
    joining_lemmas: list[str]
    support_nouns: list[str]
    defended_nouns: list[str]
    target_prepositions: list[str]


class Cues(BaseModel):
    """The cue lexicons of cues.yaml; see that file for what each one means."""

    version: int
    agreement_terms: list[str]
    security_agreement_terms: list[str]
    sign_lemmas: list[str]
    agreeing_lemmas: list[str]
    agreed_or_signed_lemmas: list[str]
    signing_events: dict[str, list[str]]
    status_cues: dict[str, list[str]]
    ending_statuses: list[str]
    related_links_headings: list[str]
    datelines: list[str]
    reciprocity: list[str]
    legal_forms: dict[str, list[str]]
    revocable_forms: list[str]
    legal_form_blockers: list[str]
    binding_on_successors: dict[str, list[str]]
    modality: dict[str, list[str]]
    negation: dict[str, list[str]]
    attribution: dict[str, list[str]]
    hostile_nouns: list[str]
    hostile_verbs: list[str]
    membership_nouns: list[str]
    exception_words: list[str]
    actor_nouns: list[str]
    participant_nouns: list[str]
    commitment_aux: list[str]
    commitment_lemmas: list[str]
    promise_lemmas: list[str]
    signature_line: str
    planning_lemmas: list[str]
    judgement_adjectives: list[str]
    economic_agreement_words: list[str]
    economic_agreement_nouns: list[str]
    security_words: list[str]
    wish_lemmas: list[str]
    asking_lemmas: list[str]
    comparing_words: list[str]
    hypothetical_words: list[str]
    listing_words: list[str]
    fellow_words: list[str]
    protected_side: ProtectedSide
    past_aid: list[str]
    given_lemmas: list[str] = []
    economic_figures: list[str]
    gdp_share: str
    number_words: dict[str, int]
    ordinal_words: dict[str, int]
    agreement_plural: str
    agreement_singular: str
    country_plural: str
    venue: dict[str, list[str]]


class ProvisionModel(BaseModel):
    """How the trained provision classifier is trained and used (provision_model.yaml)."""

    threshold: float = Field(gt=0, lt=1)
    threshold_alone: float = Field(gt=0, lt=1)
    seed: int
    epochs: int = Field(ge=1)
    batch_size: int = Field(ge=1)
    dropout: float = Field(ge=0, lt=1)
    ngram_size: int = Field(ge=1, le=4)
    hash_length: int = Field(ge=1024)
    width: int = Field(ge=8)
    embed_rows: list[int] = Field(min_length=4, max_length=4)
    depth: int = Field(ge=1)
    held_out_every: int = Field(ge=2)


class Calibrated(BaseModel):
    confidence: float = Field(ge=0, le=1)
    claims: int = Field(ge=0)


class Confidence(BaseModel):
    """Claim confidence measured on a tuning set (confidence.yaml)."""

    measured_on: list[str]
    documents: int
    predicates: dict[str, dict[str, Calibrated]]
    defaults: dict[str, float]


class War(BaseModel):
    parties: list[str] = Field(min_length=2, max_length=2)
    since: date
    source: str


class Adversaries(BaseModel):
    version: int
    wars: list[War]


def _load(name: str, model: type[BaseModel]) -> Any:
    text = resources.files("pactwatch.data").joinpath(name).read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
        return model.model_validate(data)
    except yaml.YAMLError as exc:
        raise BadDataFile(name, f"not valid YAML: {exc}") from exc
    except ValidationError as exc:
        raise BadDataFile(name, first_error(exc)) from exc


def first_error(exc: ValidationError, whole: str = "") -> str:
    """The first problem pydantic found, as "field.path: message" (``whole`` names the
    object when the problem is not in one field)."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or whole
    return f"{where}: {first['msg']}"


@cache
def provision_kinds() -> list[ProvisionKind]:
    kinds: ProvisionKinds = _load("provision_kinds.yaml", ProvisionKinds)
    for kind in kinds.kinds:
        kind.patterns()  # fail at load, naming the kind, on a bad pattern
    return kinds.kinds


@cache
def provision_kind_ids() -> tuple[str, ...]:
    return tuple(k.id for k in provision_kinds())


@cache
def kind_by_id() -> dict[str, ProvisionKind]:
    return {k.id: k for k in provision_kinds()}


@cache
def provision_model() -> ProvisionModel:
    return _load("provision_model.yaml", ProvisionModel)  # type: ignore[no-any-return]


@cache
def confidence() -> Confidence:
    return _load("confidence.yaml", Confidence)  # type: ignore[no-any-return]


def claim_confidence(predicate: str, modality: str) -> float:
    """The calibrated confidence of an extractor claim, or the default for its modality
    where its predicate was not measured."""
    table = confidence()
    measured = table.predicates.get(predicate, {}).get(modality)
    return measured.confidence if measured else table.defaults[modality]


@cache
def parties() -> Parties:
    return _load("parties.yaml", Parties)  # type: ignore[no-any-return]


@cache
def demonyms() -> dict[str, list[str]]:
    """The demonyms of the states parties.yaml does not list (demonyms.yaml)."""
    return _load("demonyms.yaml", Demonyms).demonyms  # type: ignore[no-any-return]


@cache
def cues() -> Cues:
    return _load("cues.yaml", Cues)  # type: ignore[no-any-return]


@cache
def adversaries() -> dict[str, frozenset[str]]:
    """Each party at war with others (adversaries.yaml), and those others."""
    out: dict[str, set[str]] = {}
    for war in _load("adversaries.yaml", Adversaries).wars:
        a, b = war.parties
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {code: frozenset(others) for code, others in out.items()}


@cache
def correctable_fields() -> CorrectableFields:
    return _load("correctable_fields.yaml", CorrectableFields)  # type: ignore[no-any-return]


@cache
def review_settings() -> ReviewSettings:
    return _load("review.yaml", ReviewSettings)  # type: ignore[no-any-return]


@cache
def frameworks() -> list[Framework]:
    return _load("frameworks.yaml", Frameworks).frameworks  # type: ignore[no-any-return]


@cache
def outlets() -> dict[str, list[str]]:
    return _load("outlets.yaml", Outlets).outlets  # type: ignore[no-any-return]


def compile_any(patterns: list[str], where: str) -> re.Pattern[str]:
    """One alternation of several cue patterns, matched as whole words."""
    return _compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", where)
