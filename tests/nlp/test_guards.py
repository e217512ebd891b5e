"""Precision guards of extraction: a hypothetical never ends an agreement, partners of
the protected state named together are not an agreement with each other, and a clause
owed both ways is owed by both parties; the end of a period is not a commitment."""

from __future__ import annotations

from datetime import date

import pytest

from extracting import claims_of
from extracting import subjects as _subjects
from pactwatch.records import Claim


def _claims(text: str, published: date | None = None) -> list[Claim]:
    return claims_of(text, published, outlet="Example Wire" if published else None)


def test_guards_a_future_withdrawal_sets_no_status() -> None:
    claims = _claims(
        "The United States and Ukraine signed a ten-year security agreement on Thursday.\n\n"
        "A future president could withdraw from the agreement, analysts said.")
    statuses = {c.value for c in claims if c.predicate == "status"}
    assert "signed" in statuses
    assert "terminated" not in statuses


@pytest.mark.issue(12)
@pytest.mark.parametrize("denial", [
    "No security agreement was signed between Chile and Peru during the visit, officials said.",
    "Chile and Peru signed no security agreement during the visit.",
])
def test_guards_a_signing_denied_sets_no_status(denial: str) -> None:
    assert not any(c.predicate == "status" and c.value == "signed" for c in _claims(denial))


def test_guards_a_withdrawal_that_happened_ends_the_agreement() -> None:
    claims = _claims("Hungary withdrew from its security agreement with Ukraine on Monday.")
    assert "terminated" in {c.value for c in claims if c.predicate == "status"}


def test_guards_a_list_of_partners_is_paired_with_the_state_that_signs() -> None:
    subjects = _subjects(_claims(
        "Sweden and Ukraine are negotiating a security agreement.\n\n"
        "Ukraine has already signed bilateral security agreements with the United Kingdom, "
        "France and Germany."))
    assert {("GB", "UA"), ("FR", "UA"), ("DE", "UA")} <= subjects
    assert not any("SE" in s and "UA" not in s for s in subjects)


def test_guards_partners_listed_without_a_signer_are_no_agreement_with_each_other() -> None:
    subjects = _subjects(_claims(
        "Estonia wants a security agreement with Kyiv.\n\n"
        "While the details of the agreement with Estonia are still being negotiated, six "
        "have been signed so far with the U.K., Germany, France, Denmark, Italy and Canada."))
    assert not any("EE" in s and "UA" not in s for s in subjects)


def test_guards_a_mutual_assistance_clause_is_owed_both_ways() -> None:
    claims = _claims(
        "Poland and France signed a treaty in Nancy on Friday.\n\n"
        "Under the treaty an armed attack on one of them shall be regarded as an attack on "
        "the other, and the two countries will come to each other's aid, including by "
        "military means.")
    [defence] = [c for c in claims if c.predicate == "provision"
                 and c.value["kind"] == "mutual_defense"]
    assert defence.subject == ("FR", "PL")
    assert defence.polarity == "included"
    assert defence.value["obligors"] == defence.value["beneficiaries"] == ["FR", "PL"]


def test_guards_who_owes_a_provision_is_read_from_the_sentence() -> None:
    claims = _claims(
        "Japan and the Philippines signed a reciprocal access agreement in Manila on "
        "Monday.\n\nUnder the agreement Japan will train Filipino pilots, and the "
        "Philippines will share its experience of maritime patrols with Japan.")
    owed = {c.value["kind"]: (c.value["obligors"], c.value["beneficiaries"])
            for c in claims if c.predicate == "provision"}
    assert owed["training"] == (["JP"], ["PH"])
    assert owed["lessons_sharing"] == (["PH"], ["JP"])


@pytest.mark.issue(12)
@pytest.mark.parametrize("text", [
    "Norway and Ukraine signed a security agreement that stays in force until Ukraine joins "
    "NATO.",
    "Norway and Ukraine signed a security agreement, a bridge until Ukraine's membership in "
    "NATO.",
])
def test_the_end_of_a_period_is_not_a_commitment_to_it(text: str) -> None:
    kinds = {c.value["kind"] for c in _claims(text, date(2024, 5, 31))
             if c.predicate == "provision"}
    assert "nato_membership_support" not in kinds


@pytest.mark.issue(12)
def test_a_commitment_that_lasts_until_an_end_is_still_a_commitment() -> None:
    text = ("Norway and Ukraine signed a security agreement. Under it Norway will support "
            "Ukraine's path to NATO membership until Ukraine joins the Alliance.")
    kinds = {c.value["kind"] for c in _claims(text, date(2024, 5, 31))
             if c.predicate == "provision"}
    assert "nato_membership_support" in kinds


@pytest.mark.issue(12)
def test_countries_that_signed_similar_agreements_do_not_sign_this_one() -> None:
    text = ("Norway and Ukraine are expected to sign a security agreement on Thursday. Twelve "
            "countries have already concluded similar agreements with Ukraine, including "
            "Britain and France.")
    status = {c.value for c in _claims(text, date(2024, 6, 12))
              if c.predicate == "status" and c.subject == ("NO", "UA")}
    assert status == {"expected"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("text", [
    "Britain and Ukraine signed a security agreement on Friday. The guarantees are meant to "
    "deter the Russian president, Vladimir Putin, from breaking the peace. Zelensky and his "
    "allies have long stressed their importance.",
    "Britain and Ukraine signed a security agreement on Friday. London also pledged new "
    "sanctions on Moscow, and Sunak said Putin must be held to account.",
])
def test_the_aggressor_is_no_party_to_the_agreements_of_its_target(text: str) -> None:
    claims = _claims(text, date(2024, 1, 13))
    assert not any("RU" in c.subject for c in claims)
    assert any(c.subject == ("GB", "UA") for c in claims)


@pytest.mark.issue(12)
def test_an_agreement_between_the_states_at_war_named_as_such_is_kept() -> None:
    text = "A bilateral security agreement between Russia and Ukraine was signed on 31 May 1997."
    claims = _claims(text, date(2024, 1, 13))
    assert any(c.subject == ("RU", "UA") and c.predicate == "status" for c in claims)


def _statuses(claims: list[Claim], pair: tuple[str, str]) -> set[object]:
    return {c.value for c in claims if c.predicate == "status" and c.subject == pair}


@pytest.mark.issue(12)
@pytest.mark.parametrize("wish", [
    "It is important to conclude such agreements with every neighbour of ours",
    "It is time to sign agreements like this one with all of our partners",
    "We hope that our presidents will sign the agreement before the summer",
])
def test_a_wish_to_sign_schedules_no_signing(wish: str) -> None:
    text = ("Latvia and Ukraine begin talks on a security agreement\n\n"
            f"\"{wish},\" the Ukrainian foreign minister told reporters in Riga on Monday "
            "as the talks on the agreement with Latvia began.")
    assert "expected" not in _statuses(_claims(text, date(2024, 1, 10)), ("LV", "UA"))


@pytest.mark.issue(12)
def test_a_hedged_signing_schedules_nothing() -> None:
    text = ("Chile and Peru may sign a security agreement in the coming months, a diplomat "
            "in Lima said on Tuesday.")
    assert _statuses(_claims(text, date(2025, 4, 9)), ("CL", "PE")) == set()


@pytest.mark.issue(12)
def test_an_organisation_that_signs_is_the_guarantor_not_the_protected_party() -> None:
    # the EU is named more often than Moldova, and is still the one that commits
    text = ("EU summit: security pact with Moldova\n\n"
            "At the EU summit in Brussels, the European Union signed a security agreement "
            "with Moldova. Moldova's president came to Brussels to sign the agreement with "
            "the EU.\n\nSuch agreements already exist with several EU members, including a "
            "treaty signed in March with Romania, and now with the EU as a whole.")
    subjects = _subjects(_claims(text, date(2025, 4, 9)))
    assert ("EU", "MD") in subjects
    assert ("EU", "RO") not in subjects


@pytest.mark.issue(12)
def test_the_pair_of_a_treaty_compared_with_is_not_this_agreements_pair() -> None:
    text = ("Chile and Peru signed a security agreement on Monday. The agreement has no "
            "mutual defence clause similar to the treaty between Brazil and Argentina, which "
            "critics say drew Uruguay into the dispute.")
    claims = _claims(text, date(2025, 4, 9))
    assert _subjects(claims) == {("CL", "PE")}
    assert {(c.value["kind"], c.polarity) for c in claims if c.predicate == "provision"} == {
        ("mutual_defense", "excluded")}


@pytest.mark.issue(12)
@pytest.mark.parametrize("sentence", [
    "Chile has embarked on negotiations with Peru on a bilateral security agreement.",
    "A draft of a bilateral security agreement between Chile and Peru is being read by "
    "officials in both capitals.",
    "Chile and Peru agreed to complete negotiations on a bilateral security agreement.",
    "Chile is discussing a bilateral security agreement with Peru.",
    "Chile and Peru have agreed to initiate talks on a bilateral security pact.",
    "Chile held another round of talks with Peru on a security agreement.",
    "Chile and Peru noted progress on the draft future security agreement.",
    "Chile is also pursuing a visiting forces agreement with Peru, the ministry said.",
])
def test_talks_in_progress_are_negotiating(sentence: str) -> None:
    assert _statuses(_claims(sentence, date(2025, 4, 9)), ("CL", "PE")) == {"negotiating"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("tally", [
    "Ukraine has already signed security agreements with nine states.",
    "Ukraine has already signed 27 agreements under the G7 declaration.",
    "\"We have signed agreements worth 80 million euros for the power grid,\" he said.",
])
def test_a_tally_of_agreements_signed_is_not_the_signing_of_this_one(tally: str) -> None:
    text = ("Ukraine and Bulgaria begin talks on a security agreement\n\n"
            "Ukraine and Bulgaria held the first round of talks on a bilateral security "
            f"agreement on Friday. {tally}")
    assert _statuses(_claims(text, date(2024, 10, 25)), ("BG", "UA")) == {"negotiating"}


@pytest.mark.issue(12)
def test_a_signing_that_is_about_to_happen_is_expected() -> None:
    text = ("Greece's leader is about to sign the security agreement with Ukraine, which "
            "covers air defence, the minister said.")
    assert _statuses(_claims(text, date(2024, 6, 20)), ("GR", "UA")) == {"expected"}


@pytest.mark.issue(12)
def test_three_states_that_sign_one_pact_are_its_parties_together() -> None:
    text = ("ACCRA - The leaders of Benin, Ghana and Togo on Sunday signed a mutual "
            "defence pact in Accra. An attack on one of them will be an attack on all, "
            "the pact says.")
    claims = _claims(text, date(2025, 3, 10))
    assert _subjects(claims) == {("BJ", "GH", "TG")}
    each = _claims("The leaders of Benin, Ghana and Togo each signed a defence agreement "
                   "with France on Sunday.", date(2025, 3, 10))
    assert ("BJ", "GH", "TG") not in _subjects(each)


@pytest.mark.issue(12)
@pytest.mark.parametrize("text", [
    "Chile and Peru signed a lithium trade agreement on Monday, weeks after talks on "
    "security guarantees stalled.",
    "The minerals deal between Chile and Peru will be signed within days, while their "
    "security agreement is still under negotiation.",
    "Chile and Peru are negotiating a security agreement. Separately, officials of both "
    "formalized an agreement Monday establishing a joint fund for lithium projects. The "
    "accord, signed by the two finance ministers, ends a year of talks.",
])
def test_a_deal_about_trade_or_minerals_is_not_the_security_agreement(text: str) -> None:
    assert _statuses(_claims(text, date(2025, 5, 1)), ("CL", "PE")) <= {"negotiating"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("sentence", [
    "Chile has been discussing military aid and potential security guarantees with Peru "
    "to deter future attacks.",
    "A possible defence pact between Chile and Peru would cover military aid and training.",
])
def test_guarantees_that_may_never_come_about_are_no_agreement(sentence: str) -> None:
    assert _subjects(_claims(sentence, date(2025, 5, 1))) == set()


@pytest.mark.issue(12)
def test_a_speaker_who_adds_something_about_the_document_signs_nothing() -> None:
    text = ("Chile and Peru are negotiating a security agreement. The Chilean minister "
            "added that the document also plans joint naval exercises.")
    assert _statuses(_claims(text, date(2025, 5, 1)), ("CL", "PE")) == {"negotiating"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("question", [
    "The minister was asked whether the agreement would deploy Chilean troops to Peru.",
    "Reporters asked if the agreement would deploy Chilean troops to Peru.",
    "Would the agreement deploy Chilean troops to Peru?",
])
def test_a_question_about_an_agreement_states_no_provision(question: str) -> None:
    claims = _claims(f"Chile and Peru are negotiating a security agreement. {question}",
                     date(2025, 8, 19))
    assert not [c for c in claims if c.predicate == "provision"]


@pytest.mark.issue(12)
def test_an_agreement_among_three_governments_is_theirs_together() -> None:
    text = ("On 2 March 2025, the three partners signed the trilateral Agreement Among the "
            "Government of Ghana, the Government of Benin, and the Government of Togo for "
            "Cooperation on Coastal Defence.")
    claims = _claims(text, date(2025, 3, 4))
    assert _subjects(claims) == {("BJ", "GH", "TG")}
    fronted = _claims("Among West African states, Ghana and Togo have signed bilateral "
                      "security agreements with Benin.", date(2025, 3, 4))
    assert ("BJ", "GH", "TG") not in _subjects(fronted)


@pytest.mark.issue(12)
def test_a_military_cooperation_agreement_is_a_security_agreement() -> None:
    text = "Ghana said on Saturday that it has revoked its military cooperation accord with Togo."
    assert _subjects(_claims(text, date(2025, 3, 4))) == {("GH", "TG")}


@pytest.mark.issue(12)
def test_a_law_that_comes_into_force_is_not_the_agreement() -> None:
    text = ("Norway and Ukraine signed a ten-year security agreement in Oslo on Monday. The "
            "new conscription law came into force a day after Zelensky signed it.")
    assert _statuses(_claims(text, date(2025, 4, 9)), ("NO", "UA")) == {"signed"}
    revoked = _claims("Peru revoked the security agreement with Chile on Monday.",
                      date(2025, 4, 9))
    assert "terminated" in _statuses(revoked, ("CL", "PE"))


@pytest.mark.issue(12)
def test_an_agreement_in_force_is_one_that_has_come_into_force() -> None:
    done = _claims("The security agreement between Chile and Peru has now come into force.",
                   date(2025, 4, 9))
    assert "in_force" in _statuses(done, ("CL", "PE"))
    ahead = _claims("The security agreement between Chile and Peru will come into force "
                    "after both parliaments ratify it.", date(2025, 4, 9))
    assert "in_force" not in _statuses(ahead, ("CL", "PE"))


@pytest.mark.issue(12)
@pytest.mark.parametrize("reprieve", [
    "Kenya has suspended the termination of its defence cooperation agreement with Turkey.",
    "The abrogation of the defence cooperation agreement between Kenya and Turkey has been "
    "put on hold.",
])
def test_an_ending_called_off_leaves_the_agreement_in_force(reprieve: str) -> None:
    statuses = _statuses(_claims(reprieve, date(2025, 4, 9)), ("KE", "TR"))
    assert statuses == {"in_force"}


@pytest.mark.issue(12)
def test_an_agreement_awaiting_its_signers_signatures_is_expected() -> None:
    claims = _claims("The security agreement between Chile and Peru is now awaiting their "
                     "foreign ministers’ signatures.", date(2025, 4, 9))
    assert _statuses(claims, ("CL", "PE")) == {"expected"}


@pytest.mark.issue(12)
def test_an_agreement_that_is_complete_and_will_be_signed_is_expected() -> None:
    claims = _claims("The security agreement between Chile and Peru is practically complete "
                     "and will be signed before the summit in July.", date(2025, 4, 9))
    assert _statuses(claims, ("CL", "PE")) == {"expected"}


@pytest.mark.issue(12)
def test_aid_others_have_already_given_is_no_provision() -> None:
    claims = _claims("Japan and Ukraine signed a ten-year security agreement on Thursday, "
                     "under which Tokyo will fund reconstruction. Western countries have "
                     "supplied battle tanks and fighter jets.", date(2024, 6, 1))
    kinds = {c.value["kind"] for c in claims if c.predicate == "provision"}
    assert kinds == {"reconstruction"}


@pytest.mark.issue(12)
def test_a_union_its_signers_belong_to_is_not_a_party() -> None:
    claims = _claims("Spain and Portugal signed a treaty on Friday whose clause binds both "
                     "to come to each other's aid, as the two NATO and EU allies "
                     "deepen their defence ties.", date(2025, 5, 9))
    assert _subjects(claims) == {("ES", "PT")}


@pytest.mark.issue(12)
def test_two_more_agreements_after_a_between_pair_are_agreements_of_their_own() -> None:
    claims = _claims("Kyiv signed three security pacts on Thursday: one between the "
                     "European Union and Ukraine and two others with Latvia and Estonia. "
                     "The agreement provides for training of Ukrainian pilots.",
                     date(2024, 6, 27))
    assert _subjects(claims)
    assert all(len(subject) == 2 for subject in _subjects(claims))


@pytest.mark.issue(12)
def test_an_acronym_the_text_defines_for_an_agreement_names_it_later() -> None:
    claims = _claims("Japan and the Philippines signed a Reciprocal Access Agreement (RAA) "
                     "in Manila on Monday.\n\nIn a separate statement, army chief General "
                     "Rafael Ocampo said the RAA would boost joint training.",
                     date(2024, 7, 9))
    assert ("Rafael Ocampo", "official") in {
        (c.attributed_to, c.attribution_kind) for c in claims if c.subject == ("JP", "PH")}


@pytest.mark.issue(12)
def test_a_party_left_out_of_a_tally_of_signings_has_not_signed() -> None:
    claims = _claims("Japan and Ukraine will sign a security agreement on Thursday. Kyiv "
                     "already has security agreements with every G7 member except Japan "
                     "and the United States.", date(2024, 6, 8))
    assert _statuses(claims, ("JP", "UA")) == {"expected"}
    assert ("UA", "US") not in _subjects(claims)


@pytest.mark.issue(12)
def test_the_framework_signed_at_its_summit_is_no_signing_of_the_agreement() -> None:
    claims = _claims("The United Kingdom and Ukraine are negotiating a security agreement. "
                     "The talks follow a framework document on security guarantees that was "
                     "signed at the NATO summit in Vilnius.", date(2023, 12, 20))
    assert _statuses(claims, ("GB", "UA")) == {"negotiating"}


@pytest.mark.issue(12)
def test_an_agreement_signed_by_a_leader_in_a_reported_clause_was_signed() -> None:
    # the parser reads "signed" as the clause's verb with the agreement as its subject
    claims = _claims("Adviser Tom Keller said that the Security Agreement Between Canada and "
                     "Ukraine signed yesterday by Prime Minister Trudeau is a real marker of "
                     "commitment.", date(2024, 2, 25))
    assert _statuses(claims, ("CA", "UA")) == {"signed"}
    assert {c.value for c in claims if c.predicate == "signed_on"} == {"2024-02-24"}


@pytest.mark.issue(12)
def test_the_headlines_a_page_links_to_are_other_stories() -> None:
    claims = _claims("Ukraine and Bulgaria have started talks on a bilateral security "
                     "agreement, the presidential office said on Friday.\n"
                     "Other Topics of Interest\n"
                     "Germany's Chancellor Says Ukraine Cannot Join NATO Now\n",
                     date(2024, 10, 11))
    assert _subjects(claims) == {("BG", "UA")}
    assert not any("Chancellor" in c.text for c in claims)


@pytest.mark.issue(12)
def test_similar_agreements_with_a_number_of_allies_are_others_not_this_one() -> None:
    claims = _claims("Norway and Ukraine have finished negotiating a security agreement. "
                     "Kyiv has concluded comparable security agreements with a number of "
                     "NATO allies.", date(2024, 5, 25))
    assert "signed" not in _statuses(claims, ("NO", "UA"))


@pytest.mark.issue(12)
def test_states_that_said_they_plan_to_sign_are_the_ones_expected_to() -> None:
    claims = _claims("Denmark became the latest NATO member to sign a ten-year security "
                     "agreement with Kyiv. Malta and Portugal have said they plan to sign "
                     "later this year.", date(2024, 2, 24))
    assert _statuses(claims, ("MT", "UA")) == {"expected"}
    assert _statuses(claims, ("PT", "UA")) == {"expected"}


@pytest.mark.issue(12)
def test_ministers_of_three_states_signing_a_defence_declaration_make_one_record() -> None:
    claims = _claims("The Defence Ministers of Kosovo, Albania and Croatia signed a "
                     "declaration in Tirana on March 18, establishing cooperation in defence "
                     "and security among the three countries.", date(2025, 3, 25))
    assert _subjects(claims) == {("AL", "HR", "XK")}


@pytest.mark.issue(12)
def test_a_figure_of_investment_or_trade_is_no_money_pledge() -> None:
    claims = _claims("Saudi Arabia and the United States signed a strategic defence agreement "
                     "on Tuesday. The White House said Saudi Arabia will raise its US "
                     "investments to $1 trillion.", date(2025, 11, 19))
    assert not any(c.predicate == "provision" and c.value["kind"] == "financial_support"
                   for c in claims)


@pytest.mark.issue(12)
def test_a_treaty_signed_at_a_summit_held_on_a_day_last_year_was_signed_that_day() -> None:
    claims = _claims("Uzbekistan and Tajikistan exchanged instruments of ratification, "
                     "bringing into force the Treaty on Allied Relations between them. The "
                     "treaty was signed during a summit held on April 18 last year in "
                     "Dushanbe.", date(2025, 3, 10))
    assert _statuses(claims, ("TJ", "UZ")) == {"signed", "in_force"}
    assert {c.value for c in claims if c.predicate == "signed_on"} == {"2024-04-18"}


@pytest.mark.issue(12)
def test_mutual_military_assistance_is_mutual_defence() -> None:
    text = ("Azerbaijan and Turkey signed a declaration on allied relations. The "
            "declaration covers cooperation in nearly every field, with mutual "
            "military assistance among them.")
    claims = _claims(text, date(2021, 6, 16))
    assert "mutual_defense" in {c.value["kind"] for c in claims if c.predicate == "provision"}
    # the cue for aid to one side does not read "mutual military assistance" (the
    # classifier may still see aid in it)
    rules = claims_of(text, date(2021, 6, 16), model=False)
    assert {c.value["kind"] for c in rules if c.predicate == "provision"} == {"mutual_defense"}


@pytest.mark.issue(12)
def test_a_memorandum_on_defence_is_a_security_agreement() -> None:
    claims = _claims("The defence ministers of Iran and Bolivia on Thursday signed a "
                     "memorandum of understanding (MoU) on defence and security affairs.",
                     date(2023, 7, 21))
    assert _statuses(claims, ("BO", "IR")) == {"signed"}


@pytest.mark.issue(12)
def test_a_share_of_gdp_with_no_money_figure_is_no_money_pledge() -> None:
    share = _claims("Latvia and Ukraine signed a security agreement on Thursday. Latvia "
                    "pledges to spend 0.25% of its GDP a year on military aid for Kyiv.",
                    date(2024, 1, 12))
    kinds = {c.value["kind"] for c in share if c.predicate == "provision"}
    assert kinds == {"military_assistance"}
    money = _claims("Estonia and Ukraine signed a security agreement on Thursday. Estonia "
                    "pledged 1.2 billion euros, a quarter of one per cent of its GDP, a year.",
                    date(2024, 1, 12))
    assert "financial_support" in {c.value["kind"] for c in money if c.predicate == "provision"}


@pytest.mark.issue(12)
def test_the_term_of_the_agreement_in_other_words() -> None:
    term = _claims("Belgium and Ukraine signed a security agreement on Tuesday. It ensures "
                   "Belgium's support over the course of the agreement's ten-year term.",
                   date(2024, 5, 29))
    assert {c.value for c in term if c.predicate == "term_years"} == {10}
    bound = _claims("Bulgaria and Ukraine will sign a security agreement. The agreement "
                    "envisages a 10-year obligation on Sofia to train Ukrainian troops.",
                    date(2024, 12, 18))
    assert {c.value for c in bound if c.predicate == "term_years"} == {10}
    other = _claims("Bulgaria and Ukraine will sign a security agreement. Bulgaria has a "
                    "five-year obligation to the IMF.", date(2024, 12, 18))
    assert not any(c.predicate == "term_years" for c in other)


@pytest.mark.issue(12)
def test_nor_negates_the_clause_it_joins() -> None:
    claims = _claims("The United States and Ukraine will sign a security pact. The pact will "
                     "not oblige Washington to deploy troops, nor will it contain commitments "
                     "to supply weapons.", date(2024, 6, 12))
    polarity = {c.value["kind"]: c.polarity for c in claims if c.predicate == "provision"}
    assert polarity.get("military_assistance") == "excluded"


@pytest.mark.issue(12)
def test_the_agreements_term_stated_beside_money_is_still_its_term() -> None:
    claims = _claims("Sweden and Ukraine signed a security agreement on Friday. Sweden will "
                     "give about 2 billion euros a year, an amount that will grow during the "
                     "10-year term of the agreement.", date(2024, 5, 31))
    assert {c.value for c in claims if c.predicate == "term_years"} == {10}
    funding = _claims("Sweden and Ukraine signed a security agreement on Friday. Sweden will "
                      "give 2 billion euros a year for three years.", date(2024, 5, 31))
    assert not any(c.predicate == "term_years" for c in funding)


@pytest.mark.issue(12)
def test_a_political_commitment_to_act_is_a_pledge_not_the_texts_legal_form() -> None:
    pledge = _claims("Norway and Ukraine signed a security agreement. The agreement shows our "
                     "political commitment to stand by Ukraine, the minister said.",
                     date(2024, 5, 31))
    assert not any(c.predicate == "legal_form" for c in pledge)
    form = _claims("Norway and Ukraine signed a security agreement. The agreement is a "
                   "political commitment, not a treaty.", date(2024, 5, 31))
    assert {c.value for c in form if c.predicate == "legal_form"} == {"political_agreement"}
