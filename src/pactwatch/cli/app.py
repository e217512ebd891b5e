"""The `pactwatch` command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType

from pactwatch import settings
from pactwatch.analysis.matrix import build_matrix
from pactwatch.cli import changes as change_commands
from pactwatch.cli import failures, render
from pactwatch.cli import review as review_commands
from pactwatch.cli import tables as table_commands
from pactwatch.cli import tokens as token_commands
from pactwatch.cli import watch as watch_commands
from pactwatch.errors import PactwatchError
from pactwatch.ingest.sidecar import parse_published
from pactwatch.reconcile.views import agreement_json, claim_json
from pactwatch.records import DocumentMeta
from pactwatch.store.db import require_writable
from pactwatch.store.repository import Store

if TYPE_CHECKING:
    from pactwatch.ingest.executors import Executor

app = typer.Typer(cls=failures.OneLineGroup, add_completion=False, no_args_is_help=True,
                  help="A source-grounded tracker of international security commitments.")
# The terminal's width, or COLUMNS; piped output without COLUMNS gets 120 (not rich's 80).
console = Console(width=render.output_width())


def _error_line(exc: PactwatchError) -> None:
    """One line per failure on stderr, never wrapped or styled: scripts grep these."""
    sys.stderr.write(str(exc).replace("\n", " ") + "\n")
    sys.stderr.flush()


class State:
    db: str = settings.DB.default
    debug: bool = False


@app.callback()
def main_options(
    db: str = typer.Option(None, "--db", help=settings.DB.help + f" [env {settings.DB.env}]"),
    debug: bool = typer.Option(False, "--debug", help="On a failure, print the traceback "
                               "before the one coded line."),
) -> None:
    State.db = db or settings.DB.value()
    State.debug = debug


def _store(*, write: bool = False) -> Store:
    """The store; for a command that writes, a database that can only be read is refused
    before any work is done."""
    if write:
        require_writable(State.db)
    return Store.open(State.db)


def _fail(exc: PactwatchError) -> NoReturn:
    failures.fail(exc, debug=State.debug)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _emit(data: Any, as_json: bool, human: Callable[[Any], RenderableType]) -> None:
    """JSON on --json, otherwise the rich rendering of the same data."""
    if as_json:
        _print_json(data)
    else:
        console.print(human(data))


# Where extraction runs, for the commands that extract (ingest, reextract).
EXECUTOR_OPTION = typer.Option("local", "--executor",
                               help="Where extraction runs: local (processes) or dask.")
JOBS_OPTION = typer.Option(None, "--jobs", min=1,
                           help="Worker processes: local pool (default 1) or Dask "
                                "LocalCluster workers (default one per core).")
SCHEDULER_OPTION = typer.Option(None, "--scheduler",
                                help="Address of a running Dask scheduler "
                                     "(tcp://host:8786); with --executor dask.")
T = TypeVar("T")


def _extracting(executor: str, jobs: int | None, scheduler: str | None,
                work: Callable[[Store, Executor], T]) -> T:
    """Runs ``work`` with the store and the executor the options name; a store or an
    executor that cannot be had, or a coded failure of the work, is one line, exit 1."""
    from pactwatch.ingest.executors import make_executor

    try:
        store = _store(write=True)
    except PactwatchError as exc:
        _fail(exc)
    with store:
        try:
            runner = make_executor(executor, jobs, scheduler)
        except PactwatchError as exc:
            _fail(exc)
        try:
            return work(store, runner)
        except PactwatchError as exc:
            _fail(exc)
        finally:
            runner.close()


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or folders (.txt .md .html .htm .pdf), "
                                      "or - for standard input."),
    published: str = typer.Option(None, help="Published date YYYY-MM-DD (overrides sidecars)."),
    outlet: str = typer.Option(None, help="Outlet name (overrides sidecars)."),
    url: str = typer.Option(None, help="Source URL (overrides sidecars)."),
    title: str = typer.Option(None, help="Title (overrides sidecars)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    executor: str = EXECUTOR_OPTION,
    jobs: int = JOBS_OPTION,
    scheduler: str = SCHEDULER_OPTION,
) -> None:
    """Read documents, extract claims and update the agreement records."""
    from pactwatch.ingest.run import ingest as run_ingest

    try:
        when = parse_published(published, "--published") if published else None
    except PactwatchError as exc:
        _error_line(exc)
        raise typer.Exit(2) from exc
    override = DocumentMeta(outlet=outlet, title=title, url=url, published=when)
    report = _extracting(executor, jobs, scheduler, lambda store, runner: run_ingest(
        store, paths, override, on_error=_error_line, executor=runner))
    if as_json:
        _print_json(report.to_json())
    else:
        console.print(f"stored {len(report.stored)} document(s) with {report.claims} claim(s); "
                      f"{len(report.duplicates)} already stored; "
                      f"{len(report.failures)} failed; "
                      f"{len(report.reconciled)} agreement group(s) updated")
    if report.failures:
        raise typer.Exit(1)


@app.command()
def reextract(
    agreement: str = typer.Option(None, "--agreement",
                                  help="Only the documents with claims about this agreement."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    executor: str = EXECUTOR_OPTION,
    jobs: int = JOBS_OPTION,
    scheduler: str = SCHEDULER_OPTION,
) -> None:
    """Extract the stored documents again (after the rules or the model changed): new
    claims replace the old, which stay soft-deleted with a pointer to what replaced them;
    people's claims are untouched."""
    from pactwatch.ingest.reextract import reextract as run_reextract
    from pactwatch.review.audit import orphaned

    report = _extracting(executor, jobs, scheduler, lambda store, runner: run_reextract(
        store, agreement, executor=runner, on_error=_error_line))
    with _store() as store:
        lost = orphaned(store)
    for row in lost:  # a decision is never dropped silently
        failures.line(f"decision {row['id']} ({row['action']} by {row['author']}) is "
                      f"orphaned: its claim {row['claim']} is gone")
    if as_json:
        _print_json({**report.to_json(), "orphaned_decisions": [row["id"] for row in lost]})
    else:
        console.print(f"re-extracted {report.documents} document(s): {report.added} claim(s) "
                      f"added, {report.superseded} superseded, {report.kept} unchanged; "
                      f"{len(report.reconciled)} agreement group(s) updated")


@app.command("reconcile")
def reconcile_command(
    full: bool = typer.Option(False, "--full", help="Rebuild every agreement record from "
                              "all its claims, instead of updating the stale ones."),
    as_json: bool = typer.Option(False, "--json", help="Print the subjects as JSON."),
) -> None:
    """Bring the agreement records up to date with the stored claims (ingest does this
    itself; run it after an interrupted run, or with --full to rebuild everything)."""
    from pactwatch.reconcile.run import reconcile

    try:
        with _store() as store:
            done = reconcile(store, full=full)
    except PactwatchError as exc:
        _fail(exc)
    if as_json:
        _print_json({"reconciled": done, "full": full})
    else:
        console.print(f"{'rebuilt' if full else 'updated'} {len(done)} agreement group(s)")


@app.command()
def agreements(
    party: list[str] = typer.Option([], "--party", callback=failures.parties_option,
                                    help="Only agreements with this party code "
                                    "(repeatable)."),
    status: str = typer.Option(None, callback=failures.status_option,
                               help="Only agreements with this status."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List agreements."""
    with _store() as store:
        records = store.agreements(party, status)
    _emit(records, as_json, render.agreements_table)


@app.command()
def show(
    agreement_id: str = typer.Argument(..., metavar="ID"),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one agreement with every field, its support and sources."""
    with _store() as store:
        try:
            record = agreement_json(store, agreement_id)
        except PactwatchError as exc:
            _fail(exc)
    _emit(record, as_json, render.agreement_panel)


@app.command()
def claims(
    agreement: str = typer.Option(None, "--agreement", help="Only claims behind this agreement."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """List claims with their attribution and evidence."""
    with _store() as store:
        if agreement:
            try:
                rows = agreement_json(store, agreement)["claims"]
            except PactwatchError as exc:
                _fail(exc)
        else:
            rows = [claim_json(c) for c in store.claims()]
    _emit(rows, as_json, render.claims_table)


@app.command("load-reference")
def load_reference_command(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
) -> None:
    """Load the bundled reference dataset (every fact cited) as claims."""
    from pactwatch.reference.load import load_reference

    with _store(write=True) as store:
        try:
            report = load_reference(store)
        except PactwatchError as exc:
            _fail(exc)
    if as_json:
        _print_json(vars(report))
    else:
        console.print(f"reference: {report.records} agreements; {report.documents} new source "
                      f"document(s) with {report.claims} claim(s)")


@app.command()
def timeline(
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    evidence: bool = typer.Option(False, "--evidence", help="Show the sources behind each "
                                  "row."),
) -> None:
    """Signings in date order with a running count and status history."""
    from pactwatch.analysis.timeline import timeline as build_timeline

    with _store() as store:
        rows = build_timeline(store.agreements())
    _emit(rows, as_json, lambda r: render.timeline_table(r, evidence))


simulate_app = typer.Typer(no_args_is_help=True, help="Run scenarios over the agreements.")
app.add_typer(simulate_app, name="simulate")


def _moment(value: str, option: str) -> datetime:
    """An ISO 8601 moment; a time without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        sys.stderr.write(f"{option}: {value!r} is not an ISO 8601 date or time\n")
        raise typer.Exit(2) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@simulate_app.command("attack")
def simulate_attack_command(
    on: str = typer.Option(..., "--on", callback=failures.party_option,
                           help="Party code of the attacked party (UA)."),
    at: str = typer.Option(..., "--at", help="Moment of the attack, ISO 8601 "
                           "(2024-07-01T03:00:00Z)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    evidence: bool = typer.Option(False, "--evidence", help="Show the sources behind each "
                                  "row."),
) -> None:
    """Who must consult with the attacked party and by when, what else they owe, and
    what they have said they will not do; agreements only expected then, apart."""
    from pactwatch.analysis.simulate import simulate_attack

    moment = _moment(at, "--at")
    with _store() as store:
        result = simulate_attack(store.agreements(), on, moment)
    _emit(result, as_json, lambda r: render.simulation(r, evidence))


@app.command()
def risk(
    at: str = typer.Option(None, "--at", help="Date to count from (default today)."),
    without: list[str] = typer.Option([], "--without", callback=failures.parties_option,
                                      help="Partner to take away (repeatable)."),
    within: int = typer.Option(2, "--within", help="Years ahead that count as expiring."),
    party: str = typer.Option(None, "--party", callback=failures.party_option,
                              help="The protected party (default: the party in most "
                              "agreements)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    evidence: bool = typer.Option(False, "--evidence", help="Show the sources behind each "
                                  "row."),
) -> None:
    """Expiry, legal form and binding-ness per agreement, and per provision kind the
    partners that cover it and what is left without some of them."""
    from pactwatch.analysis.risk import risk as build_risk

    when = _moment(at, "--at").date() if at else date.today()
    with _store() as store:
        result = build_risk(store.agreements(), when, without, within, party)
    _emit(result, as_json, lambda r: render.risk_tables(r, evidence))


@app.command()
def graph(
    fmt: str = typer.Option("json", "--format", help="graphml or json."),
) -> None:
    """The party network: one edge per agreement, with its kinds, dates and pledges."""
    from pactwatch.analysis.graph import FORMATS, party_graph, write

    if fmt not in FORMATS:
        sys.stderr.write(f"--format: expected one of {', '.join(FORMATS)}\n")
        raise typer.Exit(2)
    with _store() as store:
        sys.stdout.write(write(party_graph(store.agreements()), fmt))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the JSON API (OpenAPI at /openapi.json) over the same store."""
    import uvicorn

    from pactwatch.api.app import create_app

    _store().close()  # a database that cannot be opened is one line now, not per request
    uvicorn.run(create_app(State.db), host=host, port=port, log_level="warning")


@app.command("eval")
def eval_command(
    gold: list[Path] = typer.Argument(..., metavar="GOLD...",
                                      help="Gold files (JSON Lines, see eval/GOLD.md)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    markdown: bool = typer.Option(False, "--markdown", help="Print the score tables as "
                                  "Markdown."),
    floors: Path = typer.Option(None, "--floors", help="A floors file (eval/floors.yaml): "
                                "exit 1 when a score is below its floor."),
    compare_rules: bool = typer.Option(False, "--compare-rules",
                                       help="Score the rules alone and the rules with the "
                                            "trained provision classifier, side by side."),
    calibrate: Path = typer.Option(None, "--calibrate", metavar="FILE",
                                   help="Measure claim confidence per predicate and "
                                        "modality on these gold files and write it to FILE "
                                        "(src/pactwatch/data/confidence.yaml)."),
) -> None:
    """Score extraction against gold files: precision, recall and F1 per field and per
    provision kind, with every miss and false hit."""
    from pactwatch.evaluation.floors import below_floors, load_floors
    from pactwatch.evaluation.report import to_markdown
    from pactwatch.evaluation.run import evaluate

    if calibrate is not None:
        from pactwatch.evaluation import calibrate as calibration

        try:
            result = calibration.calibrate(gold, on_error=_error_line)
        except PactwatchError as exc:
            _fail(exc)
        calibration.write(calibrate, result, gold)
        console.print(f"claim confidence over {result['documents']} documents → {calibrate}")
        return
    try:
        gate = load_floors(floors) if floors else None
        rules = evaluate(gold, on_error=_error_line, model=False) if compare_rules else None
        scores = evaluate(gold, on_error=None if rules else _error_line)
    except PactwatchError as exc:
        _fail(exc)
    if rules is not None:
        if as_json:
            _print_json({"rules": rules.to_json(), "rules_and_model": scores.to_json()})
        else:
            console.print(render.compare_table(rules, scores))
    elif as_json:
        _print_json(scores.to_json())
    elif markdown:
        sys.stdout.write(to_markdown(scores))
    else:
        console.print(render.eval_tables(scores))
    failed = below_floors(scores, gate) if gate else []
    for line in failed:
        sys.stderr.write(f"below floor: {line}\n")
    if failed or scores.errors:
        raise typer.Exit(1)


@app.command()
def demo() -> None:
    """Build a knowledge base from the bundled example documents and reference dataset,
    and print the overview."""
    from pactwatch.ingest.run import ingest as run_ingest
    from pactwatch.reference.load import load_reference

    examples = resources.files("pactwatch.data").joinpath("examples")
    paths = sorted(str(p) for p in Path(str(examples)).glob("*.txt"))
    with _store(write=True) as store:
        reference = load_reference(store)
        report = run_ingest(store, paths, on_error=_error_line)
        console.print(f"[bold]pactwatch demo[/]: {reference.records} reference agreements, "
                      f"{len(paths)} example documents → {len(report.stored)} new, "
                      f"{report.claims} claims, database {State.db}")
        records = store.agreements()
    render.print_overview(console, records, build_matrix(records))


class _Shared:
    """What the commands registered from other modules use of this one."""

    store = staticmethod(_store)
    print_json = staticmethod(_print_json)
    fail = staticmethod(_fail)
    console = console


review_commands.register(app, _Shared)
change_commands.register(app, _Shared)
table_commands.register(app, _Shared)
watch_commands.register(app, _Shared)
token_commands.register(app)


def main() -> None:
    app()
