"""Small dependency-tree helpers shared by the extractors."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.literals import fold

VERBAL = {"VERB", "AUX"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
_TEXT = "pactwatch_text"
_FOLDED = "pactwatch_folded_text"
AGREEMENT_TOKENS = "pactwatch_agreement_tokens"  # indices of tokens in an agreement ref


# Apostrophes written as other characters, read as "'" by the cue patterns: the modifier
# letter apostrophe (U+02BC) of Ukrainian transliteration is a letter to Python's regular
# expressions, so "Czechiaʼs" would hide "Czechia". One character for one: offsets hold.
_APOSTROPHES = str.maketrans({"ʼ": "'"})


def doc_text(doc: Doc) -> str:
    """``doc.text`` as the patterns read it, kept once per doc (spaCy rebuilds the text
    token by token on every access); same length and offsets as the document."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text.translate(_APOSTROPHES)
    return str(text)


def doc_folded(doc: Doc) -> str:
    """``doc_text`` case-folded as ``re.IGNORECASE`` compares, kept once per doc, for the
    literal screen (``literals.may_match``)."""
    folded = doc.user_data.get(_FOLDED)
    if folded is None:
        folded = doc.user_data[_FOLDED] = fold(doc_text(doc))
    return str(folded)


def normal_apostrophes(text: str) -> str:
    return text.translate(_APOSTROPHES)


def span_text(span: Span) -> str:
    """``span.text``, sliced from the doc's kept text."""
    return doc_text(span.doc)[span.start_char:span.end_char]


@cache
def _lex() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str],
                    frozenset[str]]:
    cues = vocab.cues()
    return (
        frozenset(cues.attribution["say_lemmas"]),
        frozenset(cues.negation["neg_words"]),
        frozenset(cues.modality["expected_lemmas"]),
        frozenset(cues.modality["hedged_words"]),
        frozenset(cues.modality["conditional_marks"]),
    )


def say_lemmas() -> frozenset[str]:
    return _lex()[0]


def is_sign_verb(token: Token) -> bool:
    """A verb of signing ("signed", "inked", "concluded"), "put his signature to", or
    one that stands for the signing just reported ("Belgium and Portugal followed on
    Tuesday", "the eight countries that have already done so")."""
    if token.pos_ != "VERB":
        return False
    if _elliptical(token):
        start = token.sent.start
        before = token.doc[start - 1].sent if start > 0 else None
        return before is not None and any(
            _signs(t) for t in before) or any(_signs(t) for t in token.sent if t.i < token.i)
    return _signs(token)


def _elliptical(token: Token) -> bool:
    if token.lemma_ == "do":
        return any(c.lower_ == "so" for c in token.children)
    return token.lemma_ == "follow" and not any(c.dep_ == "dobj" for c in token.children) \
        and any(c.dep_ == "nsubj" for c in token.children)


def _signs(token: Token) -> bool:
    if token.pos_ != "VERB":
        return False
    if token.lemma_ == "bind" and any(c.lower_ in {"itself", "themselves"}
                                      for c in token.children):
        return True  # "Belgium bound itself on Tuesday to a decade of support"
    if token.lemma_ in vocab.cues().sign_lemmas:
        objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        agreement = any(_names_agreement(c) or _stands_in(c) or _of_agreement(c)
                        for c in objects)
        if token.lemma_ in {"sign", "ink"}:
            # "signed with Zelensky", "signed a pact"; not "signed legislation"
            return agreement or not objects or token.dep_ == "relcl"
        # an agreement just after the verb counts ("concluded on Friday the pact"), but
        # not in the clause a speech verb introduces ("Shmyhal added that the document")
        # "the pact they concluded"; not "support that has reached $175 billion"
        relative = token.dep_ == "relcl" and (_names_agreement(token.head) or not objects)
        # "concluded on Friday the pact"; not "concluded negotiations on a security pact"
        return agreement or relative or (not objects and not _says_that(token) and any(
            _names_agreement(t) for t in token.doc[token.i + 1:token.i + 5]))
    return token.lemma_ in {"put", "set", "affix"} and any(
        c.dep_ == "dobj" and c.lemma_ == "signature" for c in token.children)


def _says_that(verb: Token) -> bool:
    """"added that ...": the verb introduces a clause with "that" or "whether"."""
    return any(c.dep_ == "ccomp" and any(m.dep_ == "mark" for m in c.children)
               for c in verb.children)


def _of_agreement(token: Token) -> bool:
    """"a status of forces agreement": the parser hung the agreement noun on
    the first word of its name."""
    return any(_names_agreement(g) for p in token.children if p.dep_ == "prep"
               and p.lower_ == "of" for g in p.children if g.dep_ == "pobj")


# Words that stand for an agreement as the object of signing ("signed another one").
_STAND_INS = frozenset({"theirs", "ours", "one", "ones", "it", "them", "hers", "his", "more",
                        "another", "others", "both"})


def _stands_in(token: Token) -> bool:
    """An object that stands for an agreement: "signed another one", "signed three
    more", "signed Denmark's"."""
    if token.ent_type_ == "MONEY":
        return False  # "support that has reached $175 billion"
    return token.lower_ in _STAND_INS or token.pos_ == "NUM" or any(
        c.dep_ == "case" and c.lower_ in {"'s", "’s"} for c in token.children)


def _names_agreement(token: Token) -> bool:
    marked = token.doc.user_data.get(AGREEMENT_TOKENS)  # set by CueSpans
    if marked is not None:
        return token.i in marked
    return any(s.start <= token.i < s.end for s in token.doc.spans["agreement_refs"])


def head_path(token: Token) -> list[Token]:
    """The token and its ancestors up to the sentence root."""
    path = [token]
    while path[-1].head.i != path[-1].i:
        path.append(path[-1].head)
    return path


def in_predicate(token: Token, verb: Token) -> bool:
    """A phrase hanging on a verb through prepositions alone ("in the works with ...")."""
    for t in head_path(token)[1:]:
        if t.i == verb.i:
            return True
        if t.dep_ not in {"prep", "pobj"}:
            return False
    return False


def clause_path(token: Token) -> list[Token]:
    """Ancestors up to, but not across, a verb of saying ("X, the sources said") or a
    coordinated clause ("does not include X, but it covers Y")."""
    path = []
    for t in head_path(token):
        if t.lemma_ in say_lemmas() and t.pos_ == "VERB" and t.i != token.i \
                and any(c.dep_ in SUBJECTS and not _names_agreement(c) for c in t.children):
            # a speech clause ("X, the sources said"), not "provisions calling for" nor
            # what a text states ("the agreement does not mention membership")
            break
        path.append(t)
        if t.dep_ == "conj" and t.pos_ in VERBAL and (
                any(c.dep_ in SUBJECTS for c in t.children)
                or t.tag_ in {"VBZ", "VBD", "VBP"}):
            # "does not impede X and maintains Y": a finite second verb does not share
            # the first one's "does not"; "does not commit troops or provide money" does
            break
    return path


def clause_verb(token: Token) -> Token | None:
    for t in head_path(token):
        if t.pos_ in VERBAL:
            return t
    return None


def agent_of(verb: Token) -> Token | None:
    """The one "by" whom a passive verb's action is done ("was stated by De Croo")."""
    return next((g for c in verb.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"), None)


def acting_clause(anchor: Token) -> tuple[Token, Token] | None:
    """The nearest verb above the anchor, within its clause, that has a subject, and
    that subject: who the clause has acting."""
    for verb in clause_path(anchor):
        if verb.pos_ not in {"VERB", "AUX"}:
            continue
        subj = subject_of(verb)
        if subj is not None:
            return verb, subj
    return None


def past_tense(verb: Token) -> bool:
    """"gave", "has given": done already; "will give", "would have given" are not."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    if verb.tag_ == "VBD":
        return not auxes
    return verb.tag_ == "VBN" and bool(auxes & {"has", "have", "had"}) \
        and not auxes & {"will", "would", "shall", "should", "could", "may", "might"}


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of a verb, looking through xcomp/conj/aux chains."""
    seen = 0
    while seen < 6:
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return child
        if verb.dep_ in {"xcomp", "conj", "ccomp", "advcl", "pcomp", "aux", "auxpass", "acomp"}:
            verb = verb.head
            seen += 1
            continue
        return None
    return None


def is_negated(span: Span, refrains: bool = False) -> bool:
    """Whether the cue falls under a negation: "does not include", "no ... clause".

    With ``refrains`` (a promise not to act, "pledged not to attack each other") a
    negation inside the cue is the promise's content; only one outside it negates it.
    """
    neg_words = _lex()[1]
    for t in list(span) + clause_path(span.root)[1:]:
        for child in t.children:
            if refrains and span.start <= child.i < span.end:
                continue
            if (child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in neg_words)) \
                    and not _comparative_no(child):
                return True
            if child.dep_ == "prep" and child.lower_ == "without" and child.i < span.start:
                return True
        if t.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < t.i
                                    for c in t.head.children):
            return True  # "would not include troops, nor would it contain weapons"
    return False


_TIME_BOUNDS = frozenset({"until", "till", "pending"})


def is_asked(span: Span) -> bool:
    """Whether a cue is in a question, not a statement: "was asked whether the
    guarantees would include U.S. troops", "Will the pact include air defence?"."""
    if span.sent.text.rstrip().endswith("?"):
        return True
    asking = set(vocab.cues().asking_lemmas)
    for t in head_path(span.root):
        marks = {c.lower_ for c in t.children if c.dep_ == "mark"}
        if "whether" in marks or ("if" in marks and t.head.lemma_ in asking):
            return True
    return False


def is_time_bound(span: Span) -> bool:
    """Whether the cue only says how long something lasts: "in force until Ukraine joins
    NATO", "a bridge until its membership in NATO" name the end of a period, not a
    commitment to it. The cue is inside the "until" clause or phrase."""
    for t in head_path(span.root):
        if t.lower_ in _TIME_BOUNDS and t.dep_ == "prep":
            return True
        if any(c.dep_ == "mark" and c.lower_ in _TIME_BOUNDS for c in t.children):
            return True
        if t.pos_ in VERBAL and t.i != span.root.i or t.dep_ == "ROOT":
            return False
    return False


def _comparative_no(token: Token) -> bool:
    """"no less than €1.8 billion" and "no later than June" are not negations."""
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return nxt is not None and nxt.lower_ in {"less", "fewer", "later", "more", "sooner"}


def modality(span: Span) -> str:
    """asserted, expected ("expected to sign") or hedged ("could", "not necessarily")."""
    _, _, expected_lemmas, hedged_words, conditional = _lex()
    expected = False
    for t in clause_path(span.root):
        for child in t.children:
            if child.dep_ in {"aux", "advmod"} and child.lower_ in hedged_words:
                return "hedged"
            if child.dep_ == "mark" and child.lower_ in conditional:
                return "hedged"
        if t.lemma_ in expected_lemmas and (t.pos_ in VERBAL or t.tag_ == "VBN"):
            expected = True
    return "expected" if expected else "asserted"


def token_at(span: Span, char: int) -> Token:
    """The token of a sentence covering a document character offset."""
    for t in span:
        if t.idx <= char < t.idx + len(t.text) or t.idx >= char:
            return t
    return span[-1]


def _cue_subjects(sent: Span) -> list[Token]:
    """The subjects of the clauses the provision cues of a sentence sit in."""
    out: list[Token] = []
    for span in spans_in_sentence(sent, "provisions"):
        for verb in head_path(span.root):
            if verb.pos_ not in VERBAL:
                continue
            found = [c for v in (verb, *[a for a in verb.children if a.dep_ == "aux"])
                     for c in v.children if c.dep_ in SUBJECTS]
            if found:
                out.extend(t for t in found if t not in out)
                break
    return out


def commits(sent: Span, ments: Sequence[Any], parties: tuple[str, ...],
            by_party: bool = True, loose: bool = False) -> bool:
    """Whether the sentence is a commitment by the agreement's parties: a subject names
    one of ``parties`` or the participants ("the Participants shall", "Denmark will",
    "both sides intend to"), and its verb is future, obligatory or a verb of committing.
    A report of the past ("Britain trained 60,000 troops") is not. With ``by_party``
    False only the participants count; ``loose`` takes any subject (a sentence inside a
    paragraph about the agreement: "an emergency mechanism obliges the two sides ...")."""
    cues = vocab.cues()
    aux, lemmas = set(cues.commitment_aux), set(cues.commitment_lemmas)
    participants = set(cues.participant_nouns)
    for subj in _cue_subjects(sent):
        names = {t.i for t in subj.subtree}
        named = by_party and any(m.code in parties and m.start in names and not m.hostile
                                 for m in ments)
        if not (named or loose or subj.lower_ in participants):
            continue
        verb = subj.head
        if verb.lemma_ in cues.promise_lemmas and any(
                c.dep_ in {"xcomp", "dobj", "prep"} for c in verb.children):
            return True  # "The country has also pledged to support ...", "vowed aid"
        if verb.lemma_ in say_lemmas():
            continue  # "the US will announce steps to ...": an announcement, not a term
        if verb.pos_ == "AUX" and verb.lower_ in aux:
            return True  # the parser sometimes hangs the subject on "shall"
        chain = [verb, *[c for c in verb.children if c.dep_ in {"xcomp", "conj"}]]
        if any(c.dep_ == "aux" and c.lower_ in aux for v in chain for c in v.children):
            return True
        if any(v.lemma_ in lemmas and v.tag_ in {"VBZ", "VBP"} for v in chain):
            return True
        if verb.lemma_ == "be" and any(c.dep_ == "xcomp" for c in verb.children):
            return True  # "is to provide"
    return False


def clause_tokens(token: Token) -> set[int]:
    """Indices of the tokens of the clause a token sits in: its verb's subtree without
    coordinated clauses that have their own subject ("Germany's aid is put at €7bn,
    while France committed up to €3bn")."""
    verb = clause_verb(token)
    if verb is None:
        return {t.i for t in token.sent}
    out = {t.i for t in verb.subtree}
    for t in verb.subtree:
        if t.i != verb.i and t.pos_ in VERBAL and t.dep_ in {"conj", "advcl"} \
                and any(c.dep_ in SUBJECTS for c in t.children) and token.i not in \
                {x.i for x in t.subtree}:
            out -= {x.i for x in t.subtree}
    return out


def ents_within(span: Span) -> list[Span]:
    """The entities wholly inside ``span``, as ``span.ents`` gives them, read from the
    span's own tokens: ``span.ents`` builds every entity of the document first, which
    a long document cannot afford once per sentence."""
    doc, found, i = span.doc, [], span.start
    while i < span.end:
        token = doc[i]
        if token.ent_iob_ != "B" or not token.ent_type:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if end <= span.end:
            found.append(Span(doc, i, end, label=token.ent_type, kb_id=token.ent_kb_id,
                              span_id=token.ent_id))
        i = end
    return found


def spans_in_sentence(sent: Span, group: str) -> list[Span]:
    """The spans of a group that start in a sentence, in text order. The group is read
    once per document and indexed by sentence (a SpanGroup makes a new Span object on
    every access, and the claims step asks for each sentence's spans many times); the
    index is rebuilt when the group has changed size since."""
    doc = sent.doc
    spans = doc.spans[group]
    cached = doc.user_data.get(_BY_SENTENCE + group)
    if cached is None or cached[0] != len(spans):
        starts = [s.start for s in doc.sents]
        index: dict[int, list[Span]] = {}
        for span in sorted(spans, key=lambda s: (s.start_char, s.end_char)):
            first = starts[bisect_right(starts, span.start) - 1]
            index.setdefault(first, []).append(span)
        cached = doc.user_data[_BY_SENTENCE + group] = (len(spans), index)
    return list(cached[1].get(sent.start, ()))


_BY_SENTENCE = "pactwatch_spans_by_sentence:"


def coordination_top(token: Token) -> Token:
    """The first conjunct of "the U.K., Germany, ... and the Netherlands"."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def names_membership(span: Span) -> bool:
    """A party named as what others are members of ("the two NATO and EU allies", "an
    EU member state", "with a number of NATO allies"), not as a government that acts."""
    root = coordination_top(span.root)
    return root.dep_ in {"compound", "amod", "nmod"} \
        and root.head.lower_ in vocab.cues().membership_nouns


def sayer_of_clause(verb: Token) -> Token | None:
    """The subject of the verb of saying whose content a clause is ("Malta and Portugal
    have said they plan to sign": Malta and Portugal), if any."""
    while verb.dep_ in {"xcomp", "conj"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "ccomp" and verb.head.lemma_ in say_lemmas():
        return subject_of(verb.head)
    return None
