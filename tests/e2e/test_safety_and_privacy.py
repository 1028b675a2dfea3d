"""Red flags stop the programme; people can see, export and erase what is stored."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from sqlalchemy import select

from bot.clock import FakeClock
from bot.storage.models import Base
from tests.e2e.harness import running_bot
from tests.e2e.test_coaching_flow import do_session

# Every table that holds rows about a person.
PERSONAL_TABLES = [
    table for table in Base.metadata.sorted_tables if table.name == "users" or "user_id" in table.c
]


async def test_flare_switches_to_gentle_sessions_and_repeats_the_red_flag_check(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        replies = await ana.say("/flare")
        assert any("most settle" in m.text and "See a doctor soon" in m.text for m in replies)
        await ana.tap("None of these")
        replies = await ana.say("/today")
        assert "Flare-day routine" in replies[-1].text
        marks = await bot.storage.habits.days(ana.id, clock.now().date() - timedelta(days=1))
        assert [outcome for _, outcome in marks] == ["flare"]


async def test_a_red_flag_during_a_flare_stops_the_programme_until_checked(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard()
        await do_session(ben)
        replies = await ben.say("9")  # pain of 9: the flare protocol starts
        assert any("most settle" in m.text for m in replies)
        replies = await ben.tap("Yes, at least one")
        assert any("call 112 or go to an emergency department" in m.text for m in replies)
        assert await bot.storage.nudges.pending(ben.id) == []
        replies = await ben.say("/today")
        assert "on hold until a clinician has checked you" in replies[-1].text
        assert "finish setting up" not in replies[-1].text
        await ben.tap("A clinician has checked me")
        replies = await ben.tap("Yes, they said it's fine")
        assert "glad you've been checked" in replies[-1].text
        assert await bot.storage.nudges.pending(ben.id) != []


async def test_export_contains_every_record_and_delete_leaves_nothing(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        cai, dee = bot.person("Cai"), bot.person("Dee")
        for person in (cai, dee):
            await person.onboard()
            await do_session(person, too_hard=1)
            await person.tap("2")
            await person.tap("3 · moderate")
            await person.tap("felt right")
        await cai.say("/rules")
        await cai.tap("Add a reminder rule")
        await cai.say("Warm up before lifting at 08:00")
        await bot.advance(timedelta(hours=30), step=timedelta(hours=1))
        await cai.tap("Same")
        await cai.say("2")

        await cai.say("/export")
        files = [m for m in bot.server.messages(cai.id) if m.kind == "document"]
        assert [f.filename for f in files] == ["backcoach-export.json", "backcoach-ratings.csv"]
        exported = json.loads(files[0].file_bytes or b"")
        async with bot.storage.engine.connect() as connection:
            for table in PERSONAL_TABLES:
                owner = table.c.id if table.name == "users" else table.c.user_id
                rows = (await connection.execute(select(table).where(owner == cai.id))).all()
                assert len(exported[table.name]) == len(rows), table.name
        assert exported["checkins"] and exported["load_changes"] and exported["nudges"]
        ratings = list(csv.DictReader(io.StringIO((files[1].file_bytes or b"").decode())))
        assert {row["kind"] for row in ratings} == {"session", "next_morning"}

        await cai.say("/delete")
        await cai.tap("Yes, erase everything")
        async with bot.storage.engine.connect() as connection:
            for table in PERSONAL_TABLES:
                owner = table.c.id if table.name == "users" else table.c.user_id
                mine = (await connection.execute(select(table).where(owner == cai.id))).all()
                others = (await connection.execute(select(table).where(owner == dee.id))).all()
                assert mine == [], table.name
                if table.name in ("users", "plans", "workouts", "checkins"):
                    assert others, f"{table.name}: someone else's data must stay"


async def test_stop_silences_everything_but_keeps_the_data(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard()
        replies = await eve.say("/stop")
        assert "won't send you anything" in replies[-1].text
        count = len(eve.texts())
        await bot.advance(timedelta(days=2), step=timedelta(minutes=30))
        assert len(eve.texts()) == count
        assert await bot.storage.users.get(eve.id) is not None
        replies = await eve.say("/privacy")
        assert "/export" in replies[-1].text and "/delete" in replies[-1].text
