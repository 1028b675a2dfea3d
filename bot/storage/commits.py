"""Commits whose acknowledgement was lost: did they happen?

A connection can drop after the database committed but before it said so. Retrying the work
then does it twice (a walk logged twice, a check-in applied twice), so while an update is
handled each write transaction also writes a random token (CommitMark), and a commit that fails
for a database reason is checked: once the database answers, the token is there if and only if
the commit happened. If it did, the handler goes on as if the commit had been acknowledged.

The token costs no statement of SQLAlchemy's own (which would be a fifth of a typed answer's
CPU): on SQLite it is written in the commit's own thread hop, on PostgreSQL it goes to asyncpg
directly, in the same transaction, just before the commit.

A handler that goes on after such a check gets the transaction's rows as they were committed:
the failed commit's rollback expires them (and un-persists new ones), and reading one then would
fail on a detached row (`rows_as_committed`).
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast

from sqlalchemy import Select, Table, insert, inspect, select
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from bot.storage.models import CommitMark
from bot.storage.outages import in_words, is_database_outage
from bot.storage.sqlite_hops import write_at_commit

log = logging.getLogger(__name__)

# How long to wait for the database to answer whether a commit happened.
VERIFY_FOR_S = 30.0
FIRST_DELAY_S = 0.2
MAX_DELAY_S = 5.0

_MARKS = cast(Table, CommitMark.__table__)
_MARK = insert(_MARKS)
_MARK_SQL = "INSERT INTO commit_marks (token, made_at) VALUES "
# Makes the query that finds a transaction's own row.
Witness = Callable[[], Select[Any]]
_MARKING: contextvars.ContextVar[bool] = contextvars.ContextVar("marking", default=False)


@contextmanager
def marking_commits() -> Iterator[None]:
    """Within: write transactions are marked and their lost acknowledgements checked."""
    token = _MARKING.set(True)
    try:
        yield
    finally:
        _MARKING.reset(token)


def marked() -> bool:
    return _MARKING.get()


class VerifiedCommit:
    """`async with` a writing transaction, like AsyncSession's own, that writes a token before
    it commits and checks for it when the commit fails for a database reason. `witness`, if
    given, makes a query that finds a row of the transaction's own that no other can have
    written (then no token is needed; it is made only when a commit fails)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        session: AsyncSession,
        witness: Witness | None = None,
    ) -> None:
        self._sessions, self._session, self._witness = sessions, session, witness
        self._inner: Any = session._maker_context_manager()

    async def __aenter__(self) -> AsyncSession:
        return cast(AsyncSession, await self._inner.__aenter__())

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is not None:
            await self._inner.__aexit__(kind, error, traceback)
            return
        if self._witness is not None:
            witness = self._witness()
        else:
            token = uuid.uuid4().hex
            witness = select(CommitMark.token).where(CommitMark.token == token)
        try:
            if self._witness is None:
                await _write_mark(self._session, token, datetime.now(UTC))
            await self._session.flush()  # what commit would flush: the rows are now as stored
        except BaseException as failed:
            await self._inner.__aexit__(type(failed), failed, failed.__traceback__)
            raise
        rows = _loaded(self._session)
        try:
            await self._inner.__aexit__(None, None, None)
        except Exception as failed:
            await self._session.close()  # give its connection back: the check needs one
            if not is_database_outage(failed) or not await self._committed(witness, failed):
                raise
            rows_as_committed(rows)
            log.warning(
                "a commit's acknowledgement was lost (%s); it had committed", in_words(failed)
            )

    async def _committed(self, witness: Select[Any], failed: Exception) -> bool:
        """Whether the witness finds its row, once the database answers (False if it does
        not)."""
        deadline, delay = time.monotonic() + VERIFY_FOR_S, FIRST_DELAY_S
        while True:
            try:
                async with self._sessions() as session:
                    found = await session.execute(witness)
                    return found.first() is not None
            except Exception as error:
                if not is_database_outage(error) or time.monotonic() > deadline:
                    log.error(
                        "could not tell whether a commit happened (%s); retrying it",
                        in_words(failed),
                    )
                    return False
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY_S)


async def _write_mark(session: AsyncSession, token: str, made_at: datetime) -> None:
    """The token, in the session's transaction, by the cheapest way its driver offers."""
    connection = await session.connection()
    pooled = await connection.get_raw_connection()
    driver = pooled.dbapi_connection
    processor = _MARKS.c.made_at.type.bind_processor(connection.dialect)
    at = processor(made_at) if processor is not None else made_at
    if write_at_commit(driver, _MARK_SQL + "(?, ?)", (token, at)):
        return
    if isinstance(driver, AsyncAdapt_asyncpg_connection) and driver._transaction is not None:
        await driver.driver_connection.execute(_MARK_SQL + "($1, $2)", token, at)
        return
    await session.execute(_MARK, {"token": token, "made_at": made_at})


Loaded = list[tuple[object, dict[str, Any]]]


def _loaded(session: AsyncSession) -> Loaded:
    """Every row the session holds, with its column values, just before the commit."""
    rows = []
    for state in session.sync_session.identity_map.all_states():
        obj = state.obj()
        if obj is not None:
            columns = state.mapper.column_attrs.keys()
            rows.append((obj, {key: state.dict[key] for key in columns if key in state.dict}))
    return rows


def rows_as_committed(rows: Loaded) -> None:
    """Give rows back the values they were committed with, detached, as a session that closed
    after a successful commit leaves them."""
    for obj, values in rows:
        state = inspect(obj)
        if state.key is None:  # new in the transaction: the rollback made it transient again
            make_transient_to_detached(obj)
        for key, value in values.items():
            set_committed_value(obj, key, value)
