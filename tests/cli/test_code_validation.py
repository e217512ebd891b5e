"""Party codes and statuses given on the command line are checked against the
vocabularies: any spelling of a known party works, an unknown one is a one-line usage
error (exit status 2) with the nearest known code, never an empty table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactwatch.cli.app import app
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

runner = CliRunner()
PACTWATCH = Path(sys.executable).parent / "pactwatch"
AT = "2024-07-01T03:00:00Z"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("codes") / "pactwatch.db")
    with Store.open(path) as store:
        load_reference(store)
    return path


def ids(db: str, *args: str) -> list[str]:
    result = runner.invoke(app, ["--db", db, "agreements", "--json", *args])
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def refused(db: str, *args: str) -> str:
    """The one stderr line of a command refused as a usage error."""
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("spelling", ["UA", "ua", "Ukraine", "ukraine", "UKR"])
def test_code_validation_spellings_of_a_party_give_the_same_agreements(
        db: str, spelling: str) -> None:
    found = ids(db, "--party", spelling)
    assert "UA-US-2024" in found and "GB-UA-2024" in found
    assert found == ids(db, "--party", "UA")


def test_code_validation_alpha_3_names_and_aliases_resolve(db: str) -> None:
    assert ids(db, "--party", "FRA") == ["FR-UA-2024"]
    assert ids(db, "--party", "Britain") == ["GB-UA-2024"]
    assert ids(db, "--party", "united states", "--party", "Ukraine") == ["UA-US-2024"]
    assert "EU-UA-2024" in ids(db, "--party", "EU")


def test_code_validation_a_country_outside_the_vocabulary_is_valid(db: str) -> None:
    # Bhutan is in no agreement and not in parties.yaml, but ISO 3166 knows it.
    assert ids(db, "--party", "BT") == []
    assert ids(db, "--party", "Bhutan") == []


def test_code_validation_unknown_party_is_a_usage_error(db: str) -> None:
    line = refused(db, "agreements", "--party", "Narnia")
    assert line.startswith("--party: unknown party 'Narnia'")
    assert "did you mean" not in line  # nothing is close to it


def test_code_validation_near_miss_suggests_the_code(db: str) -> None:
    assert refused(db, "agreements", "--party", "Ukrane") == \
        "--party: unknown party 'Ukrane'; did you mean UA (Ukraine)?"
    assert refused(db, "risk", "--without", "Germny") == \
        "--without: unknown party 'Germny'; did you mean DE (Germany)?"


def test_code_validation_every_party_option_is_checked(db: str) -> None:
    assert refused(db, "simulate", "attack", "--on", "XQ", "--at", AT) \
        .startswith("--on: unknown party 'XQ'")
    assert refused(db, "risk", "--party", "XQ").startswith("--party: unknown party 'XQ'")
    assert refused(db, "agreements", "--party", "UA", "--party", "XQ") \
        .startswith("--party: unknown party 'XQ'")


def test_code_validation_simulate_takes_a_name(db: str) -> None:
    by_name = runner.invoke(app, ["--db", db, "simulate", "attack", "--on", "ukraine",
                                  "--at", AT, "--json"])
    by_code = runner.invoke(app, ["--db", db, "simulate", "attack", "--on", "UA",
                                  "--at", AT, "--json"])
    assert by_name.exit_code == 0 and by_name.stdout == by_code.stdout
    assert json.loads(by_code.stdout)["in_force"]


def test_code_validation_unknown_status_suggests_one(db: str) -> None:
    assert refused(db, "agreements", "--status", "sigend") == \
        "--status: unknown status 'sigend'; did you mean signed?"
    assert ids(db, "--status", "SIGNED") == ids(db, "--status", "signed")


@pytest.mark.slow
@pytest.mark.parametrize("args", [
    ["simulate", "attack", "--on", "XQ", "--at", AT],
    ["agreements", "--party", "Narnia"],
], ids=["simulate", "agreements"])
def test_code_validation_console_script_prints_one_line(db: str, args: list[str]) -> None:
    done = subprocess.run([str(PACTWATCH), "--db", db, *args], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "unknown party" in done.stderr and "╭" not in done.stderr
