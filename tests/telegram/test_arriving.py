"""An update from long polling is read for its id and sender only, and built once, when handled."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Update
from telegram.ext import ExtBot

from bot.sandbox.fake_api import FakeBotApi
from bot.telegram.aiohttp_request import AiohttpRequest as Aiohttp
from bot.telegram.arriving import Arriving, ArrivingBot, built, person

TOKEN = "4242:test-token"
BOT: ExtBot[Any] = ExtBot(TOKEN)
ANA = {"id": 7, "is_bot": False, "first_name": "Ana"}
PRIVATE = {"id": 7, "type": "private", "first_name": "Ana"}
GROUP = {"id": -100, "type": "group", "title": "Back club"}
MESSAGE = {"message_id": 1, "date": 1, "chat": PRIVATE, "from": ANA, "text": "my leg is numb"}
MEMBER = {"status": "member", "user": {"id": 99, "is_bot": True, "first_name": "BackCoach"}}
LEFT = {"status": "left", "user": {"id": 99, "is_bot": True, "first_name": "BackCoach"}}

EVERY_KIND = {
    "message": MESSAGE,
    "message in a group": {**MESSAGE, "chat": GROUP},
    "edited message": {**MESSAGE, "edit_date": 2},
    "channel post": {"message_id": 1, "date": 1, "chat": {"id": -5, "type": "channel"}},
    "button": {"id": "q", "from": ANA, "chat_instance": "c", "data": "pain:3"},
    "bot blocked": {
        "chat": PRIVATE,
        "from": ANA,
        "date": 1,
        "old_chat_member": MEMBER,
        "new_chat_member": {**LEFT, "until_date": 0},
    },
    "poll answer": {"poll_id": "p", "user": ANA, "option_ids": [0], "option_persistent_ids": []},
    "reaction": {
        "chat": PRIVATE,
        "message_id": 1,
        "user": ANA,
        "date": 1,
        "old_reaction": [],
        "new_reaction": [],
    },
    "inline query": {"id": "i", "from": ANA, "query": "", "offset": ""},
}
KEYS = {
    "message": "message",
    "message in a group": "message",
    "edited message": "edited_message",
    "channel post": "channel_post",
    "button": "callback_query",
    "bot blocked": "my_chat_member",
    "poll answer": "poll_answer",
    "reaction": "message_reaction",
    "inline query": "inline_query",
}


@pytest.mark.parametrize("kind", EVERY_KIND)
def test_the_sender_read_from_the_json_is_the_one_python_telegram_bot_finds(kind: str) -> None:
    data = {"update_id": 41, KEYS[kind]: EVERY_KIND[kind]}
    arriving = Arriving(data, BOT)
    update = Update.de_json(data, BOT)
    user = update.effective_user
    assert arriving.update_id == 41
    assert person(arriving) == (user.id if user is not None else 0) == person(update)


def test_an_arriving_update_is_built_once_and_handled_as_that_one_object() -> None:
    arriving = Arriving({"update_id": 41, "message": MESSAGE}, BOT)
    update = built(arriving)
    assert isinstance(update, Update)
    assert update.message is not None and update.message.text == "my leg is numb"
    assert built(arriving) is update
    assert built(update) is update


def test_an_arriving_update_never_shows_what_was_typed_when_logged() -> None:
    arriving = Arriving({"update_id": 41, "message": MESSAGE}, BOT)
    assert "numb" not in repr(arriving) and "numb" not in str(arriving)
    assert "41" in repr(arriving)


async def test_a_batch_from_get_updates_is_handed_over_unbuilt_with_each_sender() -> None:
    async with FakeBotApi(token=TOKEN) as server:
        for person_id in (7, 8, 7):
            server.send_text(person_id, "my leg is numb")
        bot = ArrivingBot(TOKEN, base_url=f"{server.base_url}/bot", get_updates_request=Aiohttp())
        async with bot:
            batch = await bot.get_updates(timeout=0)
    assert [type(update) for update in batch] == [Arriving] * 3
    assert [person(update) for update in batch] == [7, 8, 7]
    assert len({update.update_id for update in batch}) == 3
    assert all(update._update is None for update in batch)  # not one built yet
    update = built(batch[1])
    assert isinstance(update, Update) and update.effective_user is not None
    assert update.effective_user.id == 8
