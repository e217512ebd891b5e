"""The provision kinds the think-tank comparisons track (issue 16): each is found where an
agreement commits to it and not in the background news around it, with the real pipeline
(cue rules plus the trained classifier). Texts are in our own words."""

from __future__ import annotations

from datetime import date

import pytest

from pactwatch.nlp.pipeline import extract
from pactwatch.records import DocumentMeta, RawDocument

LEDE = "Norway and Ukraine signed a ten-year security agreement in Oslo on Monday. "


def _provisions(text: str) -> dict[str, str]:
    raw = RawDocument("t.txt", LEDE + text,
                      DocumentMeta(outlet="Example Wire", published=date(2024, 6, 5)), "txt")
    return {c.value["kind"]: c.polarity for c in extract(raw) if c.predicate == "provision"}


@pytest.mark.issue(16)
@pytest.mark.parametrize("kind, text", [
    ("critical_infrastructure",
     "Under the agreement, Norway will help Ukraine shield its power grid from missile strikes "
     "and repair damaged substations."),
    ("humanitarian_demining",
     "The agreement also commits Norway to pay for clearing mines from farmland in the south."),
    ("information_security",
     "The two governments will work together under the agreement to counter Russian "
     "disinformation."),
    ("nuclear_safety",
     "The agreement provides for Norwegian help with nuclear safety at Ukraine's power plants."),
    ("just_peace",
     "In the agreement Norway pledges to support Ukraine's peace formula and a just and lasting "
     "peace."),
    ("non_aggression",
     "The agreement contains a pledge by both countries to refrain from the threat or use of "
     "force against each other."),
])
def test_new_kinds_found_in_a_commitment(kind: str, text: str) -> None:
    assert _provisions(text).get(kind) == "included"


@pytest.mark.issue(16)
@pytest.mark.parametrize("kind, text", [
    ("critical_infrastructure",
     "The agreement was signed hours after Russian missiles struck a thermal power plant and "
     "cut electricity across the Kharkiv region."),
    ("humanitarian_demining",
     "The agreement was signed in a village where a tractor hit an anti-tank mine last spring."),
    ("information_security",
     "Russian state television called the agreement a piece of Western propaganda."),
    ("nuclear_safety",
     "The agreement was signed while Russian troops still held the Zaporizhzhia nuclear power "
     "plant."),
    ("just_peace",
     "The agreement was signed two weeks before the peace summit in Switzerland, which Norway "
     "will attend."),
    ("non_aggression",
     "The agreement was signed days after Moscow again threatened to use force against its "
     "neighbours."),
])
def test_new_kinds_not_found_in_background(kind: str, text: str) -> None:
    assert kind not in _provisions(text)


@pytest.mark.issue(16)
def test_new_kinds_excluded_when_the_agreement_lacks_it() -> None:
    found = _provisions("The agreement does not include a non-aggression clause, but it covers "
                        "humanitarian demining.")
    assert found["non_aggression"] == "excluded"
    assert found["humanitarian_demining"] == "included"


@pytest.mark.issue(16)
@pytest.mark.parametrize("text", [
    "In the treaty both countries pledge not to attack each other.",
    "Under the agreement the two states undertake never to use force against one another.",
    "The parties also agreed in the pact not to take military action against the other side.",
])
def test_a_promise_not_to_act_is_the_non_aggression_it_includes(text: str) -> None:
    assert _provisions(text).get("non_aggression") == "included"


@pytest.mark.issue(16)
def test_a_negated_promise_not_to_act_is_still_an_exclusion() -> None:
    found = _provisions("The agreement does not oblige either country to refrain from the use "
                        "of force against the other.")
    assert found.get("non_aggression") == "excluded"
