"""The term of an agreement: "a ten-year pact", "valid for ten years", "the agreement,
which is set to last for 10 years", "binding Helsinki to backing for Kyiv until 2034".

A duration is the agreement's term only where it hangs on the agreement or on a clause
about it; the period of a funding line, a stretch of time ("in each of the previous two
years") or a point in time ("4 years ago") is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.facts import Finding, iter_matches, match_token, number, patterns
from pactwatch.nlp.syntax import VERBAL, head_path, subject_of


def find_terms(sent: Span) -> Iterator[Finding]:
    for m, off in iter_matches(patterns()["term"], sent):
        years = 10 if m.group("decade") else number(m.group("n"))
        anchor = match_token(sent, off + m.start())
        if _WINDOW.search(sent.text[max(0, m.start() - 12):m.start()]):
            continue  # "in each of the previous two years": a stretch of time, no term
        if _AGO.match(sent.text, m.end()):
            continue  # "discussed 4 years ago": a point in time, no term
        if 1 <= years <= 99 and _term_of_agreement(anchor) and not (
                _FUNDING.search(sent.text) and not _modifies_agreement(anchor)):
            yield Finding("term_years", years, off + m.start(), off + m.end(), anchor)


# A sentence that states money or a share of GDP: a duration in it is the period of the
# funding ("0.25 per cent of GDP for three years", "further increases until 2027"), unless
# it names the agreement's own length ("a ten-year pact worth €2bn").
_FUNDING = re.compile(r"[€$£¥]|\b(?:billion|million|bn|GDP|per ?cent|percent|%|euros?|"
                      r"dollars?|pounds?|kroner?|krona|fund(?:s|ing)?)\b", re.I)


def _modifies_agreement(token: Token) -> bool:
    """"a ten-year pact": the duration hangs on an agreement noun, not on a verb; or on
    a relative clause of one ("the agreement, which is set to last for 10 years")."""
    for t in head_path(token)[1:]:
        if is_agreement_ref(t) or _agreementish(t):
            return True  # also "the agreement's entire 10-year term", "the term of the pact"
        if t.pos_ in VERBAL:
            return _relative_of_agreement(t)
    return False


def _relative_of_agreement(verb: Token) -> bool:
    """A verb of a relative clause on an agreement noun ("the pact, which runs for")."""
    for t in head_path(verb):
        if t.dep_ == "relcl":
            return is_agreement_ref(t.head) or _signing_of_agreement(t.head)
        if t.dep_ not in {"xcomp", "conj", "aux", "auxpass"} and t.i != verb.i:
            return False
    return False


def _signing_of_agreement(noun: Token) -> bool:
    """"confirmed the signing of the pact with Peru, which runs for 10
    years": the parser may hang the clause on the signing, not on the agreement."""
    return noun.lower_ in vocab.cues().signing_events["nouns"] and any(
        c.lower_ == "of" and any(is_agreement_ref(g) for g in c.children)
        for c in noun.children)


def _term_of_agreement(token: Token) -> bool:
    """Whether a duration is the agreement's term: it modifies the agreement ("a
    ten-year pact", "the ten-year term of this Agreement"), or the clause it sits in is
    about the agreement ("the agreement is valid for ten years", "It has a ten-year
    horizon", "signed a deal for a decade"), not about another thing ("a three-year aid
    plan", "after ten years of war")."""
    sign_lemmas = set(vocab.cues().sign_lemmas)
    for t in head_path(token)[1:]:
        if _agreementish(t):
            return True
        if t.dep_ == "dobj" and t.head.pos_ == "VERB" and t.head.lemma_ in sign_lemmas:
            return True  # "signing a 20-year strategic partnership": what is signed
        if t.lemma_ in _TERM_VERBS and _set_off_after_agreement(t):
            return True  # "through a political agreement, valid for 10 years,"
        if t.lower_ in _BOUND_NOUNS:
            subj = subject_of(t.head) if t.head.pos_ in VERBAL else None
            return subj is not None and _agreementish(subj)
        if t.pos_ in {"NOUN", "PROPN"} and t.lower_ not in _DURATION_NOUNS:
            return False
        if t.pos_ in VERBAL:
            subj = subject_of(t)
            return t.lemma_ in sign_lemmas or t.lemma_ in _TERM_VERBS or (
                subj is not None and (_agreementish(subj) or subj.lower_ in {"it", "both"})
            ) or _relative_of_agreement(t)
    return False


def _set_off_after_agreement(word: Token) -> bool:
    """A phrase set off by a comma right after an agreement's noun phrase ("an agreement,
    valid for ten years"), whatever the parser hung it on."""
    if word.i < 2 or word.doc[word.i - 1].text != ",":
        return False
    before = word.doc[word.i - 2]
    return any(is_agreement_ref(t) and t.right_edge.i == before.i
               for t in (before, *before.ancestors))


def _agreementish(token: Token) -> bool:
    """An agreement, or its term: "the term of this Agreement", "its duration"."""
    if is_agreement_ref(token):
        return True
    if token.lower_ not in _DURATION_NOUNS:
        return False
    return any(c.dep_ == "poss" and (c.lower_ in {"its", "their"} or is_agreement_ref(c))
               for c in token.children) \
        or any(c.dep_ == "prep" and c.lower_ == "of" and any(
            is_agreement_ref(g) for g in c.children) for c in token.children)


# What an agreement binds its parties to for a time: "the agreement envisages a 10-year
# obligation to provide aid" states its term when the clause is about the agreement.
_BOUND_NOUNS = frozenset({"obligation", "obligations", "commitment", "commitments"})
_WINDOW = re.compile(r"\b(?:previous|past|last|recent|first|coming)\s+$", re.I)
_AGO = re.compile(r"\s+(?:ago|earlier|before|later|previously)\b", re.I)
_DURATION_NOUNS = frozenset({"period", "term", "duration", "span", "years", "year", "decade",
                             "time", "horizon", "lifetime", "life", "validity"})
_UNTIL_YEAR = re.compile(r"\b(?:until|through|till|to)\s+(?P<year>20\d\d)\b")


def find_term_until(sent: Span, published: date | None) -> Iterator[Finding]:
    """"binding Helsinki to backing for Kyiv until 2034": a term that runs to a year,
    counted from the year of the signing the sentence reports."""
    if published is None or not any(t.lemma_ in vocab.cues().sign_lemmas for t in sent):
        return
    if _FUNDING.search(sent.text):
        return
    for m, off in iter_matches(_UNTIL_YEAR, sent):
        years = int(m.group("year")) - published.year
        if 1 <= years <= 50:
            yield Finding("term_years", years, off + m.start(), off + m.end(),
                          match_token(sent, off + m.start()))


# Verbs whose duration is the term of the agreement they speak of.
_TERM_VERBS = frozenset({"last", "run", "remain", "valid", "commit", "cover", "apply"})
