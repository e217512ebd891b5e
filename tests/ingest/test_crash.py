"""A batch ingest killed half-way and run again ends with every document stored once,
each with all of its claims, and the agreements reconciled.

The documents are generated here from a template in our own words.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.store.repository import Store
from pactwatch.store.rows import unique_claims

PACTWATCH = Path(sys.executable).parent / "pactwatch"

COUNTRIES = [
    ("Norway", "Oslo"), ("Sweden", "Stockholm"), ("Finland", "Helsinki"),
    ("Denmark", "Copenhagen"), ("Iceland", "Reykjavik"), ("Estonia", "Tallinn"),
    ("Latvia", "Riga"), ("Lithuania", "Vilnius"), ("Poland", "Warsaw"),
    ("Czechia", "Prague"), ("Slovakia", "Bratislava"), ("Romania", "Bucharest"),
    ("Bulgaria", "Sofia"), ("Greece", "Athens"), ("Portugal", "Lisbon"),
    ("Spain", "Madrid"), ("Italy", "Rome"), ("Belgium", "Antwerp"),
    ("Netherlands", "The Hague"), ("Austria", "Vienna"), ("Ireland", "Dublin"),
    ("Canada", "Ottawa"), ("Japan", "Tokyo"), ("Australia", "Canberra"),
    ("Croatia", "Zagreb"), ("Slovenia", "Ljubljana"), ("Albania", "Tirana"),
    ("Montenegro", "Podgorica"), ("North Macedonia", "Skopje"), ("Moldova", "Chisinau"),
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
PROVISIONS = [
    "training and intelligence sharing",
    "air defence and the repair of damaged equipment",
    "demining, cyber defence and maritime security",
    "joint production of ammunition and training for pilots",
]
FILLER = (
    "Ministers from both governments met reporters after the ceremony and spoke about "
    "the schedule for the coming months. Several working groups will meet every quarter "
    "to review progress, and a joint report is to be published at the end of each year. "
    "Parliamentary committees in both capitals have asked for regular briefings on how "
    "the money is spent and which units receive the equipment. "
)


def story(number: int) -> str:
    country, city = COUNTRIES[number % len(COUNTRIES)]
    year = 2023 + number // len(COUNTRIES)
    day = 1 + (number * 7) % 28
    month = MONTHS[number % 12]
    term = (5, 10, 10, 15)[number % 4]
    provisions = PROVISIONS[number % len(PROVISIONS)]
    return (
        f"{country} and Ukraine signed a {term}-year security agreement in {city} on "
        f"{day} {month} {year}. The agreement includes {provisions}.\n\n"
        f"Report number {number}. " + FILLER * 3 + "\n\n"
        f"Officials said {country} would also send instructors to help train Ukrainian "
        f"units, and that the two governments would consult within 24 hours if Ukraine "
        f"were attacked again.\n"
    )


def write_corpus(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    paths = []
    for number in range(count):
        path = folder / f"story-{number:03d}.txt"
        path.write_text(story(number), encoding="utf-8")
        paths.append(path)
    return paths


def stored_documents(db: Path) -> int:
    """Documents committed so far, read through a separate read-only connection."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
    except sqlite3.OperationalError:  # not created yet
        return 0
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not migrated yet, or briefly locked
        return 0
    finally:
        conn.close()


@pytest.mark.slow
def test_crash_killed_batch_completes_on_rerun_with_each_document_once(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "corpus", 80)
    db = tmp_path / "pactwatch.db"
    command = [str(PACTWATCH), "--db", str(db), "ingest", str(tmp_path / "corpus")]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}

    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, cwd=tmp_path)
    try:
        deadline = time.monotonic() + 120
        seen = 0
        while proc.poll() is None and time.monotonic() < deadline:
            seen = stored_documents(db)
            if seen >= 3:
                break
            time.sleep(0.005)
        if proc.poll() is None and seen >= 3:
            proc.send_signal(signal.SIGKILL)
        returncode = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert returncode == -signal.SIGKILL, (
        f"the first run was not killed mid-batch (exit {returncode}, {seen} documents "
        f"seen); make the corpus larger")
    after_kill = stored_documents(db)
    assert 3 <= after_kill < len(files), after_kill

    again = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env,
                           cwd=tmp_path)

    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    with Store.open(str(db)) as store:
        documents = store.documents()
        claims = store.claims()
        texts = {doc["id"]: store.document(doc["id"]) for doc in documents}
        stale = store.stale_subjects()
        agreements = store.agreements()
    # Every file stored exactly once.
    assert sorted(doc["source"] for doc in documents) == sorted(map(str, files))
    assert len({doc["id"] for doc in documents}) == len(files)
    # No partial document: each has exactly the claims a fresh extraction finds.
    from pactwatch.nlp.pipeline import extract

    claim_ids = [claim.claim_id for claim in claims]
    assert len(claim_ids) == len(set(claim_ids))
    per_document = Counter(claim.doc_id for claim in claims)
    for doc_id, doc in texts.items():
        assert doc is not None
        raw = RawDocument(
            source=doc["source"], text=doc["text"], fmt=doc["fmt"],
            meta=DocumentMeta(outlet=doc["outlet"], title=doc["title"], url=doc["url"],
                              published=doc["published"], lang=doc["lang"]),
        )
        assert "signed" in raw.text and per_document[doc_id] > 0, doc["source"]
        expected = set(unique_claims(extract(raw)))
        assert {c.claim_id for c in claims if c.doc_id == doc_id} == expected, doc["source"]
    # No claim points at a missing document.
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        dangling = conn.execute("PRAGMA foreign_key_check").fetchall()
        orphans = conn.execute(
            "SELECT count(*) FROM claims WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
    finally:
        conn.close()
    assert dangling == []
    assert orphans == 0
    # Reconciliation caught up with the documents stored before the kill.
    assert agreements
    assert stale == []
