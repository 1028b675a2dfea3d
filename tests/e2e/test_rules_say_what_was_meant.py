"""A personal rule does what the person said, and only that (issue 24, finding 4): "if I sit
more than 30 minutes I move for two" sets the sit breaks, an unclear hour is asked about, and no
rule ever sends in quiet hours or at a time the person did not say."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot

BERLIN = ZoneInfo("Europe/Berlin")


async def add_rule(person: Person, text: str) -> str:
    await person.say("/rules")
    await person.tap("Add a reminder rule")
    replies = await person.say(text)
    return replies[-1].text


async def rule_nudges(bot: BotHarness, person: Person) -> list[datetime]:
    log = await bot.storage.nudges.log(person.id, limit=100)
    return [n.sent_at for n in log if n.slot.startswith("rule:") and n.sent_at is not None]


async def test_the_methods_own_sit_rule_sets_sit_breaks_not_a_2am_reminder(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        shown = await add_rule(ana, "if I sit more than 30 minutes I move for two")
        assert "If I sit more than 30 minutes, I move for 2. (on)" in shown
        assert "02:00" not in shown and "📌" not in shown
        assert await bot.storage.rules.for_user(ana.id) == []
        user = await bot.storage.users.get(ana.id)
        assert user is not None and (user.sit_minutes, user.move_minutes) == (30, 2)


async def test_a_sit_rule_with_its_numbers_first_or_in_another_order_sets_the_sit_breaks(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        shown = await add_rule(ana, "move 2 minutes after 30 minutes sitting")
        assert "If I sit more than 30 minutes, I move for 2. (on)" in shown
        shown = await add_rule(ana, "every 40 min of sitting, 3 min moving")
        assert "If I sit more than 40 minutes, I move for 3. (on)" in shown
        assert await bot.storage.rules.for_user(ana.id) == []
        user = await bot.storage.users.get(ana.id)
        assert user is not None and (user.sit_minutes, user.move_minutes) == (40, 3)

        asked = await add_rule(ana, "sit 30 move 2 sit")  # which number is which: asked
        assert "Which is sitting and which is moving?" in asked
        shown = (await ana.say("30 2"))[-1].text
        assert "If I sit more than 30 minutes, I move for 2. (on)" in shown


async def test_a_bare_hour_is_asked_about_not_guessed(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        asked = await add_rule(ana, "stretch at 7")
        assert "07:00 or 19:00?" in asked and '"stretch at 19:00"' in asked
        assert await bot.storage.rules.for_user(ana.id) == []
        shown = (await ana.say("stretch at 7pm"))[-1].text
        assert "📌 stretch — 19:00, every day" in shown


async def test_no_rule_sends_in_quiet_hours_or_at_a_time_not_said(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN))
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin")
        await add_rule(ana, "drink water at 06:30")
        await ana.say("/settings")
        await ana.tap("Quiet hours")
        await ana.say("22:00-07:00")
        refused = await add_rule(ana, "stretch at 23:15")
        assert "23:15 is inside your quiet hours (22:00–07:00)" in refused
        assert [rule.text for rule in await bot.storage.rules.for_user(ana.id)] == ["drink water"]
        await bot.advance(timedelta(days=1), step=timedelta(minutes=15))
        assert await rule_nudges(bot, ana) == [], "06:30 is quiet now; 07:00 was never said"
