"""spaCy components that mark party mentions and cue spans, compiled from the data files.

Each component has one contract: it adds a span group to the doc and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.literals import ScreenedPattern, fold
from pactwatch.nlp.parties import resolver
from pactwatch.nlp.syntax import AGREEMENT_TOKENS, doc_folded, doc_text, normal_apostrophes

PARTIES = "parties"
AGREEMENT_REFS = "agreement_refs"
PROVISIONS = "provisions"
PARTY_FORMS = "pactwatch_party_forms"  # (start, end) of a party span -> how it was named
HEADLINE_START = "pactwatch_headline_start"  # token that opens the headline (after a dateline)


def _spans(doc: Doc, hits: Iterable[tuple[int, int, str]]) -> list[Span]:
    spans = []
    for start, end, label in hits:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    return spans


def is_agreement_ref(token: Token) -> bool:
    """Whether a token is part of a phrase that names an agreement."""
    return token.i in token.doc.user_data[AGREEMENT_TOKENS]


class PartyMentions:
    """Marks every party mention as a span labelled with its code."""

    def __call__(self, doc: Doc) -> Doc:
        matches = resolver().find(doc_text(doc))
        acting = _acting_capitals(doc)
        hits = [(m.start, m.end, m.code) for m in matches] + acting
        doc.spans[PARTIES] = _spans(doc, sorted(hits))
        forms = {m.start: m.form for m in matches} | {start: "capital" for start, _, _ in acting}
        doc.user_data[PARTY_FORMS] = {(s.start, s.end): forms.get(s.start_char, "name")
                                      for s in doc.spans[PARTIES]}
        return doc


def _acting_capitals(doc: Doc) -> list[tuple[int, int, str]]:
    """A capital that mostly names a summit or a memorandum ("Vilnius", "Minsk") is its
    government where it acts: the subject of a verb ("Vilnius had pledged annual
    allocations"), never a person of that name."""
    acting = resolver().acting_capitals
    return [(t.idx, t.idx + len(t.text), acting[t.text]) for t in doc
            if t.text in acting and t.dep_ in {"nsubj", "nsubjpass"}
            and t.head.pos_ in {"VERB", "AUX"} and t.ent_type_ != "PERSON"]


class CueSpans:
    """Marks agreement references and provision cues (labelled with the kind id)."""

    def __init__(self) -> None:
        self.agreement = vocab.compile_any(vocab.cues().agreement_terms, "cues.yaml")
        self.kinds: list[tuple[str, list[ScreenedPattern]]] = [
            (kind.id, [ScreenedPattern.of(p) for p in kind.patterns()])
            for kind in vocab.provision_kinds()
        ]

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        refs = [(m.start(), m.end(), "agreement") for m in self.agreement.finditer(text)]
        refs += [(m.start(), m.end(), "agreement") for m in _defined_acronyms(text)]
        doc.spans[AGREEMENT_REFS] = _spans(doc, sorted(refs))
        doc.user_data[AGREEMENT_TOKENS] = frozenset(
            i for span in doc.spans[AGREEMENT_REFS] for i in range(span.start, span.end))
        hits: list[tuple[int, int, str]] = []
        folded = doc_folded(doc)
        for kind_id, patterns in self.kinds:
            for pattern in patterns:
                hits.extend((m.start(), m.end(), kind_id)
                            for m in pattern.finditer(text, folded))
        hits.extend(self._across_acronyms(text))
        doc.spans[PROVISIONS] = _spans(doc, sorted(set(hits)))
        return doc

    def _across_acronyms(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Cues a name's acronym in brackets interrupts ("Ukraine's path towards European
        Union (EU) and NATO accession"), matched around each such acronym with it left
        out; only the matches that run across it."""
        for acronym in _BRACKETED_ACRONYM.finditer(text):
            lo, hi = max(0, acronym.start() - _AROUND), min(len(text), acronym.end() + _AROUND)
            window = text[lo:acronym.start()] + text[acronym.end():hi]
            cut, width = acronym.start() - lo, acronym.end() - acronym.start()
            folded = fold(window)
            for kind_id, patterns in self.kinds:
                for pattern in patterns:
                    for m in pattern.finditer(window, folded):
                        if m.start() < cut < m.end():
                            yield lo + m.start(), lo + m.end() + width, kind_id


# " (EU)" after "European Union": the acronym a name is given in brackets
_BRACKETED_ACRONYM = re.compile(r"(?<=[a-z]) \([A-Z]{2,6}\)(?=[ ,])")
_AROUND = 120  # characters either side of it that a cue may reach


# "the Reciprocal Access Agreement (RAA)": the acronym names that agreement after it
_ACRONYM_DEFINED = re.compile(
    r"\b(?:Agreement|Treaty|Pact|Accord|Arrangement)s? \(([A-Z]{2,6})s?\)")


def _defined_acronyms(text: str) -> list[re.Match[str]]:
    """Later uses of an acronym the text defines for an agreement ("the RAA would ...")."""
    acronyms = {m.group(1) for m in _ACRONYM_DEFINED.finditer(text)}
    if not acronyms:
        return []
    pattern = re.compile(rf"(?<![\w(])(?:{'|'.join(sorted(acronyms))})s?(?![\w)])")
    return list(pattern.finditer(text))


_LINE_START = re.compile(r"^", re.M)


class ParagraphBreaks:
    """A line break ends a sentence (titles, datelines, list items), so the parser never
    joins a headline to the lede; so does a dateline that opens a line ("KYIV, Feb 16
    (Reuters) -", "date 2024-06-14"), so that its date is never read as the date of what
    the sentence after it reports. A lone line break inside a sentence is not an end:
    some pages break a line wherever a link starts ("with the Prime Minister\nof
    Norway"). (Not when the next line starts with a capital: that is how a caption, a
    credit or a headline ends on a line of its own.)"""

    def __init__(self) -> None:
        self.datelines = vocab.compile_any(vocab.cues().datelines, "cues.yaml: datelines")

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[:-1]:
            if token.is_space and token.text.count("\n") >= 1 \
                    and not _inside_a_sentence(token):
                doc[token.i + 1].is_sent_start = True
        text = doc.text  # rebuilt by spaCy on every access: read it once
        for m in _LINE_START.finditer(text):
            found = self.datelines.match(text, m.start())
            if found is None or found.end() >= len(text):
                continue
            end = found.end()
            while (more := self.datelines.match(text, _past_spaces(text, end))) is not None \
                    and more.end() > end:
                end = more.end()  # " date 2023-09-18 BAMAKO - The leaders ...": two in a row
            if end >= len(text):
                continue
            after = doc.char_span(end, len(text), alignment_mode="expand")
            if after is not None and after.start > 0 and after.start < len(doc):
                nxt = doc[after.start]
                while nxt.is_space and nxt.i + 1 < len(doc):
                    nxt = doc[nxt.i + 1]
                nxt.is_sent_start = True
                if m.start() == 0:
                    doc.user_data[HEADLINE_START] = nxt.i
        return doc


def _past_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t":
        i += 1
    return i


def _inside_a_sentence(space: Token) -> bool:
    """Whether a line break (``space``) falls inside a sentence: a single one, after a
    word or a comma, before a word in lower case."""
    if space.text.count("\n") != 1 or space.i == 0:
        return False
    before, after = space.doc[space.i - 1], space.doc[space.i + 1]
    return (before.is_alpha or before.text == ",") and after.is_alpha \
        and after.text[0].islower()


def headline(doc: Doc) -> Span | None:
    """The document's first sentence, after its dateline if it opens with one."""
    start = doc.user_data.get(HEADLINE_START, 0)
    return doc[start].sent if start < len(doc) else None


def is_headline(sent: Span) -> bool:
    return sent.start == sent.doc.user_data.get(HEADLINE_START, 0)


class Apostrophes:
    """Tokens written with another apostrophe ("Czechiaʼs") get the norm of the usual one,
    so the tagger and parser read them as they read "Czechia's"."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if "ʼ" in token.text:
                token.norm_ = normal_apostrophes(token.norm_)
        return doc


@Language.factory("pactwatch_apostrophes_v1")
def make_apostrophes(nlp: Language, name: str) -> Apostrophes:
    return Apostrophes()


@Language.factory("pactwatch_paragraphs_v1")
def make_paragraph_breaks(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()


@Language.factory("pactwatch_parties_v1")
def make_party_mentions(nlp: Language, name: str) -> PartyMentions:
    return PartyMentions()


@Language.factory("pactwatch_cues_v1")
def make_cue_spans(nlp: Language, name: str) -> CueSpans:
    return CueSpans()
