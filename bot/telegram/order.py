"""Updates handled in a fair order: see bot/telegram/fair.py."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

from telegram import Update

from bot.telegram import arriving
from bot.telegram.fair import FairTurns
from bot.telegram.guards import FloodControl
from bot.telegram.updates import PerPersonOrder

NO_LIMIT = 2**31 - 1


class FairOrder(PerPersonOrder):
    """PerPersonOrder whose slots go round the people fairly instead of first come, first
    served, and never to a second update of someone already being answered (it would only
    wait for their lock, holding a slot). Flood control counts updates as they arrive, before
    they are built (bot/telegram/arriving.py); one over the limit skips the queue and the
    person's lock, and is dropped unbuilt, nothing read for it (500 of them no longer make
    500 reads while others wait), but for the first a window: the first guard sends it the
    slow-down notice, at once."""

    def __init__(self, flood: FloodControl, max_concurrent_updates: int) -> None:
        # PTB's own slots (first come, first served) never fill: the turns below decide.
        super().__init__(NO_LIMIT)
        self.flood = flood
        self._turns = FairTurns(max_concurrent_updates, flood.recent)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        person = arriving.person(update)  # 0: from no one (none reach the bot today)
        if person and isinstance(update, (arriving.Arriving, Update)):
            now = time.monotonic()
            if not self.flood.allow(person, now):
                self.flood.mark_over(update.update_id, warn=self.flood.should_warn(person, now))
                await coroutine
                return
        async with self._turns.turn(person):
            await super().do_process_update(update, coroutine)
