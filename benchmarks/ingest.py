"""Ingest throughput against plain spaCy: documents/s, words/s and peak memory.

Writes synthetic corpora in the project's own words (security-agreement reports with
varied parties, dates, amounts and provisions; unrelated news of a similar length), then
measures, each configuration in its own process and on the same texts:

- ``spacy``: the plain baseline, ``en_core_web_sm`` ``nlp.pipe`` over the texts, nothing
  else;
- ``rules-1``: ``pactwatch ingest`` with 1 worker and the trained provision classifier
  off (``PACTWATCH_PROVISION_MODEL=off``), so the classifier's own cost shows beside
  ``local-1``;
- ``local-1`` / ``local-2``: ``pactwatch ingest`` with 1 and 2 local worker processes;
- ``dask-2``: ``pactwatch ingest --executor dask`` on a LocalCluster of 2 workers.

Every pactwatch figure includes reading, pre-filtering, full extraction, storage in
SQLite and reconciliation. Model loading and worker start-up are done before the clock
starts, for the baseline too. Peak RSS is the sum over the configuration's process tree
(sampled every 50 ms; pages shared by forked workers count once per process). The two
corpora are a mixed one (default 2,000 documents, 5% about agreements) and a relevant-only
one (default 300). The run ends with the speedup of the best pactwatch configuration over
the baseline on each::

    .venv/bin/python benchmarks/ingest.py
    .venv/bin/python benchmarks/ingest.py --docs 400 --relevant-docs 60   # quicker
    .venv/bin/python benchmarks/ingest.py --rounds 3   # medians of 3 runs each, in turn
    .venv/bin/python benchmarks/ingest.py --rss-check                     # 5,000 vs 50,000
    .venv/bin/python benchmarks/ingest.py --growth                        # 20 batches, one store

``--growth`` ingests batches of reports about a few agreements, one after another, into
one store (see ``growth.py``): the cost per document should not grow with the store.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import psutil

CONFIGS = ("spacy", "rules-1", "local-1", "local-2", "dask-2")

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
    ("defence ministry", "a new barracks and training ground", "villages near the base"),
    ("energy regulator", "repairs to the power grid after shelling", "households in the east"),
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


def agreement_story(rng: random.Random, low: int, high: int,
                    pair: tuple[int, int, date] | None = None) -> str:
    """A report of a signing: of a random pair on a random day, or of ``pair`` (indexes
    into PARTNERS and RECIPIENTS, and the signing date)."""
    if pair is None:
        partner, city = rng.choice(PARTNERS)
        recipient, capital = rng.choice(RECIPIENTS)
        signed = date(2023, 1, 1) + timedelta(days=rng.randrange(900))
    else:
        (partner, city), (recipient, capital), signed = (
            PARTNERS[pair[0]], RECIPIENTS[pair[1]], pair[2])
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


def documents(folder: Path) -> Iterator[Path]:
    return iter(sorted(folder.glob("doc-*.txt")))


# One configuration, run in a child process: set up, then time the work alone.

def run_spacy(corpus: Path, db: Path) -> dict[str, float]:
    from pactwatch.nlp.pipeline import load_model

    nlp = load_model()
    list(nlp.pipe([agreement_story(random.Random(-1), 400, 600)]))
    words = 0

    def texts() -> Iterator[str]:
        nonlocal words
        for path in documents(corpus):
            text = path.read_text(encoding="utf-8")
            words += len(text.split())
            yield text

    started = time.perf_counter()
    count = sum(1 for _ in nlp.pipe(texts()))
    return {"seconds": time.perf_counter() - started, "docs": count, "words": words,
            "claims": 0}


def run_pactwatch(config: str, corpus: Path, db: Path) -> dict[str, float]:
    from pactwatch.ingest.executors import DaskExecutor, LocalExecutor, load_model
    from pactwatch.ingest.run import ingest
    from pactwatch.records import DocumentMeta, RawDocument
    from pactwatch.store.repository import Store

    kind, workers = config.split("-")
    if kind == "rules":
        import os

        os.environ["PACTWATCH_PROVISION_MODEL"] = "off"
    load_model()
    runner = LocalExecutor(int(workers)) if kind in {"local", "rules"} else DaskExecutor(
        jobs=int(workers))
    warm = RawDocument(source="warm-up", text=agreement_story(random.Random(-1), 400, 600),
                       meta=DocumentMeta(), fmt="txt")
    for _ in range(runner.workers):  # every worker has parsed once before the clock starts
        runner.submit([warm]).result()
    try:
        with Store.open(str(db)) as store:
            started = time.perf_counter()
            report = ingest(store, [str(corpus)], progress=False, executor=runner)
            seconds = time.perf_counter() - started
    finally:
        runner.close()
    if report.failures:
        raise SystemExit(f"{len(report.failures)} documents failed: {report.failures[0]}")
    return {"seconds": seconds, "docs": len(report.stored), "words": report.words,
            "claims": report.claims}


@dataclass
class Result:
    corpus: str
    config: str
    docs: int
    words: int
    claims: int
    seconds: float
    peak_rss_mb: float

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds


def measure(config: str, corpus_name: str, corpus: Path, scratch: Path,
            round_no: int = 0) -> Result:
    """Runs one configuration in a child process (on a new store), sampling its tree's
    memory."""
    out = scratch / f"{corpus_name}-{config}-{round_no}.json"
    db = scratch / f"{corpus_name}-{config}-{round_no}.db"
    child = subprocess.Popen([sys.executable, __file__, "--child", config, str(corpus),
                              str(db), str(out)])
    peak = 0
    proc = psutil.Process(child.pid)
    while child.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.05)
    if child.returncode != 0:
        raise SystemExit(f"{config} on the {corpus_name} corpus failed "
                         f"(exit {child.returncode})")
    found = json.loads(out.read_text())
    return Result(corpus_name, config, int(found["docs"]), int(found["words"]),
                  int(found["claims"]), found["seconds"], peak / 2**20)


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    try:
        family = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in family:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total


def median_runs(rounds: list[list[Result]]) -> list[Result]:
    """Each configuration's run of median time over the rounds."""
    return [sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
            for runs in zip(*rounds, strict=True)]


def ratios(rounds: list[list[Result]], corpus: str, config: str) -> list[float]:
    """Docs/s of ``config`` over the baseline's in the same round, round by round."""
    found = []
    for results in rounds:
        base = next(r for r in results if r.corpus == corpus and r.config == "spacy")
        mine = next(r for r in results if r.corpus == corpus and r.config == config)
        found.append(mine.docs_per_s / base.docs_per_s)
    return sorted(found)


def print_table(rounds: list[list[Result]]) -> None:
    """The median run of each configuration; "vs spaCy" is the median of the per-round
    ratios (with their range when there were several rounds)."""
    rows = [("corpus", "configuration", "documents", "claims", "docs/s", "words/s",
             "peak RSS MB", "vs spaCy")]
    for r in median_runs(rounds):
        found = ratios(rounds, r.corpus, r.config)
        ratio = f"{statistics.median(found):.2f}"
        if len(found) > 1 and r.config != "spacy":
            ratio += f" ({found[0]:.2f}-{found[-1]:.2f})"
        rows.append((r.corpus, r.config, str(r.docs), str(r.claims), f"{r.docs_per_s:.1f}",
                     f"{r.words_per_s:.0f}", f"{r.peak_rss_mb:.0f}", ratio))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(rows[0], widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows[1:]:
        print("| " + " | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) + " |")


def best_speedup(rounds: list[list[Result]], corpus: str) -> float:
    """The best configuration's median per-round ratio to the baseline."""
    configs = {r.config for r in rounds[0] if r.corpus == corpus and r.config != "spacy"}
    medians = [ratios(rounds, corpus, config) for config in configs]
    return max(statistics.median(found) for found in medians)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="mixed corpus size")
    parser.add_argument("--relevant-share", type=float, default=0.05,
                        help="share of the mixed corpus about security agreements (0-1)")
    parser.add_argument("--relevant-docs", type=int, default=300,
                        help="size of the relevant-only corpus")
    parser.add_argument("--min-words", type=int, default=400)
    parser.add_argument("--max-words", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--configs", default=",".join(CONFIGS),
                        help=f"comma-separated, from {', '.join(CONFIGS)}")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run every configuration this many times, in turn (the "
                             "order rotated each round), and report medians: on a shared, "
                             "noisy machine a single run can be off by a fifth")
    parser.add_argument("--rss-check", action="store_true",
                        help="instead: peak RSS of --rss-config on mixed corpora of 5,000 "
                             "and 50,000 documents")
    parser.add_argument("--rss-config", default="local-2")
    parser.add_argument("--growth", action="store_true",
                        help="instead: documents/s of --growth-batches batches of relevant "
                             "documents ingested one after another into one store")
    parser.add_argument("--growth-batches", type=int, default=20)
    parser.add_argument("--growth-docs", type=int, default=150, help="documents per batch")
    parser.add_argument("--growth-agreements", type=int, default=4,
                        help="how many agreements the batches report on")
    parser.add_argument("--growth-rebuild", action="store_true",
                        help="rebuild every record from all its claims on every run "
                             "(the cost before reconciliation was incremental)")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        config, corpus, db, out = args.child
        run = run_spacy if config == "spacy" else (
            lambda c, d: run_pactwatch(config, c, d))
        Path(out).write_text(json.dumps(run(Path(corpus), Path(db))))
        return 0
    configs = [c for c in args.configs.split(",") if c]
    if (args.docs < 1 or args.relevant_docs < 1 or not 0 <= args.relevant_share <= 1
            or args.min_words > args.max_words or set(configs) - set(CONFIGS)
            or "spacy" not in configs or args.rounds < 1):
        parser.error("need --docs, --relevant-docs, --rounds >= 1, 0 <= --relevant-share "
                     f"<= 1, --min-words <= --max-words, --configs from {CONFIGS} with "
                     "spacy")

    with tempfile.TemporaryDirectory(prefix="pactwatch-bench-") as tmp:
        scratch = Path(tmp)
        if args.rss_check:
            return rss_check(args, scratch)
        if args.growth:
            import growth

            return growth.run(args, scratch)
        corpora = {"mixed": (args.docs, args.relevant_share),
                   "relevant": (args.relevant_docs, 1.0)}
        rounds: list[list[Result]] = [[] for _ in range(args.rounds)]
        for name, (size, share) in corpora.items():
            folder = scratch / name
            folder.mkdir()
            relevant, words = write_corpus(folder, size, share, args.seed, args.min_words,
                                           args.max_words)
            print(f"{name}: {size} documents, {relevant} about agreements, {words} words",
                  flush=True)
            for round_no, results in enumerate(rounds):
                turn = round_no % len(configs)
                for config in configs[turn:] + configs[:turn]:
                    results.append(measure(config, name, folder, scratch, round_no))
                    print(f"  {config}: {results[-1].docs_per_s:.1f} docs/s", flush=True)
                results.sort(key=lambda r: (r.corpus != "mixed", configs.index(r.config)))
    print()
    print_table(rounds)
    print()
    print(f"speedup_vs_spacy_baseline_mixed: {best_speedup(rounds, 'mixed'):.2f}")
    print(f"speedup_vs_spacy_baseline_relevant: {best_speedup(rounds, 'relevant'):.2f}")
    return 0


def rss_check(args: argparse.Namespace, scratch: Path) -> int:
    """Peak memory at 5,000 and 50,000 mixed documents: streaming keeps it flat."""
    peaks, speeds = {}, {}
    for size in (5000, 50000):
        folder = scratch / f"mixed-{size}"
        folder.mkdir()
        write_corpus(folder, size, args.relevant_share, args.seed, args.min_words,
                     args.max_words)
        result = measure(args.rss_config, f"mixed-{size}", folder, scratch)
        peaks[size] = result.peak_rss_mb
        speeds[size] = result.docs_per_s
        print(f"{size} documents ({args.rss_config}): peak RSS {result.peak_rss_mb:.0f} MB, "
              f"{result.docs_per_s:.1f} docs/s", flush=True)
        for path in folder.iterdir():
            path.unlink()
    print(f"docs_per_s_50k_vs_5k: {speeds[50000] / speeds[5000]:.2f}")
    print(f"rss_growth_50k_vs_5k: {peaks[50000] / peaks[5000]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
