"""Driver failures after the store is open (while reading, while writing) are coded
DatabaseErrors too, not raw SQLAlchemy or sqlite3 exceptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.errors import DatabaseError
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.store.db import reason, require_writable
from pactwatch.store.repository import Store

GARBAGE = b"not an SQLite file at all; " * 300


def test_db_failures_file_replaced_while_open_fails_reads_and_writes(db_path: Path) -> None:
    with Store.open(str(db_path)) as store:
        store.engine.dispose()  # drop pooled connections: the next call connects anew
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        db_path.write_bytes(GARBAGE)
        with pytest.raises(DatabaseError) as reading:
            store.agreements()
        raw = RawDocument("a.txt", "A note about nothing.", DocumentMeta(), "txt")
        with pytest.raises(DatabaseError) as writing:
            store.add_document(raw, [], extractor_version="test")
    for caught in (reading, writing):
        assert str(caught.value) == \
            f"[PW040] {db_path}: not a database (file is not a database)"
    assert db_path.read_bytes() == GARBAGE


def test_db_failures_require_writable_passes_new_and_writable_files(db_path: Path) -> None:
    require_writable(str(db_path))  # not there yet: it will be created
    Store.open(str(db_path)).close()
    require_writable(str(db_path))
    require_writable("postgresql+psycopg://u@127.0.0.1:1/db")  # the server decides


def test_db_failures_reason_is_one_line_with_the_drivers_words() -> None:
    error = RuntimeError('connection failed: connection to server at "h", port 1 failed: '
                         "Connection refused\n\tIs the server running on that host?")
    assert reason(error) == ('connection refused (connection failed: connection to server '
                             'at "h", port 1 failed: Connection refused)')
    assert reason(RuntimeError("something new\nand more")) == "something new"
