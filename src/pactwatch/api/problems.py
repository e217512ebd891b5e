"""One error shape for the API: RFC 9457 problem details, never a stack trace."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from pactwatch.errors import (
    BadDecision,
    BadSince,
    InputError,
    PactwatchError,
    UnknownAgreement,
    UnknownClaim,
    UnknownDecision,
)

PROBLEM = "application/problem+json"
# Something that is not there (404), and a request that cannot be carried out as given
# (422); any other coded error is the server's (500).
NOT_FOUND = (UnknownAgreement, UnknownClaim, UnknownDecision)
UNPROCESSABLE = (InputError, BadDecision, BadSince)


def problem(status: int, title: str, detail: str, code: str | None = None,
            headers: Mapping[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if code:
        body["code"] = code
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def status_of(error: PactwatchError) -> int:
    return 404 if isinstance(error, NOT_FOUND) else \
        422 if isinstance(error, UNPROCESSABLE) else 500


def install(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, _title(exc.status_code), str(exc.detail),
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return problem(422, "Unprocessable Content", f"{where}: {first.get('msg')}")

    @app.exception_handler(PactwatchError)
    async def _pactwatch(request: Request, exc: PactwatchError) -> JSONResponse:
        status = status_of(exc)
        return problem(status, _title(status), str(exc), exc.code)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return problem(500, "Internal Server Error", "the server failed to answer; the "
                       "error is logged")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
