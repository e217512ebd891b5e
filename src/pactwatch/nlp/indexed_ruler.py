"""The model's attribute ruler, with its one-token patterns looked up instead of matched.

spaCy's ``AttributeRuler`` runs every pattern through the general ``Matcher``; in
``en_core_web_sm`` almost all of its 179 pattern groups are one token compared on a few
attributes (the tag map: ``{"TAG": "NN"}``; exceptions: ``{"TAG": "DT", "LOWER":
"this"}``), and the matcher spent about a tenth of the whole parse on them. Here such a
pattern is indexed by one of its exact values and checked on the token's attribute
array; the rest (several tokens, operators) still go through a ``Matcher``. The matches
are the same list the parent builds, sorted the same way, and the parent's
``set_annotations`` applies them, so every token ends with the same tag, POS, morph and
lemma (a test compares the two rulers token by token).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Attributes whose values are strings (compared by their hash) and flags (0 or 1).
STRING_ATTRS = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "SHAPE", "PREFIX",
                          "SUFFIX"})
ALIASES = {"TEXT": "ORTH"}
# The exact values a pattern is indexed by, the most selective first.
INDEX_BY = ("ORTH", "LOWER", "NORM", "TAG", "DEP")

Check = Callable[[int], bool]
# Distinct combinations of values remembered; a few thousand cover a large corpus.
SEEN_MAX = 200_000


Checks = list[tuple[str, Check]]
# A pattern as filed: its group, its length, the checks on its first token left after
# the lookup, and the checks on each later token.
Filed = tuple[int, int, Checks, list[Checks]]


class IndexedAttributeRuler(AttributeRuler):
    """An ``AttributeRuler`` whose plain patterns are found by lookup."""

    def __init__(self, vocab: Vocab, name: str = "attribute_ruler", **kwargs: Any) -> None:
        super().__init__(vocab, name, **kwargs)
        self._reset_index()

    def _reset_index(self) -> None:
        self._rest = Matcher(self.vocab, validate=self.validate)
        self._attrs_read: list[str] = []
        self._indexed: dict[tuple[str, int], list[Filed]] = defaultdict(list)
        self._unindexed: list[Filed] = []
        # the patterns whose first token passes, for each combination of values seen
        self._seen: dict[tuple[int, ...], tuple[Filed, ...]] = {}

    def clear(self) -> None:
        super().clear()
        self._reset_index()

    def add(self, patterns: Iterable[Any], attrs: dict[str, Any], index: int = 0) -> None:
        patterns = list(patterns)
        group = len(self.attrs)
        super().add(patterns, attrs, index)
        self._seen.clear()
        rest = []
        for pattern in patterns:
            compiled = _compiled(pattern, self.vocab)
            if compiled is None:
                rest.append(pattern)
                continue
            for attr, _ in (check for checks in compiled for check in checks):
                if attr not in self._attrs_read:
                    self._attrs_read.append(attr)
            self._file(group, compiled, pattern[0])
        if rest:
            self._rest.add(self.vocab.strings[str(group)], rest)

    def _file(self, group: int, compiled: list[Checks], first: dict[str, Any]) -> None:
        exact = {ALIASES.get(key.upper(), key.upper()): value
                 for key, value in first.items() if isinstance(value, str)}
        for attr in INDEX_BY:
            if attr in exact:
                rest = [check for check in compiled[0] if check[0] != attr]
                key = (attr, self.vocab.strings.add(exact[attr]))
                self._indexed[key].append((group, len(compiled), rest, compiled[1:]))
                return
        self._unindexed.append((group, len(compiled), compiled[0], compiled[1:]))

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found = {(int(self.vocab.strings[key]), key, start, end)
                 for key, start, end in (self._rest(doc, allow_missing=True, as_spans=False)
                                         if len(self._rest) else ())}
        if not self._attrs_read:
            return sorted(found)
        columns = doc.to_array([IDS[attr] for attr in self._attrs_read]).tolist()
        rows = [(value,) for value in columns] if len(self._attrs_read) == 1 else [
            tuple(row) for row in columns]
        keys = self.vocab.strings
        for i, row in enumerate(rows):
            for group, length, _, later in self._starting(row):
                if length == 1 or (i + length <= len(rows) and all(
                        self._passes(rows[i + k], checks)
                        for k, checks in enumerate(later, start=1))):
                    found.add((group, keys[str(group)], i, i + length))
        return sorted(found)

    def _starting(self, row: tuple[int, ...]) -> tuple[Filed, ...]:
        """The patterns whose first token a token with these values passes."""
        filed = self._seen.get(row)
        if filed is None:
            if len(self._seen) >= SEEN_MAX:
                self._seen.clear()
            values = dict(zip(self._attrs_read, row, strict=True))
            candidates = [entry for attr in INDEX_BY if attr in values
                          for entry in self._indexed.get((attr, values[attr]), ())]
            filed = self._seen[row] = tuple(
                entry for entry in candidates + self._unindexed
                if all(check(values[attr]) for attr, check in entry[2]))
        return filed

    def _passes(self, row: tuple[int, ...], checks: Checks) -> bool:
        values = dict(zip(self._attrs_read, row, strict=True))
        return all(check(values[attr]) for attr, check in checks)


def _compiled(pattern: list[dict[str, Any]], vocab: Vocab) -> list[Checks] | None:
    """Checks for each token of a pattern on plain attributes without operators, or
    None (for the matcher)."""
    compiled = []
    for token_pattern in pattern:
        if not token_pattern:
            return None
        checks = []
        for raw_key, wanted in token_pattern.items():
            attr = ALIASES.get(raw_key.upper(), raw_key.upper())
            if attr not in STRING_ATTRS and not attr.startswith("IS_"):
                return None
            check = _check(attr, wanted, vocab)
            if check is None:
                return None
            checks.append((attr, check))
        compiled.append(checks)
    return compiled or None


def _check(attr: str, wanted: Any, vocab: Vocab) -> Check | None:
    """One attribute's test on its array value, as the ``Matcher`` would make it."""
    if attr not in STRING_ATTRS:
        if isinstance(wanted, bool) or wanted in (0, 1):
            flag = int(wanted)
            return lambda value: value == flag
        return None
    if isinstance(wanted, str):
        target = vocab.strings.add(wanted)
        return lambda value: value == target
    if not isinstance(wanted, dict) or len(wanted) != 1:
        return None
    (operator, operand), = wanted.items()
    if operator in ("IN", "NOT_IN") and all(isinstance(v, str) for v in operand):
        members = frozenset(vocab.strings.add(v) for v in operand)
        if operator == "IN":
            return lambda value: value in members
        return lambda value: value not in members
    if operator == "REGEX" and isinstance(operand, str):
        regex = re.compile(operand)
        return lambda value: bool(regex.search(vocab.strings[value]))
    return None


@Language.factory("pactwatch_attribute_ruler_v1")
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name)
