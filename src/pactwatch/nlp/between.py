"""An agreement named by its parties in one phrase: "between Spain and Ukraine", "between
the two countries", "an agreement among Australia, Britain and the US"."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.mentions import Mention
from pactwatch.nlp.syntax import VERBAL, head_path


def codes_in(doc: Doc, ments: list[Mention], start: int, end: int,
              skip: tuple[int, int] | None = None) -> set[str]:
    out = set()
    for m in ments:
        if m.hostile or not (start <= m.start < end):
            continue
        if skip and skip[0] <= m.start < skip[1]:
            continue
        out.add(m.code)
    return out


# "between Spain and Ukraine"; "the Agreement Among the Government of Australia, ..."
_BETWEEN = frozenset({"between", "among", "amongst"})


def between(sent: Span, ments: list[Mention]) -> tuple[str, ...] | None:
    """"between Spain and Ukraine"; "between the two countries" when the sentence names
    exactly two parties ("Zelensky arrived in Spain, where an agreement will be signed
    between the two countries"); "an agreement among Australia, Britain and the US"."""
    for t in sent:
        if t.lower_ in _BETWEEN and t.dep_ == "prep" and not _compared(t) and (
                t.lower_ == "between" or _after_agreement(t)):
            # "between Brazil and Argentina, which drew Uruguay in": a relative clause
            # after the pair says something else about it
            # "between Ukraine and the EU and two others with Lithuania and Estonia":
            # a counted conjunct starts other agreements
            end = min([c.left_edge.i for c in sent.doc[t.i:t.right_edge.i + 1]
                       if c.dep_ in {"relcl", "acl"} or _counted_conjunct(c)]
                      + [t.right_edge.i + 1])
            codes = codes_in(sent.doc, ments, t.i, end)
            if t.lower_ != "between" and len(codes) < 3:
                # a long "among" list the parser broke up runs on to the next verb
                stop = next((w.i for w in sent.doc[t.i + 1:sent.end] if w.pos_ in VERBAL),
                            sent.end)
                codes = codes_in(sent.doc, ments, t.i, stop)
            if len(codes) >= 2:
                return tuple(sorted(codes))
            if _the_two(t):
                named = codes_in(sent.doc, ments, sent.start, sent.end)
                if len(named) == 2:
                    return tuple(sorted(named))
    return None


def _counted_conjunct(token: Token) -> bool:
    """"two others", "another": a conjunct that counts further agreements."""
    return token.dep_ == "conj" and (token.lower_ in {"other", "others", "another"}
                                     or any(c.dep_ == "nummod" for c in token.children))


def _after_agreement(prep: Token) -> bool:
    """"the Agreement Among the Government of ...", not "Among G7 members, Britain ..."."""
    return prep.i > 0 and (is_agreement_ref(prep.head) or is_agreement_ref(prep.doc[prep.i - 1]))


def _compared(between: Token) -> bool:
    """"a clause like the one in the treaty between ...": another agreement's parties."""
    comparing = vocab.cues().comparing_words
    return any(t.lower_ in comparing for t in head_path(between)[1:4])


def _the_two(between: Token) -> bool:
    """"between the two countries", "between both sides"."""
    objects = [c for c in between.children if c.dep_ == "pobj"]
    return any(o.lower_ in vocab.cues().participant_nouns and any(
        c.lower_ in {"two", "both"} for c in o.children) for o in objects)
