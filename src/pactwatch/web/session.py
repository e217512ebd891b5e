"""Dashboard sign-in: a signed session cookie, CSRF tokens tied to it, and the origin
check every form post passes before anything is read from it.

The cookie (HttpOnly, SameSite=Strict, Secure over https) holds a random session id,
the SHA-256 of the token the analyst signed in with (never the token) and an expiry,
signed with HMAC-SHA256 under ``PACTWATCH_SESSION_SECRET`` or a key made at server
start. Who the analyst is comes from the token file at every request, so revoking a
token ends its sessions at once. A form's CSRF token is an HMAC of the session id: a
page of another site can neither read it nor make it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request, Response

from pactwatch import settings
from pactwatch.api import tokens
from pactwatch.errors import BadSetting

COOKIE = "pactwatch_session"
LIFETIME = 12 * 3600  # seconds: a working day, then the analyst signs in again
_MIN_SECRET = 32  # characters of PACTWATCH_SESSION_SECRET


@dataclass(frozen=True)
class Session:
    sid: str
    digest: str  # of the analyst's token; empty before sign-in
    expires: int


@dataclass(frozen=True)
class Viewer:
    """A signed-in analyst, as the templates see one."""

    name: str
    csrf: str


class Sessions:
    def __init__(self, secret: bytes) -> None:
        self._key = secret

    @classmethod
    def from_settings(cls) -> Sessions:
        """The key from PACTWATCH_SESSION_SECRET, else a random one for this process."""
        configured = settings.SESSION_SECRET.value()
        if configured and len(configured) < _MIN_SECRET:
            raise BadSetting(settings.SESSION_SECRET.env,
                             f"use at least {_MIN_SECRET} characters (e.g. the output of "
                             "`python -c 'import secrets; print(secrets.token_urlsafe())'`)")
        return cls(configured.encode("utf-8") if configured else secrets.token_bytes(32))

    def _mac(self, purpose: str, data: str) -> str:
        mac = hmac.new(self._key, f"{purpose}|{data}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")

    def new(self, digest: str = "") -> Session:
        return Session(secrets.token_urlsafe(16), digest, int(time.time()) + LIFETIME)

    def read(self, request: Request) -> Session | None:
        """The request's session if its cookie is well signed and not expired."""
        value = request.cookies.get(COOKIE, "")
        payload, _, mac = value.partition(".")
        if not payload or not hmac.compare_digest(mac.encode("ascii", "replace"),
                                                  self._mac("session", payload).encode()):
            return None
        try:
            data: Any = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
            session = Session(str(data["sid"]), str(data["h"]), int(data["exp"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > time.time() else None

    def store(self, response: Response, session: Session, request: Request) -> None:
        data = json.dumps({"sid": session.sid, "h": session.digest, "exp": session.expires},
                          separators=(",", ":"))
        payload = base64.urlsafe_b64encode(data.encode()).rstrip(b"=").decode("ascii")
        response.set_cookie(COOKIE, f"{payload}.{self._mac('session', payload)}",
                            max_age=max(0, session.expires - int(time.time())), path="/",
                            httponly=True, samesite="strict",
                            secure=request.url.scheme == "https")

    @staticmethod
    def clear(response: Response, request: Request) -> None:
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                               secure=request.url.scheme == "https")

    def csrf(self, session: Session) -> str:
        return self._mac("csrf", session.sid)

    def csrf_ok(self, session: Session | None, given: str) -> bool:
        return session is not None and hmac.compare_digest(
            self.csrf(session).encode(), given.encode("utf-8", "replace"))

    def viewer(self, request: Request) -> Viewer | None:
        """The signed-in analyst, if the session names a token that is still valid."""
        session = self.read(request)
        if session is None or not session.digest:
            return None
        name = tokens.analyst_by_digest(session.digest)
        return Viewer(name, self.csrf(session)) if name else None


def same_origin(request: Request) -> bool:
    """Whether a post comes from one of this server's own pages. Browsers send Origin
    (and Sec-Fetch-Site) with every form post; a post from another site is refused
    whatever it carries. A client that sends neither still needs the CSRF token."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in {"same-origin", "none"}:
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    parts = urlsplit(origin)  # "null" (a sandboxed frame) has no host: refused
    host = request.headers.get("host", "")
    return bool(host) and parts.scheme in {"http", "https"} and parts.netloc == host


def local_path(target: str, fallback: str) -> str:
    """``target`` if it is a path on this server (never //host or a scheme), else
    ``fallback``: redirects after a post go nowhere else."""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target \
            and not any(ord(c) < 32 for c in target):
        return target
    return fallback
