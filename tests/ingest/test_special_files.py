"""Only regular files are read: a FIFO, a socket or a device (in a folder or given by
name) gets one coded line without being opened, and symlink loops are walked once.

The CLI runs in a subprocess with a timeout, so a hang fails the test instead of hanging
the suite. The documents are a line or two written here."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pactwatch.errors import NotRegularFile
from pactwatch.ingest.discover import discover

PACTWATCH = Path(sys.executable).parent / "pactwatch"
STORY = "The ferry to the islands runs twice a day until the end of September.\n"
OTHER = "The library on Mill Street opens an hour later on Saturdays from May.\n"
# A real security-agreement sentence (the reference record DK-UA-2024.yaml cites it).
AGREEMENT = ("Ukraine and Denmark signed a ten-year security agreement in Lviv on "
             "23 February 2024.\n")


def run_ingest(db: Path, *paths: Path | str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "--db", str(db), "ingest", "--json",
                           *map(str, paths)], capture_output=True, text=True, timeout=120)


def found(*paths: Path) -> list[str]:
    """What discovery yields, at most 50 (a walk that loops forever fails, not hangs)."""
    return [item.source for item in itertools.islice(discover([str(p) for p in paths]), 50)]


@pytest.fixture
def listening_socket(tmp_path: Path) -> Iterator[Path]:
    """A bound UNIX socket named like a document, in a folder of its own (short path:
    socket paths are limited to about 100 bytes)."""
    path = tmp_path / "talk.txt"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    try:
        yield path
    finally:
        server.close()


@pytest.mark.slow
def test_cli_a_fifo_in_a_folder_is_one_line_and_the_run_ends(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_story.txt").write_text(STORY, encoding="utf-8")
    (folder / "b_deal.txt").write_text(AGREEMENT, encoding="utf-8")
    os.mkfifo(folder / "c_feed.txt")  # no writer: opening it to read would block
    os.mkfifo(folder / "pipe")  # not named like a document: passed over, as a file would be

    done = run_ingest(tmp_path / "pw.db", folder)

    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"[PW013] {folder / 'c_feed.txt'}: not a regular file (a FIFO), skipped without "
        "reading"]
    report = json.loads(done.stdout)
    assert len(report["stored"]) == 2 and report["claims"] > 0


@pytest.mark.slow
def test_cli_a_fifo_given_by_name_is_one_line(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")

    done = run_ingest(tmp_path / "pw.db", fifo, story)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"[PW013] {fifo}: not a regular file (a FIFO), skipped without reading"]
    assert len(json.loads(done.stdout)["stored"]) == 1


@pytest.mark.slow
def test_cli_a_socket_in_a_folder_is_one_line(tmp_path: Path, listening_socket: Path) -> None:
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")

    done = run_ingest(tmp_path / "pw.db", tmp_path)

    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        f"[PW013] {listening_socket}: not a regular file (a socket), skipped without "
        "reading"]
    assert len(json.loads(done.stdout)["stored"]) == 1


@pytest.mark.slow
def test_cli_a_device_given_by_name_is_one_line(tmp_path: Path) -> None:
    done = run_ingest(tmp_path / "pw.db", "/dev/zero")
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "[PW013] /dev/zero: not a regular file (a character device), skipped without "
        "reading"]


def test_discover_a_fifo_sidecar_fails_its_document_unopened(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY, encoding="utf-8")
    os.mkfifo(tmp_path / "story.meta.json")
    [item] = discover([str(story)])
    with pytest.raises(NotRegularFile) as info:
        item.read()
    assert str(info.value) == (f"[PW013] {tmp_path / 'story.meta.json'}: not a regular "
                               "file (a FIFO), skipped without reading")


def _looped_folder(tmp_path: Path) -> Path:
    """news/ with a.txt, a link to itself, and sub/ with b.txt and a link to its parent."""
    root = tmp_path / "news"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(STORY, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(OTHER, encoding="utf-8")
    (root / "itself").symlink_to(root)
    (root / "sub" / "up").symlink_to("..")
    return root


def test_discover_walks_a_symlink_loop_once(tmp_path: Path) -> None:
    """A folder holding a symlink to itself and a subfolder holding one to its parent:
    each file is found once, under its own path."""
    root = _looped_folder(tmp_path)
    (root / "sub" / "again.txt").symlink_to("../a.txt")  # a file it reaches anyway

    assert found(root) == [str(root / "a.txt"), str(root / "sub" / "b.txt")]


def test_discover_a_link_to_the_folder_above_is_a_loop_too(tmp_path: Path) -> None:
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "elsewhere.txt").write_text(OTHER, encoding="utf-8")
    (root / "parent").symlink_to(tmp_path)

    assert found(root) == [str(root / "a.txt")]


def test_discover_follows_a_link_out_of_the_folder_once(tmp_path: Path) -> None:
    """Two symlinks to one folder elsewhere, and one to a file in it: that folder's
    files are found once, through the first link."""
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.txt").write_text(OTHER, encoding="utf-8")
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text(STORY, encoding="utf-8")
    (root / "b_archive").symlink_to(archive)
    (root / "c_archive").symlink_to(archive)
    (root / "d_old.txt").symlink_to(archive / "old.txt")
    (root / "z_broken.txt").symlink_to(tmp_path / "nowhere.txt")

    assert found(root) == [str(root / "a.txt"), str(root / "b_archive" / "old.txt"),
                           str(root / "z_broken.txt")]


@pytest.mark.slow
def test_cli_a_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    root = _looped_folder(tmp_path)

    done = run_ingest(tmp_path / "pw.db", root)

    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert len(report["stored"]) == 2 and report["duplicates"] == []
