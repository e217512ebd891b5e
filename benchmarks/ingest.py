"""Ingest throughput: documents/s and words/s of read + extract + store + reconcile.

Generates N news-length synthetic documents (400-600 words, written from templates in
our own words: security agreements between varied parties, plus unrelated news of a
similar length), warms the spaCy model on one extra document, then times one in-process
call of ``pactwatch.ingest.run.ingest`` over the folder. Model loading is excluded.

    .venv/bin/python benchmarks/ingest.py --docs 200 --relevant-share 0.5
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from pactwatch.ingest.run import ingest
from pactwatch.nlp.pipeline import extract, nlp
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.store.repository import Store

PARTNERS = [
    ("Norway", "Oslo"), ("Sweden", "Stockholm"), ("Finland", "Helsinki"),
    ("Denmark", "Copenhagen"), ("Estonia", "Tallinn"), ("Latvia", "Riga"),
    ("Lithuania", "Vilnius"), ("Poland", "Warsaw"), ("Czechia", "Prague"),
    ("Romania", "Bucharest"), ("Greece", "Athens"), ("Portugal", "Lisbon"),
    ("Spain", "Madrid"), ("Italy", "Rome"), ("Netherlands", "The Hague"),
    ("Ireland", "Dublin"), ("Canada", "Ottawa"), ("Japan", "Tokyo"),
    ("Australia", "Canberra"), ("Croatia", "Zagreb"), ("Austria", "Vienna"),
    ("Iceland", "Reykjavik"), ("Belgium", "Antwerp"), ("Slovenia", "Ljubljana"),
]
RECIPIENTS = [("Ukraine", "Kyiv"), ("Moldova", "Chisinau"), ("Georgia", "Tbilisi")]
PROVISIONS = [
    "training for soldiers and pilots",
    "the sharing of intelligence",
    "air defence systems and spare parts",
    "demining equipment and instructors",
    "cyber defence cooperation",
    "maritime security patrols",
    "joint production of ammunition",
    "medical evacuation and rehabilitation of wounded soldiers",
    "financial support of {amount} billion euros in {year}",
    "consultations within 24 hours in the event of a future armed attack",
]
OFFICIALS = ["the prime minister", "the defence minister", "the foreign minister",
             "a government spokesperson", "the president"]
AGREEMENT_PARAGRAPHS = [
    "Speaking to reporters after the ceremony, {official} of {partner} said the "
    "document set out what each side would do over the coming years and how progress "
    "would be checked. A joint commission is to meet twice a year and report to both "
    "governments.",
    "The text was negotiated over several months by officials from both foreign "
    "ministries. Diplomats said the drafts went back and forth many times before the "
    "final wording on long-term support was settled.",
    "Opposition politicians in {partner} welcomed the agreement but asked the "
    "government to explain how it would be paid for, and whether parliament would get "
    "a vote on future funding.",
    "Analysts noted that the agreement is not a mutual defence treaty. It does not "
    "oblige {partner} to send troops, but it commits the government to keep providing "
    "help and to consult quickly if the situation gets worse.",
    "Officials in {capital} said the first deliveries under the agreement were already "
    "being prepared and that more details would be shared with parliament next month.",
    "The two leaders also discussed reconstruction, energy and the protection of "
    "critical infrastructure, and agreed to hold a business forum later in the year.",
    "Under the agreement {partner} will also help {recipient} reform its defence "
    "institutions, with advisers working alongside ministry staff on procurement and "
    "oversight.",
]
UNRELATED_TOPICS = [
    ("city council", "a new tram line", "the northern districts"),
    ("regional hospital", "a larger emergency department", "patients from nearby towns"),
    ("football club", "a new stadium", "supporters in the old quarter"),
    ("weather service", "a dry summer", "farmers along the river valley"),
    ("university", "a research centre for batteries", "students and local firms"),
    ("national library", "the digitisation of old newspapers", "historians and schools"),
]
UNRELATED_PARAGRAPHS = [
    "The {who} announced on {weekday} that work on {what} would begin in the spring, "
    "after years of planning and several rounds of public meetings.",
    "Residents who spoke at the meetings said they were mostly in favour but worried "
    "about noise, traffic and how long the work would take.",
    "A spokesperson for the {who} said the budget had been checked by independent "
    "auditors and that the project would be finished in stages so that services are "
    "not interrupted.",
    "Local business owners expect more visitors once {what} is complete, although some "
    "said they would lose customers while the streets around them are closed.",
    "The plan has been discussed for more than a decade. Earlier versions were dropped "
    "because of rising costs and disagreements about where the money should come from.",
    "Officials said {whom} would be kept informed through a website, a telephone line "
    "and monthly open days where engineers answer questions.",
    "Critics argued that the money could be better spent elsewhere, pointing to repairs "
    "that have been postponed for years in other parts of the region.",
    "Supporters replied that the investment would pay for itself over time and make the "
    "area more attractive for young families and new employers.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _fill(rng: random.Random, paragraphs: list[str], lead: str, low: int, high: int,
          **values: str) -> str:
    """``lead`` followed by template paragraphs until the text has ``low``-``high`` words."""
    target = rng.randint(low, high)
    parts = [lead]
    words = len(lead.split())
    pool: list[str] = []
    while words < target:
        if not pool:
            pool = paragraphs[:]
            rng.shuffle(pool)
        paragraph = pool.pop().format(**values)
        parts.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(parts) + "\n"


def agreement_story(rng: random.Random, low: int, high: int) -> str:
    partner, city = rng.choice(PARTNERS)
    recipient, capital = rng.choice(RECIPIENTS)
    signed = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
    term = rng.choice([5, 10, 10, 15, 20])
    chosen = rng.sample(PROVISIONS, k=3)
    provisions = [p.format(amount=rng.randint(1, 9), year=signed.year + 1) for p in chosen]
    official = rng.choice(OFFICIALS)
    lead = (
        f"{partner} and {recipient} signed a {term}-year security agreement in {city} on "
        f"{signed.day} {signed:%B %Y}. The agreement includes {provisions[0]}, "
        f"{provisions[1]} and {provisions[2]}, {official} of {partner} said."
    )
    return _fill(rng, AGREEMENT_PARAGRAPHS, lead, low, high, official=official,
                 partner=partner, recipient=recipient, capital=capital)


def unrelated_story(rng: random.Random, low: int, high: int) -> str:
    who, what, whom = rng.choice(UNRELATED_TOPICS)
    weekday = rng.choice(WEEKDAYS)
    lead = f"The {who} has approved plans for {what}, a project that will affect {whom}."
    return _fill(rng, UNRELATED_PARAGRAPHS, lead, low, high, who=who, what=what,
                 whom=whom, weekday=weekday)


def write_corpus(folder: Path, docs: int, relevant_share: float, seed: int,
                 low: int, high: int) -> tuple[int, int]:
    """Write the documents; returns (relevant count, total words)."""
    rng = random.Random(seed)
    relevant = round(docs * relevant_share)
    kinds = [True] * relevant + [False] * (docs - relevant)
    rng.shuffle(kinds)
    words = 0
    for number, is_relevant in enumerate(kinds):
        text = (agreement_story if is_relevant else unrelated_story)(rng, low, high)
        text = f"Dispatch {number}.\n\n{text}"  # every document distinct
        (folder / f"doc-{number:05d}.txt").write_text(text, encoding="utf-8")
        words += len(text.split())
    return relevant, words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200, help="number of documents")
    parser.add_argument("--relevant-share", type=float, default=0.5,
                        help="share of documents about security agreements (0-1)")
    parser.add_argument("--min-words", type=int, default=400)
    parser.add_argument("--max-words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.docs < 1 or not 0 <= args.relevant_share <= 1 or args.min_words > args.max_words:
        parser.error("need --docs >= 1, 0 <= --relevant-share <= 1, --min-words <= --max-words")

    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        relevant, words = write_corpus(folder, args.docs, args.relevant_share, args.seed,
                                       args.min_words, args.max_words)

        started = time.perf_counter()
        nlp()
        warm = agreement_story(random.Random(-1), args.min_words, args.max_words)
        extract(RawDocument(source="warm-up", text=warm, meta=DocumentMeta(), fmt="txt"))
        load = time.perf_counter() - started

        with Store.open(str(Path(tmp) / "bench.db")) as store:
            started = time.perf_counter()
            report = ingest(store, [str(folder)], progress=False)
            elapsed = time.perf_counter() - started

    if report.failures or len(report.stored) != args.docs:
        print(f"warning: {len(report.stored)} stored, {len(report.failures)} failed, "
              f"{len(report.duplicates)} duplicates of {args.docs}", file=sys.stderr)
    docs_per_s = len(report.stored) / elapsed
    words_per_s = report.words / elapsed
    rows = [
        ("documents", f"{args.docs} ({relevant} about agreements)"),
        ("words", f"{words} (mean {words / args.docs:.0f} per document)"),
        ("claims extracted", str(report.claims)),
        ("agreement groups", str(len(report.reconciled))),
        ("model load + warm-up", f"{load:.2f} s (not counted)"),
        ("ingest time", f"{elapsed:.2f} s"),
        ("ms per document", f"{1000 * elapsed / max(len(report.stored), 1):.1f}"),
        ("documents/s", f"{docs_per_s:.1f}"),
        ("words/s", f"{words_per_s:.0f}"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"ingest_docs_per_s: {docs_per_s:.2f}")
    print(f"ingest_words_per_s: {words_per_s:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
