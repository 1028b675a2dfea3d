"""What one typed check-in answer costs the database: one write, which stores the answer, the
next question and the record that the update was handled; the person and the check-in they are
answering read once, together, as the update arrives; and a rating no baseline could call a
flare does not read the plan."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import watching
from bot.clock import FakeClock
from bot.storage.models import CommitMark, ProcessedUpdate
from bot.understanding.symptoms import Finding, Symptoms
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import do_session


@contextmanager
def transactions(engine: AsyncEngine) -> Iterator[list[list[str]]]:
    """The SQL statements the engine runs inside the block, grouped by transaction (SQLAlchemy
    begins one for a read-only session too, though SQLite is sent no BEGIN for it), with the
    last write that rides in a SQLite commit's hop (`write_last`)."""
    seen: list[list[str]] = []

    def statement(sql: str) -> None:
        if seen:
            seen[-1].append(" ".join(sql.split()))

    with watching(engine, statement, lambda _writes: seen.append([])):
        yield seen


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


async def rows(bot: BotHarness, column: Any) -> list[Any]:
    async with bot.storage.engine.connect() as connection:
        return list((await connection.execute(select(column))).scalars())


async def test_a_typed_pain_of_4_is_three_statements_and_one_write_that_records_the_update(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        handled, marks = (
            await rows(bot, ProcessedUpdate.update_id),
            await rows(bot, CommitMark.token),
        )
        with transactions(bot.storage.engine) as seen:
            replies = await ana.say("about 4")
        assert "How hard did it feel" in replies[-1].text
        statements = [sql for group in seen for sql in group]
        # The person with whether the update was handled before and the check-in asked about,
        # then the answer and the next question: nothing else, each read once.
        assert len(statements) == 3, statements
        assert sum(" FROM users" in sql or " JOIN users" in sql for sql in statements) == 1
        assert sum(" FROM checkins" in sql or " JOIN checkins" in sql for sql in statements) == 1
        assert len(writes(seen)) == 1
        (answer,) = writes(seen)
        assert [sql.split(" SET ")[0] for sql in answer] == ["UPDATE checkins", "UPDATE users"]
        # Its id rode in that write (its row is the commit's proof: no commit mark either).
        assert len(await rows(bot, ProcessedUpdate.update_id)) == len(handled) + 1
        assert await rows(bot, CommitMark.token) == marks
        assert not any("plans" in sql for sql in statements)
        assert (await awaited(bot, ana)).endswith(":effort")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.pain == 4


async def test_a_tapped_pain_of_4_costs_the_same_three_statements(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        with transactions(bot.storage.engine) as seen:
            replies = await ana.tap("4")
        assert "How hard did it feel" in replies[-1].text
        assert len([sql for group in seen for sql in group]) == 3
        assert len(writes(seen)) == 1


async def test_the_same_typed_answer_delivered_again_is_one_read_and_nothing_else(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        await ana.say("about 4")
        async with bot.storage.engine.connect() as connection:
            update_id = await connection.scalar(select(func.max(ProcessedUpdate.update_id)))
        mark = bot.mark(ana.id)
        with transactions(bot.storage.engine) as seen:
            bot.server.redeliver(int(update_id or 0))
            await bot.settle()
        assert bot.since(ana.id, mark) == []
        assert len([sql for group in seen for sql in group]) == 1 and not writes(seen)
        assert (await awaited(bot, ana)).endswith(":effort")


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


async def test_a_message_is_read_for_warning_signs_once_and_each_persons_on_its_own(
    database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[str] = []
    read = Symptoms._read

    def counted(self: Symptoms, text: str) -> Finding:
        reads.append(text)
        return read(self, text)

    monkeypatch.setattr(Symptoms, "_read", counted)
    async with running_bot(database_url, clock) as bot:
        ana = await at_the_pain_question(bot)
        reads.clear()
        await ana.say("about 4")
        assert reads == ["about 4"]
        ben = bot.person("Ben")
        await ben.onboard()
        reads.clear()
        await ben.say("my back is sore today")  # read for signs, then for its meaning
        await ana.say("my back is sore today")
        assert reads == ["my back is sore today"] * 2
