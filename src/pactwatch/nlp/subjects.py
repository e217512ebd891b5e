"""Which agreement a statement is about.

A document usually centres on one agreement (its *focus*, a pair of parties) and one
protected state (its *hub*, the party the others commit to). A statement is about the
focus unless its own clause names other parties as the ones acting ("The UK, France
and Germany also included ...") or names the pair outright ("between Ukraine and
Spain"); then it is about the hub's agreement with each of them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.between import between, codes_in
from pactwatch.nlp.classifier import model_polarity
from pactwatch.nlp.components import (
    PROVISIONS,
    headline,
    is_agreement_ref,
    is_headline,
)
from pactwatch.nlp.mentions import Mention
from pactwatch.nlp.protected_side import protected_scores
from pactwatch.nlp.syntax import (
    acting_clause,
    agent_of,
    clause_path,
    coordination_top,
    head_path,
    in_predicate,
    is_sign_verb,
    sayer_of_clause,
    spans_in_sentence,
    subject_of,
)

Subject = tuple[str, ...]


@dataclass
class DocFocus:
    focus: Subject | None
    hub: str | None
    # The agreements the last sentence naming several was about, for "the three texts".
    group: tuple[Subject, ...] = ()
    # Whether the text shows the hub signing with more than one partner, so that a
    # list of partners with no signer named ("six have been signed with ...") is its.
    established: bool = False


def document_focus(doc: Doc, context_sents: list[Span], ments: list[Mention],
                   prose: list[Span] | None = None) -> DocFocus:
    """The pair of parties a document is mostly about, and which of them is protected.

    Pairs are counted over sentences about agreements; the headline and the parties
    that sign ("X and Y signed", "between X and Y") weigh more than parties that are
    merely mentioned (a summit's host, "Article 5 of the North Atlantic Treaty").
    """
    pair_counts: Counter[Subject] = Counter()
    signing_pairs: set[Subject] = set()  # who signs with whom, by a verb or "between"
    frequency: Counter[str] = Counter()  # agreement sentences naming each party
    multilateral: Counter[Subject] = Counter()  # three or more signing one agreement
    for sent in context_sents:
        codes = sorted({m.code for m in ments
                        if sent.start <= m.start < sent.end and not m.hostile})
        _count_pairs(pair_counts, codes, 3 if is_headline(sent) else 1)
        for code in codes:
            frequency[code] += 1
        signers: set[str] = set(between(sent, ments) or ())
        _count_pairs(pair_counts, sorted(signers), 3)
        if len(signers) == 2:
            signing_pairs.add(tuple(sorted(signers)))
        if len(signers) >= 3:  # "the Agreement Among Australia, the UK and the US"
            multilateral[tuple(sorted(signers))] += 1
        for t in sent:
            if is_sign_verb(t):
                acting = acting_parties(t, ments)[0]
                listed = _partners_listed(t, sent, ments, None) - acting
                if listed:  # "Sweden, Norway and Iceland signed ... with Ukraine"
                    weight = 3 if len(listed) == 1 else 1  # a list of ten is no focus
                    for a in acting:
                        for b in listed:
                            pair_counts[tuple(sorted((a, b)))] += weight
                            signing_pairs.add(tuple(sorted((a, b))))
                else:
                    _count_pairs(pair_counts, sorted(acting), 3)
                    if len(acting) == 2:  # "Zelensky and Tusk signed"
                        signing_pairs.add(tuple(sorted(acting)))
                    if len(acting) >= 3 and _one_agreement_signed(t):
                        multilateral[tuple(sorted(acting))] += 1
    if multilateral:
        # "Mali, Burkina Faso and Niger signed a mutual defence pact": one agreement of
        # all three, with no protected party among them
        return DocFocus(max(multilateral, key=lambda p: (multilateral[p], p)), None)
    if not pair_counts:
        return DocFocus(_the_two_of_the_story(doc, context_sents, ments), None)
    object_score: Counter[str] = Counter()
    # "support to Kyiv", "guarantees for Ukraine"; not "with": "Denmark signed with
    # Ukraine" and "Ukraine signed with Denmark" tell the same story
    with_score: Counter[str] = Counter()
    for m in ments:
        if m.hostile:
            continue
        root = doc[m.start:m.end].root
        if root.dep_ in {"pobj", "dobj", "poss", "dative"}:
            object_score[m.code] += 1
        elif root.dep_ in {"nsubj", "nsubjpass"}:
            object_score[m.code] -= 1
        in_list = root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)
        if root.dep_ == "pobj" and root.head.lower_ in {"to", "for"} and not in_list:
            with_score[m.code] += 1  # a list "to Britain, Germany and France" names
            # several on one side, none of them the one the others commit to
    # The protected party is the one the agreements are made with: named in the most
    # sentences about them, most often on the receiving end ("to Kyiv", "Ukraine will
    # receive", "Russia's war against Ukraine"; protected_side.py), then the one more
    # often the object of a phrase.
    candidates = {c for pair in pair_counts for c in pair}
    # The protected party signs with many partners; each partner with few: the number of
    # distinct partners outweighs being the object of a phrase ("a signal to Russia").
    degree = Counter(c for pair in signing_pairs for c in pair)
    # Security commitments protect states: an organisation that signs (the EU) is the
    # guarantor, however often a text about its summit names it.
    organisations = set(vocab.parties().organisations)
    side = protected_scores(prose if prose is not None else list(doc.sents), ments)
    hub = max(candidates, key=lambda c: (c not in organisations,
                                         frequency[c] + 3 * with_score[c] + 3 * degree[c]
                                         + 3 * side[c],
                                         object_score[c], c))
    focus = max((p for p in pair_counts if hub in p), key=lambda p: (pair_counts[p], p))
    first = headline(doc)
    opening = {m.code for m in ments if not m.hostile and m.form != "capital"
               and first is not None and m.start < first.end} - {hub}
    if len(opening) == 1 and any(hub in p and p != focus for p in pair_counts) \
            and tuple(sorted({hub, *opening})) in pair_counts:  # the headline's agreement
        focus = tuple(sorted({hub, *opening}))
    # The hub signs with several partners, or is named with two of them more than once
    repeated = {p for p, n in pair_counts.items() if hub in p and n >= 2}
    return DocFocus(focus, hub, established=degree[hub] >= 2 or len(repeated) >= 2)


_THE_TWO = re.compile(r"\b(?:the|both) (?:two )?(?:nations|countries|sides|states|"
                      r"governments|neighbou?rs)\b", re.I)


def _the_two_of_the_story(doc: Doc, context_sents: list[Span], ments: list[Mention]
                          ) -> Subject | None:
    """"The two nations aimed to sign a defence cooperation deal", in a story whose first
    sentence naming states names exactly two ("Vietnam and the Philippines agreed on
    Friday to advance defence relations"): those two, none of them protected."""
    if not any(_THE_TWO.search(sent.text) for sent in context_sents):
        return None
    for sent in doc.sents:
        codes = {m.code for m in ments if sent.start <= m.start < sent.end
                 and not m.hostile and m.form != "capital"}
        if codes:
            return tuple(sorted(codes)) if len(codes) == 2 else None
    return None


def _one_agreement_signed(verb: Token) -> bool:
    """Whether a signing is of one agreement, by all its signers together ("signed a
    mutual defence pact"), not of one each ("each signed an agreement") or of several."""
    if any(t.lower_ == "each" for t in (*verb.children, *(
            c for s in verb.children if s.dep_ in {"nsubj", "nsubjpass"} for c in s.subtree))):
        return False
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return any(is_agreement_ref(o) and o.tag_ in {"NN", "NNP"} for o in objects)


def _count_pairs(counts: Counter[Subject], codes: list[str], weight: int) -> None:
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            counts[(a, b)] += weight


def claim_subjects(anchor: Token, sent: Span, ments: list[Mention],
                   focus: DocFocus) -> list[Subject]:
    """The agreements a statement anchored at ``anchor`` is about (usually one)."""
    explicit = between(sent, ments)
    if explicit:
        # "signed three agreements: one between Ukraine and the EU and two others with
        # Lithuania and Estonia": the others are the hub's with each partner listed
        others = _partners_listed(anchor, sent, ments, focus.hub) - set(explicit) \
            if is_sign_verb(anchor) and focus.hub in explicit else set()
        return [explicit] + ([s for s in _pairs_with(others, focus) if s != explicit]
                             if others else [])
    codes, subject_is_agreement = acting_parties(anchor, ments)
    named_signer = bool(codes)
    if not codes and not subject_is_agreement and is_sign_verb(anchor):
        codes = _fronted_signers(anchor, sent, ments)
    partners = _partners_listed(anchor, sent, ments, focus.hub)
    if not partners and not (codes - {focus.hub}) and is_sign_verb(anchor):
        partners = _signing_capitals(anchor, ments, focus.hub)
    if not partners and not codes and focus.group and _plural_subject(anchor) and (
            subject_is_agreement or _pronoun_subject(anchor)):
        return list(focus.group)  # "The three new texts are valid ...", "Both run for"
    if partners and named_signer and codes - partners and is_sign_verb(anchor):
        # "Ukraine has signed agreements with Britain, Germany and France", "Britain and
        # France signed with Ukraine": who acts signs with each partner listed, never the
        # listed partners with each other
        return sorted({tuple(sorted((a, p))) for a in codes - partners for p in partners
                       if a != p})
    if partners:
        if len(partners) > 1 and not focus.established \
                and focus.hub not in _named_outside_with(sent, ments):
            # "six have been signed with the U.K., Germany, ...": the signer is unnamed,
            # and nothing in the text shows which party signs with all of them; unless
            # the sentence names the hub other than as a partner ("Zelenskiy's office
            # has said that ...", not "the agreement with Estonia")
            return []
        return _pairs_with(partners - {focus.hub} if focus.hub else partners, focus)
    if codes:
        named = codes_in(sent.doc, ments, sent.start, sent.end)
        others = _recipients(sent, ments) - codes
        if focus.hub not in named and not focus.established and len(others) == 1:
            # "France committed to provide 3 billion euros in military aid to Ukraine", in
            # a text about another agreement: France's commitment to the one it names
            return [tuple(sorted(codes | others))] if len(codes) == 1 else []
        return _pairs_with(codes, focus)
    if subject_is_agreement and focus.focus is not None:
        return [focus.focus]  # "The agreement contains no ...": the document's agreement
    sentence_codes = codes_in(sent.doc, ments, sent.start, sent.end)
    if focus.focus is None:
        return [tuple(sorted(sentence_codes))] if len(sentence_codes) == 2 else []
    # "its path towards European Union and NATO membership": a body named inside the
    # words of a provision is what it is about, not a party to it
    sentence_codes -= _inside_cues(sent, ments)
    if not sentence_codes or sentence_codes & set(focus.focus):
        return [focus.focus]
    return []


def _named_outside_with(sent: Span, ments: list[Mention]) -> set[str]:
    """Parties a sentence names other than in a "with" phrase."""
    within = {t.i for w in sent if w.lower_ == "with" and w.dep_ == "prep" for t in w.subtree}
    return {m.code for m in ments if not m.hostile and sent.start <= m.start < sent.end
            and m.start not in within}


def _inside_cues(sent: Span, ments: list[Mention]) -> set[str]:
    """Parties named only inside the cue phrases of the sentence's provisions (the
    classifier's sentence-wide spans aside)."""
    cues = [s for s in spans_in_sentence(sent, PROVISIONS) if model_polarity(s) is None]
    inside: set[str] = set()
    outside: set[str] = set()
    for m in ments:
        if m.hostile or not (sent.start <= m.start < sent.end):
            continue
        within = any(c.start <= m.start and m.end <= c.end for c in cues)
        (inside if within else outside).add(m.code)
    return inside - outside


def _recipients(sent: Span, ments: list[Mention]) -> set[str]:
    """Parties a sentence names as the receiving end: "aid to Ukraine", "support for
    Kyiv", "gave Ukraine"."""
    out = set()
    for m in ments:
        if m.hostile or not (sent.start <= m.start < sent.end):
            continue
        root = sent.doc[m.start:m.end].root
        if (root.dep_ == "pobj" and root.head.lower_ in {"to", "for"}) or root.dep_ == "dative":
            out.add(m.code)
    return out


def acting_parties(anchor: Token, ments: list[Mention]) -> tuple[set[str], bool]:
    """Parties named by the subject of the nearest clause above the anchor that has one
    ("Britain and Canada both wrote in clauses requiring ..."), and whether
    that subject is an agreement itself."""
    found = acting_clause(anchor)
    if found is None:
        return set(), False
    verb, subj = found
    skip = None
    if subj.lower_ in {"they", "we", "he", "she", "i"}:
        # "Italy and Malta said they plan to", "Zelensky said he would sign"
        subj = sayer_of_clause(verb) or subj
    relative = subj.lower_
    if subj.lower_ in {"which", "that", "who"} and verb.dep_ == "relcl":
        subj = verb.head  # a relative clause is about the noun it hangs on
        skip = (verb.left_edge.i, verb.right_edge.i + 1)
        outer = subject_of(subj.head.head) if subj.dep_ == "pobj" \
            and subj.head.lower_ == "among" else None
        if outer is not None:  # "Britain and France are among the countries that"
            subj = outer
    by = agent_of(verb)
    if is_agreement_ref(subj) and by is not None and _is_actor(by, ments):
        # "The new pact was signed by Zelensky and Estonia's prime minister": those
        # who sign it are its parties, not the agreement in discussion
        listed = _listed(coordination_top(by))
        codes = {m.code for m in ments if not m.hostile
                 and any(i in listed for i in range(m.start, m.end))}
        if codes:
            return codes, True
    owners = {m.code for m in ments if not m.hostile and any(
        c.dep_ == "poss" and m.start <= c.i < m.end for c in subj.children)}
    if owners and not _is_actor(subj, ments):
        return owners, False  # "Germany's military aid for 2024 is put at ..."
    if _is_actor(subj, ments):
        # "..., De Croo and Meloni, who signed": a "who" clause is about the last
        # one named; "Britain, France and Canada, which have signed": the whole list
        listed = _listed(subj if relative == "who" else coordination_top(subj))
        listed |= _detached_first_of_list(verb, subj, ments)
        codes = {m.code for m in ments if not m.hostile
                 and not (skip and skip[0] <= m.start < skip[1])
                 and any(i in listed for i in range(m.start, m.end))}
        return codes, is_agreement_ref(subj)
    return set(), False


def _detached_first_of_list(verb: Token, subj: Token, ments: list[Mention]) -> set[int]:
    """The first of a list of signers that the parse cut off from the rest and hung on
    the verb ("Zelensky, Lithuanian President Gitanas Nauseda and Estonian Prime Minister
    Kaja Kallas signed": "Zelensky" as an interjection)."""
    doc = verb.doc
    start = coordination_top(subj).left_edge.i
    return {t.i for c in verb.children if c.dep_ in {"intj", "dep"} and c.i < start
            and c.right_edge.i + 1 < len(doc) and doc[c.right_edge.i + 1].text == ","
            and c.right_edge.i + 2 == start and _is_actor(c, ments) for t in c.subtree}


def _fronted_signers(verb: Token, sent: Span, ments: list[Mention]) -> set[str]:
    """Parties named before a signing verb the parser left without a subject ("Among
    G7 members, Britain, Canada and France have already signed ...")."""
    out = set()
    for m in ments:
        root = sent.doc[m.start:m.end].root
        if m.hostile or not (sent.start <= m.start < verb.i):
            continue
        if root.dep_ in {"conj", "pobj", "appos", "nsubj"} and verb in head_path(root):
            out.add(m.code)
    return out


def earlier_signers(sent: Span, ments: list[Mention]) -> list[tuple[Token, set[str]]]:
    """"the 11th country to sign ..., after Britain, Germany and France": the parties
    listed after an ordinal had signed before."""
    found: list[tuple[Token, set[str]]] = []
    ordinal = vocab.cues().ordinal_words
    has_order = any(t.lower_ in ordinal or (t.tag_ == "JJ" and t.text[:1].isdigit())
                    for t in sent)
    if not has_order:
        return found
    for t in sent:
        if t.lower_ not in {"after", "following"} or t.dep_ != "prep":
            continue
        # the list may run on past the phrase: "after Britain and France, then Denmark"
        codes = {m.code for m in ments if not m.hostile and t.i < m.start < sent.end}
        if codes:
            found.append((t, codes))
    return found


def _signing_capitals(verb: Token, ments: list[Mention], hub: str | None) -> set[str]:
    """"Zelensky to sign security pacts in Berlin and Paris": with no partner named
    otherwise, the capitals a signing takes place in stand for the partners."""
    places = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"]
    return {m.code for m in ments for p in places
            if m.form == "capital" and m.frame and m.code != hub
            and p.i < m.start <= p.right_edge.i}


def _pronoun_subject(anchor: Token) -> bool:
    for verb in clause_path(anchor):
        subj = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else None
        if subj is not None:
            return subj.lower_ in {"both", "they", "all", "each"}
    return False


def _plural_subject(anchor: Token) -> bool:
    for verb in clause_path(anchor):
        subj = subject_of(verb) if verb.pos_ in {"VERB", "AUX"} else None
        if subj is not None:
            return subj.tag_ in {"NNS", "NNPS"} or subj.lower_ in {"both", "they", "all"} or any(
                c.dep_ == "nummod" or c.lower_ in {"all", "both"} for c in subj.children)
    return False


def _partners_listed(anchor: Token, sent: Span, ments: list[Mention],
                     hub: str | None) -> set[str]:
    """Partners named in a "with" or "like" phrase of the anchor's clause, or of an
    agreement noun in it: "Ukraine has signed agreements with Britain, Germany and
    France", "Like the deals with Berlin and Paris, the text commits ..."."""
    path = clause_path(anchor)
    signing = is_sign_verb(anchor)
    heads = [t for t in path if is_sign_verb(t) or is_agreement_ref(t)]
    heads += [t for t in sent if is_agreement_ref(t) and (
        t.head in path or (signing and 0 < t.i - anchor.i <= 4))]
    likes = [c for t in path for c in t.children if c.dep_ == "prep" and c.lower_ == "like"]
    preps = [c for head in heads for c in head.children
             if c.dep_ == "prep" and c.lower_ == "with"]
    if signing:  # "signed ... between January and May, with Britain, Germany, ..."
        preps += [t for t in sent if t.dep_ in {"prep", "conj"} and t.lower_ == "with"
                  and t.i > anchor.i
                  and not any(h.pos_ in {"VERB", "AUX"} and h.i != anchor.i
                              and h.tag_ not in {"VBN", "VBG"}  # "represented by ..."
                              for h in head_path(t)[1:] if h.i > anchor.i)]
    preps += [c for like in likes for c in like.subtree if c.dep_ == "prep" and c.lower_ == "with"]
    if any(t.dep_ in {"nsubj", "nsubjpass"} and t.head.i == anchor.i for t in heads):
        # "agreements are also in the works with the United States, Japan ...": what
        # the agreements' own clause says of them names who they are with
        preps += [t for t in sent if t.dep_ == "prep" and t.lower_ == "with"
                  and in_predicate(t, anchor)]
    fellows = set(vocab.cues().fellow_words)
    found: set[str] = set()
    for prep in preps:
        if prep.i > 0 and sent.doc[prep.i - 1].lower_ in fellows:
            continue  # "along with Sweden, Belgium and Spain": others who signed
        found |= {m.code for m in ments if not m.hostile
                  and prep.i < m.start <= prep.right_edge.i}
    return found - {hub} if hub else found


def _is_actor(token: Token, ments: list[Mention]) -> bool:
    if any(m.start <= token.i < m.end for m in ments):
        return True
    if is_agreement_ref(token) or token.ent_type_ == "PERSON":
        return True
    return token.lower_ in _actors()


@cache
def _actors() -> frozenset[str]:
    return frozenset(vocab.cues().actor_nouns)


def _listed(head: Token) -> set[int]:
    """Token indices that name the actor itself: the head, its compounds, conjuncts,
    appositions and listed members, but not "the second country after Britain"."""
    out = {head.i}
    for child in head.children:
        if child.dep_ in {"compound", "amod", "poss", "conj", "appos", "nmod", "nummod"}:
            out |= _listed(child)
        elif child.dep_ in {"prep", "pobj"} and (child.lower_ in _listing() or (
                child.lower_ == "of" and head.lower_ in _actors())):
            # "countries including the UK"; "the leaders of Mali, Burkina Faso and Niger"
            out |= {t.i for t in child.subtree}
        elif child.dep_ == "pobj":
            out |= _listed(child)
    return out


@cache
def _listing() -> frozenset[str]:
    return frozenset(vocab.cues().listing_words)


def _pairs_with(codes: set[str], focus: DocFocus) -> list[Subject]:
    if focus.focus is not None and codes <= set(focus.focus):
        return [focus.focus]
    others = sorted(codes - {focus.hub})
    if focus.hub is None:
        return [tuple(sorted(codes))] if len(codes) == 2 else []
    return [tuple(sorted({focus.hub, other})) for other in others]
