"""The sandbox's clock: real time, plus however far the person has moved it forward, so a week of
reminders can be lived in minutes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class MovableClock(Protocol):
    """A clock the sandbox can move forward (this one, or the tests' FakeClock)."""

    def now(self) -> datetime: ...

    def advance(self, delta: timedelta) -> None: ...


class SandboxClock:
    """Ticks with the wall clock, from `start` (default: now), and jumps when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.tzinfo is None:
            raise ValueError("SandboxClock needs a timezone-aware start time")
        self._offset = timedelta(0) if start is None else start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self._offset

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        self._offset += delta
