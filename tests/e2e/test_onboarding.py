"""A new person sets up BackCoach in chat, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import time

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_a_new_user_completes_onboarding_and_everything_is_stored(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        replies = await ana.say("/start")
        assert "not medical care" in replies[0].text
        await ana.onboard(
            zone="new york",
            desk="Mon–Fri 09:00–17:30",
            routine_time="07:30",
            weekly_day="Sun",
            weekly_time="10:00",
            transitions=("Getting out of bed", "Getting into or out of a car"),
            pain="4/10",
        )
        user = await bot.storage.users.get(ana.id)
        assert user is not None
        assert user.onboarding_step is None and user.consent_at is not None
        assert user.timezone == "America/New_York"
        assert (user.desk_days, user.desk_start, user.desk_end) == (
            "0,1,2,3,4",
            time(9),
            time(17, 30),
        )
        assert user.routine_time == time(7, 30)
        assert (user.weekly_day, user.weekly_time) == (6, time(10))
        assert user.transitions == ["out_of_bed", "into_car"]
        assert user.typical_pain == 4
        assert "America/New_York" in ana.last().text
        assert bot.server.commands, "the command menu is set at start-up"


async def test_typed_answers_work_and_bad_ones_get_a_friendly_re_ask(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.say("/start")
        await ben.tap("Yes, store my ratings")
        await ben.tap("Yes, 18 or over")
        await ben.tap("None of these")
        await ben.tap("None of these")
        await ben.tap("No (or doesn't apply)")
        replies = await ben.say("Atlantis")
        assert any("couldn't find that time zone" in m.text for m in replies)
        await ben.say("Europe/Lisbon")
        replies = await ben.say("whenever")
        assert any("couldn't read those hours" in m.text for m in replies)
        await ben.say("Mon-Thu 8:30-16")
        replies = await ben.say("every hour or so")
        assert replies[0].text == "A sit break every hour ✓"
        replies = await ben.say("25:99")
        assert any('like "7:30"' in m.text for m in replies)
        await ben.say("6.45")
        await ben.say("saturday")
        await ben.say("9am")
        replies = await ben.say("out of bed")  # a movement's label, typed: ticked
        assert "✅ Getting out of bed" in [t for row in ben.last().buttons for t, _ in row]
        replies = await ben.say("my knees")
        assert [m.text for m in replies] == [
            'Tap the movements above, or name them, like "out of bed, car".'
        ]
        await ben.tap("Getting up from the floor")
        await ben.say("done")
        replies = await ben.say("very bad")
        assert any("0 to 10" in m.text for m in replies)
        await ben.say("about 6")
        replies = await ben.say("a fair bit")
        assert any("minutes" in m.text for m in replies), "walking: a friendly re-ask"
        await ben.say("half an hour")
        user = await bot.storage.users.get(ben.id)
        assert user is not None and user.onboarding_step is None
        assert user.timezone == "Europe/Lisbon" and user.desk_days == "0,1,2,3"
        assert user.routine_time == time(6, 45) and user.weekly_day == 5
        assert user.typical_pain == 6 and user.walk_minutes == 30
        assert list(user.transitions) == ["out_of_bed", "up_from_floor"]


async def test_rerunning_start_keeps_every_answer(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard(zone="Tokyo")
        replies = await cai.say("/start")
        assert "Welcome back" in replies[-1].text
        user = await bot.storage.users.get(cai.id)
        assert user is not None and user.timezone == "Asia/Tokyo" and user.onboarding_step is None


async def test_a_half_finished_onboarding_resumes_where_it_stopped(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.say("/start")
        await dee.tap("Yes, store my ratings")
    async with running_bot(sqlite_url, clock) as bot:  # the bot restarted
        dee = bot.person("Dee")
        replies = await dee.say("/start")
        assert "18 or over" in replies[-1].text


async def test_urgent_red_flags_stop_the_programme_until_checked(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.say("/start")
        await eve.tap("Yes, store my ratings")
        await eve.tap("Yes, 18 or over")
        replies = await eve.tap("Yes, at least one")
        assert any(
            "call your local emergency number or go to an emergency department now" in m.text
            for m in replies
        )
        replies = await eve.say("/today")
        assert "on hold until a clinician has checked you" in replies[-1].text
        await eve.tap("A clinician has checked me")
        await eve.tap("Yes, they said it's fine")
        replies = await eve.tap("None of these")
        assert "pregnant" in replies[-1].text


async def test_settings_can_be_changed_with_buttons_and_typing(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard()
        replies = await fay.say("/settings")
        assert "Europe/Berlin" in replies[-1].text
        await fay.tap("Routine time")
        replies = await fay.say("18:15")
        assert "18:15" in replies[-1].text
        await fay.tap("Weekly session")
        await fay.tap("Wed")
        replies = await fay.tap("19:00")
        assert "Wed 19:00" in replies[-1].text
        await fay.tap("Time zone")
        await fay.tap("Tokyo")
        user = await bot.storage.users.get(fay.id)
        assert user is not None
        assert user.routine_time == time(18, 15) and user.weekly_day == 2
        assert user.timezone == "Asia/Tokyo"


async def test_a_location_sets_the_time_zone(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gus = bot.person("Gus")
        await gus.say("/start")
        await gus.tap("Yes, store my ratings")
        await gus.tap("Yes, 18 or over")
        await gus.tap("None of these")
        await gus.tap("None of these")
        await gus.tap("No (or doesn't apply)")
        bot.server.send_location(gus.id, latitude=48.86, longitude=2.35)
        await bot.settle()
        user = await bot.storage.users.get(gus.id)
        assert user is not None and user.timezone == "Europe/Paris"


async def test_unknown_text_commands_and_stickers_get_a_helpful_reply(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        hal = bot.person("Hal")
        replies = await hal.say("hello?")
        assert "/start" in replies[-1].text
        await hal.onboard()
        replies = await hal.say("what is this")
        assert "/help" in replies[-1].text
        replies = await hal.say("/frobnicate")
        assert "/help" in replies[-1].text
        mark = bot.mark(hal.id)
        bot.server.send_sticker(hal.id)
        await bot.settle()
        assert "/help" in bot.since(hal.id, mark)[-1].text
        replies = await hal.say("/help")
        assert "/today" in replies[-1].text and "not medical care" in replies[-1].text
