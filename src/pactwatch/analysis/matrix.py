"""The provision matrix: agreements by provision kinds, each cell included, excluded or
not stated, with counts per kind."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from pactwatch import vocab

NOT_STATED = "not stated"
SYMBOLS = {"included": "✓", "excluded": "✗", NOT_STATED: "·"}


@dataclass
class Matrix:
    kinds: list[str]
    rows: list[tuple[str, str, dict[str, str]]]  # (agreement id, title, kind → cell)

    def counts(self) -> dict[str, dict[str, int]]:
        out = {}
        for kind in self.kinds:
            cells = [cells[kind] for _, _, cells in self.rows]
            out[kind] = {"included": cells.count("included"),
                         "excluded": cells.count("excluded"),
                         NOT_STATED: cells.count(NOT_STATED)}
        return out

    def columns(self) -> list[vocab.ProvisionKind]:
        """The kinds of the columns, in order, with their short codes and labels."""
        by_id = vocab.kind_by_id()
        return [by_id[k] for k in self.kinds]


def build_matrix(records: list[dict[str, Any]]) -> Matrix:
    kinds = list(vocab.provision_kind_ids())
    rows = []
    for record in records:
        # An analyst's "not_stated" correction is a provision row with that polarity.
        stated = {p["kind"]: p["polarity"] for p in record.get("provisions", [])
                  if p["polarity"] in {"included", "excluded"}}
        rows.append((record["id"], record["title"],
                     {k: stated.get(k, NOT_STATED) for k in kinds}))
    return Matrix(kinds, rows)


def to_json(matrix: Matrix) -> str:
    return json.dumps({
        "kinds": matrix.kinds,
        "rows": [{"id": i, "title": t, "cells": c} for i, t, c in matrix.rows],
        "counts": matrix.counts(),
    }, indent=2)


def to_csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["agreement", *matrix.kinds])
    for agreement_id, _, cells in matrix.rows:
        writer.writerow([agreement_id, *(cells[k] for k in matrix.kinds)])
    return out.getvalue()


def to_markdown(matrix: Matrix) -> str:
    """Agreements as rows and kinds as three-letter columns, so the table fits a
    terminal at any number of agreements; a legend names the columns."""
    shorts = {k.id: k.short for k in matrix.columns()}
    codes = [shorts[k] for k in matrix.kinds]
    lines = ["| agreement |" + "|".join(codes) + "|",
             "|---|" + ":-:|" * len(codes)]
    for agreement_id, _, cells in matrix.rows:
        lines.append(f"| {agreement_id} |"
                     + "|".join(f" {SYMBOLS[cells[k]]} " for k in matrix.kinds) + "|")
    counts = matrix.counts()
    for label, key in (("**✓ included**", "included"), ("**✗ excluded**", "excluded")):
        lines.append(f"| {label} |"
                     + "|".join(f"{counts[k][key]:^3}" for k in matrix.kinds) + "|")
    lines.append("")
    lines.append("✓ included · ✗ excluded · · not stated. Columns: "
                 + ", ".join(f"{shorts[k]} {k}" for k in matrix.kinds) + ".")
    return "\n".join(lines) + "\n"
