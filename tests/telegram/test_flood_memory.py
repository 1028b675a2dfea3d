"""Flood control remembers the people who wrote lately, not everyone who ever wrote."""

from __future__ import annotations

from bot.telegram.guards import FloodControl


def test_after_100000_different_people_only_the_recent_ones_are_remembered() -> None:
    flood = FloodControl(limit=20, window_s=10.0)
    # One new person every 10 ms: 1,000 people per window, 1,000 seconds in all.
    for n in range(100_000):
        assert flood.allow(n, n * 0.01)
    assert len(flood) <= 2 * 1_000 + 1
    assert flood.should_warn(99_999, 1_000.0)


def test_forgetting_idle_people_never_forgets_someone_still_flooding() -> None:
    flood = FloodControl(limit=20, window_s=10.0)
    now = 0.0
    for n in range(5_000):  # a crowd passes by while one person hammers away
        now += 0.01
        flood.allow(n + 1, now)
        if n % 10 == 0:
            flood.allow(0, now)
    # Person 0 sent 10 a second for 50 seconds: always over 20 in 10 s.
    assert not flood.allow(0, now)
