"""Alembic environment: runs against the URL handed over by app.db.migrate."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.core.db import ensure_sqlite_folder, make_engine
from app.db.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _migration_engine(url: str):
    """SQLite without the app's foreign-key pragma: batch migrations copy and
    drop tables, which foreign keys that are on would refuse."""
    if make_url(url).get_backend_name() == "sqlite":
        ensure_sqlite_folder(url)
        return create_engine(url)
    return make_engine(url)


def run_migrations_online() -> None:
    engine = _migration_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        # Batch mode lets later migrations ALTER tables on SQLite.
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
