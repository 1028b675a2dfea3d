"""Time comes from a clock object so tests and the simulator can move days and weeks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start time")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta) -> None:
        self._now += delta

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


class SteadyClock:
    """The wall clock, checked against a monotonic one so that a step of the wall clock (an NTP
    correction, a VM resumed, someone setting the date) does not make every pending nudge look
    late or due.

    Each reading is compared with the last trusted one plus the monotonic time since; when they
    differ by more than `tolerance`, the wall clock has jumped: a warning gives the size, and
    time goes on from the monotonic clock until the wall clock agrees again. A step that lasts
    `accept_after` is taken as a real correction (the wall clock was wrong before). `reference`
    tells the clock what another source (the database's clock) reads now: it settles a jump at
    once either way."""

    def __init__(
        self,
        wall: Clock | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        tolerance: timedelta = timedelta(seconds=5),
        accept_after: timedelta = timedelta(minutes=10),
    ) -> None:
        self._wall = wall or SystemClock()
        self._monotonic = monotonic
        self._tolerance, self._accept_after = tolerance, accept_after
        self._base, self._base_at = self._wall.now(), monotonic()
        self._jumped_at: float | None = None  # monotonic time of the jump, while it lasts
        self._correction = timedelta(0)  # added to the wall clock, from a reference

    def now(self) -> datetime:
        wall, steady = self._read()
        jump = wall - steady
        if abs(jump) <= self._tolerance:
            if self._jumped_at is not None:
                log.warning(
                    "the wall clock agrees with the monotonic clock again after %.0f s",
                    self._monotonic() - self._jumped_at,
                )
                self._jumped_at = None
            return self._trust(wall)
        if self._jumped_at is None:
            self._jumped_at = self._monotonic()
            log.warning(
                "the wall clock jumped %+.0f s: going by the monotonic clock until it agrees again",
                jump.total_seconds(),
            )
        elif self._monotonic() - self._jumped_at >= self._accept_after.total_seconds():
            log.warning(
                "the wall clock has stayed %+.0f s off for %.0f s: taking it as the right time",
                jump.total_seconds(),
                self._accept_after.total_seconds(),
            )
            self._jumped_at = None
            return self._trust(wall)
        return steady

    def reference(self, other: datetime) -> timedelta:
        """What another clock (the database's) reads now; returns how far it is from this one.
        If this clock is more than `tolerance` away from it, the other one is taken as right:
        a jump it confirms is accepted, and a skew it shows is corrected."""
        mine = self.now()
        skew = other - mine
        if abs(skew) <= self._tolerance:
            if self._jumped_at is not None:  # the wall clock is the one off: never accept it
                self._jumped_at = self._monotonic()
            return skew
        wall, _ = self._read()
        log.warning(
            "this clock is %+.0f s off the database's: going by the database's",
            skew.total_seconds(),
        )
        self._correction += other - wall
        self._jumped_at = None
        self._trust(other)
        return skew

    def _read(self) -> tuple[datetime, datetime]:
        """The wall clock (corrected) and the monotonic estimate, read together."""
        at = self._monotonic()
        wall = self._wall.now() + self._correction
        return wall, self._base + timedelta(seconds=at - self._base_at)

    def _trust(self, moment: datetime) -> datetime:
        self._base, self._base_at = moment, self._monotonic()
        return moment
