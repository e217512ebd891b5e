"""Signings of agreements other than the one in discussion: others like it ("has
signed similar agreements with 18 countries"), a tally of many ("has already signed 27
agreements"), a deal about something other than security ("the minerals deal"), or the
framework the agreements are made under ("the G7 declaration signed in Vilnius").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.syntax import names_membership, subject_of

# Words that make an agreement noun another agreement than the one in discussion.
OTHER_AGREEMENTS = frozenset({"similar", "such", "other", "comparable", "analogous"})


def others_like_it(verb: Token) -> bool:
    """Whether the agreements a signing verb speaks of are others like this one, with no
    partner they are with named ("has already signed similar agreements with 18
    countries"); "signed similar deals with Denmark and Finland" still states those two.
    Whether the signer is a partner ("Britain, Germany and France, which signed similar
    accords") is for the caller, who knows the protected state."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if a_count_of_agreements(verb, objects):
        return True  # "has already signed 27 agreements", "... with nine states"
    if not any(m.lower_ in OTHER_AGREEMENTS for o in objects for m in o.subtree
               if m.i < o.i):  # "similar accords", "25 such bilateral documents"
        return False
    subj = subject_of(verb)
    if subj is not None and subj.tag_ == "NNS" and _countries().fullmatch(subj.lower_):
        return True  # "Fifteen countries have concluded similar agreements with Ukraine"
    return not _named_with(verb, objects)


def _withs(verb: Token, objects: list[Token]) -> list[Token]:
    return [c for t in (verb, *objects) for c in t.children
            if c.dep_ == "prep" and c.lower_ == "with"]


def _named_with(verb: Token, objects: list[Token]) -> bool:
    """Whether a signing names a party it is with ("signed ... with Denmark")."""
    named = {i for span in verb.doc.spans["parties"] if not names_membership(span)
             for i in range(span.start, span.end)}
    return any(t.i in named for w in _withs(verb, objects) for t in w.subtree)


def a_count_of_agreements(verb: Token, objects: list[Token]) -> bool:
    """A signing of a number of agreements ("has signed 27 agreements") or of agreements
    with a number of states ("signed security agreements with nine states"): a tally of
    many, none of them this one unless a partner signs it (for the caller to tell)."""
    plural = [o for o in objects if o.tag_ in {"NNS", "NNPS"} and is_agreement_ref(o)]
    if not objects:
        return _with_counted_states(verb, [])  # "such as Ukraine has signed with 18 others"
    if not plural or _named_with(verb, plural):
        return False  # "has signed nine agreements with the UK, Germany, ...": a roundup
    if any(c.dep_ == "nummod" for o in plural for c in o.children):
        return True
    subj = subject_of(verb)
    if subj is not None and subj.lower_ in {"we", "i"}:
        # a speaker's "we have signed agreements for 100 million": many, unnamed (not a
        # relative "which have signed similar deals", nor "they", the two leaders)
        return True
    return _with_counted_states(verb, plural)


def _with_counted_states(verb: Token, objects: list[Token]) -> bool:
    """"... with nine states", "with 18 other countries": a number of partners."""
    return any(
        g.dep_ == "pobj" and g.tag_ == "NNS" and _countries().fullmatch(g.lower_)
        and any(c.dep_ == "nummod" for c in g.children)
        for w in _withs(verb, objects) for g in w.children)


@cache
def _countries() -> re.Pattern[str]:
    """A plural noun for states ("countries", "allies"), from cues.yaml."""
    return re.compile(vocab.cues().country_plural.removeprefix("(?:other )?"))


def signs_something_else(verb: Token) -> bool:
    """Whether what a signing verb signs is an agreement about something other than
    security ("a minerals deal", "an agreement to establish an investment fund")."""
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}
               and is_agreement_ref(c)]
    if verb.dep_ in {"relcl", "acl"} and is_agreement_ref(verb.head):
        objects.append(verb.head)
    return any(about_something_else(noun) for noun in objects)


def about_something_else(noun: Token) -> bool:
    """Whether an agreement noun's phrase makes it an agreement about something other
    than security ("the rare minerals deal", "a trade agreement") and nothing in it
    about security ("a defence and economic cooperation agreement" is one)."""
    cues = vocab.cues()
    if noun.lemma_.lower() not in cues.economic_agreement_nouns \
            or not _speaks_of_other_subjects(noun.doc):
        return False  # "the commitment to rebuilding energy plants" is no deal
    phrase = _phrase(noun)
    if phrase & set(cues.security_words):
        return False
    if phrase & set(cues.economic_agreement_words):
        return True
    # "The accord, signed by ...", right after "a deal establishing a minerals fund": a
    # bare "the accord" is the one the text last named
    earlier = _antecedent(noun) if _bare(noun) else None
    return earlier is not None and about_something_else(earlier)


def only_possible(noun: Token) -> bool:
    """An agreement that may or may not come about: "potential security guarantees",
    "a possible defence pact"."""
    words = _hypothetical()
    return any(c.dep_ == "amod" and c.lower_ in words for c in noun.children)


@cache
def _hypothetical() -> frozenset[str]:
    return frozenset(vocab.cues().hypothetical_words)


def _phrase(noun: Token) -> set[str]:
    """The words of the noun's phrase, and of a participle that goes on right after it
    wherever the parser hung it ("a bilateral agreement Wednesday establishing a joint
    fund linked to Ukraine's mineral assets")."""
    doc, left = noun.doc, noun.left_edge.i
    words = {t.lemma_.lower() for t in doc[left:min(noun.right_edge.i, left + 12) + 1]}
    after = noun.right_edge.i + 1
    while after < len(doc) and doc[after].ent_type_ == "DATE":
        after += 1
    if after < len(doc) and doc[after].tag_ == "VBG" and doc[after].dep_ in {"advcl", "acl"}:
        verb = doc[after]
        words |= {t.lemma_.lower() for t in doc[after:min(verb.right_edge.i, after + 10) + 1]}
    return words


def _bare(noun: Token) -> bool:
    """"the accord", "this agreement": a definite agreement noun that names nothing."""
    return any(c.dep_ == "det" and c.lower_ in {"the", "this"} for c in noun.children) \
        and not any(c.dep_ in {"compound", "amod", "nmod", "poss"} for c in noun.children)


def _antecedent(noun: Token) -> Token | None:
    """The nearest agreement noun before this one that says what it is about."""
    named = _named_agreement_nouns(noun.doc)
    before = bisect_left(named, noun.i)
    return noun.doc[named[before - 1]] if before else None


def _named_agreement_nouns(doc: Doc) -> list[int]:
    """Where the document's agreement nouns that say what they are about stand, in
    order (found once per document)."""
    if _NAMED_NOUNS_KEY not in doc.user_data:
        nouns = set(vocab.cues().economic_agreement_nouns)
        doc.user_data[_NAMED_NOUNS_KEY] = [
            t.i for t in doc if t.lemma_.lower() in nouns and is_agreement_ref(t)
            and not _bare(t)]
    named: list[int] = doc.user_data[_NAMED_NOUNS_KEY]
    return named


_NAMED_NOUNS_KEY = "pactwatch_named_agreement_nouns"


def _speaks_of_other_subjects(doc: Doc) -> bool:
    """Whether a document uses any word of another subject at all (read once per
    document): most security reporting names no minerals, trade or investment."""
    if _OTHER_SUBJECTS_KEY not in doc.user_data:
        doc.user_data[_OTHER_SUBJECTS_KEY] = any(
            t.lemma_.lower() in _economic_words() for t in doc)
    return bool(doc.user_data[_OTHER_SUBJECTS_KEY])


_OTHER_SUBJECTS_KEY = "pactwatch_other_subjects"


@cache
def _economic_words() -> frozenset[str]:
    return frozenset(vocab.cues().economic_agreement_words)


# "in line with", "in accordance with": a prepositional phrase that names what a signing
# follows, not where it happens
_FOLLOWING = frozenset({"line", "accordance", "framework", "context", "spirit", "keeping"})


def signs_the_framework(verb: Token) -> bool:
    """Whether a signing is the framework's, not an agreement's: the thing signed or the
    place of the signing is named by a framework's cue ("the G7 declaration, signed last
    July", "a framework document that was signed at the summit in Vilnius")."""
    doc = verb.doc
    named: list[Span] = []
    if verb.dep_ in {"relcl", "acl"}:
        named.append(doc[verb.head.left_edge.i:verb.head.i + 1])
    for child in verb.children:
        if child.dep_ in {"dobj", "nsubjpass"}:
            named.append(doc[child.left_edge.i:child.right_edge.i + 1])
        elif child.dep_ == "prep" and child.lower_ in {"in", "at", "on"} and not any(
                o.lower_ in _FOLLOWING for o in child.children if o.dep_ == "pobj"):
            named.append(doc[child.i:child.right_edge.i + 1])
    return any(pattern.search(span.text) for span in named for pattern in framework_patterns())


@cache
def framework_patterns() -> list[re.Pattern[str]]:
    """The cues of each framework in frameworks.yaml, in its order."""
    return [vocab.compile_any(f.cues, f"frameworks.yaml: {f.id}") for f in vocab.frameworks()]
