"""`compare --by kind`: the provision matrix turned around, in the shape of the think
tanks' comparison tables (OPORA's, ICDS's): for every provision kind of the vocabulary,
the partners whose agreement includes it, excludes it or leaves it unstated, each cell
with the support the record carries.

A partner is a party of an agreement other than the protected one. The protected party
of a record is the one its guarantor-owed provisions name as beneficiary; where none is
named (a framework declaration), the party in most of the records; an agreement of one
party (an organisation's founding treaty, such as NATO's) has that party as its partner.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

from pactwatch import vocab
from pactwatch.analysis import rules

POSITIONS = ("included", "excluded", "not_stated")
SYMBOLS = {"included": "✓", "excluded": "✗", "not_stated": "·"}
# How the human tables mark a cell's support after the partner's code.
MARKS = {"confirmed": "", "reported": "?", "conflicting": "!", "analyst": "*"}
LEGEND = ("A code alone is confirmed; US? reported (one origin or only hedged claims), "
          "US! conflicting, US* decided by an analyst.")


def protected_party(record: dict[str, Any], hub: str | None) -> str | None:
    """The party the agreement protects, or None where every party is a partner."""
    parties = record["parties"]
    if len(set(parties)) < 2:
        return None
    kinds = vocab.kind_by_id()
    named = Counter(b for p in record.get("provisions", [])
                    if p["kind"] in kinds and kinds[p["kind"]].obligor == "guarantor"
                    for b in p.get("beneficiaries", []) if b in parties)
    if named:
        most = max(named.values())
        candidates = sorted(p for p, n in named.items() if n == most)
        return hub if hub in candidates else candidates[0]
    return hub if hub in parties else None


def partners(record: dict[str, Any], hub: str | None) -> list[str]:
    protected = protected_party(record, hub)
    return sorted({p for p in record["parties"] if p != protected})


def _position(polarity: str | None) -> str:
    """included or excluded as the record says; anything else (no row, or an analyst's
    not_stated) is not stated."""
    return polarity if polarity in ("included", "excluded") else "not_stated"


def by_kind(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per vocabulary kind, in the vocabulary's order, kinds no agreement has
    included; each position lists ``{party, agreement, support}`` sorted by party."""
    hub = rules.protected_party(records)
    cells = [(party, record["id"], {p["kind"]: p for p in record.get("provisions", [])})
             for record in records for party in partners(record, hub)]
    cells.sort(key=lambda cell: (cell[0], cell[1]))
    out = []
    for kind in vocab.provision_kinds():
        entry: dict[str, Any] = {"kind": kind.id, "label": kind.label,
                                 **{position: [] for position in POSITIONS}}
        for party, agreement, stated in cells:
            row = stated.get(kind.id, {})
            entry[_position(row.get("polarity"))].append(
                {"party": party, "agreement": agreement, "support": row.get("support")})
        entry["counts"] = {position: len(entry[position]) for position in POSITIONS}
        out.append(entry)
    return out


def _cell_text(cell: dict[str, Any]) -> str:
    """A cell as the flat table writes it: ``US (UA-US-2024, reported)``."""
    details = ", ".join(v for v in (cell["agreement"], cell["support"]) if v)
    return f"{cell['party']} ({details})"


def table(result: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One flat row per kind (the CSV and the workbook's `by_kind` sheet): the counts,
    then the cells of each position as lists."""
    return [{"kind": e["kind"], "label": e["label"],
             **{position: e["counts"][position] for position in POSITIONS},
             **{f"{position}_by": [_cell_text(c) for c in e[position]]
                for position in POSITIONS}}
            for e in result]


def codes(result: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """The short name of each (party, agreement) in the human tables: the party's code,
    or the agreement's id where that party is a partner in more than one agreement."""
    pairs = {(c["party"], c["agreement"]) for e in result for p in POSITIONS for c in e[p]}
    seen = Counter(party for party, _ in pairs)
    return {(party, agreement): party if seen[party] == 1 else agreement
            for party, agreement in pairs}


def marked(cells: list[dict[str, Any]], names: dict[tuple[str, str], str]) -> str:
    """The cells of one position as codes with their support marks: ``GB US? PL*``."""
    return " ".join(names[(c["party"], c["agreement"])] + MARKS.get(c["support"] or "", "")
                    for c in cells)


def to_json(result: list[dict[str, Any]]) -> str:
    return json.dumps(result, indent=2, ensure_ascii=False) + "\n"


def to_csv(result: list[dict[str, Any]]) -> str:
    rows = table(result)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["kind"])
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(v) if isinstance(v, list) else v
                         for k, v in row.items()})
    return out.getvalue()


def to_markdown(result: list[dict[str, Any]]) -> str:
    names = codes(result)
    lines = ["| kind | " + " | ".join(f"{SYMBOLS[p]} | {p.replace('_', ' ')} by"
                                     for p in POSITIONS) + " |",
             "|---|" + "--:|---|" * len(POSITIONS)]
    for e in result:
        cells = [f"{e['counts'][p]} | {marked(e[p], names)}" for p in POSITIONS]
        lines.append(f"| {e['label']} (`{e['kind']}`) | " + " | ".join(cells) + " |")
    return "\n".join([*lines, "", LEGEND]) + "\n"


WRITERS = {"markdown": to_markdown, "csv": to_csv, "json": to_json}
