"""4. Replies while a nudge burst goes out, and 5. check-in answers handled per second compared
with a minimal echo bot on the same fake server."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.common import NOW, TOKEN, StatementCount, counting, emit, scratch_database, seed
from bench.dispatch import bench_settings
from bot.app import build_application, serving
from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from bot.coaching.plan import initial_plan
from bot.sandbox.fake_api import FakeBotApi, SentMessage
from bot.storage.models import Checkin, Plan, User, Workout
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.checkin import EFFORT_QUESTION, effort_markup

PROBE_USER = 999_999_999


async def run_latency_during_burst(
    engine: str, folder: Path, burst: int, window_s: float = 15.0
) -> dict[str, Any]:
    async with (
        scratch_database(engine, folder, "latency") as database,
        FakeBotApi(token=TOKEN) as server,
    ):
        app = build_application(bench_settings(server.base_url, database, 30), FakeClock(NOW))
        async with serving(app, poll_timeout=1):
            storage = app.bot_data["services"].storage
            await seed(storage, burst, due_now=burst)
            await seed(storage, 1, first_id=PROBE_USER)
            ticking = asyncio.create_task(app.bot_data["dispatcher"].tick())
            await asyncio.sleep(1.0)  # the burst is under way
            latencies = []
            deadline = time.perf_counter() + window_s
            while time.perf_counter() < deadline:
                before = len(server.messages(PROBE_USER))
                sent_at = time.perf_counter()
                server.send_text(PROBE_USER, "/help")
                while len(server.messages(PROBE_USER)) == before:
                    await asyncio.sleep(0.001)
                latencies.append(time.perf_counter() - sent_at)
                await asyncio.sleep(0.1)
            nudges_meanwhile = len(server.all_messages()) - len(server.messages(PROBE_USER))
            ticking.cancel()
            server.wake_pollers()
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    return emit(
        "reply_latency_during_burst_p95",
        p95 * 1000,
        "ms",
        engine=engine,
        burst=burst,
        probes=len(latencies),
        p50_ms=round(statistics.median(latencies) * 1000, 1),
        nudges_sent_meanwhile=nudges_meanwhile,
    )


async def seed_open_checkins(storage: Any, people: int, first_id: int) -> list[int]:
    """People who just finished a session, asked for its pain rating, each with a plan."""
    ids = await seed(storage, people, first_id=first_id)
    plan = initial_plan(load_catalogue(), ["out_of_bed"], 3).to_dict()
    async with storage.engine.begin() as connection:
        await connection.execute(
            insert(Plan), [{"user_id": n, "state": plan, "updated_at": NOW} for n in ids]
        )
        await connection.execute(
            insert(Workout),
            [
                {
                    "id": n,
                    "user_id": n,
                    "variant": "daily",
                    "status": "finished",
                    "started_at": NOW,
                    "routine": [],
                    "position": 0,
                    "results": {},
                }
                for n in ids
            ],
        )
        await connection.execute(
            insert(Checkin),
            [
                {
                    "id": n,
                    "user_id": n,
                    "workout_id": n,
                    "kind": "session",
                    "created_at": NOW,
                    "updated_at": NOW,
                    "feels": {},
                }
                for n in ids
            ],
        )
        for n in ids:
            await connection.execute(
                User.__table__.update().where(User.id == n).values(awaiting=f"ci:{n}:pain")
            )
    return ids


async def all_stored(storage: Any, ids: list[int]) -> None:
    """A reply is not proof: an answer that failed is answered too (with an apology)."""
    async with storage.engine.connect() as connection:
        stored = await connection.scalar(
            select(func.count()).select_from(Checkin).where(Checkin.id.in_(ids), Checkin.pain == 4)
        )
    if stored != len(ids):
        raise RuntimeError(f"only {stored} of {len(ids)} answers were stored")


async def handled_per_second(server: FakeBotApi, ids: list[int], text: str) -> float:
    """Each of `ids` sends `text`; updates a second until each has a reply. The server says
    when the last reply arrives: no polling, whose CPU would grow with a slower bot's time."""
    waiting, answered = set(ids), asyncio.Event()
    store = server._store

    def stored(chat_id: int, **content: Any) -> SentMessage:
        waiting.discard(chat_id)
        if not waiting:
            answered.set()
        return store(chat_id, **content)

    server._store = stored  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        for user_id in ids:
            server.send_text(user_id, text)
        try:
            await asyncio.wait_for(answered.wait(), 120)
        except TimeoutError:
            raise TimeoutError("updates were not all answered") from None
        return len(ids) / (time.perf_counter() - start)
    finally:
        server._store = store  # type: ignore[method-assign]


async def echo_rate(people: int, keyboard: bool) -> tuple[float, float]:
    """(updates/s, CPU ms per update) of a minimal echo bot. `keyboard`: the same reply as
    BackCoach's to a pain rating (the effort question, its 11 buttons) over BackCoach's HTTP
    client — everything the answer costs but its database work and handler logic."""
    async with FakeBotApi(token=TOKEN) as server:
        builder = ApplicationBuilder().token(TOKEN).base_url(f"{server.base_url}/bot")
        if keyboard:
            builder = builder.request(AiohttpRequest()).get_updates_request(AiohttpRequest())
        echo = builder.build()

        async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.effective_chat is not None and update.effective_message is not None
            if keyboard:
                markup = effort_markup(update.update_id)  # made per answer, as BackCoach does
                await update.effective_chat.send_message(EFFORT_QUESTION, reply_markup=markup)
            else:
                await update.effective_chat.send_message(update.effective_message.text or "")

        echo.add_handler(MessageHandler(filters.TEXT, reply))
        async with echo:
            await echo.start()
            assert echo.updater is not None
            await echo.updater.start_polling(poll_interval=0, timeout=1)
            cpu = time.process_time()
            rate = await handled_per_second(server, list(range(1, people + 1)), "4")
            cpu_ms = (time.process_time() - cpu) / people * 1000
            server.wake_pollers()
            await echo.updater.stop()
            await echo.stop()
    return rate, cpu_ms


async def answer_rate(
    engine: str, folder: Path, people: int
) -> tuple[float, float, StatementCount]:
    """(typed pain answers/s, CPU ms per answer, statements) of the real bot, each answer
    checked as stored."""
    async with (
        scratch_database(engine, folder, "throughput") as database,
        FakeBotApi(token=TOKEN) as server,
    ):
        app = build_application(bench_settings(server.base_url, database, 0), FakeClock(NOW))
        async with serving(app, poll_timeout=1):
            storage = app.bot_data["services"].storage
            ids = await seed_open_checkins(storage, people, first_id=10_000)
            with counting(storage.engine) as count:
                cpu = time.process_time()
                rate = await handled_per_second(server, ids, "about 4")
                cpu_ms = (time.process_time() - cpu) / people * 1000
            server.wake_pollers()
            await all_stored(storage, ids)
    return rate, cpu_ms, count


async def run_throughput(engine: str, folder: Path, people: int) -> dict[str, Any]:
    echo_rate_plain, echo_cpu_ms = await echo_rate(people, keyboard=False)
    echo_rate_keyboard, keyboard_cpu_ms = await echo_rate(people, keyboard=True)
    bot_rate, bot_cpu_ms, count = await answer_rate(engine, folder, people)
    return emit(
        "checkin_answers_per_second",
        bot_rate,
        "updates/s",
        engine=engine,
        people=people,
        echo_bot=round(echo_rate_plain, 1),
        ratio_to_echo=round(bot_rate / echo_rate_plain, 3),
        # The echo bot sending BackCoach's reply (keyboard, aiohttp): the ceiling without SQL.
        echo_same_reply=round(echo_rate_keyboard, 1),
        ratio_to_echo_same_reply=round(bot_rate / echo_rate_keyboard, 3),
        # CPU of the whole process (bot, fake server, this script) per update: what is not
        # CPU is waiting, mostly on the database's thread (SQLite) or server (PostgreSQL).
        cpu_ms_per_answer=round(bot_cpu_ms, 2),
        echo_cpu_ms_per_update=round(echo_cpu_ms, 2),
        echo_same_reply_cpu_ms=round(keyboard_cpu_ms, 2),
        statements_per_answer=round(count.statements / people, 2),
        transactions_per_answer=round(count.transactions / people, 2),
        write_transactions_per_answer=round(count.write_transactions / people, 2),
    )
