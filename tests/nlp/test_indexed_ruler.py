"""The indexed attribute ruler sets exactly what the model's own attribute ruler sets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from pactwatch.nlp.indexed_ruler import IndexedAttributeRuler
from pactwatch.nlp.pipeline import load_model, nlp

# Our own words, written to reach the ruler's exceptions: contractions and clipped forms
# (two-token patterns), expletive "there is", pronoun cases by dependency, "do"/"have" as
# main verbs, determiners used as pronouns, doubled spaces and line breaks.
ODD_CORNERS = (
    "Y'all know we're gonna sign it, and they gotta ratify it. Let's see: c'mon, there "
    "is nothin' left to do, and there were doubts.  It's ours; you did it, I had it "
    "and they have done so.\n\nThat is what those who signed said; this one gets "
    "read and that one got lost. Somethin' 'bout 'em, ol' friend, 'nuff said. "
    "She wo n't go, he's goin' home and doin' fine.\n \n"
)


@pytest.fixture(scope="module")
def model() -> Language:
    return load_model()


def _before_the_ruler(model: Language, texts: list[str]) -> list[Doc]:
    """The texts parsed up to (not including) the attribute ruler."""
    upto = model.pipe_names.index("attribute_ruler")
    later = model.pipe_names[upto:]
    return list(model.pipe(texts, disable=later))


def _indexed(model: Language) -> IndexedAttributeRuler:
    """A new indexed ruler with the model ruler's patterns."""
    ruler = IndexedAttributeRuler(model.vocab)
    ruler.add_patterns(model.get_pipe("attribute_ruler").patterns)  # type: ignore[attr-defined]
    return ruler


def _texts(seeds_dir: Path) -> list[str]:
    return [ODD_CORNERS] + [p.read_text(encoding="utf-8")
                            for p in sorted(seeds_dir.glob("*.txt"))]


def test_indexed_ruler_finds_the_same_matches_as_the_model_ruler(
        model: Language, seeds_dir: Path) -> None:
    original = model.get_pipe("attribute_ruler")
    indexed = _indexed(model)
    for doc in _before_the_ruler(model, _texts(seeds_dir)):
        assert indexed.match(doc) == sorted(set(original.match(doc)))  # type: ignore[attr-defined]


def test_indexed_ruler_leaves_every_token_as_the_model_ruler_does(
        model: Language, seeds_dir: Path) -> None:
    original = model.get_pipe("attribute_ruler")
    indexed = _indexed(model)
    texts = _texts(seeds_dir)
    by_model = [original(doc) for doc in _before_the_ruler(model, texts)]
    by_index = [indexed(doc) for doc in _before_the_ruler(model, texts)]
    for ours, theirs in zip(by_index, by_model, strict=True):
        assert [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in ours] == \
            [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in theirs]


def test_indexed_ruler_keeps_a_pattern_with_an_operator_for_the_matcher(
        model: Language) -> None:
    ruler = IndexedAttributeRuler(model.vocab)
    ruler.add([[{"LOWER": "security"}, {"LOWER": "agreement", "OP": "?"}]],
              {"LEMMA": "pact"})
    doc = _before_the_ruler(model, ["The security agreement and the security plan."])[0]
    ruler(doc)
    assert [t.lemma_ for t in doc if t.lower_ == "security"] == ["pact", "pact"]


def test_pipeline_uses_the_indexed_ruler_in_the_model_ruler_place(model: Language) -> None:
    pipeline = nlp()
    ruler = pipeline.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    assert len(ruler.patterns) == len(model.get_pipe("attribute_ruler").patterns)  # type: ignore[attr-defined]
    ours = [name for name in pipeline.pipe_names if name in model.pipe_names]
    assert ours == model.pipe_names  # the model's steps, in the model's order


WORDS = ["there", "is", "are", "it", "you", "I", "do", "did", "have", "had", "gon", "na",
         "got", "ta", "let", "'s", "that", "this", "those", "which", "to", "sign",
         "the", "pact", "y'", "all", "c'm", "on", "  ", "\n", ",", ".", "wo", "n't",
         "security", "Kyiv", "agreed", "gets", "goin'", "nothin'", "'em", "she", "her"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30))
def test_indexed_ruler_agrees_with_the_model_ruler_on_any_word_sequence(
        model: Language, words: list[str]) -> None:
    original = model.get_pipe("attribute_ruler")
    indexed = _indexed(model)
    doc = _before_the_ruler(model, [" ".join(words)])[0]
    assert indexed.match(doc) == sorted(set(original.match(doc)))  # type: ignore[attr-defined]
