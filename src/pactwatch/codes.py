"""Codes given by people (options, query parameters) checked against the vocabularies.

A party is accepted as the store writes it (``UA``), in any case, as an ISO 3166 alpha-3
code or a country name pycountry knows (``FRA``, ``france``), or as a name or alias from
``parties.yaml`` (``Ukraine``, ``EU``, ``Britain``). An unknown one is refused with the
nearest known code, so a typo never reads as "no agreements".
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from functools import cache

import pycountry

from pactwatch import vocab

# How alike (difflib's ratio) a near miss must be to be offered as "did you mean".
_CUTOFF = 0.8


class UnknownCode(ValueError):
    """A value outside its vocabulary; the message is one line, with a suggestion."""


@cache
def _party_forms() -> dict[str, str]:
    """Every accepted spelling, case-folded, to the code the store uses."""
    forms: dict[str, str] = {}
    data = vocab.parties()
    for table in (data.parties, data.organisations):
        for code, party in table.items():
            for form in (code, party.name, *party.aliases, *party.demonyms, *party.capitals):
                forms.setdefault(form.casefold(), code)
    for country in pycountry.countries:
        for attr in ("alpha_2", "alpha_3", "name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                forms.setdefault(value.casefold(), country.alpha_2)
    return forms


def party_name(code: str) -> str:
    from pactwatch.nlp.parties import resolver

    return resolver().name(code)


def party(value: str) -> str:
    """The store's code for a party given as a code, an alpha-3 code, a name or an alias."""
    text = " ".join(value.split())
    code = _party_forms().get(text.casefold())
    if code is not None:
        return code
    near = _nearest(text, _party_forms())
    hint = f"; did you mean {near} ({party_name(near)})?" if near else \
        " (give an ISO 3166 code or country name such as UA or Ukraine, or EU, NATO, G7)"
    raise UnknownCode(f"unknown party {value!r}{hint}")


def parties(values: Iterable[str]) -> list[str]:
    return [party(v) for v in values]


def choice(value: str, allowed: Iterable[str], what: str) -> str:
    """``value`` if it is one of ``allowed`` (any case), else UnknownCode naming them."""
    known = {a.casefold(): a for a in allowed}
    found = known.get(value.strip().casefold())
    if found is not None:
        return found
    near = _nearest(value, known)
    hint = f"did you mean {near}?" if near else f"expected one of {', '.join(known.values())}"
    raise UnknownCode(f"unknown {what} {value!r}; {hint}")


def _nearest(value: str, forms: Mapping[str, str]) -> str | None:
    """The code of the spelling closest to ``value``, if one is close enough."""
    close = difflib.get_close_matches(value.strip().casefold(), list(forms), n=1,
                                      cutoff=_CUTOFF)
    return forms[close[0]] if close else None
