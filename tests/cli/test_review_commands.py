"""`correct`, `decide`, `undo`, `decisions` and `review` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CLI = [str(Path(sys.executable).with_name("pactwatch"))]
SOURCE = "https://www.state.gov/example-fact-sheet"


def _run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, "--db", str(db), *args], capture_output=True, text=True,
                          timeout=300)


def _show(db: Path) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(_run(db, "show", "UA-US", "--json").stdout)
    return found


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "pactwatch.db"
    assert _run(path, "load-reference").returncode == 0
    return path


@pytest.mark.issue(14)
@pytest.mark.slow
def test_review_commands_correct_show_undo_and_the_audit_log(db: Path) -> None:
    before = _show(db)

    made = _run(db, "correct", "UA-US-2024", "term_years", "12", "--by", "Ana",
                "--source", SOURCE, "--note", "checking", "--json")

    assert made.returncode == 0, made.stderr
    decision = json.loads(made.stdout)["decision"]
    field = _show(db)["fields"]["term_years"]
    assert (field["value"], field["support"]) == (12, "analyst")
    assert field["decisions"][0]["id"] == decision["id"]
    assert field["decisions"][0]["author"] == "Ana"
    assert [v["value"] for v in field["superseded"]] == [10]
    table = _run(db, "show", "UA-US").stdout
    assert "corrected by Ana" in table and f"decision {decision['id']}" in table

    undone = _run(db, "undo", str(decision["id"]), "--by", "Ana")

    assert undone.returncode == 0, undone.stderr
    assert _show(db) == before
    log = json.loads(_run(db, "decisions", "--json").stdout)
    assert [(row["action"], row["undoes"]) for row in log] == [
        ("undo", decision["id"]), ("correct", None)]
    assert log[1]["undone_by"] == log[0]["id"]


@pytest.mark.issue(14)
@pytest.mark.parametrize("field, value", [("signed_on", "mid-June"), ("term_years", "ten"),
                                          ("status", "sgned"),
                                          ("provision:trainin", "excluded")])
def test_review_commands_a_bad_value_is_one_line_exit_2_and_stores_nothing(
        db: Path, field: str, value: str) -> None:
    before = _run(db, "decisions", "--json").stdout

    result = _run(db, "correct", "UA-US-2024", field, value, "--by", "Ana",
                  "--source", SOURCE)

    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("[PW023]")
    assert _run(db, "decisions", "--json").stdout == before


@pytest.mark.issue(14)
def test_review_commands_the_queue_lists_conflicts_first(db: Path) -> None:
    items = json.loads(_run(db, "review", "--json").stdout)

    assert items and items[0]["reason"] == "conflicting_field"
    assert {"agreement", "field", "why", "claims"} <= set(items[0])
