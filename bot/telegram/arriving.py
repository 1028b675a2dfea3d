"""Updates as they arrive from long polling: their id and sender read from Telegram's JSON, the
python-telegram-bot objects built only when the update's turn comes.

PTB's `get_updates` builds every update of a batch at once, ~0.16 ms each: after an outage
Telegram hands over its backlog in batches of 100, and building 4,500 of them stood 0.7 s in
front of the newest message, the one a person is waiting on. Read this way, the whole backlog
is in within a few tenths of a second; fair turns (bot/telegram/order.py) then answer the
person who asked least first, and an update over the flood limit is never built at all.
"""

from __future__ import annotations

import datetime as dtm
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.ext import ExtBot
from telegram.request import BaseRequest


class Arriving:
    """An update not yet built: `update()` builds it (once). Its repr is its id only: the
    update holds what a person typed, and PTB logs what it processes at debug level."""

    __slots__ = ("_bot", "_data", "_update", "person", "update_id")

    def __init__(self, data: JSONDict, bot: ExtBot[Any]) -> None:
        self._data, self._bot = data, bot
        self._update: Update | None = None
        self.update_id: int = data["update_id"]
        self.person = sender(data)

    def update(self) -> Update:
        if self._update is None:
            self._update = Update.de_json(self._data, self._bot)
            self._data = {}  # held once, as the update
        return self._update

    def __repr__(self) -> str:
        return f"Arriving(update_id={self.update_id})"


def sender(data: JSONDict) -> int:
    """The id of the user an update comes from, as `Update.effective_user` has it (0: none).
    Every kind of update names them in its one payload, as "from" or, in a few, "user"."""
    for key, payload in data.items():
        if key != "update_id" and isinstance(payload, dict):
            user = payload.get("from") or payload.get("user")
            found = user.get("id") if isinstance(user, dict) else None
            return found if isinstance(found, int) else 0
    return 0


def built(update: object) -> object:
    """`update` as handlers take it: an arriving one built, anything else as it is."""
    return update.update() if isinstance(update, Arriving) else update


def person(update: object) -> int:
    """Who an update is from, without building it (0: no one)."""
    if isinstance(update, Arriving):
        return update.person
    if isinstance(update, Update) and update.effective_user is not None:
        return update.effective_user.id
    return 0


class ArrivingBot(ExtBot[Any]):
    """ExtBot whose `get_updates` hands over `Arriving` updates (PTB's Updater only reads
    their `update_id`; the application builds each when it handles it)."""

    async def get_updates(  # type: ignore[override]
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: int | dtm.timedelta | None = None,
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Arriving, ...]:
        data: JSONDict = {
            "timeout": timeout,
            "offset": offset,
            "limit": limit,
            "allowed_updates": allowed_updates,
        }
        # As PTB's: a long poll may take its poll time on top of the read timeout.
        if isinstance(read_timeout, DefaultValue):
            base = self._request[0].read_timeout or 0
        else:
            base = read_timeout or 0
        poll = timeout.total_seconds() if isinstance(timeout, dtm.timedelta) else timeout or 0
        result = await self._post(
            "getUpdates",
            data,
            read_timeout=base + poll,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
            api_kwargs=api_kwargs,
        )
        return tuple(Arriving(update, self) for update in result)
