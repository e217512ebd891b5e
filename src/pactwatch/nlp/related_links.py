"""The links a page lists to its other stories ("Read more:", "Other Topics of Interest"),
which come along when an article is copied from the web: under such a heading, bullets and
headline lines are other articles, and nothing they say is about this one's agreement."""

from __future__ import annotations

import re
from functools import cache

from pactwatch import vocab

# A headline: a line of a few words that does not end like a sentence of prose.
_HEADLINE_MAX = 160
_PROSE_END = (".", "\"", "”", "?", "!", ":")
_BULLET = re.compile(r"\s*(?:[•▪●◦·*–-]|\d{1,2}[.)])\s")


@cache
def _heading() -> re.Pattern[str]:
    alternatives = "|".join(vocab.cues().related_links_headings)
    return re.compile(rf"^[^\S\n]*(?:{alternatives})[^\S\n]*$", re.I | re.M)


def linked_stories(text: str) -> list[tuple[int, int]]:
    """Character ranges of each such heading and of the link lines right under it; the
    first line of prose after them ends the block (a page may go on with the article)."""
    ranges = []
    for m in _heading().finditer(text):
        end = m.end()
        for line in re.finditer(r"[^\n]*\n?", text[m.end():]):
            body = line.group(0).strip()
            if not line.group(0):
                break
            if body and not _BULLET.match(line.group(0)) and (
                    len(body) > _HEADLINE_MAX or body.endswith(_PROSE_END)):
                break
            end = m.end() + line.end()
        ranges.append((m.start(), end))
    return ranges
