"""Signing dates in the shapes real reports give them (issue 12): a day and month without
a year, a date on the first of two joined verbs, a signing named as an event. Texts are
in our own words."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from pactwatch.nlp.dates import _parse, date_line, resolve, url_date, url_month
from pactwatch.nlp.pipeline import extract
from pactwatch.records import DocumentMeta, RawDocument


def _facts(text: str, published: date | None, url: str | None = None
           ) -> dict[str, dict[str, set[object]]]:
    """predicate -> agreement -> every value the text's claims give it."""
    meta = DocumentMeta(outlet="Example Wire", published=published, url=url)
    out: dict[str, dict[str, set[object]]] = {}
    for c in extract(RawDocument("t.txt", text, meta, "txt")):
        value = c.value if isinstance(c.value, (str, int)) else repr(c.value)
        out.setdefault(c.predicate, {}).setdefault("-".join(c.subject), set()).add(value)
    return out


@pytest.mark.issue(12)
@pytest.mark.parametrize("phrase, published, prefer, expected", [
    ("Tuesday, May 28", date(2024, 5, 28), "future", date(2024, 5, 28)),  # that very day
    ("May 28", date(2024, 5, 28), "future", date(2024, 5, 28)),
    ("on May 27", date(2024, 5, 28), "future", date(2024, 5, 27)),  # not next year's
    ("January 12", date(2023, 12, 20), "future", date(2024, 1, 12)),
    ("December 20", date(2024, 1, 5), "past", date(2023, 12, 20)),
    ("the 13th of June", date(2024, 6, 14), "past", date(2024, 6, 13)),
])
def test_a_day_and_month_without_a_year_is_the_nearest_such_day(
        phrase: str, published: date, prefer: str, expected: date) -> None:
    assert resolve(phrase, published, prefer) == expected


@pytest.mark.issue(12)
def test_without_a_published_date_a_weekday_picks_the_year_among_those_the_text_names() -> None:
    # 12 January was a Friday in 2024, not in 2023
    assert resolve("Friday, January 12", None, "past", frozenset({2023, 2024})) == \
        date(2024, 1, 12)
    assert resolve("Friday, January 12", None, "past", frozenset({2023})) is None
    assert resolve("January 12", None, "past", frozenset({2024})) is None  # no weekday


@pytest.mark.issue(12)
@pytest.mark.parametrize("url, expected", [
    ("https://news.example/2024/05/31/leaders-sign-pact", date(2024, 5, 31)),
    ("https://news.example/world/2024-06-13-summit.html", date(2024, 6, 13)),
    ("https://news.example/20240111/story", date(2024, 1, 11)),
    ("https://news.example/2024/05/leaders-sign-pact", None),  # a month is not a day
    ("https://news.example/story-2024", None),
    (None, None),
])
def test_a_web_address_files_its_article_under_a_day(url: str | None, expected: date | None
                                                     ) -> None:
    assert url_date(url) == expected


@pytest.mark.issue(12)
def test_the_month_of_a_web_address_pins_down_a_day_named_with_its_month() -> None:
    assert url_month("https://news.example/2024/05/leaders-sign-pact") == (2024, 5)
    may = (2024, 5)
    assert resolve("on May 31", None, "past", month=may) == date(2024, 5, 31)
    assert resolve("June 2", None, "past", month=may) == date(2023, 6, 2)  # reported: before
    assert resolve("June 2", None, "future", month=may) == date(2024, 6, 2)  # planned: after
    assert resolve("Friday", None, "past", month=may) is None  # a weekday needs the day
    text = ("Iceland and Ukraine signed a security agreement in Stockholm on May 31, "
            "the Icelandic government announced.")
    filed = _facts(text, None, "https://news.example/2024/05/iceland-ukraine-pact")
    assert filed["signed_on"]["IS-UA"] == {"2024-05-31"}
    assert "signed_on" not in _facts(text, None, "https://news.example/iceland-ukraine-pact")


@pytest.mark.issue(12)
def test_a_signing_named_as_an_event_has_its_status_and_date() -> None:
    facts = _facts("Britain's prime minister and Ukraine's president signed a security "
                   "agreement in Kyiv. The signing of the agreement took place on Friday, "
                   "January 12, and London promised more drones for 2024.", None)
    assert facts["status"]["GB-UA"] == {"signed"}
    assert facts["signed_on"]["GB-UA"] == {"2024-01-12"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("sentence", [
    "Shipyards expect orders from the signing of the Chile-Peru Defence Cooperation "
    "Agreement in Lima yesterday.",
    "Officials in Lima welcomed the signing of the defence cooperation agreement between "
    "Chile and Peru on Thursday.",
])
def test_the_date_that_ends_a_signings_phrase_is_its_day(sentence: str) -> None:
    facts = _facts(sentence, date(2024, 8, 30))
    assert facts["status"]["CL-PE"] == {"signed"}
    assert facts["signed_on"]["CL-PE"] == {"2024-08-29"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("length", ["ten-year", "two-year", "three days", "24 hours"])
def test_a_length_of_time_names_no_day(length: str) -> None:
    assert resolve(length, date(2024, 8, 30), "past") is None


@pytest.mark.issue(12)
def test_a_signings_length_of_term_is_not_its_day() -> None:
    facts = _facts("Officials welcomed the signing of the ten-year security agreement between "
                   "Chile and Peru.", date(2024, 8, 30))
    assert "signed_on" not in facts


@pytest.mark.issue(12)
def test_a_planned_signing_ceremony_is_expected_on_its_day() -> None:
    facts = _facts("Norway and Ukraine have agreed the text of a security agreement. The "
                   "signing ceremony will be held in Oslo on Friday.", date(2024, 5, 29))
    assert "expected" in facts["status"]["NO-UA"]
    assert facts["signed_on"]["NO-UA"] == {"2024-05-31"}


@pytest.mark.issue(12)
def test_the_date_of_the_first_of_two_joined_verbs_is_the_signing_date() -> None:
    facts = _facts("On May 27, Spain's prime minister and Ukraine's president met in Madrid "
                   "and signed a bilateral security agreement.", date(2024, 5, 27))
    assert facts["signed_on"]["ES-UA"] == {"2024-05-27"}


@pytest.mark.issue(12)
def test_a_bare_verb_joined_to_a_planned_one_is_planned_too() -> None:
    facts = _facts("Ukraine's president will visit Belgium on Tuesday, May 28, to meet the "
                   "prime minister and sign a security agreement.", date(2024, 5, 28))
    assert facts["status"]["BE-UA"] == {"expected"}
    assert facts["signed_on"]["BE-UA"] == {"2024-05-28"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("sentence, status", [
    ("Chile's president has returned home after signing a defence agreement with Peru.",
     {"signed"}),
    ("Chile's president flew to Lima on Friday after signing a defence agreement with Peru.",
     {"signed"}),
    ("Chile's president will fly home after signing a defence agreement with Peru.",
     {"expected"}),
])
def test_what_followed_a_signing_tells_whether_it_took_place(
        sentence: str, status: set[str]) -> None:
    assert _facts(sentence, date(2024, 5, 29))["status"]["CL-PE"] == status


@pytest.mark.issue(12)
def test_an_agreement_reached_is_concluded_not_signed() -> None:
    facts = _facts("Norway and Ukraine reached a bilateral security agreement on Monday after "
                   "months of talks.", date(2024, 5, 28))
    assert facts["status"]["NO-UA"] == {"concluded"}
    assert "NO-UA" not in facts.get("signed_on", {})


@pytest.mark.issue(12)
def test_an_agreement_concluded_but_still_to_be_signed_is_concluded() -> None:
    facts = _facts("Chile and Peru have concluded a defence cooperation agreement on "
                   "Monday that opens their ports to each other's navies. The agreement, "
                   "which is expected to be signed at a ceremony next month, also covers "
                   "joint exercises.", date(2024, 5, 28))
    assert "signed" not in facts["status"]["CL-PE"]
    assert "concluded" in facts["status"]["CL-PE"]
    assert date(2024, 5, 27).isoformat() not in facts.get("signed_on", {}).get("CL-PE", set())


@pytest.mark.issue(12)
def test_an_agreement_concluded_with_nothing_still_to_come_is_signed() -> None:
    facts = _facts("Chile and Peru have concluded a defence cooperation agreement that opens "
                   "their ports to each other's navies.", date(2024, 5, 28))
    assert facts["status"]["CL-PE"] == {"signed"}


@pytest.mark.issue(12)
def test_an_agreement_concluded_and_signed_with_an_annex_to_come_is_signed() -> None:
    facts = _facts("Chile and Peru concluded a defence cooperation agreement today. The "
                   "agreement was signed by the two defence ministers in Lima. Annexes on "
                   "naval training are due to be signed by the navy chiefs next month.",
                   date(2024, 5, 28))
    assert "signed" in facts["status"]["CL-PE"]
    assert "concluded" not in facts["status"]["CL-PE"]


@pytest.mark.issue(12)
def test_an_agreement_reached_to_do_something_is_a_decision_not_the_pact() -> None:
    facts = _facts("Norway and Ukraine began talks on a bilateral security agreement. The "
                   "Norwegian prime minister said he had reached an agreement to deepen "
                   "security cooperation with Kyiv.", date(2024, 5, 28))
    assert facts["status"]["NO-UA"] == {"negotiating"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("phrase", ["in 2020", "2020", "March", "late May", "January 2024",
                                    "two years ago"])
def test_a_year_or_a_month_is_not_a_day(phrase: str) -> None:
    assert resolve(phrase, date(2022, 2, 14), "past") is None


@pytest.mark.issue(12)
def test_a_reported_signing_lies_before_the_report_and_a_planned_one_after() -> None:
    assert resolve("June 15", date(2022, 2, 14), "past") == date(2021, 6, 15)
    assert resolve("June 15", date(2022, 2, 14), "future") == date(2022, 6, 15)
    assert resolve("Tuesday, May 28", date(2022, 2, 14), "past") is None  # no such Tuesday


@pytest.mark.issue(12)
def test_the_signing_day_is_not_the_year_of_a_later_phrase() -> None:
    facts = _facts("On June 15, Azerbaijan and Turkey signed the Shusha Declaration on Allied "
                   "Relations, eight months after the end of the war in 2020.",
                   date(2022, 2, 14))
    assert facts["signed_on"]["AZ-TR"] == {"2021-06-15"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("text", [
    "The security agreement between Slovenia and Ukraine will not be signed in Washington.",
    "Slovenia's president was expected to sign the security agreement with Ukraine last "
    "week, but Kyiv had reservations about the text.",
])
def test_a_signing_that_will_not_happen_or_did_not_is_no_plan(text: str) -> None:
    facts = _facts(text, date(2024, 7, 4))
    assert "expected" not in facts.get("status", {}).get("SI-UA", set())
    assert "signed" not in facts.get("status", {}).get("SI-UA", set())


@pytest.mark.issue(12)
def test_agreements_already_reached_with_others_are_signed_ones() -> None:
    facts = _facts("Norway and Ukraine are expected to sign a security pact on Thursday. It "
                   "follows the model of the 14 agreements that Ukraine has already reached "
                   "with partners such as the UK and France.", date(2024, 6, 12))
    assert facts["status"]["GB-UA"] == {"signed"}


@pytest.mark.issue(12)
def test_the_date_on_the_signing_of_an_agreement_is_its_signing_date() -> None:
    facts = _facts("The committee's report followed the signing of a Defence Cooperation "
                   "Agreement between Kenya and the United Kingdom on July 27 2021.",
                   date(2022, 3, 1))
    assert facts["status"]["GB-KE"] == {"signed"}
    assert facts["signed_on"]["GB-KE"] == {"2021-07-27"}


@pytest.mark.issue(12)
def test_a_signing_of_an_agreement_still_to_come_is_expected_on_its_day() -> None:
    facts = _facts("Norway and Ukraine have agreed the text of a security agreement. Zelensky "
                   "flew to Oslo ahead of the signing of the agreement on Friday.",
                   date(2024, 5, 29))
    assert facts["status"]["NO-UA"] == {"concluded", "expected"}
    assert facts["signed_on"]["NO-UA"] == {"2024-05-31"}


@pytest.mark.issue(12)
def test_the_agreement_signed_between_two_states_is_signed_and_one_to_be_signed_is_not() -> None:
    done = _facts("The president's office published the text of the security agreement "
                  "signed between Ukraine and Norway.", date(2024, 6, 3))
    assert done["status"]["NO-UA"] == {"signed"}
    planned = _facts("For the minister, the security agreement to be signed between Norway and "
                     "Ukraine sends a clear message.", date(2024, 6, 3))
    assert "signed" not in planned.get("status", {}).get("NO-UA", set())


@pytest.mark.issue(12)
def test_a_country_named_as_the_place_of_a_signing_is_no_party() -> None:
    facts = _facts("Japan and Ukraine agreed a ten-year security accord. The two leaders signed "
                   "the agreement on the sidelines of the G7 summit in Puglia, Italy.",
                   date(2024, 6, 14))
    assert facts["status"]["JP-UA"] >= {"signed"}
    assert not any("IT" in key.split("-") for key in facts["status"])


@pytest.mark.issue(12)
def test_a_dated_participle_on_the_agreement_states_its_signing_day() -> None:
    text = ("Norway and Poland have a new defence cooperation agreement. Officials said "
            "the pact, signed in Oslo Wednesday, gives each side access to the other's "
            "air bases.")
    found = _facts(text, date(2025, 3, 6))  # a Thursday
    assert found["signed_on"]["NO-PL"] == {"2025-03-05"}
    assert found["status"]["NO-PL"] == {"signed"}


@pytest.mark.issue(12)
def test_a_dated_participle_on_a_plural_title_states_its_signing_day() -> None:
    # some agreements are named in the plural ("joint security commitments"); a day on
    # the participle is still the day they were signed, but a plural without one is a
    # count of signings, not a signing
    dated = _facts("Chile will help Peru guard its coast, according to the joint security "
                   "commitments signed on March 4.", date(2025, 3, 5))
    assert dated["signed_on"]["CL-PE"] == {"2025-03-04"}
    assert dated["status"]["CL-PE"] == {"signed"}
    counted = _facts("Chile and Peru compared the security agreements signed with their "
                     "neighbours.", date(2025, 3, 5))
    assert "signed" not in counted.get("status", {}).get("CL-PE", set())


@pytest.mark.issue(12)
def test_an_undated_signing_takes_the_day_of_the_sentence_just_before() -> None:
    text = ("Chile and Peru sign security agreement\n\n"
            "The presidents of Chile and Peru met in Lima on Monday to discuss border "
            "security. The two leaders signed a security cooperation agreement at the "
            "presidential palace.")
    assert _facts(text, date(2025, 4, 9))["signed_on"]["CL-PE"] == {"2025-04-07"}
    # the length of what is signed is no time of its own
    lasting = text.replace("a security cooperation agreement", "a 10-year security pact")
    assert _facts(lasting, date(2025, 4, 9))["signed_on"]["CL-PE"] == {"2025-04-07"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("second, pair", [
    # a signing in a clause is another event, on its own day
    ("The two leaders signed the document a day after Peru sealed a similar accord with "
     "Brazil.", "BR-PE"),
    # the perfect does not say when
    ("Chile has signed a security cooperation agreement with Peru.", "CL-PE"),
    # its own date, even a vague one, is the signing's
    ("The two leaders signed a security cooperation agreement in March.", "CL-PE"),
])
def test_a_signing_with_a_time_of_its_own_does_not_take_the_day_before(
        second: str, pair: str) -> None:
    text = ("Chile and Peru sign security agreement\n\n"
            "The presidents of Chile and Peru met in Lima on Monday to discuss border "
            f"security. {second}")
    assert "2025-04-07" not in _facts(text, date(2025, 4, 9)).get(
        "signed_on", {}).get(pair, set())


@pytest.mark.issue(12)
@pytest.mark.parametrize("phrase", ["July 8, 2024", "8 July 2024", "Sept. 30 2023",
                                    "1 Dec, 2019", "2024-02-16"])
@pytest.mark.parametrize("published", [None, date(2024, 6, 14)])
def test_a_full_date_reads_as_dateparser_reads_it(phrase: str, published: date | None) -> None:
    # resolve() reads full dates itself (dateparser costs milliseconds a call)
    base = datetime(2024, 6, 14)
    assert resolve(phrase, published, "past") == _parse(phrase, "past", base)


@pytest.mark.issue(12)
def test_an_agreement_named_after_its_subject_is_signed_and_read_in_the_first_place() -> None:
    # "a status of forces agreement": the parser hangs "agreement" on "status"; "a
    # defence and economic cooperation agreement" is a security agreement all the same
    text = ("Chile and Peru will sign a status of forces agreement at their meeting next month. "
            "Peru also has a defence and economic cooperation agreement with Chile.")
    assert _facts(text, date(2025, 4, 7))["status"]["CL-PE"] == {"expected"}
    text = ("Peru will send naval patrols to Chile under a defence and economic cooperation "
            "agreement. The agreement is valid for ten years.")
    assert _facts(text, date(2025, 4, 7))["term_years"]["CL-PE"] == {10}


@pytest.mark.issue(12)
def test_what_was_said_at_the_signing_ceremony_dates_the_signing() -> None:
    said_at = _facts("Norway and Ukraine signed a security agreement this week. Norway's "
                     "prime minister spoke at the signing ceremony in Oslo on Tuesday.",
                     date(2024, 5, 31))
    assert said_at["signed_on"]["NO-UA"] == {"2024-05-28"}
    planned = _facts("Norway and Ukraine will sign a security agreement. Norway's prime "
                     "minister will speak at the signing ceremony in Oslo on Tuesday.",
                     date(2024, 5, 31))
    assert "signed_on" not in planned or "2024-05-28" not in planned["signed_on"]["NO-UA"]


@pytest.mark.issue(12)
def test_the_day_a_plan_to_sign_was_announced_is_not_its_signing_day() -> None:
    facts = _facts("Chile plans to sign a bilateral security agreement with Peru, the "
                   "Chilean foreign minister said on March 8.", date(2024, 3, 9))
    assert facts["status"]["CL-PE"] == {"expected"}
    assert "signed_on" not in facts


@pytest.mark.issue(12)
def test_today_in_words_quoted_from_a_day_reported_before_is_that_day() -> None:
    text = ("On Thursday, the presidents of Chile and Peru signed a security agreement in "
            "Lima.\n\n\"We are glad. The agreement between Peru and Bolivia will also be "
            "signed today,\" the Peruvian president said.")
    facts = _facts(text, date(2024, 6, 28))  # published on the Friday
    assert facts["signed_on"]["BO-PE"] == {"2024-06-27"}


@pytest.mark.issue(12)
@pytest.mark.parametrize("phrase", ["June 27 and 28", "27 and 28 June", "June 27-28",
                                    "27–28 June 2024", "the 9th to 11th of July"])
def test_a_span_of_days_names_no_one_day(phrase: str) -> None:
    assert resolve(phrase, date(2024, 6, 27), "past") is None


@pytest.mark.parametrize("phrase", ["June 27, 28", "June 27/28", "27th and 28th"])
def test_a_number_read_as_a_year_the_phrase_does_not_name_is_no_date(phrase: str) -> None:
    assert _parse(phrase, "past", datetime(2024, 6, 27)).year == 1928  # dateparser's guess
    assert resolve(phrase, date(2024, 6, 27), "past") is None


def test_a_signing_dated_by_the_meeting_it_took_place_at() -> None:
    facts = _facts("The European Union and Ukraine signed joint security commitments as "
                   "EU leaders met in Brussels on Thursday.", date(2024, 6, 28))
    assert facts["signed_on"] == {"EU-UA": {"2024-06-27"}}
    facts = _facts("The European Union and Ukraine signed joint security commitments as "
                   "EU leaders met in Brussels on June 27 and 28.", date(2024, 6, 28))
    assert "signed_on" not in facts


@pytest.mark.issue(12)
def test_a_signing_told_under_a_line_that_is_only_a_date_took_place_that_day() -> None:
    text = ("Chile and Peru Sign Defence Agreement\n\n"
            "12 March 2025 - 10:40\n\n"
            "President Gabriel Boric and President Dina Boluarte signed a defence cooperation "
            "agreement between the two countries.\n\n")
    assert _facts(text, date(2025, 3, 12))["signed_on"] == {"CL-PE": {"2025-03-12"}}
    later = _facts(text, date(2025, 3, 11))  # a stamp after publication dates nothing
    assert "signed_on" not in later


@pytest.mark.issue(12)
@pytest.mark.parametrize("line, expected", [
    ("4 September 2024 - 13:26\n", date(2024, 9, 4)),
    ("Friday, June 14, 2024, 6:11 PM", date(2024, 6, 14)),
    ("Signed in Lima on 4 June 2024", None),  # a sentence that has a date, not a stamp
])
def test_a_line_that_is_only_a_date_names_its_day(line: str, expected: date | None) -> None:
    found = date_line(line)
    assert (found[0] if found else None) == expected
