"""The trained provision classifier: it reads the phrasings the cue lexicon has no rule
for, it is only asked about sentences, and `make model` rebuilds exactly what ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactwatch.nlp.classifier import model_path, sentence_scores
from pactwatch.nlp.pipeline import extract
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.training.arithmetic import ARITHMETIC_FILE, arithmetic
from pactwatch.training.provisions import SCORES_FILE, read_sentences, train

pytestmark = pytest.mark.slow

TRAINING = Path(__file__).resolve().parents[2] / "training" / "provisions"


def _labels(text: str, threshold: float = 0.5) -> set[str]:
    [scores] = sentence_scores([text])
    return {name for name, score in scores.items() if score >= threshold}


@pytest.mark.issue(12)
@pytest.mark.parametrize("text, label", [
    ("Financial, military and production matters are the topics the document covers.",
     "defense_industrial_cooperation:included"),
    ("The accord does not oblige Brussels to send soldiers.", "use_of_own_forces:excluded"),
    ("There is not a word in the text about the amount of money.",
     "financial_support:excluded"),
    ("Officials will hold talks within 24 hours if the country is attacked again.",
     "consultation_on_attack:included"),
])
def test_classifier_reads_phrasings_without_a_cue(text: str, label: str) -> None:
    assert label in _labels(text)


def test_classifier_finds_nothing_in_a_sentence_without_a_provision() -> None:
    assert _labels("Critics called the ceremony in the capital a piece of theatre.") == set()


@pytest.mark.issue(12)
def test_pipeline_adds_the_classifier_provision_with_its_polarity() -> None:
    text = ("Belgium and Ukraine signed a ten-year security agreement in Brussels on Tuesday.\n\n"
            "Financial, military and production matters are the topics the document covers.")
    raw = RawDocument("t.txt", text, DocumentMeta(), "txt")
    with_model = {(c.value["kind"], c.polarity) for c in extract(raw)
                  if c.predicate == "provision"}
    rules = {(c.value["kind"], c.polarity) for c in extract(raw, model=False)
             if c.predicate == "provision"}
    assert {("financial_support", "included"),
            ("defense_industrial_cooperation", "included")} <= with_model - rules


def test_training_sentences_cover_every_kind_and_polarity() -> None:
    sentences = read_sentences(TRAINING)
    assert len(sentences) >= 3000
    from pactwatch import vocab

    for kind in vocab.provision_kind_ids():
        assert sum(kind in s.included for s in sentences) >= 50, kind
        assert sum(kind in s.excluded for s in sentences) >= 10, kind
    assert sum(not s.included and not s.excluded for s in sentences) >= 500


@pytest.mark.issue(12)
def test_make_model_reproduces_the_shipped_weights_and_scores(tmp_path: Path) -> None:
    """Byte for byte where the arithmetic is the one the weights were trained with; on
    another CPU (another blis kernel, AVX-512 or not) training still repeats itself
    exactly, and its F1 comes within a point of the shipped one (precision and recall
    within two)."""
    scores = train(TRAINING, tmp_path / "model")
    shipped = json.loads((model_path() / SCORES_FILE).read_text(encoding="utf-8"))
    built = (tmp_path / "model" / "textcat_multilabel" / "model").read_bytes()
    trained_on = json.loads((model_path() / ARITHMETIC_FILE).read_text(encoding="utf-8"))
    if trained_on == arithmetic():
        assert scores == shipped
        assert built == (model_path() / "textcat_multilabel" / "model").read_bytes()
        return
    again = train(TRAINING, tmp_path / "again")
    assert again == scores
    assert (tmp_path / "again" / "textcat_multilabel" / "model").read_bytes() == built
    assert scores["sentences"] == shipped["sentences"]
    assert abs(scores["f1"] - shipped["f1"]) <= 0.01
    for score in ("precision", "recall"):
        assert abs(scores[score] - shipped[score]) <= 0.02, score
