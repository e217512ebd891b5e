"""Party mentions: names, abbreviations, demonyms and capitals resolved to codes.

Codes are ISO 3166-1 alpha-2 (from pycountry) plus the bodies in parties.yaml
(EU, NATO, G7). Aliases are matched case-sensitively as whole words so that the
pronoun "us" never reads as the United States. Strings listed as ambiguous are taken
only where parties.yaml names them as an alias or demonym on purpose, never from
pycountry's names or as capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from pactwatch import vocab
from pactwatch.nlp.literals import trie_alternation


@dataclass(frozen=True)
class PartyMatch:
    code: str
    start: int
    end: int
    text: str
    form: str  # name | demonym | capital | person (a place's name is never a match)


class PartyResolver:
    """Maps alias strings to party codes and finds them in text."""

    def __init__(self) -> None:
        data = vocab.parties()
        ambiguous = set(data.ambiguous)
        forms: dict[str, tuple[str, str]] = {}
        acting: dict[str, str] = {}  # ambiguous capitals, a party only as one that acts
        # Ambiguous country names ("Chad", "Jordan") count only listed with other states.
        listed_only: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if name and "," not in name and name not in ambiguous:
                    forms.setdefault(name, (country.alpha_2, "name"))
                elif name and "," not in name:
                    listed_only.setdefault(name, country.alpha_2)
        for table in (data.parties, data.organisations):
            for code, party in table.items():
                forms[party.name] = (code, "name")
                for alias in party.aliases:
                    forms[alias] = (code, "name")
                for demonym in party.demonyms:
                    forms[demonym] = (code, "demonym")
                for capital in party.capitals:
                    if capital not in ambiguous:  # "Vilnius" mostly names a summit
                        forms[capital] = (code, "capital")
                    elif " " not in capital:
                        acting[capital] = code
        for code, listed in vocab.demonyms().items():
            for demonym in listed:
                if demonym not in ambiguous:
                    forms.setdefault(demonym, (code, "demonym"))
        for place in data.places:  # "the South China Sea" names no party
            forms[place] = ("", "place")
        for code, names in data.people.items():
            for name in names:
                forms.setdefault(name, (code, "person"))
        self._forms = forms
        self.acting_capitals = acting
        self._names = {code: p.name for t in (data.parties, data.organisations)
                       for code, p in t.items()}
        self.non_signatories = frozenset(
            code for t in (data.parties, data.organisations)
            for code, p in t.items() if not p.signs_agreements)
        # The longest name wins ("Republic of Korea" over "Korea"). A trailing dot is part
        # of "U.S." but must not swallow a sentence's full stop.
        self._pattern = re.compile(rf"(?<![\w])(?:{trie_alternation(list(forms))})(?![\w])")
        self._listed_only = {n: c for n, c in listed_only.items() if n not in forms}
        self._listed_pattern = re.compile(
            rf"(?<![\w])(?:{trie_alternation(list(self._listed_only))})(?![\w])") \
            if self._listed_only else None

    def find(self, text: str) -> list[PartyMatch]:
        matches = []
        for m in self._pattern.finditer(text):
            code, form = self._forms[m.group(0)]
            if form != "place":
                matches.append(PartyMatch(code, m.start(), m.end(), m.group(0), form))
        if self._listed_pattern is not None and matches:
            matches = sorted(matches + self._listed_with_others(text, matches),
                             key=lambda m: m.start)
        return matches

    def _listed_with_others(self, text: str, found: list[PartyMatch]) -> list[PartyMatch]:
        """Ambiguous names in a list with states already found ("Mali, Chad and Niger"):
        a comma, "and" or "or" between them and a state's name on either side."""
        assert self._listed_pattern is not None
        states = [m for m in found if m.form == "name"]
        out = []
        for m in self._listed_pattern.finditer(text):
            if any(_LIST_GAP.fullmatch(text[s.end:m.start()]) for s in states
                   if 0 <= m.start() - s.end <= 6) or any(
                    _LIST_GAP.fullmatch(text[m.end():s.start]) for s in states
                    if 0 <= s.start - m.end() <= 6):
                out.append(PartyMatch(self._listed_only[m.group(0)], m.start(), m.end(),
                                      m.group(0), "name"))
        return out

    def code(self, alias: str) -> str | None:
        """The code of an alias or a code itself ("U.S." → US, "ua" → UA)."""
        hit = self._forms.get(alias.strip())
        if hit:
            return hit[0]
        upper = alias.strip().upper()
        if upper in self._names or pycountry.countries.get(alpha_2=upper):
            return upper
        return None

    def name(self, code: str) -> str:
        if code in self._names:
            return self._names[code]
        country = pycountry.countries.get(alpha_2=code)
        return getattr(country, "common_name", None) or (country.name if country else code)


# What stands between two names of a list: "Mali, Chad", "Chad and Niger", "Chad or".
_LIST_GAP = re.compile(r",\s*(?:and |or )?|\s+(?:and|or)\s+")


@cache
def resolver() -> PartyResolver:
    return PartyResolver()
