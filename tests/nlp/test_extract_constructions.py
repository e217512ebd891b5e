"""The constructions of real reporting that issue 4 taught the extractor, each on a
short text in our own words (published 2024-03-06, a Wednesday)."""

from __future__ import annotations

from datetime import date

import pytest

from extracting import claims_of
from pactwatch.nlp.dates import resolve
from pactwatch.records import Claim


def _claims(text: str) -> list[Claim]:
    return claims_of(text)


def _kinds(claims: list[Claim], subject: tuple[str, ...]) -> set[str]:
    """The provision kinds the claims give one agreement."""
    return {c.value["kind"] for c in claims if c.predicate == "provision" and c.subject == subject}


def _amounts(claims: list[Claim]) -> list[dict[str, object]]:
    """The money amounts the provision claims carry."""
    return [a for c in claims if c.predicate == "provision" for a in c.value.get("amounts", [])]


def _facts(claims: list[Claim], predicate: str) -> dict[str, object]:
    return {"-".join(c.subject): c.value for c in claims if c.predicate == predicate}


def test_roundup_list_gives_each_listed_partner_a_signed_agreement() -> None:
    claims = _claims("Norway and Ukraine signed a ten-year security agreement on Monday. "
                     "Ukraine has already signed such agreements with Britain, Germany "
                     "and France.")
    status = _facts(claims, "status")
    assert {k for k, v in status.items() if v == "signed"} >= {"GB-UA", "DE-UA", "FR-UA",
                                                                "NO-UA"}


def test_earlier_signers_after_an_ordinal_signed_before() -> None:
    claims = _claims("Norway became the fourth country to sign a security pact with Kyiv, "
                     "after Britain, Germany and France.")
    status = _facts(claims, "status")
    assert status["NO-UA"] == "signed"
    assert {status.get(k) for k in ("GB-UA", "DE-UA", "FR-UA")} == {"signed"}


def test_official_text_commitments_of_the_participants_are_provisions() -> None:
    claims = _claims(
        "Agreement on Security Cooperation between Ukraine and the Kingdom of Norway\n\n"
        "1. The Participants shall hold consultations within 24 hours in the event of a "
        "future armed attack against Ukraine.\n\n"
        "2. Norway will continue the training of Ukrainian pilots.\n\n"
        "Done at Oslo on 4 March 2024 in two copies.")
    kinds = {c.value["kind"]: c.value.get("deadline_hours") for c in claims
             if c.predicate == "provision"}
    assert kinds["consultation_on_attack"] == 24
    assert "training" in kinds
    assert _facts(claims, "signed_on") == {"NO-UA": "2024-03-04"}


def test_the_aggressor_attacking_is_not_a_party_to_the_consultations() -> None:
    claims = _claims("Under the security agreement, should Russia attack Ukraine again, "
                     "Norway and Ukraine will consult within 24 hours.")
    subjects = {"-".join(c.subject) for c in claims if c.predicate == "provision"}
    assert subjects == {"NO-UA"}


def test_term_until_a_year_counts_from_the_signing_year() -> None:
    claims = _claims("Norway signed a security agreement with Ukraine on Monday, binding "
                     "Oslo to support Kyiv until 2034.")
    assert _facts(claims, "term_years") == {"NO-UA": 10}


def test_a_stretch_of_time_is_not_a_term() -> None:
    claims = _claims("Norway signed a security agreement with Ukraine on Monday; its aid "
                     "grew in each of the previous two years.")
    assert "NO-UA" not in _facts(claims, "term_years")


def test_pledge_carries_amount_but_aid_already_given_does_not() -> None:
    claims = _claims("Under the security agreement Norway will provide Ukraine with NOK 15 "
                     "billion in military support this year. Norway has provided Ukraine "
                     "with NOK 40 billion since 2022.")
    amounts = _amounts(claims)
    assert amounts == [{"value": 15_000_000_000, "currency": "NOK", "period": "2024"}]


def test_speaker_known_by_name_is_an_official_of_their_party() -> None:
    claims = _claims("Zelensky said the security agreement with Norway includes training "
                     "for pilots.")
    said = {(c.attributed_to, c.attribution_kind) for c in claims}
    assert ("Zelensky", "official") in said


def test_bare_weekday_is_the_publication_day_when_it_is_that_weekday() -> None:
    published = date(2024, 5, 31)  # a Friday
    assert resolve("on Friday", published, "past") == published
    assert resolve("last Friday", published, "past") == date(2024, 5, 24)
    assert resolve("on Monday", published, "past") == date(2024, 5, 27)
    assert resolve("next Friday", published, "future") == date(2024, 6, 7)


def test_a_list_that_a_partners_commitment_opens_holds_its_provisions() -> None:
    claims = _claims(
        "Norway and Ukraine signed a bilateral security agreement on Monday.\n\n"
        "Norway has pledged to support Ukraine so that it can:\n\n"
        "  • pursue the reforms on its path towards European Union and NATO membership;\n"
        "  • rebuild its economy.\n\n"
        "The two countries will also cooperate in these areas:\n\n"
        "  • after a future attack on Ukraine (talks within 24 hours, swift help);\n"
        "  • intelligence (sharing of intelligence).\n")
    kinds = {c.value["kind"]: c for c in claims
             if c.predicate == "provision" and c.subject == ("NO", "UA")}
    assert {"reforms", "eu_accession_support", "nato_membership_support",
            "consultation_on_attack", "intelligence_sharing"} <= set(kinds)
    assert kinds["consultation_on_attack"].value["deadline_hours"] == 24
    assert all(c.subject == ("NO", "UA") for c in claims if c.predicate == "provision")


def test_a_point_in_time_years_ago_is_not_a_term() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement on Monday. A similar "
                     "agreement had been discussed 4 years ago.")
    assert "NO-UA" not in _facts(claims, "term_years")


def test_between_the_two_countries_is_the_pair_the_sentence_names() -> None:
    claims = _claims("Lithuania and Ukraine agreed to sign a security pact soon. Zelensky "
                     "arrived in Spain on Monday, where a security agreement will be signed "
                     "between the two countries.")
    status = _facts(claims, "status")
    assert status["ES-UA"] == "expected"


def test_a_term_in_a_relative_clause_of_the_agreement_is_its_term() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement on Monday. The "
                     "agreement, which is set to last for 10 years, includes a pledge of up "
                     "to €3 billion in aid for 2024.")
    assert _facts(claims, "term_years")["NO-UA"] == 10


def test_others_who_signed_similar_agreements_do_not_take_over_the_text() -> None:
    claims = _claims(
        "Norway and Ukraine signed a security agreement in Oslo on Monday. The Norwegian "
        "prime minister noted that 19 other nations and the European Union have signed "
        "similar agreements with Ukraine. The agreement also covers cyber defence and the "
        "protection of critical infrastructure.")
    kinds = {c.subject: set() for c in claims if c.predicate == "provision"}
    for c in claims:
        if c.predicate == "provision":
            kinds[c.subject].add(c.value["kind"])
    assert {"cyber_defense", "critical_infrastructure"} <= kinds.get(("NO", "UA"), set())
    assert ("EU", "UA") not in kinds


def test_holding_the_aggressor_accountable_is_accountability_not_a_party() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement in Oslo on Monday. The "
                     "agreement provides for support for sanctions against Russia and work on "
                     "holding the Russian Federation accountable and compensating for damage.")
    kinds = _kinds(claims, ("NO", "UA"))
    assert {"sanctions", "accountability"} <= kinds
    assert not any("RU" in c.subject for c in claims)


def test_an_opening_after_a_caption_still_makes_a_partners_commitment_a_provision() -> None:
    claims = _claims("Jonas Gahr Støre and Volodymyr Zelensky (Photo: Example Agency)\n\n"
                     "Ukraine and Norway concluded an agreement on security cooperation.\n\n"
                     "Among other things, Norway will allocate at least 500 million euros to "
                     "Ukraine for military support in 2024.")
    kinds = _kinds(claims, ("NO", "UA"))
    assert "financial_support" in kinds


def test_a_pledge_in_the_perfect_is_still_a_commitment() -> None:
    claims = _claims("Iceland and Ukraine signed a long-term security agreement on Friday. "
                     "Iceland becomes the 14th country to sign such a deal. The country has "
                     "also pledged to support Ukraine's peace formula and sanctions against "
                     "Russia.")
    kinds = _kinds(claims, ("IS", "UA"))
    assert {"just_peace", "sanctions"} <= kinds


def test_consultations_with_the_condition_first_are_consultations_after_an_attack() -> None:
    for text in ("Norway and Ukraine signed a security agreement on Monday. It stipulates that "
                 "in the event of a new attack on Ukraine, Norway will consult with it.",
                 "Norway and Ukraine signed a security agreement on Monday. A key element of the "
                 "agreement is a consultation mechanism in the event of a repeated attack."):
        kinds = {c.value["kind"] for c in _claims(text) if c.predicate == "provision"}
        assert "consultation_on_attack" in kinds, text


@pytest.mark.parametrize("phrase", [
    "long-term political, military and economic support to Ukraine",
    "backing for Ukraine's defence and its security",
    "support that strengthens Ukraine's capabilities, including air defence",
])
def test_military_support_named_among_other_kinds_or_by_its_purpose(phrase: str) -> None:
    claims = _claims(f"Under the security agreement signed on Monday, Slovakia commits to "
                     f"{phrase} for ten years.")
    assert "military_assistance" in _kinds(claims, ("SK", "UA"))


def test_support_for_a_partners_defence_industry_is_not_military_assistance() -> None:
    claims = _claims("Under the security agreement signed on Monday, Slovakia commits to "
                     "support for Ukraine's defence industry.")
    assert "military_assistance" not in _kinds(claims, ("SK", "UA"))


def test_aid_given_from_the_first_days_of_the_war_is_no_pledge() -> None:
    claims = _claims("Slovakia and Ukraine signed a security agreement on Monday. From the "
                     "first days of the war Slovakia gave Ukraine EUR 200 million in military "
                     "aid, officials said.")
    amounts = _amounts(claims)
    assert amounts == []


def test_an_official_named_after_a_long_title_speaks_even_untagged_as_a_person() -> None:
    # the small model tags no person here (it reads "Ukraine Mariana Kovalchuk" as an
    # organisation); the title in the lexicon and the capitalised words after it name
    # the speaker
    claims = _claims("Latvia and Ukraine signed a security agreement on Monday. Deputy Head "
                     "of the Presidential Office in Ukraine Mariana Kovalchuk said the "
                     "agreement includes training for pilots.")
    speakers = {(c.attributed_to, c.attribution_kind) for c in claims
                if c.subject == ("LV", "UA") and c.predicate != "signed_on"}
    assert ("Mariana Kovalchuk", "official") in speakers


def test_the_length_of_what_is_signed_is_the_term() -> None:
    claims = _claims("Chile and Peru signed a security agreement on Monday, sealing a "
                     "15-year strategic partnership.")
    assert _facts(claims, "term_years") == {"CL-PE": 15}


@pytest.mark.parametrize("text, kind", [
    ("Chile and Peru signed a defence agreement on Monday. The Chilean navy will patrol "
     "Peru's territorial waters under the agreement.", "use_of_own_forces"),
    ("Chile and Peru signed an agreement on mutual security guarantees on Monday.",
     "mutual_defense"),
])
def test_other_pacts_own_forces_and_mutual_guarantees(text: str, kind: str) -> None:
    assert kind in _kinds(_claims(text), ("CL", "PE"))


def test_rebuilding_a_partners_armed_forces_is_not_reconstruction() -> None:
    claims = _claims("Under the security agreement signed on Monday, Slovakia will help "
                     "with the reconstruction of the Ukrainian security and defence sector.")
    assert "reconstruction" not in _kinds(claims, ("SK", "UA"))


LISTED = """\
Chile and Peru sign security agreement

Chile and Peru signed a security agreement in Lima on Monday.

Main points of the agreement:

  1. Training:

    • Chile will train Peruvian naval officers.
  2. Consultations after an attack:

    • In case of an armed attack on Peru, consultations will be held within 24 hours.

Other news:

Chile's president also announced new aid for cyber security and demining at home.
"""


def test_a_list_goes_on_under_its_indented_headings_and_ends_at_the_margin() -> None:
    provisions = {c.value["kind"]: c.value for c in _claims(LISTED)
                  if c.predicate == "provision" and c.subject == ("CL", "PE")}
    assert provisions["consultation_on_attack"]["deadline_hours"] == 24
    assert "training" in provisions
    assert not {"cyber_defense", "humanitarian_demining"} & set(provisions)


@pytest.mark.parametrize("phrase", [
    "promising to conduct consultations if either of them is ever attacked again",
    "under which the two sides are to consult each other on any regional contingency",
])
def test_consultations_in_other_words(phrase: str) -> None:
    claims = _claims(f"Chile and Peru signed a security agreement on Monday, {phrase}.")
    assert "consultation_on_attack" in _kinds(claims, ("CL", "PE"))


def test_a_headline_that_runs_into_a_quote_still_states_the_signing() -> None:
    claims = _claims("Chile and Peru sign security pact: 'Defence and peace are our "
                     "priorities'.")
    assert _facts(claims, "status").get("CL-PE") == "signed"


def test_a_visit_just_made_to_sign_an_agreement_does_not_state_the_signing() -> None:
    claims = _claims("The Polish president has arrived in Vilnius to sign a defence "
                     "cooperation agreement with Lithuania.")
    assert _facts(claims, "status").get("LT-PL") != "signed"


def test_a_term_set_off_by_a_comma_after_the_agreement_is_its_term() -> None:
    claims = _claims("Norway renewed its support for Ukraine through a security agreement, "
                     "valid for ten years, in several fields.")
    assert _facts(claims, "term_years").get("NO-UA") == 10


def test_a_status_of_forces_agreement_named_without_the_word_pact_is_a_security_one() -> None:
    claims = _claims("The agreement regarding the Status of Forces between Peru and the "
                     "United States was signed on March 3, 2024.")
    assert _facts(claims, "status").get("PE-US") == "signed"
    assert _facts(claims, "signed_on").get("PE-US") == "2024-03-03"


def test_an_initialled_security_framework_has_closed_its_talks() -> None:
    claims = _claims("Officials of Fiji and Japan initialled a bilateral security "
                     "cooperation framework in Suva today.")
    assert _facts(claims, "status").get("FJ-JP") == "concluded"


def test_the_title_of_an_agreements_own_text_states_a_signed_agreement() -> None:
    title = "Agreement on defence cooperation between Chile and Peru"
    preamble = ("Chile and Peru, hereinafter the Participants, recalling their shared "
                "interest in regional stability, have agreed as follows:")
    assert _facts(_claims(f"{title}\n\n{preamble}"), "status").get("CL-PE") == "signed"
    draft = _claims(f"Draft agreement on defence cooperation between Chile and Peru\n\n"
                    f"{preamble}")
    assert _facts(draft, "status").get("CL-PE") != "signed"


def test_a_ratified_agreement_was_signed_and_one_still_to_be_ratified_is_not() -> None:
    done = _claims("Peru's congress has ratified the defence cooperation agreement with "
                   "Chile, the foreign ministry said.")
    assert _facts(done, "status").get("CL-PE") == "signed"
    ahead = _claims("Chile and Peru will negotiate a defence cooperation agreement, to be "
                    "signed and ratified next year.")
    assert _facts(ahead, "status").get("CL-PE") != "signed"


def test_accords_renewed_are_signed_and_a_dateline_in_ordinary_case_is_no_subject() -> None:
    claims = _claims("Lima, March 4, 2025 (Example Wire) – The governments of Chile and Peru "
                     "have renewed two military cooperation accords.")
    assert _facts(claims, "status") == {"CL-PE": "signed"}


def test_the_preamble_of_an_agreements_own_text_names_its_signed_parties() -> None:
    text = ("Preamble\nChile and the Republic of Peru (hereinafter referred to as the "
            "Participants) reaffirm their commitment to long-term security cooperation on "
            "the Pacific coast.")
    assert _facts(_claims(text), "status") == {"CL-PE": "signed"}


def test_an_agreement_that_covers_the_next_decade_runs_ten_years() -> None:
    claims = _claims("Chile and Peru signed a security pact on Monday. Their pact covers the "
                     "next decade and sets out joint naval patrols.")
    assert _facts(claims, "term_years").get("CL-PE") == 10


def test_a_person_named_before_is_known_by_the_last_name_alone() -> None:
    from pactwatch.nlp.attribution import _registered
    from pactwatch.nlp.people import Person, SpeakerState
    from pactwatch.nlp.pipeline import nlp

    state = SpeakerState()
    state.people["Pedro Vargas"] = Person("Pedro Vargas", "Prime Minister", "PE")
    doc = nlp()("Vargas said the pact covers air defence.")
    found = _registered(state, doc[0:1], "Example Wire")
    assert found is not None and found.name == "Pedro Vargas"
    assert _registered(state, nlp()("Lima said so.")[0:1], "Example Wire") is None


def test_a_counterpart_of_a_head_of_state_speaks_as_an_official() -> None:
    claims = _claims("Chile and Peru signed a security agreement in Lima on Monday after "
                     "talks between the Peruvian president and his Chilean counterpart, "
                     "Pedro Vargas. \"The agreement covers air defence,\" Vargas said.")
    spoken = {(c.attributed_to, c.attribution_kind) for c in claims
              if c.attributed_to == "Pedro Vargas"}
    assert spoken == {("Pedro Vargas", "official")}


def test_no_word_about_the_amount_excludes_financial_support() -> None:
    claims = _claims("Chile and Peru signed a security agreement on Monday. The Chilean "
                     "minister said the agreement was modelled on others but did not give "
                     "details about the amount involved.")
    assert ("financial_support", "excluded") in {
        (c.value["kind"], c.polarity) for c in claims if c.predicate == "provision"}


def test_membership_of_the_partner_in_the_union_is_accession_support() -> None:
    text = ("Ukraine and Moldova (hereinafter the Participants) signed a security "
            "agreement. The Participants will support membership of Ukraine in the "
            "European Union.")
    assert "eu_accession_support" in _kinds(_claims(text), ("MD", "UA"))


def test_a_mechanism_for_a_24_hour_response_is_a_consultation_deadline() -> None:
    claims = _claims("Chile and Peru signed a security agreement on Monday. It sets up a "
                     "mechanism for 24-hour emergency response should either be attacked.")
    deadlines = {c.value.get("deadline_hours") for c in claims if c.predicate == "provision"
                 and c.value["kind"] == "consultation_on_attack"}
    assert deadlines == {24}


def test_a_duration_said_of_the_signing_of_an_agreement_is_its_term() -> None:
    claims = _claims("Norway's prime minister confirmed the signing of a defence agreement "
                     "with Ukraine that \"has a total duration of 10 years\", his office said.")
    assert _facts(claims, "term_years").get("NO-UA") == 10


def test_a_treaty_signed_to_strengthen_security_is_a_security_agreement() -> None:
    signed = _facts(_claims("Fiji and New Zealand have signed the Fiji-New Zealand Treaty to "
                            "deepen their ties and the long-term security of the region."),
                    "status")
    assert signed == {"FJ-NZ": "signed"}


def test_an_agreement_for_energy_security_is_not_a_security_agreement() -> None:
    assert _claims("Fiji and New Zealand have signed an agreement to improve energy "
                   "security across the islands.") == []


@pytest.mark.issue(12)
def test_a_names_bracketed_acronym_does_not_break_the_phrase_it_stands_in() -> None:
    claims = _claims("Estonia and Ukraine signed a ten-year security agreement on Monday, "
                     "under which Estonia will support Ukraine's path towards the European "
                     "Union (EU) and NATO.")
    assert {"eu_accession_support", "nato_membership_support"} <= _kinds(claims, ("EE", "UA"))
