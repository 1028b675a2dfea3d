"""8. Growth: what a year of history costs in storage and in per-person reads, /stats over
10,000 one-year people, and typed answers beside a typical PTB + SQLAlchemy bot.

- storage_per_person_year: people who each lived a year (bench/history.py, the bot's own storage
  functions), with the default retention applied at the year's end; `raw_mb` is before it.
- history_read_ratio_max: each per-person read the bot makes, timed for a person with a year of
  history and for one with eight weeks (so the reads' windows hold the same days), the fastest
  of fifteen short rounds each, taken in turn; the worst ratio. `reads` has each read's two times.
- stats_10k_year: /stats's queries with 10,000 people each holding what a year leaves under the
  default retention (90 days of nudge rows, about 640 each), written in the database itself,
  timed after the VACUUM (ANALYZE) autovacuum gives a table that took many rows (PostgreSQL;
  `just_loaded_s` is before it).
- answers_vs_peer / answer_cpu_vs_peer: typed pain answers per second, and CPU per answer, of
  BackCoach and of a peer bot (load the person, set two columns, commit, reply the same effort
  question; PTB's defaults but for concurrent updates) on the same engine and fake server, in
  the same run: the median of three rounds taking turns at going first, after a warm-up; the
  same peer over BackCoach's faster HTTP client is shown beside it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Awaitable, Callable
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import asyncpg
from sqlalchemy import Index, insert, text
from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.common import NOW, TOKEN, emit, person, scratch_database
from bench.history import live_days
from bench.interactive import answer_rate, handled_per_second
from bot.coaching.catalogue import load_catalogue
from bot.sandbox.fake_api import FakeBotApi
from bot.storage import Storage
from bot.storage.database import session_factory
from bot.storage.models import Nudge, User
from bot.storage.retention import tidy
from bot.telegram.aiohttp_request import AiohttpRequest
from bot.telegram.checkin import EFFORT_QUESTION, effort_markup

RETENTION_DAYS = 90
YEAR = 365
FRESH_DAYS = 56
WINDOW = timedelta(weeks=8)
READ_REPEATS = 20
ROUNDS = 15  # many short rounds: on a shared machine some fall between other work
PEER_CONNECTIONS = 256  # python-telegram-bot's default pool with concurrent updates
PEER_ROUNDS = 3
TIME_INDEXES = ("ix_nudges_status_due", "ix_nudges_user_due")


async def run_growth(engine: str, folder: Path, people: int, stats_people: int) -> None:
    await run_storage_and_reads(engine, folder, people)
    await run_stats(engine, folder, stats_people)
    await run_peer(engine, folder, 500)


async def _size_mb(storage: Storage, url: str) -> float:
    """The database's size on disk, compacted first so freed pages don't count."""
    if storage.engine.dialect.name == "sqlite":
        await storage.engine.dispose()  # the pool makes new connections when next asked
        path = Path(url.removeprefix("sqlite+aiosqlite:///"))
        with closing(sqlite3.connect(path, isolation_level=None)) as connection:
            connection.execute("VACUUM")
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return path.stat().st_size / 2**20
    raw = url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(raw)
    try:
        await connection.execute("VACUUM FULL")
        return int(await connection.fetchval("SELECT pg_database_size(current_database())")) / 2**20
    finally:
        await connection.close()


async def _add_people(storage: Storage, ids: list[int]) -> None:
    async with storage.engine.begin() as connection:
        await connection.execute(insert(User), [person(n) for n in ids])


async def run_storage_and_reads(engine: str, folder: Path, people: int) -> None:
    catalogue = load_catalogue()
    start = NOW - timedelta(days=YEAR)
    async with scratch_database(engine, folder, "growth") as url:
        storage = Storage.open(url)
        try:
            await storage.migrate()
            empty = await _size_mb(storage, url)
            ids = list(range(1, people + 1))
            await _add_people(storage, [*ids, 1000])
            built = time.perf_counter()
            for user_id in ids:
                await live_days(storage, catalogue, user_id, start, YEAR)
            built_s = time.perf_counter() - built
            raw = await _size_mb(storage, url)
            tidied = time.perf_counter()
            await tidy(storage, NOW + timedelta(days=1), RETENTION_DAYS)
            tidy_s = time.perf_counter() - tidied
            kept = await _size_mb(storage, url)
            # The person to compare reads with, measured after: their eight weeks are no year.
            await live_days(storage, catalogue, 1000, NOW - timedelta(days=FRESH_DAYS), FRESH_DAYS)
            emit(
                "storage_per_person_year",
                (kept - empty) / people,
                "MB",
                engine=engine,
                people=people,
                raw_mb=round((raw - empty) / people, 3),
                retention_days=RETENTION_DAYS,
                build_s_per_person=round(built_s / people, 1),
                tidy_s=round(tidy_s, 2),
            )
            await _reads(storage, engine, year_person=1, fresh_person=1000)
        finally:
            await storage.close()


async def _reads(storage: Storage, engine: str, year_person: int, fresh_person: int) -> None:
    since = NOW - WINDOW
    reads: dict[str, Callable[[int], Awaitable[Any]]] = {
        "nudge_log_latest": lambda u: storage.nudges.log(u, limit=1),
        "nudges_pending": lambda u: storage.nudges.pending(u),
        "latest_checkin": lambda u: storage.coaching.latest_checkin(u, "session"),
        "checkins_8w": lambda u: storage.coaching.checkins_since(u, since),
        "workouts_8w": lambda u: storage.coaching.workouts_since(u, since),
        "changes_8w": lambda u: storage.coaching.changes_since(u, since),
        "snacks_done_8w": lambda u: storage.nudges.answered_since(u, "sit", "done", since),
        "ratings_8w": lambda u: storage.coaching.transition_ratings_since(u, since),
        "habit_days_8w": lambda u: storage.habits.days(u, since.date()),
        "plan": lambda u: storage.coaching.plan(u),
        "person": lambda u: storage.users.get(u),
    }

    times: dict[str, tuple[float, float]] = {}
    for name, read in reads.items():
        best = {fresh_person: float("inf"), year_person: float("inf")}
        for _ in range(ROUNDS):  # the two people in turn; the fastest round of each counts
            for user_id in best:
                await read(user_id)  # warm
                started = time.perf_counter()
                for _ in range(READ_REPEATS):
                    await read(user_id)
                took = (time.perf_counter() - started) / READ_REPEATS * 1000
                best[user_id] = min(best[user_id], took)
        times[name] = (round(best[fresh_person], 3), round(best[year_person], 3))
    ratios = {name: year / fresh for name, (fresh, year) in times.items()}
    worst = max(ratios, key=lambda name: ratios[name])
    emit(
        "history_read_ratio_max",
        ratios[worst],
        "x",
        engine=engine,
        worst=worst,
        reads_ms_fresh_vs_year=times,
    )


async def run_stats(engine: str, folder: Path, people: int) -> None:
    async with scratch_database(engine, folder, "stats") as url:
        storage = Storage.open(url)
        try:
            await storage.migrate()
            ids = list(range(1, people + 1))
            for chunk in range(0, people, 5000):
                await _add_people(storage, ids[chunk : chunk + 5000])
            built = time.perf_counter()
            async with storage.engine.begin() as connection:  # faster: index once, at the end
                await connection.run_sync(lambda c: [i.drop(c) for i in _time_indexes()])
            await everyones_nudges(storage, url, first_day=0, days=RETENTION_DAYS)
            async with storage.engine.begin() as connection:
                await connection.run_sync(lambda c: [i.create(c) for i in _time_indexes()])
            built_s = time.perf_counter() - built
            rows = await _count(storage)
            since = NOW - timedelta(days=7)
            unvacuumed_s = await _stats_s(storage, since)
            await _vacuum(storage, url)
            stats_s = await _stats_s(storage, since)
            counted = await storage.nudges.counts_since(since)
            started = time.perf_counter()
            await storage.nudges.counts()
            scan_s = time.perf_counter() - started
            emit(
                "stats_10k_year",
                stats_s,
                "s",
                engine=engine,
                people=people,
                nudge_rows=rows,
                counted=sum(counted.values()),
                whole_table_count_s=round(scan_s, 3),
                # PostgreSQL, right after the rows were written, before (auto)vacuum has run
                just_loaded_s=round(unvacuumed_s, 3),
                build_s=round(built_s, 1),
            )
        finally:
            await storage.close()


async def _stats_s(storage: Storage, since: datetime) -> float:
    """Seconds /stats's two queries take (the second of two runs: the first warms)."""
    await storage.nudges.counts_since(since)
    started = time.perf_counter()
    await storage.users.count()
    await storage.nudges.counts_since(since)
    return time.perf_counter() - started


async def _vacuum(storage: Storage, url: str) -> None:
    """What autovacuum does after a table took many rows (PostgreSQL): a year-old table has
    been vacuumed many times, so its visibility map lets the count read the index alone."""
    if storage.engine.dialect.name != "postgresql":
        return
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("VACUUM (ANALYZE) nudges")
    finally:
        await connection.close()


def _time_indexes() -> list[Index]:
    return [i for i in Nudge.__table__.indexes if i.name in TIME_INDEXES]


async def _count(storage: Storage) -> int:
    async with storage.engine.connect() as connection:
        return int(await connection.scalar(text("SELECT count(*) FROM nudges")) or 0)


async def everyones_nudges(storage: Storage, url: str, first_day: int, days: int) -> None:
    """`days` days of what the dispatcher leaves (ten sit breaks on weekdays, the routine and
    morning reminders every day), for everyone, ending `first_day` days before NOW, generated
    inside the database."""
    if storage.engine.dialect.name == "postgresql":
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
        try:
            await connection.execute(
                """
                INSERT INTO nudges (user_id, slot, due_at, first_due_at, status, reason,
                                    created_at, claimed_at, claim_token, sent_at, message_id)
                SELECT u.id,
                       CASE WHEN k < 10 THEN 'sit' WHEN k = 10 THEN 'daily' ELSE 'morning' END,
                       t, t, 'sent', CASE WHEN k % 5 = 0 AND k < 10 THEN 'done' END,
                       t, t, repeat('0', 32), t, u.id * 1000 + k
                FROM users u, generate_series($2::int, $3::int) AS d, generate_series(0, 11) AS k,
                     LATERAL (SELECT $1::timestamptz - make_interval(days => d)
                                     + make_interval(mins => 47 * k) AS t) AS s
                WHERE k >= 10 OR extract(isodow FROM t) < 6
                """,
                NOW,
                first_day,
                first_day + days - 1,
            )
        finally:
            await connection.close()
        return
    base = NOW.replace(tzinfo=None).isoformat(sep=" ")
    async with storage.engine.begin() as connection:
        await connection.execute(
            text(
                """
                WITH RECURSIVE
                d(n) AS (SELECT :first UNION ALL SELECT n + 1 FROM d WHERE n < :last),
                k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 11),
                s(user_id, k, t) AS (
                    SELECT u.id, k.n,
                           strftime('%Y-%m-%d %H:%M:%S.000000', :base,
                                    '-' || d.n || ' days', '+' || (47 * k.n) || ' minutes')
                    FROM users u, d, k)
                INSERT INTO nudges (user_id, slot, due_at, first_due_at, status, reason,
                                    created_at, claimed_at, claim_token, sent_at, message_id)
                SELECT user_id, CASE WHEN k < 10 THEN 'sit' WHEN k = 10 THEN 'daily'
                                ELSE 'morning' END,
                       t, t, 'sent', CASE WHEN k % 5 = 0 AND k < 10 THEN 'done' END,
                       t, t, '00000000000000000000000000000000', t, user_id * 1000 + k
                FROM s WHERE k >= 10 OR strftime('%w', t) NOT IN ('0', '6')
                """
            ),
            {"base": base, "first": first_day, "last": first_day + days - 1},
        )


async def peer_rate(engine: str, folder: Path, people: int, aiohttp: bool) -> tuple[float, float]:
    """(answers/s, CPU ms per answer) of the typical bot: a session, the person loaded, two
    columns set, a commit, and the reply BackCoach sends to a pain rating; updates handled
    concurrently. `aiohttp`: over BackCoach's HTTP client instead of PTB's default (httpx)."""
    async with (
        scratch_database(engine, folder, "peer") as url,
        FakeBotApi(token=TOKEN) as server,
    ):
        storage = Storage.open(url)
        await storage.migrate()
        ids = list(range(1, people + 1))
        await _add_people(storage, ids)
        sessions = session_factory(storage.engine)
        builder = ApplicationBuilder().token(TOKEN).base_url(f"{server.base_url}/bot")
        if aiohttp:  # as many connections as PTB gives its default client (HTTPXRequest)
            requests = AiohttpRequest(PEER_CONNECTIONS)
            builder = builder.request(requests).get_updates_request(AiohttpRequest())
        peer = builder.concurrent_updates(True).build()

        async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            assert update.effective_chat is not None and update.effective_user is not None
            async with sessions.begin() as session:
                user = await session.get(User, update.effective_user.id)
                assert user is not None
                user.awaiting, user.awaiting_since = "effort", NOW
            markup = effort_markup(update.update_id)
            await update.effective_chat.send_message(EFFORT_QUESTION, reply_markup=markup)

        peer.add_handler(MessageHandler(filters.TEXT, answer))
        try:
            async with peer:
                await peer.start()
                assert peer.updater is not None
                await peer.updater.start_polling(poll_interval=0, timeout=1)
                cpu = time.process_time()
                rate = await handled_per_second(server, ids, "about 4")
                cpu_ms = (time.process_time() - cpu) / people * 1000
                server.wake_pollers()
                await peer.updater.stop()
                await peer.stop()
        finally:
            await storage.close()
    return rate, cpu_ms


async def run_peer(engine: str, folder: Path, people: int) -> None:
    """The peer as a typical bot is built (PTB's own HTTP client) and BackCoach, after a warm-up
    of each (what runs first in a process is slower: imports, the server's caches), in
    PEER_ROUNDS rounds that take turns at going first; the medians of the rounds' ratios. The
    same peer over BackCoach's aiohttp client is shown beside it, run once."""
    await peer_rate(engine, folder, people // 2, aiohttp=False)
    await answer_rate(engine, folder, people // 2)
    rounds: list[tuple[float, float, float, float]] = []
    for turn in range(PEER_ROUNDS):
        if turn % 2:
            ours, our_cpu, _ = await answer_rate(engine, folder, people)
            peer_answers, peer_cpu = await peer_rate(engine, folder, people, aiohttp=False)
        else:
            peer_answers, peer_cpu = await peer_rate(engine, folder, people, aiohttp=False)
            ours, our_cpu, _ = await answer_rate(engine, folder, people)
        rounds.append((ours, our_cpu, peer_answers, peer_cpu))
    tuned_answers, tuned_cpu = await peer_rate(engine, folder, people, aiohttp=True)
    ours = median(r[0] for r in rounds)
    our_cpu = median(r[1] for r in rounds)
    emit(
        "answers_vs_peer",
        median(r[0] / r[2] for r in rounds),
        "x",
        engine=engine,
        backcoach=round(ours, 1),
        peer=round(median(r[2] for r in rounds), 1),
        rounds=[round(r[0] / r[2], 3) for r in rounds],
        peer_aiohttp=round(tuned_answers, 1),
        vs_peer_aiohttp=round(ours / tuned_answers, 3),
    )
    emit(
        "answer_cpu_vs_peer",
        median(r[1] / r[3] for r in rounds),
        "x",
        engine=engine,
        backcoach_ms=round(our_cpu, 2),
        peer_ms=round(median(r[3] for r in rounds), 2),
        rounds=[round(r[1] / r[3], 3) for r in rounds],
        peer_aiohttp_ms=round(tuned_cpu, 2),
        vs_peer_aiohttp=round(our_cpu / tuned_cpu, 3),
    )
