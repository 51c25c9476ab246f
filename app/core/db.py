"""Engine and session factory for SQLite (default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["make_engine", "ensure_sqlite_folder", "SessionFactory"]

SQLITE_BEGIN = "suppeq_sqlite_begin"


def make_engine(url: str) -> Engine:
    """Build an engine; SQLite gets WAL, foreign keys and a busy timeout."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.drivername == "postgresql":
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url, pool_pre_ping=True)


def ensure_sqlite_folder(url: str) -> None:
    """Create the folder of a SQLite file so that a fresh checkout can start."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    ):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    ensure_sqlite_folder(url)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Readers and the in-process job writer share the file; wait, don't fail.
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # Write paths read first (de-duplication, look-ups). A deferred transaction
        # that read an older snapshot fails at once, without waiting, when it then
        # writes after another writer committed; IMMEDIATE takes the write lock up
        # front, so writers queue on busy_timeout instead. Read-only sessions stay
        # deferred so that they never wait for a writer (WAL).
        mode = connection.get_execution_options().get(SQLITE_BEGIN, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class SessionFactory:
    """Hands out sessions bound to one engine (swapped in tests)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._reader = sessionmaker(engine, expire_on_commit=False)
        writer_engine = engine.execution_options(**{SQLITE_BEGIN: "IMMEDIATE"})
        self._writer = sessionmaker(writer_engine, expire_on_commit=False)

    def __call__(self, write: bool = False) -> Session:
        return (self._writer if write else self._reader)()

    @contextmanager
    def scope(self, write: bool = False) -> Iterator[Session]:
        """A session committed at the end, rolled back on error.

        Pass `write=True` when the session will write: on SQLite it then holds
        the write lock from its first statement (see `_sqlite_engine`).
        """
        session = self(write)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
