"""Turns shared fairly between people: whoever has asked the least lately goes first, so one
person's first message is served before anyone's twentieth, however many others sent.

Used twice: for handling updates (bot/telegram/order.py: a few at a time, never two of one
person's at once) and for sending replies under Telegram's overall cap (bot/telegram/ratelimit.py:
one waits for the cap at a time). Both rank
people by the same count: their updates in the flood-control window (FloodControl.recent), then
by turns they had lately (round-robin among equals), then by who has waited longest."""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

# How long a person's turns count against them after their last one: longer than a burst.
MEMORY_S = 30.0


class FairTurns:
    """At most `slots` turns at once, at most one per person; see the module for the order.
    An urgent turn (a slow-down notice) goes before all others."""

    def __init__(self, slots: int, asked: Callable[[int], int], memory_s: float = MEMORY_S) -> None:
        self._free, self._asked, self._memory_s = slots, asked, memory_s
        self._waiting: dict[int, deque[tuple[int, asyncio.Future[None]]]] = {}
        self._urgent: deque[asyncio.Future[None]] = deque()
        self._running: set[int] = set()
        self._served: dict[int, tuple[int, float]] = {}  # turns lately, and when the last one
        self._ready: list[tuple[int, int, int, int]] = []  # (asked, turns, arrival, person)
        self._arrivals = itertools.count()
        self._swept_at = time.monotonic()

    def __len__(self) -> int:
        """People remembered (waiting, in a turn, or served lately)."""
        return len(self._waiting.keys() | self._served.keys() | self._running)

    @asynccontextmanager
    async def turn(self, person: int, urgent: bool = False) -> AsyncIterator[None]:
        if urgent:
            await self._take_urgent()
            try:
                yield
            finally:
                self._give_back(None)
            return
        await self._take(person)
        try:
            yield
        finally:
            self._give_back(person)

    async def _take_urgent(self) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._urgent.append(future)
        self._grant()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._give_back(None)
            else:
                self._urgent.remove(future)
            raise

    async def _take(self, person: int) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue = self._waiting.setdefault(person, deque())
        queue.append((next(self._arrivals), future))
        if len(queue) == 1 and person not in self._running:
            self._make_ready(person)
        self._grant()
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._give_back(person)  # granted just as it was cancelled
            else:
                self._withdraw(person, future)
            raise

    def _withdraw(self, person: int, future: asyncio.Future[None]) -> None:
        queue = self._waiting.get(person, deque())
        for entry in queue:
            if entry[1] is future:
                queue.remove(entry)
                break
        if not queue:
            self._waiting.pop(person, None)  # its place in the ready heap is skipped when met

    def _make_ready(self, person: int) -> None:
        heapq.heappush(self._ready, self._rank(person))

    def _rank(self, person: int) -> tuple[int, int, int, int]:
        arrival = self._waiting[person][0][0]
        return (self._asked(person), self._turns(person), arrival, person)

    def _turns(self, person: int) -> int:
        turns, last = self._served.get(person, (0, 0.0))
        return turns if time.monotonic() - last < self._memory_s else 0

    def _grant(self) -> None:
        while self._free and self._urgent:
            self._free -= 1
            self._urgent.popleft().set_result(None)
        while self._free and self._ready:
            ranked = heapq.heappop(self._ready)
            person = ranked[3]
            queue = self._waiting.get(person)
            if not queue or person in self._running:
                continue  # withdrawn, or a leftover entry
            if (now := self._rank(person)) > ranked:  # they asked more since: back in line
                heapq.heappush(self._ready, now)
                continue
            _, future = queue.popleft()
            if not queue:
                del self._waiting[person]
            self._free -= 1
            self._running.add(person)
            self._served[person] = (self._turns(person) + 1, time.monotonic())
            future.set_result(None)

    def _give_back(self, person: int | None) -> None:
        self._free += 1
        if person is not None:
            self._running.discard(person)
            self._served[person] = (self._served.get(person, (0, 0.0))[0], time.monotonic())
            if person in self._waiting:
                self._make_ready(person)
        self._sweep()
        self._grant()

    def _sweep(self) -> None:
        """Forget people served longer than MEMORY_S ago, once per MEMORY_S: memory follows
        who is active, not who ever wrote."""
        now = time.monotonic()
        if now - self._swept_at < self._memory_s:
            return
        self._swept_at = now
        self._served = {
            person: served
            for person, served in self._served.items()
            if now - served[1] < self._memory_s or person in self._running
        }
