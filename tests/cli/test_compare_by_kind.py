"""`pactwatch compare --by kind` as people and programs read it: the console script run
as a subprocess over the loaded reference dataset, the table within COLUMNS, markdown
and CSV carrying the same cells as the JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch import vocab

PACTWATCH = Path(sys.executable).parent / "pactwatch"
POSITIONS = ("included", "excluded", "not_stated")


def run(db: Path, *args: str, columns: int | None = None,
        status: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run([str(PACTWATCH), "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == status, done.stderr
    return done


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compare_by_kind") / "reference.db"
    run(path, "load-reference")
    return path


@pytest.fixture(scope="module")
def result(db: Path) -> list[dict[str, object]]:
    return list(json.loads(run(db, "compare", "--by", "kind", "--format", "json").stdout))


def widest(output: str) -> int:
    return max(len(line.rstrip()) for line in output.splitlines())


@pytest.mark.parametrize("columns", [80, 120])
def test_compare_by_kind_table_fits_the_width_and_cuts_nothing(db: Path,
                                                              columns: int) -> None:
    output = run(db, "compare", "--by", "kind", columns=columns).stdout
    assert widest(output) <= columns
    assert "…" not in output
    assert "Partners by provision kind" in output
    assert "US? reported" in output  # the legend of the support marks
    words = output.split()
    for code in ("US", "GB", "NATO"):
        assert code in words or f"{code}?" in words, code


@pytest.mark.parametrize("columns", [80, 120])
def test_compare_by_kind_table_has_a_row_for_every_kind(db: Path, columns: int) -> None:
    lines = run(db, "compare", "--by", "kind", columns=columns).stdout.splitlines()
    starts = [line.split()[:2] for line in lines if line.strip()]
    for kind in vocab.provision_kinds():
        assert [kind.short, kind.label.split()[0]] in starts, kind.id


def test_compare_by_kind_csv_has_the_counts_and_cells_of_the_json(
        db: Path, result: list[dict[str, object]]) -> None:
    rows = list(csv.DictReader(io.StringIO(run(db, "compare", "--by", "kind", "--format",
                                               "csv").stdout)))
    assert [r["kind"] for r in rows] == [e["kind"] for e in result]
    for row, e in zip(rows, result, strict=True):
        counts = e["counts"]
        assert isinstance(counts, dict)
        for position in POSITIONS:
            assert int(row[position]) == counts[position]
            cells = row[f"{position}_by"].split("; ") if row[f"{position}_by"] else []
            assert len(cells) == counts[position]
    mutual = next(r for r in rows if r["kind"] == "mutual_defense")
    assert any(c.startswith("US (UA-US-2024, ") for c in mutual["excluded_by"].split("; "))


def test_compare_by_kind_markdown_is_one_row_per_kind_whatever_the_width(db: Path) -> None:
    narrow = run(db, "compare", "--by", "kind", "--format", "markdown", columns=80).stdout
    wide = run(db, "compare", "--by", "kind", "--format", "markdown", columns=200).stdout
    assert narrow == wide
    rows = [line for line in narrow.splitlines() if line.startswith("| ")][1:]
    assert [row.split("(`", 1)[1].split("`)", 1)[0] for row in rows] == list(
        vocab.provision_kind_ids())
    mutual = next(row for row in rows if "(`mutual_defense`)" in row)
    excluded = mutual.split(" | ")[4].split()
    assert "US" in excluded or "US?" in excluded


def test_compare_without_by_is_still_the_matrix(db: Path) -> None:
    matrix = json.loads(run(db, "compare", "--format", "json").stdout)
    assert set(matrix) == {"kinds", "rows", "counts"}


def test_compare_by_an_unknown_view_is_a_usage_error(db: Path) -> None:
    done = run(db, "compare", "--by", "agreement", status=2)
    assert "--by" in done.stderr
