"""Expanding `pactwatch ingest` arguments into inputs, and reading each input.

Discovery never fails: a missing path or an unsupported file still yields an Input, whose
``read`` raises the coded error, so the CLI reports one line per bad input and goes on.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pactwatch.errors import MissingPath, PactwatchError, UnreadableInput
from pactwatch.ingest.readers import read_with, reader_for, registered_extensions
from pactwatch.ingest.sidecar import is_sidecar, load_sidecar
from pactwatch.records import DocumentMeta, RawDocument

STDIN = "-"
_NO_OVERRIDE = DocumentMeta()
_HTML_START = re.compile(rb"<(!doctype\s+html|html|head|body|article|main|div|p|h1)[\s>]", re.I)


@dataclass(frozen=True)
class Input:
    """One document to read: a file (``path``) or standard input (``path`` is None)."""

    source: str  # as shown to the user: the path as given, or "-"
    path: Path | None
    failure: PactwatchError | None = None  # found unreadable during discovery

    def read(self, override: DocumentMeta = _NO_OVERRIDE) -> RawDocument:
        """Read, pick the reader, merge metadata: override > sidecar > in-document."""
        if self.failure is not None:
            raise self.failure
        if self.path is None:
            data = _read_stdin()
            name = "html" if looks_like_html(data) else "txt"
            sidecar = DocumentMeta()
        else:
            if not self.path.exists():
                raise MissingPath(self.source, "no such file or directory")
            name, _ = reader_for(self.source)
            data = _read_file(self.path, self.source)
            sidecar = load_sidecar(self.path)
        found = read_with(name, data, self.source)
        meta = found.meta.merged(sidecar).merged(override)
        return RawDocument(source=self.source, text=found.text, meta=meta, fmt=name)


def _read_file(path: Path, source: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise MissingPath(source, "no such file or directory") from None
    except OSError as exc:
        raise UnreadableInput(source, exc.strerror or str(exc)) from None


def _read_stdin() -> bytes:
    stream = sys.stdin
    if stream is None:
        raise UnreadableInput(STDIN, "standard input is closed")
    try:
        buffer = getattr(stream, "buffer", None)
        return buffer.read() if buffer is not None else stream.read().encode("utf-8")
    except OSError as exc:
        raise UnreadableInput(STDIN, exc.strerror or str(exc)) from None
    except ValueError as exc:  # reading a closed stream
        raise UnreadableInput(STDIN, str(exc)) from None


def looks_like_html(data: bytes) -> bool:
    """Standard input is HTML when it starts with '<' and an HTML tag opens early on."""
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<") and _HTML_START.search(head) is not None


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(folder: str) -> Iterator[Input]:
    """Files under ``folder`` that have a reader, recursively, in sorted path order, one
    directory listing at a time (so a huge tree is never held in memory); a directory
    that cannot be listed yields an Input failing with UnreadableInput, in its place."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry.name, entry.path, entry.is_dir(follow_symlinks=False))
                             for entry in listing
                             if not _is_hidden(entry.name))
    except OSError as exc:
        where = str(exc.filename or folder)
        yield Input(where, None, UnreadableInput(where, exc.strerror or str(exc)))
        return
    extensions = registered_extensions()
    for name, path, is_dir in entries:
        if is_dir:
            yield from _walk(path)
        elif not is_sidecar(name) and Path(name).suffix.lower() in extensions:
            yield Input(path, Path(path))


def discover(paths: list[str]) -> Iterator[Input]:
    """Inputs for the CLI arguments: files as given, folders recursively, '-' for stdin.

    Sidecars are skipped even when named explicitly (``ingest dir/*`` must not turn them
    into documents); everything else yields an Input, failing on read when it cannot be.
    """
    for arg in paths:
        if arg == STDIN:
            yield Input(STDIN, None)
        elif os.path.isdir(arg):
            yield from _walk(arg)
        elif not is_sidecar(arg):
            yield Input(arg, Path(arg))
