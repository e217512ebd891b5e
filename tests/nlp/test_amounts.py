"""Money amounts: value in whole units, ISO currency (the payer's for shared names),
and the period written after the figure."""

from __future__ import annotations

import pytest

from pactwatch.nlp.amounts import find_amounts


@pytest.mark.parametrize(("text", "payer", "expected"), [
    ("France will provide €3 billion this year.", "FR", (3e9, "EUR", "2024")),
    ("Copenhagen set aside 69.1 billion kroner for the fund.", "DK", (69.1e9, "DKK", None)),
    ("Oslo set aside 69.1 billion kroner for the fund.", "NO", (69.1e9, "NOK", None)),
    ("Washington offered $1.8bn over ten years.", "US", (1.8e9, "USD", "10y")),
    ("Ottawa pledged 3.02 billion Canadian dollars in 2024.", None, (3.02e9, "CAD", "2024")),
    ("Ottawa pledged $3.02 billion.", "CA", (3.02e9, "CAD", None)),
    ("Ottawa pledged C$500m a year.", "CA", (5e8, "CAD", "annual")),
    ("The fund holds NOK 75bn over the next five years.", "NO", (75e9, "NOK", "5y")),
    ("London will give £2.5 billion for 2024.", "GB", (2.5e9, "GBP", "2024")),
    ("Tokyo offered 4.5 billion yen.", "JP", (4.5e9, "JPY", None)),
    ("Berlin promised two billion euros over a decade.", "DE", (2e9, "EUR", "10y")),
])
def test_amounts_value_currency_period(text: str, payer: str | None,
                                       expected: tuple[float, str, str | None]) -> None:
    [amount] = find_amounts(text, payer, 2024)
    assert (amount.value, amount.currency, amount.period) == expected


def test_amounts_span_covers_the_written_figure() -> None:
    text = "Ottawa pledged 3.02 billion Canadian dollars in 2024."
    [amount] = find_amounts(text, "CA", 2024)
    assert text[amount.start:amount.end] == "3.02 billion Canadian dollars"


def test_amounts_ignore_counts_that_are_not_money() -> None:
    assert find_amounts("Some 2,000 troops and 5 million people were affected.") == []


def test_amounts_keep_each_figure_with_its_own_period() -> None:
    found = find_amounts("It pledged €1 billion in 2024 and €3 billion over ten years.",
                         "DE", 2024)
    assert [(a.value, a.period) for a in found] == [(1e9, "2024"), (3e9, "10y")]


def test_amounts_without_a_published_year_leave_this_year_unresolved() -> None:
    [amount] = find_amounts("It pledged €1 billion this year.", "DE", None)
    assert amount.period is None
