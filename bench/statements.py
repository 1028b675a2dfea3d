"""6. What each database call of a typed check-in answer costs alone: CPU per call, in the order
the answer makes them, against an empty `SELECT 1` through the same engine (the floor of any
statement through SQLAlchemy's asyncio layer and the driver). The answer makes two: the person
with whether the update was handled before and the check-in they are answering, and the answer
with the next question and the update's record (bot/storage/commits.py)."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.common import NOW, emit, scratch_database
from bench.interactive import seed_open_checkins
from bot.storage import Storage
from bot.storage.commits import marking_commits

CALLS = 2000


async def cpu_ms(call: Callable[[int], Awaitable[Any]], calls: int = CALLS) -> float:
    await call(calls)  # warm: compiled statements cached
    start = time.process_time()
    for n in range(calls):
        await call(n)
    return (time.process_time() - start) / calls * 1000


async def run_statements(engine: str, folder: Path) -> dict[str, Any]:
    async with scratch_database(engine, folder, "statements") as database:
        storage = Storage.open(database)
        try:
            await storage.migrate()
            ids = await seed_open_checkins(storage, CALLS + 1, first_id=10_000)

            async def select_1(_n: int) -> None:
                async with storage.engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))

            async def arrival(n: int) -> None:
                with marking_commits():
                    await storage.users.arriving(ids[n], 10**9 + n)
                    await storage.coaching.checkin(ids[n], ids[n])  # read with the person

            async def answer(n: int) -> None:
                with marking_commits():  # as while an update is handled: its id rides along
                    await storage.users.arriving(ids[n], 2 * 10**9 + n)
                    await storage.updates.first_time(2 * 10**9 + n, NOW)
                    checkin = await storage.coaching.checkin(ids[n], ids[n])
                    assert checkin is not None
                    await storage.coaching.answer_checkin(checkin, NOW, "ci:1:effort", pain=4)

            costs = {
                "select_1": await cpu_ms(select_1),
                "person_checkin_and_update_seen_read": await cpu_ms(arrival),
                "answer_next_question_and_update_id_written": await cpu_ms(answer),
            }
            costs["answer_next_question_and_update_id_written"] -= costs[
                "person_checkin_and_update_seen_read"
            ]  # the arrival it needs to know the update is new
        finally:
            await storage.close()
    calls = {name: round(value, 3) for name, value in costs.items() if name != "select_1"}
    return emit(
        "typed_answer_database_cpu",
        sum(calls.values()),
        "ms",
        engine=engine,
        select_1_ms=round(costs["select_1"], 3),
        **{f"{name}_ms": value for name, value in calls.items()},
    )
