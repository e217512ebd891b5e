"""Guards on the agreement a claim is about: a cue that belongs to another party's
thing, a sentence that leaves one of the parties out, and a pair of states at war that
no sentence names as an agreement's parties."""

from __future__ import annotations

from spacy.tokens import Span, Token

from pactwatch import vocab
from pactwatch.nlp.between import between
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.mentions import Mention
from pactwatch.nlp.subjects import DocFocus, Subject
from pactwatch.nlp.syntax import head_path


def owner_conflict(anchor: Token, subject: Subject, ments: list[Mention]) -> bool:
    """True when the cue belongs to another party's thing ("NATO membership, which has a
    mutual defence provision") rather than to the agreement."""
    for t in head_path(anchor):
        for child in t.children:
            if child.dep_ not in {"compound", "poss", "amod", "nmod"}:
                continue
            for m in ments:
                if m.start <= child.i < m.end and (not m.hostile or m.frame) \
                        and m.code not in subject:
                    return True
        if t.pos_ in {"VERB", "AUX"} and is_agreement_ref(t):
            break
    return False


def leaves_out(subject: Subject, sent: Span, ments: list[Mention]) -> bool:
    """Whether a sentence says what it says of every party but one of this agreement's
    ("has signed agreements with all G7 countries except Japan"): nothing of it."""
    return any(m.excepted and m.code in subject and sent.start <= m.start < sent.end
               for m in ments)


def pairs_adversaries(subject: Subject, sent: Span, ments: list[Mention],
                      focus: DocFocus) -> bool:
    """Whether a claim would make an agreement of states at war with each other, or of
    the protected state's aggressor with anyone ("deter Putin", "Britain's sanctions on
    Russia"), without the sentence naming that pair as an agreement's parties
    ("the treaty between Russia and Ukraine"). adversaries.yaml lists the wars."""
    wars = vocab.adversaries()
    members = set(subject)
    at_war = any(wars.get(p, frozenset()) & members for p in members)
    aggressor = focus.hub is not None and bool(wars.get(focus.hub, frozenset()) & members) \
        and subject != focus.focus
    return (at_war or aggressor) and between(sent, ments) != subject
