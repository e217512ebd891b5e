"""Alembic environment for pactwatch's bundled migrations.

``pactwatch.store.db.upgrade`` hands over its open connection (already inside a write
transaction) through ``config.attributes["connection"]``; without one, an engine is
made from ``sqlalchemy.url`` (see ``db.alembic_config``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from pactwatch.store.db import WRITE, create_engine_for
from pactwatch.store.models import Base

config = context.config
target_metadata = Base.metadata


# Batch mode everywhere: SQLite cannot ALTER most things, so later migrations copy tables.


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection given and no sqlalchemy.url set")
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
