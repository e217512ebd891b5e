"""Money amounts in a sentence: value in whole units, ISO 4217 currency, period.

"€3 billion this year", "69.1 billion kroner", "$1.8bn over ten years", "3.02 billion
Canadian dollars", "NOK 75bn". Currency names shared by several countries ("dollars",
"kroner", "$") take the paying party's currency; the lexicon is ``currencies.yaml``.
The figure pactwatch stores is the one written: "up to", "more than" and "about" are
kept in the claim's sentence, not folded into the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel

from pactwatch import vocab
from pactwatch.errors import BadDataFile


class AmbiguousCurrency(BaseModel):
    default: str
    by_party: dict[str, str] = {}


class Currencies(BaseModel):
    version: int
    symbols: dict[str, str]
    words: dict[str, str]
    adjectives: dict[str, str]
    ambiguous: dict[str, AmbiguousCurrency]
    scales: dict[str, int]


@dataclass(frozen=True)
class Amount:
    value: float
    currency: str
    period: str | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        value: float | int = int(self.value) if self.value.is_integer() else self.value
        return {"value": value, "currency": self.currency, "period": self.period}


@cache
def currencies() -> Currencies:
    text = resources.files("pactwatch.data").joinpath("currencies.yaml").read_text("utf-8")
    try:
        return Currencies.model_validate(yaml.safe_load(text))
    except Exception as exc:  # a YAML or validation error, named by its first line
        raise BadDataFile("currencies.yaml", str(exc).splitlines()[0]) from None


def _symbol_pattern(symbol: str) -> str:
    escaped = re.escape(symbol)
    return rf"(?<![A-Za-z]){escaped}" if symbol[-1].isalpha() else escaped


@cache
def _pattern() -> re.Pattern[str]:
    table = currencies()
    symbols = sorted([*table.symbols, *(s for s in table.ambiguous if not s[0].isalpha())],
                     key=len, reverse=True)
    words = [*table.words, *(w for w in table.ambiguous if w[0].isalpha())]
    number_words = "|".join(sorted(vocab.cues().number_words, key=len, reverse=True))
    number = rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{number_words})"
    scale = "(?:" + "|".join(table.scales) + ")"
    adjective = "(?:" + "|".join(re.escape(a) for a in table.adjectives) + ")"
    prefixed = (rf"(?P<sym>{'|'.join(_symbol_pattern(s) for s in symbols)})\s?{number}"
                rf"(?:[\s-]?(?P<scale>{scale})\b)?")
    suffixed = (rf"\b{number.replace('num', 'num2')}(?:\s?(?P<scale2>{scale}))?\s"
                rf"(?:(?P<adj>{adjective})\s)?(?P<word>{'|'.join(words)})\b")
    return re.compile(f"{prefixed}|{suffixed}", re.IGNORECASE)


_CONVERSION = re.compile(r"\s*[,(]?\s*(?:about|roughly|around|approximately|some|or|nearly|"
                         r"almost|equal to|equivalent to|worth)?\s*", re.I)
_THIS_YEAR = re.compile(r"\b(?:this|the current) year\b", re.I)
_IN_YEAR = re.compile(r"\b(?:in|for|during|through|until|by) (?P<year>20\d\d)\b", re.I)
_SPAN = re.compile(r"\bover (?:the )?(?:next |coming |following )?(?:(?P<n>\d+|\w+) years"
                   r"|(?P<decade>a decade|decade))\b", re.I)
_ANNUAL = re.compile(r"\b(?:a|per|each|every) year\b|\bannually\b|\byearly\b", re.I)
_PERIOD_WINDOW = 80


def find_amounts(text: str, payer: str | None = None,
                 year: int | None = None) -> list[Amount]:
    """Every amount in ``text`` (a sentence), in order, with its period where one
    follows it within the sentence."""
    found: list[Amount] = []
    table = currencies()
    for m in _pattern().finditer(text):
        if found and _CONVERSION.fullmatch(text[found[-1].end:m.start()]):
            continue  # "SEK 75 billion (about €6.5 billion)": the same money, converted
        number = m.group("num") or m.group("num2")
        value = _number(number)
        scale_word = m.group("scale") or m.group("scale2")
        if scale_word:
            value = round(value * scale(scale_word), 2)
        if m.group("sym"):
            currency = _currency_of(m.group("sym"), table.symbols, payer, None)
        else:
            currency = _currency_of(m.group("word"), table.words, payer, m.group("adj"))
        if currency is None or value <= 0:
            continue
        period = _period(text[m.end():m.end() + _PERIOD_WINDOW], year)
        found.append(Amount(value, currency, period, m.start(), m.end()))
    return found


def _number(text: str) -> float:
    words = vocab.cues().number_words
    if text.lower() in words:
        return float(words[text.lower()])
    return float(text.replace(",", ""))


def scale(text: str) -> int:
    """The multiplier of a scale word ("billion", "bn", "m"); 1 when unknown."""
    for pattern, factor in currencies().scales.items():
        if re.fullmatch(pattern, text, re.I):
            return factor
    return 1


def _currency_of(token: str, table: dict[str, str], payer: str | None,
                 adjective: str | None) -> str | None:
    currencies_ = currencies()
    if adjective:
        for name, code in currencies_.adjectives.items():
            if name.lower() == adjective.lower():
                return code
    for pattern, code in table.items():
        if pattern.lower() == token.lower() or (
                pattern[0].isalpha() and re.fullmatch(pattern, token, re.I)):
            return code
    for pattern, choice in currencies_.ambiguous.items():
        if pattern == token or (pattern[0].isalpha() and re.fullmatch(pattern, token, re.I)):
            return choice.by_party.get(payer or "", choice.default)
    return None


def _period(after: str, year: int | None) -> str | None:
    """The period written just after an amount: a year, a span of years, or annual."""
    cut = re.split(r"[;]|\band\b[^.]*?[$€£¥]", after, maxsplit=1)[0]
    if m := _IN_YEAR.search(cut):
        return m.group("year")
    if _THIS_YEAR.search(cut):
        return str(year) if year else None
    if m := _SPAN.search(cut):
        if m.group("decade"):
            return "10y"
        n = m.group("n")
        words = vocab.cues().number_words
        count = int(n) if n.isdigit() else words.get(n.lower())
        return f"{count}y" if count else None
    if _ANNUAL.search(cut):
        return "annual"
    return None
