"""Upgrading a database full of data from the first migration to the newest keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from bot.storage import Storage

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
