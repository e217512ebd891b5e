"""`pactwatch export DIR --format xlsx` over the loaded reference dataset (and one
document of our own whose title starts with "="): the workbook opened with openpyxl
holds, sheet by sheet, the rows of the JSON export and of `compare --by kind`, typed as
Excel types; its README sheet explains every sheet and column."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

from pactwatch.cli.app import app

runner = CliRunner()
TABLES = ("agreements", "provisions", "claims", "sources")
FORMULA_TITLE = "=HYPERLINK(\"https://example.org\", \"click\")"


def cli(db: str, *args: str) -> str:
    result = runner.invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    base = tmp_path_factory.mktemp("xlsx")
    db = str(base / "reference.db")
    cli(db, "load-reference")
    note = base / "note.txt"
    note.write_text("The harbour market opens early on Saturdays; the fish stalls close by "
                    "noon and the bakers stay until the bread runs out.\n", encoding="utf-8")
    cli(db, "ingest", str(note), "--title", FORMULA_TITLE, "--published", "2024-05-01")
    cli(db, "export", str(base / "json"), "--format", "json")
    written = cli(db, "export", str(base / "xlsx"), "--format", "xlsx")
    assert written.split() == [str(base / "xlsx" / "pactwatch.xlsx")]
    return db, base


@pytest.fixture(scope="module")
def workbook(exported: tuple[str, Path]) -> Workbook:
    return load_workbook(exported[1] / "xlsx" / "pactwatch.xlsx")


def json_table(exported: tuple[str, Path], name: str) -> list[dict[str, Any]]:
    return list(json.loads((exported[1] / "json" / f"{name}.json").read_text("utf-8")))


def sheet_rows(workbook: Workbook, name: str) -> tuple[list[str], list[list[Any]]]:
    rows = [list(r) for r in workbook[name].iter_rows(values_only=True)]
    return [str(h) for h in rows[0]], rows[1:]


def expected_cell(value: Any) -> Any:
    """What the workbook must hold for a value of the JSON export: nothing for None or
    an empty list, dates and times as such, lists of plain values joined with "; ",
    nested values as JSON text, numbers and booleans as they are."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                moment = parse(value)
            except ValueError:
                continue
            if isinstance(moment, datetime) and moment.tzinfo:
                return moment.astimezone(UTC).replace(tzinfo=None)
            return moment
        return value
    if isinstance(value, list) and not any(isinstance(v, dict | list) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def same(got: Any, want: Any) -> bool:
    if isinstance(want, datetime):  # Excel keeps times to the millisecond
        return isinstance(got, datetime) and abs(got - want) < timedelta(milliseconds=1)
    if isinstance(want, date):  # openpyxl reads a date cell back as midnight
        return isinstance(got, datetime) and got == datetime.combine(want, datetime.min.time())
    if isinstance(want, float):  # Excel has one number type: 1.0 reads back as 1
        return isinstance(got, int | float) and not isinstance(got, bool) and got == want
    return type(got) is type(want) and got == want


def test_xlsx_export_has_a_readme_then_a_sheet_per_table(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["README", *TABLES, "by_kind"]


@pytest.mark.parametrize("name", TABLES)
def test_xlsx_export_sheets_round_trip_the_exported_tables(
        exported: tuple[str, Path], workbook: Workbook, name: str) -> None:
    table = json_table(exported, name)
    header, rows = sheet_rows(workbook, name)
    assert header == list(dict.fromkeys(k for row in table for k in row))
    assert len(rows) == len(table) > 0
    for number, (got, row) in enumerate(zip(rows, table, strict=True), start=2):
        for column, cell in zip(header, got, strict=True):
            want = expected_cell(row.get(column))
            assert same(cell, want), (name, number, column, cell, want)


def test_xlsx_export_by_kind_sheet_is_the_compare_by_kind_table(
        exported: tuple[str, Path], workbook: Workbook) -> None:
    text = cli(exported[0], "compare", "--by", "kind", "--format", "csv")
    table = list(csv.DictReader(io.StringIO(text)))
    header, rows = sheet_rows(workbook, "by_kind")
    assert header == list(table[0])
    counts = {"included", "excluded", "not_stated"}
    for got, row in zip(rows, table, strict=True):
        assert [int(row[c]) if c in counts else row[c] or None for c in header] == got
    mutual = next(dict(zip(header, r, strict=True)) for r in rows if r[0] == "mutual_defense")
    assert any(cell.startswith("US (UA-US-2024, ")
               for cell in str(mutual["excluded_by"]).split("; "))


def test_xlsx_export_readme_explains_every_sheet_column_and_support_level(
        workbook: Workbook) -> None:
    header, rows = sheet_rows(workbook, "README")
    assert header == ["sheet", "column", "meaning"]
    meanings = {(sheet, column): meaning for sheet, column, meaning in rows}
    for level in ("confirmed", "reported", "conflicting", "analyst", "not stated"):
        assert meanings.get(("support", level)), level
    for name in workbook.sheetnames[1:]:
        assert meanings.get((name, None)), name
        for column in sheet_rows(workbook, name)[0]:
            assert meanings.get((name, column)), f"{name}.{column} is not explained"


def test_xlsx_export_cells_are_typed_and_headers_bold_and_frozen(workbook: Workbook) -> None:
    for name in workbook.sheetnames:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2", name
        assert all(cell.font.b for cell in sheet[1]), name
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(4 <= w <= 62 for w in widths), (name, widths)
        assert not any(cell == "None" for row in sheet.iter_rows(values_only=True)
                       for cell in row), name
    header, rows = sheet_rows(workbook, "agreements")
    us = dict(zip(header, next(r for r in rows if r[0] == "UA-US-2024"), strict=True))
    assert us["signed_on"] == datetime(2024, 6, 13)
    assert us["parties"] == "UA; US"
    assert us["binding_on_successors"] is False
    signed = workbook["agreements"].cell(row=2, column=header.index("signed_on") + 1)
    assert signed.is_date and signed.number_format == "yyyy-mm-dd"


def test_xlsx_export_text_that_looks_like_a_formula_stays_text(workbook: Workbook) -> None:
    found = [cell for row in workbook["sources"].iter_rows() for cell in row
             if cell.value == FORMULA_TITLE]
    assert len(found) == 1
    assert found[0].data_type == "s"
