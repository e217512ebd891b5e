"""The review commands: `review`, `decide`, `correct`, `undo`, `decisions`. Registered on
the root app by ``register``; every write goes through ``pactwatch.review.decide``."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import typer
from rich.table import Table

from pactwatch.cli import failures
from pactwatch.errors import BadDecision, PactwatchError


class Verdict(StrEnum):
    accept = "accept"
    reject = "reject"


BY_OPTION = typer.Option(..., "--by", help="Your name: the decision's author.")


def register(app: typer.Typer, context: Any) -> None:
    """Adds the commands to ``app``; ``context`` gives the store, the JSON printer and
    the console of the root module (``cli.app``)."""

    @app.command()
    def review(
        agreement: str = typer.Option(None, "--agreement", help="Only this agreement."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """The review queue: what most needs a person, worst first (conflicting fields,
        fields on one hedged or unnamed-source claim, low-confidence claims, records
        from one document)."""
        from pactwatch.reconcile.views import find_agreement
        from pactwatch.review.queue import queue

        with context.store() as store:
            records = [find_agreement(store, agreement)] if agreement else store.agreements()
            ids = {i for r in records for i in store.agreement_claim_ids(r["id"])}
            claims = {c.claim_id: c for c in store.claims(ids=ids)}
        items = queue(records, claims)
        if as_json:
            context.print_json(items)
            return
        table = Table("agreement", "field", "why", "claims", title="Review queue")
        for item in items:
            table.add_row(item["agreement"], item["field"] or "", item["why"],
                          ", ".join(item["claims"][:3]) + (" …" if len(item["claims"]) > 3
                                                           else ""))
        context.console.print(table if items else "nothing to review")

    @app.command()
    def decide(
        verdict: Verdict = typer.Argument(..., metavar="accept|reject"),
        claim_id: str = typer.Argument(..., metavar="CLAIM_ID"),
        by: str = BY_OPTION,
        reason: str = typer.Option(None, "--reason", help="Why, for the audit log."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Accept a claim (it counts as confirmed) or reject it (it no longer counts)."""
        from pactwatch.review.decide import judge

        _report(context, lambda store: judge(store, verdict.value, claim_id, by, reason),
                as_json)

    @app.command()
    def correct(
        agreement_id: str = typer.Argument(..., metavar="AGREEMENT_ID"),
        field: str = typer.Argument(..., metavar="FIELD",
                                    help="signed_on, term_years, status, legal_form, "
                                         "binding_on_successors, venue, framework, ... or "
                                         "provision:KIND"),
        value: str = typer.Argument(..., metavar="VALUE"),
        by: str = BY_OPTION,
        source: str = typer.Option(..., "--source", help="URL of the source you rely on."),
        note: str = typer.Option(None, "--note", help="A note for the audit log."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Set a field of an agreement to your value, citing a source; the values it
        overrides stay listed as superseded."""
        from pactwatch.review.decide import correct as run_correct

        _report(context, lambda store: run_correct(store, agreement_id, field, value, by,
                                                   source, note), as_json)

    @app.command()
    def undo(
        decision_id: int = typer.Argument(..., metavar="DECISION_ID"),
        by: str = BY_OPTION,
        reason: str = typer.Option(None, "--reason", help="Why, for the audit log."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Take back a decision; the record becomes exactly what it was before it."""
        from pactwatch.review.decide import undo as run_undo

        _report(context, lambda store: run_undo(store, decision_id, by, reason), as_json)

    @app.command()
    def decisions(
        agreement: str = typer.Option(None, "--agreement", help="Only this agreement."),
        by: str = typer.Option(None, "--by", help="Only this author's decisions."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """The audit log of decisions, newest first; a decision whose claim is gone is
        marked orphaned."""
        from pactwatch.review.audit import audit_log

        with context.store() as store:
            rows = audit_log(store, agreement, by)
        if as_json:
            context.print_json(rows)
            return
        table = Table("id", "at", "by", "action", "agreement", "concerns", "note",
                      title="Decisions")
        for row in rows:
            concerns = row["field"] or row["claim"] or ""
            if row["orphaned"]:
                concerns += " (orphaned: claim gone)"
            table.add_row(str(row["id"]), row["at"][:19], row["author"], row["action"]
                          + (f" #{row['undoes']}" if row["undoes"] else ""),
                          row["agreement"] or row["subject"], concerns, row["note"] or "")
        context.console.print(table if rows else "no decisions yet")


def _report(context: Any, run: Any, as_json: bool) -> None:
    """Runs one decision: a bad value is a usage error (exit 2), any other coded error
    exit 1, each one line."""
    try:
        with context.store(write=True) as store:
            outcome = run(store)
    except BadDecision as error:
        failures.line(str(error))
        raise typer.Exit(2) from None
    except PactwatchError as error:
        failures.line(str(error))
        raise typer.Exit(1) from None
    if as_json:
        context.print_json(outcome.to_json())
        return
    row = outcome.decision
    where = f" on {outcome.agreement['id']}" if outcome.agreement else ""
    context.console.print(f"decision {row.id}: {row.action} by {row.author}{where}")
