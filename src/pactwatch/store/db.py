"""Database URLs, engines and migrations.

SQLite is the default and the one that needs care: several processes (an ingest batch,
the web server, a reconciliation run) may write the same file. WAL lets readers go on
while one writer works, the busy timeout makes a second writer wait instead of failing,
and writes open with ``BEGIN IMMEDIATE`` so that a transaction that reads before it
writes takes the write lock first and cannot fail half-way on a lock upgrade.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from pactwatch.errors import DatabaseError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Execution option: a connection carrying it begins with BEGIN IMMEDIATE on SQLite.
WRITE = "pactwatch_write"

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=30000",  # first, so that the pragmas below wait for a lock too
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
_IN_MEMORY = (None, "", ":memory:")


def database_url(db: str) -> str:
    """An SQLAlchemy URL as given, or the ``sqlite:///`` URL of a file path."""
    if "://" in db:
        return db
    if db.strip() in _IN_MEMORY:
        raise DatabaseError(db or "''", _IN_MEMORY_REASON)
    return "sqlite:///" + str(Path(db).expanduser().absolute())


_IN_MEMORY_REASON = "in-memory databases are not supported; give a file path"


def describe(url: str | URL) -> str:
    """The name to show for a database: an SQLite file's path, else the URL sans password."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite" and parsed.database not in _IN_MEMORY:
        return str(parsed.database)
    return parsed.render_as_string(hide_password=True)


def create_engine_for(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise DatabaseError(url, f"not a database URL ({error})") from error
    name = describe(parsed)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        _check_sqlite_file(parsed.database, name)
    try:
        engine = sa.create_engine(parsed)
    except (exc.SQLAlchemyError, ImportError) as error:
        raise DatabaseError(name, reason(error)) from error
    if sqlite:
        _install_sqlite_events(engine)
    return engine


def _check_sqlite_file(database: str | None, name: str) -> None:
    if database in _IN_MEMORY or (database or "").startswith("file::memory:"):
        raise DatabaseError(name, _IN_MEMORY_REASON)
    path = Path(str(database))
    if not path.parent.is_dir():
        raise DatabaseError(name, f"directory {path.parent} does not exist")
    if path.is_dir():
        raise DatabaseError(name, "is a directory, not a database file")
    if path.exists() and not os.access(path, os.W_OK):
        raise DatabaseError(name, "file is not writable")
    if not path.exists() and not os.access(path.parent, os.W_OK):
        raise DatabaseError(name, f"directory {path.parent} is not writable")


def _install_sqlite_events(engine: Engine) -> None:
    # The documented SQLAlchemy recipe for pysqlite: the driver's own implicit BEGIN is
    # switched off and SQLAlchemy emits BEGIN itself, so DDL and reads are transactional.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in _SQLITE_PRAGMAS:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(url: str | URL | None = None) -> Config:
    """An Alembic configuration for the bundled migrations, without an alembic.ini.

    With ``url``, ``alembic`` commands (e.g. ``command.revision(cfg, autogenerate=True)``)
    connect on their own; ``upgrade`` passes its open connection instead."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("path_separator", "os")
    if url is not None:
        text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", text.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is there already."""
    cfg = alembic_config()
    with database_errors(describe(engine.url)), engine.connect() as conn:
        # One write transaction around the version check and the DDL, so that two
        # processes opening a new database at once migrate it once.
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@contextmanager
def database_errors(name: str, kinds: type[Exception] = exc.SQLAlchemyError) -> Iterator[None]:
    """Turn driver failures (locked, not a database, cannot open) into one coded line."""
    try:
        yield
    except kinds as error:
        raise DatabaseError(name, reason(error)) from error


def reason(error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__
