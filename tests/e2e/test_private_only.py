"""BackCoach coaches one person in a private chat. In groups it says so once, and nothing a
group does reaches anyone's settings, reminders or health data."""

from __future__ import annotations

import itertools
import time
from typing import Any

from bot.clock import FakeClock
from bot.sandbox.fake_api import BOT_ID, TYPED_BY_PEOPLE
from tests.e2e.harness import BotHarness, running_bot

GROUP, OTHER_GROUP = -1001234567890, -1009876543210
ANONYMOUS_ADMIN = 1087968824  # Telegram's GroupAnonymousBot: every anonymous admin, everywhere
_message_ids = itertools.count(1)


def _group(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": "Office"}


def _person(user_id: int, name: str) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def group_text(bot: BotHarness, chat_id: int, user_id: int, text: str, **extra: Any) -> None:
    TYPED_BY_PEOPLE.append(text)
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": _group(chat_id),
        "from": _person(user_id, "Ana"),
        "text": text,
        **extra,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    bot.server.queue_raw_update({"message": message})


def bot_membership(bot: BotHarness, chat_id: int, user_id: int, old: str, new: str) -> None:
    me = {"id": BOT_ID, "is_bot": True, "first_name": "BackCoach"}
    bot.server.queue_raw_update(
        {
            "my_chat_member": {
                "chat": _group(chat_id),
                "from": _person(user_id, "Ana"),
                "date": int(time.time()),
                "old_chat_member": {"status": old, "user": me},
                "new_chat_member": {"status": new, "user": me},
            }
        }
    )


async def test_commands_in_a_group_get_one_pointer_and_never_move_anyones_data(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        before = await bot.storage.privacy.export(ana.id)
        for command in ("/start", "/settings", "/export", "/today", "/stop", "/delete", "hi"):
            group_text(bot, GROUP, ana.id, command)
        await bot.settle()

        said = bot.server.messages(GROUP)
        assert len(said) == 1, [m.text for m in said]
        assert "only work in a private chat" in said[0].text
        assert "https://t.me/backcoach_bot" in said[0].text
        assert all(m.kind == "text" for m in bot.server.all_messages() if m.chat_id == GROUP)
        assert await bot.storage.privacy.export(ana.id) == before
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.chat_id == ana.id and user.active and not user.stopped

        group_text(bot, OTHER_GROUP, ana.id, "/start")
        await bot.settle()
        assert len(bot.server.messages(OTHER_GROUP)) == 1  # each group is told once


async def test_an_anonymous_group_admin_cannot_create_an_account(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        group_text(
            bot, GROUP, ANONYMOUS_ADMIN, "/start", sender_chat=_group(GROUP) | {"title": "x"}
        )
        await bot.settle()
        assert await bot.storage.users.get(ANONYMOUS_ADMIN) is None
        assert await bot.storage.users.count() == (0, 0)
        assert len(bot.server.messages(GROUP)) == 1


async def test_removing_the_bot_from_a_group_leaves_the_persons_reminders_alone(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        pending = {n.slot for n in await bot.storage.nudges.pending(ana.id)}
        assert pending
        bot_membership(bot, GROUP, ana.id, "left", "member")  # Ana adds the bot to a group...
        bot_membership(bot, GROUP, ana.id, "member", "left")  # ...and removes it again
        await bot.settle()
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.active
        assert {n.slot for n in await bot.storage.nudges.pending(ana.id)} == pending
        told = bot.server.messages(GROUP)  # on being added; nothing can be sent once removed
        assert len(told) == 1 and told[0].text.startswith("Hi! I'm BackCoach")


async def test_a_button_pressed_in_a_group_erases_nothing_and_only_gets_a_short_answer(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        before = await bot.storage.privacy.export(ana.id)
        bot.server.queue_raw_update(
            {
                "callback_query": {
                    "id": "group-tap",
                    "from": _person(ana.id, "Ana"),
                    "chat_instance": "g",
                    "data": "erase:yes",
                    "message": {"message_id": 1, "date": 0, "chat": _group(GROUP)},
                }
            }
        )
        await bot.settle()
        assert await bot.storage.privacy.export(ana.id) == before
        assert bot.server.messages(GROUP) == []
        answer = next(
            a for a in bot.server.answered_callbacks if a["callback_query_id"] == "group-tap"
        )
        assert "private chat" in answer["text"]
