"""Write access by bearer token (each naming its analyst), security headers, and a cap
on request bodies."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from fastapi import Header, HTTPException, Request, Response

from pactwatch import settings
from pactwatch.api import tokens
from pactwatch.errors import BadToken

log = logging.getLogger("pactwatch.api")

# Pages load nothing from elsewhere and run no inline script; the API sends JSON only.
# Plotly adds style elements of its own, so styles (never scripts) may be inline.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def require_analyst(authorization: str | None = Header(default=None)) -> str:
    """The name of the analyst whose bearer token this is: 401 without a token, 403 with
    a wrong one, and writes refused outright when no token is configured
    (``PACTWATCH_TOKEN``, ``PACTWATCH_TOKENS``). Hashes are compared in constant time."""
    if not tokens.configured():
        raise HTTPException(403, "writes are disabled: no PACTWATCH_TOKEN or "
                                 "PACTWATCH_TOKENS is configured")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise HTTPException(401, "a bearer token is required for writes",
                            headers={"WWW-Authenticate": "Bearer"})
    name = analyst_or_unavailable(given.strip())
    if name is None:
        raise HTTPException(403, "the token is not valid")
    return name


def require_token(authorization: str | None = Header(default=None)) -> None:
    """Any valid token: for writes that record no author of their own (ingest)."""
    require_analyst(authorization)


def analyst_or_unavailable(token: str) -> str | None:
    """``tokens.analyst``; a token file the server cannot use is logged with its path
    and answered with a coded 500 that does not show the path."""
    try:
        return tokens.analyst(token)
    except BadToken as error:
        log.error("%s", error)
        raise BadToken(settings.TOKENS.env, "the token file cannot be used (the server "
                       "log says why)") from None


async def headers_and_limits(request: Request,
                             call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    limit = int(settings.MAX_BODY.value())
    length = request.headers.get("content-length")
    if length is not None and length.isdigit() and int(length) > limit:
        from pactwatch.api.problems import problem

        response: Response = problem(413, "Content Too Large",
                                     f"the request body exceeds {limit} bytes")
    else:
        response = await call_next(request)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    # No referrer to other sites; same-origin, so that browsers send the real Origin with
    # the dashboard's form posts (with no-referrer they send "Origin: null").
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    return response
