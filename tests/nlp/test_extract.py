"""Extraction rules on short texts in our own words, with the real small model."""

from __future__ import annotations

from datetime import date

from extracting import claims_of as _claims
from pactwatch.records import Claim


def _provisions(claims: list[Claim]) -> dict[str, str]:
    return {c.value["kind"]: c.polarity for c in claims if c.predicate == "provision"}


def test_extract_negation_scope_marks_exclusions() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement on Monday. The agreement "
                     "does not include a mutual defence clause, but it covers training of "
                     "Ukrainian troops.")
    assert _provisions(claims) == {"mutual_defense": "excluded", "training": "included"}


def test_extract_modality_expected_and_hedged() -> None:
    claims = _claims("Norway and Ukraine are expected to sign a security agreement on "
                     "Friday. The agreement could be undone by a future government.")
    status = next(c for c in claims if c.predicate == "status")
    assert (status.value, status.modality) == ("expected", "expected")
    assert status.event_date == date(2024, 3, 8)
    binding = next(c for c in claims if c.predicate == "binding_on_successors")
    assert (binding.value, binding.modality) == (False, "hedged")


def test_extract_past_signing_resolves_back_in_time() -> None:
    claims = _claims("Norway and Ukraine signed a ten-year security agreement on Monday.")
    signed = next(c for c in claims if c.predicate == "signed_on")
    assert signed.value == "2024-03-04"
    term = next(c for c in claims if c.predicate == "term_years")
    assert term.value == 10


def test_extract_without_published_date_leaves_relative_dates_unresolved() -> None:
    claims = _claims("Norway and Ukraine signed a security agreement on Monday.", published=None)
    assert not [c for c in claims if c.predicate == "signed_on"]
    status = next(c for c in claims if c.predicate == "status")
    assert status.value == "signed" and status.event_date is None


def test_extract_nothing_from_a_text_that_never_speaks_of_a_security_agreement() -> None:
    assert _claims("Norway and Ukraine signed a contract for artillery shells on Monday. "
                   "The deal includes training for the crews.") == []


def test_extract_relay_gives_the_relayed_outlet_as_origin() -> None:
    claims = _claims("The security agreement between Norway and Ukraine includes "
                     "intelligence sharing, Reuters reported.")
    claim = next(c for c in claims if c.predicate == "provision")
    assert claim.origin == "Reuters"
    assert claim.attribution_kind == "outlet"


def test_extract_named_official_with_title() -> None:
    claims = _claims("Norwegian Prime Minister Jonas Gahr Store said the security agreement "
                     "with Ukraine includes training.")
    claim = next(c for c in claims if c.predicate == "provision")
    assert claim.attributed_to == "Jonas Gahr Store"
    assert claim.role == "Prime Minister"
    assert claim.attribution_kind == "official"


def test_extract_unnamed_sources() -> None:
    claims = _claims("The Norway-Ukraine security pact covers intelligence sharing, two "
                     "people familiar with the talks told Example Wire.")
    claim = next(c for c in claims if c.predicate == "provision")
    assert claim.attributed_to == "unnamed sources"
    assert claim.attribution_kind == "unnamed_sources"


def test_extract_text_without_agreements_yields_nothing() -> None:
    text = ("Shelling damaged a power station near Kharkiv overnight, regional officials said. "
            "Repair crews restored electricity to most homes by the afternoon, and the "
            "security situation in the city remained tense.")
    assert _claims(text) == []


def test_extract_is_deterministic() -> None:
    text = "Norway and Ukraine signed a 10-year security agreement on Monday in Oslo."
    assert [c.claim_id for c in _claims(text)] == [c.claim_id for c in _claims(text)]
