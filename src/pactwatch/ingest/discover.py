"""Expanding `pactwatch ingest` arguments into inputs, and reading each input.

Discovery never fails: a missing path or an unsupported file still yields an Input, whose
``read`` raises the coded error, so the CLI reports one line per bad input and goes on.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pactwatch.errors import MissingPath, NotRegularFile, PactwatchError, UnreadableInput
from pactwatch.ingest.readers import read_with, reader_for, registered_extensions
from pactwatch.ingest.sidecar import is_sidecar, load_sidecar, sidecar_path
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
        """Read, pick the reader, merge metadata: override > sidecar > in-document. Only
        a regular file is opened: a FIFO, socket or device fails without being opened
        (reading a FIFO would wait for a writer forever)."""
        if self.failure is not None:
            raise self.failure
        if self.path is None:
            data = _read_stdin()
            name = "html" if looks_like_html(data) else "txt"
            sidecar = DocumentMeta()
        else:
            _check_regular(self.path, self.source)
            name, _ = reader_for(self.source)
            data = _read_file(self.path, self.source)
            side = sidecar_path(self.path)
            if side.exists():  # like the document, a sidecar is opened only if regular
                _check_regular(side, str(side))
            sidecar = load_sidecar(self.path)
        found = read_with(name, data, self.source)
        meta = found.meta.merged(sidecar).merged(override)
        return RawDocument(source=self.source, text=found.text, meta=meta, fmt=name)


def _check_regular(path: Path, source: str) -> None:
    """Raise unless ``path`` (its symlinks followed) is a regular file; ``os.stat`` only,
    nothing is opened."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise MissingPath(source, "no such file or directory") from None
    except OSError as exc:  # a symlink loop (ELOOP), a folder we may not enter
        raise UnreadableInput(source, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise UnreadableInput(source, "is a directory")
    if not stat.S_ISREG(mode):
        raise not_regular(source, mode)


def not_regular(source: str, mode: int) -> PactwatchError:
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    return NotRegularFile(source, f"not a regular file ({kind}), skipped without reading")


_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket",
          stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


def _read_file(path: Path, source: str) -> bytes:
    """The bytes of a regular file, checked again once open (O_NONBLOCK: should a FIFO
    have taken its place since the check, opening it does not wait)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise MissingPath(source, "no such file or directory") from None
    except OSError as exc:
        raise UnreadableInput(source, exc.strerror or str(exc)) from None
    with os.fdopen(fd, "rb") as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise not_regular(source, mode)
        try:
            return stream.read()
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


class _Walk:
    """Folders are walked once each, by real path, and symlinks followed without loops or
    repeats: a symlink to the folder it is in or to one of that folder's parents is a loop
    and is left alone; one into a folder being walked is left to the walk that reaches
    its target directly; one that leads elsewhere is followed once. Only real paths of
    folders, and of files reached through symlinks, are remembered, so memory stays
    small."""

    def __init__(self, roots: list[str]) -> None:
        self.roots = [Path(os.path.realpath(root)) for root in roots]
        self.folders: set[str] = set()
        self.linked: set[str] = set()

    def folder(self, folder: str, through_link: bool = False) -> Iterator[Input]:
        """Files under ``folder`` that have a reader, recursively, in sorted path order,
        one directory listing at a time (so a huge tree is never held in memory); a
        directory that cannot be listed yields an Input failing with UnreadableInput, in
        its place. A FIFO, socket or device named like a document yields one failing
        with NotRegularFile, and is never opened (other special files, like other files
        without a reader, are not documents and are passed over). ``through_link``: the
        folder was reached through a symlink, so its files may be reached by another."""
        real = os.path.realpath(folder)
        if real in self.folders:
            return
        self.folders.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry.name, entry.path, entry.is_symlink())
                                 for entry in listing if not _is_hidden(entry.name))
        except OSError as exc:
            where = str(exc.filename or folder)
            yield Input(where, None, UnreadableInput(where, exc.strerror or str(exc)))
            return
        for name, path, linked in entries:
            try:
                mode: int | None = os.stat(path).st_mode
            except OSError:
                mode = None  # a dangling link or a loop of links: read says why
            if mode is not None and stat.S_ISDIR(mode):
                if not linked or self._follow_folder(real, path):
                    yield from self.folder(path, through_link or linked)
            elif _wanted(name) and (not (linked or through_link) or self._follow_file(path)):
                odd = None if mode is None or stat.S_ISREG(mode) else not_regular(path, mode)
                yield Input(path, Path(path), odd)

    def _follow_folder(self, parent: str, link: str) -> bool:
        target = Path(os.path.realpath(link))
        return not Path(parent).is_relative_to(target) and not self._walked_directly(target)

    def _follow_file(self, link: str) -> bool:
        target = Path(os.path.realpath(link))
        if (_wanted(target.name) and self._walked_directly(target)) \
                or str(target) in self.linked:
            return False
        self.linked.add(str(target))
        return True

    def _walked_directly(self, target: Path) -> bool:
        """Whether the walk of a folder given reaches ``target`` without a symlink: it
        lies under that folder, in no hidden folder."""
        return any(target.is_relative_to(root) and not any(
            _is_hidden(part) for part in target.relative_to(root).parts)
            for root in self.roots)


def _wanted(name: str) -> bool:
    """Whether a file found in a folder is a document: not a sidecar, and with a reader."""
    return not is_sidecar(name) and Path(name).suffix.lower() in registered_extensions()


def discover(paths: list[str]) -> Iterator[Input]:
    """Inputs for the CLI arguments: files as given, folders recursively, '-' for stdin.

    Sidecars are skipped even when named explicitly (``ingest dir/*`` must not turn them
    into documents); everything else yields an Input, failing on read when it cannot be
    (a file given by name is read whatever its kind, so a FIFO fails there, unopened).
    """
    walk = _Walk([arg for arg in paths if arg != STDIN and os.path.isdir(arg)])
    for arg in paths:
        if arg == STDIN:
            yield Input(STDIN, None)
        elif os.path.isdir(arg):
            yield from walk.folder(arg)
        elif not is_sidecar(arg):
            yield Input(arg, Path(arg))
