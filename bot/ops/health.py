"""/healthz (the process answers) and /readyz (the database answers and the scheduler ticks).

A database can answer SELECT 1 and still not take a write (a full disk, a read-only file), so
/readyz also reports the cause of the latest outage handling hit, for a while after it.

A platform restarts a process whose /healthz fails and sends no work to one whose /readyz fails.
The answers say which check failed and nothing else: no URLs, no error texts.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

# A database that takes longer than this to answer SELECT 1 counts as away.
DATABASE_TIMEOUT_S = 2.0
# An outage seen while handling counts this long (kept updates are retried at least every 10 s,
# so while it lasts it is seen again well within this).
OUTAGE_MEMORY_S = 30.0

Ping = Callable[[], Awaitable[None]]


@dataclass
class Readiness:
    database: str
    scheduler: str

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.scheduler == "ok"


@dataclass
class Health:
    """What /readyz checks. The scheduler job reports each finished pass with `ticked`."""

    ping: Ping
    stall_s: float
    started: float = field(default_factory=time.monotonic)
    last_tick: float | None = None  # monotonic time the latest pass finished
    outage: tuple[str, float] | None = None  # the latest outage's cause, and when (monotonic)

    def ticked(self) -> None:
        self.last_tick = time.monotonic()

    def saw_outage(self, cause: str) -> None:
        self.outage = (cause, time.monotonic())

    def scheduler(self) -> str:
        if self.last_tick is None:
            return "starting" if time.monotonic() - self.started < self.stall_s else "stalled"
        return "ok" if time.monotonic() - self.last_tick < self.stall_s else "stalled"

    async def database(self) -> str:
        try:
            await asyncio.wait_for(self.ping(), DATABASE_TIMEOUT_S)
        except Exception:  # refused, timed out, auth...: the reason is in the bot's own logs
            return "unreachable"
        if self.outage is not None and time.monotonic() - self.outage[1] < OUTAGE_MEMORY_S:
            return self.outage[0]
        return "ok"

    async def readiness(self) -> Readiness:
        return Readiness(await self.database(), self.scheduler())
