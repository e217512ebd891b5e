"""When what a sentence reports took place: the date entity attached to a verb ("signed
... on 16 February"), deictic days ("yesterday", "the next day", "at the same summit"),
the day a sentence dates what happened, and the years and month a document gives for
dates that leave them out.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.dates import DATE_LINE_LONGEST, date_line, names_day, resolve, years_mentioned
from pactwatch.nlp.syntax import VERBAL, doc_text, ents_within, head_path

# A DATE entity names a day only with a month, weekday, year or relative day word;
# "10-year" and "months" are durations, not dates.
_DATE_LIKE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d\s+(?:jan|feb|"
    r"mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday|today|tomorrow|yesterday|\b(?:19|20)\d\d\b|\d{1,2}/\d{1,2}", re.I)


DatedEvent = tuple[date, Span]  # the day something happened, and the words that date it


def dated_event(sent: Span, published: date | None) -> DatedEvent | None:
    """The day of an event a sentence reports as done, from a day-naming date on its
    verb ("met on Thursday", "pose for a photo ... on Monday (3 March 2025)" in a caption);
    None for a plan ("will meet on Friday") or a day after publication. A line that is
    only a date ("4 September 2024 - 13:26" above a release) dates what follows it."""
    stamp = _date_line(sent)
    if stamp is not None and (published is None or stamp[0] <= published):
        return stamp
    for when in ents_within(sent):
        if when.label_ != "DATE" or not _DATE_LIKE.search(when.text) \
                or not names_day(when.text):
            continue
        verb = next((t for t in head_path(when.root)[1:] if t.pos_ in VERBAL), None)
        if verb is None or is_future(verb) or any(
                c.tag_ == "MD" or (c.dep_ == "aux" and c.lower_ == "to") for c in verb.children):
            continue
        day = resolve(when.text, published, "past", doc_years(sent.doc), doc_month(sent.doc))
        if day is not None and (published is None or day <= published):
            return day, when
    return None


def _date_line(sent: Span) -> DatedEvent | None:
    """The day a line that is only a date names ("4 September 2024 - 13:26",
    "Friday, June 14, 2024, 6:11 PM"), and its words."""
    if sent.end_char - sent.start_char > DATE_LINE_LONGEST:
        return None  # a sentence, not a stamp (spares building its text)
    found = date_line(sent.text)
    if found is None:
        return None
    day, start, end = found
    words = sent.doc.char_span(sent.start_char + start, sent.start_char + end,
                               alignment_mode="expand")
    return (day, words) if words is not None else None


MONTH_KEY = "pactwatch_month"


def doc_month(doc: Doc) -> tuple[int, int] | None:
    """The year and month of publication where only they are known (set by the claims
    step from a web address)."""
    return doc.user_data.get(MONTH_KEY)


def doc_years(doc: Doc) -> frozenset[int]:
    """The years a document mentions, read once per document."""
    if "pactwatch_years" not in doc.user_data:
        doc.user_data["pactwatch_years"] = years_mentioned(doc_text(doc))
    return doc.user_data["pactwatch_years"]


def is_future(verb: Token) -> bool:
    future = vocab.cues().modality["future_aux"]
    return any(c.dep_ == "aux" and c.lower_ in future for c in verb.children)


def date_for(verb: Token, sent: Span, depth: int = 0) -> Span | None:
    """The DATE entity whose attachment reaches this verb before any other verb; one
    after the verb ("signed ... on 16 February") wins over a dateline before it."""
    attached = attached_dates(verb, sent)
    after = [e for e in attached if e.start > verb.i]
    if after:
        return after[0]
    if attached:
        return attached[-1]
    for ent in ents_within(sent):  # "on Jan. 12, when Sunak and Zelensky signed"
        if ent.label_ == "DATE" and ent.start <= verb.head.i < ent.end and verb.dep_ in \
                {"relcl", "advcl"} and _DATE_LIKE.search(ent.text):
            return ent
    deictic = _deictic_day(verb)
    if deictic is not None:
        return deictic
    held = _day_of_the_event(verb, sent)
    if held is not None:
        return held
    for ent in ents_within(sent):  # "The next day, ..., Trudeau and Meloni each signed in Kyiv"
        if ent.label_ == "DATE" and ent.end <= verb.i and _NEXT_DAY.search(ent.text):
            return ent
    for clause in verb.children:  # "expected to be signed when they meet on Friday",
        # "signed ... as EU leaders met in Brussels on June 27"
        if clause.dep_ == "advcl" and any(c.lower_ in _AT_THE_TIME_OF and c.dep_ in
                                          {"advmod", "mark"} for c in clause.children):
            inner = [e for e in ents_within(sent)
                     if e.label_ == "DATE" and _DATE_LIKE.search(e.text)
                     and clause.left_edge.i <= e.start <= clause.right_edge.i]
            if inner:
                return inner[0]
    if depth < 3 and verb.dep_ in _CARRIES_DATE:
        # "Britain opened the series on Jan. 12, when Sunak and Zelensky signed", "in
        # Madrid on Monday, where he and Sánchez signed": the governing clause's date
        above = next((t for t in head_path(verb)[1:] if t.pos_ in VERBAL), None)
        if above is not None and _planned_in_words(verb, above):
            return None  # "Estonia plans to sign ..., the minister said on March 8"
        if above is not None:
            return date_for(above, sent, depth + 1)
    return None


def _planned_in_words(verb: Token, above: Token) -> bool:
    """A plan reported in someone's words: the day of the words is not the day of the
    plan ("we are going to sign", "plans to sign", said on March 8)."""
    cues = vocab.cues()
    if above.lemma_ not in cues.attribution["say_lemmas"]:
        return False
    path = head_path(verb)
    below = path[:path.index(above)] if above in path else path
    return any(is_future(t) or t.lemma_ in cues.planning_lemmas for t in below) \
        or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _day_of_the_event(verb: Token, sent: Span) -> Span | None:
    """"signed during a summit held on April 18": the day of the event a signing took
    place at, given in a clause on that event."""
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in {"during", "at"}:
            continue
        events = [o for o in prep.children if o.dep_ == "pobj"]
        for ent in ents_within(sent):
            if ent.label_ != "DATE" or not names_day(ent.text):
                continue
            clause = next((t for t in head_path(ent.root)[1:] if t.pos_ in VERBAL), None)
            if clause is not None and clause.dep_ == "acl" and clause.head in events:
                return ent
    return None


def attached_dates(verb: Token, sent: Span) -> list[Span]:
    """The DATE entities naming a day whose attachment reaches this verb before any other
    verb ("in the war in 2020": a year is no signing day)."""
    attached = []
    for ent in ents_within(sent):
        if ent.label_ != "DATE" or not _DATE_LIKE.search(ent.text) or not names_day(ent.text):
            continue
        for t in head_path(ent.root)[1:]:
            if t.pos_ in VERBAL:
                if t.i == verb.i:
                    attached.append(ent)
                break
    return attached


# The words that open a clause naming the time of what the clause it hangs on reports.
_AT_THE_TIME_OF = frozenset({"when", "as", "while"})
# Clauses that take the date of the clause they hang on.
_CARRIES_DATE = frozenset({"advcl", "relcl", "xcomp", "ccomp", "acl", "conj"})
_DEICTIC_DAYS = frozenset({"today", "yesterday", "tomorrow", "tonight"})


def after_last(text: str, last_event: date | None) -> date | None:
    """"The next day" after the signing reported before, "the same day"."""
    if last_event is None:
        return None
    if _NEXT_DAY.search(text):
        return last_event + timedelta(days=1)
    if _SAME_EVENT.search(text):
        return last_event
    return None


_NEXT_DAY = re.compile(r"\b(?:next|following) day\b|\ba day later\b", re.I)
_SAME_EVENT = re.compile(r"\bsame (?:day|summit|ceremony|meeting)\b", re.I)


def _deictic_day(verb: Token) -> Span | None:
    """"Earlier today, Meloni and Zelenskyy signed", "signed ... later in the day",
    "Hours earlier Zelensky had signed": the day of publication (or the day word the
    model tagged no DATE)."""
    for child in verb.children:
        if child.dep_ not in {"npadvmod", "advmod", "prep"}:
            continue
        for t in child.subtree:
            if t.lower_ in _DEICTIC_DAYS:
                return t.doc[t.i:t.i + 1]
        phrase = verb.doc[child.left_edge.i:child.right_edge.i + 1]
        if SAME_DAY.search(phrase.text) or _SAME_EVENT.search(phrase.text) \
                or _NEXT_DAY.search(phrase.text):
            return phrase  # the published day, or one counted from the last signing
    return None


SAME_DAY = re.compile(r"\b(?:(?:earlier|later) in the day|hours (?:earlier|later))\b", re.I)
