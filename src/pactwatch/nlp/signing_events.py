"""Signings named as events: "The signing of the agreement took place on Friday,
January 12", "the signing ceremony will be held in Madrid on Monday".

The noun names the signing and the verb says that it happens; the verb's tense tells a
signing that took place from one that is planned, and the date attached to the verb is
the signing's. The agreement the claims are about is read from the noun (its "of the
agreement", its possessor) like any other anchor.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from spacy.tokens import Span, Token

from pactwatch import vocab
from pactwatch.nlp.dates import resolve
from pactwatch.nlp.event_dates import date_for, doc_month, doc_years, is_future
from pactwatch.nlp.facts import Finding
from pactwatch.nlp.syntax import VERBAL, ents_within, head_path

_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def find_signing_events(sent: Span, published: date | None) -> Iterator[Finding]:
    events = vocab.cues().signing_events
    nouns, verbs = set(events["nouns"]), set(events["verbs"])
    for t in sent:
        if t.pos_ != "NOUN" or t.lower_ not in nouns:
            continue
        subject = t if t.dep_ in _SUBJECTS else \
            t.head if t.dep_ == "compound" and t.head.dep_ in _SUBJECTS else None
        if subject is None or subject.head.lemma_ not in verbs:
            yield from _dated_signing(t, sent, published)
            yield from _at_the_signing(t, sent, published)
            continue
        verb = subject.head
        if verb.lemma_ == "take" and not any(c.lower_ == "place" for c in verb.children):
            continue
        status = _status(verb)
        if status is None:
            continue
        when = date_for(verb, sent)
        event = resolve(when.text, published, "future" if status == "expected" else "past",
                        doc_years(sent.doc), doc_month(sent.doc)) if when is not None else None
        start = min(t.idx, when.start_char) if when is not None else t.idx
        end = max(verb.idx + len(verb.text), when.end_char if when is not None else 0)
        yield Finding("status", status, start, end, t,
                      "asserted" if status == "signed" else None, event)
        if event is not None and when is not None:
            yield Finding("signed_on", event.isoformat(), when.start_char, when.end_char, t,
                          "asserted" if status == "signed" else None, event,
                          {"date_text": when.text, "status": status})


def _status(verb: Token) -> str | None:
    """"took place" happened; "will be held", "is scheduled for" are planned."""
    planned = set(vocab.cues().planning_lemmas)
    if is_future(verb) or verb.lemma_ in planned:
        return "expected"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
            c.dep_ in {"aux", "auxpass"} and c.lower_ in {"was", "were", "has", "have", "had"}
            for c in verb.children)):
        return "signed"
    return None


def _dated_signing(noun: Token, sent: Span, published: date | None) -> Iterator[Finding]:
    """"followed the signing of a Cooperation Agreement ... on July 27 2021", "ahead of
    the signing on Monday": the date on the noun is the signing's; the published date
    tells a signing that took place from one to come."""
    if published is None or not any(c.lower_ == "of" for c in noun.children):
        return  # "the signing of <the agreement>" only, never "a signing ceremony"
    when = _date_of_phrase(noun, sent)
    if when is None:
        return
    event = resolve(when.text, published, _side(noun), doc_years(sent.doc), doc_month(sent.doc))
    if event is None:
        return
    status = "signed" if event <= published else "expected"
    yield Finding("status", status, noun.idx, when.end_char, noun,
                  "asserted" if status == "signed" else None, event)
    yield Finding("signed_on", event.isoformat(), when.start_char, when.end_char, noun,
                  "asserted" if status == "signed" else None, event,
                  {"date_text": when.text, "status": status})


def _date_of_phrase(noun: Token, sent: Span) -> Span | None:
    """The date the signing's phrase ends with: inside it ("the signing of the agreement
    between London and Kyiv in Kyiv on Friday") or right after it, wherever the parser
    hangs it ("the signing of the Defence Cooperation Agreement in Jakarta yesterday")."""
    doc, end = sent.doc, noun.right_edge.i + 1
    after = end + 1 if end < len(doc) and doc[end].lower_ == "on" else end
    return next((e for e in ents_within(sent) if e.label_ == "DATE"
                 and (noun.i < e.start < end or e.start == after)), None)


# Prepositions that put what a verb tells at the signing itself.
_AT = frozenset({"at", "during"})


def _at_the_signing(noun: Token, sent: Span, published: date | None) -> Iterator[Finding]:
    """"said at the signing ceremony in Oslo on Tuesday": what happened at the signing
    happened on its day, so a past verb's date is the signing's."""
    verb = _verb_at(noun)
    when = date_for(verb, sent) if verb is not None and published is not None else None
    day = resolve(when.text, published, "past", doc_years(sent.doc), doc_month(sent.doc)) \
        if when is not None else None
    if when is None or day is None or published is None or day > published:
        return
    yield Finding("status", "signed", noun.idx, when.end_char, noun, "asserted", day)
    yield Finding("signed_on", day.isoformat(), when.start_char, when.end_char, noun,
                  "asserted", day, {"date_text": when.text, "status": "signed"})


def _verb_at(noun: Token) -> Token | None:
    """The past verb that happened at the signing a noun names ("spoke at the signing
    ceremony"), if any."""
    event = noun.head if noun.dep_ == "compound" else noun
    prep = event.head
    if event.dep_ != "pobj" or prep.lower_ not in _AT or prep.head.pos_ not in VERBAL \
            or prep.head.tag_ != "VBD":
        return None
    return prep.head


def tells_of_a_signing(sent: Span) -> bool:
    """Whether a sentence tells of a signing as an event: it takes place, or something
    happens at it."""
    nouns = set(vocab.cues().signing_events["nouns"])
    return any(True for _ in find_signing_events(sent, None)) or any(
        t.pos_ == "NOUN" and t.lower_ in nouns and _verb_at(t) is not None for t in sent)


_BEFORE = frozenset({"ahead", "before", "pending", "prior", "for", "toward", "towards"})


def _side(noun: Token) -> str:
    """Whether the signing a noun names lies ahead ("ahead of the signing", "will attend
    the signing") or behind ("after the signing", "followed the signing")."""
    head = noun.head
    if head.dep_ == "prep" and head.lower_ == "of" and head.head.lower_ in _BEFORE:
        return "future"  # "ahead of the signing", "prior to the signing"
    if head.lower_ in _BEFORE:
        return "future"
    verb = next((t for t in head_path(noun)[1:] if t.pos_ in VERBAL), None)
    return "future" if verb is not None and is_future(verb) else "past"
