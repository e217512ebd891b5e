"""Database URLs, engines and migrations.

SQLite is the default and the one that needs care: several processes (an ingest batch,
the web server, a reconciliation run) may write the same file. WAL lets readers go on
while one writer works, the busy timeout makes a second writer wait instead of failing,
and writes open with ``BEGIN IMMEDIATE`` so that a transaction that reads before it
writes takes the write lock first and cannot fail half-way on a lock upgrade.

A file we may not write is opened read-only, so that the read commands still work on it
and nothing (not even SQLite's ``-wal`` and ``-shm`` files) is written beside it.

Every failure of the driver, of SQLAlchemy or of Alembic leaves this package as one
``DatabaseError`` line naming the database and the reason.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url

from pactwatch.errors import DatabaseError, PactwatchError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Execution option: a connection carrying it begins with BEGIN IMMEDIATE on SQLite.
WRITE = "pactwatch_write"

_SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout=30000",  # first, so that the pragmas below wait for a lock too
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
)
# A read-only file keeps the journal mode it has (changing it would be a write).
_READ_ONLY_PRAGMAS = ("PRAGMA busy_timeout=30000", "PRAGMA query_only=ON")
_IN_MEMORY = (None, "", ":memory:")

# What can go wrong below us: a driver error however it arrives (wrapped by SQLAlchemy,
# or raw from sqlite3), a pool timeout, or Alembic refusing a schema it does not know.
# Not SQLAlchemy's other errors: a value that cannot be bound is a bug, not the database.
FAILURES: tuple[type[Exception], ...] = (exc.DBAPIError, exc.DisconnectionError,
                                         exc.TimeoutError, sqlite3.Error, CommandError)

# Driver messages (lower case) and the short reason shown before them.
_REASONS = (
    ("file is not a database", "not a database"),
    ("database disk image is malformed", "corrupt database"),
    ("readonly database", "read-only file"),
    ("unable to open database file", "cannot open the file"),
    ("database is locked", "locked by another process"),
    ("connection refused", "connection refused"),
    ("could not translate host name", "unknown host"),
    ("name or service not known", "unknown host"),
    ("password authentication failed", "authentication failed"),
    ("timeout expired", "connection timed out"),
    ("can't locate revision", "schema made by a newer pactwatch"),
    ("no module named", "database driver not installed"),
)


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
    options: dict[str, Any] = {}
    read_only = False
    if sqlite:
        _check_sqlite_file(parsed.database, name)
        path = Path(str(parsed.database))
        read_only = path.exists() and _read_only(path) is not None
        if read_only:
            options["creator"] = _read_only_connector(path)
    try:
        engine = sa.create_engine(parsed, **options)
    except (exc.SQLAlchemyError, ImportError) as error:
        raise DatabaseError(name, reason(error)) from error
    if sqlite:
        _install_sqlite_events(engine, read_only)
    return engine


def require_writable(db: str) -> None:
    """Refuse, before any work is done, a database that can only be read."""
    url = make_url(database_url(db))
    if url.get_backend_name() != "sqlite" or url.database in _IN_MEMORY:
        return
    path = Path(str(url.database))
    why = _read_only(path) if path.exists() else None
    if why:
        raise DatabaseError(describe(url), why)


def _check_sqlite_file(database: str | None, name: str) -> None:
    if database in _IN_MEMORY or (database or "").startswith("file::memory:"):
        raise DatabaseError(name, _IN_MEMORY_REASON)
    path = Path(str(database))
    if not path.parent.is_dir():
        raise DatabaseError(name, f"directory {path.parent} does not exist")
    if path.is_dir():
        raise DatabaseError(name, "is a directory, not a database file")
    if not path.exists() and not os.access(path.parent, os.W_OK):
        raise DatabaseError(name, f"directory {path.parent} is not writable")


def _read_only(path: Path) -> str | None:
    """Why an existing SQLite file can only be read, or None when we may write it."""
    if not os.access(path, os.W_OK):
        return "read-only file"
    if not os.access(path.parent, os.W_OK):  # WAL needs its -wal and -shm files there
        return f"read-only directory {path.parent}"
    return None


def _read_only_connector(path: Path) -> Any:
    """Connections that only read ``path``. Without a pending write-ahead log the file
    is opened immutable, so SQLite creates no ``-shm`` file (which would keep the
    read-only mode after the file is made writable again); with one, it reads the log."""
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    uri = path.absolute().as_uri() + ("?mode=ro" if pending else "?mode=ro&immutable=1")

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, check_same_thread=False)

    return connect


def _install_sqlite_events(engine: Engine, read_only: bool = False) -> None:
    # The documented SQLAlchemy recipe for pysqlite: the driver's own implicit BEGIN is
    # switched off and SQLAlchemy emits BEGIN itself, so DDL and reads are transactional.
    pragmas = _READ_ONLY_PRAGMAS if read_only else _SQLITE_PRAGMAS

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
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


_MIGRATION_LOCK = 720_1002  # the advisory lock migrations hold on PostgreSQL


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op when it is there already.

    The version is read first in a plain read transaction, so that opening a current
    database takes no write lock (and a read-only file can still be opened)."""
    cfg = alembic_config()
    with database_errors(describe(engine.url)), engine.connect() as conn:
        with conn.begin():
            current = set(MigrationContext.configure(conn).get_current_heads())
        if current == set(ScriptDirectory.from_config(cfg).get_heads()):
            return
        # One write transaction around the version check and the DDL, so that two
        # processes opening a new database at once migrate it once.
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                # SQLite's BEGIN IMMEDIATE serialises this; PostgreSQL needs a lock, or
                # a second process creates the same tables again and fails.
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": _MIGRATION_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


@contextmanager
def database_errors(name: str,
                    kinds: type[Exception] | tuple[type[Exception], ...] = FAILURES,
                    ) -> Iterator[None]:
    """Turn driver failures (locked, not a database, cannot open) into one coded line.
    An IntegrityError passes unchanged: it is a conflict of rows that callers resolve
    (a concurrent writer stored the same document first), not a broken database."""
    try:
        yield
    except exc.IntegrityError:
        raise
    except kinds as error:
        raise DatabaseError(name, reason(error)) from error


def as_database_error(db: str, error: BaseException) -> PactwatchError:
    """A failure that escaped the store, as the coded line for the database ``db``."""
    try:
        name = describe(database_url(db))
    except (DatabaseError, exc.ArgumentError):
        name = db
    return DatabaseError(name, reason(error))


def reason(error: BaseException) -> str:
    """One line: a short reason where the driver's message is a known one, then the
    driver's own first line."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    said = lines[0].strip() if lines else type(cause).__name__
    lowered = said.lower()
    for pattern, short in _REASONS:
        if pattern in lowered:
            return f"{short} ({said})"
    return said
