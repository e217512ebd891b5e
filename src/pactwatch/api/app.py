"""The JSON API: the same store and the same JSON as the CLI.

Reads are open; writes (`POST /api/ingest`, `POST /api/decisions`) need a bearer token,
which names the analyst who writes. Documents posted here are read in memory and never
written to a path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime
from typing import Any

from fastapi import Depends, FastAPI, File, Form, HTTPException, Query, UploadFile
from pydantic import BaseModel, Field

from pactwatch import __version__, codes, settings
from pactwatch.analysis.matrix import build_matrix, to_json
from pactwatch.api import problems, tokens
from pactwatch.api.security import headers_and_limits, require_token
from pactwatch.ingest.readers import check_not_binary, read_with, reader_for
from pactwatch.ingest.run import IngestReport, store_raw
from pactwatch.ingest.sidecar import meta_from_mapping
from pactwatch.reconcile.run import reconcile
from pactwatch.reconcile.views import agreement_json, claim_json, find_agreement
from pactwatch.records import RawDocument
from pactwatch.store.repository import Store


class IngestText(BaseModel):
    """A document's text with its metadata."""

    text: str = Field(min_length=1)
    outlet: str | None = None
    title: str | None = None
    url: str | None = None
    published: date | None = None
    lang: str | None = None


def _party(parameter: str, value: str) -> str:
    """The store's code for a party in a query parameter; an unknown one is a 422."""
    try:
        return codes.party(value)
    except codes.UnknownCode as error:
        raise HTTPException(422, f"{parameter}: {error}") from None


def create_app(db: str | None = None) -> FastAPI:
    database = db or settings.DB.value()
    tokens.entries()  # a token file the server cannot use is one line at start, not later
    opened: list[Store] = []  # one store (and engine) for the app's life, opened lazily

    @contextmanager
    def store() -> Iterator[Store]:
        if not opened:
            opened.append(Store.open(database))  # migrates once, not per request
        yield opened[0]

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        for s in opened:
            s.close()

    app = FastAPI(title="pactwatch", version=__version__, lifespan=lifespan,
                  description="A source-grounded tracker of international security "
                              "commitments.")
    problems.install(app)
    app.middleware("http")(headers_and_limits)

    @app.get("/api/agreements")
    def agreements(party: list[str] = Query(default=[]),
                   status: str | None = None) -> list[dict[str, Any]]:
        wanted = [_party("party", p) for p in party]
        with store() as s:
            return s.agreements(wanted, status)

    @app.get("/api/agreements/{agreement_id}")
    def agreement(agreement_id: str) -> dict[str, Any]:
        with store() as s:
            return agreement_json(s, agreement_id)

    @app.get("/api/claims")
    def claims(agreement: str | None = None) -> list[dict[str, Any]]:
        with store() as s:
            if agreement:
                return list(agreement_json(s, agreement)["claims"])
            return [claim_json(c) for c in s.claims()]

    @app.get("/api/sources/{source_id}")
    def source(source_id: str) -> dict[str, Any]:
        with store() as s:
            found = s.document(source_id)
        if found is None:
            raise HTTPException(404, f"no source {source_id!r}")
        return found

    @app.get("/api/compare")
    def compare(id: list[str] = Query(default=[])) -> Any:
        import json

        with store() as s:
            records = [find_agreement(s, i) for i in id] if id else s.agreements()
        return json.loads(to_json(build_matrix(records)))

    @app.get("/api/simulate/attack")
    def simulate(on: str = Query(min_length=2, max_length=8),
                 at: datetime = Query()) -> dict[str, Any]:
        from pactwatch.analysis.simulate import simulate_attack

        attacked = _party("on", on)
        moment = at if at.tzinfo else at.replace(tzinfo=UTC)
        with store() as s:
            return simulate_attack(s.agreements(), attacked, moment)

    @app.get("/api/risk")
    def risk(at: date | None = None, without: list[str] = Query(default=[]),
             within: int = Query(default=2, ge=0, le=50),
             party: str | None = None) -> dict[str, Any]:
        from pactwatch.analysis.risk import risk as build_risk

        partners = [_party("without", w) for w in without]
        protected = _party("party", party) if party else None
        with store() as s:
            return build_risk(s.agreements(), at or date.today(), partners, within, protected)

    @app.get("/api/timeline")
    def timeline() -> list[dict[str, Any]]:
        from pactwatch.analysis.timeline import timeline as build_timeline

        with store() as s:
            return build_timeline(s.agreements())

    @app.get("/api/search")
    def search(q: str = Query(min_length=2, max_length=200)) -> dict[str, Any]:
        with store() as s:
            return s.search(q)

    @app.post("/api/ingest", dependencies=[Depends(require_token)], status_code=201)
    def ingest_text(document: IngestText) -> dict[str, Any]:
        # the checks a file and its sidecar get: no NUL (PostgreSQL cannot store it),
        # metadata stripped, blank as unknown
        check_not_binary(document.text.encode("utf-8"), "api")
        published = document.published.isoformat() if document.published else None
        meta = meta_from_mapping({**document.model_dump(exclude={"text"}),
                                  "published": published}, "api")
        raw = RawDocument("api", document.text, meta, "txt")
        return _ingest(raw)

    @app.post("/api/ingest/file", dependencies=[Depends(require_token)], status_code=201)
    async def ingest_file(file: UploadFile = File(), outlet: str | None = Form(None),
                          title: str | None = Form(None), url: str | None = Form(None),
                          published: str | None = Form(None)) -> dict[str, Any]:
        name = (file.filename or "upload.txt").replace("\\", "/").rsplit("/", 1)[-1]
        data = await file.read(int(settings.MAX_BODY.value()) + 1)
        if len(data) > int(settings.MAX_BODY.value()):
            raise HTTPException(413, "the upload is too large")
        reader, _ = reader_for(name)
        found = read_with(reader, data, name)
        form = meta_from_mapping({"outlet": outlet, "title": title, "url": url,
                                  "published": published}, "form")
        meta = found.meta.merged(form)
        return _ingest(RawDocument(name, found.text, meta, reader))

    def _ingest(raw: RawDocument) -> dict[str, Any]:
        report = IngestReport()
        with store() as s:
            store_raw(s, raw, report)  # a bad document raises a coded error: a 422
            report.reconciled = reconcile(s)
        return {"id": raw.doc_id, **report.to_json()}

    from pactwatch.api import changes, decisions
    from pactwatch.web import views

    decisions.install(app, store)
    changes.install(app, store)
    views.install(app, store)
    return app
