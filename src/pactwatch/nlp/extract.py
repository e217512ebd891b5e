"""Turns a parsed document into claims: the ``pactwatch_claims_v1`` component.

For each sentence about an agreement it finds provisions (with polarity, deadline and
who owes whom), terms, status and dates, venue, legal form, binding-ness, framework,
counts and annexes; decides which agreement each is about; and attaches who said it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp import event_dates, facts, other_agreements
from pactwatch.nlp.attribution import Attribution, attribute
from pactwatch.nlp.between import between
from pactwatch.nlp.classifier import model_polarity
from pactwatch.nlp.components import AGREEMENT_REFS, PROVISIONS
from pactwatch.nlp.context import (
    LIST_ITEM,
    PLEDGE_KIND,
    in_context,
    opens_commitment_list,
    opens_list,
    pronoun_subject,
    speaks_of_others,
    tells_of_aid_given,
)
from pactwatch.nlp.dates import document_date, url_date, url_month
from pactwatch.nlp.mentions import Mention, mentions
from pactwatch.nlp.people import SpeakerState, register_people
from pactwatch.nlp.pledges import add_pledged
from pactwatch.nlp.protected_side import acting_role
from pactwatch.nlp.related_links import linked_stories
from pactwatch.nlp.sign_status import settle_agreed_or_signed
from pactwatch.nlp.signing_events import find_signing_events
from pactwatch.nlp.subject_guards import leaves_out, owner_conflict, pairs_adversaries
from pactwatch.nlp.subjects import (
    DocFocus,
    Subject,
    acting_parties,
    claim_subjects,
    document_focus,
    earlier_signers,
)
from pactwatch.nlp.syntax import (
    doc_text,
    is_asked,
    is_negated,
    is_sign_verb,
    is_time_bound,
    modality,
    spans_in_sentence,
    subject_of,
)
from pactwatch.nlp.terms import find_term_until, find_terms
from pactwatch.records import Claim

META_KEY = "pactwatch_meta"
CLAIMS_KEY = "pactwatch_claims"

_DEADLINE = re.compile(r"(?:within|no later than|in) (?:the (?:first |next )?)?(?P<n>\d+|"
                       r"twenty-four|forty-eight|seventy-two) hours"
                       r"|(?P<m>\d+|twenty-four|forty-eight|seventy-two)[- ]hours?\b", re.I)
_IMMEDIATE = re.compile(r"\b(?:immediately|promptly|without delay|swiftly)\b", re.I)
_HOUR_WORDS = {"twenty-four": 24, "forty-eight": 48, "seventy-two": 72}
# The provision kind whose claims carry money amounts.
_RECIPROCAL = vocab.compile_any(vocab.cues().reciprocity, "cues.yaml: reciprocity")
# Attributions that name who spoke; the outlet's own voice is not one of them.
SPEAKER_KINDS = frozenset({"official", "named", "unnamed_sources"})
# Marks of an agreement's own text: its parties as "the Participants"/"the Sides",
# "hereinafter", "This Agreement", a signature line.
_AGREEMENT_TEXT = re.compile(
    r"\b(?:the (?:Participants|Sides|High Contracting Parties)\b|hereinafter|[Tt]his Agreement\b)"
    r"|^\s*(?:Done|Signed) (?:at|in) ", re.M)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


@dataclass(frozen=True)
class DocMeta:
    doc_id: str
    published: date | None
    outlet: str | None
    url: str | None = None


class ClaimExtractor:
    """Reads the span groups set by the party and cue components and the parse."""

    def __call__(self, doc: Doc) -> Doc:
        meta: DocMeta = doc.user_data.get(META_KEY) or DocMeta("", None, None)
        doc.user_data[CLAIMS_KEY] = extract_claims(doc, meta)
        return doc


def _sentences_with_security_refs(doc: Doc) -> set[int]:
    """Sentences that name an agreement, unless all they name is about something else
    ("from the text of the rare minerals deal") or may never come about ("potential
    security guarantees")."""
    return {span.sent.start for span in doc.spans[AGREEMENT_REFS]
            if not other_agreements.about_something_else(span.root)
            and not other_agreements.only_possible(span.root)}


def extract_claims(doc: Doc, meta: DocMeta) -> list[Claim]:
    if not speaks_of_security_agreement(doc_text(doc)):
        return []
    if meta.published is None:
        # The day its web address files it under, or a dateline or caption, anchors its
        # relative dates; an address's month alone anchors only days named with a month.
        meta = replace(meta, published=url_date(meta.url) or document_date(doc_text(doc)))
        doc.user_data[event_dates.MONTH_KEY] = url_month(meta.url) if meta.published is None \
            else None
    ments = mentions(doc)
    with_refs = _sentences_with_security_refs(doc)
    # A sentence the classifier alone marks is about an agreement only where something
    # else makes it so (it names one, it goes on with a list): a damage report that reads
    # like "reconstruction" does not become a statement about an agreement.
    with_cues = {span.sent.start for span in doc.spans[PROVISIONS]
                 if model_polarity(span) is None or span.sent.start in with_refs}
    # Inside a list that a commitment opened, the classifier's reading of an item is
    # enough: the list says whose commitments its items are.
    with_any_cue = {span.sent.start for span in doc.spans[PROVISIONS]}
    # the headlines a page lists under "Read more:" are other stories
    linked = linked_stories(doc_text(doc))
    sents = [s for s in doc.sents
             if not any(start <= s.start_char < end for start, end in linked)]
    focus = document_focus(doc, [s for s in sents if s.start in with_refs], ments, sents)
    state = SpeakerState()
    register_people(doc, state)
    claims: dict[str, Claim] = {}
    listing = False
    # The agreement the text is on at this point: "the pact" and "the Participants" in
    # a sentence that names no party refer to it. It starts as the document's focus and
    # moves when a sentence names another agreement's party as the one acting.
    current = focus.focus
    last_event: date | None = None  # the date of the last signing reported
    previous_start = -1
    group: tuple[Subject, ...] = ()
    # Commitments by a party ("The United States will provide ...") are provisions in an
    # agreement's own text and in a document whose opening names the agreement's pair.
    own_text = _AGREEMENT_TEXT.search(doc_text(doc)) is not None
    doc.user_data[facts.OWN_TEXT_KEY] = own_text
    agreement_text = own_text or _opens_with_focus(sents, ments, focus)
    ref_paragraphs = _paragraph_mates(doc, sents, with_refs)
    previous = False  # whether the sentence before was about an agreement
    paragraph_of = _paragraphs(doc, sents)
    # The day of what the last two sentences reported as done (None when they date
    # nothing), for a signing that follows them undated.
    recent_days: list[event_dates.DatedEvent | None] = [None, None]
    item_before = False  # whether the sentence before was an item of a list
    for sent in sents:
        recent_day = next((d for d in reversed(recent_days) if d is not None), None)
        recent_days = [recent_days[-1], event_dates.dated_event(sent, meta.published)]
        new_paragraph = paragraph_of[sent.start] != paragraph_of.get(previous_start, -1)
        if new_paragraph:
            current = focus.focus  # a new paragraph returns to the document's agreement
        previous_start = sent.start
        said = attribute(sent, state, meta.outlet)
        in_list = listing and (LIST_ITEM.match(sent.text) is not None
                               or _on_a_list_line(sent) or _list_heading(sent))
        if listing and not in_list and new_paragraph and item_before:
            listing = False  # a paragraph after the list's last item is not in it
        item_before = in_list
        if not (in_context(sent, with_refs, with_any_cue if in_list else with_cues, listing,
                            focus, ments, agreement_text, ref_paragraphs)
                or (previous and sent.start in with_cues and pronoun_subject(sent))):
            if said.kind in SPEAKER_KINDS and current is not None and _about_it(
                    said, current, sent.start in ref_paragraphs):
                # a quote next to the agreement's news is about it ("Scholz described
                # the signing as a historic step")
                here = replace(focus, focus=current, group=group)
                for claim in _statements(sent, meta, said, ments, here, []):
                    if not pairs_adversaries(claim.subject, sent, ments, focus):
                        claims.setdefault(claim.claim_id, claim)
            # "Portugal has pledged to support Ukraine so that it can:" opens a list of
            # what the agreement's partner commits to
            listing = opens_commitment_list(sent, ments, current) or in_list
            previous = False
            continue
        previous = True
        here = replace(focus, focus=current, group=group)
        found = _sentence_claims(sent, meta, said, ments, here, last_event, recent_day)
        last_event = max((c.event_date for c in found if c.predicate == "signed_on"
                          and c.event_date), default=last_event)
        if said.kind in SPEAKER_KINDS or (sent.start in with_refs and _relayed(said, meta)):
            found += _statements(sent, meta, said, ments, here, found)
        found = [c for c in found if not pairs_adversaries(c.subject, sent, ments, focus)
                 and not leaves_out(c.subject, sent, ments)]
        # "What was stipulated in the agreement:" opens a list of what it contains
        listing = any(c.predicate == "provision" for c in found) or opens_list(sent) \
            or opens_commitment_list(sent, ments, current) or in_list
        # what a speaker said moves nothing: "He noted that 19 other nations and the EU
        # have signed similar agreements" is still about this one
        subjects = {c.subject for c in found if c.predicate != "statement"}
        if len(subjects) > 1:
            group = tuple(sorted(subjects))
        if len(subjects) == 1 and focus.hub is not None:
            [only] = subjects
            if only != current and _names_partner(sent, ments, only, focus.hub) \
                    and not speaks_of_others(sent):
                current = only
        for claim in found:
            claims.setdefault(claim.claim_id, claim)
    return settle_agreed_or_signed(claims.values())


@cache
def _security_terms() -> re.Pattern[str]:
    return vocab.compile_any(vocab.cues().security_agreement_terms,
                             "cues.yaml: security_agreement_terms")


def speaks_of_security_agreement(text: str) -> bool:
    """Whether a text ever speaks of a security agreement; one that does not states no
    fact about one, however often it says "agreement" or "security"."""
    return _security_terms().search(text) is not None


def _opens_with_focus(sents: list[Span], ments: list[Mention], focus: DocFocus) -> bool:
    """Whether the opening (the first three sentences, not counting lines with no verb:
    a kicker, a photo caption) names the pair of the document's agreement."""
    if focus.focus is None or len(sents) < 2:
        return False
    opening = [s for s in sents if any(t.pos_ in {"VERB", "AUX"} for t in s)][:3] or sents
    end = opening[-1].end
    named = {m.code for m in ments if not m.hostile and m.start < end}
    return set(focus.focus) <= named


def _paragraphs(doc: Doc, sents: list[Span]) -> dict[int, int]:
    """The paragraph number of each sentence (by its start token)."""
    breaks = [m.start() for m in _PARAGRAPH_BREAK.finditer(doc_text(doc))]
    return {s.start: bisect.bisect_right(breaks, s.start_char) for s in sents}


def _paragraph_mates(doc: Doc, sents: list[Span], with_refs: set[int]) -> set[int]:
    """Starts of the sentences that share a paragraph with a sentence naming an
    agreement."""
    paragraph = _paragraphs(doc, sents)
    named = {paragraph[start] for start in with_refs if start in paragraph}
    return {start for start, number in paragraph.items() if number in named}


def _on_a_list_line(sent: Span) -> bool:
    """A sentence on a line that a list number or bullet opens ("  4. Consultations in
    the Event of Attack:", the parser having made "4." a sentence of its own)."""
    return LIST_ITEM.match(_line_of(sent)) is not None


def _list_heading(sent: Span) -> bool:
    """An indented heading inside a list ("    Consultations in the Event of Attack:"):
    the list goes on under it. A heading at the margin ("Background:") ends it."""
    line = _line_of(sent)
    return line[:1] in {" ", "\t"} and line.rstrip().endswith(":") and len(line.split()) <= 10


def _line_of(sent: Span) -> str:
    """The sentence with the start of the line its first word is on."""
    text = doc_text(sent.doc)
    own = text[sent.start_char:sent.end_char]
    first = sent.start_char + len(own) - len(own.lstrip())
    return text[text.rfind("\n", 0, first) + 1:sent.end_char]


def _names_partner(sent: Span, ments: list[Mention], subject: Subject, hub: str) -> bool:
    partners = set(subject) - {hub}
    return any(m.code in partners and not m.hostile and sent.start <= m.start < sent.end
               for m in ments)


def _sentence_claims(sent: Span, meta: DocMeta, said: Attribution, ments: list[Mention],
                     focus: DocFocus, last_event: date | None = None,
                     recent_day: event_dates.DatedEvent | None = None) -> list[Claim]:
    out: list[Claim] = []
    seen: set[tuple[Subject, str, str]] = set()
    findings = _findings(sent, meta.published, last_event, recent_day)
    # "Luxembourg signed an agreement under which the Grand Duchy will ...": what the
    # sentence says of the agreement belongs to the one its signing names.
    signed = {s for f in findings if f.predicate == "status" and is_sign_verb(f.anchor)
              for s in claim_subjects(f.anchor, sent, ments, focus)}
    if len(signed) == 1:
        focus = replace(focus, focus=next(iter(signed)))
    for span in spans_in_sentence(sent, PROVISIONS):
        kind = vocab.kind_by_id()[span.label_]
        learned = model_polarity(span)
        if not learned and is_time_bound(span):
            continue  # "in force until Ukraine joins NATO": the end of a period
        if is_asked(span):
            continue  # "asked whether the guarantees would include U.S. troops"
        if tells_of_aid_given(sent):
            continue  # "Western countries have supplied battle tanks": past aid
        polarity = learned or ("excluded" if is_negated(span, kind.refrains) else "included")
        # A classifier span covers its sentence: any agreement the sentence names as
        # another's ("NATO's founding treaty") makes it about that one, not this one.
        anchors = [span.root] + ([r.root for r in spans_in_sentence(sent, AGREEMENT_REFS)]
                                 if learned else [])
        acting = acting_parties(span.root, ments)[0]
        for subject in claim_subjects(span.root, sent, ments, focus):
            if any(owner_conflict(a, subject, ments) for a in anchors):
                continue
            key = (subject, kind.id, polarity)
            if key in seen:
                continue
            seen.add(key)
            value = _provision_value(kind.id, kind.obligor, kind.deadline, sent, subject, focus,
                                     acting & set(subject), acting_role(span.root))
            if kind.id == PLEDGE_KIND and polarity == "included" \
                    and not add_pledged(value, sent, span, meta.published):
                continue
            out.append(_claim(meta, said, subject, "provision", value, polarity,
                              modality(span), span.start_char, span.end_char, sent))
    for after, codes in earlier_signers(sent, ments):
        for subject in _pairs_with_hub(codes, focus):
            key = (subject, "status", "'signed'")
            if key not in seen:
                seen.add(key)
                out.append(_claim(meta, said, subject, "status", "signed", "included",
                                  "asserted", after.idx, after.right_edge.idx
                                  + len(after.right_edge.text), sent))
    for finding in findings:
        anchor = finding.anchor
        if finding.predicate == "framework":
            # "signed ..., the first of the arrangements the G7 promised": the framework
            # belongs to the agreement the sentence is about, not to its issuer
            anchor = _main_verb(sent) or anchor
        if finding.extra.get("others_like_it") and _others_like_it_only(finding, ments, focus):
            continue  # "Ukraine has signed 25 such documents": others, not this one
        mood = finding.modality or modality(sent.doc[finding.anchor.i:finding.anchor.i + 1])
        if finding.predicate == "status" and finding.value in vocab.cues().ending_statuses \
                and (mood != "asserted" or not _happened(finding.anchor)):
            continue  # "a future president could withdraw": no termination
        subjects = [finding.parties] if finding.parties else \
            claim_subjects(anchor, sent, ments, focus)
        for subject in subjects:
            key = (subject, finding.predicate, repr(finding.value))
            if key in seen:
                continue
            seen.add(key)
            out.append(_claim(meta, said, subject, finding.predicate, finding.value,
                              "included", mood, finding.start, finding.end, sent,
                              finding.event_date, finding.extra))
    return out


def _others_like_it_only(finding: facts.Finding, ments: list[Mention],
                         focus: DocFocus) -> bool:
    """A signing of "similar"/"such" agreements speaks of this document's agreement
    only if a partner signs it ("he and Sánchez signed a comparable pact"); a count of
    them ("has signed 25 such documents") is never about one."""
    if finding.extra.get("counted") and between(finding.anchor.sent, ments) is not None:
        return False  # "signed three agreements: one between Ukraine and the EU and two
        # others with Lithuania and Estonia": the count goes on to name each
    named = _signers(finding.anchor, ments)
    # with no protected state known, one signer alone ("Ukraine has signed similar
    # agreements with a number of allies") is the one all of them share
    signers = named - {focus.hub} if focus.hub is not None or len(named) > 1 else set()
    if len(named) > 1 and focus.hub in named and not finding.extra.get("counted") \
            and _plural_object(finding.anchor) and finding.anchor.dep_ != "relcl":
        return True  # "the US and Canada would be the last to sign such agreements": each
        # signs its own with the protected state, not one with each other
    # "the Chilean and Peruvian governments renewed two accords": a pair's own count
    return not signers or (bool(finding.extra.get("counted")) and len(named) < 2)


def _plural_object(verb: Token) -> bool:
    return any(c.dep_ in {"dobj", "nsubjpass"} and c.tag_ == "NNS" for c in verb.children)


def _signers(verb: Token, ments: list[Mention]) -> set[str]:
    """The parties the subject of a signing names ("he and Sánchez signed", "Britain and
    France, which signed")."""
    subj = subject_of(verb)
    if subj is not None and subj.lower_ in {"which", "that", "who"} and verb.dep_ == "relcl":
        subj = verb.head
    if subj is None:
        return set()
    inside = {t.i for t in subj.subtree}
    return {m.code for m in ments if not m.hostile and m.start in inside}


def _happened(anchor: Token) -> bool:
    """Whether the verb of an ending ("withdrew", "has been terminated") states that it
    took place: past or perfect, not an infinitive, a plan or a condition ("threatened to
    withdraw", "if it is revoked")."""
    verb = anchor if anchor.pos_ in {"VERB", "AUX"} else anchor.head
    if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "whether"} for c in verb.children):
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.tag_ in {"VBD", "VBN"} or anchor.tag_ in {"VBD", "VBN"}


def _about_it(said: Attribution, current: Subject, in_paragraph: bool) -> bool:
    """Whether words that name no agreement are about the one in discussion: said in a
    paragraph about it by someone not of another party, or, in a document about it, by
    an official of one of its parties ("Trudeau said the loans would keep the country
    running")."""
    own = said.party is None or said.party in current
    if in_paragraph:
        return own
    return said.kind == "official" and said.party in current


def _relayed(said: Attribution, meta: DocMeta) -> bool:
    """Another outlet's reporting ("El País reported", "Formiche, citing ...")."""
    return said.origin is not None and said.origin != meta.outlet


def _statements(sent: Span, meta: DocMeta, said: Attribution, ments: list[Mention],
                focus: DocFocus, found: list[Claim]) -> list[Claim]:
    """What a named official, an analyst, unnamed sources or another outlet said about
    an agreement, one claim per agreement: the record of who spoke, even when the words
    hold no fact pactwatch reads ("Scholz called the agreement a historic step")."""
    subjects = list(dict.fromkeys(c.subject for c in found))
    ref = next(iter(spans_in_sentence(sent, AGREEMENT_REFS)), None)
    if not subjects and ref is not None:
        subjects = claim_subjects(ref.root, sent, ments, focus)
    if not subjects and focus.focus is not None:
        subjects = [focus.focus]
    quoted = " … ".join(q.strip() for q in _QUOTED.findall(sent.text)) or sent.text.strip()
    speakers = [(said, sent.start_char, sent.end_char), *said.also]
    return [_claim(meta, who, subject, "statement", quoted[:400], "included", "asserted",
                   start, end, sent) for subject in subjects for who, start, end in speakers]


def _pairs_with_hub(codes: set[str], focus: DocFocus) -> list[Subject]:
    if focus.hub is None:
        return []
    return [tuple(sorted({focus.hub, code})) for code in sorted(codes - {focus.hub})]


def _main_verb(sent: Span) -> Token | None:
    signing = [t for t in sent if is_sign_verb(t)]
    return signing[0] if signing else (sent.root if sent.root.pos_ in {"VERB", "AUX"} else None)


def _findings(sent: Span, published: date | None, last_event: date | None = None,
              recent_day: event_dates.DatedEvent | None = None) -> list[facts.Finding]:
    found: list[facts.Finding] = []
    found.extend(facts.find_status(sent, published, last_event, recent_day))
    found.extend(find_signing_events(sent, published))
    found.extend(facts.find_signature(sent))
    found.extend(facts.find_title_of_text(sent))
    found.extend(find_terms(sent))
    found.extend(find_term_until(sent, published))
    found.extend(facts.find_venues(sent))
    found.extend(facts.find_legal(sent))
    found.extend(facts.find_frameworks(sent))
    found.extend(facts.find_counts(sent))
    found.extend(facts.find_annex(sent))
    return found


def _provision_value(kind: str, obligor: str, has_deadline: bool, sent: Span,
                     subject: Subject, focus: DocFocus,
                     actors: set[str] | None = None, role: str = "gives") -> dict[str, Any]:
    """Who owes a provision to whom: the party the sentence has committing to it ("Japan
    will provide the Philippines with patrol boats") or receiving it ("Ukraine will
    receive ... from Romania"), else by the kind's obligor, the guarantor or the
    document's protected state."""
    hub = focus.hub if focus.hub in subject else None
    guarantors = [p for p in subject if p != hub] if hub else []
    protected = [hub] if hub else []
    obligors, beneficiaries = (guarantors, protected) if obligor == "guarantor" \
        else (protected, guarantors)
    if actors and len(actors) == 1 and set(subject) - actors and role != "signs":
        obligors = sorted(actors)
        beneficiaries = sorted(set(subject) - actors)
        if role == "receives":
            obligors, beneficiaries = beneficiaries, obligors
    if _RECIPROCAL.search(sent.text):  # owed both ways, whoever the text protects
        obligors = beneficiaries = sorted(subject)
    value: dict[str, Any] = {"kind": kind, "obligors": obligors,
                             "beneficiaries": beneficiaries}
    if has_deadline:
        m = _DEADLINE.search(sent.text)
        if m:
            n = m.group("n") or m.group("m")
            value["deadline_hours"] = int(n) if n.isdigit() else _HOUR_WORDS[n.lower()]
        elif _IMMEDIATE.search(sent.text):
            value["deadline_hours"] = 0
            value["deadline"] = "immediately"
    return value


def _claim(meta: DocMeta, said: Attribution, subject: Subject, predicate: str, value: Any,
           polarity: str, mood: str, start: int, end: int, sent: Span,
           event_date: date | None = None, extra: dict[str, Any] | None = None) -> Claim:
    extra = dict(extra or {})
    extra["sentence"] = [sent.start_char, sent.end_char]
    if said.party:
        extra["speaker_party"] = said.party
    return Claim(
        doc_id=meta.doc_id,
        subject=subject,
        predicate=predicate,
        value=value,
        polarity=polarity,
        modality=mood,
        attributed_to=said.attributed_to,
        role=said.role,
        attribution_kind=said.kind,
        origin=said.origin,
        start=start,
        end=end,
        text=sent.text,
        confidence=vocab.claim_confidence(predicate, mood),
        event_date=event_date,
        extra=extra,
    )


@Language.factory("pactwatch_claims_v1")
def make_claim_extractor(nlp: Language, name: str) -> ClaimExtractor:
    return ClaimExtractor()
