"""Upgrading a database full of data from the first migration to the newest keeps every row
and what it means; one step back and forward again keeps them too."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy import text

from bot.storage import Storage
from bot.storage.database import create_engine
from bot.storage.migrate import alembic_config

NOW = datetime(2026, 11, 1, 9, tzinfo=UTC)


async def test_upgrading_from_the_first_migration_keeps_every_row(database_url: str) -> None:
    storage = Storage.open(database_url)
    try:
        await storage.migrate("0001")
        async with storage.engine.begin() as connection:
            for user_id in range(1, 51):
                await connection.execute(
                    text(
                        "INSERT INTO users (id, chat_id, first_name, created_at, timezone, "
                        "desk_days, transitions, typical_pain, active) VALUES (:id, :id, 'P', "
                        ":now, 'Europe/Berlin', '0,1,2,3,4', '[\"out_of_bed\"]', 4, :active)"
                    ),
                    {"id": user_id, "now": NOW, "active": True},
                )
        await storage.migrate("0002")
        async with storage.engine.begin() as connection:
            for user_id in range(1, 51):
                await connection.execute(
                    text(
                        "INSERT INTO checkins (user_id, kind, created_at, updated_at, pain, "
                        "feels) VALUES (:id, 'session', :now, :now, 3, '{}')"
                    ),
                    {"id": user_id, "now": NOW},
                )
        await storage.migrate()  # to the newest
        async with storage.engine.connect() as connection:
            users = (await connection.execute(text("SELECT count(*) FROM users"))).scalar()
            checkins = (await connection.execute(text("SELECT count(*) FROM checkins"))).scalar()
            defaults = (
                await connection.execute(
                    text("SELECT DISTINCT sit_minutes, move_minutes, typical_pain FROM users")
                )
            ).all()
        assert (users, checkins) == (50, 50)
        assert [tuple(row) for row in defaults] == [(45, 2, 4)], "new columns get defaults"
        user = await storage.users.get(7)
        assert user is not None and user.timezone == "Europe/Berlin" and user.sit_rule_on
    finally:
        await storage.close()


# Rows as the first three revisions wrote them: (revision, table, typed columns, rows).
T = sa.DateTime(timezone=True)
EARLY_ROWS: list[tuple[str, str, dict[str, Any], list[dict[str, Any]]]] = [
    (
        "0001",
        "users",
        {
            "id": sa.BigInteger(),
            "chat_id": sa.BigInteger(),
            "first_name": sa.String(),
            "created_at": T,
            "onboarded_at": T,
            "consent_at": T,
            "timezone": sa.String(),
            "desk_days": sa.String(),
            "desk_start": sa.Time(),
            "desk_end": sa.Time(),
            "routine_time": sa.Time(),
            "transitions": sa.JSON(),
            "typical_pain": sa.Integer(),
            "active": sa.Boolean(),
        },
        [
            {
                "id": n,
                "chat_id": n,
                "first_name": f"P{n}",
                "created_at": NOW,
                "onboarded_at": NOW + timedelta(minutes=n),
                "consent_at": NOW if n % 2 else None,
                "timezone": "Europe/Berlin" if n % 2 else "America/New_York",
                "desk_days": "0,1,2,3,4",
                "desk_start": time(9),
                "desk_end": time(17, 30),
                "routine_time": time(7, n % 60),
                "transitions": ["out_of_bed", "sit_to_stand"][: n % 3],
                "typical_pain": n % 11,
                "active": n != 3,
            }
            for n in range(1, 6)
        ],
    ),
    (
        "0002",
        "plans",
        {"user_id": sa.BigInteger(), "state": sa.JSON(), "updated_at": T},
        [{"user_id": n, "state": {"variant": "A", "reps": n}, "updated_at": NOW} for n in (1, 2)],
    ),
    (
        "0002",
        "workouts",
        {
            "id": sa.Integer(),
            "user_id": sa.BigInteger(),
            "variant": sa.String(),
            "status": sa.String(),
            "started_at": T,
            "ended_at": T,
            "routine": sa.JSON(),
            "position": sa.Integer(),
            "results": sa.JSON(),
        },
        [
            {
                "id": 10 + n,
                "user_id": n,
                "variant": "A",
                "status": "finished",
                "started_at": NOW,
                "ended_at": NOW + timedelta(minutes=12),
                "routine": [{"exercise_id": "bridge", "reps": 8}],
                "position": 1,
                "results": {"bridge": "done"},
            }
            for n in (1, 2)
        ],
    ),
    (
        "0002",
        "checkins",
        {
            "id": sa.Integer(),
            "user_id": sa.BigInteger(),
            "workout_id": sa.Integer(),
            "kind": sa.String(),
            "created_at": T,
            "updated_at": T,
            "pain": sa.Integer(),
            "effort": sa.Integer(),
            "compared": sa.String(),
            "feels": sa.JSON(),
            "applied_at": T,
            "plan_before": sa.JSON(),
        },
        [
            {
                "id": 20 + n,
                "user_id": n,
                "workout_id": 10 + n,
                "kind": "session",
                "created_at": NOW,
                "updated_at": NOW,
                "pain": 3 + n,
                "effort": 5,
                "compared": "same" if n == 1 else None,
                "feels": {"bridge": "right"},
                "applied_at": NOW if n == 1 else None,
                "plan_before": {"variant": "A", "reps": 7} if n == 1 else None,
            }
            for n in (1, 2)
        ],
    ),
    (
        "0002",
        "load_changes",
        {
            "id": sa.Integer(),
            "user_id": sa.BigInteger(),
            "checkin_id": sa.Integer(),
            "created_at": T,
            "exercise": sa.String(),
            "variable": sa.String(),
            "kind": sa.String(),
            "from_value": sa.String(),
            "to_value": sa.String(),
            "reason": sa.Text(),
        },
        [
            {
                "id": 30,
                "user_id": 1,
                "checkin_id": 21,
                "created_at": NOW,
                "exercise": "bridge",
                "variable": "reps",
                "kind": "progress",
                "from_value": "7",
                "to_value": "8",
                "reason": "Two easy sessions in a row.",
            }
        ],
    ),
    (
        "0003",
        "day_marks",
        {"user_id": sa.BigInteger(), "day": sa.Date(), "outcome": sa.String()},
        [{"user_id": 1, "day": date(2026, 10, d), "outcome": "done"} for d in (30, 31)],
    ),
    (
        "0003",
        "nudges",
        {
            "id": sa.Integer(),
            "user_id": sa.BigInteger(),
            "slot": sa.String(),
            "due_at": T,
            "status": sa.String(),
            "reason": sa.String(),
            "created_at": T,
            "sent_at": T,
            "message_id": sa.BigInteger(),
        },
        [
            {
                "id": 40,
                "user_id": 1,
                "slot": "routine",
                "due_at": NOW + timedelta(days=1),
                "status": "pending",
                "reason": None,
                "created_at": NOW,
                "sent_at": None,
                "message_id": None,
            },
            {
                "id": 41,
                "user_id": 2,
                "slot": "sit",
                "due_at": NOW,
                "status": "sent",
                "reason": None,
                "created_at": NOW,
                "sent_at": NOW,
                "message_id": 2**40,
            },
        ],
    ),
    (
        "0003",
        "rules",
        {
            "id": sa.Integer(),
            "user_id": sa.BigInteger(),
            "text": sa.String(),
            "at_time": sa.Time(),
            "weekdays": sa.String(),
            "enabled": sa.Boolean(),
            "created_at": T,
        },
        [
            {
                "id": 50,
                "user_id": 1,
                "text": "Stand up for calls",
                "at_time": time(10, 15),
                "weekdays": "0,2,4",
                "enabled": True,
                "created_at": NOW,
            }
        ],
    ),
]


def typed(table: str, columns: dict[str, Any]) -> sa.TableClause:
    return sa.table(table, *(sa.column(name, kind) for name, kind in columns.items()))


async def early_rows_as_stored(storage: Storage) -> list[list[dict[str, Any]]]:
    """Every early row's early columns, read back with their types, in key order."""
    found = []
    async with storage.engine.connect() as connection:
        for _, table, columns, _ in EARLY_ROWS:
            shape = typed(table, columns)
            order = list(columns)[:2] if table == "day_marks" else [next(iter(columns))]
            rows = await connection.execute(sa.select(shape).order_by(*order))
            found.append([dict(row._mapping) for row in rows])
    return found


async def step_back(storage: Storage) -> None:
    """Alembic's downgrade by one revision (SQLite without foreign keys, as migrations run)."""
    url = storage.engine.url.render_as_string(False)
    engine = create_engine(url, foreign_keys=False) if url.startswith("sqlite") else storage.engine

    def run(connection: sa.Connection) -> None:
        command.downgrade(alembic_config(connection), "-1")

    try:
        async with engine.begin() as connection:
            await connection.run_sync(run)
    finally:
        if engine is not storage.engine:
            await engine.dispose()


async def test_rows_from_the_oldest_revisions_keep_their_meaning_at_head_and_one_step_back(
    database_url: str,
) -> None:
    storage = Storage.open(database_url)
    try:
        for revision, table, columns, rows in EARLY_ROWS:
            await storage.migrate(revision)
            async with storage.engine.begin() as connection:
                await connection.execute(typed(table, columns).insert(), rows)
        before = await early_rows_as_stored(storage)
        assert [len(rows) for rows in before] == [len(rows) for *_, rows in EARLY_ROWS]

        await storage.migrate()
        assert await early_rows_as_stored(storage) == before
        user = await storage.users.get(4)
        assert user is not None and user.timezone == "America/New_York" and user.active
        assert (user.desk_start, user.desk_end, user.typical_pain) == (time(9), time(17, 30), 4)
        assert [rule.text for rule in await storage.rules.for_user(1)] == ["Stand up for calls"]
        checkin = await storage.coaching.latest_checkin(1, "session")
        assert checkin is not None and (checkin.pain, checkin.applied_at is not None) == (4, True)
        assert [n.slot for n in await storage.nudges.pending(1)] == ["routine"]

        await step_back(storage)
        assert await early_rows_as_stored(storage) == before
        await storage.migrate()
        assert await early_rows_as_stored(storage) == before
        assert (await storage.users.get(4)) is not None
    finally:
        await storage.close()
