"""Rich tables for the human output of the CLI."""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from typing import Any

from rich import box
from rich.cells import cell_len
from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from pactwatch import vocab
from pactwatch.analysis import by_kind
from pactwatch.analysis.matrix import SYMBOLS, Matrix
from pactwatch.evaluation import report
from pactwatch.evaluation.score import Scores

# The width of output piped to a file or another program when COLUMNS does not say.
PIPED_WIDTH = 120


def output_width() -> int | None:
    """The console width: None lets rich follow the terminal, or COLUMNS where it is set;
    output piped elsewhere without COLUMNS is laid out at PIPED_WIDTH columns."""
    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return None
    return PIPED_WIDTH


SUPPORT_STYLE = {"confirmed": "green", "reported": "yellow", "conflicting": "red"}


def _support(value: str | None) -> str:
    if not value:
        return ""
    return f"[{SUPPORT_STYLE.get(value, 'white')}]{value}[/]"


def _text(value: Any) -> str:
    if value is None:
        return "[dim]not stated[/]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Fitted:
    """A table whose columns are sized when it is printed. Where the whole table is wider
    than the space, the columns with the most room to spare give it up first, none
    narrower than its longest word, so cells wrap between words; only where even that
    is too wide do the widest columns fold words. Columns marked ``no_wrap`` (ids, dates)
    keep their width. Rich's own shrinking can cut a word, or an id, in one column while
    another has room to spare."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        for column in columns:
            column.width = None
        cells = [[_plain(column.header), *(_plain(c) for c in column.cells)]
                 for column in columns]
        widths = [max(1, *(cell_len(line) for cell in texts for line in cell.splitlines()))
                  for texts in cells]
        fixed = [bool(column.no_wrap) for column in columns]
        least = [w if keep else min(w, max(column.min_width or 1, _longest_word(texts)))
                 for w, keep, column, texts in zip(widths, fixed, columns, cells, strict=True)]
        room = options.max_width - (_width(console, options, self.table) - sum(widths))
        while sum(widths) > room:
            spare = [w - m for w, m in zip(widths, least, strict=True)]
            if max(spare) <= 0:  # even the longest words do not fit: fold the widest
                spare = [0 if keep else w - 1 for w, keep in zip(widths, fixed, strict=True)]
                if max(spare) <= 0:
                    break
            widths[spare.index(max(spare))] -= 1
        for column, width in zip(columns, widths, strict=True):
            column.width = width
            column.overflow = "fold"
        yield self.table


def _plain(cell: Any) -> str:
    return Text.from_markup(cell).plain if isinstance(cell, str) else str(cell)


def _longest_word(texts: list[str]) -> int:
    return max((cell_len(word) for text in texts for word in text.split()), default=1)


def agreements_table(records: list[dict[str, Any]]) -> Fitted:
    """One line per agreement, in a light grid with two-space gaps; values such as
    ``in_force`` are written as words so that they can wrap on a narrow terminal."""
    table = Table(title="Agreements (✓ provisions included, ✗ excluded)", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for column in ("id", "parties", "status", "signed on", "term", "legal form", "✓", "✗",
                   "sources"):
        table.add_column(column, no_wrap=column in {"id", "signed on"},
                         justify="right" if column in {"✓", "✗", "sources"} else "left")
    for r in records:
        provisions = r.get("provisions", [])
        table.add_row(
            r["id"], ", ".join(r["parties"]), _words(r.get("status")),
            _text(r.get("signed_on")),
            f"{r['term_years']} years" if r.get("term_years") else _text(None),
            _words(r.get("legal_form")),
            str(sum(p["polarity"] == "included" for p in provisions)),
            str(sum(p["polarity"] == "excluded" for p in provisions)),
            str(len(r.get("sources", []))),
        )
    return Fitted(table)


def _words(value: str | None) -> str:
    """An identifier such as ``political_agreement`` as words, which a cell can wrap."""
    return _text(value.replace("_", " ") if value else value)


FIELD_ORDER = ("status", "signed_on", "entered_into_force", "venue", "term_years",
               "expires_on", "termination_notice_months", "legal_form",
               "binding_on_successors", "framework", "order_number", "annex")


def agreement_panel(record: dict[str, Any]) -> Group:
    fields = Table(title=f"{record['title']}  ({record['id']})", show_lines=False)
    for column in ("field", "value", "support", "sources"):
        fields.add_column(column)
    backing = record.get("fields", {})
    for name in FIELD_ORDER:
        info = backing.get(name, {})
        value = record.get(name)
        if info.get("support") == "conflicting":
            value = " | ".join(_text(v["value"]) for v in info["values"])
        fields.add_row(name, _text(value) + _decided(info), _support(info.get("support")),
                       ", ".join(info.get("sources", [])))
    for what, info in record.get("counts", {}).items():
        fields.add_row(f"count: {what}", _text(info["value"]), _support(info["support"]),
                       ", ".join(info["sources"]))
    provisions = Table(title="Provisions")
    for column in ("kind", "polarity", "who → whom", "deadline", "support", "sources"):
        provisions.add_column(column)
    for p in record.get("provisions", []):
        provisions.add_row(
            p["kind"], p["polarity"] + _decided(p),
            f"{', '.join(p['obligors']) or '?'} → {', '.join(p['beneficiaries']) or '?'}",
            _text(p.get("deadline")), _support(p["support"]), ", ".join(p["sources"]))
    history = Table(title="Status history")
    for column in ("status", "date", "first reported", "support", "sources"):
        history.add_column(column)
    for step in record.get("history", []):
        history.add_row(step["status"], _text(step["on_date"]), _text(step["observed_on"]),
                        _support(step["support"]), ", ".join(step["sources"]))
    sources = Table(title="Sources")
    for column in ("id", "outlet", "published", "origin", "title"):
        sources.add_column(column)
    for s in record.get("sources", []):
        sources.add_row(s["id"], _text(s["outlet"]), _text(s["published"]),
                        _text(s["origin"]), _text(s["title"]))
    tables = [fields, provisions, history, sources]
    if record.get("rejected"):
        rejected = Table(title="Rejected claims")
        for column in ("claim", "decision", "by", "at", "reason"):
            rejected.add_column(column)
        for row in record["rejected"]:
            d = row["decision"]
            rejected.add_row(row["claim"], str(d["id"]), escape(d["author"]), d["at"][:10],
                             _text(d.get("note")))
        tables.append(rejected)
    return Group(*(Fitted(t) for t in tables))


def _decided(info: dict[str, Any]) -> str:
    """The mark of a field or provision an analyst decided: who, when, which decision."""
    return "".join(f" ({d['action']}ed by {escape(d['author'])}, {d['at'][:10]}, "
                   f"decision {d['id']})" for d in info.get("decisions", []))


def claims_table(claims: list[dict[str, Any]]) -> Table:
    table = Table(title="Claims", show_lines=True)
    for column in ("id", "about", "predicate", "value", "polarity", "modality", "said by",
                   "origin", "evidence"):
        table.add_column(column, overflow="fold")
    for c in claims:
        value = c["value"]
        if isinstance(value, dict) and "kind" in value:
            value = value["kind"]
        said = c["attributed_to"] or ""
        if c.get("role"):
            said += f" ({c['role']})"
        table.add_row(c["id"], c["subject"], c["predicate"], _text(value), c["polarity"],
                      c["modality"], said, _text(c["origin"]),
                      c["text"][:160])
    return table


class MatrixView:
    """The provision matrix as the terminal shows it: agreements as rows, kinds as
    columns under their three-letter codes (the ones ``compare --format markdown`` uses),
    then a legend naming each code. Laid out when printed: where all the kind columns do
    not fit the width, the kinds are split evenly over several tables, each repeating the
    agreement column, so that no header is ever cut."""

    def __init__(self, matrix: Matrix) -> None:
        self.matrix = matrix

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        kinds = self.matrix.columns()
        parts = _split(kinds, lambda some: _width(console, options, self._table(some)),
                       options.max_width)
        for number, some in enumerate(parts, start=1):
            title = "Provision matrix"
            if len(parts) > 1:
                title += f" ({number} of {len(parts)})"
            yield self._table(some, title)
        yield Text("Cells: ✓ included, ✗ excluded, · not stated. Columns:")
        yield Columns([Text.assemble((k.short, "bold"), " ", k.label) for k in kinds],
                      padding=(0, 3))

    def _table(self, kinds: list[vocab.ProvisionKind], title: str = "") -> Table:
        # No padding and blank rules: one space between three-letter columns keeps a
        # grid of 18 kinds under 90 columns.
        table = Table(title=title or None, box=box.SIMPLE_HEAD, padding=(0, 0),
                      show_edge=False)
        table.add_column("agreement", no_wrap=True)
        for kind in kinds:
            table.add_column(kind.short, justify="center", no_wrap=True, min_width=3)
        for agreement_id, _, cells in self.matrix.rows:
            table.add_row(agreement_id, *(SYMBOLS[cells[k.id]] for k in kinds))
        table.add_section()
        counts = self.matrix.counts()
        for label, key in (("✓ included", "included"), ("✗ excluded", "excluded")):
            table.add_row(label, *(str(counts[k.id][key]) for k in kinds), style="dim")
        return table


def _width(console: Console, options: ConsoleOptions, table: Table) -> int:
    """The width a table takes when nothing constrains it."""
    return Measurement.get(console, options.update_width(10_000), table).maximum


def _split(kinds: list[vocab.ProvisionKind],
           width_of: Callable[[list[vocab.ProvisionKind]], int],
           max_width: int) -> list[list[vocab.ProvisionKind]]:
    """The fewest even parts of ``kinds`` whose tables each fit ``max_width`` (one kind
    per table at the very least)."""
    for count in range(1, len(kinds) + 1):
        size = math.ceil(len(kinds) / count)
        parts = [kinds[i:i + size] for i in range(0, len(kinds), size)]
        if all(width_of(part) <= max_width for part in parts):
            return parts
    return [[kind] for kind in kinds]


def matrix_table(matrix: Matrix) -> MatrixView:
    return MatrixView(matrix)


def by_kind_table(result: list[dict[str, Any]]) -> Group:
    """`compare --by kind`: one row per provision kind (its three-letter code and label)
    with, for each of included, excluded and not stated, the count and the partners'
    codes marked with their support, then the legend of the marks. Fitted, so it wraps
    between codes."""
    names = by_kind.codes(result)
    shorts = {k.id: k.short for k in vocab.provision_kinds()}
    table = Table(title="Partners by provision kind", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False, padding=(0, 1, 0, 0))
    table.add_column("", no_wrap=True)  # the kind's code, as `compare` heads its columns
    table.add_column("kind")
    for position in by_kind.POSITIONS:
        table.add_column(by_kind.SYMBOLS[position], justify="right", no_wrap=True)
        table.add_column(position.replace("_", " "))
    for entry in result:
        table.add_row(shorts.get(entry["kind"], ""), escape(entry["label"]),
                      *(cell for position in by_kind.POSITIONS
                        for cell in (str(entry["counts"][position]),
                                     by_kind.marked(entry[position], names))))
    return Group(Fitted(table), Text(by_kind.LEGEND))


def timeline_table(rows: list[dict[str, Any]], evidence: bool = False) -> Fitted:
    table = Table(title="Timeline of signings")
    for column in ("#", "signed on", "id", "status", "venue", "support", "history"):
        table.add_column(column, no_wrap=column in {"id", "signed on"})
    if evidence:
        table.add_column("sources")
    for row in rows:
        steps = " → ".join(_step(s) for s in row["history"])
        cells = [_text(row["running_count"]) if row["running_count"] else "",
                 row["signed_on"], row["id"], _text(row["status"]), _text(row["venue"]),
                 _support(row["support"]), steps]
        if evidence:
            cells.append(_evidence(row["sources"]))
        table.add_row(*cells)
    return Fitted(table)


def _step(step: dict[str, Any]) -> str:
    when = step.get("on_date") or step.get("observed_on")
    return f"{step['status']} ({when})" if when else step["status"]


def print_overview(console: Console, records: list[dict[str, Any]], matrix: Matrix) -> None:
    console.print(agreements_table(records))
    console.print(matrix_table(matrix))
    console.print(Panel.fit("pactwatch show ID  ·  pactwatch claims --agreement ID  ·  "
                            "pactwatch compare --format markdown", title="next"))


def eval_tables(scores: Scores) -> Group:
    """Per-field and per-kind scores, then every miss and false hit with its sentence."""
    parts: list[Any] = []
    for title, first, rows in (
        (f"Extraction scores over {scores.documents} documents", "field",
         report.field_rows(scores)),
        ("Provisions by kind", "provision kind", report.kind_rows(scores)),
        ("All fields by genre", "genre", report.genre_rows(scores)),
    ):
        table = Table(title=title)
        for column in (first, *report.HEADER[1:]):
            table.add_column(column, justify="left" if column == first else "right")
        for row in rows:
            table.add_row(*row)
        parts.append(table)
    if scores.findings:
        table = Table(title="Misses and false hits")
        for column in ("document", "field", "outcome", "agreement", "value", "sentence"):
            table.add_column(column)
        for f in scores.findings:
            style = "red" if f.outcome == "false hit" else "yellow"
            table.add_row(f.doc, f.field, f"[{style}]{f.outcome}[/]", f.agreement or "",
                          escape(str(f.value)), escape(f.sentence or ""))
        parts.append(table)
    return Group(*parts)


def compare_table(rules: Scores, both: Scores) -> Table:
    """`pactwatch eval --compare-rules`: what the trained classifier adds to the rules."""
    table = Table(title=f"Rules alone against rules + provision model ({both.documents} "
                        "documents)")
    for column in report.COMPARE_HEADER:
        table.add_column(column, justify="left" if column == "field" else "right")
    for row in report.compare_rows(rules, both):
        table.add_row(*row)
    return table


def _evidence(sources: list[str]) -> str:
    return ", ".join(sources) if sources else ""


def _codes(rows: list[dict[str, Any]]) -> str:
    """Provision kinds by their three-letter codes (see `pactwatch compare`)."""
    kinds = vocab.kind_by_id()
    return " ".join(kinds[r["kind"]].short for r in rows if r["kind"] in kinds)


def simulation(result: dict[str, Any], evidence: bool = False) -> Group:
    """The agreements in force at the attack, soonest deadline first, then the others."""
    table = Table(title=f"Attack on {result['attacked']} at {result['at']}: agreements in "
                        "force")
    for column in ("agreement", "counterpart", "consultation due", "support", "assistance",
                   "explicitly excluded"):
        table.add_column(column, no_wrap=column == "agreement")
    if evidence:
        table.add_column("sources")
    for row in result["in_force"]:
        consult = row["consultation"]
        cells = [row["agreement"], ", ".join(row["counterparts"]), escape(consult["due"]),
                 _support(consult.get("support")),
                 _codes(row["assistance"]), _codes(row["excluded"]) or _text(None)]
        if evidence:
            cells.append(_evidence(consult.get("sources") or row["sources"]))
        table.add_row(*cells)
    pending = Table(title="Not in force at that moment")
    for column in ("agreement", "counterpart", "stage then", "signed on", "status now"):
        pending.add_column(column, no_wrap=column in {"agreement", "signed on"})
    for row in result["not_in_force"]:
        pending.add_row(row["agreement"], ", ".join(row["counterparts"]),
                        _text(row["stage_at_attack"]), _text(row["signed_on"]),
                        _text(row["status_now"]))
    return Group(Fitted(table), Fitted(pending))


def _notice(months: Any) -> str:
    """A termination clause as people say it: "6 months", or not stated."""
    return _text(None) if months is None else f"{months} months"


def risk_tables(result: dict[str, Any], evidence: bool = False) -> Group:
    table = Table(title=f"Agreements of {result['party']} in force on {result['at']}")
    for column in ("agreement", "counterpart", "expires", "days left", "legal form",
                   "binds successors", "notice", "revocable"):
        table.add_column(column, no_wrap=column in {"agreement", "expires"})
    if evidence:
        table.add_column("sources")
    for row in result["agreements"]:
        cells = [row["agreement"], ", ".join(row["counterparts"]), _text(row["expires_on"]),
                 _text(row["days_left"]), _text(row["legal_form"]["value"]),
                 _text(row["binding_on_successors"]["value"]),
                 _notice(row["termination_notice_months"]["value"]), _text(row["revocable"])]
        if evidence:
            cells.append(_evidence(row["legal_form"]["sources"]
                                   + row["binding_on_successors"]["sources"]
                                   + row["termination_notice_months"]["sources"]))
        table.add_row(*cells)
    portfolio = Table(title=f"Cover by provision kind (expiring within "
                            f"{result['within_years']} years)")
    columns = ["kind", "partners", "revocable", "expiring"]
    if result["without"]:
        columns += [f"without {', '.join(result['without'])}", "loss"]
    for column in columns:
        portfolio.add_column(column)
    for row in result["portfolio"]:
        cells = [row["kind"], str(len(row["partners"])), str(len(row["revocable"])),
                 str(len(row["expiring"]))]
        if result["without"]:
            cells += [", ".join(row["remaining"]) or "[red]none[/]", row["loss"]]
        portfolio.add_row(*cells)
    return Group(Fitted(table), Fitted(portfolio))
