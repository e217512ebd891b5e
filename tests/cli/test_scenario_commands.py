"""`pactwatch simulate attack`, `risk` and `graph` through the console script, over the
loaded reference dataset."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "--db", str(db), *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scenario") / "pactwatch.db"
    assert run(path, "load-reference").returncode == 0
    return path


def test_simulate_attack_json_and_table(db: Path) -> None:
    done = run(db, "simulate", "attack", "--on", "UA", "--at", "2024-07-01T03:00:00Z",
               "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    us = next(r for r in result["in_force"] if r["counterparts"] == ["US"])
    assert us["consultation"]["due"] == "2024-07-02T03:00:00Z"
    table = run(db, "simulate", "attack", "--on", "ua", "--at", "2024-07-01", "--evidence")
    assert table.returncode == 0 and "UA-US-2024" in table.stdout


def test_simulate_attack_bad_moment_is_a_usage_error(db: Path) -> None:
    done = run(db, "simulate", "attack", "--on", "UA", "--at", "next tuesday")
    assert done.returncode == 2
    assert done.stderr.strip() == "--at: 'next tuesday' is not an ISO 8601 date or time"


def test_risk_without_us_json(db: Path) -> None:
    done = run(db, "risk", "--at", "2024-07-01", "--without", "us", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["without"] == ["US"]
    assert all("US" not in row["remaining"] for row in result["portfolio"])


def test_graph_graphml_and_bad_format(db: Path) -> None:
    done = run(db, "graph", "--format", "graphml")
    assert done.returncode == 0 and "<graphml" in done.stdout
    bad = run(db, "graph", "--format", "dot")
    assert bad.returncode == 2
    assert bad.stderr.strip() == "--format: expected one of graphml, json"
