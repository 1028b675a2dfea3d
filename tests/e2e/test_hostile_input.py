"""Thousands of random and hostile inputs through the real handlers: no crash, a reply where one
is due, and nobody's data touched by someone else's forged buttons."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update

from bot.clock import FakeClock
from bot.sandbox.fake_api import TYPED_BY_PEOPLE
from tests.e2e.harness import BotHarness, running_bot

VICTIM, ATTACKER, STRANGER = 1001, 1002, 4_000_000
PREFIXES = [
    "set",
    "edit",
    "go",
    "wo",
    "skip",
    "ci",
    "am",
    "sit",
    "later",
    "pause",
    "rules",
    "erase",
    "redflag",
    "psfs",
    "x",
]


class Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class BotInThread:
    """The running bot in its own event loop, so hypothesis (synchronous) can feed it."""

    def __init__(self, database: str, spool: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.stop: asyncio.Event | None = None
        self.harness: BotHarness | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.run(self._start(database, spool))

    async def _start(self, database: str, spool: Path) -> None:
        clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=UTC))
        self.stop = asyncio.Event()
        started = asyncio.Event()

        async def serve() -> None:
            async with running_bot(database, clock, update_spool=str(spool)) as harness:
                self.harness = harness
                started.set()
                assert self.stop is not None
                await self.stop.wait()

        self.task = asyncio.ensure_future(serve())
        await started.wait()

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def feed(self, update: dict[str, Any]) -> None:
        harness = self.harness
        assert harness is not None
        self.run(harness.app.process_update(Update.de_json(update, harness.app.bot)))

    def close(self) -> None:
        assert self.stop is not None
        self.loop.call_soon_threadsafe(self.stop.set)
        self.run(asyncio.wait_for(asyncio.shield(self.task), 30))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture(scope="module")
def live_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotInThread]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    # Its own spool: set up before any test, it would not get the test's (tests/conftest.py).
    bot = BotInThread(f"sqlite+aiosqlite:///{folder / 'fuzz.db'}", folder / "spool.jsonl")
    harness = bot.harness
    assert harness is not None

    async def prepare() -> None:
        victim = harness.person("Vic")
        attacker = harness.person("Ali")
        assert (victim.id, attacker.id) == (VICTIM, ATTACKER)
        await victim.onboard()
        await attacker.onboard()
        await victim.say("/today")
        await victim.tap("Start")
        await victim.tap("Done")

    bot.run(prepare())
    yield bot
    bot.close()


_ids = iter(range(10**9, 2 * 10**9))


def message(user_id: int, **content: Any) -> dict[str, Any]:
    chat = {"id": user_id, "type": "private", "first_name": "F"}
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids) % 10**6,
            "date": 0,
            "chat": chat,
            "from": {"id": user_id, "is_bot": False, "first_name": "F"},
            **content,
        },
    }


def snapshot(bot: BotInThread) -> tuple[Any, ...]:
    harness = bot.harness
    assert harness is not None
    data = bot.run(harness.storage.privacy.export(VICTIM))
    return tuple((name, len(rows), repr(rows)) for name, rows in sorted(data.items()))


FUZZ = settings(
    max_examples=700,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
users = st.sampled_from([VICTIM, ATTACKER, STRANGER])


@FUZZ
@given(user=users, text=st.text(max_size=5000))
def test_random_text_never_crashes_and_always_gets_an_answer(
    live_bot: BotInThread, user: int, text: str
) -> None:
    harness = live_bot.harness
    assert harness is not None
    failures = Failures()
    logging.getLogger().addHandler(failures)
    try:
        before = len(harness.server.messages(user))
        TYPED_BY_PEOPLE.append(text)
        entities = (
            [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
            if (text.startswith("/") and text.split())
            else []
        )
        live_bot.feed(message(user, text=text, entities=entities) if text else message(user))
        assert failures.count == 0
        if text.strip() and not text.startswith("/"):
            assert len(harness.server.messages(user)) > before, "a reply is due"
    finally:
        logging.getLogger().removeHandler(failures)


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    parts=st.lists(
        st.one_of(
            st.integers(-5, 10**12).map(str),
            st.text(max_size=12),
            st.sampled_from(
                [
                    "done",
                    "hard",
                    "stop",
                    "pain",
                    "save",
                    "redo",
                    "yes",
                    "10",
                    "timer",
                    "feel",
                    "allright",
                    "toggle",
                    "del",
                ]
            ),
        ),
        max_size=4,
    ),
)
def test_forged_buttons_never_crash_and_never_touch_someone_elses_data(
    live_bot: BotInThread, prefix: str, parts: list[str]
) -> None:
    harness = live_bot.harness
    assert harness is not None
    data = ":".join([prefix, *parts])[:64]
    if not data.encode()[:64]:
        return
    before = snapshot(live_bot)
    failures = Failures()
    logging.getLogger().addHandler(failures)
    try:
        update = {
            "update_id": next(_ids),
            "callback_query": {
                "id": str(next(_ids)),
                "chat_instance": "c",
                "data": data,
                "from": {"id": ATTACKER, "is_bot": False, "first_name": "A"},
                "message": {
                    "message_id": 1,
                    "date": 0,
                    "chat": {"id": ATTACKER, "type": "private"},
                },
            },
        }
        live_bot.feed(update)
        assert failures.count == 0, data
    finally:
        logging.getLogger().removeHandler(failures)
    assert snapshot(live_bot) == before, f"{data!r} changed the victim's data"


@FUZZ
@given(kind=st.sampled_from(["sticker", "caption", "edited", "empty", "long"]), user=users)
def test_odd_updates_are_handled_quietly(live_bot: BotInThread, kind: str, user: int) -> None:
    failures = Failures()
    logging.getLogger().addHandler(failures)
    try:
        if kind == "sticker":
            sticker = {
                "file_id": "s",
                "file_unique_id": "s",
                "type": "regular",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
            }
            live_bot.feed(message(user, sticker=sticker))
        elif kind == "caption":
            photo = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
            live_bot.feed(message(user, photo=photo, caption="pain 9 " * 50))
        elif kind == "edited":
            update = message(user, text="about 4")
            update["edited_message"] = update.pop("message")
            update["edited_message"]["edit_date"] = 1
            live_bot.feed(update)
        elif kind == "long":
            live_bot.feed(message(user, text="x" * 4096))
        else:
            live_bot.feed(message(user))
        assert failures.count == 0
    finally:
        logging.getLogger().removeHandler(failures)
