"""The steady clock follows the wall clock, except across a step of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock, SteadyClock

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


class Ticking:
    """A monotonic clock the test moves, together with the wall clock."""

    def __init__(self, wall: FakeClock) -> None:
        self.wall, self.seconds = wall, 100.0

    def __call__(self) -> float:
        return self.seconds

    def both(self, seconds: float) -> None:
        self.seconds += seconds
        self.wall.advance(timedelta(seconds=seconds))


def steady() -> tuple[SteadyClock, FakeClock, Ticking]:
    wall = FakeClock(START)
    ticking = Ticking(wall)
    return SteadyClock(wall, ticking), wall, ticking


def test_it_is_the_wall_clock_while_that_runs_evenly() -> None:
    clock, wall, ticking = steady()
    ticking.both(60)
    wall.advance(timedelta(seconds=2))  # a small correction: taken as it is
    assert clock.now() == START + timedelta(seconds=62)


def test_a_step_forward_or_back_is_ignored_until_the_wall_clock_agrees_again() -> None:
    for step in (timedelta(hours=2), timedelta(hours=-1)):
        clock, wall, ticking = steady()
        wall.advance(step)
        ticking.both(30)
        assert clock.now() == START + timedelta(seconds=30)
        wall.advance(-step)
        ticking.both(30)
        assert clock.now() == wall.now() == START + timedelta(seconds=60)


def test_a_step_that_lasts_ten_minutes_is_taken_as_a_correction() -> None:
    clock, wall, ticking = steady()
    wall.advance(timedelta(hours=2))
    assert clock.now() == START
    ticking.both(600)
    assert clock.now() == START + timedelta(hours=2, minutes=10)


def test_the_databases_clock_settles_a_step_at_once_either_way() -> None:
    clock, wall, ticking = steady()
    wall.advance(timedelta(hours=2))
    assert clock.now() == START
    for minute in range(0, 15, 5):  # the database keeps saying the wall clock is wrong
        clock.reference(START + timedelta(minutes=minute))
        ticking.both(300)
    assert clock.now() == START + timedelta(minutes=15)
    clock.reference(wall.now())  # now it says the wall clock is right
    assert clock.now() == wall.now()
