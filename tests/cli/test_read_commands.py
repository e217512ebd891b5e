"""agreements, show, claims and compare over the seed articles, through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactwatch import vocab
from pactwatch.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    result = runner.invoke(app, ["--db", path, "ingest", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    return path


def test_read_commands_agreements_json_filters_by_party(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "agreements", "--party", "US", "--json"])
    assert result.exit_code == 0
    records = json.loads(result.stdout)
    assert [r["parties"] for r in records] == [["UA", "US"]]


def test_read_commands_show_json_has_the_contract_keys(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "show", "UA-US-2024", "--json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    for key in ("id", "title", "parties", "status", "signed_on", "venue", "term_years",
                "expires_on", "legal_form", "binding_on_successors", "framework",
                "provisions", "sources", "claims"):
        assert key in record, key
    for key in ("kind", "polarity", "obligors", "beneficiaries", "deadline_hours", "amount",
                "support", "sources", "claims"):
        assert key in record["provisions"][0], key
    for key in ("id", "predicate", "value", "polarity", "modality", "attributed_to", "role",
                "origin", "source_id", "text", "start", "end", "confidence"):
        assert key in record["claims"][0], key


def test_read_commands_show_human_output_names_fields_and_support(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "show", "ua-us"])
    assert result.exit_code == 0
    assert "executive_agreement" in result.stdout
    assert "confirmed" in result.stdout and "reported" in result.stdout


def test_read_commands_unknown_agreement_is_one_coded_line(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "show", "XX-YY"])
    assert result.exit_code == 1
    assert "[PW020] XX-YY" in result.stderr


def test_read_commands_claims_for_one_agreement(db: str) -> None:
    result = runner.invoke(app, ["--db", db, "claims", "--agreement", "ES-UA", "--json"])
    claims = json.loads(result.stdout)
    assert {c["predicate"] for c in claims} >= {"status", "signed_on", "term_years"}
    assert all(c["subject"] == "ES-UA" for c in claims)


def test_read_commands_compare_formats(db: str) -> None:
    as_csv = runner.invoke(app, ["--db", db, "compare", "--format", "csv"]).stdout
    rows = {r["agreement"]: r for r in csv.DictReader(io.StringIO(as_csv))}
    assert rows["UA-US-2024"]["mutual_defense"] == "excluded"
    assert rows["UA-US-2024"]["sanctions"] == "not stated"
    as_json = json.loads(runner.invoke(app, ["--db", db, "compare", "--format", "json"]).stdout)
    assert as_json["counts"]["consultation_on_attack"]["included"] == 4
    markdown = runner.invoke(app, ["--db", db, "compare", "UA-US", "--format", "markdown"])
    lines = markdown.stdout.splitlines()
    assert lines[0].startswith("| agreement |MIL|TRN|")
    assert lines[2].startswith("| UA-US-2024 | ✓ | ✓ |")
    # three-letter column codes: four characters a kind, however many kinds there are
    kinds = len(vocab.provision_kind_ids())
    assert max(len(line) for line in lines[:-2]) <= 20 + 4 * kinds
