"""Engine and session factory.

SQLite gets WAL, a busy timeout and foreign keys on every connection. No engine ever shows bound
parameters in its errors or logs: they hold what people typed (rule texts, names, ratings).
"""

from __future__ import annotations

import contextvars
import functools
import json
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from sqlalchemy import URL, Dialect, UpdateBase, event, exc, make_url
from sqlalchemy.engine import Compiled
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from bot.storage.commits import VerifiedCommit, Witness, marked
from bot.storage.outages import reopen_after_read_only
from bot.storage.sqlite_hops import defer_begin, write_at_commit  # also registers the dialect

SQLITE_BUSY_TIMEOUT_MS = 5000


def compact_json(value: Any) -> str:
    """JSON columns without the spaces after separators and with letters as they are: about a
    tenth of what sessions and check-ins take on disk, for the same values."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def create_engine(url: str, foreign_keys: bool = True) -> AsyncEngine:
    """The engine for `url`. SQLite migrations pass foreign_keys=False: rebuilding a table
    (Alembic's batch mode) drops the old one, and with foreign keys on, that cascades."""
    if url.startswith("sqlite"):
        # One connection: SQLite writes one transaction at a time anyway, and a single
        # connection queues them in order instead of making them wait on the file lock
        # (whose busy-wait sleeps in milliseconds).
        engine = create_async_engine(
            one_hop(url),
            hide_parameters=True,
            json_serializer=compact_json,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            pool_size=1,
            max_overflow=0,
            pool_timeout=60,
        )
        event.listen(engine.sync_engine, "connect", partial(_sqlite_pragmas, foreign_keys))
        event.listen(engine.sync_engine, "begin", _sqlite_begin_immediate)
        event.listen(engine.sync_engine, "handle_error", reopen_after_read_only)
        return engine
    engine = create_async_engine(
        url, hide_parameters=True, json_serializer=compact_json, pool_size=5, max_overflow=5
    )
    event.listen(engine.sync_engine.pool, "checkin", _idle_from_now)
    event.listen(engine.sync_engine.pool, "checkout", partial(_ping_if_idle, engine.dialect))
    return engine


# A connection back from the pool after this long is pinged before use: a database restart or a
# proxy's idle timeout closes it silently. One used more recently is not (SQLAlchemy's
# pool_pre_ping pings every time: a round trip per session, a third of a short read's cost); if
# the database went away since, the statement fails, the pool is emptied and the update is
# tried again (bot/telegram/updates.py).
PING_AFTER_IDLE_S = 5.0
IDLE_SINCE = "backcoach_idle_since"


def _idle_from_now(_dbapi_connection: Any, record: Any) -> None:
    record.info[IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dialect: Any, dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    idle_since = record.info.get(IDLE_SINCE)
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_S:
        return
    try:
        dialect.do_ping(dbapi_connection)
    except dialect.loaded_dbapi.Error as error:  # gone: start afresh, as pre-ping would
        raise exc.InvalidatePoolError() from error


# Marks connections of read-only sessions, so SQLite does not take the write lock for them.
READS = "backcoach_reads"


# The session of the unit of work under way (Sessions.one_commit), if any.
_UNIT: contextvars.ContextVar[AsyncSession | None] = contextvars.ContextVar("unit", default=None)


class Sessions(async_sessionmaker[AsyncSession]):
    """`begin()` gives a writing transaction; a plain session only reads (no repository commits
    one), so it runs without a transaction of its own: on SQLite no BEGIN IMMEDIATE (reads need
    not queue for the write lock), on PostgreSQL no BEGIN/ROLLBACK round trips. Each of its
    statements sees the database as of that statement.

    Within `one_commit()` both are the one session of that unit of work instead: its reads see
    its own writes, and all its writes commit together or not at all."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(engine, expire_on_commit=False)
        reads: dict[str, Any] = {READS: True}
        if engine.dialect.name != "sqlite":
            reads["isolation_level"] = "AUTOCOMMIT"
        self._reads = engine.execution_options(**reads)

    def __call__(self, **local_kw: Any) -> AsyncSession:
        unit = _UNIT.get()
        if unit is not None:
            return _Joined(unit)  # type: ignore[return-value]
        local_kw.setdefault("bind", self._reads)
        return super().__call__(**local_kw)

    @asynccontextmanager
    async def one_commit(self) -> AsyncIterator[None]:
        """Within: every repository's writes are one transaction, committed at the end (a
        retry after a fault finds all of them done or none). Keep Bot API calls out of it: on
        SQLite it holds the one connection throughout."""
        if _UNIT.get() is not None:
            yield
            return
        async with self.begin() as session:
            token = _UNIT.set(session)
            try:
                yield
            finally:
                _UNIT.reset(token)

    def begin(self, witness: Witness | None = None) -> Any:  # the base's type is private
        """`witness`: what tells that this transaction committed (bot/storage/commits.py)."""
        unit = _UNIT.get()
        if unit is not None:
            return _Joined(unit)
        session = super().__call__()
        if marked():  # handling an update: a lost commit acknowledgement is checked
            return VerifiedCommit(self, session, witness)
        return session._maker_context_manager()


class _Joined:
    """A repository's session or transaction within a unit of work: the unit's session, left
    open at the end (its writes flushed, so errors surface where they are made)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def __aenter__(self) -> AsyncSession:
        return self._session

    async def __aexit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            await self._session.flush()


async def write_last(session: AsyncSession, statement: UpdateBase, values: dict[str, Any]) -> None:
    """A transaction's last write: on SQLite it runs in the commit's own thread hop, as
    the driver's SQL (one hop and one statement of SQLAlchemy's fewer: a typed answer's
    next question); elsewhere, or within a unit of work, whose reads must see it, at once.
    Nothing after it in the transaction may read what it writes, and a failure surfaces
    at the commit."""
    connection = await session.connection()
    if _UNIT.get() is None and connection.dialect.name == "sqlite":
        compiled, binds = _for_driver(statement, connection.dialect)
        given = compiled.construct_params(values) or {}  # and the values the statement holds
        parameters = tuple(
            given[name] if process is None else process(given[name]) for name, process in binds
        )
        driver = (await connection.get_raw_connection()).dbapi_connection
        if write_at_commit(driver, compiled.string, parameters):
            return
    await connection.execute(statement, values)


@functools.lru_cache(maxsize=16)
def _for_driver(statement: UpdateBase, dialect: Dialect) -> tuple[Compiled, list[tuple[str, Any]]]:
    """A statement compiled as its driver takes it, and its parameters' names in order, each
    with what makes its value the driver's (a time as SQLite stores it)."""
    compiled = statement.compile(dialect=dialect)
    binds = [
        (name, compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))
        for name in compiled.positiontup or ()
    ]
    return compiled, binds


def one_hop(url: str) -> URL:
    """The same SQLite database through the aiosqlite dialect that makes one thread hop per
    statement (bot/storage/sqlite_hops.py)."""
    parsed = make_url(url)
    return (
        parsed.set(drivername="sqlite+backcoach")
        if parsed.drivername == "sqlite+aiosqlite"
        else parsed
    )


def session_factory(engine: AsyncEngine) -> Sessions:
    return Sessions(engine)


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
    # "database is locked" instead of waiting (see engineering notes). Read-only sessions run
    # in the driver's autocommit mode (isolation_level None): no BEGIN at all.
    if not connection.get_execution_options().get(READS) and not defer_begin(
        connection, "BEGIN IMMEDIATE"
    ):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
