"""The human tables of `pactwatch demo`, `compare` and `agreements` fit the terminal:
the console script run as a subprocess with COLUMNS set, over the bundled reference
dataset and example documents that `demo` loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch import vocab

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"


def run(db: Path, *args: str, columns: int | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    done = subprocess.run([str(PACTWATCH), "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("width") / "pactwatch.db"


@pytest.fixture(scope="module")
def demo_120(db: Path) -> str:
    return run(db, "demo", columns=120)


def widest(output: str) -> int:
    return max(len(line.rstrip()) for line in output.splitlines())


def matrix_headers(output: str) -> list[list[str]]:
    """The column codes of each provision-matrix table in the output."""
    return [line.split()[1:] for line in output.splitlines()
            if line.startswith("agreement ")]


def assert_legend_names_every_kind(output: str) -> None:
    for kind in vocab.provision_kinds():
        assert f"{kind.short} {kind.label}" in output, kind.id


def test_render_width_demo_fits_120_columns_and_cuts_no_header(demo_120: str) -> None:
    assert widest(demo_120) <= 120
    assert "…" not in demo_120
    codes = [kind.short for kind in vocab.provision_kinds()]
    assert [code for header in matrix_headers(demo_120) for code in header] == codes
    assert_legend_names_every_kind(demo_120)


def test_render_width_matrix_at_80_columns_splits_the_kinds(db: Path, demo_120: str) -> None:
    output = run(db, "compare", columns=80)
    assert widest(output) <= 80
    assert "…" not in output
    headers = matrix_headers(output)
    assert len(headers) > 1
    assert [code for header in headers for code in header] == [
        kind.short for kind in vocab.provision_kinds()]
    ids = [row.split(",")[0] for row in run(db, "compare", "--format", "csv",
                                            columns=80).splitlines()[1:]]
    assert len(ids) > 1
    rows = [line.split()[0] for line in output.splitlines() if line.strip()]
    for agreement_id in ids:  # each part repeats the agreement column
        assert rows.count(agreement_id) == len(headers), agreement_id
    assert_legend_names_every_kind(output)


def test_render_width_agreements_at_80_columns_cut_nothing(db: Path, demo_120: str) -> None:
    output = run(db, "agreements", columns=80)
    assert widest(output) <= 80
    assert "…" not in output
    assert "UA-US-2024" in output and "2024-06-13" in output


def test_render_width_piped_output_without_columns_is_120_wide(db: Path,
                                                               demo_120: str) -> None:
    output = run(db, "compare", columns=None)
    assert widest(output) <= 120
    assert len(matrix_headers(output)) == 1  # 18 kinds fit in 120 columns


def test_render_width_markdown_does_not_depend_on_the_width(db: Path, demo_120: str) -> None:
    narrow = run(db, "compare", "--format", "markdown", columns=80)
    wide = run(db, "compare", "--format", "markdown", columns=200)
    assert narrow == wide
    assert narrow.startswith("| agreement |MIL|TRN|")
