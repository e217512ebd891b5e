"""Which money figures in a sentence a pledge states: the amounts in the cue's own clause
that are not aid already given ("has provided €28bn since 2022"), not a figure of trade,
investment or output ("its GDP ... is $40.3 billion"), and not the figure such a figure
is compared with."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from spacy.tokens import Span

from pactwatch import vocab
from pactwatch.nlp.amounts import Amount, find_amounts
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.context import ECONOMIC_FIGURE, GDP_SHARE, PAST_AID
from pactwatch.nlp.syntax import clause_tokens, head_path, past_tense


def add_pledged(value: dict[str, Any], sent: Span, cue: Span, published: date | None) -> bool:
    """Adds the amounts a money pledge states in the cue's own clause to its value; False
    when the cue is only a figure of aid already given ("has provided €28bn since
    2022"), not a pledge."""
    payer = value["obligors"][0] if value["obligors"] else None
    clause = clause_tokens(cue.root)
    found = [a for a in find_amounts(sent.text, payer, published.year if published else None)
             if sent.doc[sent.start:sent.end].char_span(a.start, a.end, alignment_mode="expand")
             is not None and _token_at(sent, a.start) in clause]
    economic = [a for a in found if _economic_figure(sent.text, a)]
    pledged = [a for a in found if not _past_aid(sent.text, a) and a not in economic
               and not _given_before(sent, a)
               and not (economic and _compared(sent.text, a))]
    if found and not pledged and any(ch.isdigit() for ch in cue.text):
        return False
    if not found and GDP_SHARE.search(sent.text):
        return False  # "0.25% of its GDP in military aid": a share, no money pledged
    if pledged:
        value["amount"] = pledged[0].to_json()
        value["amounts"] = [a.to_json() for a in pledged]
    return True


def _token_at(sent: Span, char: int) -> int:
    """The document index of the token of a sentence at a character offset (relative to
    the sentence)."""
    absolute = sent.start_char + char
    for t in sent:
        if t.idx <= absolute < t.idx + len(t.text) or t.idx >= absolute:
            return t.i
    return sent.end - 1


# How near (in characters) a marker of aid already given must be to an amount.
_PAST_AID_REACH = 45


def _past_aid(text: str, amount: Amount) -> bool:
    """"...since February 2022 approaches EUR 2 billion": a marker of aid already given
    close to the amount; another amount in the sentence may still be a pledge."""
    lo, hi = max(0, amount.start - _PAST_AID_REACH), amount.end + _PAST_AID_REACH
    return PAST_AID.search(text[lo:hi]) is not None


def _given_before(sent: Span, amount: Amount) -> bool:
    """A figure governed by a verb of giving in the past ("provided military aid ... in
    the amount of €74.4 million", "has already sent aid exceeding €250 million"); "will
    provide" and "pledged to provide" look ahead, and an agreement that "provided" is
    what its terms say."""
    verb = next((t for t in head_path(sent.doc[_token_at(sent, amount.start)])[1:]
                 if t.pos_ in {"VERB", "AUX"}  # not "exceeding" in "aid exceeding €250m"
                 and not (t.dep_ in {"acl", "amod", "prep"} and t.tag_ == "VBG")), None)
    return verb is not None and verb.lemma_ in vocab.cues().given_lemmas \
        and past_tense(verb) and not any(  # "the agreement provided Ukraine with ...":
            c.dep_ == "nsubj" and is_agreement_ref(c) for c in verb.children)  # its terms


_COMPARED = re.compile(r"\b(?:compared (?:to|with)|up from|down from|from|versus|against)\s*$",
                       re.IGNORECASE)


def _compared(text: str, amount: Amount) -> bool:
    """"..., compared to $42.3 million in 2022": a figure of the same series as the one
    before it."""
    return _COMPARED.search(text[max(0, amount.start - 20):amount.start]) is not None


def _economic_figure(text: str, amount: Amount) -> bool:
    """"increase its investments to $1 trillion", "its GDP ... is $40.3 billion": a figure
    of trade, investment or output just before the amount, not money given; unless the
    amount is what a share of output comes to ("0.25% of GDP, about EUR 112 million")."""
    lo = max(0, amount.start - _PAST_AID_REACH)
    shares = [m.span() for m in GDP_SHARE.finditer(text, 0, amount.start)]
    return any(not any(a <= m.start() < b for a, b in shares)
               for m in ECONOMIC_FIGURE.finditer(text, lo, amount.start))
