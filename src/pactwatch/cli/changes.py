"""The `changes` command: what ingests, re-extractions, decisions and watched sources
changed in the records, oldest first. Registered on the root app by ``register``."""

from __future__ import annotations

from typing import Any

import typer
from rich.table import Table

from pactwatch.cli import failures
from pactwatch.errors import PactwatchError


def register(app: typer.Typer, context: Any) -> None:
    """Adds the command to ``app``; ``context`` gives the store, the JSON printer and the
    console of the root module (``cli.app``)."""

    @app.command()
    def changes(
        since: str = typer.Option(None, "--since", metavar="ISO8601",
                                  help="Only changes at or after this date or time "
                                       "(UTC unless it has an offset)."),
        agreement: str = typer.Option(None, "--agreement", help="Only this agreement."),
        limit: int = typer.Option(None, "--limit", min=1, help="Only the newest N."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Changes to the agreement records (a new agreement, a status step, a field set,
        changed or conflicting, a provision added or excluded) and to watched sources
        (failing, stale), each with the claims and documents behind it."""
        from pactwatch.changes import parse_since
        from pactwatch.web.change_text import with_summary

        try:
            start = parse_since(since) if since else None
        except PactwatchError as error:
            failures.line(str(error))
            raise typer.Exit(2) from None
        with context.store() as store:
            rows = store.changes(since=start, agreement=agreement, limit=limit,
                                 newest_first=limit is not None)
        rows = sorted((with_summary(row) for row in rows), key=lambda row: row["id"])
        if as_json:
            context.print_json(rows)
            return
        table = Table("id", "time (UTC)", "change", "evidence", title="Changes")
        for row in rows:
            table.add_row(str(row["id"]), row["time"][:16].replace("T", " "), row["summary"],
                          _evidence(row))
        context.console.print(table if rows else "no changes")


def _evidence(row: dict[str, Any]) -> str:
    """How many claims and documents; the ids are in --json and `claims`."""
    claims, docs = len(row["claims"]), len(row["documents"])
    if not claims and not docs:
        return ""
    return f"{claims} claim{'s' * (claims != 1)}, {docs} document{'s' * (docs != 1)}"
