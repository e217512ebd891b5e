"""A real HTTP/1.1 server on loopback for the watch tests: feeds, articles and webhook
receivers served from a table of routes, every request recorded.

    with LoopbackServer({"/feed.xml": Route(body=FEED, etag='"v1"'),
                         "/old": redirect("/feed.xml")}) as server:
        fetch(server.url("/old"))
        assert server.requests[0].headers["user-agent"].startswith("pactwatch/")

``server.routes`` is live: replace an entry between rounds to change what a path
serves. A route may also be a callable taking the recorded ``Request`` and returning a
``Route``. Unknown paths get a 404. The server runs in a thread on 127.0.0.1 (or the host
given), on a free port, until the block ends; slow routes wake up when it stops.
``connections`` counts the TCP connections accepted (0 proves nothing reached the
server; 1 after two requests proves keep-alive reuse), and ``errors`` keeps any failure in
a handler other than a client hanging up, for a test to assert it is empty.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Route:
    """What one path answers."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)  # a Content-Length here is sent as is
    body: bytes | str = b""  # a str is sent as UTF-8
    delay: float = 0.0  # seconds to wait before the status line
    drip: float | None = None  # seconds between single bytes of the body
    drip_head: bool = False  # drip the status line and headers too
    chunked: bool = False  # Transfer-Encoding: chunked, no Content-Length
    chunk_size: int = 1024
    etag: str | None = None  # sent as ETag; a matching If-None-Match gets a 304
    last_modified: str | None = None  # sent; an If-Modified-Since as recent gets a 304
    reason: str | None = None  # the reason phrase, else the standard one

    @property
    def payload(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


def redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location})


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # path and query as sent
    headers: dict[str, str]  # names in lower case
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path


Handler = Route | Callable[[Request], Route]


class LoopbackServer:
    def __init__(self, routes: dict[str, Handler] | None = None, host: str = "127.0.0.1"
                 ) -> None:
        self.routes: dict[str, Handler] = dict(routes or {})
        self.requests: list[Request] = []
        self.answers: list[tuple[str, int]] = []  # (path, status) of each answer begun
        self.connections = 0  # TCP connections accepted
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.errors: list[BaseException] = []  # unexpected failures in the handlers
        self._httpd = _Server((host, 0), _handler_for(self))
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + path

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def statuses_for(self, path: str) -> list[int]:
        """The statuses ``path`` was answered with, in order (304 for a matched
        conditional GET)."""
        with self._lock:
            return [status for where, status in self.answers if where == path]

    def __enter__(self) -> LoopbackServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # Called from the handler threads.
    def _record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def _answered(self, request: Request, status: int) -> None:
        with self._lock:
            self.answers.append((request.path, status))

    def _connected(self) -> None:
        with self._lock:
            self.connections += 1

    def _route(self, request: Request) -> Route:
        handler = self.routes.get(request.target) or self.routes.get(request.path)
        if handler is None:
            return Route(status=404, body="not found\n",
                         headers={"Content-Type": "text/plain"})
        return handler(request) if callable(handler) else handler

    def _wait(self, seconds: float) -> bool:
        """Sleep ``seconds``; False when the server stopped meanwhile."""
        return not self._stopping.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (as a fetcher refusing a body does) is no error; anything
        else is kept in ``errors`` instead of printed."""
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, ConnectionError | TimeoutError):
            with self.owner._lock:
                self.owner.errors.append(error)


def _not_modified(route: Route, request: Request) -> bool:
    """RFC 9110: If-None-Match decides when present; else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if route.etag is None:
            return False
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or route.etag.removeprefix("W/") in tags
    since = request.headers.get("if-modified-since")
    if since is None or route.last_modified is None:
        return False
    try:
        return parsedate_to_datetime(route.last_modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _handler_for(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, so connection reuse can be seen
        timeout = 10  # an idle keep-alive connection is dropped after this

        def setup(self) -> None:
            super().setup()
            server._connected()

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, self.path,
                              {k.lower(): v for k, v in self.headers.items()},
                              self.rfile.read(length) if length else b"")
            server._record(request)
            route = server._route(request)
            if route.delay and not server._wait(route.delay):
                return
            try:
                self._answer(route, request)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up, as it may

        def _answer(self, route: Route, request: Request) -> None:
            validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
            if _not_modified(route, request):
                server._answered(request, 304)
                self.send_response(304)
                for name, value in validators.items():
                    if value is not None:
                        self.send_header(name, value)
                self.end_headers()
                return
            body = route.payload if self.command != "HEAD" else b""
            headers = {**{k: v for k, v in validators.items() if v is not None},
                       **route.headers}
            if route.chunked:
                headers["Transfer-Encoding"] = "chunked"
            elif "content-length" not in {name.lower() for name in headers}:
                headers["Content-Length"] = str(len(route.payload))
            reason = route.reason or _phrase(route.status)
            server._answered(request, route.status)
            if route.drip_head:
                lines = [f"{self.protocol_version} {route.status} {reason}",
                         *(f"{name}: {value}" for name, value in headers.items()), "", ""]
                if not self._send("\r\n".join(lines).encode("latin-1"), route):
                    return
            else:
                self.send_response(route.status, reason)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
            if route.chunked:
                for start in range(0, len(body), route.chunk_size):
                    piece = body[start:start + route.chunk_size]
                    if not self._send(b"%x\r\n%s\r\n" % (len(piece), piece), route):
                        return
                self.wfile.write(b"0\r\n\r\n")
            else:
                self._send(body, route)

        def _send(self, data: bytes, route: Route) -> bool:
            """Write ``data``, a byte at a time when the route drips; False once the
            server is stopping."""
            if route.drip is None:
                self.wfile.write(data)
                return True
            for byte in _bytes(data):
                if not server._wait(route.drip):
                    self.close_connection = True
                    return False
                self.wfile.write(byte)
                self.wfile.flush()
            return True

        do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = _serve

    return Handler


def _bytes(data: bytes) -> Iterator[bytes]:
    return (data[i:i + 1] for i in range(len(data)))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
