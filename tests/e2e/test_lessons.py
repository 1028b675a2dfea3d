"""Short lessons arrive after check-ins, one a day, and /learn shows them again."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from bot.storage.models import LessonRead
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_coaching_flow import do_session, next_morning


async def checked_in_session(person: Person) -> list[str]:
    """A session and its check-in; the texts the bot sent from the Save on."""
    await do_session(person)
    await person.tap("2")
    await person.tap("3 · moderate")
    replies = await person.tap("felt right")
    return [message.text or "" for message in replies]


async def test_the_first_check_in_brings_the_traffic_light_then_one_lesson_a_day(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        first = await checked_in_session(ana)
        assert any("The pain traffic light" in text for text in first)
        assert any("one point above your usual" in text for text in first)

        again = await checked_in_session(ana)  # a second session the same day
        assert not any("📖" in text for text in again), "never two lessons in a day"

        clock.advance(timedelta(days=1))
        second = await checked_in_session(ana)
        assert any("The next-morning check" in text for text in second)
        read = await bot.storage.lessons.read(ana.id)
        assert list(read) == ["traffic_light", "next_morning_check"]


async def test_learn_lists_what_was_read_and_the_next_lesson_and_rereads_any(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard()
        replies = await ben.say("/learn")
        assert "one comes after each check-in" in replies[-1].text
        assert [text for row in replies[-1].buttons for text, _ in row] == [
            "➡️ Next: The pain traffic light"
        ]
        await checked_in_session(ben)
        replies = await ben.say("/learn")
        labels = [text for row in replies[-1].buttons for text, _ in row]
        assert labels == ["✅ The pain traffic light", "➡️ Next: The next-morning check"]
        replies = await ben.tap("✅ The pain traffic light")
        assert "The pain traffic light" in replies[-1].text, "read again on request"
        replies = await ben.tap("➡️ Next: The next-morning check")
        assert "One point above usual: nothing is taken away" in replies[-1].text
        assert set(await bot.storage.lessons.read(ben.id)) == {
            "traffic_light",
            "next_morning_check",
        }


async def test_a_forged_lesson_button_is_refused(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        message = (await cai.say("/learn"))[-1]
        replies = await cai.press(message.message_id, "learn:no_such_lesson")
        assert "out of date" in replies[-1].text
        assert await bot.storage.lessons.read(cai.id) == {}


async def test_lessons_read_are_exported_and_erased(database_url: str, clock: FakeClock) -> None:
    async with running_bot(database_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard()
        await checked_in_session(dee)
        await dee.say("/export")
        document = next(m for m in bot.server.messages(dee.id) if m.kind == "document")
        exported = json.loads(document.file_bytes or b"")
        assert [row["lesson_id"] for row in exported["lessons_read"]] == ["traffic_light"]
        await dee.say("/delete")
        await dee.tap("Yes, erase everything")
        async with bot.storage.engine.connect() as connection:
            rows = await connection.execute(select(LessonRead).where(LessonRead.user_id == dee.id))
            assert rows.all() == []


async def test_a_session_that_starts_a_flare_brings_the_flare_lesson_first(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gus = bot.person("Gus")
        await gus.onboard()
        await do_session(gus)
        await gus.tap("8")
        await gus.tap("3 · moderate")
        replies = await gus.tap("felt right")
        checkin = await bot.storage.coaching.latest_checkin(gus.id, "session")
        assert checkin is not None
        changes = await bot.storage.coaching.changes_since(gus.id, checkin.created_at)
        assert "flare_on" in {change.kind for change in changes}, "started when 8 was tapped"
        assert any("Flare-ups are common, and they settle" in m.text for m in replies)
        assert not any("traffic light" in m.text for m in replies), "one lesson a day"


@pytest.mark.slow
async def test_a_worse_morning_that_steps_back_brings_its_lesson_that_morning(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(zone="UTC", routine_time="07:30")
        for last in (False, False, True):  # steps are planned, then first done, then…
            await checked_in_session(fay)
            mark = bot.mark(fay.id)
            await next_morning(bot, fay, "Worse" if last else "Same", "6" if last else "3")
        checkin = await bot.storage.coaching.latest_checkin(fay.id, "next_morning")
        assert checkin is not None
        changes = await bot.storage.coaching.changes_for(fay.id, checkin.id)
        assert "regress" in {change.kind for change in changes}
        texts = [m.text or "" for m in bot.since(fay.id, mark)]
        assert any(text.startswith("📖 A worse morning is information") for text in texts)


async def test_weeks_six_and_ten_each_bring_a_lesson_of_their_own(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        dan = bot.person("Dan")
        await dan.onboard()
        await checked_in_session(dan)  # day 1: the traffic light
        start = clock.now()
        lessons = load_catalogue().lessons
        for lesson in lessons:  # everything up to week 5 read, a day at a time
            if lesson.week is not None and lesson.week <= 5 and lesson.id != "traffic_light":
                start += timedelta(hours=1)
                await bot.storage.lessons.mark_read(dan.id, lesson.id, start)

        clock.advance(timedelta(days=5 * 7 + 1))
        week_six = await checked_in_session(dan)
        assert any(text.startswith("📖 Setbacks, and spotting them early") for text in week_six)

        for lesson in lessons:
            if lesson.week in (7, 8, 9):
                await bot.storage.lessons.mark_read(dan.id, lesson.id, clock.now())
        clock.advance(timedelta(days=4 * 7))
        week_ten = await checked_in_session(dan)
        assert any(text.startswith("📖 Work that suits your back") for text in week_ten)
