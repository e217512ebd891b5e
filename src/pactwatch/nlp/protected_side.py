"""Which party of a text's agreements is the protected one, read from what the text has
each side do: the protected state receives support, has its security defended and is
attacked; the guarantor gives. A count over the party mentions, for any pair of states
(cues.yaml: protected_side)."""

from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.tokens import Span, Token

from pactwatch import vocab
from pactwatch.nlp.mentions import Mention
from pactwatch.nlp.syntax import acting_clause, coordination_top, is_sign_verb

_REFLEXIVE = frozenset({"itself", "themselves", "ourselves", "herself", "himself"})


@cache
def _words() -> dict[str, frozenset[str]]:
    cues = vocab.cues()
    words = {name: frozenset(values) for name, values in cues.protected_side}
    words["hostile"] = frozenset(cues.hostile_nouns) | frozenset(cues.hostile_verbs)
    return words


def protected_scores(prose: list[Span], ments: list[Mention]) -> Counter[str]:
    """Per party, the mentions in the text's own sentences (not the links it lists to
    other stories) that have it on the protected side, less those that have it giving
    ("aid to Ukraine" +1 for Ukraine, "Germany's military aid" -1 for Germany)."""
    scores: Counter[str] = Counter()
    if not prose:
        return scores
    doc = prose[0].doc
    inside = {i for sent in prose for i in range(sent.start, sent.end)}
    counted: set[tuple[str, int]] = set()
    for m in ments:
        if m.start not in inside or m.frame:
            continue
        top = coordination_top(doc[m.start:m.end].root)  # "aid to Ukraine and Moldova"
        if (m.code, top.i) in counted:
            continue
        counted.add((m.code, top.i))
        scores[m.code] += _attacked(top) if m.hostile else _side(top)
    return scores


def _attacked(top: Token) -> int:
    """+1 for the target of an attack ("the war against Ukraine", "invaded Ukraine")."""
    words = _words()
    head = top.head
    if top.dep_ == "pobj" and head.lower_ in words["target_prepositions"]:
        return int(head.head.lemma_ in words["hostile"] or head.head.lower_ in words["hostile"])
    return int(top.dep_ == "dobj" and head.lemma_ in words["hostile"])


def _side(top: Token) -> int:
    words = _words()
    head = top.head
    support = words["support_nouns"]
    if top.dep_ == "pobj" and head.lower_ in {"to", "for"}:
        # "support to Ukraine", "provide air defence to Kyiv"
        return int(head.head.lower_ in support or head.head.lemma_ in words["giving_lemmas"])
    if top.dep_ == "pobj" and head.lower_ == "from":
        # "aid from Germany", "Ukraine will receive the Patriot system from Romania"
        return -int(head.head.lower_ in support or head.head.lemma_ in words["receiving_lemmas"]
                    or head.head.head.lemma_ in words["receiving_lemmas"])
    if top.dep_ == "dative" and head.lemma_ in words["giving_lemmas"]:
        return 1  # "Japan will give the Philippines patrol boats"
    if top.dep_ == "dobj":
        if head.lemma_ in words["aiding_lemmas"]:
            return 1  # "we will help Ukraine"
        # "Sweden will provide Ukraine with"
        return int(head.lemma_ in words["giving_lemmas"] and any(
            c.dep_ == "prep" and c.lower_ == "with" for c in head.children))
    if top.dep_ == "nsubj":
        if _one_of_many(head):
            return -1  # "Iceland becomes the 14th country to sign such a deal"
        if head.lemma_ in words["receiving_lemmas"] or head.lemma_ in words["joining_lemmas"] \
                or _aided(head):
            return 1  # "Ukraine will receive", "until Ukraine joins NATO", "help Kenya defend"
        if head.lemma_ in words["aiding_lemmas"] and any(
                c.dep_ == "dobj" and c.lower_ in _REFLEXIVE for c in head.children):
            return 1  # "Ukraine must be able to defend itself"
        return -int(head.lemma_ in words["giving_lemmas"] or head.lemma_ in words["aiding_lemmas"])
    if top.dep_ in {"poss", "amod", "compound", "nmod"}:
        if head.lower_ in words["defended_nouns"] and head.dep_ not in {"compound", "amod"}:
            return 1  # "Ukraine's security", not "the Brazilian defence minister"
        return -int(head.lower_ in support)  # "Germany's military aid"
    return 0


def _one_of_many(verb: Token) -> bool:
    """The partners are counted in order as they sign; the protected state signs
    with each ("X becomes the fourth country to sign")."""
    return verb.lemma_ in {"be", "become"} and any(
        c.dep_ == "attr" and any(a.ent_type_ == "ORDINAL" for a in c.children)
        for c in verb.children)


def _aided(verb: Token) -> bool:
    """A clause an aiding verb governs: "help Ukraine defend itself and achieve ..."."""
    clause = coordination_top(verb)
    return clause.dep_ in {"ccomp", "xcomp"} and clause.head.lemma_ in _words()["aiding_lemmas"]


def acting_role(anchor: Token) -> str:
    """What the party the anchor's clause has acting does with a provision: "receives"
    it when the clause has it receiving ("Kyiv will receive €2bn in military aid from
    the Netherlands"), aided ("will help Ukraine defend itself") or owning what is
    defended ("Ukraine's future membership of NATO"); "signs" when it only signs the
    agreement that holds it ("Ukraine has signed defence agreements with 16 countries"),
    which says nothing of who owes it; else "gives"."""
    found = acting_clause(anchor)
    if found is None:
        return "gives"
    verb, subj = found
    if verb.lemma_ in _words()["receiving_lemmas"] or _aided(verb) or (
            subj.lower_ in _words()["defended_nouns"]
            and any(c.dep_ == "poss" for c in subj.children)):
        return "receives"
    return "signs" if is_sign_verb(verb) else "gives"
