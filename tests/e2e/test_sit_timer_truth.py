"""The sit timer says only true things (issue 24, finding 3): a /sit timer stops by itself and
never runs into the next day; /stand starts the count again from the moment one stood up."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


async def sit_breaks_sent(bot: BotHarness, person: Person) -> list[datetime]:
    log = await bot.storage.nudges.log(person.id, limit=200)
    return sorted(n.sent_at for n in log if n.slot == "sit" and n.sent_at is not None)


async def test_a_sit_timer_started_in_the_evening_stops_by_itself(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(berlin(23, 21, 0))  # a Monday evening, no quiet hours set
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        clock.set(berlin(23, 21, 50))
        started = await ana.say("/sit")
        assert "It stops by itself at 00:50." in started[-1].text
        await bot.advance(timedelta(hours=14, minutes=10), step=timedelta(minutes=5))  # 12:00
        sent = await sit_breaks_sent(bot, ana)
        night = [at for at in sent if berlin(24, 0, 55) < at < berlin(24, 9, 0)]
        assert night == [], "no break after the timer stopped, before desk hours"
        morning = [at for at in sent if at >= berlin(24, 9, 0)]
        # One stream, not two; fewer than three, since unanswered breaks space out (issue 24, 2).
        assert 1 <= len(morning) <= 3
        gaps = [later - earlier for earlier, later in pairwise(morning)]
        assert all(gap >= timedelta(minutes=44) for gap in gaps), gaps
        user = await bot.storage.users.get(ana.id)
        assert user is not None and not user.sit_manual


async def test_stand_counts_the_next_break_from_when_one_stood_up(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(berlin(24, 8, 0))  # a Tuesday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30")
        clock.set(berlin(24, 10, 51))
        stood = await ana.say("/stand")
        due = {n.slot: n.due_at for n in await bot.storage.nudges.pending(ana.id)}["sit"]
        assert due >= berlin(24, 11, 36), "a whole stretch after standing up"
        assert f"Next break: {due.astimezone(BERLIN):%H:%M}." in stood[-1].text
        await bot.advance(timedelta(minutes=40), step=timedelta(minutes=5))  # to 11:31
        assert await sit_breaks_sent(bot, ana) == []
