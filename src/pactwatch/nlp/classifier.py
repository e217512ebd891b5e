"""The trained provision classifier: the ``pactwatch_provision_model_v1`` component.

A small spaCy ``textcat_multilabel`` pipeline (trained by ``make model`` from the
sentences in ``training/provisions/``, shipped as package data) reads each sentence and
scores one label per provision kind and polarity (``training:included``,
``mutual_defense:excluded``...). Where it is sure of a kind that the cue lexicon did not
mark in that sentence, it adds a span over the sentence to the ``provisions`` group, with
the polarity it read; the rules downstream (which agreement, who owes whom, modality,
deadlines, amounts) treat it like any cue. Rule cues keep their own polarity: the model
adds recall where the lexicon has no phrase, it does not overrule a precise rule.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pactwatch import vocab
from pactwatch.nlp.components import AGREEMENT_REFS, PARTIES, PROVISIONS
from pactwatch.nlp.syntax import span_text

MODEL_POLARITY = "pactwatch_model_polarity"  # (start, end, kind) -> (polarity, score)
# Labels are "<kind>:<polarity>".
SEPARATOR = ":"


def model_path() -> Path:
    return Path(str(resources.files("pactwatch.data").joinpath("models", "provisions")))


@cache
def classifier(path: str | None = None) -> Language:
    """The shipped classifier, loaded once per process (from package data, never a hub)."""
    where = Path(path) if path else model_path()
    if not (where / "config.cfg").is_file():
        raise OSError(f"no provision model at {where}; run `make model`")
    return spacy.load(where)


def label(kind: str, polarity: str) -> str:
    return f"{kind}{SEPARATOR}{polarity}"


def model_polarity(span: Span) -> str | None:
    """The polarity the classifier gave a span it added; None for a rule cue."""
    found = span.doc.user_data.get(MODEL_POLARITY, {}).get(
        (span.start, span.end, span.label_))
    return found[0] if found else None


def sentence_scores(texts: list[str], path: str | None = None) -> list[dict[str, float]]:
    """The classifier's label scores for each text."""
    model = classifier(path)
    return [dict(doc.cats) for doc in model.pipe(texts)]


class ProvisionClassifier:
    """Adds the kinds the classifier is sure of. A sentence that names an agreement needs
    ``threshold``; one that does not (a quote, a list item, a line of background) needs
    ``threshold_alone``, so that the classifier alone rarely makes a sentence about an
    agreement."""

    def __init__(self, threshold: float, threshold_alone: float, path: str | None) -> None:
        self.threshold = threshold
        self.threshold_alone = threshold_alone
        self.path = path
        self.known = set(vocab.provision_kind_ids())
        classifier(path)  # loaded with the pipeline (a worker's warm-up), not on a first doc

    def __call__(self, doc: Doc) -> Doc:
        marked = {span.sent.start for group in (PARTIES, AGREEMENT_REFS, PROVISIONS)
                  for span in doc.spans[group]}
        all_sents = list(doc.sents)
        # Only sentences that can be about an agreement: naming a party, an agreement or a
        # provision cue, or following one that does ("It also foresees ...", a list item).
        sents = [s for i, s in enumerate(all_sents) if _readable(s) and (
            s.start in marked or (i > 0 and all_sents[i - 1].start in marked))]
        scores = sentence_scores([span_text(s) for s in sents], self.path)
        added: list[Span] = []
        polarity: dict[tuple[int, int, str], tuple[str, float]] = {}
        rule_kinds: dict[int, set[str]] = {}
        for span in doc.spans[PROVISIONS]:
            rule_kinds.setdefault(span.sent.start, set()).add(span.label_)
        named = {span.sent.start for span in doc.spans[AGREEMENT_REFS]}
        for sent, cats in zip(sents, scores, strict=True):
            best: dict[str, tuple[str, float]] = {}
            bar = self.threshold if sent.start in named else self.threshold_alone
            for name, score in cats.items():
                kind, _, pol = name.partition(SEPARATOR)
                if score >= bar and kind in self.known and score > best.get(
                        kind, ("", 0.0))[1]:
                    best[kind] = (pol, score)
            for kind, (pol, score) in sorted(best.items()):
                if kind in rule_kinds.get(sent.start, set()):
                    continue
                span = _trimmed(sent, kind)
                added.append(span)
                polarity[(span.start, span.end, kind)] = (pol, score)
        if added:
            doc.spans[PROVISIONS] = sorted([*doc.spans[PROVISIONS], *added],
                                           key=lambda s: (s.start_char, s.end_char))
        doc.user_data[MODEL_POLARITY] = polarity
        return doc


# A sentence of fewer words is a heading, a caption or a byline, not a commitment: the
# classifier is not asked (it was trained on sentences and guesses on fragments).
MIN_WORDS = 6


def _readable(sent: Span) -> bool:
    return sum(t.is_alpha for t in sent) >= MIN_WORDS


def _trimmed(sent: Span, kind: str) -> Span:
    """The sentence without surrounding whitespace, labelled with the kind."""
    start, end = sent.start, sent.end
    while start < end and sent.doc[start].is_space:
        start += 1
    while end > start and sent.doc[end - 1].is_space:
        end -= 1
    return Span(sent.doc, start, end, label=kind)


@Language.factory("pactwatch_provision_model_v1",
                  default_config={"threshold": 0.5, "threshold_alone": 0.8, "path": None})
def make_provision_classifier(nlp: Language, name: str, threshold: float,
                              threshold_alone: float, path: str | None) -> ProvisionClassifier:
    return ProvisionClassifier(threshold, threshold_alone, path)
