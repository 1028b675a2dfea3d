"""Which failures count as "the database is away for a while" (kept and retried) and which are
bugs (reported at once)."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.storage.outages import in_words, is_database_outage, outage_cause
from tests.pgcluster import free_port


def wrapped(orig: BaseException, cls: type[DBAPIError] = OperationalError) -> DBAPIError:
    return cls("SELECT 1", {}, orig)


async def test_a_postgresql_server_that_refuses_connections_is_an_outage() -> None:
    with pytest.raises(OSError) as refused:
        await asyncpg.connect(f"postgresql://postgres@127.0.0.1:{free_port()}/postgres")
    assert is_database_outage(refused.value)


def test_a_locked_or_busy_sqlite_file_is_an_outage() -> None:
    assert is_database_outage(wrapped(sqlite3.OperationalError("database is locked")))
    assert is_database_outage(wrapped(sqlite3.OperationalError("unable to open database file")))


def test_a_database_that_cannot_write_is_an_outage_with_its_cause_in_words() -> None:
    full = wrapped(sqlite3.OperationalError("database or disk is full"))
    read_only = wrapped(sqlite3.OperationalError("attempt to write a readonly database"))
    assert (outage_cause(full), outage_cause(read_only)) == ("disk_full", "read_only")
    assert in_words(full) == "database disk is full (OperationalError)"
    assert in_words(read_only) == "database is read-only (OperationalError)"


def test_postgresql_out_of_space_or_read_only_is_an_outage() -> None:
    for orig, cause in [
        (asyncpg.DiskFullError("could not extend file: No space left on device"), "disk_full"),
        (asyncpg.ReadOnlySQLTransactionError("read-only transaction"), "read_only"),
    ]:
        error = wrapped(Exception("asyncpg"), DBAPIError)
        error.__cause__ = orig  # as SQLAlchemy's asyncpg adapter raises it
        assert outage_cause(error) == cause
        assert outage_cause(wrapped(orig)) == cause


def test_a_lost_connection_is_an_outage_whatever_its_error_class() -> None:
    error = wrapped(Exception("server closed the connection"), DBAPIError)
    assert not is_database_outage(error)
    error.connection_invalidated = True
    assert is_database_outage(error)


def test_bugs_are_not_outages() -> None:
    assert not is_database_outage(wrapped(sqlite3.OperationalError("no such table: users")))
    assert not is_database_outage(wrapped(sqlite3.IntegrityError("UNIQUE"), IntegrityError))
    assert not is_database_outage(ValueError("bad input"))
    assert not is_database_outage(None)


def test_an_os_error_outside_the_database_driver_is_not_an_outage() -> None:
    try:
        open("/nonexistent/backcoach/chart.png")  # noqa: SIM115
    except OSError as error:
        assert not is_database_outage(error)
