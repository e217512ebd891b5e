"""The dashboard pages. Templates autoescape every value, so document text and
metadata render as inert text; charts are Plotly figures handed to the page as JSON
data blocks that a static script draws (no inline script, so the CSP can forbid it)."""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import plotly
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from pactwatch import vocab
from pactwatch.analysis.graph import party_graph
from pactwatch.analysis.matrix import build_matrix
from pactwatch.errors import PactwatchError
from pactwatch.reconcile.views import agreement_json
from pactwatch.store.repository import Store
from pactwatch.web import labels, review
from pactwatch.web.change_text import for_people
from pactwatch.web.session import Sessions

WEB = Path(str(resources.files("pactwatch.web")))
_CELL = {"included": 1, "excluded": -1, "not stated": 0}
_SCALE = [[0, "#c62828"], [0.5, "#e0e4e8"], [1, "#2e7d32"]]
LATEST = 10  # changes in the overview's panel
PER_PAGE = 50  # changes on a page of /changes


def install(app: FastAPI, store: Callable[[], AbstractContextManager[Store]]) -> None:
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    labels.install(templates.env)
    sessions = Sessions.from_settings()

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        viewer = context.setdefault("viewer", sessions.viewer(request))
        response = templates.TemplateResponse(request, name, context)
        if viewer is not None or "csrf" in context:
            response.headers["Cache-Control"] = "no-store"  # forms carry CSRF tokens
        return response

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        path = os.path.join(os.path.dirname(plotly.__file__), "package_data", "plotly.min.js")
        return FileResponse(path, media_type="text/javascript")

    # after the route above, so that plotly.min.js comes from the installed package
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        with store() as s:
            records = s.agreements()
            sources = len(s.documents())
            latest = for_people(s, s.changes(limit=LATEST, newest_first=True))
        counts = {"agreements": len(records),
                  "signed": sum(r.get("status") in {"signed", "in_force"} for r in records),
                  "parties": len({p for r in records for p in r["parties"]}),
                  "sources": sources}
        return page(request, "overview.html", records=records, counts=counts, latest=latest,
                    matrix_chart=_matrix_chart(records), kinds=vocab.provision_kinds())

    @app.get("/changes", response_class=HTMLResponse, include_in_schema=False)
    def changes(request: Request, agreement: str = "", number: int = Query(1, alias="page"),
                limit: int = PER_PAGE) -> HTMLResponse:
        """Every change, newest first, by page number (clients page by id with
        /api/changes, which stays stable while changes arrive)."""
        wanted = agreement.replace("\x00", "").strip()[:200]
        size = min(max(limit, 1), 500)
        with store() as s:
            total = s.count_changes(agreement=wanted or None)
            pages = max(1, -(-total // size))
            number = min(max(number, 1), pages)
            rows = for_people(s, s.changes(agreement=wanted or None, newest_first=True,
                                           limit=size, offset=(number - 1) * size))
        return page(request, "changes.html", rows=rows, total=total, pages=pages,
                    number=number, agreement=wanted,
                    query={"agreement": wanted, "limit": size if size != PER_PAGE else ""})

    @app.get("/agreements/{agreement_id}", response_class=HTMLResponse,
             include_in_schema=False)
    def agreement(request: Request, agreement_id: str) -> HTMLResponse:
        with store() as s:
            try:
                record = agreement_json(s, agreement_id)
            except PactwatchError as exc:
                raise HTTPException(404, str(exc)) from None
            sources = [_with_evidence(s.document(src["id"]) or {}, record["claims"])
                       for src in record["sources"]]
            reviewing = review.review_context(s, record, sessions.viewer(request))
        fields = [(name, record.get(name)) for name in (
            "title", "parties", "status", "signed_on", "entered_into_force", "venue",
            "term_years", "expires_on", "termination_notice_months", "term_note", "legal_form",
            "binding_on_successors", "framework", "order_number", "signatories", "annex")]
        return page(request, "agreement.html", record=record, fields=fields, sources=sources,
                    source_names=labels.source_labels(record["sources"]), **reviewing)

    @app.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
    def source(request: Request, source_id: str) -> HTMLResponse:
        with store() as s:
            found = s.document(source_id)
        if found is None:
            raise HTTPException(404, f"no source {source_id!r}")
        return page(request, "source.html", source=found)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline(request: Request) -> HTMLResponse:
        from pactwatch.analysis.timeline import timeline as build_timeline

        with store() as s:
            rows = build_timeline(s.agreements())
        return page(request, "timeline.html", rows=rows, chart=_timeline_chart(rows))

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network(request: Request) -> HTMLResponse:
        with store() as s:
            records = s.agreements()
        return page(request, "network.html", chart=_network_chart(records))

    @app.get("/simulate", response_class=HTMLResponse, include_in_schema=False)
    def simulate(request: Request, on: str = "UA", at: str = "") -> HTMLResponse:
        from pactwatch.analysis.simulate import simulate_attack

        result, error = None, None
        if at:
            try:
                moment = datetime.fromisoformat(at.replace("Z", "+00:00"))
                moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
                with store() as s:
                    result = simulate_attack(s.agreements(), on.strip().upper(), moment)
            except ValueError:
                error = f"{at!r} is not an ISO 8601 date or time"
        return page(request, "simulate.html", on=on, at=at, result=result, error=error)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "") -> HTMLResponse:
        results = None
        if len(q.strip()) >= 2:
            with store() as s:
                results = s.search(q.strip()[:200])
        return page(request, "search.html", q=q, results=results)

    review.install(app, store, page, sessions)


def _with_evidence(document: dict[str, Any], claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The document's text cut into segments, the ones that are evidence of a claim of
    this agreement marked with those claims' ids."""
    text = document.get("text") or ""
    spans = [(c["start"], c["end"], c["id"]) for c in claims
             if c["source_id"] == document.get("id") and 0 <= c["start"] < c["end"] <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        ids = [i for s, e, i in spans if s <= start and end <= e]
        segments.append({"text": text[start:end], "claims": ids})
    return {**document, "segments": segments}


def _matrix_chart(records: list[dict[str, Any]]) -> dict[str, Any]:
    matrix = build_matrix(records)
    kinds = vocab.kind_by_id()
    x = [kinds[k].short for k in matrix.kinds]
    y = [agreement_id for agreement_id, _, _ in matrix.rows]
    z = [[_CELL[cells[k]] for k in matrix.kinds] for _, _, cells in matrix.rows]
    text = [[f"{kinds[k].label}: {cells[k]}" for k in matrix.kinds]
            for _, _, cells in matrix.rows]
    return {
        "data": [{"type": "heatmap", "x": x, "y": y, "z": z, "text": text,
                  "hoverinfo": "y+text", "colorscale": _SCALE, "zmin": -1, "zmax": 1,
                  "showscale": False, "xgap": 2, "ygap": 2}],
        "layout": {"height": max(360, 22 * len(y) + 120), "margin": {"l": 110, "t": 30},
                   "yaxis": {"autorange": "reversed", "type": "category"},
                   "xaxis": {"side": "top", "type": "category"}},
        "links": {agreement_id: "/agreements/" + quote(agreement_id) for agreement_id in y},
    }


def _timeline_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    signed = [r for r in rows if r["running_count"]]
    return {"data": [{"type": "scatter", "mode": "lines+markers",
                      "x": [r["signed_on"] for r in signed],
                      "y": [r["running_count"] for r in signed],
                      "text": [r["id"] for r in signed], "line": {"shape": "hv"}}],
            "layout": {"height": 380, "yaxis": {"title": {"text": "agreements signed"}},
                       "margin": {"t": 20}}}


def _network_chart(records: list[dict[str, Any]]) -> dict[str, Any]:
    graph = party_graph(records)
    if not graph.nodes:
        return {"data": [], "layout": {}}
    position = nx.spring_layout(nx.Graph(graph), seed=7)
    edge_x: list[float | None] = []
    edge_y: list[float | None] = []
    for a, b in graph.edges():
        edge_x += [float(position[a][0]), float(position[b][0]), None]
        edge_y += [float(position[a][1]), float(position[b][1]), None]
    nodes = list(graph.nodes)
    return {
        "data": [
            {"type": "scatter", "mode": "lines", "x": edge_x, "y": edge_y,
             "hoverinfo": "none", "line": {"width": 1, "color": "#9aa7b4"}},
            {"type": "scatter", "mode": "markers+text", "text": nodes,
             "textposition": "top center",
             "x": [float(position[n][0]) for n in nodes],
             "y": [float(position[n][1]) for n in nodes],
             "hovertext": [graph.nodes[n]["name"] for n in nodes], "hoverinfo": "text",
             "marker": {"size": [8 + 3 * graph.degree(n) for n in nodes],
                        "color": "#1f3a5f"}},
        ],
        "layout": {"height": 560, "showlegend": False, "xaxis": {"visible": False},
                   "yaxis": {"visible": False}, "margin": {"t": 10}},
    }
