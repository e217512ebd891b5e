from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, MetaData, String

from pactwatch.store.db import alembic_config, database_url
from pactwatch.store.models import Base
from pactwatch.store.repository import Store


def _differences(store: Store, metadata: MetaData) -> list[Any]:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": True}
        )
        return list(compare_metadata(context, metadata))


def test_migrations_match_the_models(store: Store) -> None:
    assert _differences(store, Base.metadata) == []


def test_migrations_comparison_notices_a_difference(store: Store) -> None:
    metadata = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(metadata)
    metadata.tables["claims"].append_column(Column("reviewer", String(), nullable=True))
    assert [diff[0] for diff in _differences(store, metadata)] == ["add_column"]


def test_migrations_have_one_head() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == ["0006"]


def test_migrations_run_from_a_url_without_an_open_connection(tmp_path: Path) -> None:
    path = tmp_path / "by-url.db"
    command.upgrade(alembic_config(database_url(str(path))), "head")
    with Store.open(str(path)) as store:
        assert _differences(store, Base.metadata) == []
