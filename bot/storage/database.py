"""Engine and session factory.

SQLite gets WAL, a busy timeout and foreign keys on every connection.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

SQLITE_BUSY_TIMEOUT_MS = 5000


def create_engine(url: str, foreign_keys: bool = True) -> AsyncEngine:
    """The engine for `url`. SQLite migrations pass foreign_keys=False: rebuilding a table
    (Alembic's batch mode) drops the old one, and with foreign keys on, that cascades."""
    if url.startswith("sqlite"):
        # One connection: SQLite writes one transaction at a time anyway, and a single
        # connection queues them in order instead of making them wait on the file lock
        # (whose busy-wait sleeps in milliseconds).
        engine = create_async_engine(
            url,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
        )
        event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, foreign_keys))
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_async_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(foreign_keys: bool, dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, issue BEGIN, so that it can be BEGIN IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # an in-memory database just answers "memory"
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Read-then-write transactions must take the write lock up front, or they fail with
    # "database is locked" instead of waiting (see engineering notes).
    connection.exec_driver_sql("BEGIN IMMEDIATE")
