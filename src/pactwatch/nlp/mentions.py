"""Party mentions in a document, each flagged where it names no party of an agreement
here: an aggressor or target ("a Russian attack"), a place ("signed in Kyiv"), a body its
signers belong to ("the two NATO and EU allies") or one a sentence leaves out ("every G7
member except Japan")."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from pactwatch import vocab
from pactwatch.nlp.components import PARTIES, PARTY_FORMS
from pactwatch.nlp.parties import resolver
from pactwatch.nlp.syntax import coordination_top, names_membership


@cache
def _hostile() -> frozenset[str]:
    return frozenset(vocab.cues().hostile_nouns)


@dataclass(frozen=True)
class Mention:
    code: str
    start: int  # token indices
    end: int
    hostile: bool  # not a party here: an aggressor or target, a place, a framework
    form: str = "name"  # name | demonym | capital | person
    frame: bool = False  # a framework body or a place: still owns what it modifies
    excepted: bool = False  # left out of what the sentence says ("all G7 except Japan")


def mentions(doc: Doc) -> list[Mention]:
    """Party mentions, each flagged when it names an aggressor or target, not a party."""
    out = []
    forms = doc.user_data.get(PARTY_FORMS, {})
    for span in doc.spans[PARTIES]:
        form = forms.get((span.start, span.end), "name")
        frame = span.label_ in resolver().non_signatories or (
            form == "capital" and _is_place(span)) or _in_a_place(span) \
            or names_membership(span)
        excepted = _excepted(span)
        out.append(Mention(span.label_, span.start, span.end,
                           _is_hostile(span) or frame or excepted, form, frame, excepted))
    return out


def _is_place(span: Span) -> bool:
    """A capital named as the place of something ("a summit in Washington", "signed in
    Kyiv", "the Washington summit"), not as its government ("Washington will ...")."""
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ in {"in", "at", "from", "to", "near", "outside"}:
        return True
    return root.dep_ in {"compound", "nmod"} and root.head.lower_ in _places()


def _in_a_place(span: Span) -> bool:
    """A country named as where something happens, after the town or venue it is in
    ("in Puglia, Italy", "at the summit in Italy"), not as a government."""
    root = span.root
    if root.dep_ == "appos" and root.head.dep_ == "pobj" \
            and root.head.head.lower_ in {"in", "at", "near", "outside"}:
        return True  # "in Puglia, Italy"
    return root.dep_ == "pobj" and root.head.lower_ in {"in", "at"} \
        and root.head.head.lower_ in _places()  # "the summit in Italy"


def _excepted(span: Span) -> bool:
    """A party a sentence leaves out ("all of the G7 countries except Japan and the US")."""
    root = coordination_top(span.root)
    if root.dep_ != "pobj":
        return False
    prep = root.head
    before = span.doc[prep.i - 1].lower_ if prep.i > 0 else ""
    return prep.lower_ in vocab.cues().exception_words \
        or f"{before} {prep.lower_}" in vocab.cues().exception_words


@cache
def _places() -> frozenset[str]:
    return frozenset(vocab.cues().venue["event_nouns"])


def _is_hostile(span: Span) -> bool:
    hostile = _hostile()
    root = span.root
    if any(t.lower_ in hostile for t in span):  # "Russia-Ukraine war" as one token
        return True
    head = root.head
    if root.dep_ in {"amod", "poss", "compound", "nmod"} and head.lower_ in hostile:
        return True
    if root.dep_ in {"nsubj", "nsubjpass"} and (
            head.lemma_ in vocab.cues().hostile_verbs
            or any(c.dep_ == "dobj" and c.lower_ in hostile for c in head.children)):
        return True  # "Should Russia attack again", "if Russia launches an attack"
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.lower_ in hostile:
        return True
    # "a Russian attack" where the adjective and noun are both modifiers of another noun
    return bool(root.dep_ in {"amod", "compound"} and head.dep_ in {"compound", "amod"}
                and head.head.lower_ in hostile)
