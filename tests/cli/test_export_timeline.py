"""timeline and export over the seed articles; exported files read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pactwatch.cli.app import app

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> str:
    path = str(tmp_path_factory.mktemp("export") / "export.db")
    assert runner.invoke(app, ["--db", path, "ingest", str(seeds_dir)]).exit_code == 0
    return path


def test_export_timeline_orders_signings_with_a_running_count(db: str) -> None:
    rows = json.loads(runner.invoke(app, ["--db", db, "timeline", "--json"]).stdout)
    dates = [r["signed_on"] for r in rows]
    assert dates == sorted(dates)
    spain = next(r for r in rows if r["id"] == "ES-UA-2024")
    assert spain["running_count"] == 1
    us = next(r for r in rows if r["id"] == "UA-US-2024")
    assert us["running_count"] is None  # only expected on 12 June 2024
    assert [s["status"] for s in us["history"]] == ["concluded", "expected"]


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_export_files_round_trip(db: str, tmp_path: Path, fmt: str) -> None:
    result = runner.invoke(app, ["--db", db, "export", str(tmp_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    shown = json.loads(runner.invoke(app, ["--db", db, "show", "UA-US", "--json"]).stdout)

    def read(name: str) -> list[dict[str, object]]:
        path = tmp_path / f"{name}.{fmt}"
        if fmt == "json":
            return list(json.loads(path.read_text(encoding="utf-8")))
        if fmt == "csv":
            with path.open(encoding="utf-8") as handle:
                return list(csv.DictReader(handle))
        return list(pq.read_table(path).to_pylist())

    agreements = {str(r["id"]): r for r in read("agreements")}
    assert str(agreements["UA-US-2024"]["legal_form"]) == "executive_agreement"
    assert str(agreements["UA-US-2024"]["signed_on"]) == "2024-06-13"
    provisions = [r for r in read("provisions") if r["agreement_id"] == "UA-US-2024"]
    assert {str(r["kind"]) for r in provisions} == {p["kind"] for p in shown["provisions"]}
    claim_ids = {str(r["id"]) for r in read("claims")}
    assert {c["id"] for c in shown["claims"]} <= claim_ids
    assert {str(r["id"]) for r in read("sources")} >= {s["id"] for s in shown["sources"]}


def test_export_unknown_format_is_a_usage_error(db: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", db, "export", str(tmp_path), "--format", "docx"])
    assert result.exit_code == 2
