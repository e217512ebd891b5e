"""Who owes a provision to whom is read from the text for any pair of states: the side
it has receiving, aided, defended or attacked is the protected one, whichever of the two
it names more often or first, and whoever it has merely signing."""

from __future__ import annotations

import pytest

from extracting import claims_of
from extracting import subjects as _subjects
from pactwatch.records import Claim

pytestmark = pytest.mark.issue(12)


def _owed(claims: list[Claim]) -> dict[str, tuple[list[str], list[str]]]:
    return {c.value["kind"]: (c.value["obligors"], c.value["beneficiaries"])
            for c in claims if c.predicate == "provision"}


def test_the_state_that_receives_is_owed_though_the_text_names_it_first_and_most() -> None:
    owed = _owed(claims_of(
        "Moldova signs security agreement with Norway\n\n"
        "Moldova signed a ten-year security agreement with Norway on Tuesday. Under the "
        "agreement, Moldova will receive military equipment and training from Norway. The "
        "aid is meant to help Moldova defend itself against any attack on its territory."))
    assert owed["military_assistance"] == (["NO"], ["MD"])
    assert owed["training"] == (["NO"], ["MD"])


@pytest.mark.parametrize("sentence", [
    "Kenya will receive patrol boats from Japan under the agreement.",
    "Under the agreement Kenya will get military equipment from Japan.",
    "The agreement will help Kenya defend its coast with patrol boats from Japan.",
])
def test_the_subject_of_a_receiving_clause_is_owed_not_owing(sentence: str) -> None:
    owed = _owed(claims_of("Japan and Kenya signed a defence cooperation agreement on "
                           f"Monday. {sentence}"))
    assert owed["military_assistance"] == (["JP"], ["KE"])


def test_a_state_counted_among_those_that_signed_is_a_guarantor() -> None:
    claims = claims_of(
        "Georgia and Finland sign security pact\n\n"
        "Georgia and Finland signed a security agreement on Friday. Finland becomes the "
        "fourth country to sign such a deal, along with Estonia, Latvia and Lithuania. "
        "The agreement covers training and cyber defence.")
    assert _owed(claims)["training"] == (["FI"], ["GE"])
    # "along with" names others who signed the same kind of deal, not Finland's partners
    assert not any({"FI", "EE"} <= set(s) for s in _subjects(claims))


def test_a_state_that_only_signs_is_not_the_one_that_owes() -> None:
    owed = _owed(claims_of(
        "Britain will help Moldova defend itself against any aggression, the agreement "
        "says. Moldova has signed defence agreements with Britain that provide for "
        "training."))
    assert owed["training"] == (["GB"], ["MD"])
