"""Commits whose acknowledgement was lost: did they happen?

A connection can drop after the database committed but before it said so. Retrying the work
then does it twice (a walk logged twice, a check-in applied twice), so while an update is
handled each write transaction also writes a random token (CommitMark), and a commit that fails
for a database reason is checked: once the database answers, the token is there if and only if
the commit happened. If it did, the handler goes on as if the commit had been acknowledged.

The token costs no statement of SQLAlchemy's own (which would be a fifth of a typed answer's
CPU): on SQLite it is written in the commit's own thread hop, on PostgreSQL it goes to asyncpg
directly, in the same transaction, just before the commit.

The update's own id (bot.storage.updates: Telegram may deliver an update twice) is recorded the
same way, in the first write transaction its handling commits, instead of a token: its row is
that transaction's proof, and what the update changed is stored with the record that it was
handled, or neither is. A handling that writes nothing records it at its end (`Handling`). Should
another worker have recorded the same update first, the transaction is rolled back whole and
`duplicate` is raised.

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
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, cast

from sqlalchemy import Select, Table, insert, inspect, select
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from bot.storage.models import Checkin, CommitMark, ProcessedUpdate, User
from bot.storage.outages import in_words, is_database_outage
from bot.storage.sqlite_hops import write_at_commit

log = logging.getLogger(__name__)

# How long to wait for the database to answer whether a commit happened.
VERIFY_FOR_S = 30.0
FIRST_DELAY_S = 0.2
MAX_DELAY_S = 5.0

_MARKS = cast(Table, CommitMark.__table__)
_MARK_SQL = "INSERT INTO commit_marks (token, made_at) VALUES "
# Makes the query that finds a transaction's own row.
Witness = Callable[[], Select[Any]]
_UPDATES = cast(Table, ProcessedUpdate.__table__)
_UPDATE_SQL = "INSERT INTO processed_updates (update_id, handled_at) VALUES "


@dataclass
class Record:
    """An update id to record as handled at `at`, and how to record it on its own."""

    update_id: int
    at: datetime
    alone: Callable[[int, datetime], Awaitable[object]]

    def witness(self) -> Select[Any]:
        """No other transaction writes this id at this instant."""
        return select(ProcessedUpdate.update_id).where(
            ProcessedUpdate.update_id == self.update_id, ProcessedUpdate.handled_at == self.at
        )


@dataclass
class Arrival:
    """What was read when the update arrived: whether its id was recorded before, its
    person's row (None: someone never met) and the check-in their open question is about,
    each kept for the first read of it until a write."""

    update_id: int
    seen: bool
    user_id: int
    user: User | None
    checkin: Checkin | None = None
    user_fresh: bool = True
    checkin_fresh: bool = True

    def take_user(self, user_id: int) -> tuple[bool, User | None]:
        """(True, the person's row read on arrival) if they are the one asked for and nothing
        was written since, else (False, None); a second read reads again (the handler may
        have changed the row)."""
        if not self.user_fresh or user_id != self.user_id:
            return False, None
        self.user_fresh = False
        return True, self.user

    def take_checkin(self, user_id: int, checkin_id: int) -> Checkin | None:
        """The check-in read on arrival, if it is the one asked for and nothing was written
        since; a second read reads again."""
        checkin = self.checkin
        if not self.checkin_fresh or checkin is None or checkin.id != checkin_id:
            return None
        if checkin.user_id != user_id:
            return None
        self.checkin_fresh = False
        return checkin

    def written(self) -> None:
        """A write transaction began: neither row may still be as stored."""
        self.user_fresh = self.checkin_fresh = False


@dataclass
class Handling:
    """The update being handled, as storage sees it."""

    duplicate: Callable[[], BaseException]
    arrival: Arrival | None = None
    record: Record | None = None

    def wrote(self) -> None:
        """A write transaction began: the row read on arrival may no longer be as stored."""
        if self.arrival is not None:
            self.arrival.written()

    async def record_if_pending(self) -> None:
        """The update's id, if no write transaction carried it: its handling wrote nothing."""
        record, self.record = self.record, None
        if record is None:
            return
        try:
            await record.alone(record.update_id, record.at)
        except Exception as error:  # handled and answered: at worst a redelivery is answered again
            if not is_database_outage(error):
                raise
            log.warning(
                "update %s handled, its id not recorded (%s)", record.update_id, in_words(error)
            )


_HANDLING: contextvars.ContextVar[Handling | None] = contextvars.ContextVar(
    "handling", default=None
)


class RecordedElsewhere(Exception):
    """Another worker recorded the update being handled first; this one's writes were undone."""


@contextmanager
def marking_commits(
    duplicate: Callable[[], BaseException] = RecordedElsewhere,
) -> Iterator[Handling]:
    """Within: an update is handled. Write transactions are marked and their lost
    acknowledgements checked, and the first carries the update's id once it is known."""
    token = _HANDLING.set(Handling(duplicate))
    try:
        yield cast(Handling, _HANDLING.get())
    finally:
        _HANDLING.reset(token)


def handling() -> Handling | None:
    return _HANDLING.get()


def marked() -> bool:
    return _HANDLING.get() is not None


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
        self._handling = _HANDLING.get()
        if self._handling is not None:
            self._handling.wrote()

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
        record = None
        if self._handling is not None:
            record, self._handling.record = self._handling.record, None
        try:
            if record is not None:  # the update's id: its own row is the witness
                witness = self._witness or record.witness
                await _write_at_commit(
                    self._session, _UPDATES, _UPDATE_SQL, record.update_id, record.at
                )
            elif self._witness is not None:
                witness = self._witness
            else:
                witness = _mark_witness(token := uuid.uuid4().hex)
                await _write_at_commit(self._session, _MARKS, _MARK_SQL, token, datetime.now(UTC))
            await self._session.flush()  # what commit would flush: the rows are now as stored
        except BaseException as failed:
            await self._inner.__aexit__(type(failed), failed, failed.__traceback__)
            if record is not None and _unique_violation(failed):
                raise self._recorded_before(record) from failed
            self._give_back(record)
            raise
        rows = _loaded(self._session)
        try:
            await self._inner.__aexit__(None, None, None)
        except Exception as failed:
            await self._session.close()  # give its connection back: the check needs one
            if record is not None and _unique_violation(failed):
                raise self._recorded_before(record) from failed
            if not is_database_outage(failed) or not await self._committed(witness, failed):
                self._give_back(record)
                raise
            rows_as_committed(rows)
            log.warning(
                "a commit's acknowledgement was lost (%s); it had committed", in_words(failed)
            )

    def _recorded_before(self, record: Record) -> BaseException:
        """The update's id was recorded by another worker meanwhile: it handled the update."""
        assert self._handling is not None
        log.info(
            "update %s was handled by another worker; this one's writes are undone",
            record.update_id,
        )
        return self._handling.duplicate()

    def _give_back(self, record: Record | None) -> None:
        """The transaction did not commit: its update id is still to be recorded."""
        if record is not None and self._handling is not None:
            self._handling.record = record

    async def _committed(self, witness: Witness, failed: Exception) -> bool:
        """Whether the witness's query finds its row, once the database answers (False if it
        does not). The query is built only here: most commits never need it."""
        deadline, delay = time.monotonic() + VERIFY_FOR_S, FIRST_DELAY_S
        while True:
            try:
                async with self._sessions() as session:
                    found = await session.execute(witness())
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


def _mark_witness(token: str) -> Witness:
    return lambda: select(CommitMark.token).where(CommitMark.token == token)


async def _write_at_commit(
    session: AsyncSession, table: Table, sql: str, key: object, when: datetime
) -> None:
    """A row of (key, time) in the session's transaction, by the cheapest way its driver
    offers: in the commit's own hop (SQLite), straight through asyncpg (PostgreSQL)."""
    connection = await session.connection()
    pooled = await connection.get_raw_connection()
    driver = pooled.dbapi_connection
    key_column, time_column = table.columns
    processor = time_column.type.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    at = processor(when) if processor is not None else when
    if write_at_commit(driver, sql + "(?, ?)", (key, at)):
        return
    if isinstance(driver, AsyncAdapt_asyncpg_connection) and driver._transaction is not None:
        await driver.driver_connection.execute(sql + "($1, $2)", key, at)
        return
    await session.execute(insert(table), {key_column.name: key, time_column.name: when})


def _unique_violation(error: BaseException) -> bool:
    """A row with the same key was there: SQLAlchemy's IntegrityError, or asyncpg's own."""
    return isinstance(error, IntegrityError) or getattr(error, "sqlstate", None) == "23505"


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
