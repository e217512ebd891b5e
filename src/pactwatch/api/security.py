"""Write access by bearer token, security headers, and a cap on request bodies."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import Header, HTTPException, Request, Response

from pactwatch import settings

# Pages load nothing from elsewhere and run no inline script; the API sends JSON only.
# Plotly adds style elements of its own, so styles (never scripts) may be inline.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def require_token(authorization: str | None = Header(default=None)) -> None:
    """401 without a bearer token, 403 with a wrong one; writes are refused outright
    when no PACTWATCH_TOKEN is configured. The comparison takes constant time."""
    expected = settings.TOKEN.value()
    if not expected:
        raise HTTPException(403, "writes are disabled: no PACTWATCH_TOKEN is configured")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, "a bearer token is required for writes")
    if not hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
        raise HTTPException(403, "the token is not valid")


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
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response
