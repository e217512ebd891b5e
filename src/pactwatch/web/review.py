"""The dashboard's review pages: sign-in and sign-out, the review queue, the audit log of
decisions, and the one form endpoint every decision is posted to (`POST /decisions`).

A post changes something only when it comes from this server's own pages (Origin,
Sec-Fetch-Site), carries the CSRF token of a valid session, and that session is an
analyst's whose token is still valid; anything else is a 403 page and nothing is stored.
The decision's author is the session's analyst, never a form field. Plain forms with a
redirect after the post, so the pages need no script.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pactwatch import vocab
from pactwatch.api import tokens
from pactwatch.api.problems import status_of
from pactwatch.errors import PactwatchError
from pactwatch.store.decisions import DecisionRow
from pactwatch.store.repository import Store
from pactwatch.web.session import Sessions, Viewer, local_path, same_origin

Page = Callable[..., HTMLResponse]
SHOWN = 5  # claims listed with each queue item; the agreement page has them all
REFUSED = "Nothing was changed: sign in, then use the forms of this site's pages."


def install(app: FastAPI, store: Callable[[], AbstractContextManager[Store]], page: Page,
            sessions: Sessions) -> None:
    @app.get("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_form(request: Request, next: str = "/review") -> HTMLResponse:
        session = sessions.read(request) or sessions.new()
        response = page(request, "signin.html", csrf=sessions.csrf(session),
                        next=local_path(next, "/review"), error=None,
                        enabled=_enabled())
        sessions.store(response, session, request)
        return response

    @app.post("/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin(request: Request, token: str = Form(""), csrf: str = Form(""),
               next: str = Form("/review")) -> Response:
        session = sessions.read(request)
        target = local_path(next, "/review")
        if not same_origin(request) or not sessions.csrf_ok(session, csrf):
            return _refused(page, request, "The sign-in form had expired or came from "
                            "another site; nothing was changed. Reload it and try again.")
        assert session is not None
        name = tokens.analyst(token.strip()) if token.strip() and _enabled() else None
        if name is None:
            status = 401 if not token.strip() else 403
            error = "Paste your token." if status == 401 else \
                "That token is not valid." if _enabled() else \
                "Sign-in is disabled: the server has no PACTWATCH_TOKEN or PACTWATCH_TOKENS."
            response = page(request, "signin.html", csrf=sessions.csrf(session), next=target,
                            error=error, enabled=_enabled())
            response.status_code = status
            return response
        signed_in = sessions.new(tokens.digest(token.strip()))  # a new id: no fixation
        redirect = RedirectResponse(target, status_code=303)
        sessions.store(redirect, signed_in, request)
        return redirect

    @app.post("/signout", include_in_schema=False)
    def signout(request: Request, csrf: str = Form("")) -> Response:
        if not same_origin(request) or not sessions.csrf_ok(sessions.read(request), csrf):
            return _refused(page, request, REFUSED)
        redirect = RedirectResponse("/", status_code=303)
        sessions.clear(redirect, request)
        return redirect

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review(request: Request, agreement: str = "") -> HTMLResponse:
        from pactwatch.api.decisions import review_queue

        with store() as s:
            try:
                items = review_queue(s, agreement.strip() or None)
            except PactwatchError as error:
                return _failed(page, request, error)
            claims = _claims(s, {c for item in items for c in item["claims"][:SHOWN]})
            decided = {claim: d for subject in {c["subject"] for c in claims.values()}
                       for claim, d in s.claim_decisions(subject).items() if "author" in d}
        return page(request, "review.html", items=items, agreement=agreement.strip(),
                    claims=claims, decided=decided, shown=SHOWN)

    @app.get("/decisions", response_class=HTMLResponse, include_in_schema=False)
    def decisions(request: Request, agreement: str = "", by: str = "") -> HTMLResponse:
        from pactwatch.review.audit import audit_log

        with store() as s:
            try:
                rows = audit_log(s, agreement.strip() or None, by.strip() or None)
            except PactwatchError as error:
                return _failed(page, request, error)
            claims = _claims(s, {r["claim"] for r in rows if r["claim"]})
        return page(request, "decisions.html", rows=rows, claims=claims,
                    agreement=agreement.strip(), by=by.strip())

    @app.post("/decisions", include_in_schema=False)
    def decide(request: Request, csrf: str = Form(""), action: str = Form(""),
               claim: str = Form(""), agreement: str = Form(""), field: str = Form(""),
               value: str = Form(""), source_url: str = Form(""), note: str = Form(""),
               decision: str = Form(""), back: str = Form("")) -> Response:
        viewer = sessions.viewer(request)
        if not same_origin(request) or viewer is None \
                or not sessions.csrf_ok(sessions.read(request), csrf):
            return _refused(page, request, REFUSED)
        from pactwatch.review import decide as run

        try:
            with store() as s:
                if action in {"accept", "reject"}:
                    outcome = run.judge(s, action, claim, viewer.name, note or None)
                elif action == "correct":
                    outcome = run.correct(s, agreement, field, value, viewer.name,
                                          source_url, note or None)
                elif action == "undo":
                    outcome = run.undo(s, _decision_id(decision), viewer.name, note or None)
                else:
                    return _refused(page, request, f"Unknown action {action!r}; nothing "
                                    "was changed.", 422)
        except PactwatchError as error:
            return _failed(page, request, error, back)
        return RedirectResponse(local_path(back, _after(outcome.decision, outcome.agreement)),
                                status_code=303)


def _enabled() -> bool:
    return tokens.configured()


def _decision_id(text: str) -> int:
    from pactwatch.errors import BadDecision

    if not text.strip().isdigit() or not 0 < int(text) < 2**31:
        raise BadDecision(repr(text), "a decision id is a whole number")
    return int(text)


def _after(row: DecisionRow, record: dict[str, Any] | None) -> str:
    """Where a decision is seen: its field or claim on the agreement page."""
    if record is None:
        return "/decisions"
    anchor = f"field-{row.field}" if row.field else f"claim-{row.claim_id}"
    return f"/agreements/{quote(record['id'])}#{quote(anchor.replace(':', '-'))}"


def _refused(page: Page, request: Request, message: str, status: int = 403) -> HTMLResponse:
    response = page(request, "refused.html", message=message, back=None)
    response.status_code = status
    return response


def _failed(page: Page, request: Request, error: PactwatchError,
            back: str = "") -> HTMLResponse:
    response = page(request, "refused.html", message=str(error),
                    back=local_path(back, "") or None)
    response.status_code = status_of(error)
    return response


def _claims(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    from pactwatch.reconcile.views import claim_json

    return {c.claim_id: claim_json(c) for c in store.claims(ids=ids)} if ids else {}


def review_context(store: Store, record: dict[str, Any],
                   viewer: Viewer | None) -> dict[str, Any]:
    """What the agreement page needs for review: every claim of the record, the rejected
    ones included, each with its standing decision; and the correction forms."""
    rejected = {row["claim"] for row in record.get("rejected", [])}
    listed = {c["id"] for c in record["claims"]}
    from pactwatch.reconcile.views import claim_json

    extra = [claim_json(c) for c in store.claims(ids=rejected - listed)] \
        if rejected - listed else []
    standing = {claim: d for claim, d in
                store.claim_decisions("-".join(record["parties"])).items() if "author" in d}
    claims = [{**c, "decision": standing.get(c["id"])}
              for c in [*record["claims"], *extra]]
    claims.sort(key=lambda c: (c["predicate"] == "statement", c["predicate"],
                               c["source_id"], c["start"]))
    return {"claims": claims, "rejected": rejected, "viewer": viewer,
            "inputs": field_inputs() if viewer else {},
            "provision_values": vocab.correctable_fields().provision_values,
            "all_kinds": vocab.provision_kinds()}


def field_inputs() -> dict[str, dict[str, Any]]:
    """For each correctable field, the input its form shows: a type, and the choices of
    a choice field as (value, label) pairs."""
    from pactwatch.reconcile.record_state import STATUS_ORDER

    choices = {"statuses": [(s, s.replace("_", " ")) for s in STATUS_ORDER],
               "legal_forms": [(f, f.replace("_", " ")) for f in vocab.cues().legal_forms],
               "frameworks": [(f.id, f.name) for f in vocab.frameworks()]}
    inputs: dict[str, dict[str, Any]] = {}
    for name, spec in vocab.correctable_fields().fields.items():
        entry: dict[str, Any] = {"type": spec.type, "min": spec.min, "max": spec.max}
        if spec.type == "choice":
            entry["choices"] = choices.get(spec.from_ or "", [])
        elif spec.type == "boolean":
            entry["type"], entry["choices"] = "choice", [("yes", "yes"), ("no", "no")]
        inputs[name] = entry
    return inputs
