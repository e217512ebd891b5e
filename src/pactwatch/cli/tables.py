"""The table commands: `compare` (the provision matrix, or `--by kind` the partners per
kind) and `export` (the records as files). Registered on the root app by ``register``."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from pactwatch.cli import render
from pactwatch.errors import PactwatchError


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


class By(StrEnum):
    kind = "kind"


def register(app: typer.Typer, context: Any) -> None:
    """Adds the commands to ``app``; ``context`` gives the store, the failure line and
    the console of the root module (``cli.app``)."""

    @app.command()
    def compare(
        ids: list[str] = typer.Argument(None, metavar="[ID...]"),
        fmt: Format = typer.Option(Format.table, "--format", help="Output format."),
        by: By = typer.Option(None, "--by", help="kind: for every provision kind, the "
                              "partners that include it, exclude it or leave it unstated."),
    ) -> None:
        """The provision matrix: agreements by provision kinds."""
        from pactwatch.analysis.matrix import build_matrix, to_csv, to_json, to_markdown
        from pactwatch.reconcile.views import find_agreement

        with context.store() as store:
            try:
                records = [find_agreement(store, i) for i in ids] if ids \
                    else store.agreements()
            except PactwatchError as exc:
                context.fail(exc)
        if by is By.kind:
            from pactwatch.analysis import by_kind

            result = by_kind.by_kind(records)
            if fmt is Format.table:
                context.console.print(render.by_kind_table(result))
            else:
                sys.stdout.write(by_kind.WRITERS[fmt.value](result))
            return
        matrix = build_matrix(records)
        if fmt is Format.table:
            context.console.print(render.matrix_table(matrix))
        else:
            writer = {Format.markdown: to_markdown, Format.csv: to_csv,
                      Format.json: to_json}[fmt]
            sys.stdout.write(writer(matrix))

    @app.command()
    def export(
        folder: Path = typer.Argument(..., metavar="DIR"),
        fmt: str = typer.Option("json", "--format", help="json, csv, parquet, xlsx (one "
                                "workbook with a README sheet), or atop (ATOP's variables, "
                                "every cell with its provenance)."),
    ) -> None:
        """Write agreements, provisions, claims and sources to DIR (or, with --format
        atop, the records in ATOP's variables)."""
        from pactwatch.analysis import atop
        from pactwatch.analysis import export as exporting
        from pactwatch.reconcile.views import claim_json

        known = [*exporting.formats(), "atop"]
        if fmt not in known:
            sys.stderr.write(f"--format: expected one of {', '.join(sorted(known))}\n")
            raise typer.Exit(2)
        with context.store() as store:
            records = store.agreements()
            if fmt == "atop":
                written = atop.write(folder, records)
            else:
                claims = [claim_json(c) for c in store.claims()]
                written = exporting.export(folder, fmt, exporting.tables(
                    records, claims, store.documents()))
        for path in written:
            context.console.print(str(path))
