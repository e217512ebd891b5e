"""Ingest cost as the store grows: batches of reports about a few agreements, ingested
one after another into one store, each timed on its own (``ingest.py --growth``).

Every batch is new documents about the same agreements, so each one adds claims to
records that already hold many; reconciliation must update them from the new claims,
not rebuild them from all. The last line is the documents/s of the last batch over the
first's: 1.00 is flat. ``--growth-rebuild`` rebuilds every record from all its claims on
every run instead, as reconciliation did before it was incremental, for comparison.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta
from pathlib import Path

from ingest import PARTNERS, RECIPIENTS, agreement_story


def write_batch(folder: Path, number: int, docs: int, pairs: list[tuple[int, int, date]],
                low: int, high: int) -> None:
    rng = random.Random(1000 + number)
    for index in range(docs):
        text = agreement_story(rng, low, high, pair=rng.choice(pairs))
        text = f"Dispatch {number}-{index}.\n\n{text}"  # every document distinct
        (folder / f"doc-{number:02d}-{index:05d}.txt").write_text(text, encoding="utf-8")


def run(args: argparse.Namespace, scratch: Path) -> int:
    from pactwatch.ingest.executors import LocalExecutor, load_model
    from pactwatch.ingest.run import ingest
    from pactwatch.store.repository import Store

    rng = random.Random(args.seed)
    pairs = [(rng.randrange(len(PARTNERS)), i % len(RECIPIENTS),
              date(2024, 1, 1) + timedelta(days=rng.randrange(300)))
             for i in range(args.growth_agreements)]
    if args.growth_rebuild:
        # The cost before reconciliation was incremental: every record rebuilt from all
        # its claims on every run (for comparison only).
        import pactwatch.reconcile.run as reconcile_run

        reconcile_run.update = lambda store, subject: False
    load_model()
    runner = LocalExecutor(1)
    speeds = []
    print("| batch | documents | claims in store | seconds | docs/s |")
    print("|---|---|---|---|---|")
    try:
        with Store.open(str(scratch / "growth.db")) as store:
            claims = 0
            for number in range(args.growth_batches):
                folder = scratch / f"batch-{number:02d}"
                folder.mkdir()
                write_batch(folder, number, args.growth_docs, pairs, args.min_words,
                            args.max_words)
                started = time.perf_counter()
                report = ingest(store, [str(folder)], progress=False, executor=runner)
                seconds = time.perf_counter() - started
                if report.failures:
                    raise SystemExit(f"batch {number}: {report.failures[0]}")
                claims += report.claims
                speeds.append(len(report.stored) / seconds)
                print(f"| {number + 1} | {len(report.stored)} | {claims} | {seconds:.1f} | "
                      f"{speeds[-1]:.2f} |", flush=True)
    finally:
        runner.close()
    print(f"growth_last_vs_first: {speeds[-1] / speeds[0]:.2f}")
    return 0
