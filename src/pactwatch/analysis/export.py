"""Writes agreements, provisions, claims and sources as JSON, CSV or Parquet files, or
as one Excel workbook.

Exporters register by format name, like the document readers, so a new format is one
function plus one registration: one file per table, or (a workbook) all tables at once.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pactwatch.analysis import xlsx

Table = list[dict[str, Any]]
Exporter = Callable[[Path, str, Table], Path]
BundleExporter = Callable[[Path, dict[str, Table]], list[Path]]
_EXPORTERS: dict[str, Exporter] = {}
_BUNDLE_EXPORTERS: dict[str, BundleExporter] = {}


def register_exporter(name: str, func: Exporter) -> None:
    _EXPORTERS[name] = func


def register_bundle_exporter(name: str, func: BundleExporter) -> None:
    """An exporter that writes all the tables together (into one workbook)."""
    _BUNDLE_EXPORTERS[name] = func


def formats() -> list[str]:
    return sorted({*_EXPORTERS, *_BUNDLE_EXPORTERS})


def _flat(value: Any) -> Any:
    """CSV and Parquet cells: nested values as JSON text."""
    return json.dumps(value, ensure_ascii=False, default=str) \
        if isinstance(value, (dict, list)) else value


def _json(folder: Path, name: str, rows: Table) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False, default=str), "utf-8")
    return path


def _csv(folder: Path, name: str, rows: Table) -> Path:
    path = folder / f"{name}.csv"
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(row.get(k)) for k in columns})
    return path


def _parquet(folder: Path, name: str, rows: Table) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / f"{name}.parquet"
    columns = list(dict.fromkeys(k for row in rows for k in row))
    data = {k: [None if row.get(k) is None else str(_flat(row.get(k))) for row in rows]
            for k in columns}
    pq.write_table(pa.table(data, schema=pa.schema([(k, pa.string()) for k in columns])), path)
    return path


register_exporter("json", _json)
register_exporter("csv", _csv)
register_exporter("parquet", _parquet)
register_bundle_exporter("xlsx", xlsx.write)


def tables(records: list[dict[str, Any]], claims: Table, sources: Table) -> dict[str, Table]:
    agreements = [{k: v for k, v in r.items() if k not in {"provisions", "fields", "history",
                                                           "sources", "claims"}}
                  for r in records]
    provisions = [{"agreement_id": r["id"], **p} for r in records for p in r["provisions"]]
    return {"agreements": agreements, "provisions": provisions, "claims": claims,
            "sources": sources}


def export(folder: Path, fmt: str, data: dict[str, Table]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if fmt in _BUNDLE_EXPORTERS:
        return _BUNDLE_EXPORTERS[fmt](folder, data)
    return [_EXPORTERS[fmt](folder, name, rows) for name, rows in data.items()]
