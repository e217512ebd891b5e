"""A correction's field and value are checked like extracted values before anything is
stored, and come out as the value a claim of that field holds."""

from __future__ import annotations

import pytest

from pactwatch.review.values import BadCorrection, check


@pytest.mark.parametrize("field, value, predicate, stored", [
    ("signed_on", "2024-06-13", "signed_on", "2024-06-13"),
    ("Signed_On", " 2024-06-13 ", "signed_on", "2024-06-13"),
    ("term_years", "10", "term_years", 10),
    ("status", "in force", "status", "in_force"),
    ("binding_on_successors", "No", "binding_on_successors", False),
    ("venue", "G7 summit in Apulia", "venue", {"event": "G7 summit", "place": "Apulia"}),
    ("framework", "g7-joint-declaration-2023", "framework",
     "G7 Joint Declaration of Support for Ukraine (Vilnius, 12 July 2023)"),
    ("order_number", "16", "order_number", 16),
])
def test_values_are_stored_as_claims_hold_them(field: str, value: str, predicate: str,
                                               stored: object) -> None:
    checked = check(field, value)

    assert (checked.predicate, checked.value) == (predicate, stored)


def test_values_a_provision_takes_a_polarity() -> None:
    checked = check("provision:Training", "Excluded")

    assert (checked.field, checked.predicate, checked.polarity) == (
        "provision:training", "provision", "excluded")


@pytest.mark.parametrize("field, value, message", [
    ("sgned_on", "2024-06-13", "did you mean signed_on?"),
    ("signed_on", "13 June", "is not a date"),
    ("term_years", "0", "is not a whole number from 1 to 100"),
    ("status", "sined", "did you mean signed?"),
    ("provision:trainig", "excluded", "did you mean training?"),
    ("provision:", "excluded", "needs a kind"),
    ("title", "   ", "the value is empty"),
])
def test_values_a_bad_one_is_refused_with_the_reason(field: str, value: str,
                                                    message: str) -> None:
    with pytest.raises(BadCorrection, match=message):
        check(field, value)
