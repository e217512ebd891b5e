"""Which sentences of a document are about an agreement, for the claims extractor.

A sentence is about one when it names one, when it goes on with a list the sentence
before opened, when the agreement's participants or parties commit to something in it,
when it tells of a signing, or when it is the signature line. Everything else is
background, and its cues are not read as provisions.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from pactwatch import vocab
from pactwatch.nlp import facts, other_agreements
from pactwatch.nlp.components import AGREEMENT_REFS, PROVISIONS
from pactwatch.nlp.mentions import Mention
from pactwatch.nlp.signing_events import tells_of_a_signing
from pactwatch.nlp.subjects import DocFocus, Subject
from pactwatch.nlp.syntax import (
    commits,
    head_path,
    is_negated,
    is_sign_verb,
    past_tense,
    sayer_of_clause,
    spans_in_sentence,
    subject_of,
)

PLEDGE_KIND = "financial_support"
PAST_AID = vocab.compile_any(vocab.cues().past_aid, "cues.yaml: past_aid")
ECONOMIC_FIGURE = vocab.compile_any(vocab.cues().economic_figures, "cues.yaml: economic_figures")
GDP_SHARE = vocab.compile_any([vocab.cues().gdp_share], "cues.yaml: gdp_share")


def in_context(sent: Span, with_refs: set[int], with_cues: set[int], listing: bool,
                focus: DocFocus, ments: list[Mention], agreement_text: bool,
                ref_paragraphs: set[int]) -> bool:
    """A sentence is about an agreement when it names one; when it goes on with the
    provisions the sentence before listed ("The U.S. will, in turn, ..."); when the
    participants commit to a provision ("The Participants shall ..."); when one of the
    parties does so ("The United Kingdom will ...") in an agreement's own text or in a
    paragraph that names the agreement; when it tells of the signing of the agreement in
    discussion; or when it is the signature line."""
    if sent.start in with_refs or (listing and sent.start in with_cues):
        return True
    if _signing(sent, ments):
        return True
    if focus.focus is None:
        return False
    if tells_of_a_signing(sent):
        return True  # "The signing ceremony will be held in Oslo on Friday."
    in_paragraph = sent.start in ref_paragraphs
    if sent.start in with_cues and (
            commits(sent, ments, focus.focus, by_party=agreement_text)
            or (in_paragraph and commits(sent, ments, focus.focus, loose=True))
            or (in_paragraph and (_states_money(sent) or _excludes(sent)))):
        return True
    return any(True for _ in facts.find_signature(sent)) \
        or any(True for _ in facts.find_title_of_text(sent))


# A line of a bulleted or numbered list: it goes on with the list before it.
LIST_ITEM = re.compile(r"\s*(?:[•▪●◦·*–-]|\d{1,2}[.)])(?:\s|$)")


def opens_commitment_list(sent: Span, ments: list[Mention], current: Subject | None) -> bool:
    """A sentence ending in a colon whose subject is a party of the agreement in
    discussion, or its participants, committing to something ("Ukraine and Portugal
    will cooperate in the following areas:", "The two countries will:")."""
    if current is None or not sent.text.rstrip().endswith(":"):
        return False
    cues = vocab.cues()
    aux, lemmas = set(cues.commitment_aux), set(cues.commitment_lemmas)
    verb = sent.root
    subj = subject_of(verb)
    if subj is None:
        return False
    inside = {t.i for t in subj.subtree}
    if subj.lower_ not in cues.participant_nouns and not any(
            m.code in current and not m.hostile and m.start in inside for m in ments):
        return False
    chain = [verb, *[c for c in verb.children if c.dep_ in {"xcomp", "conj"}]]
    return any(c.dep_ == "aux" and c.lower_ in aux for v in chain for c in v.children) \
        or any(v.lemma_ in lemmas for v in chain)


def opens_list(sent: Span) -> bool:
    return sent.text.rstrip().endswith(":") and bool(spans_in_sentence(sent, AGREEMENT_REFS))


def _excludes(sent: Span) -> bool:
    """An exclusion in a paragraph about an agreement ("There is no Article 5 in it")."""
    kinds = vocab.kind_by_id()
    return any(is_negated(s, kinds[s.label_].refrains)
               for s in spans_in_sentence(sent, PROVISIONS))


def _states_money(sent: Span) -> bool:
    """A money figure in a paragraph about an agreement ("Germany's military aid for 2024
    is put at more than €7 billion")."""
    return any(s.label_ == PLEDGE_KIND for s in spans_in_sentence(sent, PROVISIONS)) \
        and not PAST_AID.search(sent.text)


def _signing(sent: Span, ments: list[Mention]) -> bool:
    """A signing between parties, even with the agreement unnamed ("Iohannis signed
    with Zelensky on Thursday")."""
    for t in sent:
        if not is_sign_verb(t):
            continue
        subj = subject_of(t)  # "Rutte chose Kharkiv to sign on March 1"
        if subj is not None and subj.lower_ in {"they", "we"}:
            subj = sayer_of_clause(t) or subj  # "Italy and Malta said they plan to sign"
        under = {t.i} | ({x.i for x in subj.subtree} if subj is not None else set())
        if any(not m.hostile and sent.start <= m.start < sent.end
               and (m.start in under or any(
                   h.i == t.i for h in head_path(sent.doc[m.start:m.end].root)))
               for m in ments):
            return True
    return False


def pronoun_subject(sent: Span) -> bool:
    """"It also foresees ...": the sentence goes on about the agreement just named."""
    lemmas = set(vocab.cues().commitment_lemmas)
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ in {"it", "they"}
               and (t.head.dep_ == "ROOT" or t.head.lemma_ in lemmas) for t in sent)


def speaks_of_others(sent: Span) -> bool:
    """Whether the sentence speaks of other agreements like this one ("19 other nations
    and the EU have signed similar agreements"): it names their parties, but the text
    goes on about the agreement it was about."""
    others = other_agreements.OTHER_AGREEMENTS
    return any(any(t.lower_ in others for t in ref.root.children if t.i < ref.root.i)
               for ref in spans_in_sentence(sent, AGREEMENT_REFS))


def tells_of_aid_given(sent: Span) -> bool:
    """"Western countries have supplied battle tanks": aid already given, told in a
    sentence that names no agreement, is background, not a provision (what an agreement
    "provided" is its terms, and that sentence names it)."""
    if spans_in_sentence(sent, AGREEMENT_REFS):
        return False
    return sent.root.lemma_ in vocab.cues().given_lemmas and past_tense(sent.root)

