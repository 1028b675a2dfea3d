"""Effects exactly once: a database fault at any commit of a main flow — before the commit (it
did not happen) or after it (it happened, but its acknowledgement was lost) — ends in the same
stored state and the same messages as a run without faults; the person also hears once that it
is not saved yet.

Each commit an update's handling makes is counted in a run without faults; then, for each one
and each side of it, a fresh bot repeats the flow with that commit failing once."""

from __future__ import annotations

import asyncio
import contextvars
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from bot.clock import FakeClock
from bot.storage.models import Base
from bot.telegram.updates import NOT_SAVED_YET, PerPersonOrder
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session, next_morning
from tests.e2e.test_reminders import at_berlin

Side = Literal["before", "after"]
_IN_UPDATE: contextvars.ContextVar[bool] = contextvars.ContextVar("in_update", default=False)
SENDS = ("send", "edit", "answerCallbackQuery", "delete")
# Rows that say which updates were handled (a retry may add to them), and columns that differ
# from run to run anyway: a nudge claim's random token, the fake server's message ids (the
# not-saved-yet notice takes one).
BOOKKEEPING = {"processed_updates", "commit_marks"}
RANDOM = {"claim_token", "message_id"}


@dataclass
class Faults:
    """Counts the commits updates make and fails one of them, before or after it happens."""

    commits: int = 0
    at: int | None = None
    side: Side = "before"
    failed: list[int] = field(default_factory=list)

    def commit(self, real: Callable[[Connection], None], connection: Connection) -> None:
        if not _IN_UPDATE.get():
            real(connection)
            return
        self.commits += 1
        failing = self.commits == self.at
        if failing and self.side == "before":
            self.failed.append(self.commits)
            raise lost("COMMIT")
        real(connection)
        if failing:
            self.failed.append(self.commits)
            raise lost("COMMIT")


def lost(statement: str) -> OperationalError:
    return OperationalError(statement, {}, ConnectionRefusedError(111, "Connection refused"))


@contextmanager
def injected(monkeypatch: pytest.MonkeyPatch, bot: BotHarness) -> Iterator[Faults]:
    faults = Faults()
    real_commit = Connection._commit_impl
    monkeypatch.setattr(Connection, "_commit_impl", lambda self: faults.commit(real_commit, self))
    real_process = bot.app.process_update

    async def process_update(update: object) -> None:
        token = _IN_UPDATE.set(True)
        try:
            await real_process(update)
        finally:
            _IN_UPDATE.reset(token)

    monkeypatch.setattr(bot.app, "process_update", process_update)
    yield faults


async def state(bot: BotHarness) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row but the bookkeeping of handled updates."""
    found = {}
    async with bot.storage.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in BOOKKEEPING:
                continue
            columns = [column for column in table.columns if column.name not in RANDOM]
            rows = await connection.execute(sa.select(*columns).order_by(*table.primary_key))
            found[table.name] = [tuple(row) for row in rows]
    return found


def sent(bot: BotHarness, since: int) -> list[tuple[str, str, tuple[str, ...]]]:
    """What the bot sent, edited or answered after call `since`, but the not-saved-yet notice."""
    said = []
    for method, params in bot.server.calls[since:]:
        if not method.startswith(SENDS) or params.get("text") == NOT_SAVED_YET:
            continue
        markup = params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        labels = tuple(b["text"] for row in markup.get("inline_keyboard", []) for b in row)
        said.append((method, str(params.get("text", "")), labels))
    return said


Setup = Callable[[BotHarness, Person], Awaitable[None]]
Trigger = Callable[[Person], Awaitable[object]]


async def ready_to_rate(bot: BotHarness, person: Person) -> None:
    await person.onboard()
    await do_session(person)


async def rated_but_the_feel(bot: BotHarness, person: Person) -> None:
    await ready_to_rate(bot, person)
    await person.tap("1")
    await person.tap("3 · moderate")


async def asked_the_morning_question(bot: BotHarness, person: Person) -> None:
    await ready_to_rate(bot, person)
    await check_in(person)
    await next_morning(bot, person)
    await do_session(person)
    await check_in(person)
    mark = bot.mark(person.id)
    for _ in range(60):
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=30))
        if any("compared with usual" in (m.text or "") for m in bot.since(person.id, mark)):
            return
    raise AssertionError("no morning question")


async def onboarded(bot: BotHarness, person: Person) -> None:
    await person.onboard()


async def sitting(bot: BotHarness, person: Person) -> None:
    at_berlin(bot.clock, 23, 8, 0)
    await person.onboard()
    await bot.advance(timedelta(minutes=110), step=timedelta(minutes=5))
    assert "2-minute move" in person.last().text


ZONE = "Berlin"


class _Reached(Exception):
    """Set-up came to its first typed answer."""


async def up_to_the_first_typed_answer(bot: BotHarness, person: Person) -> None:
    """Set-up as the harness goes through it, stopped before the first answer typed after
    /start (the time zone): the steps before it may change, this case follows them."""
    real_say = person.say

    async def say(text: str) -> list[Any]:
        if text != "/start":
            raise _Reached(text)
        return await real_say(text)

    person.say = say  # type: ignore[method-assign]
    try:
        await person.onboard(zone=ZONE)
    except _Reached as reached:
        assert reached.args == (ZONE,), reached.args
    else:
        raise AssertionError("set-up asked for nothing typed")
    finally:
        del person.say


async def asked_to_delete(bot: BotHarness, person: Person) -> None:
    await person.onboard()
    await person.say("/delete")


FLOWS: dict[str, tuple[Setup, Trigger]] = {
    "typed pain": (ready_to_rate, lambda p: p.say("about 3")),
    "check-in save": (rated_but_the_feel, lambda p: p.tap("felt right")),
    "morning answer": (asked_the_morning_question, lambda p: p.tap("Same")),
    "worse morning": (asked_the_morning_question, lambda p: p.tap("Worse")),
    "walk": (onboarded, lambda p: p.say("/walk 20")),
    "sit Done": (sitting, lambda p: p.tap("Done")),
    "onboarding step": (up_to_the_first_typed_answer, lambda p: p.say(ZONE)),
    "/delete": (asked_to_delete, lambda p: p.tap("Yes, erase everything")),
}


async def all_retried(bot: BotHarness) -> None:
    order = bot.app.update_processor
    assert isinstance(order, PerPersonOrder)
    await bot.settle()
    while order.kept:
        await asyncio.sleep(0.05)
        await bot.settle()


def differ(
    clean: dict[str, list[tuple[Any, ...]]], faulty: dict[str, list[tuple[Any, ...]]]
) -> str:
    """Which rows the faulty run stored otherwise, table by table."""
    parts = []
    for table, rows in clean.items():
        before, after = {repr(row) for row in rows}, {repr(row) for row in faulty[table]}
        if before != after:
            parts.append(f"{table}: {sorted(before - after)} became {sorted(after - before)}")
    return "; ".join(parts)


@dataclass
class Run:
    commits: int
    failed: list[int]
    state: dict[str, list[tuple[Any, ...]]]
    sent: list[tuple[str, str, tuple[str, ...]]]
    notices: int


async def run(
    flow: str,
    url: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    at: int | None = None,
    side: Side = "before",
) -> Run:
    setup, trigger = FLOWS[flow]
    clock.set(START)
    with monkeypatch.context() as patched:
        async with running_bot(url, clock) as bot:
            person = bot.person("Ana")
            await setup(bot, person)
            await bot.settle()
            with injected(patched, bot) as faults:
                faults.at, faults.side = at, side
                since = len(bot.server.calls)
                await trigger(person)
                await all_retried(bot)
            notices = sum(text == NOT_SAVED_YET for text in person.texts())
            return Run(faults.commits, faults.failed, await state(bot), sent(bot, since), notices)


START = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # a Monday morning


@pytest.mark.slow
@pytest.mark.parametrize("flow", FLOWS)
async def test_a_fault_at_any_commit_ends_as_a_run_without_faults(
    flow: str, tmp_path: Any, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.telegram.updates.FIRST_DELAY_S", 0.05)
    urls = (f"sqlite+aiosqlite:///{tmp_path / f'{n}.db'}" for n in range(1000))
    clean = await run(flow, next(urls), clock, monkeypatch)
    assert clean.commits >= 1 and clean.sent, "the flow commits and answers"
    wrong = []
    for at in range(1, clean.commits + 1):
        for side in ("before", "after"):
            faulty = await run(flow, next(urls), clock, monkeypatch, at, side)  # type: ignore[arg-type]
            assert faulty.failed == [at], f"commit {at} {side} failed once"
            if faulty.state != clean.state:
                wrong.append(
                    f"commit {at}/{clean.commits}, {side}: {differ(clean.state, faulty.state)}"
                )
            if faulty.sent != clean.sent:
                wrong.append(f"commit {at}/{clean.commits}, {side}: {faulty.sent} != {clean.sent}")
            # Told once that it is not saved yet; nothing to tell when it was, after all.
            if faulty.notices != (side == "before"):
                wrong.append(f"commit {at}, {side}: {faulty.notices} notices")
    assert not wrong, "\n".join(wrong)
