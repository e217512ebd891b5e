"""The party and cue components on a blank English pipeline (no model needed)."""

from __future__ import annotations

import spacy

from pactwatch.nlp import components  # noqa: F401  (registers the factories)
from pactwatch.nlp.components import AGREEMENT_REFS, PARTIES, PROVISIONS


def _blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("pactwatch_parties_v1")
    nlp.add_pipe("pactwatch_cues_v1")
    return nlp


def _parties(text: str) -> list[tuple[str, str]]:
    doc = _blank()(text)
    return [(s.text, s.label_) for s in doc.spans[PARTIES]]


def test_components_party_names_demonyms_and_capitals_resolve_to_codes() -> None:
    found = _parties("The U.S. and Kyiv talked; British and French officials joined "
                     "Washington, and the European Union and NATO watched.")
    assert ("U.S.", "US") in found
    assert ("Kyiv", "UA") in found
    assert ("British", "GB") in found
    assert ("French", "FR") in found
    assert ("Washington", "US") in found
    assert ("European Union", "EU") in found
    assert ("NATO", "NATO") in found


def test_components_pronoun_us_is_not_the_united_states() -> None:
    assert _parties("He told us the plan would work for us.") == []


def test_components_hyphenated_pair_gives_both_parties() -> None:
    codes = [code for _, code in _parties("The US-Ukraine agreement was welcomed.")]
    assert codes == ["US", "UA"]


def test_components_pycountry_names_are_known_without_data_entries() -> None:
    assert ("Mongolia", "MN") in _parties("Mongolia issued a statement.")


def test_components_provision_cues_are_labelled_with_kinds() -> None:
    doc = _blank()("The pact covers intelligence sharing, end-use monitoring and "
                   "consultations within 24 hours of an attack.")
    kinds = {s.label_ for s in doc.spans[PROVISIONS]}
    assert {"intelligence_sharing", "end_use_monitoring", "consultation_on_attack"} <= kinds
    assert [s.text for s in doc.spans[AGREEMENT_REFS]] == ["pact"]


def test_a_line_break_ends_a_sentence_unless_the_sentence_runs_on_in_lower_case() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("pactwatch_paragraphs_v1")
    nlp.add_pipe("sentencizer")
    text = ("Leaders Sign Defence Pact\nThe president spoke with the prime minister\n"
            "of Norway about the pact.\n- Air defence\n- Training")
    starts = [s.text.split()[0] for s in nlp(text).sents if s.text.strip()]
    assert starts == ["Leaders", "The", "-", "-"]
