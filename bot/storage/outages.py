"""Telling "the database is away for a while" apart from a bug.

An outage passes (a restart, a failover, a busy SQLite file, a disk someone frees, a file made
writable again), so work that failed because of one is worth doing again; a bug fails the same
way every time. A database that can still be read but not written to is an outage too. SQLAlchemy
passes some driver errors through unwrapped: asyncpg raises a bare ConnectionRefusedError when
the server is down.

Each outage has a cause in words, for logs, metrics and /readyz; never the error's own message,
which can quote a statement's values.
"""

from __future__ import annotations

import sqlite3
import traceback
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import exc

UNREACHABLE, BUSY, DISK_FULL, READ_ONLY, DISK_ERROR = (
    "unreachable",
    "busy",
    "disk_full",
    "read_only",
    "disk_error",
)
# Each cause (a metrics label and /readyz's answer) in words, for the logs.
IN_WORDS = {
    UNREACHABLE: "database unreachable",
    BUSY: "database busy",
    DISK_FULL: "database disk is full",
    READ_ONLY: "database is read-only",
    DISK_ERROR: "database disk error",
}

_ASYNCPG_OUTAGES: tuple[tuple[type[BaseException], str], ...] = (
    (asyncpg.DiskFullError, DISK_FULL),  # 53100: "could not extend file", no space in pg_wal
    (asyncpg.ReadOnlySQLTransactionError, READ_ONLY),  # 25006: a standby after a failover
    (asyncpg.TooManyConnectionsError, BUSY),
    (asyncpg.PostgresConnectionError, UNREACHABLE),  # class 08: connection failures
    (asyncpg.CannotConnectNowError, UNREACHABLE),  # "the database system is starting up"
    (asyncpg.AdminShutdownError, UNREACHABLE),  # pg_ctl stop -m fast ended our session
    (asyncpg.CrashShutdownError, UNREACHABLE),
    (asyncpg.InterfaceError, UNREACHABLE),  # e.g. "connection is closed"
)
# Words in SQLite's messages (its error codes FULL, READONLY, BUSY, LOCKED, CANTOPEN, IOERR).
_SQLITE_OUTAGES = (
    ("disk is full", DISK_FULL),
    ("readonly", READ_ONLY),
    ("locked", BUSY),
    ("busy", BUSY),
    ("unable to open", UNREACHABLE),
    ("disk i/o", DISK_ERROR),
)
_DRIVERS = ("/asyncpg/", "/sqlalchemy/", "/aiosqlite/")


def is_database_outage(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from, says the database could not be
    reached, was too busy, or could not write: worth retrying later."""
    return outage_cause(error) is not None


def outage_cause(error: BaseException | None) -> str | None:
    """Why the database could not do the work (a key of IN_WORDS), or None when it was not an
    outage. The most specific cause in the chain wins: a full disk can reach us as an
    OperationalError raised from asyncpg's DiskFullError."""
    seen: set[int] = set()
    found: str | None = None
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        cause = _cause(error)
        if cause is not None and (found is None or found == UNREACHABLE):
            found = cause
        error = error.__cause__ or error.__context__
    return found


def in_words(error: BaseException | None) -> str:
    """The outage's cause and the error's type, "database disk is full (OperationalError)":
    what a log line may say about it."""
    cause = IN_WORDS.get(outage_cause(error) or "", "not an outage")
    return f"{cause} ({type(error).__name__})"


def _cause(error: BaseException) -> str | None:
    if isinstance(error, sqlite3.Error):
        return _sqlite_cause(error)
    for kind, cause in _ASYNCPG_OUTAGES:
        if isinstance(error, kind):
            return cause
    if isinstance(error, exc.DBAPIError):
        if isinstance(error.orig, sqlite3.Error):
            return _sqlite_cause(error.orig) or (
                UNREACHABLE if error.connection_invalidated else None
            )
        inner = _cause(error.orig) if isinstance(error.orig, BaseException) else None
        if inner is not None:
            return inner
        if error.connection_invalidated or isinstance(
            error, exc.OperationalError | exc.InterfaceError
        ):
            return UNREACHABLE
    if isinstance(error, exc.TimeoutError):  # the pool stayed exhausted
        return BUSY
    if isinstance(error, OSError):  # refused, reset, unreachable: only from the driver
        frames = traceback.extract_tb(error.__traceback__)
        if any(driver in frame.filename for frame in frames for driver in _DRIVERS):
            return UNREACHABLE
    return None


def _sqlite_cause(error: sqlite3.Error) -> str | None:
    message = str(error).lower()
    return next((cause for words, cause in _SQLITE_OUTAGES if words in message), None)


def reopen_after_read_only(context: Any) -> None:
    """SQLAlchemy's handle_error hook for SQLite: a connection opened while the file could not
    be written to stays read-only even once it can, so drop it and open a fresh one next time."""
    original = context.original_exception
    if isinstance(original, sqlite3.Error) and _sqlite_cause(original) == READ_ONLY:
        context.is_disconnect = True
