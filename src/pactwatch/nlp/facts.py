"""Finders for the non-provision predicates: term, status and signing date, venue,
legal form, binding-ness, framework, counts and order numbers, annex.

Each finder looks at one sentence and yields ``Finding``s: a predicate, a value and the
character span that states it. Which agreement a finding is about is decided later.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import is_agreement_ref, is_headline
from pactwatch.nlp.dates import resolve
from pactwatch.nlp.event_dates import (
    SAME_DAY,
    DatedEvent,
    after_last,
    date_for,
    doc_month,
    doc_years,
    is_future,
)
from pactwatch.nlp.literals import may_match
from pactwatch.nlp.other_agreements import (
    a_count_of_agreements,
    framework_patterns,
    others_like_it,
    signs_something_else,
    signs_the_framework,
)
from pactwatch.nlp.parties import resolver
from pactwatch.nlp.sign_status import (
    AGREED_OR_SIGNED,
    plural_agreements,
    sign_status,
    signed_participle,
)
from pactwatch.nlp.syntax import (
    VERBAL,
    doc_folded,
    doc_text,
    ents_within,
    head_path,
    is_sign_verb,
    span_text,
    subject_of,
)

# A length of time, not a time: "a pivotal 10-year agreement", "for ten years".
_DURATION = re.compile(r"^(?:a |an |the |for |over |up to )?(?:\d+|[a-z]+)[- ](?:years?|months?|"
                       r"weeks?|days?)(?:-long)?$|^(?:a |the )?decades?(?:-long)?$", re.I)
# ", one of the sources said," / ", officials told reporters" inside a clause.
_ATTRIBUTION_CLAUSE = re.compile(
    r",\s*(?:[\w’'-]+\s+){1,6}?(?:said|says|told \w+|added|according to \w+)\s*(?:,|$)")


@dataclass
class Finding:
    predicate: str
    value: Any
    start: int  # document character offsets
    end: int
    anchor: Token
    modality: str | None = None  # None: computed from the anchor's clause
    event_date: date | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The parties, where the finding names them itself (an agreement text's preamble)
    parties: tuple[str, ...] | None = None


@cache
def patterns() -> dict[str, Any]:
    c = vocab.cues()
    words = "|".join(sorted(c.number_words, key=len, reverse=True))
    ordinals = "|".join(sorted(c.ordinal_words, key=len, reverse=True))
    return {
        "term": re.compile(
            rf"(?<![\w-])(?:(?P<n>\d{{1,2}}|{words})[- ](?:years?|year-long)(?!-old)"
            r"|(?P<decade>(?:a|one|for a|the next|the coming) decade|decade-long))(?![\w])",
            re.I),
        "ordinal": re.compile(
            rf"(?<![\w-])(?:(?P<n>\d{{1,3}})(?:st|nd|rd|th)|(?P<w>{ordinals}))\s+"
            rf"{c.agreement_singular}(?![\w])", re.I),
        "prior": re.compile(
            rf"(?<![\w-])(?P<n>\d{{1,3}}|{words})\s+other\s+"
            rf"(?:(?P<agr>{c.agreement_plural})|(?P<cty>{c.country_plural[len('(?:other )?'):]}))"
            r"(?![\w])", re.I),
        "negotiating_after": re.compile(r"negotiat", re.I),
        "annex": re.compile(
            r"(?<![\w])annex(?:es)?\b[^.;]*?\b(?:lay(?:s)? out|set(?:s)? out|outline(?:s)?|"
            r"describe(?:s)?|cover(?:s)?|detail(?:s)?)\s+(?P<what>[^.;]+)", re.I),
        "status": {k: vocab.compile_any(v, f"cues.yaml: status_cues.{k}")
                   for k, v in c.status_cues.items()},
        "legal": {k: vocab.compile_any(v, f"cues.yaml: legal_forms.{k}")
                  for k, v in c.legal_forms.items()},
        "legal_block": re.compile("(?:" + "|".join(c.legal_form_blockers) + r")\s*$", re.I),
        "binding": {k: vocab.compile_any(v, f"cues.yaml: binding_on_successors.{k}")
                    for k, v in c.binding_on_successors.items()},
        "frameworks": list(zip((f.name for f in vocab.frameworks()), framework_patterns(),
                               strict=True)),
        "venue": re.compile(
            r"(?<![\w])(?:" + "|".join(re.escape(i) for i in c.venue["introducers"]) + r")\s+"
            r"(?:the\s+)?(?P<event>(?:[A-Z][\w-]*|\(\w+\))(?:\s+(?:[A-Z][\w-]*|\(\w+\)|of))*"
            r"(?:\s+(?:" + "|".join(c.venue["event_nouns"]) + r"))?)"
            r"(?:\s+in\s+(?P<place>[A-Z][\w-]+(?:\s[A-Z][\w-]+)?))?(?![\w])"),
        "signature": re.compile(c.signature_line, re.I),
        "words": c.number_words,
        "ordinal_words": c.ordinal_words,
        "event_nouns": set(c.venue["event_nouns"]),
    }


def number(text: str) -> int:
    return int(text) if text.isdigit() else patterns()["words"][text.lower()]


def match_token(sent: Span, char: int) -> Token:
    """The first token of a sentence that ends after a pattern match's start."""
    for t in sent:
        if t.idx + len(t.text) > char:
            return t
    return sent[-1]


def _in_document(pattern: re.Pattern[str], doc: Doc) -> bool:
    """False when the pattern matches nowhere in the document, so no sentence of it
    needs a scan; worked out once per document and pattern."""
    known: dict[re.Pattern[str], bool] = doc.user_data.setdefault(_SCREENED, {})
    if pattern not in known:
        known[pattern] = may_match(pattern, doc_folded(doc))
    return known[pattern]


_SCREENED = "pactwatch_screened_patterns"


def iter_matches(pattern: re.Pattern[str], sent: Span) -> Iterator[tuple[re.Match[str], int]]:
    if not _in_document(pattern, sent.doc):
        return
    for m in pattern.finditer(span_text(sent)):
        yield m, sent.start_char


def find_counts(sent: Span) -> Iterator[Finding]:
    p = patterns()
    for m, off in iter_matches(p["ordinal"], sent):
        n = int(m.group("n")) if m.group("n") else p["ordinal_words"][m.group("w").lower()]
        yield Finding("order_number", n, off + m.start(), off + m.end(),
                      match_token(sent, off + m.start()))
    for m, off in iter_matches(p["prior"], sent):
        what = "prior_agreements"
        if m.group("cty") and p["negotiating_after"].search(sent.text[m.end():m.end() + 60]):
            what = "countries_negotiating"
        yield Finding("count", {"of": what, "n": number(m.group("n"))},
                      off + m.start(), off + m.end(), match_token(sent, off + m.start()))


def find_legal(sent: Span) -> Iterator[Finding]:
    p = patterns()
    for value, pattern in p["legal"].items():
        for m, off in iter_matches(pattern, sent):
            if p["legal_block"].search(sent.text[max(0, m.start() - 30):m.start()]):
                continue
            yield Finding("legal_form", value, off + m.start(), off + m.end(),
                          match_token(sent, off + m.start()))
    for value, pattern in p["binding"].items():
        for m, off in iter_matches(pattern, sent):
            yield Finding("binding_on_successors", value == "true", off + m.start(),
                          off + m.end(), match_token(sent, off + m.start()))


def find_frameworks(sent: Span) -> Iterator[Finding]:
    for name, pattern in patterns()["frameworks"]:
        for m, off in iter_matches(pattern, sent):
            yield Finding("framework", name, off + m.start(), off + m.end(),
                          match_token(sent, off + m.start()))
            break


def find_annex(sent: Span) -> Iterator[Finding]:
    for m, off in iter_matches(patterns()["annex"], sent):
        what = _ATTRIBUTION_CLAUSE.sub(",", m.group("what").strip()).strip(" ,")
        yield Finding("annex", what[:240], off + m.start(), off + m.end(),
                      match_token(sent, off + m.start()))


def _agreement_to_act(verb: Token) -> bool:
    """What was reached is an agreement to do something ("reached an agreement to
    enhance security cooperation"), a decision of the two, not an instrument."""
    reached = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(a.dep_ in {"acl", "relcl"} and any(x.dep_ == "aux" and x.lower_ == "to"
                                                 for x in a.children)
               for r in reached for a in r.children)


def find_status(sent: Span, published: date | None, last_event: date | None = None,
                recent_day: DatedEvent | None = None) -> Iterator[Finding]:
    """Status from cue phrases and from verbs of signing with their tense and date;
    "the next day" and "at the same summit" count from ``last_event``, the date of the
    signing the text reported before. A signing told in the simple past with no date of
    its own, right after a sentence that dates what happened ("The leaders met on
    Thursday in Bari. The two leaders signed the accord there."), took place that day:
    ``recent_day``, from ``dated_event`` on the sentences just before."""
    for value, pattern in patterns()["status"].items():
        for m, off in iter_matches(pattern, sent):
            anchor = match_token(sent, off + m.start())
            if value in _OF_AN_INSTRUMENT and _of_something_else(anchor):
                continue  # "the new mobilisation law came into force": not the agreement
            if value == "in_force" and _not_yet(anchor):
                continue  # "will come into force after ratification": not in force yet
            yield Finding("status", value, off + m.start(), off + m.end(), anchor)
    for t in sent:
        if not is_sign_verb(t) or (t.dep_ in {"amod", "acl"} and not signed_participle(t)):
            continue  # "the agreements signed so far"; but "the agreement signed between"
        if any(c.dep_ == "mark" and c.lower_ in {"if", "unless"} for c in t.children):
            continue
        if signs_something_else(t) or signs_the_framework(t):
            continue  # "the minerals agreement will be signed in the next 24 hours"
        subj = subject_of(t)
        if subj is None and not any(c.dep_ in {"dobj", "prep", "agent"} for c in t.children):
            continue  # a bare participle: not a signing
        if subj is not None and subj.dep_ == "nsubj" and is_agreement_ref(subj) \
                and not any(c.dep_ in {"agent", "auxpass"} for c in t.children):
            continue  # "the 15th such deal signed": an agreement does not sign itself;
            # but "the Agreement ... signed yesterday by President Biden" was signed, and
            # "the agreement is complete and will be signed" shares the subject of "is"
        if t.lemma_ in vocab.cues().agreeing_lemmas and _agreement_to_act(t):
            continue  # "he reached an agreement to enhance cooperation": a decision
        others = others_like_it(t)  # "has signed similar agreements with 18 countries"
        status = sign_status(t)
        if status is None:
            continue
        if status == "signed" and t.lemma_ in vocab.cues().agreeing_lemmas \
                and not plural_agreements(t):
            # "an agreement was reached": agreed, not yet signed; "the 14 agreements
            # Ukraine has already reached" are done deals
            status = "concluded"
        when = date_for(t, sent)
        if when is None and is_headline(sent) and t.tag_ == "VBZ" and status == "signed":
            when = sent.doc[t.i:t.i + 1]  # a headline's present: the day of publication
        event = None
        if when is not None:
            # "today" in words quoted from a day the text reported before ("On Thursday
            # ... 'it will also be signed today,' Kallas said") is that day
            reported = recent_day[0] if recent_day is not None else last_event
            spoken = reported if reported is not None and _quoted(when) else published
            event = published if SAME_DAY.search(when.text) or when.root.i == t.i else \
                after_last(when.text, last_event) or resolve(
                    when.text, spoken, "future" if status == "expected" else "past",
                    doc_years(sent.doc), doc_month(sent.doc))
        elif recent_day is not None and status == "signed" and t.tag_ == "VBD" \
                and t.dep_ == "ROOT" and not others \
                and not any(e.label_ == "DATE" and not _DURATION.match(e.text)
                            for e in ents_within(sent)):
            # the sentence's own main verb: "... a day after Zelensky sealed a similar
            # accord" is another day, told in a clause
            event, when = recent_day
        extra: dict[str, Any] = {"date_text": when.text} if when is not None else {}
        if status == "signed" and t.lemma_ in vocab.cues().agreed_or_signed_lemmas:
            extra[AGREED_OR_SIGNED] = True
        own_date = when is not None and when.start >= sent.start
        if others:
            extra["others_like_it"] = True
            # "has signed 25 such documents": a count of others, whoever signed them
            objects = [o for o in t.children if o.dep_ in {"dobj", "nsubjpass"}]
            extra["counted"] = any(c.dep_ == "nummod" for o in objects for c in o.children) \
                or a_count_of_agreements(t, objects)
        start, end = t.idx, t.idx + len(t.text)
        if when is not None and own_date:
            start, end = min(start, when.start_char), max(end, when.end_char)
        yield Finding("status", status, start, end, t,
                      "asserted" if status == "signed" else None, event, extra)
        if event is not None and when is not None and status != "concluded":
            yield Finding("signed_on", event.isoformat(), when.start_char, when.end_char, t,
                          "asserted" if status == "signed" else None, event,
                          {**extra, "date_text": when.text, "status": status})


OWN_TEXT_KEY = "pactwatch_own_text"
# How far into an agreement's own text its title may stand (after a site's menu lines).
_TITLE_WITHIN = 400


# Statuses any legal instrument can have: said of a law or a decree, they are not the
# agreement's.
_OF_AN_INSTRUMENT = frozenset({"in_force", "terminated", "expired"})


_DEICTIC = frozenset({"today", "tomorrow", "yesterday", "tonight"})


def _quoted(when: Span) -> bool:
    """A deictic day ("today") inside quotation marks in its sentence: said on the day
    of what the text reports, which the caller knows."""
    if not any(t.lower_ in _DEICTIC for t in when):
        return False
    text = doc_text(when.doc)
    before = text[when.sent.start_char:when.start_char]
    after = text[when.end_char:when.sent.end_char]  # a quote opened a sentence earlier
    return before.count("“") > before.count("”") or after.count("”") > after.count("“") \
        or before.count('"') % 2 == 1 or after.count('"') % 2 == 1


def _not_yet(anchor: Token) -> bool:
    """An entry into force to come or denied: "will come into force", "is to come into
    force", "has not entered into force"."""
    verb = anchor if anchor.pos_ in {"VERB", "AUX"} else anchor.head
    return is_future(verb) or any(
        c.dep_ == "neg" or (c.dep_ == "aux" and (c.lower_ == "to" or c.tag_ == "MD"))
        for c in verb.children)


def _of_something_else(anchor: Token) -> bool:
    """Whether the clause of a status cue is about a named thing that is no agreement
    ("the new mobilisation law came into force"): its subject is a noun and nothing in
    the clause names an agreement ("Niger revoked the accord" does; "it came into force"
    may be the agreement)."""
    verb = anchor if anchor.pos_ in {"VERB", "AUX"} else anchor.head
    subj = subject_of(verb)
    return subj is not None and subj.pos_ in {"NOUN", "PROPN"} \
        and not any(is_agreement_ref(t) for t in verb.subtree)


def find_title_of_text(sent: Span) -> Iterator[Finding]:
    """The opening of an agreement's own text: its title line ("Agreement on security
    cooperation between Canada and Ukraine") or the preamble that names its parties
    ("Chile and the Republic of Peru (hereinafter called the
    Participants)"). An official text is a signed one (LABELLING.md), a draft aside."""
    doc = sent.doc
    if not doc.user_data.get(OWN_TEXT_KEY) or sent.start_char > _TITLE_WITHIN \
            or _DRAFT.search(doc_text(doc)[:_TITLE_WITHIN + 200]):
        return
    words = [t for t in sent if not t.is_space and not t.is_punct]
    if not words:
        return
    title = is_agreement_ref(words[0]) and words[0].text[:1].isupper() \
        and not sent.text.rstrip().endswith((".", ":", ";", "?", "!")) \
        and any(t.lower_ == "between" for t in sent)
    if title:
        yield Finding("status", "signed", sent.start_char, sent.end_char, words[0],
                      "asserted")
        return
    here = next((t for t in sent if t.lower_ == "hereinafter"), None)
    if here is None:
        return
    # the parties named on the preamble's line before "hereinafter" (the parser may have
    # cut that line into pieces)
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, here.idx) + 1
    named = {span.label_ for span in doc.spans["parties"]
             if line_start <= span.start_char < here.idx}
    if len(named) >= 2:
        yield Finding("status", "signed", line_start, here.idx, here, "asserted",
                      parties=tuple(sorted(named)))


_DRAFT = re.compile(r"\bdraft\b", re.I)


def find_signature(sent: Span) -> Iterator[Finding]:
    """The signature line of an agreement text ("Done at Kyiv on 12 January 2024"):
    the text is signed, on that date."""
    m = patterns()["signature"].search(sent.text)
    if m is None:
        return
    off = sent.start_char
    when = resolve(m.group("date"), None, "past")
    anchor = match_token(sent, off + m.start())
    yield Finding("status", "signed", off + m.start(), off + m.end(), anchor, "asserted", when)
    if when is not None:
        yield Finding("signed_on", when.isoformat(), off + m.start("date"), off + m.end("date"),
                      anchor, "asserted", when, {"date_text": m.group("date"),
                                                 "status": "signed"})


def find_venues(sent: Span) -> Iterator[Finding]:
    """Venues of a signing ("on the sidelines of the G7 in Italy"), normalised to
    "<event> in <place>"; only where the phrase attaches to a signing or to a clause
    whose subject is the agreement itself."""
    p = patterns()
    sign_lemmas = set(vocab.cues().sign_lemmas)
    for m, off in iter_matches(p["venue"], sent):
        event_text = m.group("event")
        anchor = match_token(sent, off + m.start("event"))
        verb = next((t for t in head_path(anchor) if t.pos_ in VERBAL), None)
        if verb is None:
            continue
        subj = subject_of(verb)
        if verb.lemma_ not in sign_lemmas and not (subj is not None and is_agreement_ref(subj)):
            continue
        event = event_name(event_text)
        if event is None:
            continue
        place = m.group("place")
        value = {"event": event, "place": place}
        yield Finding("venue", value, off + m.start(), off + m.end(), anchor)


def event_name(text: str) -> str | None:
    """A venue's event normalised: "Group of Seven (G7) summit" → "G7 summit"."""
    nouns = patterns()["event_nouns"]
    words = text.split()
    noun = words[-1].lower() if words and words[-1].lower() in nouns else None
    body = " ".join(words[:-1]) if noun else text
    organisations = vocab.parties().organisations
    org = next((m.code for m in resolver().find(body) if m.code in organisations), None)
    if org:
        return f"{org} {noun or 'summit'}"
    if noun:
        return text.strip()
    return None
