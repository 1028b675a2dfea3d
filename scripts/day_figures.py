"""How many messages a day with BackCoach is, measured through the real app (issue 24).

A scripted desk worker in Manchester (Mon–Fri 09:00–17:00, the suggested hourly sit breaks, a
routine at 18:00, the weekly session on Sunday at 10:00) sets up, then lives a week: answers
the morning question, takes every other sit break, does the routine when reminded and the
weekly session on Sunday. A second person ignores every break on Monday. Everything runs through
the real Application against the fake Bot API server (the e2e harness), on a SQLite file, with
a fake clock; nothing leaves the machine.

Run from the repository root: `.venv/bin/python scripts/day_figures.py` (about a minute).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import BotHarness, Person, running_bot

LONDON = ZoneInfo("Europe/London")
MONDAY = date(2026, 11, 23)
STEP = timedelta(minutes=5)


@dataclass
class Tally:
    """What one person did and got: taps and typed messages, and the bot's messages."""

    taps: int = 0
    typed: int = 0
    unprompted: dict[date, int] = field(default_factory=dict)
    breaks_sent: dict[date, int] = field(default_factory=dict)
    breaks_taken: dict[date, int] = field(default_factory=dict)


class Actor:
    def __init__(self, bot: BotHarness, person: Person) -> None:
        self.bot, self.person, self.tally = bot, person, Tally()

    async def tap(self, label: str) -> list[SentMessage]:
        self.tally.taps += 1
        return await self.person.tap(label)

    async def say(self, text: str) -> list[SentMessage]:
        self.tally.typed += 1
        return await self.person.say(text)

    def count(self) -> int:
        return len(self.bot.server.messages(self.person.id))


async def onboard(actor: Actor) -> None:
    await actor.say("/start")
    for label in ("Yes, store my ratings", "Yes, 18 or over", "None of these", "None of these"):
        await actor.tap(label)
    await actor.tap("No (or doesn't apply)")
    await actor.say("Manchester")
    await actor.tap("Manchester (UK)")
    await actor.tap("Mon–Fri 09:00–17:00")
    await actor.tap("Every hour")
    for label in ("18:00", "Sun 10:00", "Getting out of bed", "Getting into or out of a car"):
        await actor.tap(label)
    await actor.tap("Done (")
    await actor.tap("4")
    await actor.tap("About 20 min")
    assert "All set" in actor.person.last().text, actor.person.last().text


async def session(actor: Actor, command: str = "/today") -> None:
    await actor.say(command)
    await actor.tap("Start")
    while any("Done" in t for row in actor.person.last().buttons for t, _ in row):
        await actor.tap("Done")
    await actor.tap("2")
    await actor.tap("3 · moderate")
    await actor.tap("felt right")


def at(hour: int, minute: int, day: date) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


async def live_until(actor: Actor, until: datetime, take_every: int = 2) -> None:
    """Let the clock run, answering what comes: the morning question, every `take_every`-th
    sit break (0: none), the routine reminder."""
    bot, tally, seen = actor.bot, actor.tally, 0
    while bot.clock.now() < until:
        mark = bot.mark(actor.person.id)
        await bot.advance(STEP, step=STEP)
        for message in bot.since(actor.person.id, mark):
            day = bot.clock.now().astimezone(LONDON).date()
            tally.unprompted[day] = tally.unprompted.get(day, 0) + 1
            text = message.text or ""
            if "-minute move" in text:
                tally.breaks_sent[day] = tally.breaks_sent.get(day, 0) + 1
                seen += 1
                if take_every and seen % take_every == 0:
                    await actor.tap("Done")
                    tally.breaks_taken[day] = tally.breaks_taken.get(day, 0) + 1
            elif "compared with usual" in text:
                await actor.tap("Same")
                await actor.say("3")
            elif "Time for your daily routine" in text or "weekly maintenance" in text:
                await session(actor, "/weekly" if "weekly" in text else "/today")


def per_day(values: dict[date, int], days: list[date]) -> str:
    return ", ".join(f"{day:%a} {values.get(day, 0)}" for day in days)


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'figures.db'}"
        clock = FakeClock(at(7, 0, MONDAY - timedelta(days=1)))  # the Sunday before
        async with running_bot(url, clock) as bot:
            worker = Actor(bot, bot.person("Sam"))
            await onboard(worker)
            onboarding = (worker.count(), worker.tally.taps, worker.tally.typed)
            before = (worker.count(), worker.tally.taps, worker.tally.typed)
            clock.set(at(12, 0, MONDAY - timedelta(days=1)))
            await session(worker)
            one_session = [
                now - then
                for now, then in zip(
                    (worker.count(), worker.tally.taps, worker.tally.typed), before, strict=True
                )
            ]
            await live_until(worker, at(23, 0, MONDAY + timedelta(days=6)))

            ignorer = Actor(bot, bot.person("Kim"))
            clock.set(at(7, 0, MONDAY + timedelta(days=7)))
            await onboard(ignorer)
            await live_until(ignorer, at(23, 0, MONDAY + timedelta(days=8)), take_every=0)

    week = [MONDAY + timedelta(days=n) for n in range(7)]
    workdays = week[:5]
    tally = worker.tally
    print("BackCoach day figures (default settings, through the real app)")
    print(f"Onboarding: {onboarding[0]} bot messages; {onboarding[1]} taps, {onboarding[2]} typed")
    print(
        f"A session (/today to saved check-in): {one_session[0]} bot messages; "
        f"{one_session[1]} taps, {one_session[2]} typed"
    )
    print(f"Unprompted messages per day: {per_day(tally.unprompted, week)}")
    print(f"  most on a workday: {max(tally.unprompted.get(d, 0) for d in workdays)}")
    print(f"Sit breaks sent: {per_day(tally.breaks_sent, workdays)}")
    print(f"Sit breaks taken (every other one): {per_day(tally.breaks_taken, workdays)}")
    print(
        f"Week: {sum(tally.unprompted.get(d, 0) for d in week)} unprompted, "
        f"{sum(tally.breaks_sent.values())} sit breaks sent, "
        f"{sum(tally.breaks_taken.values())} taken"
    )
    ignored = ignorer.tally
    days = [MONDAY + timedelta(days=7), MONDAY + timedelta(days=8)]
    print(
        f"Every break ignored on Monday: unprompted {per_day(ignored.unprompted, days)} "
        f"(sit breaks {per_day(ignored.breaks_sent, days)})"
    )


if __name__ == "__main__":
    asyncio.run(main())
