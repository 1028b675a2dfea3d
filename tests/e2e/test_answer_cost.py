"""What one typed check-in answer costs the database: the answer and the next question are one
write, and a rating no baseline could call a flare does not read the plan."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import do_session


@contextmanager
def transactions(engine: AsyncEngine) -> Iterator[list[list[str]]]:
    """The SQL statements the engine runs inside the block, grouped by transaction (SQLAlchemy
    begins one for a read-only session too, though SQLite is sent no BEGIN for it)."""
    seen: list[list[str]] = []
    on = [True]

    def begin(_connection: Any) -> None:
        if on[0]:
            seen.append([])

    def statement(_connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        if on[0] and seen and not sql.startswith("BEGIN"):
            seen[-1].append(sql.split("\n")[0])

    event.listen(engine.sync_engine, "begin", begin)
    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        on[0] = False


async def at_the_pain_question(bot: BotHarness) -> Person:
    """Ana (usual pain 3) has just finished a session and is asked how much it hurt."""
    ana = bot.person("Ana")
    await ana.onboard(pain="3")
    await do_session(ana)
    assert "How much pain" in ana.last().text
    return ana


async def awaited(bot: BotHarness, person: Person) -> str:
    user = await bot.storage.users.get(person.id)
    assert user is not None
    return user.awaiting or ""


def writes(seen: list[list[str]]) -> list[list[str]]:
    return [group for group in seen if any(not sql.startswith("SELECT") for sql in group)]


async def test_a_typed_pain_of_4_is_stored_with_the_effort_question_in_one_write(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        with transactions(bot.storage.engine) as seen:
            replies = await ana.say("about 4")
        assert "How hard did it feel" in replies[-1].text
        answer = [group for group in writes(seen) if any("checkins" in sql for sql in group)]
        assert len(answer) == 1
        assert any(sql.startswith("UPDATE users") for sql in answer[0])
        assert len(writes(seen)) == 2  # the update's id (Telegram may send it twice), the answer
        assert not any("plans" in sql for group in seen for sql in group)
        assert (await awaited(bot, ana)).endswith(":effort")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.pain == 4


async def test_a_pain_of_9_over_a_usual_3_starts_the_flare_and_still_asks_for_effort(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        replies = await ana.say("9")
        assert any("flare" in m.text.lower() for m in replies)
        assert "How hard did it feel" in replies[-1].text
        assert (await awaited(bot, ana)).endswith(":effort")
        plan = await bot.storage.coaching.plan(ana.id)
        assert plan is not None and plan.get("flare")
