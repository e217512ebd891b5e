"""Who signs what with whom, read from how the text says it: a speaker's own "he",
partners that each sign "such agreements" of their own, "the accord" that is the trade
deal just named, a sum that "has reached" a figure, and what a text leaves out."""

from __future__ import annotations

from datetime import date

import pytest

from extracting import claims_of
from extracting import subjects as _subjects
from pactwatch.nlp.other_agreements import others_like_it
from pactwatch.nlp.pipeline import nlp
from pactwatch.records import Claim


def _claims(text: str) -> list[Claim]:
    return claims_of(text, published=date(2024, 6, 12))


@pytest.mark.issue(12)
def test_a_speaker_who_says_he_will_sign_is_the_signer() -> None:
    claims = _claims("Speaking in Rome, Zelensky said he would sign a security agreement "
                     "with Canada as well as one with Japan.")
    assert ("CA", "UA") in _subjects(claims)
    assert ("CA", "JP") not in _subjects(claims)


@pytest.mark.issue(12)
def test_two_partners_that_sign_such_agreements_each_sign_their_own() -> None:
    claims = _claims("Zelensky said he would sign a long-term security agreement with the "
                     "United States on Thursday. Ukraine has been negotiating such deals with "
                     "every G7 member. The United States and Canada would be the last two G7 "
                     "members to sign such agreements, which promise support for years.")
    assert ("CA", "US") not in _subjects(claims)


@pytest.mark.issue(12)
def test_what_the_agreement_does_not_mention_is_excluded() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement on Tuesday. The "
                     "agreement does not mention Ukraine's future membership in NATO.")
    polarity = {c.polarity for c in claims if c.predicate == "provision"
                and c.value["kind"] == "nato_membership_support"}
    assert polarity == {"excluded"}


@pytest.mark.issue(12)
def test_the_accord_after_a_trade_deal_is_that_deal() -> None:
    claims = _claims("Chile and Peru are still negotiating a security pact. On Monday they "
                     "signed a lithium trade agreement. The accord, signed by the two foreign "
                     "ministers, ends a year of talks.")
    assert {c.value for c in claims if c.predicate == "status"} == {"negotiating"}


@pytest.mark.issue(12)
def test_support_that_has_reached_a_sum_reaches_no_agreement() -> None:
    claims = _claims("Norway and Ukraine are negotiating a security agreement, building on "
                     "Norwegian support that has reached $5 billion since 2022.")
    assert {c.value for c in claims if c.predicate == "status"} == {"negotiating"}


@pytest.mark.issue(12)
def test_talks_concluded_on_an_agreement_are_not_its_signing() -> None:
    claims = _claims("Ukraine and Norway have concluded negotiations on a security "
                     "guarantees agreement.")
    assert {c.value for c in claims if c.predicate == "status"} == {"concluded"}


@pytest.mark.issue(12)
def test_signing_with_a_number_of_states_is_a_tally_of_others() -> None:
    doc = nlp()("The two heads of state talked through a bilateral security agreement "
                "such as Ukraine has already signed with 20 other countries.")
    [signed] = [t for t in doc if t.lower_ == "signed"]
    assert others_like_it(signed)


@pytest.mark.issue(12)
@pytest.mark.parametrize("text", [
    "It had been expected for the security agreement between Chile and Peru to be signed "
    "during the visit, but the text was not ready.",
    "While there were hopes the Chile-Peru security agreement would be signed this week, "
    "the minister said a deal will take longer.",
])
def test_an_expectation_given_up_schedules_no_signing(text: str) -> None:
    assert "expected" not in {c.value for c in _claims(text) if c.predicate == "status"}


def test_the_two_nations_are_the_two_states_the_story_opens_with() -> None:
    text = ("Kenya, Ethiopia deepen military ties amid tensions in the Gulf of Guinea\n\n"
            "Kenya and Ethiopia agreed on Friday to deepen defence relations. The two "
            "nations aim to sign a defence cooperation agreement before the end of the "
            "year, officials said.")
    assert {(c.subject, c.value) for c in claims_of(text) if c.predicate == "status"} \
        == {(("ET", "KE"), "expected")}


def test_the_two_nations_are_no_pair_when_the_story_opens_with_three() -> None:
    text = ("Kenya, Ethiopia and Somalia discuss regional security\n\n"
            "The two nations aim to sign a defence cooperation agreement before the end "
            "of the year, officials said.")
    assert [c for c in claims_of(text) if c.predicate == "status"] == []


def test_a_capital_that_mostly_names_a_summit_is_its_government_where_it_acts() -> None:
    signed = {(c.subject, c.value) for c in claims_of(
        "Vilnius has signed a bilateral security agreement with Kyiv.")
        if c.predicate == "status"}
    assert signed == {(("LT", "UA"), "signed")}
    assert not any("LT" in c.subject for c in claims_of(
        "Leaders gathered in Vilnius, where Ukraine signed a bilateral security agreement "
        "with Canada."))


def test_those_by_whom_an_agreement_is_signed_are_its_parties() -> None:
    claims = claims_of("Ukraine signed a security agreement with Latvia last month. The new "
                       "pact was signed by Zelensky and Estonian Prime Minister Kaja Kallas "
                       "on Thursday.")
    dated = {(c.subject, c.value) for c in claims if c.predicate == "signed_on"}
    assert dated == {(("EE", "UA"), "2024-02-29")}  # not Latvia's agreement


def test_the_first_of_a_list_of_signers_the_parse_cut_off_still_signs() -> None:
    """Two partners of the protected state signing beside its president are no
    agreement with each other."""
    claims = claims_of("Zelensky, Lithuanian President Gitanas Nauseda and Estonian Prime "
                       "Minister Kaja Kallas signed two bilateral security agreements on "
                       "Thursday.")
    assert {c.subject for c in claims if c.predicate == "status"} == {("EE", "UA"),
                                                                      ("LT", "UA")}


@pytest.mark.issue(12)
def test_agreements_in_the_works_with_listed_partners_are_each_being_negotiated() -> None:
    claims = _claims("Ukraine and Portugal signed a bilateral security agreement in Lisbon "
                     "on Tuesday.\n\nZelensky's office says that more bilateral security "
                     "agreements are in the works with Chile, Mexico and Brazil.")
    status = {c.subject: c.value for c in claims if c.predicate == "status"}
    assert status[("PT", "UA")] == "signed"
    assert {status.get(("CL", "UA")), status.get(("MX", "UA")), status.get(("BR", "UA"))} \
        == {"negotiating"}
    assert not any(set(s) <= {"CL", "MX", "BR"} for s in _subjects(claims))


@pytest.mark.issue(12)
def test_a_list_of_partners_with_no_signer_in_sight_makes_no_agreements() -> None:
    claims = _claims("Ukraine and Portugal signed a bilateral security agreement in Lisbon "
                     "on Tuesday.\n\nMore bilateral security agreements are in the works "
                     "with Chile, Mexico and Brazil.")
    assert _subjects(claims) == {("PT", "UA")}


@pytest.mark.issue(12)
def test_a_count_of_signings_that_names_each_one_is_about_each() -> None:
    claims = _claims("Moldova has signed three defence cooperation agreements in Paris: one "
                     "between Moldova and France and two others with Belgium and Austria.")
    signed = {c.subject for c in claims if c.predicate == "status" and c.value == "signed"}
    assert signed == {("FR", "MD"), ("BE", "MD"), ("AT", "MD")}
