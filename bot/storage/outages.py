"""Telling "the database is away for a while" apart from a bug.

An outage passes (a restart, a failover, a busy SQLite file), so work that failed because of one
is worth doing again; a bug fails the same way every time. SQLAlchemy passes some driver errors
through unwrapped: asyncpg raises a bare ConnectionRefusedError when the server is down.
"""

from __future__ import annotations

import sqlite3
import traceback

import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import exc

_ASYNCPG_OUTAGES = (
    asyncpg.PostgresConnectionError,  # class 08: connection failures
    asyncpg.CannotConnectNowError,  # "the database system is starting up"
    asyncpg.AdminShutdownError,  # pg_ctl stop -m fast ended our session
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InterfaceError,  # e.g. "connection is closed"
)
_SQLITE_TRANSIENT = ("locked", "busy", "unable to open", "disk i/o")
_DRIVERS = ("/asyncpg/", "/sqlalchemy/", "/aiosqlite/")


def is_database_outage(error: BaseException | None) -> bool:
    """True when `error`, or an error it was raised from, says the database could not be
    reached or was too busy: worth retrying later."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if _is_outage(error):
            return True
        error = error.__cause__ or error.__context__
    return False


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError | exc.InterfaceError):
        if isinstance(error.orig, sqlite3.Error):
            return any(word in str(error.orig).lower() for word in _SQLITE_TRANSIENT)
        return True
    if isinstance(error, (exc.TimeoutError, *_ASYNCPG_OUTAGES)):  # TimeoutError: pool exhausted
        return True
    if isinstance(error, OSError):  # refused, reset, unreachable: only from the driver
        frames = traceback.extract_tb(error.__traceback__)
        return any(driver in frame.filename for frame in frames for driver in _DRIVERS)
    return False
