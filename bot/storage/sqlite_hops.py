"""Fewer thread hops per SQLite statement.

aiosqlite runs the sqlite3 connection in a thread of its own, and each call it makes there is a
round trip from the event loop (measured: 0.1-1 ms each on a busy 2-core machine). SQLAlchemy's
adapter makes four per statement (open a cursor, execute, fetch, close) and one more for every
rollback, even where no transaction is open. With one connection per process every hop is
serialised, so hops, not SQL, bound how many updates a second the bot handles on SQLite. Here a
statement is one hop (the four steps run together in aiosqlite's thread, after the transaction's
BEGIN IMMEDIATE when it is the first), a commit or rollback with nothing to end is none, and
the last writes of a transaction can ride in its commit's hop.
`create_engine` uses it for every "sqlite+aiosqlite" URL.

This leans on aiosqlite's and SQLAlchemy's internals (`_execute`, `_conn`, the adapter's cursor
class); tests/storage/test_sqlite_hops.py pins the behaviour, so an upgrade that changes them
fails there first.
"""

from __future__ import annotations

import collections
from typing import Any

from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    SQLiteDialect_aiosqlite,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """Runs cursor, execute, fetchall and close in aiosqlite's thread as one call."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:  # no cursor opened ahead: no hop
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: Any = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _async_soft_close(self) -> None:
        """Nothing to close: the sqlite3 cursor was closed in the same hop."""

    def close(self) -> None:
        self._rows.clear()

    async def _run(self, many: bool, operation: Any, parameters: Any) -> Any:
        raw = self._connection._conn  # used only inside aiosqlite's thread, below
        adapt: OneHopConnection = self._adapt_connection  # type: ignore[assignment]
        begin, adapt.begin_pending = adapt.begin_pending, None

        def run() -> tuple[Any, int, Any, list[Any]]:
            if begin is not None:
                raw.execute(begin)
            cursor = raw.cursor()
            try:
                if many:
                    cursor.executemany(operation, parameters)
                else:
                    cursor.execute(operation, () if parameters is None else parameters)
                rows = cursor.fetchall() if cursor.description else []
                return cursor.description, cursor.rowcount, cursor.lastrowid, rows
            finally:
                cursor.close()

        async with self._adapt_connection._execute_mutex:
            result = await self._connection._execute(run)
        self._description, self._rowcount, self._lastrowid, rows = result
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._run(False, operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._run(True, operation, seq_of_parameters)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """`begin_pending` holds a BEGIN to run in the same hop as the transaction's first
    statement (`defer_begin`); `at_commit` the last writes to run, in order, in the commit's
    hop (`write_at_commit`)."""

    __slots__ = ("at_commit", "begin_pending")
    _cursor_cls = OneHopCursor

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.begin_pending: str | None = None
        self.at_commit: list[tuple[str, tuple[Any, ...]]] = []

    def rollback(self) -> None:
        # Read-only sessions run in autocommit mode: most rollbacks have nothing to undo.
        self.begin_pending, self.at_commit = None, []
        raw = self._connection._connection
        if raw is not None and raw.in_transaction:
            super().rollback()

    def commit(self) -> None:
        begin, self.begin_pending = self.begin_pending, None
        writes, self.at_commit = self.at_commit, []
        raw = self._connection._connection
        if raw is None:
            return
        if not writes:
            if raw.in_transaction:  # one that ran nothing has nothing to commit
                super().commit()
            return

        def write_and_commit() -> None:
            if begin is not None and not raw.in_transaction:  # its writes are all at commit
                raw.execute(begin)
            for write in writes:
                raw.execute(*write)
            raw.commit()

        try:
            await_(self._connection._execute(write_and_commit))
        except Exception as error:
            self._handle_exception(error)


def defer_begin(connection: Any, begin: str) -> bool:
    """Have `begin` run with the next statement on this SQLAlchemy connection; False if its
    driver connection is not one of ours (then the caller runs it now)."""
    driver = connection.connection.dbapi_connection
    if not isinstance(driver, OneHopConnection):
        return False
    driver.begin_pending = begin
    return True


def write_at_commit(driver: Any, sql: str, parameters: tuple[Any, ...]) -> bool:
    """Have the INSERT or UPDATE `sql` run in the same hop as the commit of the transaction open
    on `driver` (a pooled connection's driver-level connection), after those asked for before;
    False if it is not one of ours."""
    if not isinstance(driver, OneHopConnection):
        return False
    driver.at_commit.append((sql, parameters))
    return True


class OneHopDialect(SQLiteDialect_aiosqlite):
    """The aiosqlite dialect with the connection and cursor above."""

    supports_statement_cache = True

    def connect(self, *args: Any, **kwargs: Any) -> Any:
        connection = super().connect(*args, **kwargs)
        return OneHopConnection(connection.dbapi, connection._connection)


registry.register("sqlite.backcoach", __name__, "OneHopDialect")
