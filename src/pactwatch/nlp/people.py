"""The people a document names: each person's whole name, the title before it and the
party it names, so that a later "Sullivan said" or "the adviser said" finds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from pactwatch import vocab
from pactwatch.nlp.components import PARTIES, PARTY_FORMS

if TYPE_CHECKING:
    from pactwatch.nlp.attribution import Attribution

@dataclass
class Person:
    name: str
    role: str | None
    party: str | None

    @property
    def official(self) -> bool:
        titles = official_titles()
        role = (self.role or "").lower()
        return bool(role) and not role.startswith("former") and any(t in role for t in titles) \
            and not any(f" {w} " in f" {role} " for w in _outside_government())


@cache
def _outside_government() -> tuple[str, ...]:
    """Words that place a title outside government ("defence adviser at D Group and
    senior associate fellow at RUSI")."""
    return tuple(w.lower() for w in vocab.parties().outside_government)


@dataclass
class SpeakerState:
    """What one document has said so far about its people, for "Sullivan said"."""

    people: dict[str, Person] = field(default_factory=dict)
    last_named: Attribution | None = None


@cache
def official_titles() -> tuple[str, ...]:
    return tuple(t.lower() for t in vocab.parties().official_titles)


def register_people(doc: Doc, state: SpeakerState) -> None:
    """Records each PERSON with the title before it ("National Security Adviser ...")."""
    abbreviations = vocab.parties().role_abbreviations
    for found in doc.ents:
        ent = person_span(found)
        if ent is None or len(ent) < 2:
            continue
        ent = whole_name(ent)
        name = ent.text.strip()
        if name in state.people or _shorter_form(state, name) is not None:
            continue
        role, party = title_before(doc, ent)
        if role:
            for long, short in abbreviations.items():
                role = role.replace(long, short)
        state.people[name] = Person(name, role, party)


def title_before(doc: Doc, ent: Span) -> tuple[str | None, str | None]:
    """The title words directly left of a name, and a party named in them; honorifics
    between them ("Committee Chair Hon. Mary Wanjiku", "Foreign Minister Dr. Ana Ruiz")
    are neither."""
    start = ent.start
    while start > ent.sent.start and _is_honorific(doc[start - 1]):
        start -= 1
    i = start - 1
    while i >= ent.sent.start and doc[i].dep_ in {"compound", "amod", "nmod", "poss", "case"} \
            and (doc[i].head.i >= i or doc[i].text in {"'s", "’s"}) \
            and doc[i].text not in {",", "“", "\""}:
        i -= 1  # "Ukraine’s President": the possessive's mark hangs on the country
    words = doc[i + 1:start]
    if len(words) and i > ent.sent.start and doc[i].lower_ == "of" \
            and all(_in_party(t) for t in words):
        title = _title_words_left(doc, ent, i)  # "President of Ukraine Volodymyr Zelenskyy"
        if len(title):
            words = doc[title.start:start]
    if not len(words):
        words = _title_words_left(doc, ent, start)
    if not len(words):
        for child in ent.root.children:  # "Jake Sullivan, the national security adviser,"
            if child.dep_ == "appos":
                words = doc[child.left_edge.i:child.right_edge.i + 1]
                break
    if not len(words) and ent.root.dep_ == "appos" and ent.root.head.pos_ == "NOUN":
        head = ent.root.head  # "Canada's ambassador to Ukraine, Natalka Cmoc,"
        words = doc[head.left_edge.i:head.i + 1]
    if not len(words):
        return None, None
    party = None
    kept: list[str] = []
    for t in words:
        named = next((s.label_ for s in doc.spans[PARTIES] if s.start <= t.i < s.end), None)
        if named is not None and party is None and not kept:
            party = named
            continue
        if named is not None and party is None and t.i > 0 and doc[t.i - 1].lower_ == "of":
            party = named  # "Adviser to the President of Ukraine"
        if t.dep_ == "det" or t.text in {"'s", "’s"}:
            continue
        kept.append(t.text)
    role = " ".join(kept).strip()
    return (role or None), party


def whole_name(ent: Span) -> Span:
    """A person's name with the capitalised words the tagger left off its end ("Espen
    Barth" in "Foreign Minister Espen Barth Eide announced"), on across the particles
    of a surname ("Ursula von der" before "Leyen", which it took for a place), without
    a possessive ("Vladimir Zelensky's office") and without a headline's verb it took
    in ("Trump Says" in "..., Trump Says in Executive Order")."""
    doc, end = ent.doc, ent.end
    if len(ent) > 1 and doc[end - 1].lower_ in _HEADLINE_SAYS:
        return doc[ent.start:end - 1]
    if len(ent) > 1 and doc[end - 1].text in {"'s", "’s"}:
        end -= 1
    while end < len(doc) and end - ent.end < 3 and (_particle_of(doc, end)
                                                     or _name_word_of(doc, end)):
        end += 1
    while end > ent.start + 1 and doc[end - 1].lower_ in _particles() and doc[end - 1].is_lower:
        end -= 1  # a particle the tagger ended the name on, and nothing after it
    return doc[ent.start:end]


def _particle_of(doc: Doc, i: int) -> bool:
    """"von" in "von der Leyen": a particle the rest of the surname hangs on."""
    return doc[i].lower_ in _particles() and doc[i].is_lower and i + 1 < len(doc) \
        and doc[i].head.i > i


def _name_word_of(doc: Doc, i: int) -> bool:
    """A capitalised word the name so far is a compound of; after a particle, even one
    the tagger took for a place ("Leyen")."""
    after_particle = doc[i - 1].lower_ in _particles() and doc[i - 1].is_lower
    return doc[i].pos_ == "PROPN" and doc[i].is_title and doc[i].is_alpha \
        and (after_particle or not doc[i].ent_type_) and doc[i - 1].head.i == i


@cache
def _particles() -> frozenset[str]:
    return frozenset(vocab.parties().name_particles)


_HEADLINE_SAYS = frozenset({"says", "said", "tells", "warns", "vows", "urges", "claims"})


def _is_honorific(token: Token) -> bool:
    return token.lower_.rstrip(".") in _honorifics()


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(h.lower().rstrip(".") for h in vocab.parties().honorifics)


def _title_words_left(doc: Doc, ent: Span, start: int) -> Span:
    """The capitalised words left of a name (from ``start``, before any honorific) that
    end in an official title, where the parse hangs them elsewhere ("to see the
    president and Defense Secretary Ramon Villar")."""
    i = start - 1
    while i >= ent.sent.start and start - i <= 6 and (
            (doc[i].is_alpha and (doc[i].is_title or doc[i].lower_ in {"of", "for"}))
            or (doc[i].text in {"'s", "’s"} and i > ent.sent.start and doc[i - 1].is_title)):
        i -= 1  # "Chile’s President" too
    words = doc[i + 1:start]
    while len(words) and not words[0].is_title:
        words = words[1:]
    text = f" {words.text.lower()}"
    if any(text.endswith(f" {title}") for title in official_titles()):
        return words
    return doc[start:start]


def _shorter_form(state: SpeakerState, text: str) -> Person | None:
    """The person registered by a fuller name that ends in these words ("Novillo
    Aguilar" after "Bolivian Defense Minister Edmundo Novillo Aguilar")."""
    words = text.split()
    return next((p for p in state.people.values() if len(p.name.split()) > len(words)
                 and p.name.split()[-len(words):] == words), None)


def person_named(state: SpeakerState, text: str) -> Person | None:
    if text in state.people:
        return state.people[text]
    fuller = _shorter_form(state, text) if len(text.split()) > 1 else None
    if fuller is not None:
        return fuller
    last = text.split()[-1] if text.split() else text
    for person in state.people.values():
        if person.name.split()[-1] == last:
            return person
    return next((p for p in state.people.values() if len(p.name.split()) > 1
                 and same_surname(p.name.split()[-1], last)), None)


def by_first_name(state: SpeakerState, name: Span) -> Person | None:
    """The one person named before whose first name follows an honorific that goes with
    first names ("Sir Keir said", after "Prime Minister Keir Starmer"), the honorific in
    the name or just before it; else the one official parties.yaml lists by that first
    name."""
    honorifics = vocab.parties().first_name_honorifics
    if len(name) == 2 and name[0].text in honorifics:
        name = name[1:]
    if len(name) != 1 or name.start == 0 or name.doc[name.start - 1].text not in honorifics:
        return None
    found = [p for p in state.people.values()
             if len(p.name.split()) > 1 and p.name.split()[0] == name.text]
    if not found:  # the text's first mention unreadable ("PA MediaSir Keir Starmer")
        found = [Person(full, None, code) for code, names in vocab.parties().people.items()
                 for full in names if len(full.split()) > 1 and full.split()[0] == name.text]
    return found[0] if len(found) == 1 else None


def same_surname(a: str, b: str) -> bool:
    """One surname in two transliterations or with a typo ("Zelensky" and "Zelenskyy",
    "Musar" and "Mussar"): equal, or one edit apart when both are five letters or more."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def person_span(ent: Span) -> Span | None:
    """The words of an entity that name a person: a PERSON, a name the model took for an
    organisation before an official title, or the name it ran into the country of a
    title before it ("President of [Ukraine Volodymyr Zelenskyy]", tagged as one
    organisation)."""
    if ent.label_ == "PERSON":
        return _without_lead(ent)
    if titled_name(ent):
        return ent
    doc = ent.doc
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of" \
            or doc[ent.start - 2].lower_ not in _title_ends():
        return None
    party_end = next((s.end for s in doc.spans.get(PARTIES, []) if s.start == ent.start), None)
    if party_end is None:
        return None
    name = doc[party_end:ent.end]
    while len(name) and name[-1].is_space:
        name = name[:-1]
    if not 2 <= len(name) <= 3 or not all(t.is_title and t.is_alpha and not _in_party(t, True)
                                          for t in name):
        return None
    return Span(doc, name.start, name.end, label="PERSON")


def _without_lead(ent: Span) -> Span:
    """A PERSON entity without the title or country words the tagger ran into its start
    ("[Taoiseach Simon Harris]", "[Belarus Alexander Lukashenko]"): those stay left of
    the name, where ``title_before`` reads them. A first and a last name always stay."""
    doc, start = ent.doc, ent.start
    while ent.end - start > 2 and (doc[start].text in _title_words()
                                   or _in_party(doc[start], True)):
        start += 1
    return ent if start == ent.start else Span(doc, start, ent.end, label=ent.label_)


@cache
def _title_words() -> frozenset[str]:
    """The capitalised words of official and head-of-state titles ("Taoiseach", "Prime",
    "Minister")."""
    titles = [*vocab.parties().official_titles, *vocab.parties().head_titles]
    return frozenset(w for t in titles for w in t.split() if w[:1].isupper())


def _in_party(token: Token, but_people: bool = False) -> bool:
    """Whether a party's name covers the token; ``but_people``: a leader's name that
    stands for the party ("Zelenskyy" for Ukraine) does not count."""
    forms = token.doc.user_data.get(PARTY_FORMS, {})
    return any(s.start <= token.i < s.end and not (
        but_people and forms.get((s.start, s.end)) == "person")
        for s in token.doc.spans.get(PARTIES, []))


@cache
def _title_ends() -> frozenset[str]:
    """The last words of official titles ("president", "minister", "chancellor")."""
    return frozenset(t.split()[-1] for t in official_titles())


def titled_name(ent: Span) -> bool:
    """A name the model took for an organisation but an official title follows
    ("Charles Fries, the deputy secretary-general for ...")."""
    if ent.label_ != "ORG" or not 2 <= len(ent) <= 3 or not all(t.is_title for t in ent):
        return False
    appos = [c for c in ent.root.children if c.dep_ == "appos"]
    titles = [t.lower() for t in vocab.parties().official_titles]
    return any(any(title in ent.doc[a.left_edge.i:a.right_edge.i + 1].text.lower()
                   for title in titles) for a in appos)
