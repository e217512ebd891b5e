"""The literal screen and the prefix-tree alternation are speed-ups only: they must find
exactly what the plain patterns find."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pactwatch import vocab
from pactwatch.nlp.literals import ScreenedPattern, fold, required_literals, trie_alternation

CUE_PATTERNS = [ScreenedPattern.of(p) for kind in vocab.provision_kinds()
                for p in kind.patterns()]
# Words every cue pattern needs, in several cases, and letters re.IGNORECASE folds
# together although str.lower() does not.
PIECES = sorted({s for p in CUE_PATTERNS for required in p.literals for s in required}
                | {"Ukraine", "will", "the", "of", "and", "to", "s", "i", "k"})
ODD_LETTERS = ["ſ", "ı", "İ", "\u212a", "’", "-", "'"]


def _spans(matches: object) -> list[tuple[int, int]]:
    return [m.span() for m in matches]  # type: ignore[attr-defined]


def test_a_pattern_without_telling_literals_is_always_scanned() -> None:
    screened = ScreenedPattern.of(re.compile(r"[$€]\s?\d+ ?(?:bn|m)\b"))
    assert screened.literals == ()
    assert _spans(screened.finditer("It gave €3 bn.", fold("It gave €3 bn."))) == [(8, 13)]


def test_literals_are_what_every_match_needs() -> None:
    pattern = re.compile(r"(?<![\w-])(?:commit|pledge)s? to (?:train|arm)ing", re.I)
    assert frozenset({"commit", "pledge"}) in required_literals(pattern)
    assert frozenset({" to "}) in required_literals(pattern)
    optional = re.compile(r"(?:new )?reconstruction", re.I)
    assert required_literals(optional) == (frozenset({"reconstruction"}),)


def test_a_text_without_the_literals_is_never_scanned() -> None:
    screened = ScreenedPattern.of(re.compile(r"(?<![\w-])demining(?![\w])", re.I))
    assert list(screened.finditer("Talks on air defence.", fold("Talks on air defence."))) == []
    text = "Help with DEMINING was agreed."
    assert _spans(screened.finditer(text, fold(text))) == [(10, 18)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.sampled_from(ODD_LETTERS)
                | st.sampled_from([" ", "  ", "\n"]), max_size=40),
       st.booleans())
def test_screened_cues_find_what_the_plain_cues_find(pieces: list[str], upper: bool) -> None:
    text = "".join(pieces)
    text = text.upper() if upper else text
    folded = fold(text)
    for screened in CUE_PATTERNS:
        assert _spans(screened.finditer(text, folded)) == _spans(
            screened.pattern.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("abAB .", min_size=1, max_size=6), min_size=1, max_size=12),
       st.text("abAB .x", max_size=40))
def test_the_prefix_tree_prefers_the_longest_name_like_a_sorted_alternation(
        names: list[str], text: str) -> None:
    flat = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    plain = re.compile(rf"(?<![\w])(?:{flat})(?![\w])")
    tree = re.compile(rf"(?<![\w])(?:{trie_alternation(names)})(?![\w])")
    assert [m.group(0) for m in tree.finditer(text)] == [
        m.group(0) for m in plain.finditer(text)]
    assert _spans(tree.finditer(text)) == _spans(plain.finditer(text))


def test_screened_cues_find_what_the_plain_cues_find_in_the_seed_articles(
        seeds_dir: Path) -> None:
    found = 0
    for article in sorted(seeds_dir.glob("*.txt")):
        text = article.read_text(encoding="utf-8")
        folded = fold(text)
        for screened in CUE_PATTERNS:
            spans = _spans(screened.pattern.finditer(text))
            assert _spans(screened.finditer(text, folded)) == spans
            found += len(spans)
    assert found > 20
