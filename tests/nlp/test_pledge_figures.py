"""Which money figures near a pledge are the pledge: the size of an economy or what a
state spent on its own war is not money given; what a share of output comes to is."""

from __future__ import annotations

from datetime import date

import pytest

from pactwatch.nlp.pipeline import extract
from pactwatch.records import Claim, DocumentMeta, RawDocument


def _pledged(text: str) -> list[tuple[float, str]]:
    meta = DocumentMeta(outlet="Example Wire", published=date(2024, 6, 27))
    claims: list[Claim] = extract(RawDocument("t.txt", text, meta, "txt"))
    return sorted((a["value"], a["currency"]) for c in claims
                  if c.predicate == "provision" and c.value["kind"] == "financial_support"
                  for a in c.value.get("amounts", []))


@pytest.mark.issue(12)
def test_the_size_of_an_economy_is_no_pledge() -> None:
    assert _pledged("Lithuania and Ukraine signed an agreement on security cooperation. "
                    "Vilnius will give Kyiv military aid worth 0.25% of GDP over the next "
                    "three years. Thus, for Lithuania, what counts for us is less the amount "
                    "(given how large its Gross domestic product (GDP) is - by 2023 figures, "
                    "it is $77 billion, 0.25% seems a small sum) than the gesture.") == []


@pytest.mark.issue(12)
def test_what_a_share_of_output_comes_to_is_the_pledge() -> None:
    assert _pledged("Lithuania and Ukraine signed a security agreement on Thursday. "
                    "Lithuania commits to military support of 0.25 percent of Gross Domestic "
                    "Product (GDP) a year, as well as support of EUR 7 million a year for "
                    "recovery.") == [(7000000.0, "EUR")]


@pytest.mark.issue(12)
def test_the_figure_a_trade_figure_is_compared_with_is_no_pledge() -> None:
    assert _pledged("Chile and Peru signed a defence cooperation agreement on Monday. "
                    "The value of Chilean exports to Peru increased to $80 million in the "
                    "first ten months of 2024, compared to $61.5 million in the same period "
                    "of 2023.") == []


@pytest.mark.issue(12)
def test_a_figure_a_past_verb_of_giving_governs_is_aid_already_given() -> None:
    assert _pledged("Belgium and Ukraine signed a ten-year security agreement. The "
                    "agreement recalls that Belgium provided defence support to Ukraine in "
                    "a total amount of €650 million in 2023.") == []


@pytest.mark.issue(12)
def test_a_figure_a_future_verb_of_giving_governs_is_the_pledge() -> None:
    assert _pledged("Belgium and Ukraine signed a ten-year security agreement. Under it, "
                    "Belgium will provide military support to Ukraine in a total amount of "
                    "€650 million in 2024.") == [(650000000.0, "EUR")]


@pytest.mark.issue(12)
def test_what_an_agreement_provided_is_its_pledge_not_past_aid() -> None:
    assert _pledged("Belgium and Ukraine signed a ten-year security agreement on Monday. "
                    "The agreement provided Ukraine with €650 million in military support "
                    "for this year.") == [(650000000.0, "EUR")]
