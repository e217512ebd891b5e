"""A cheap test that a cue pattern cannot match a text, so its scan can be skipped.

Every cue pattern starts with a look-behind, which keeps Python's ``re`` from using its
literal prefix search: each of the ~170 patterns steps through the whole text position
by position, and that scan was a tenth of the extraction's time. Most patterns need a
word that most texts lack ("demining", "nuclear", "interoperab"), so each pattern is
read once for the literal strings every match must contain one of; a text that
lacks them (case-folded, as ``re.IGNORECASE`` folds) cannot match, and a plain
substring test says so at C speed. The screen never changes a result: a pattern whose
literals cannot be worked out is always scanned.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

try:  # the parser behind re.compile; private, so its absence only turns the screen off
    _sre: Any = importlib.import_module("re._constants")
    _sre_parse: Any = importlib.import_module("re._parser")
    _EXTRA_CASES: dict[int, tuple[int, ...]] = importlib.import_module(
        "re._casefix")._EXTRA_CASES
except (ImportError, AttributeError):  # pragma: no cover - another Python
    _sre = _sre_parse = None
    _EXTRA_CASES = {}

# Characters that re.IGNORECASE treats as one letter but str.lower() keeps apart ("ſ"
# and "s", "ı" and "i", "İ" whose lower() is two characters): each class folds to one.
_BEFORE_LOWER = str.maketrans({"\u0130": "i"})
_AFTER_LOWER = str.maketrans({
    chr(code): chr(min([code, *others]))
    for code, others in _EXTRA_CASES.items()
})


def fold(text: str) -> str:
    """``text`` case-folded the way ``re.IGNORECASE`` compares letters."""
    return text.translate(_BEFORE_LOWER).lower().translate(_AFTER_LOWER)


Literals = frozenset[str]
# Shorter literals (" ", "a") are in nearly every text: not worth a test.
_TELLING = 3


def _minimal(found: set[str]) -> Literals:
    """Drops each literal that holds a shorter one: a text holding it holds that one."""
    return frozenset(s for s in found if not any(o != s and o in s for o in found))


def _all_required(items: list[tuple[Any, Any]]) -> list[Literals]:
    """Literal sets of this sequence of parsed items: every match contains a member of
    each (a literal run, a group, a repeated item, the union of a branch's sets)."""
    found: list[Literals] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            found.append(frozenset({fold("".join(run))}))
            run = []
        if op is _sre.SUBPATTERN:
            found.extend(_all_required(list(av[-1])))
        elif op is _sre.ATOMIC_GROUP:
            found.extend(_all_required(list(av)))
        elif op is _sre.BRANCH:
            branches = [_best(_all_required(list(alt))) for alt in av[1]]
            if None not in branches:
                found.append(_minimal({s for b in branches if b for s in b}))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, item = av
            if low >= 1:
                found.extend(_all_required(list(item)))
    return [s for s in found if min(map(len, s), default=0) >= _TELLING]


def _best(sets: list[Literals]) -> Literals | None:
    """The most telling set: longest shortest member, then fewest members."""
    return max(sets, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def required_literals(pattern: re.Pattern[str]) -> tuple[Literals, ...]:
    """Sets of case-folded strings: every match of ``pattern`` contains a member of each.
    Empty when none can be worked out (then the pattern is always scanned); the most
    telling sets come first, so a failing text is turned away early."""
    if _sre_parse is None:
        return ()
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # noqa: BLE001 - the screen is an optimisation, never an error
        return ()
    found = set(_all_required(list(parsed)))
    return tuple(sorted(found, key=lambda s: (-min(map(len, s)), len(s), sorted(s))))


@dataclass(frozen=True)
class ScreenedPattern:
    """A compiled pattern with the literals one of which its every match contains."""

    pattern: re.Pattern[str]
    literals: tuple[Literals, ...]

    @classmethod
    def of(cls, pattern: re.Pattern[str]) -> ScreenedPattern:
        return cls(pattern, required_literals(pattern))

    def finditer(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``; ``folded`` is ``fold(text)``."""
        return self.pattern.finditer(text) if _holds(self.literals, folded) else iter(())


@cache
def _literals_of(pattern: re.Pattern[str]) -> tuple[Literals, ...]:
    return required_literals(pattern)  # patterns are compiled once per process


def may_match(pattern: re.Pattern[str], folded: str) -> bool:
    """False when ``pattern`` cannot match a text whose ``fold`` is ``folded``."""
    return _holds(_literals_of(pattern), folded)


def _holds(literals: tuple[Literals, ...], folded: str) -> bool:
    return all(any(s in folded for s in required) for required in literals)


def trie_alternation(strings: list[str]) -> str:
    """A regular expression for "any of ``strings``" that prefers the longest, like the
    alternation of them sorted longest first, but shaped as a prefix tree: ``re`` tries
    alternatives one by one, so thousands of names in a flat alternation are thousands
    of tries at every position, and in a tree a handful."""
    trie: dict[str, dict] = {}
    for s in strings:
        if not s:
            continue
        node = trie
        for char in s:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(char) + _node_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:  # the string may stop here: try the longer ones first, then stop
        return f"(?:{body})?"
    return body
