"""The SOURCE arguments of `pactwatch watch`, and the key that makes two URLs one article.

A SOURCE is an http(s) URL or a text file of URLs, one a line. Nothing here touches the
network: a bad argument or line becomes one coded error and the rest still go on.
"""

from __future__ import annotations

import os
import re
import stat
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

from pactwatch.errors import BadSource, PactwatchError

_SCHEMES = ("http", "https")
_HAS_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LOOKS_LIKE_HOST = re.compile(r"^[\w-]+(\.[\w-]+)+(:\d+)?/\S*$")  # "example.com/rss"
_BOM = "\ufeff"


def normal_url(url: str) -> str:
    """A stable key for "the same article" behind differently spelled links.

    courlan (non-strict) lower-cases scheme and host, drops a default port, tracking
    parameters (utm_*, fbclid, gclid, ref...) and empty ones, and sorts the rest. The
    fragment and a trailing slash on the path are dropped too: they never name another
    article. ``strict=True`` is not used: it keeps only a short list of parameter
    names, so ``story.php?story=1`` and ``?story=2`` would become one article and the
    second would never be read. http and https stay distinct; so do ``www.`` and the
    bare host. Raises ValueError for a URL that cannot be parsed (a broken IPv6 host).
    """
    parts = urlsplit(url.strip())
    normal = urlsplit(normalize_url(urlunsplit(parts._replace(fragment="")), strict=False))
    path = normal.path.rstrip("/") or "/"
    return urlunsplit(normal._replace(path=path, fragment=""))


def url_problem(text: str) -> str | None:
    """Why ``text`` is not an http(s) URL pactwatch can watch, or None if it is one."""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return str(exc) or "cannot be parsed"
    if parts.scheme.lower() not in _SCHEMES:
        return f"scheme {parts.scheme}" if parts.scheme else "no scheme"
    if any(ch.isspace() or not ch.isprintable() for ch in text):
        return "contains whitespace or control characters"
    if not parts.hostname:
        return "no host"
    try:
        normal_url(text)
    except ValueError as exc:
        return str(exc) or "cannot be parsed"
    return None


def is_http_url(text: str) -> bool:
    return url_problem(text) is None


def source_urls(args: list[str]) -> tuple[list[str], list[PactwatchError]]:
    """The URLs the SOURCE arguments name, in order, and one BadSource per unusable
    argument or line. A URL named twice (after ``normal_url``) is kept once, spelled as
    it was first given."""
    urls: list[str] = []
    problems: list[PactwatchError] = []
    seen: set[str] = set()

    def add(url: str) -> None:
        key = normal_url(url)
        if key not in seen:
            seen.add(key)
            urls.append(url)

    for arg in args:
        problem = url_problem(arg)
        if problem is None:
            add(arg)
        elif _HAS_SCHEME.match(arg) and not os.path.lexists(arg):
            problems.append(BadSource(arg, f"not an http(s) URL ({problem})"))
        else:
            found, failures = _listed_urls(arg)
            problems.extend(failures)
            for url in found:
                add(url)
    return urls, problems


def _listed_urls(path: str) -> tuple[list[str], list[PactwatchError]]:
    """The URLs of a list file: one a line, blank lines and ``#`` comments skipped."""
    text = _read_list(path)
    if isinstance(text, PactwatchError):
        return [], [text]
    urls: list[str] = []
    problems: list[PactwatchError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if url_problem(line) is None:
            urls.append(line)
        else:
            problems.append(BadSource(path, f"line {number}: not an http(s) URL: {line!r}"))
    if not urls and not problems:
        problems.append(BadSource(path, "lists no URLs"))
    return urls, problems


def _read_list(path: str) -> str | PactwatchError:
    """The text of a list file (strict UTF-8), or the error saying why it is unusable.
    Only a regular file is opened: a FIFO would wait for a writer forever."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        hint = f" (did you mean https://{path}?)" if _LOOKS_LIKE_HOST.match(path) else ""
        return BadSource(path, f"no such file, and not an http(s) URL{hint}")
    except OSError as exc:
        return BadSource(path, exc.strerror or str(exc))
    if stat.S_ISDIR(mode):
        return BadSource(path, "is a directory, not a file of URLs")
    if not stat.S_ISREG(mode):
        return BadSource(path, "not a regular file, not read")
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError as exc:
        return BadSource(path, exc.strerror or str(exc))
    if b"\x00" in data:
        return BadSource(path, "binary file, not a file of URLs")
    try:
        return data.decode("utf-8").removeprefix(_BOM)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return BadSource(path, f"invalid UTF-8 on line {line} (byte {exc.start})")
