"""Who said it: the speaker of a sentence and the outlet a statement originates from.

A statement relayed from another outlet ("CNN said", "according to CNN's sources",
"two sources told CNN") gets that outlet as its origin, so the same reporting repeated
by many outlets counts as one origin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import PARTIES, PARTY_FORMS, is_agreement_ref
from pactwatch.nlp.dates import names_a_month
from pactwatch.nlp.literals import trie_alternation
from pactwatch.nlp.parties import resolver
from pactwatch.nlp.people import (
    Person,
    SpeakerState,
    by_first_name,
    official_titles,
    person_named,
    person_span,
    same_surname,
    title_before,
    whole_name,
)
from pactwatch.nlp.syntax import agent_of, ents_within, head_path, say_lemmas


@dataclass(frozen=True)
class Attribution:
    attributed_to: str | None
    role: str | None
    kind: str  # see records.ATTRIBUTION_KINDS
    origin: str | None
    party: str | None = None
    # Those who said it together with this speaker ("Pistorius and his Lithuanian
    # counterpart Kasciunas said"), each with the characters that name them as saying it.
    also: tuple[tuple[Attribution, int, int], ...] = ()


@cache
def _outlet_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    names: dict[str, str] = {}
    for canonical, aliases in vocab.outlets().items():
        for alias in aliases + [canonical]:
            names[alias] = canonical
    return re.compile(rf"(?<!\w)(?:{trie_alternation(list(names))})(?!\w)"), names


def outlet_in(text: str, own_outlet: str | None) -> str | None:
    """The outlet named in a phrase, if any; the document's own outlet counts too."""
    pattern, names = _outlet_pattern()
    m = pattern.search(text)
    if m:
        return names[m.group(0)]
    if own_outlet and re.search(rf"(?<!\w){re.escape(own_outlet)}(?!\w)", text):
        return own_outlet
    return None


def _registered(state: SpeakerState, phrase: Span, outlet: str | None) -> Person | None:
    """A person the document named before, now by the last name alone (or the first
    after "Sir") and whatever the entity tagger made of it: the phrase is headed by that
    name (never an outlet's, "El País")."""
    root = phrase.root
    if root.pos_ != "PROPN" or not root.text[:1].isupper() or outlet_in(phrase.text, outlet):
        return None
    people = [p for p in state.people.values()
              if len(p.name.split()) > 1 and not outlet_in(p.name, outlet)]
    by_first = by_first_name(state, root.doc[root.i:root.i + 1])
    if by_first is not None:
        return by_first
    return next((p for p in people if p.name.split()[-1] == root.text), None) \
        or next((p for p in people if same_surname(p.name.split()[-1], root.text)), None)


def _former(person: Person | None) -> bool:
    """A listed official introduced as a former one ("Former President Donald Trump"):
    parties.yaml lists the officeholders of 2019-2025, not only those of the day."""
    return person is not None and (person.role or "").lower().startswith("former")


def _calls_agreement(verb: Token) -> bool:
    """"called the agreement an unprecedented document" speaks of the agreement; "called
    the conflict a war" and "a move he called historic" do not."""
    named = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl":
        named.append(verb.head)
    return any(is_agreement_ref(t) or t.lower_ in {"signing", "ceremony"} for t in named)


def _heads(ent: Span, phrase: Span) -> bool:
    """Whether a name is the speaker of a phrase, not a name inside it ("an official
    appointed by Zelensky", "Zelensky's victory plan"), nor a name that only says whose
    the unnamed source is ("a senior Biden official", "two Zelensky aides")."""
    if ent.root.i == phrase.root.i or phrase.root.i in {t.i for t in ent}:
        return True
    if _whose_source(ent.root, phrase.root):
        return False
    for t in head_path(ent.root)[1:]:
        if t.i == phrase.root.i:
            return ent.root.dep_ != "poss" or t.lower_ in _OFFICES
        if t.dep_ in {"relcl", "acl"} or t.pos_ in {"VERB", "AUX"}:
            return False
    return False


def _whose_source(name: Token, root: Token) -> bool:
    """A name compounded with an unnamed source's noun ("a senior Biden official") or
    an outlet's ("Sputnik Uzbekistan news agency")."""
    cues = vocab.cues().attribution
    return name.dep_ == "compound" and name.head.i == root.i \
        and root.lower_ in {*cues["source_nouns"], *cues["outlet_nouns"]}


def _steps_below(token: Token, top: Token) -> int:
    """How many arcs up from a token its phrase's head is."""
    path = [t.i for t in head_path(token)]
    return path.index(top.i) if top.i in path else len(path)


def _known_person(phrase: Span) -> tuple[str, str] | None:
    """A person parties.yaml lists as an official of a party, heading the phrase ("Scholz",
    "Chancellor Scholz") or owning the office that speaks ("Stubb's office"), not merely
    named in it ("Zelensky's victory plan", "an official appointed by Zelensky")."""
    root = phrase.root
    for match in resolver().find(phrase.text):
        if match.form != "person":
            continue
        span = phrase.doc.char_span(phrase.start_char + match.start,
                                    phrase.start_char + match.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        if _whose_source(head, root):
            continue
        if head.i == root.i or (head.head.i == root.i and (
                head.dep_ in {"compound", "appos"}
                or (head.dep_ == "poss" and root.lower_ in _OFFICES))):
            return match.text, match.code
    return None


# Verbs of saying that mean something else with an object ("added six agreements",
# "announced the initiative").
_SPEECH_ONLY_BARE = frozenset({"add", "announce", "note", "welcome", "praise", "report"})
# Nouns for the office that speaks for a person ("Stubb's office said").
_OFFICES = frozenset({"office", "spokesperson", "spokesman", "spokeswoman", "aides", "team",
                      "administration", "government", "ministry", "press"})


def _not_a_person(ent: Span, outlet: str | None) -> bool:
    """A PERSON entity that is an outlet ("El País"), a place ("Kyiv"), a month ("on
    Saturday (Mar 16)") or the label a paragraph opens with ("Background: The Telegraph
    reported ...")."""
    doc = ent.doc
    if outlet_in(ent.text, outlet) or (names_a_month(ent.text) and ent.end < len(doc)
                                       and doc[ent.end].like_num):  # not "May said"
        return True
    if len(ent) == 1 and ent.start == ent.sent.start and ent.end < len(doc) \
            and doc[ent.end].text == ":":
        return True
    match = resolver().find(ent.text)
    return bool(match) and match[0].form != "person" and match[0].text == ent.text.strip()


def _listed_by_surname(phrase: Span) -> tuple[str, str] | None:
    """The one official parties.yaml lists by a full name that ends in the surname a
    short phrase is headed by; a surname that also names a party ("Montenegro") or
    officials of two parties names no one."""
    root = phrase.root
    if len(phrase) > 3 or root.pos_ != "PROPN" or not root.is_title \
            or any(s.start <= root.i < s.end for s in phrase.doc.spans[PARTIES]):
        return None
    found = _listed_surnames().get(root.text, set())
    return sorted(found)[0] if len({code for _, code in found}) == 1 else None


@cache
def _listed_surnames() -> dict[str, set[tuple[str, str]]]:
    """The full names parties.yaml lists, with their party, by their last word."""
    index: dict[str, set[tuple[str, str]]] = {}
    for code, names in vocab.parties().people.items():
        for name in names:
            if len(name.split()) > 1:
                index.setdefault(name.split()[-1], set()).add((name, code))
    return index


def _known_official(name: str) -> str | None:
    """The party of a person parties.yaml lists as one of its officials."""
    match = resolver().find(name)
    return match[0].code if match and match[0].form == "person" else None


def _person_by_title(state: SpeakerState, phrase: Span) -> Person | None:
    """The one person registered with the title a phrase consists of; a party it names
    narrows them to that party's ("the Irish Prime Minister", after "Irish Prime
    Minister Simon Harris", whose title was registered without the party)."""
    named = [s for s in phrase.doc.spans.get(PARTIES, [])
             if phrase.start <= s.start and s.end <= phrase.end]
    in_party = {i for s in named for i in range(s.start, s.end)}
    words = [t.text for t in phrase if t.dep_ != "det" and t.text not in {"'s", "’s"}
             and t.i not in in_party and t.i <= phrase.root.i]  # not "in Kyiv" after it
    definite = phrase[0].lower_ == "the"  # "the president said", as well as "the President"
    if not words or not (phrase.root.text[:1].isupper() or definite):
        return None
    title = " ".join(words).lower()
    parties = {s.label_ for s in named}
    if parties and title.removesuffix(" of") in _leader_words():
        return _leader_of(state, parties)
    if not any(f" {t} " in f" {title} " for t in official_titles()):
        return None  # "Poland" is no title, even after "Prime Minister of Poland"
    people = [p for p in state.people.values() if not parties or p.party in parties]
    found = [p for p in people if p.role and p.role.lower().endswith(title)]
    if not found:  # "the president", after "Volodymyr Zelenskyy, President of Ukraine"
        found = [p for p in people if p.role and p.official
                 and set(title.split()) <= set(p.role.lower().split())]
    if len({p.name for p in found}) > 1:
        return _named_last(found, phrase)
    return found[0] if found else None


def _named_last(people: list[Person], phrase: Span) -> Person | None:
    """Of several people who hold a title, the one the text named last before "the
    president said" (a caption's "President Volodymyr Zelensky" after "President
    Emmanuel Macron"); None where none of them was named before it."""
    last: dict[str, int] = {}
    surnames = {p.name: p.name.split()[-1] for p in people}
    for token in phrase.doc[:phrase.start]:
        if token.is_title:
            for name, surname in surnames.items():
                if same_surname(surname, token.text):
                    last[name] = token.i
    if not last:
        return None
    latest = max(last.values())
    return next(p for p in people if last.get(p.name) == latest)


@cache
def _leader_words() -> frozenset[str]:
    return frozenset(w.lower() for w in vocab.parties().leader_words)


@cache
def _head_titles() -> tuple[str, ...]:
    return tuple(t.lower() for t in vocab.parties().head_titles)


def _leader_of(state: SpeakerState, parties: set[str]) -> Person | None:
    """"The leader of Ukraine": the one official of the country registered with the
    title of a head of state or government."""
    heads = _head_titles()
    found = [p for p in state.people.values() if p.party in parties and p.official
             and p.role and any(f" {h} " in f" {p.role.lower()} " for h in heads)]
    return found[0] if len({p.name for p in found}) == 1 else None


_PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})


def _name_after_title(phrase: Span) -> tuple[str, str, str | None] | None:
    """"First Deputy Minister of Defence of Chile Ana Rojas": an official
    title, then two or three capitalised words at the end of the phrase that name no
    party, place or outlet, where the model marked no person. The name, the title and
    the party the title names, if any."""
    doc = phrase.doc
    forms = doc.user_data.get(PARTY_FORMS, {})
    in_party = {i for span in doc.spans[PARTIES] for i in range(span.start, span.end)
                if forms.get((span.start, span.end)) != "person"}
    run: list[Token] = []
    for t in reversed(phrase):
        if t.pos_ != "PROPN" or not t.is_title or not t.is_alpha or t.i in in_party:
            break
        run.insert(0, t)
    if not 2 <= len(run) <= 3 or run[0].i == phrase.start:
        return None
    role = doc[phrase.start:run[0].i].text.strip(" ,")
    lowered = f" {role.lower()} "
    if not any(f" {title} " in lowered for title in official_titles()) \
            or any(t.ent_type_ in _PLACES for t in run):  # an ORG is often a name
        return None
    name = " ".join(t.text for t in run)
    parties = {m.code for m in resolver().find(role)}
    return name, role, _known_official(name) or (
        next(iter(parties)) if len(parties) == 1 else None)


def _classify(phrase: Span, doc: Doc, state: SpeakerState, outlet: str | None,
              recipient: Span | None) -> Attribution | None:
    cues = vocab.cues().attribution
    text = phrase.text
    relay = outlet_in(recipient.text, outlet) if recipient is not None else None
    persons = [e for e in (person_span(x) for x in ents_within(phrase)) if e is not None
               and not _not_a_person(e, outlet) and _heads(e, phrase)]
    # "US Southern Command (SOUTHCOM) head Admiral Alvin Holsey": the name the phrase
    # is headed by, before a name inside it
    persons.sort(key=lambda e: _steps_below(e.root, phrase.root))
    if persons:
        first = whole_name(persons[0]).text.strip()
        person = person_named(state, first)
        if person is None:
            person = by_first_name(state, persons[0])  # "Sir Keir said"
        if person is None and len(persons[0]) == 1:
            # "President Boric said": a surname alone, titled where it is said
            role, party = title_before(doc, whole_name(persons[0]))
            person = Person(first, role, party) if role else None
        name = person.name if person else first
        role = person.role if person else None
        party = person.party if person else None
        known = _known_official(name)
        official = (person and person.official) or (known and not _former(person))
        kind = "official" if official else "named"
        return Attribution(name, role, kind, relay or outlet, party or known)
    listed = _known_person(phrase)
    if listed is not None:  # "Scholz said", "Stubb's office said"
        person = person_named(state, listed[0])
        name = person.name if person else listed[0]
        return Attribution(name, person.role if person else None,
                           "named" if _former(person) else "official", relay or outlet,
                           listed[1])
    named = _registered(state, phrase, outlet)
    if named is not None:  # "Sanchez said" (tagged as an organisation), after "Pedro Sanchez"
        on_list = bool(_known_official(named.name)) and not _former(named)
        kind = "official" if named.official or on_list else "named"
        return Attribution(named.name, named.role, kind, relay or outlet, named.party)
    listed_surname = _listed_by_surname(phrase)
    if listed_surname is not None:  # "Budrys told ELTA", the excerpt naming him no more
        return Attribution(listed_surname[0], None, "official", relay or outlet,
                           listed_surname[1])
    titled = _person_by_title(state, phrase)
    if titled is not None:  # "the Prime Minister said", after "Prime Minister Justin Trudeau"
        kind = "official" if titled.official else "named"
        return Attribution(titled.name, titled.role, kind, relay or outlet, titled.party)
    untagged = _name_after_title(phrase)
    if untagged is not None:
        name, role, party = untagged
        return Attribution(name, role, "official", relay or outlet, party)
    if phrase.root.lower_ in {"he", "she"}:
        earlier = [e for e in ents_within(phrase.sent)
                   if e.label_ == "PERSON" and e.end <= phrase.start]
        if earlier:
            return _classify(earlier[-1], doc, state, outlet, recipient)
        if state.last_named is not None:
            return state.last_named
    named_outlet = outlet_in(text, outlet)
    words = {t.lower_ for t in phrase}
    if words & set(cues["source_nouns"]):
        return Attribution("unnamed sources", text.strip(), "unnamed_sources",
                           named_outlet or relay or outlet)
    if named_outlet:
        return Attribution(named_outlet, "outlet", "outlet", named_outlet)
    if phrase.root.lower_ in cues["outlet_nouns"] and any(
            t.pos_ == "PROPN" for t in phrase.root.children if t.dep_ == "compound"):
        agency = phrase.doc[phrase.root.left_edge.i:phrase.root.i + 1]
        while len(agency) and agency[0].dep_ == "det":
            agency = agency[1:]
        return Attribution(agency.text, "outlet", "outlet", agency.text)
    return None


def attribute(sent: Span, state: SpeakerState, outlet: str | None) -> Attribution:
    """The attribution of one sentence; falls back to the outlet's own reporting."""
    doc = sent.doc
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                phrase = doc[objs[0].left_edge.i:objs[0].right_edge.i + 1]
                found = _classify(phrase, doc, state, outlet, None)
                if found:
                    return _remember(state, found)
    for t in sent:
        if t.lemma_ not in say_lemmas() or t.pos_ != "VERB":
            continue
        subjects = [c for c in t.children if c.dep_ in {"nsubj", "nsubjpass"}]
        # "Details: Ihor Zhovkva, head of the delegation, said": the label is parsed as
        # a second subject; the person is the one who speaks
        # a parse that hangs a quote's words on the verb as another subject ("“The
        # level of ...,” Albanese told reporters", the name tagged a nationality)
        subj = next((c for c in subjects if _names_a_person(c)
                     or _registered(state, _phrase_of(c), outlet) is not None),
                    subjects[0] if subjects else None)
        agent = agent_of(t)
        if agent is not None:
            subj = agent  # "this was stated by De Croo": the one who stated it
        if subj is None and t.dep_ in {"advcl", "xcomp", "conj"} and t.tag_ == "VBG":
            # "Zelensky thanked Latvia, saying the accord ...": the speaker of the clause
            subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.lower_ == "who" and t.dep_ == "relcl":
            subj = t.head  # "the meeting with Zelenskyy, who declared that ...": him
        if subj is None:
            continue
        recipient = next((c for c in t.children if c.dep_ in {"dobj", "dative"}), None)
        if t.lemma_ in _SPEECH_ONLY_BARE and recipient is not None \
                and not (t.lemma_ == "announce" and (_names_a_person(subj) or (
                    subj.lower_ in {"he", "she"} and state.last_named is not None))):
            continue  # "Zelensky added six agreements": adding, not speaking; but
            # "Stubb announced the dispatch of a package" (or "He announced ...", after
            # him) is his statement
        if t.lemma_ == "call" and not _calls_agreement(t):
            continue  # "a move Zelensky called historic": naming something else
        phrase = _phrase_of(subj)
        rec = _phrase_of(recipient) if recipient is not None else None
        if t.lemma_ in {"quote", "cite"} and rec is not None:
            # "Reuters quoted a U.S. official as saying", "media cite the president as
            # stressing": the one quoted speaks, relayed
            phrase, rec = rec, phrase
        found = _classify(phrase, doc, state, outlet, rec)
        if found:
            if found.kind in {"official", "named"} and t.lemma_ not in {"quote", "cite"} \
                    and subj.head == t:  # not the subject of "signed ..., pledging"
                found = replace(found, also=_co_speakers(subj, t, found, state, outlet))
            return _remember(state, found)
    if _has_quote(sent) and state.last_named is not None:
        return state.last_named
    _note_actor(sent, state, outlet)
    return Attribution(outlet, "outlet" if outlet else None, "outlet", outlet)


def _co_speakers(subj: Token, verb: Token, first: Attribution, state: SpeakerState,
                 outlet: str | None) -> tuple[tuple[Attribution, int, int], ...]:
    """The other people joined to the speaker as subjects of the same verb of saying,
    each with the characters from their name to the verb ("Deputy Prime Minister and
    Foreign Minister Antonio Tajani" is one person)."""
    out = []
    for other in subj.conjuncts:
        if not _names_a_person(other):
            continue
        words = other.doc[other.left_edge.i:other.right_edge.i + 1]
        found = _classify(words, other.doc, state, outlet, None)
        if found is not None and found.kind in {"official", "named"} \
                and found.attributed_to != first.attributed_to:
            start = min(words.start_char, verb.idx)
            end = max(words.end_char, verb.idx + len(verb.text))
            out.append((found, start, end))
    return tuple(out)


def _phrase_of(token: Token) -> Span:
    return token.doc[token.left_edge.i:token.right_edge.i + 1]


def _names_a_person(token: Token) -> bool:
    return any(t.ent_type_ == "PERSON" for t in token.subtree)


def _note_actor(sent: Span, state: SpeakerState, outlet: str | None) -> None:
    """A known person acting in a sentence ("Macron had planned to ...") is who "he"
    means in the next one ("In January he told reporters ...")."""
    subj = next((t for t in sent if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
    if subj is None:
        return
    phrase = sent.doc[subj.left_edge.i:subj.right_edge.i + 1]
    if _known_person(phrase) is not None or any(e.label_ == "PERSON"
                                                 for e in ents_within(phrase)):
        found = _classify(phrase, sent.doc, state, outlet, None)
        if found is not None and found.kind in {"official", "named"}:
            state.last_named = found


def _has_quote(sent: Span) -> bool:
    """A quotation of a few words at least; a quoted name ("a "Ukrainian legion"") is not
    someone speaking."""
    return any(len(q.split()) >= 4 for q in _QUOTATION.findall(sent.text))


_QUOTATION = re.compile(r"[“\"]([^”\"]+)[”\"]")


def _remember(state: SpeakerState, found: Attribution) -> Attribution:
    if found.kind in {"official", "named"}:
        # "he" later is this speaker alone; the co-speakers' spans are this sentence's
        state.last_named = replace(found, also=())
    return found

