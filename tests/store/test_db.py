from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from pactwatch.errors import DatabaseError
from pactwatch.records import DocumentMeta, RawDocument
from pactwatch.store.db import create_engine_for, database_url, upgrade
from pactwatch.store.repository import Store


def test_db_database_url_keeps_urls_and_makes_paths_absolute(tmp_path: Path) -> None:
    assert database_url("postgresql://u:p@host/pw") == "postgresql://u:p@host/pw"
    assert database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    assert database_url("x.db") == f"sqlite:///{Path.cwd() / 'x.db'}"


def test_db_sqlite_has_wal_and_foreign_keys(db_path: Path) -> None:
    with Store.open(str(db_path)) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL


def test_db_upgrade_twice_is_harmless(db_path: Path) -> None:
    raw = RawDocument("a.txt", "A short note that nobody signed.", DocumentMeta(), "txt")
    with Store.open(str(db_path)) as store:
        store.add_document(raw, [], extractor_version="test")
        upgrade(store.engine)
        upgrade(store.engine)
    with Store.open(str(db_path)) as store:
        assert store.has_document(raw.doc_id)
        with store.engine.connect() as conn:
            versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert versions == [("0006",)]


def test_db_missing_directory_is_a_database_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "pactwatch.db"
    with pytest.raises(DatabaseError) as caught:
        Store.open(str(path))
    message = str(caught.value)
    assert message.startswith("[PW040] ")
    assert str(path) in message and "does not exist" in message
    assert "\n" not in message


def test_db_file_that_is_not_a_database_is_a_database_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    garbage = b"these bytes are not an SQLite header " * 200
    path.write_bytes(garbage)
    with pytest.raises(DatabaseError) as caught:
        Store.open(str(path))
    message = str(caught.value)
    assert message.startswith("[PW040] ")
    assert str(path) in message and "not a database" in message
    assert "\n" not in message
    assert path.read_bytes() == garbage


@pytest.mark.parametrize("db", [":memory:", "sqlite://", "sqlite:///:memory:", "nosuch://x/y"])
def test_db_unusable_urls_are_database_errors(db: str) -> None:
    with pytest.raises(DatabaseError):
        Store.open(db)


def test_db_concurrent_writers_wait_instead_of_failing(db_path: Path) -> None:
    Store.open(str(db_path)).close()
    failures: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            with Store.open(str(db_path)) as store:
                for n in range(15):
                    body = f"Writer {writer} filed note number {n} about nothing in particular."
                    raw = RawDocument("-", body, DocumentMeta(), "txt")
                    store.add_document(raw, [], extractor_version="test")
        except BaseException as error:  # reported by the assertion below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with Store.open(str(db_path)) as store:
        assert len(store.documents()) == 60


def test_db_engine_for_url_does_not_connect_yet(tmp_path: Path) -> None:
    engine = create_engine_for(database_url(str(tmp_path / "later.db")))
    assert not (tmp_path / "later.db").exists()
    engine.dispose()
