"""Long documents are read, not rejected: a text longer than the parse window is parsed
in pieces cut at paragraph breaks, its claims keep their offsets into the whole text and
are the claims the whole text gives; a text over PACTWATCH_MAX_CHARS is refused with one
line; a document whose extraction fails costs that document only, in every executor.

The long report is generated here from sentence templates written in our own words,
with three sentences stating real facts (dates and places as in the reference records
``src/pactwatch/data/reference/DK-UA-2024.yaml``, ``CA-UA-2024.yaml`` and
``BE-UA-2024.yaml``, which cite their public sources).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pactwatch.errors import BadSetting, DocumentTooLong
from pactwatch.ingest.readers import read_with
from pactwatch.nlp.pipeline import ExtractionFailure, Piece, extract_each, pieces
from pactwatch.records import Claim, DocumentMeta, RawDocument
from pactwatch.store.repository import Store

PACTWATCH = Path(sys.executable).parent / "pactwatch"
REPO = Path(__file__).resolve().parents[2]
DEV = REPO / "eval" / "dev"
SPACY_MAX_LENGTH = 1_000_000

TOWNS = ["Alderford", "Brackwater", "Caldmoor", "Dunmere", "Elsworth", "Fennick",
         "Greyholt", "Harrowgate", "Ivybridge", "Jessop's Mill", "Kettlewick", "Larkspur"]
RIVERS = ["Alder", "Brack", "Cald", "Dune", "Ells", "Fenn"]
WORKS = ["a flood wall", "two pumping stations", "a fish pass", "the sluice gates",
         "a settling pond", "the weir", "three footbridges", "a reed bed"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TEMPLATES = [
    "In {month} the commission's engineers inspected {works} near {town} and found "
    "that {share} per cent of the masonry needed repointing before the winter.",
    "Residents of {town} were invited to {count} evening meetings about the new "
    "footpath along the {river}, and most of them asked for more benches.",
    "Rainfall over the upper {river} valley was {share} per cent above the long-run "
    "average in {month}, which kept the gauges at {town} busy for a fortnight.",
    "The board approved {count} small grants for hedgerow planting, the largest of "
    "them for a farm cooperative outside {town}.",
    "Work on {works} at {town} finished {count} weeks behind schedule because a "
    "supplier of sheet piles went out of business in {month}.",
    "Volunteers counted {count} otters and several kingfishers on the lower {river}, "
    "the highest numbers since the survey began.",
    "A school in {town} adopted a stretch of the {river} bank and its pupils now "
    "record the water temperature every {month}.",
    "Anglers reported {count} complaints about litter near the {river} bridge at "
    "{town}, and the commission added two bins there.",
]
# (sentence, where it goes as a share of the report's length): far apart, the last one
# beyond character 1,000,000 of a 1.4-million-character report.
AGREEMENTS = [
    ("Ukraine and Denmark signed a ten-year security agreement in Lviv on "
     "23 February 2024.", 0.05),
    ("Canada and Ukraine signed a ten-year security agreement in Kyiv on "
     "24 February 2024.", 0.45),
    ("Belgium and Ukraine signed a ten-year security agreement in Brussels on "
     "28 May 2024.", 0.9),
]
GOOD = ("Estonia and Ukraine signed a ten-year security agreement in Kyiv on "
        "27 June 2024. It covers air defence, training and cyber defence.\n")
OFF_TOPIC = "The ferry to the islands runs twice a day until the end of September.\n"


def paragraph(rng: random.Random, number: int) -> str:
    sentences = [template.format(
        month=rng.choice(MONTHS), works=rng.choice(WORKS), town=rng.choice(TOWNS),
        river=rng.choice(RIVERS), share=rng.randint(3, 97), count=rng.randint(2, 90))
        for template in rng.sample(TEMPLATES, rng.randint(3, 5))]
    return f"Item {number}. " + " ".join(sentences)


def long_report(chars: int, seed: int = 7) -> str:
    """A river commission's report of about ``chars`` characters, paragraphs apart by
    blank lines, with the AGREEMENTS sentences as paragraphs of their own."""
    rng = random.Random(seed)
    wanted = sorted((int(share * chars), sentence) for sentence, share in AGREEMENTS)
    parts = ["Annual report of the Six Rivers Basin Commission"]
    length = len(parts[0])
    number = 0
    while length < chars:
        if wanted and length >= wanted[0][0]:
            text = wanted.pop(0)[1]
        else:
            number += 1
            text = paragraph(rng, number)
        parts.append(text)
        length += len(text) + 2
    return "\n\n".join(parts) + "\n"


def raw_doc(text: str, published: date | None = None) -> RawDocument:
    return RawDocument("report.txt", text, DocumentMeta(published=published), "txt")


def claims_of(text: str, published: date | None = None) -> list[Claim]:
    [found] = extract_each([raw_doc(text, published)])
    assert not isinstance(found, ExtractionFailure), found
    return found


def assert_offsets_into(text: str, claims: list[Claim]) -> None:
    """Every claim's span and sentence index the whole text."""
    for claim in claims:
        start, end = claim.extra["sentence"]
        assert text[start:end] == claim.text
        assert start <= claim.start <= claim.end <= end
        assert text[claim.start:claim.end].strip()


# The plan of pieces


def test_pieces_cover_the_text_within_the_window_cut_after_blank_lines() -> None:
    text = long_report(60_000)
    plan = pieces(text, 5_000)
    assert plan[0].start == 0 and plan[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(plan, plan[1:], strict=False))
    assert all(p.end - p.start <= 5_000 for p in plan)
    assert all(text[p.start - 2:p.start] == "\n\n" for p in plan[1:])
    # each piece is parsed with about a thousand characters on either side
    for p in plan[1:-1]:
        assert 1_000 <= p.start - p.left <= 2_000 and 1_000 <= p.right - p.end <= 2_000
        assert text[p.left - 1].isspace() and not text[p.left].isspace()


def test_pieces_fall_back_to_lines_then_sentences_then_spaces_then_a_hard_cut() -> None:
    lines = "one two three\nfour five six\n"
    assert [text_of(lines, p) for p in pieces(lines, 20)] == ["one two three\n",
                                                              "four five six\n"]
    sentences = "One two. Three four. Five six."
    assert [text_of(sentences, p) for p in pieces(sentences, 14)] == [
        "One two. ", "Three four. ", "Five six."]
    words = "alpha beta gamma delta"
    assert [text_of(words, p) for p in pieces(words, 12)] == ["alpha beta ", "gamma delta"]
    solid = "x" * 25
    plan = pieces(solid, 10)
    assert [text_of(solid, p) for p in plan] == ["x" * 10, "x" * 10, "x" * 5]
    # a hard cut is parsed without context across it
    assert all(p.left == p.start and p.right == p.end for p in plan)


def text_of(text: str, piece: Piece) -> str:
    return text[piece.start:piece.end]


# Chunked extraction is the whole-text extraction


def _dev_articles(count: int) -> str:
    texts = [path.read_text(encoding="utf-8") for path in sorted(DEV.glob("*.txt"))]
    return "\n\n".join(texts[:count])


@pytest.mark.slow
def test_pieces_give_the_claims_of_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten dev-set articles in one text (33,000 characters, 150 claims): parsed whole and
    in pieces of at most 2,000 characters, the claims are the same, extras included;
    the document-level steps (focus, dateline, speakers, paragraphs) run over the whole
    text either way."""
    text = _dev_articles(10)
    assert len(text) > 30_000
    whole = claims_of(text, date(2024, 6, 12))
    monkeypatch.setenv("PACTWATCH_CHUNK_CHARS", "2000")
    assert len(pieces(text, 2_000)) > 15
    chunked = claims_of(text, date(2024, 6, 12))
    assert len(whole) > 100
    assert chunked == whole
    assert [c.extra for c in chunked] == [c.extra for c in whole]
    assert_offsets_into(text, chunked)


@pytest.mark.slow
def test_pieces_give_the_claims_of_a_whole_seed_article_repeated(
        seeds_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each seed article four times over (read in place), with its sidecar's date: the
    same claims whole and in pieces of at most 1,500 characters."""
    for seed in sorted(seeds_dir.glob("*.txt")):
        article = seed.read_text(encoding="utf-8").strip()
        sidecar = json.loads(seed.with_name(seed.stem + ".meta.json").read_text())
        published = date.fromisoformat(sidecar["published"][:10])
        text = "\n\n".join([article] * 4) + "\n"
        monkeypatch.delenv("PACTWATCH_CHUNK_CHARS", raising=False)
        whole = claims_of(text, published)
        monkeypatch.setenv("PACTWATCH_CHUNK_CHARS", "1500")
        chunked = claims_of(text, published)
        assert len(whole) > 20, seed.name
        assert chunked == whole, seed.name
        assert [c.extra for c in chunked] == [c.extra for c in whole]


@pytest.mark.slow
def test_long_paragraphs_cut_at_lines_sentences_and_spaces_keep_their_offsets(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A report whose paragraphs are longer than the window: the cuts fall inside them,
    and every claim still indexes the whole text."""
    rng = random.Random(3)
    body = " ".join(paragraph(rng, n) for n in range(30))
    text = (body + " " + AGREEMENTS[0][0] + " " + body.replace("Item", "Point") + "\n"
            + AGREEMENTS[2][0] + "\n")
    monkeypatch.setenv("PACTWATCH_CHUNK_CHARS", "3000")
    plan = pieces(text, 3_000)
    assert not any(text[p.start - 2:p.start] == "\n\n" for p in plan[1:])
    found = claims_of(text)
    assert_offsets_into(text, found)
    signed = {c.subject: text[c.start:c.end] for c in found if c.predicate == "signed_on"}
    assert signed == {("DK", "UA"): "23 February 2024", ("BE", "UA"): "28 May 2024"}


# Limits and settings


def test_a_text_over_the_character_limit_is_refused_by_the_reader(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_MAX_CHARS", "1000")
    assert read_with("txt", b"a" * 1000, "fits.txt").text == "a" * 1000
    with pytest.raises(DocumentTooLong) as info:
        read_with("txt", b"a" * 1001, "long.txt")
    assert str(info.value) == ("[PW011] long.txt: document too long: 1,001 characters, "
                               "more than PACTWATCH_MAX_CHARS (1,000)")


def test_a_text_over_the_character_limit_is_refused_before_extraction(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_MAX_CHARS", "100")
    [found] = extract_each([raw_doc(GOOD * 2)])
    assert found == ExtractionFailure("PW011", f"document too long: {len(GOOD) * 2} "
                                               "characters, more than PACTWATCH_MAX_CHARS "
                                               "(100)")


def test_the_window_setting_must_be_a_whole_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACTWATCH_CHUNK_CHARS", "a lot")
    [found] = extract_each([raw_doc(GOOD)])
    assert isinstance(found, ExtractionFailure) and found.code == BadSetting.code
    assert str(found.error("report.txt")) == (
        "[PW060] report.txt: PACTWATCH_CHUNK_CHARS: expected a positive whole number, "
        "got 'a lot'")


# The command line, over real files


def run_ingest(db: Path, *args: str, env: dict[str, str] | None = None,
               timeout: int = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "--db", str(db), "ingest", "--json", *args],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_cli_stores_a_long_report_and_refuses_one_over_the_limit(tmp_path: Path) -> None:
    """A 1.4-million-character report, a 6 MB text and two short files in one folder:
    the report is stored with its claims (one from beyond character 1,000,000, with its
    offsets into the whole text), the 6 MB text gets one coded line, the short files
    are stored, and the exit status is 1."""
    folder = tmp_path / "batch"
    folder.mkdir()
    report = long_report(1_400_000)
    assert len(report) > 1_400_000 and report.index(AGREEMENTS[2][0]) > SPACY_MAX_LENGTH
    (folder / "a_report.txt").write_text(report, encoding="utf-8")
    (folder / "b_huge.txt").write_text(long_report(6_000_000, seed=11), encoding="utf-8")
    (folder / "c_good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "d_ferry.txt").write_text(OFF_TOPIC, encoding="utf-8")
    db = tmp_path / "pw.db"

    done = run_ingest(db, str(folder))

    assert done.returncode == 1, done.stderr
    huge = folder / "b_huge.txt"
    assert done.stderr.splitlines() == [
        f"[PW011] {huge}: document too long: {len(huge.read_text()):,} characters, more "
        "than PACTWATCH_MAX_CHARS (5,000,000)"]
    out = json.loads(done.stdout)
    assert len(out["stored"]) == 3
    assert [f["code"] for f in out["failed"]] == ["PW011"]
    with Store.open(str(db)) as store:
        by_source = {d["source"]: d for d in store.documents()}
        assert set(by_source) == {str(folder / n) for n in
                                  ("a_report.txt", "c_good.txt", "d_ferry.txt")}
        doc_id = by_source[str(folder / "a_report.txt")]["id"]
        claims = [c for c in store.claims() if c.doc_id == doc_id]
        good_id = by_source[str(folder / "c_good.txt")]["id"]
        good = [c for c in store.claims() if c.doc_id == good_id]
    signed = {c.subject: (c.start, report[c.start:c.end]) for c in claims
              if c.predicate == "signed_on"}
    assert {s: text for s, (_, text) in signed.items()} == {
        ("DK", "UA"): "23 February 2024", ("CA", "UA"): "24 February 2024",
        ("BE", "UA"): "28 May 2024"}
    assert signed[("BE", "UA")][0] > SPACY_MAX_LENGTH
    assert_offsets_into(report, claims)
    assert {c.predicate for c in good} >= {"signed_on", "provision"}


def failing_batch(folder: Path) -> Path:
    """Three documents of one task: the middle one is longer than spaCy's max_length
    and, with the window set above that, goes to spaCy whole, which raises."""
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b_big.txt").write_text(long_report(1_100_000), encoding="utf-8")
    (folder / "c.txt").write_text(GOOD.replace("Estonia", "Latvia"), encoding="utf-8")
    return folder / "b_big.txt"


@pytest.mark.slow
@pytest.mark.parametrize("executor", [[], ["--jobs", "2"],
                                      ["--executor", "dask", "--jobs", "1"]],
                         ids=["one-process", "two-processes", "dask"])
def test_cli_a_document_whose_extraction_raises_costs_that_document_only(
        tmp_path: Path, executor: list[str]) -> None:
    """spaCy's own error (E088, a text over its max_length) for one document becomes one
    coded line; the other documents of its task are stored with their claims."""
    big = failing_batch(tmp_path / "batch")
    db = tmp_path / "pw.db"

    done = run_ingest(db, *executor, str(tmp_path / "batch"),
                      env={"PACTWATCH_CHUNK_CHARS": "2000000"})

    assert done.returncode == 1, done.stderr
    [line] = done.stderr.splitlines()
    assert line.startswith(f"[PW012] {big}: extraction failed (ValueError: [E088] Text of "
                           f"length {len(big.read_text())} exceeds maximum of 1000000")
    assert "Traceback" not in done.stderr
    with Store.open(str(db)) as store:
        stored = {d["source"] for d in store.documents()}
        subjects = {c.subject for c in store.claims()}
    assert stored == {str(tmp_path / "batch" / "a.txt"), str(tmp_path / "batch" / "c.txt")}
    assert subjects == {("EE", "UA"), ("LV", "UA")}


def _children() -> list[int]:
    """The ids of this process's child processes (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_a_killed_worker_costs_its_task_and_the_pool_goes_on() -> None:
    """Killing the pool's worker processes (ours, by id) fails the task they held, as an
    exception the writer turns into a line per document, and the next batch runs in a
    new pool."""
    from concurrent.futures.process import BrokenProcessPool

    from pactwatch.ingest.executors import LocalExecutor

    doc = raw_doc(GOOD)
    others = set(_children())  # e.g. a database server of the session: left alone
    runner = LocalExecutor(2)
    try:
        [expected] = runner.submit([doc]).result()
        assert expected and not isinstance(expected, ExtractionFailure)
        workers = set(_children()) - others
        assert len(workers) == 2
        for pid in workers:
            os.kill(pid, 9)
        outcomes = []
        for _ in range(5):
            try:
                outcomes.append(runner.submit([doc]).result())
                break
            except BrokenProcessPool:
                outcomes.append(None)
        assert outcomes[-1] == [expected]
        assert not set(_children()) & workers
    finally:
        runner.close()
