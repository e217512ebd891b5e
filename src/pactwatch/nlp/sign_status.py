"""The status a verb of signing states by its tense and mood: "signed" or "has signed"
(signed), "will sign", "to sign" in a plan (expected); no status from a wish ("we hope
our leaders will sign"), a possibility ("may sign"), a negation or a plan that failed
("was expected to sign ..., but")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cache

from spacy.tokens import Token

from pactwatch import vocab
from pactwatch.nlp.components import is_agreement_ref
from pactwatch.nlp.event_dates import attached_dates, is_future
from pactwatch.nlp.syntax import VERBAL
from pactwatch.records import Claim

# set by facts.find_status on a signing told by a verb that may only mean agreed
AGREED_OR_SIGNED = "agreed_or_signed"


def sign_status(verb: Token) -> str | None:
    if signed_participle(verb):
        return "signed"
    if any(c.dep_ == "neg" for c in verb.children) or _nothing_signed(verb):
        return None  # "will not be signed in Washington", "No agreement was signed": no
        # signing, whatever the tense
    if verb.dep_ == "xcomp" and _judged(verb.head):
        return None  # "it is important to conclude such agreements": a wish
    if verb.dep_ == "ccomp" and verb.head.lemma_ in vocab.cues().wish_lemmas:
        return None  # "we hope that our leaders will sign it soon": a wish
    if verb.dep_ in {"xcomp", "advcl"} and _plan_that_failed(verb.head):
        return None  # "was expected to sign it last week, but Kiev had reservations"
    if verb.dep_ in {"relcl", "acl", "ccomp"} and verb.head.lemma_ in _EXPECTATIONS \
            and _plan_that_failed(verb.head.head):
        return None  # "while there were expectations the pact would be signed, ..."
    if verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.pos_ in VERBAL and not any(
            c.dep_ in {"aux", "auxpass"} for c in verb.children):
        # "will visit ... to meet De Croo and sign": a bare verb joined to another takes
        # its tense and its "to" from that one
        return sign_status(verb.head)
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and verb.head.lower_ in _SINCE:
        return _after_signing(verb.head.head)
    children = {c.lower_: c.dep_ for c in verb.children}
    if any(w in children for w in vocab.cues().modality["possibility_aux"]):
        return None  # "Chile may sign an agreement later this year": no plan yet
    if any(w in children for w in ("will", "shall", "'ll", "would")):
        return "expected"
    head = verb.head
    if children.get("to") == "aux" and verb.dep_ == "advcl" and head.tag_ == "VBD" \
            and head.lemma_ != "be":
        # "flew into Kyiv on January 12 to sign the UK agreement"; not the present perfect
        # of news just in ("Sunak has arrived in Kyiv to sign"): the signing may be ahead
        return "signed"
    if children.get("to") == "aux" and not (
            verb.dep_ == "xcomp" and head.tag_ == "VBD" and head.lemma_ not in _not_done()) \
            and not (verb.dep_ == "xcomp" and head.lemma_ in {"be", "become"}
                     and _ordinal_attr(head)):
        # "US and Ukraine to sign" (headline) or "expected to sign" are plans; "the
        # second country to sign" states a fact about the past.
        planned = verb.dep_ == "ROOT" or (
            verb.dep_ == "xcomp" and head.lemma_ in vocab.cues().planning_lemmas) or (
            verb.dep_ in {"advcl", "xcomp"} and _planned(head))
        return "expected" if planned else None
    if verb.dep_ == "xcomp" and head.lemma_ in {"be", "become"} and _ordinal_attr(head):
        # "Belgium is the eleventh country to sign"; "Spain will become the tenth"
        return "expected" if is_future(head) else "signed"
    if verb.dep_ == "xcomp" and head.tag_ == "VBD" and head.lemma_ not in _not_done():
        return "signed"  # "Rutte chose Kharkiv to sign on March 1"
    if verb.dep_ == "xcomp" and head.pos_ in VERBAL | {"ADJ"}:
        return "expected"
    if verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (
            "has" in children or "have" in children or "had" in children
            or "was" in children or "were" in children)):
        return "signed"
    if verb.tag_ == "VBN" and ("be" in children or "been" in children):
        return "expected" if "will" in children else "signed"
    if _present(verb) and (verb.dep_ == "ROOT" or _before_a_colon(verb)):
        # headline present: "Spain signs security pact with Ukraine", also before a quote
        # ("Spain and Ukraine sign pact: 'Our priorities are ...'")
        return "signed"
    return None


def _present(verb: Token) -> bool:
    """The simple present, also where the tagger took it for the bare form in a headline
    ("Chile and Peru sign ...": a subject and no auxiliary)."""
    return verb.tag_ in {"VBZ", "VBP"} or (verb.tag_ == "VB" and any(
        c.dep_ == "nsubj" for c in verb.children) and not any(
        c.dep_ in {"aux", "auxpass"} for c in verb.children))


def _before_a_colon(verb: Token) -> bool:
    """A clause the parser hangs under what a colon introduces: "A signs B: 'quote'"."""
    return verb.dep_ == "ccomp" and verb.head.i > verb.i and any(
        t.text == ":" for t in verb.doc[verb.i + 1:verb.head.i])

def _judged(head: Token) -> bool:
    """"important to sign", "it is important to sign", "it is time to sign"."""
    judgements = vocab.cues().judgement_adjectives
    return head.lemma_ in judgements or (head.lemma_ == "be" and any(
        c.dep_ in {"acomp", "attr"} and c.lemma_ in judgements for c in head.children))


@cache
def _not_done() -> frozenset[str]:
    """Past-tense verbs whose "to sign" is not a signing that took place ("wanted to
    sign", "was poised to sign")."""
    cues = vocab.cues()
    return frozenset({"want", "hope", "try", "seek", "aim", "wish", "offer", "agree",
                      "decide", "promise", "be", "refuse", "fail", "prepare"}
                     | set(cues.planning_lemmas) | set(cues.modality["expected_lemmas"]))


def signed_participle(verb: Token) -> bool:
    """"the security agreement signed between Ukraine and Norway", "the pact, signed in
    Oslo Wednesday": a participle on one agreement that names its parties or its own
    day states that it was signed ("the agreement to be signed between" does not, nor do
    "the agreements signed so far"). A plural ("the joint security commitments signed on
    June 27") states it only with its day: "the agreements signed with 20 states" counts."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN" or not is_agreement_ref(verb.head) \
            or any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return False
    dated = bool(attached_dates(verb, verb.sent))
    if verb.head.tag_ in {"NNS", "NNPS"}:
        return dated
    return verb.head.tag_ in {"NN", "NNP"} and (dated or any(
        c.dep_ in {"prep", "agent"} and c.lower_ in {"between", "with", "by"}
        for c in verb.children))


def plural_agreements(verb: Token) -> bool:
    """Whether the agreements a verb speaks of are plural (its object or passive
    subject, or the noun its relative clause hangs on)."""
    nouns = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    if verb.dep_ == "relcl":
        nouns.append(verb.head)
    return any(n.tag_ in {"NNS", "NNPS"} for n in nouns)


# Nouns of a plan or hope whose content clause may hold a signing.
_EXPECTATIONS = frozenset({"expectation", "hope", "plan", "anticipation"})

def _nothing_signed(verb: Token) -> bool:
    """What the verb has signed is none: "No agreement was signed", "signed no deal",
    "nothing was signed"."""
    signed = [c for c in verb.children if c.dep_ in {"nsubjpass", "dobj"}]
    return any(c.lower_ in {"nothing", "none"} or any(
        d.dep_ == "det" and d.lower_ in {"no", "neither"} for d in c.children) for c in signed)


# Prepositions that put a signing before what the clause tells ("after signing").
_SINCE = frozenset({"after", "since", "upon"})


def _after_signing(clause: Token) -> str | None:
    """"He traveled to Paris after signing a separate deal with Germany": the signing
    took place if what followed it did, and lies ahead if that will happen ("will fly
    home after signing"); a present or a plan tells neither."""
    if is_future(clause) or clause.lemma_ in vocab.cues().planning_lemmas:
        return "expected"
    perfect = any(c.dep_ == "aux" and c.lower_ in {"has", "have", "had"} for c in clause.children)
    return "signed" if clause.tag_ == "VBD" or (clause.tag_ == "VBN" and perfect) else None


def _plan_that_failed(verb: Token) -> bool:
    """A plan told in the past and then contradicted: "was expected to sign ..., but",
    "while there were expectations it would be signed, ... will take longer"."""
    past = verb.tag_ == "VBD" or any(c.dep_ in {"aux", "auxpass"} and c.lower_ in
                                     {"was", "were", "had"} for c in verb.children)
    return past and any((c.dep_ == "cc" and c.lower_ in {"but", "yet"})
                        or (c.dep_ == "mark" and c.lower_ in {"while", "although", "though"})
                        for c in verb.children)


def _planned(verb: Token) -> bool:
    """"was due to fly on to Lisbon ... to sign": a trip that is planned, not made."""
    lemmas = set(vocab.cues().planning_lemmas) | set(vocab.cues().modality["expected_lemmas"])
    return is_future(verb) or any(t.lemma_ in lemmas for t in (verb, *verb.children))


def _ordinal_attr(copula: Token) -> bool:
    ordinals = vocab.cues().ordinal_words
    return any(c.dep_ == "attr" and any(
        m.lower_ in ordinals or m.lower_ in {"latest", "last"} or m.text[:1].isdigit()
        for m in c.children if m.dep_ in {"amod", "nummod"}) for c in copula.children)


def settle_agreed_or_signed(claims: Iterable[Claim]) -> list[Claim]:
    """A text's claims with each signing told by a verb that may only mean agreed ("have
    concluded") read as concluded, and its signing day dropped, where the same text says
    that the signing of that agreement is still to come ("which is expected to be signed
    later this week") and nowhere that it was signed ("The agreement was signed by ...":
    then what is still to come is another signing, of an annex or an arrangement).
    Elsewhere the verb means signed, as in a treaty's words."""
    claims = list(claims)
    statuses = [c for c in claims if c.predicate == "status"]
    signed = {c.subject for c in statuses
              if c.value == "signed" and not c.extra.get(AGREED_OR_SIGNED)}
    to_come = {c.subject for c in statuses if c.value == "expected"} - signed
    settled = []
    for claim in claims:
        if claim.subject in to_come and claim.extra.get(AGREED_OR_SIGNED):
            if claim.predicate == "signed_on":
                continue
            if claim.predicate == "status" and claim.value == "signed":
                claim = replace(claim, value="concluded")
        settled.append(claim)
    return settled
