"""The watch fetcher against a real HTTP server on loopback: bodies and validators,
conditional GETs, errors, timeouts, size caps, redirects, and the address and scheme
checks that keep a feed from steering pactwatch onto private networks."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from loopback import LoopbackServer, Route, redirect

from pactwatch import __version__
from pactwatch.errors import AddressRefused, FetchFailed
from pactwatch.watch.fetch import Fetcher, FetchPolicy, Response

ARTICLE = ("<html><head><title>Harbour ferry timetable</title></head><body>"
           "<p>The harbour ferry adds a late crossing on Fridays from June.</p>"
           "</body></html>")
LAST_MODIFIED = "Wed, 12 Jun 2024 08:00:00 GMT"
# The policy the tests use for loopback servers unless a test is about the address check.
LOOPBACK: dict[str, Any] = {"allow_private": True}


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None,
          **policy: Any) -> Response:
    with Fetcher(FetchPolicy(**policy)) as fetcher:
        return fetcher.get(url, etag=etag, last_modified=last_modified)


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as running:
        yield running
    assert running.errors == []


def test_fetch_returns_body_media_type_charset_and_validators(server: LoopbackServer) -> None:
    server.routes["/ferry"] = Route(body=ARTICLE, etag='"ferry-1"', last_modified=LAST_MODIFIED,
                                    headers={"Content-Type": 'Text/HTML; charset="UTF-8"'})
    response = fetch(server.url("/ferry"), **LOOPBACK)
    assert response.status == 200 and not response.not_modified
    assert response.url == server.url("/ferry")
    assert response.body == ARTICLE.encode()
    assert (response.content_type, response.charset) == ("text/html", "utf-8")
    assert (response.etag, response.last_modified) == ('"ferry-1"', LAST_MODIFIED)


def test_fetch_without_content_type_or_validators_gives_none(server: LoopbackServer) -> None:
    server.routes["/bare"] = Route(body=b"plain bytes")
    response = fetch(server.url("/bare"), **LOOPBACK)
    assert response.body == b"plain bytes"
    assert (response.content_type, response.charset, response.etag,
            response.last_modified) == (None, None, None, None)


def test_fetch_sends_user_agent_and_accept(server: LoopbackServer) -> None:
    server.routes["/feed"] = Route(body="<rss/>")
    fetch(server.url("/feed"), **LOOPBACK)
    (request,) = server.requests
    assert request.headers["user-agent"].startswith(f"pactwatch/{__version__} (+https://")
    assert "application/rss+xml" in request.headers["accept"]
    assert "application/atom+xml" in request.headers["accept"]
    assert "text/html" in request.headers["accept"]


def test_fetch_not_modified_with_if_none_match(server: LoopbackServer) -> None:
    server.routes["/feed"] = Route(body="<rss/>", etag='"v7"')
    response = fetch(server.url("/feed"), etag='"v7"', **LOOPBACK)
    assert response.not_modified and response.status == 304
    assert response.body == b"" and response.etag == '"v7"'
    assert server.requests[0].headers["if-none-match"] == '"v7"'
    changed = fetch(server.url("/feed"), etag='"v6"', **LOOPBACK)
    assert changed.status == 200 and changed.body == b"<rss/>" and changed.etag == '"v7"'


def test_fetch_not_modified_with_if_modified_since(server: LoopbackServer) -> None:
    server.routes["/feed"] = Route(body="<rss/>", last_modified=LAST_MODIFIED)
    response = fetch(server.url("/feed"), last_modified=LAST_MODIFIED, **LOOPBACK)
    assert response.not_modified and response.body == b""
    assert response.last_modified == LAST_MODIFIED
    assert server.requests[0].headers["if-modified-since"] == LAST_MODIFIED
    assert "if-none-match" not in server.requests[0].headers
    older = fetch(server.url("/feed"), last_modified="Mon, 10 Jun 2024 08:00:00 GMT",
                  **LOOPBACK)
    assert older.status == 200 and older.body == b"<rss/>"


def test_fetch_not_modified_keeps_the_given_validators_when_the_304_has_none(
        server: LoopbackServer) -> None:
    server.routes["/feed"] = Route(status=304)
    response = fetch(server.url("/feed"), etag='"v2"', last_modified=LAST_MODIFIED,
                     **LOOPBACK)
    assert response.not_modified
    assert (response.etag, response.last_modified) == ('"v2"', LAST_MODIFIED)


@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 Not Found"),
                                                (503, "HTTP 503 Service Unavailable")])
def test_fetch_http_error_is_one_coded_line(server: LoopbackServer, status: int,
                                            reason: str) -> None:
    server.routes["/gone"] = Route(status=status, body="nothing here")
    url = server.url("/gone")
    with pytest.raises(FetchFailed) as caught:
        fetch(url, **LOOPBACK)
    assert str(caught.value) == f"[PW072] {url}: {reason}"


def test_fetch_slow_response_times_out_quickly(server: LoopbackServer) -> None:
    server.routes["/slow"] = Route(body=ARTICLE, delay=5)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.5 s"):
        fetch(server.url("/slow"), read_timeout=0.5, **LOOPBACK)
    assert time.monotonic() - started < 2


def test_fetch_slow_drip_is_cut_off_at_the_deadline(server: LoopbackServer) -> None:
    # A byte every 50 ms never stalls a read for the 0.5 s per-read timeout, but the
    # whole body would take 10 s: the deadline for the download cuts it off.
    server.routes["/drip"] = Route(body=b"x" * 200, drip=0.05)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.5 s"):
        fetch(server.url("/drip"), read_timeout=0.5, **LOOPBACK)
    elapsed = time.monotonic() - started
    assert 0.45 < elapsed < 2


def test_fetch_slow_drip_of_the_headers_is_cut_off_at_the_deadline(
        server: LoopbackServer) -> None:
    # The status line and headers alone take seconds at this pace; httpx reads them
    # before the fetcher sees a response, so the deadline must hold on every socket read.
    server.routes["/drip"] = Route(body=b"x", drip=0.05, drip_head=True,
                                   headers={"X-Padding": "p" * 100})
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.5 s"):
        fetch(server.url("/drip"), read_timeout=0.5, **LOOPBACK)
    elapsed = time.monotonic() - started
    assert 0.45 < elapsed < 2


def test_fetch_deadline_covers_the_whole_redirect_chain(server: LoopbackServer) -> None:
    # Each hop answers in 0.3 s, well inside the read timeout, but three of them are not.
    for hop in range(3):
        server.routes[f"/r{hop}"] = Route(status=302, delay=0.3,
                                          headers={"Location": f"/r{hop + 1}"})
    server.routes["/r3"] = Route(body="arrived")
    started = time.monotonic()
    with pytest.raises(FetchFailed, match=r"timed out after 0\.7 s"):
        fetch(server.url("/r0"), read_timeout=0.7, **LOOPBACK)
    assert time.monotonic() - started < 2
    assert fetch(server.url("/r0"), read_timeout=2, **LOOPBACK).body == b"arrived"


def test_fetch_over_size_content_length_refused_before_reading(
        server: LoopbackServer) -> None:
    server.routes["/big"] = Route(body=b"x" * 6000)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/big"), max_bytes=5000, **LOOPBACK)
    assert caught.value.reason == "larger than 5,000 bytes (Content-Length 6,000)"


def test_fetch_over_size_chunked_body_refused(server: LoopbackServer) -> None:
    server.routes["/big"] = Route(body=b"x" * 6000, chunked=True, chunk_size=500)
    with pytest.raises(FetchFailed) as caught:
        fetch(server.url("/big"), max_bytes=5000, **LOOPBACK)
    assert caught.value.reason == "larger than 5,000 bytes"
    server.routes["/small"] = Route(body=b"y" * 4000, chunked=True, chunk_size=500)
    assert fetch(server.url("/small"), max_bytes=5000, **LOOPBACK).body == b"y" * 4000


def test_fetch_stops_reading_once_the_cap_is_passed(server: LoopbackServer) -> None:
    # 3,000 bytes a millisecond apart take 3 s to send; the cap of 100 is passed long
    # before, and the fetcher stops there instead of draining the rest.
    server.routes["/endless"] = Route(body=b"z" * 3000, chunked=True, drip=0.001)
    started = time.monotonic()
    with pytest.raises(FetchFailed, match="larger than 100 bytes"):
        fetch(server.url("/endless"), max_bytes=100, **LOOPBACK)
    assert time.monotonic() - started < 1.5


def test_fetch_caps_the_decoded_size_of_a_compressed_body(server: LoopbackServer) -> None:
    packed = gzip.compress(b"\0" * 200_000)
    assert len(packed) < 10_000
    server.routes["/bomb"] = Route(body=packed, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchFailed, match="larger than 10,000 bytes"):
        fetch(server.url("/bomb"), max_bytes=10_000, **LOOPBACK)
    server.routes["/packed"] = Route(body=gzip.compress(ARTICLE.encode()),
                                     headers={"Content-Encoding": "gzip"})
    assert fetch(server.url("/packed"), **LOOPBACK).body == ARTICLE.encode()


def test_fetch_follows_a_redirect_chain_to_the_final_url(server: LoopbackServer) -> None:
    server.routes.update({
        "/old-feed": redirect(server.url("/news/moved"), status=301),
        "/news/moved": redirect("latest", status=307),  # relative to /news/
        "/news/latest": redirect("/feeds/main.xml?format=rss", status=308),
        "/feeds/main.xml": Route(body="<rss/>", etag='"m1"'),
    })
    response = fetch(server.url("/old-feed"), **LOOPBACK)
    assert response.url == server.url("/feeds/main.xml?format=rss")
    assert response.body == b"<rss/>" and response.etag == '"m1"'
    assert [r.target for r in server.requests] == [
        "/old-feed", "/news/moved", "/news/latest", "/feeds/main.xml?format=rss"]


def test_fetch_sends_validators_on_every_hop(server: LoopbackServer) -> None:
    server.routes["/old"] = redirect("/new", status=301)
    server.routes["/new"] = Route(body="<feed/>", etag='"n1"')
    assert fetch(server.url("/old"), etag='"n1"', **LOOPBACK).not_modified
    assert [r.headers.get("if-none-match") for r in server.requests] == ['"n1"', '"n1"']


def test_fetch_too_many_redirects(server: LoopbackServer) -> None:
    for hop in range(3):
        server.routes[f"/r{hop}"] = redirect(f"/r{hop + 1}")
    server.routes["/r3"] = Route(body="arrived")
    assert fetch(server.url("/r0"), max_redirects=3, **LOOPBACK).body == b"arrived"
    url = server.url("/r0")
    with pytest.raises(FetchFailed) as caught:
        fetch(url, max_redirects=2, **LOOPBACK)
    assert str(caught.value) == f"[PW072] {url}: more than 2 redirects"
    server.routes["/loop"] = redirect("/loop", status=303)
    with pytest.raises(FetchFailed, match="more than 5 redirects"):
        fetch(server.url("/loop"), **LOOPBACK)
    assert len(server.requests_for("/loop")) == 6


def test_fetch_redirect_without_location_fails(server: LoopbackServer) -> None:
    server.routes["/nowhere"] = Route(status=302)
    with pytest.raises(FetchFailed, match="HTTP 302 redirect without a Location"):
        fetch(server.url("/nowhere"), **LOOPBACK)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_fetch_refuses_loopback_before_connecting(server: LoopbackServer, host: str) -> None:
    server.routes["/feed"] = Route(body="<rss/>")
    url = f"http://{host}:{server.port}/feed"
    with pytest.raises(AddressRefused) as caught:
        fetch(url)
    assert str(caught.value) == (f"[PW073] {url}: resolves to a private address 127.0.0.1; "
                                 "pass --allow-private-addresses to allow it")
    assert server.requests == [] and server.connections == 0
    assert fetch(url, **LOOPBACK).body == b"<rss/>"


def test_fetch_refuses_a_redirect_to_a_private_address(server: LoopbackServer) -> None:
    # The server on 127.0.0.1 stands in for a public site; the one on 127.0.0.2 for an
    # internal service it tries to send us to.
    try:
        internal = LoopbackServer({"/secret": Route(body="internal")}, host="127.0.0.2")
    except OSError as exc:
        pytest.skip(f"cannot listen on 127.0.0.2 here: {exc}")
    public: dict[str, Any] = {"allowed_addresses": frozenset({"127.0.0.1"})}
    with internal:
        server.routes["/story"] = redirect(internal.url("/secret"))
        url = server.url("/story")
        with pytest.raises(AddressRefused) as caught:
            fetch(url, **public)
        assert str(caught.value) == (f"[PW073] {url}: redirected to "
                                     f"{internal.url('/secret')}, a private address")
        assert internal.requests == [] and internal.connections == 0
        assert [r.target for r in server.requests] == ["/story"]
        assert fetch(url, **LOOPBACK).body == b"internal"


@pytest.mark.parametrize("target", ["http://10.0.0.5/x",
                                    "http://169.254.169.254/latest/meta-data/",
                                    "http://[::1]:8080/admin", "http://0.0.0.0/"])
def test_fetch_refuses_redirects_into_private_ranges(server: LoopbackServer,
                                                     target: str) -> None:
    server.routes["/story"] = redirect(target)
    url = server.url("/story")
    with pytest.raises(AddressRefused) as caught:
        fetch(url, connect_timeout=1, allowed_addresses=frozenset({"127.0.0.1"}))
    assert caught.value.subject == url
    assert caught.value.reason == f"redirected to {target}, a private address"


def test_fetch_refuses_a_redirect_to_another_scheme(server: LoopbackServer) -> None:
    server.routes["/story"] = redirect("ftp://files.example.org/story.txt")
    with pytest.raises(AddressRefused) as caught:
        fetch(server.url("/story"), **LOOPBACK)
    assert caught.value.reason == ("redirected to ftp://files.example.org/story.txt, but "
                                   "only http and https are fetched")


@pytest.mark.parametrize("url", ["ftp://files.example.org/feed.xml", "file:///etc/hostname",
                                 "gopher://example.org/1"])
def test_fetch_refuses_schemes_other_than_http(url: str) -> None:
    with pytest.raises(AddressRefused) as caught:
        fetch(url, allow_private=True)
    assert str(caught.value) == f"[PW073] {url}: only http and https are fetched"


def test_fetch_connection_refused() -> None:
    with socket.socket() as probe:  # a port nobody listens on once this is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    with pytest.raises(FetchFailed) as caught:
        fetch(url, **LOOPBACK)
    assert str(caught.value) == f"[PW072] {url}: connection refused"


def test_fetch_unresolvable_host() -> None:
    url = "http://no-such-host.invalid/feed.xml"  # .invalid never resolves (RFC 2606)
    with pytest.raises(FetchFailed) as caught:
        fetch(url)
    assert caught.value.subject == url
    assert caught.value.reason.startswith("cannot resolve no-such-host.invalid: ")
    assert "\n" not in str(caught.value)


def test_fetch_reuses_one_connection(server: LoopbackServer) -> None:
    server.routes["/a"] = Route(body="first")
    server.routes["/b"] = Route(body="second")
    with Fetcher(FetchPolicy(**LOOPBACK)) as fetcher:
        assert fetcher.get(server.url("/a")).body == b"first"
        assert fetcher.get(server.url("/b")).body == b"second"
    assert server.connections == 1


@pytest.mark.parametrize("address", [
    "10.1.2.3", "172.16.0.1", "192.168.1.10", "127.0.0.1", "169.254.169.254", "0.0.0.0",
    "100.64.0.1", "224.0.0.251", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
    "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"])
def test_policy_refuses_non_public_addresses(address: str) -> None:
    parsed = ipaddress.ip_address(address)
    assert FetchPolicy().refuses(parsed)
    assert not FetchPolicy(allow_private=True).refuses(parsed)


@pytest.mark.parametrize("address", ["8.8.8.8", "151.101.1.67", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8"])
def test_policy_allows_public_addresses(address: str) -> None:
    assert not FetchPolicy().refuses(ipaddress.ip_address(address))


def test_policy_allowed_addresses_exempts_only_those() -> None:
    policy = FetchPolicy(allowed_addresses=frozenset({"127.0.0.1"}))
    assert not policy.refuses(ipaddress.ip_address("127.0.0.1"))
    assert not policy.refuses(ipaddress.ip_address("::ffff:127.0.0.1"))
    assert policy.refuses(ipaddress.ip_address("127.0.0.2"))
