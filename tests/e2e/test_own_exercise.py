"""/myexercise: an exercise a clinician prescribed is added in words, reminded at its times or
with the routine, logged and counted, edited and removed — and its dose is never changed."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.storage.models import OwnExercise, OwnExerciseLog, Rule
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_coaching_flow import do_session
from tests.e2e.test_report import report_of

BERLIN = ZoneInfo("Europe/Berlin")


async def add(person: Person, name: str, dose: str, cue: str, often: str) -> list[str]:
    await person.say("/myexercise")
    await person.say(name)
    assert "dose" in person.last().text
    await person.say(dose)
    await person.say(cue)
    assert "How often?" in person.last().text
    return [m.text for m in await person.tap(often)]


async def test_a_clinicians_exercise_is_reminded_at_its_times_logged_counted_edited_removed(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN))
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await add(ana, "Clamshells", "3 x 10", "knees together, slow", "Twice a day")
        assert "At which 2 times" in ana.last().text
        replies = await ana.say("3am and 13:00")
        assert "outside your waking hours" in replies[-1].text
        replies = await ana.say("9:00, 13:00")
        assert "remind you at 09:00 and 13:00" in replies[-1].text
        assert "never change its dose" in replies[-1].text

        mark = bot.mark(ana.id)
        await bot.advance(timedelta(hours=7), step=timedelta(minutes=5))
        reminders = [m for m in bot.since(ana.id, mark) if "clinician's exercise" in m.text]
        assert len(reminders) == 2
        assert "Clamshells — 3 x 10 (knees together, slow)" in reminders[0].text
        await ana.press(reminders[0].message_id, reminders[0].buttons[0][0][1])  # ✅ Done
        await ana.press(reminders[1].message_id, reminders[1].buttons[1][0][1])  # 😣 Too hard
        async with bot.storage.engine.connect() as connection:
            results = (await connection.execute(select(OwnExerciseLog.result))).scalars().all()
        assert sorted(results) == ["done", "too_hard"]
        today = clock.now().astimezone(BERLIN).date()
        marks = dict(await bot.storage.habits.days(ana.id, today))
        assert marks.get(today) == "done"  # the day counts toward the habit score

        assert "Clamshells" not in (await ana.say("/rules"))[-1].text  # not a personal rule
        listing = (await ana.say("/myexercise"))[-1].text
        assert "Clamshells — 3 x 10 (knees together, slow) · 09:00, 13:00" in listing
        await ana.tap("✏️ Clamshells")
        replies = await ana.say("3 x 12")
        assert "Updated: 3 x 12" in replies[-1].text
        _, report, _ = await report_of(ana)
        assert "Clamshells, 3 x 12; done 1 times, too hard 1" in report

        await ana.say("/myexercise")
        await ana.tap("🗑 Remove")
        mark = bot.mark(ana.id)
        await bot.advance(timedelta(days=1), step=timedelta(minutes=10))
        assert not any("clinician's exercise" in m.text for m in bot.since(ana.id, mark))


async def test_with_the_routine_it_shows_in_today_and_is_asked_after_the_session(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        texts = await add(
            ana, "McKenzie press-ups", "10 slow reps", "skip", "With my daily routine"
        )
        assert "comes with your daily routine" in texts[-1]
        today = (await ana.say("/today"))[-1].text
        assert "🩺 McKenzie press-ups — 10 slow reps" in today
        await do_session(ana)
        asked = [t for t in ana.texts() if "And your clinician's exercise" in t]
        assert len(asked) == 1
        assert "0–10" in ana.last().text or "pain" in ana.last().text.lower()  # check-in last


async def test_export_and_delete_cover_a_clinicians_exercise(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await add(ana, "Bridges", "2 x 8", "skip", "Once a day")
        await ana.say("18:30")
        await ana.say("/export")
        document = next(m for m in bot.server.messages(ana.id) if m.kind == "document")
        exported = json.loads(document.file_bytes or b"")
        assert [row["name"] for row in exported["own_exercises"]] == ["Bridges"]
        assert [row["text"] for row in exported["rules"]] == ["🩺 Bridges"]
        await ana.say("/delete")
        await ana.tap("Yes, erase everything")
        async with bot.storage.engine.connect() as connection:
            for table in (OwnExercise, OwnExerciseLog, Rule):
                count = await connection.scalar(select(func.count()).select_from(table))
                assert count == 0
