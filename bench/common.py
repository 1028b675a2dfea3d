"""Shared pieces: printing results, scratch databases, seeding many people quickly."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from unittest.mock import patch

import asyncpg
from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import Storage, database
from bot.storage.database import READS
from bot.storage.models import Nudge, User
from bot.storage.sqlite_hops import write_at_commit

POSTGRES_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
TOKEN = "4242:bench-token-for-the-fake-server"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, inside everyone's desk hours
CHUNK = 5000
# Far enough ahead to be due for no benchmark, whatever the clock says.
LATER = datetime(2030, 1, 1, tzinfo=UTC)


def emit(name: str, value: float, unit: str, **params: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"name": name, "value": round(value, 3), "unit": unit}
    if "engine" in params:  # at the top too, so figures of both engines sort side by side
        result = {"name": name, "engine": params["engine"], **result}
    result["params"] = params
    print(json.dumps(result), flush=True)
    return result


@contextmanager
def timer() -> Iterator[list[float]]:
    """Yields a list that holds the elapsed seconds once the block ends."""
    elapsed: list[float] = []
    start = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - start)


@dataclass
class StatementCount:
    """SQL statements an engine ran (BEGIN not among them), and its transactions: read-only
    sessions' (which issue no BEGIN) and writing ones."""

    statements: int = 0
    transactions: int = 0
    write_transactions: int = 0


@contextmanager
def watching(
    engine: AsyncEngine, statement: Callable[[str], None], begin: Callable[[bool], None]
) -> Iterator[None]:
    """Inside the block, `statement(sql)` for each statement `engine` runs (BEGIN not among
    them, and each last write that rides in a SQLite commit's hop, `write_last`, among them),
    and `begin(writes)` as each of its transactions begins, through SQLAlchemy's events."""
    on = [True]

    def last(driver: Any, sql: str, parameters: tuple[Any, ...]) -> bool:
        if on[0]:
            statement(sql)
        return write_at_commit(driver, sql, parameters)

    def executing(_connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if on[0] and not sql.startswith("BEGIN"):  # SQLite's BEGIN: a transaction, not a statement
            statement(sql)

    def beginning(connection: Any) -> None:
        if on[0]:
            begin(not connection.get_execution_options().get(READS))

    # Left attached (switched off) afterwards: removing them while a statement runs breaks it.
    event.listen(engine.sync_engine, "before_cursor_execute", executing)
    event.listen(engine.sync_engine, "begin", beginning)
    try:
        with patch.object(database, "write_at_commit", last):
            yield
    finally:
        on[0] = False


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[StatementCount]:
    """Counts what `engine` runs inside the block (`watching`)."""
    count = StatementCount()

    def statement(_sql: str) -> None:
        count.statements += 1

    def begin(writes: bool) -> None:
        count.transactions += 1
        count.write_transactions += writes

    with watching(engine, statement, begin):
        yield count


@asynccontextmanager
async def scratch_database(engine: str, folder: Path, name: str) -> AsyncIterator[str]:
    """An empty database URL of the given engine, dropped afterwards (PostgreSQL)."""
    if engine == "sqlite":
        path = folder / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        yield f"sqlite+aiosqlite:///{path}"
        return
    database = f"bench_{name}"
    admin = await asyncpg.connect(POSTGRES_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    try:
        yield f"postgresql+asyncpg://postgres@127.0.0.1:5432/{database}"
    finally:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        finally:
            await admin.close()


def person(user_id: int) -> dict[str, Any]:
    return {
        "id": user_id,
        "chat_id": user_id,
        "first_name": "P",
        "created_at": NOW,
        "timezone": "Europe/Berlin",
        "desk_days": "0,1,2,3,4",
        "desk_start": clock_time(0),
        "desk_end": clock_time(23, 59),
        "routine_time": clock_time(7, 30),
        "weekly_day": 6,
        "weekly_time": clock_time(10),
        "transitions": ["out_of_bed"],
        "typical_pain": 3,
        "active": True,
        "consent_at": NOW,
        "onboarded_at": NOW,
    }


async def seed(
    storage: Storage, people: int, due_now: int = 0, first_id: int = 1, future_slots: int = 0
) -> list[int]:
    """`people` who finished onboarding; the first `due_now` have a sit break due at NOW; each
    gets `future_slots` nudges due later (as a real database would hold)."""
    ids = list(range(first_id, first_id + people))
    async with storage.engine.begin() as connection:
        for start in range(0, people, CHUNK):
            chunk = ids[start : start + CHUNK]
            await connection.execute(insert(User), [person(n) for n in chunk])
            rows = [
                {"user_id": n, "slot": "sit", "due_at": NOW, "status": "pending", "created_at": NOW}
                for n in chunk
                if n - first_id < due_now
            ]
            for slot in ("daily", "weekly", "rule:1")[:future_slots]:
                rows += [
                    {
                        "user_id": n,
                        "slot": slot,
                        "due_at": LATER,
                        "status": "pending",
                        "created_at": NOW,
                    }
                    for n in chunk
                ]
            if rows:
                await connection.execute(insert(Nudge), rows)
    return ids
