"""`pactwatch ingest` end to end, through the installed console script.

Every fixture here is written in our own words. Each test spawns real processes (the
spaCy model loads in each one, ~2 s), so the count is kept small.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"

NORWAY_STORY = """\
Norway and Ukraine signed a ten-year security agreement in Oslo on 12 March 2024.
The agreement covers air defence training and the sharing of intelligence.
Officials in Oslo said the first training courses would begin in the summer.
"""

PORTUGAL_STORY = """\
Portugal and Ukraine signed a bilateral security agreement in Lisbon on 4 June 2024.
Under the agreement Portugal will train pilots and help with demining.
"""

SWEDEN_STORY = """\
Sweden and Ukraine signed a security agreement in Stockholm on 2 May 2024.
It includes maritime security cooperation and support for cyber defence.
"""

BLANK_PAGE = (
    "<!DOCTYPE html>\n<html><head><title></title>"
    "<script>window.ready = true;</script></head><body>\n</body></html>\n"
)


def run(db: Path, *args: str, stdin: str | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``pactwatch --db DB ARGS...`` as a user would type it, output captured as text."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    # Output is piped; pin the width a terminal-less run sees, so that any wrapping of
    # the "one line per bad file" output shows here whatever terminal runs the suite.
    env["COLUMNS"] = "80"
    return subprocess.run(
        [str(PACTWATCH), "--db", str(db), *args],
        input=stdin if stdin is not None else "",
        capture_output=True, text=True, timeout=120, env=env,
        cwd=cwd or db.parent,
    )


def counts(db: Path) -> tuple[int, int]:
    with Store.open(str(db)) as store:
        return len(store.documents()), len(store.claims())


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "pactwatch.db"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    return folder


def test_ingest_cli_bad_files_get_one_line_each_and_the_rest_is_stored(
    db: Path, docs: Path
) -> None:
    good = [docs / "norway.txt", docs / "portugal.txt"]
    good[0].write_text(NORWAY_STORY, encoding="utf-8")
    good[1].write_text(PORTUGAL_STORY, encoding="utf-8")
    bad = {
        docs / "empty.txt": (b"", "PW002"),
        docs / "scan.txt": (b"\x00\x01binary\x00payload\x00\xff", "PW003"),
        docs / "latin1.txt": ("Kyiv caf\u00e9 agreement".encode("latin-1"), "PW004"),
        docs / "missing.txt": (None, "PW001"),
        docs / "broken.pdf": (b"this is not a PDF, only some garbage \x13\x37", "PW006"),
        docs / "blank.html": (BLANK_PAGE.encode("utf-8"), "PW007"),
    }
    for path, (content, _) in bad.items():
        if content is not None:
            path.write_bytes(content)
    # Good and bad inputs interleaved: a failure must not stop the ones after it.
    order = [good[0], *list(bad)[:3], good[1], *list(bad)[3:]]

    result = run(db, "ingest", *map(str, order))

    assert result.returncode == 1, result.stderr
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad), result.stderr
    for path, (_, code) in bad.items():
        mine = [line for line in lines if str(path) in line]
        assert len(mine) == 1, f"{path}: {result.stderr}"
        assert f"[{code}]" in mine[0]
    with Store.open(str(db)) as store:
        stored = {doc["source"] for doc in store.documents()}
    assert stored == {str(path) for path in good}


def test_ingest_cli_same_content_twice_adds_nothing(db: Path, docs: Path) -> None:
    story = docs / "norway.txt"
    story.write_text(NORWAY_STORY, encoding="utf-8")
    first = run(db, "ingest", str(story))
    assert first.returncode == 0, first.stderr
    before = counts(db)
    assert before[0] == 1 and before[1] > 0

    # The same file again, and the same content under another name.
    copy = docs / "norway-copy.txt"
    copy.write_text(NORWAY_STORY, encoding="utf-8")
    again = run(db, "ingest", str(story), str(copy), "--json")

    assert again.returncode == 0, again.stderr
    assert_no_traceback(again)
    report = json.loads(again.stdout)
    assert report["stored"] == []
    assert sorted(report["duplicates"]) == sorted([str(story), str(copy)])
    assert counts(db) == before


@pytest.mark.parametrize("value", [
    "not-a-date",
    "2024-02-30",
    # Longer than 80 columns with its message: must not be wrapped onto a second line.
    "published on the second Tuesday of March in the year two thousand and twenty four",
])
def test_ingest_cli_bad_published_date_is_a_usage_error(
    db: Path, docs: Path, value: str
) -> None:
    story = docs / "norway.txt"
    story.write_text(NORWAY_STORY, encoding="utf-8")

    result = run(db, "ingest", str(story), "--published", value)

    assert result.returncode == 2
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "--published" in lines[0] and "YYYY-MM-DD" in lines[0]
    assert not db.exists() or counts(db) == (0, 0)


def test_ingest_cli_without_paths_is_a_usage_error(db: Path) -> None:
    result = run(db, "ingest")

    assert result.returncode == 2
    assert_no_traceback(result)
    assert "Missing argument" in result.stderr


def test_ingest_cli_dash_reads_standard_input(db: Path) -> None:
    result = run(db, "ingest", "-", "--published", "2024-05-03", stdin=SWEDEN_STORY)

    assert result.returncode == 0, result.stderr
    assert_no_traceback(result)
    with Store.open(str(db)) as store:
        documents = store.documents()
        claims = store.claims()
    assert len(documents) == 1
    assert documents[0]["source"] == "-"
    assert documents[0]["published"].isoformat() == "2024-05-03"
    assert claims and {c.doc_id for c in claims} == {documents[0]["id"]}


def test_ingest_cli_json_report_has_stored_duplicates_and_failed(db: Path, docs: Path) -> None:
    story = docs / "portugal.txt"
    story.write_text(PORTUGAL_STORY, encoding="utf-8")
    empty = docs / "empty.txt"
    empty.write_bytes(b"")

    result = run(db, "ingest", str(story), str(empty), "--json")

    assert result.returncode == 1
    assert_no_traceback(result)
    report = json.loads(result.stdout)
    assert {"stored", "duplicates", "failed"} <= set(report)
    assert len(report["stored"]) == 1
    assert report["duplicates"] == []
    assert report["failed"] == [
        {"input": str(empty), "code": "PW002", "reason": report["failed"][0]["reason"]}
    ]
    assert report["failed"][0]["reason"]
    # The bad file's line still goes to standard error, never into the JSON on stdout.
    assert "[PW002]" in result.stderr


def test_ingest_cli_truncated_pdf_gets_one_line(db: Path, docs: Path) -> None:
    # A real PDF header followed by a body that stops half-way, as from a broken download.
    # pypdf logs its own warnings ("EOF marker not found"); none may reach stderr.
    broken = docs / "cut-short.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                       b"2 0 obj\n<< /Type /Pa")

    result = run(db, "ingest", str(broken))

    assert result.returncode == 1
    assert_no_traceback(result)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "[PW006]" in lines[0] and str(broken) in lines[0]
