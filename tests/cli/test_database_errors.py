"""A database that cannot be used is one coded line on stderr and exit status 1, for
every command that opens the store, and it is left exactly as it was."""

from __future__ import annotations

import ctypes
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pactwatch.cli.app import app
from pactwatch.reference.load import load_reference
from pactwatch.store.repository import Store

pytestmark = pytest.mark.slow

PACTWATCH = Path(sys.executable).parent / "pactwatch"
EXAMPLE = (Path(__file__).resolve().parents[2] / "src" / "pactwatch" / "data" / "examples"
           / "001_uk_ukraine_security_cooperation.txt")
GARBAGE = bytes(range(256)) * 40  # no SQLite header anywhere

runner = CliRunner()


def run(db: str, *args: str, preexec: Callable[[], None] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PACTWATCH), "--db", db, *args], capture_output=True,
                          text=True, timeout=300, preexec_fn=preexec)


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reference") / "pactwatch.db"
    with Store.open(str(path)) as store:
        load_reference(store)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


COMMANDS = [
    ["agreements"], ["show", "UA-US-2024"], ["claims"], ["compare"], ["timeline"],
    ["risk"], ["simulate", "attack", "--on", "UA", "--at", "2024-07-01T03:00:00Z"],
    ["graph"], ["export", "{tmp}/out"], ["load-reference"], ["ingest", str(EXAMPLE)],
    ["reextract"], ["demo"], ["serve", "--port", "{port}"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_database_errors_corrupt_file_is_one_line_for_every_command(
        tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(GARBAGE)
    args = [a.format(tmp=tmp_path, port=free_port()) for a in command]
    result = runner.invoke(app, ["--db", str(db), *args])
    assert result.exit_code == 1, result.output
    assert one_line(result.stderr) == \
        f"[PW040] {db}: not a database (file is not a database)"
    assert db.read_bytes() == GARBAGE
    assert siblings(db) == ["notes.db"]  # no -wal, -shm or export folder beside it


def test_database_errors_corrupt_file_through_the_console_script(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(GARBAGE)
    for args in (["agreements"], ["ingest", str(EXAMPLE)]):
        result = run(str(db), *args)
        assert result.returncode == 1
        assert one_line(result.stderr).startswith(f"[PW040] {db}: not a database")
        assert "Traceback" not in result.stderr + result.stdout
    assert db.read_bytes() == GARBAGE


def test_database_errors_debug_shows_the_traceback_then_the_line(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(GARBAGE)
    result = run(str(db), "--debug", "agreements")
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr
    assert "sqlite3.DatabaseError: file is not a database" in result.stderr
    assert result.stderr.splitlines()[-1] == \
        f"[PW040] {db}: not a database (file is not a database)"


def test_database_errors_missing_directory(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "pactwatch.db"
    result = run(str(db), "agreements")
    assert result.returncode == 1
    assert one_line(result.stderr) == \
        f"[PW040] {db}: directory {db.parent} does not exist"
    assert not db.parent.exists()


def test_database_errors_damaged_pages(tmp_path: Path, reference_db: Path) -> None:
    db = tmp_path / "damaged.db"
    shutil.copy(reference_db, db)
    data = bytearray(db.read_bytes())
    data[4096:] = GARBAGE[: len(data) - 4096]  # the header page survives, the rest not
    db.write_bytes(bytes(data))
    for args in (["agreements"], ["show", "UA-US-2024"], ["load-reference"]):
        result = run(str(db), *args)
        assert result.returncode == 1
        assert one_line(result.stderr).startswith(f"[PW040] {db}: ")
    assert db.read_bytes() == bytes(data)


def test_database_errors_schema_from_a_newer_version(tmp_path: Path,
                                                     reference_db: Path) -> None:
    db = tmp_path / "newer.db"
    shutil.copy(reference_db, db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()  # the last connection checkpoints the write-ahead log into the file
    before = db.read_bytes()
    result = run(str(db), "agreements")
    assert result.returncode == 1
    assert one_line(result.stderr) == (f"[PW040] {db}: schema made by a newer pactwatch "
                                       "(Can't locate revision identified by '9999')")
    assert db.read_bytes() == before


def test_database_errors_refused_postgresql_connection() -> None:
    port = free_port()  # bound and closed: nothing listens there now
    url = f"postgresql+psycopg://analyst:s3cret@127.0.0.1:{port}/pactwatch"
    result = run(url, "agreements")
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert line.startswith(f"[PW040] postgresql+psycopg://analyst:***@127.0.0.1:{port}"
                           "/pactwatch: connection refused (")
    assert "s3cret" not in result.stderr


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE = 1


def _drop_dac_override() -> None:
    """In the child: give up root's power to write files whatever their mode."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_CAPBSET_DROP, _CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def as_a_user(tmp_path: Path) -> Callable[[], None] | None:
    """How to start a process that file modes bind: as is, or, for root, without
    CAP_DAC_OVERRIDE (root otherwise writes a 0444 file). Skips where neither works."""
    if os.geteuid() != 0:
        return None
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0o444)
    check = [sys.executable, "-c", f"open({str(probe)!r}, 'a')"]
    try:
        done = subprocess.run(check, preexec_fn=_drop_dac_override, capture_output=True,
                              timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        pytest.skip(f"running as root and cannot drop CAP_DAC_OVERRIDE: {error}")
    if done.returncode == 0:
        pytest.skip("running as root and a 0444 file stays writable without "
                    "CAP_DAC_OVERRIDE; a read-only file cannot be simulated here")
    return _drop_dac_override


def test_database_errors_read_only_file_reads_but_refuses_writes(
        tmp_path: Path, reference_db: Path, as_a_user: Callable[[], None] | None) -> None:
    db = tmp_path / "archive" / "archive.db"
    db.parent.mkdir()
    shutil.copy(reference_db, db)
    db.chmod(0o444)
    before = db.read_bytes()

    listed = run(str(db), "agreements", "--json", preexec=as_a_user)
    assert listed.returncode == 0, listed.stderr
    assert "UA-US-2024" in listed.stdout
    shown = run(str(db), "show", "UA-US-2024", "--json", preexec=as_a_user)
    assert shown.returncode == 0, shown.stderr
    for args in (["ingest", str(EXAMPLE)], ["load-reference"]):
        refused = run(str(db), *args, preexec=as_a_user)
        assert refused.returncode == 1
        assert one_line(refused.stderr) == f"[PW040] {db}: read-only file"

    assert db.read_bytes() == before
    assert siblings(db) == ["archive.db"]  # reading left no -wal or -shm behind
