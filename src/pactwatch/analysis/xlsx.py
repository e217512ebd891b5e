"""`export --format xlsx`: one workbook, ``pactwatch.xlsx``, with a sheet per exported
table, the by-kind table (`compare --by kind`) as ``by_kind``, and a first ``README``
sheet that explains every sheet, every column and the support levels, written from
``data/export_columns.yaml``.

Cells keep their types: numbers, TRUE/FALSE, dates and times (UTC; Excel has no time
zones) as Excel values; lists of plain values joined with "; "; nested values as JSON
text; None as an empty cell, never the text "None". Text is always stored as text, so
a sentence that begins with "=" is never run as a formula; characters that a workbook
cannot hold (control characters) are dropped.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from pactwatch import vocab
from pactwatch.analysis import by_kind
from pactwatch.errors import BadDataFile

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FILENAME = "pactwatch.xlsx"
README = "README"
COLUMNS_FILE = "export_columns.yaml"
DATE_FORMAT = "yyyy-mm-dd"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_WIDTH = 60  # characters; longer cells wrap in Excel's own way
WIDTH_SAMPLE = 2000  # rows read to size a column
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")

Table = list[dict[str, Any]]


class SheetDoc(BaseModel):
    about: str
    columns: dict[str, str]


class ColumnDocs(BaseModel):
    version: int
    workbook: str
    values: str
    support: dict[str, str]
    sheets: dict[str, SheetDoc]


@cache
def column_docs() -> ColumnDocs:
    """The glossary of sheets and columns, checked at load ([PW030] naming the entry)."""
    text = resources.files("pactwatch.data").joinpath(COLUMNS_FILE).read_text("utf-8")
    try:
        return ColumnDocs.model_validate(yaml.safe_load(text))
    except yaml.YAMLError as exc:
        raise BadDataFile(COLUMNS_FILE, f"not valid YAML: {exc}") from exc
    except ValidationError as exc:
        raise BadDataFile(COLUMNS_FILE, vocab.first_error(exc)) from exc


def sheets(data: dict[str, Table]) -> dict[str, Table]:
    """The tables the workbook holds, in sheet order: the exported tables, then the
    by-kind table computed from the agreements and provisions among them."""
    out = dict(data)
    if "agreements" in data:
        out["by_kind"] = by_kind.table(by_kind.by_kind(_records(data)))
    return out


def _records(data: dict[str, Table]) -> list[dict[str, Any]]:
    """Agreement records as `by_kind` reads them, put back together from the tables."""
    provisions: dict[str, Table] = defaultdict(list)
    for row in data.get("provisions", []):
        provisions[row["agreement_id"]].append(row)
    return [{**row, "provisions": provisions[row["id"]]} for row in data["agreements"]]


def columns(rows: Table) -> list[str]:
    """The columns of a table: every key, in the order first seen (as the CSV has them)."""
    return list(dict.fromkeys(key for row in rows for key in row))


def cell_value(value: Any) -> Any:
    """A value as the workbook stores it."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _when(value) if _DATE.fullmatch(value) or _TIME.fullmatch(value) \
            else value or None
    if isinstance(value, list | tuple):
        if not value:
            return None
        if all(v is None or isinstance(v, str | int | float | bool) for v in value):
            return "; ".join("" if v is None else str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _when(text: str) -> date | datetime | str:
    """An ISO date or time as a date or a UTC time; text that only looks like one stays
    text."""
    try:
        if _DATE.fullmatch(text):
            return date.fromisoformat(text)
        return cell_value(datetime.fromisoformat(text.replace("Z", "+00:00")))  # type: ignore[no-any-return]
    except ValueError:
        return text


def write(folder: Path, data: dict[str, Table]) -> list[Path]:
    """Write the workbook into ``folder``; the exporter registered as ``xlsx``."""
    workbook = Workbook(write_only=True)
    tables = sheets(data)
    _sheet(workbook, README, readme_rows(tables))
    for name, rows in tables.items():
        _sheet(workbook, name, rows)
    path = folder / FILENAME
    workbook.save(path)
    return [path]


def readme_rows(tables: dict[str, Table]) -> Table:
    """The README sheet: what the workbook is, how values are written, the support
    levels, then each sheet and each of its columns with its meaning."""
    docs = column_docs()
    rows = [{"sheet": "workbook", "column": None, "meaning": docs.workbook},
            {"sheet": "values", "column": None, "meaning": docs.values}]
    rows += [{"sheet": "support", "column": level, "meaning": text}
             for level, text in docs.support.items()]
    for name, table in tables.items():
        doc = docs.sheets.get(name)
        rows.append({"sheet": name, "column": None, "meaning": doc.about if doc else None})
        described = doc.columns if doc else {}
        rows += [{"sheet": name, "column": column, "meaning": described.get(column)}
                 for column in columns(table)]
    return rows


def _sheet(workbook: Workbook, name: str, rows: Table) -> None:
    sheet: WriteOnlyWorksheet = workbook.create_sheet(name)
    names = columns(rows) or ["(empty)"]
    values = [[cell_value(row.get(column)) for column in names] for row in rows]
    for number, column in enumerate(names, start=1):
        sample = [column, *(v[number - 1] for v in values[:WIDTH_SAMPLE])]
        sheet.column_dimensions[get_column_letter(number)].width = _width(sample)
    sheet.freeze_panes = "A2"
    if values:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{len(values) + 1}"
    bold = Font(bold=True)
    header = []
    for column in names:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    wrap = Alignment(wrap_text=True, vertical="top") if name == README else None
    for row in values:
        sheet.append([_cell(sheet, value, wrap) for value in row])


def _cell(sheet: WriteOnlyWorksheet, value: Any, wrap: Alignment | None) -> Cell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # text, even where it starts with "="
    else:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, datetime):
            cell.number_format = TIME_FORMAT
        elif isinstance(value, date):
            cell.number_format = DATE_FORMAT
    if wrap is not None:
        cell.alignment = wrap
    return cell


def _width(values: list[Any]) -> float:
    """Wide enough for the longest line in the sample, within MAX_WIDTH."""
    longest = 0
    for value in values:
        if isinstance(value, datetime):
            size = len(TIME_FORMAT)
        elif isinstance(value, date):
            size = len(DATE_FORMAT)
        elif value is None:
            size = 0
        else:
            size = max((len(line) for line in str(value).splitlines()), default=0)
        longest = max(longest, size)
    return float(min(MAX_WIDTH, longest + 2))
