"""Fetching URLs for ``pactwatch watch`` without letting a feed steer pactwatch somewhere
it should not go, or hold it up for ever.

Every hop of a redirect chain is checked before anything is sent: the scheme (http and
https only), then every address the host resolves to (no private, loopback, link-local,
reserved, multicast or unspecified address unless the policy allows private addresses).
The address check runs inside the connection itself: httpcore's network backend is
replaced by one that resolves the host, checks each address and connects to an address it
checked. So there is no DNS-rebinding window between checking a name and connecting to it,
and a reused keep-alive connection was checked when it was opened.

Bodies are streamed under a byte cap (the declared Content-Length and the running total).
A deadline of ``read_timeout`` bounds the whole exchange, redirects included: every socket
read and write waits at most until it, so a server dripping its headers or its body a byte
at a time is cut off there, however short each pause. Every failure is one coded line,
``FetchFailed`` or ``AddressRefused``, whose subject is the URL the caller gave. No
retries: the watch loop tries again on a later round.

Known limits: the name lookup (``socket.getaddrinfo``) blocks outside these timeouts, for
as long as the system resolver takes; proxies named in the environment are not used.
"""

from __future__ import annotations

import contextvars
import ipaddress
import socket
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpcore
import httpx

from pactwatch import __version__
from pactwatch.errors import AddressRefused, FetchFailed, PactwatchError

USER_AGENT = (f"pactwatch/{__version__} (+https://github.com/pactwatch/pactwatch; "
              "security-agreement tracker)")
ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
          "text/html;q=0.9, */*;q=0.5")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Client errors that mean "not now" rather than "never" (besides every 5xx).
_PASSING_STATUSES = frozenset({408, 425, 429})
SCHEMES = ("http", "https")
ALLOW_HINT = "pass --allow-private-addresses to allow it"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class FetchPolicy:
    connect_timeout: float = 10.0
    # Bounds each read and also the whole exchange, so a slow drip is cut off.
    read_timeout: float = 20.0
    # Body size cap, checked on Content-Length and while streaming the decoded body.
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False  # --allow-private-addresses
    user_agent: str = USER_AGENT
    # Addresses fetched although they lie in a refused range: a known in-house mirror, or,
    # in the tests, one loopback server standing in for a public site.
    allowed_addresses: frozenset[str] = frozenset()

    def refuses(self, address: IPAddress) -> bool:
        """Whether a connection to ``address`` is refused under this policy."""
        if self.allow_private:
            return False
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if any(address == ipaddress.ip_address(a) for a in self.allowed_addresses):
            return False
        return (address.is_private or address.is_loopback or address.is_link_local
                or address.is_reserved or address.is_multicast or address.is_unspecified
                or not address.is_global)


@dataclass(frozen=True)
class Response:
    url: str  # final URL after redirects
    status: int  # a 2xx status (200 as a rule), or 304 for not modified
    content_type: str | None  # media type only, lower case, no parameters ("text/html")
    charset: str | None
    body: bytes  # b"" for 304
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Refused(Exception):
    """Raised by the guarded backend; the fetcher turns it into ``AddressRefused``."""

    def __init__(self, host: str, address: IPAddress) -> None:
        super().__init__(host, address)
        self.host = host
        self.address = address


class _Unresolvable(Exception):
    def __init__(self, host: str, reason: str) -> None:
        super().__init__(host, reason)
        self.host = host
        self.reason = reason


def resolve(host: str, port: int) -> list[tuple[IPAddress, str]]:
    """Every address ``host`` resolves to, in the resolver's order, each with the string
    to connect to (an IPv6 scope kept); an IP literal is itself."""
    try:
        return [(ipaddress.ip_address(host), host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise _Unresolvable(host, getattr(exc, "strerror", None) or str(exc)) from None
    found: list[tuple[IPAddress, str]] = []
    for family, _, _, _, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            text = str(sockaddr[0])
            address = ipaddress.ip_address(text.partition("%")[0])
            if all(address != seen for seen, _ in found):
                found.append((address, text))
    if not found:
        raise _Unresolvable(host, "no IPv4 or IPv6 address")
    return found


# When the current ``Fetcher.get`` must be over (time.monotonic()); read by the streams.
_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "pactwatch_fetch_deadline", default=None)


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes wait no later than the current deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    @staticmethod
    def _bounded(timeout: float | None) -> float | None:
        deadline = _deadline.get()
        if deadline is None:
            return timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("past the deadline for the download")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname,
                                                     self._bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's blocking backend, resolving and checking the host itself and connecting
    only to addresses that passed the check."""

    def __init__(self, policy: FetchPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        addresses = resolve(host, port)
        for address, _ in addresses:
            if self._policy.refuses(address):
                raise _Refused(host, address)
        failure: httpcore.ConnectError | None = None
        for _, target in addresses:  # the checked addresses in turn, as the resolver gave them
            try:
                return _DeadlineStream(self._inner.connect_tcp(
                    target, port, timeout, local_address, socket_options))
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None
        raise failure

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("Unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport (its exception mapping and streaming), over a connection
    pool on the guarded backend. httpx takes no network backend as a parameter, so the
    pool it built is replaced; it has kept it in ``_pool`` since 0.18, and the check below
    fails loudly should that change rather than fetch unguarded."""

    def __init__(self, policy: FetchPolicy) -> None:
        super().__init__(trust_env=False)
        if not isinstance(getattr(self, "_pool", None), httpcore.ConnectionPool):
            raise RuntimeError("httpx.HTTPTransport no longer keeps its pool in _pool; "
                               "pactwatch.watch.fetch cannot guard its connections")
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(), max_connections=100,
            max_keepalive_connections=20, keepalive_expiry=5.0,
            network_backend=_GuardedBackend(policy))


class Fetcher:
    """One httpx client (connections reused) fetching under one policy. Proxies named in
    the environment are not used: a proxy would resolve and connect in our stead, out of
    reach of the address check."""

    def __init__(self, policy: FetchPolicy = FetchPolicy()) -> None:
        self.policy = policy
        self._client = httpx.Client(
            transport=_GuardedTransport(policy), follow_redirects=False, trust_env=False,
            headers={"User-Agent": policy.user_agent, "Accept": ACCEPT})

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> Response:
        """GET ``url``, following redirects; with validators, a conditional GET whose
        304 comes back as a ``Response`` with ``not_modified`` true and no body."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.policy.read_timeout
        token = _deadline.set(deadline)
        try:
            return self._follow(url, headers, deadline, etag, last_modified)
        finally:
            _deadline.reset(token)

    def _follow(self, url: str, headers: dict[str, str], deadline: float,
                etag: str | None, last_modified: str | None) -> Response:
        current = self._checked(url, url, redirected=False)
        for hop in range(self.policy.max_redirects + 1):
            try:
                with self._client.stream("GET", current, headers=headers,
                                         timeout=self._timeout(url, deadline)) as response:
                    location = _location(url, response)
                    if location is None:
                        return self._finish(url, response, etag, last_modified)
                    try:
                        following = response.url.join(location)
                    except httpx.InvalidURL:
                        raise FetchFailed(url, f"redirected to an invalid URL {location!r}"
                                          ) from None
            except _Refused as refused:
                raise AddressRefused(url, _refusal(refused, current if hop else None)
                                     ) from None
            except _Unresolvable as failed:
                raise passing(url, f"cannot resolve {failed.host}: {failed.reason}"
                              ) from None
            except httpx.HTTPError as exc:
                error = FetchFailed(url, self._describe(exc))
                # A timeout or a lost connection may pass; a TLS or decoding error will not.
                error.transient = isinstance(exc, httpx.TimeoutException | httpx.NetworkError) \
                    and not isinstance(_root_cause(exc), ssl.SSLError)
                raise error from None
            current = self._checked(url, following, redirected=True)
        raise FetchFailed(url, f"more than {self.policy.max_redirects} redirects")

    def _checked(self, subject: str, target: str | httpx.URL, *, redirected: bool
                 ) -> httpx.URL:
        """``target`` parsed, with a scheme pactwatch fetches and a host."""
        try:
            parsed = httpx.URL(target)
        except httpx.InvalidURL as exc:
            raise FetchFailed(subject, f"not a valid URL: {exc}") from None
        where = f"redirected to {parsed}, but " if redirected else ""
        if not parsed.scheme:
            raise FetchFailed(subject, "not an absolute URL")
        if parsed.scheme not in SCHEMES:
            raise AddressRefused(subject, f"{where}only http and https are fetched")
        if not parsed.host:
            raise FetchFailed(subject, f"{where}the URL has no host")
        return parsed

    def _timeout(self, subject: str, deadline: float) -> httpx.Timeout:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise passing(subject, f"timed out after {_seconds(self.policy.read_timeout)} s")
        connect = min(self.policy.connect_timeout, remaining)
        read = min(self.policy.read_timeout, remaining)
        return httpx.Timeout(connect=connect, read=read, write=read, pool=connect)

    def _finish(self, subject: str, response: httpx.Response, etag: str | None,
                last_modified: str | None) -> Response:
        status = response.status_code
        content_type, charset = media_type(response.headers.get("content-type"))
        new_etag = response.headers.get("etag")
        new_modified = response.headers.get("last-modified")
        if status == 304:
            return Response(str(response.url), 304, content_type, charset, b"",
                            new_etag or etag, new_modified or last_modified)
        if not 200 <= status < 300:
            error = FetchFailed(subject, f"HTTP {status} {response.reason_phrase}".strip())
            error.transient = status >= 500 or status in _PASSING_STATUSES
            raise error
        return Response(str(response.url), status, content_type, charset,
                        self._body(subject, response), new_etag, new_modified)

    def _body(self, subject: str, response: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        too_large = f"larger than {cap:,} bytes"
        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > cap:
            raise FetchFailed(subject, f"{too_large} (Content-Length {int(declared):,})")
        chunks: list[bytes] = []
        total = 0
        # Decoded bytes are counted (what is held in memory); a single compressed chunk
        # inflates in one step, so a gzip bomb can overshoot the cap by one chunk's worth.
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise FetchFailed(subject, too_large)
            chunks.append(chunk)
        return b"".join(chunks)

    def _describe(self, exc: httpx.HTTPError) -> str:
        """One short line for an httpx failure."""
        if isinstance(exc, httpx.ConnectTimeout):
            return f"connection timed out after {_seconds(self.policy.connect_timeout)} s"
        if isinstance(exc, httpx.TimeoutException):
            return f"timed out after {_seconds(self.policy.read_timeout)} s"
        if isinstance(exc, httpx.ConnectError):
            cause = _root_cause(exc)
            if isinstance(cause, ConnectionRefusedError):
                return "connection refused"
            if isinstance(cause, ssl.SSLCertVerificationError):
                return f"TLS certificate not accepted: {_one_line(cause.verify_message)}"
            if isinstance(cause, ssl.SSLError):
                return f"TLS failed: {_one_line(cause.reason or str(cause))}"
            if isinstance(cause, OSError) and cause.strerror:
                return f"cannot connect: {_one_line(cause.strerror).lower()}"
            return f"cannot connect: {_one_line(str(exc))}"
        if isinstance(exc, httpx.RemoteProtocolError):
            return f"the server broke off the response: {_one_line(str(exc))}"
        if isinstance(exc, httpx.DecodingError):
            return f"cannot decode the body: {_one_line(str(exc))}"
        if isinstance(exc, httpx.NetworkError):
            return f"connection lost: {_one_line(str(exc))}"
        return _one_line(str(exc)) or type(exc).__name__


def passing(subject: str, reason: str) -> PactwatchError:
    """A FetchFailed that may pass (a timeout, a name that did not resolve, a server
    error): the watch loop tries the URL again on a later round."""
    error = FetchFailed(subject, reason)
    error.transient = True
    return error


def _location(subject: str, response: httpx.Response) -> str | None:
    """Where a redirect points, or None when ``response`` is not a redirect."""
    if response.status_code not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("location", "").strip()
    if not location:
        raise FetchFailed(subject, f"HTTP {response.status_code} redirect without a Location")
    return location


def _refusal(refused: _Refused, redirected_to: httpx.URL | None) -> str:
    literal = refused.host == str(refused.address)
    if redirected_to is None:
        return f"resolves to a private address {refused.address}; {ALLOW_HINT}"
    if literal:
        return f"redirected to {redirected_to}, a private address"
    return f"redirected to {redirected_to}, which resolves to a private address {refused.address}"


def media_type(header: str | None) -> tuple[str | None, str | None]:
    """``text/html; charset="UTF-8"`` → ``("text/html", "utf-8")``."""
    if not header:
        return None, None
    kind, *parameters = header.split(";")
    charset = None
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return kind.strip().lower() or None, charset


def _root_cause(exc: BaseException) -> BaseException:
    """The OSError under an httpx error. httpcore wraps it as the first argument of its
    own error, and its pool re-raises that ``from None``, so both links are followed."""
    while True:
        inner = exc.__cause__ or (exc.args[0] if exc.args else None)
        if not isinstance(inner, BaseException):
            return exc
        exc = inner


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split()).rstrip(".")


def _seconds(value: float) -> str:
    """2 → "2.0", 0.5 → "0.5", 0.25 → "0.25"."""
    return f"{value:.1f}" if round(value, 1) == value else f"{value:g}"
