"""Odd input never raises, on SQLite and on PostgreSQL: edits of old messages, buttons carrying
numbers no id can have, and text or names holding characters a database refuses."""

from __future__ import annotations

import logging

import pytest

from bot.app import ALLOWED_UPDATES
from bot.clock import FakeClock
from bot.telegram import texts
from tests.e2e.harness import running_bot

ODD = (
    "\x00\ud800"  # NUL (PostgreSQL refuses it in text) and a lone surrogate (no driver encodes it)
)


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_editing_an_old_message_into_a_command_does_nothing(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        old = bot.server.send_text(ana.id, "thanks")
        await bot.settle()
        before, data = len(bot.server.messages(ana.id)), await bot.storage.privacy.export(ana.id)
        for command in ("/stop", "/delete", "/flare", "/pause"):
            bot.server.edit_text(ana.id, old["message_id"], command)
        await bot.settle()
        assert len(bot.server.messages(ana.id)) == before
        assert await bot.storage.privacy.export(ana.id) == data
        replies = await ana.say("/stop")  # a new message still works
        assert "Stopped" in replies[-1].text
    assert "edited_message" not in ALLOWED_UPDATES  # Telegram is not even asked for edits


@pytest.mark.parametrize(
    "data",
    [
        "wo:2147483648:0:done",  # one past PostgreSQL's integer
        "ci:9223372036854775808:pain:3",  # one past SQLite's integer
        "am:9223372036854775808:better",
        "rules:del:99999999999999999999",
        "psfs:2147483648:3",
        "rules:toggle:²",  # str.isdigit() says yes, int() says no
    ],
)
async def test_a_button_carrying_a_number_no_id_can_have_is_answered_as_stale(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        before = await bot.storage.privacy.export(ana.id)
        query_id = bot.server.press(ana.id, ana.last().message_id, data)
        await bot.settle()
        assert errors(caplog) == []
        answer = next(
            a for a in bot.server.answered_callbacks if a["callback_query_id"] == query_id
        )
        assert answer["text"] == texts.STALE_BUTTON
        assert await bot.storage.privacy.export(ana.id) == before


async def test_a_first_name_a_database_cannot_store_still_starts_and_restarts(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        bot.server.send_text(ana.id, "/start", first_name=f"An{ODD}a")
        await bot.settle()
        bot.server.send_text(ana.id, "/start", first_name=f"An{ODD}a")
        await bot.settle()
        assert errors(caplog) == []
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.first_name == "Ana"
        assert "Hi Ana!" in ana.texts()[0]


async def test_a_rule_typed_with_characters_a_database_refuses_is_saved_without_them(
    database_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/rules")
        await ana.tap("Add a reminder rule")
        replies = await ana.say(f"Stretch{ODD} my hips at 08:00")
        assert errors(caplog) == []
        rules = await bot.storage.rules.for_user(ana.id)
        assert [rule.text for rule in rules] == ["Stretch my hips"]
        assert "📌 Stretch my hips — 08:00" in replies[-1].text
