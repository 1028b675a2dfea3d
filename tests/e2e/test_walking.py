"""The daily walk: set at sign-up, shown on /today, logged with /walk by tap or by typing."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_the_walk_from_sign_up_shows_on_today_and_is_logged_by_typing(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(walk="about 20 min")
        today = (await ana.say("/today"))[-1].text
        assert "Walk today: 20 min, apart from the routine" in today
        replies = await ana.say("/walk 12")
        assert "Logged 12 min: 12 of 20 so far today." in replies[-1].text
        replies = await ana.say("/walk")
        assert "How many minutes did you walk today?" in replies[-1].text
        replies = await ana.say("walked 10 minutes")
        assert "today's 20-minute walk done" in replies[-1].text
        assert "22 logged so far" in (await ana.say("/today"))[-1].text
        summary = (await ana.say("/progress"))[-1].text
        assert "Walking goal 20 min a day; walks logged: 1 day, 22 min." in summary


async def test_a_walk_can_be_logged_by_a_button_and_not_today_is_fine(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard(walk="hardly any")
        await ben.say("/walk")
        replies = await ben.tap("5 min")
        assert "Logged 5 min" in replies[-1].text and "done" in replies[-1].text
        await ben.say("/walk")
        replies = await ben.tap("Not today")
        assert "Even 5 minutes counts" in replies[-1].text
        replies = await ben.say("/walk lots")
        assert "How many minutes?" in replies[-1].text


async def test_a_walk_typed_out_of_the_blue_is_logged(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard(walk="about 10")
        replies = await cai.say("I walked 25 minutes to work")
        assert "Logged 25 min" in replies[-1].text and "10-minute walk done" in replies[-1].text
        replies = await cai.say("walking hurts my back")
        assert "Logged" not in replies[-1].text, "a pain report, not a walk"
