"""Admin alerts say what failed and where, once per kind an hour, and never flood."""

from __future__ import annotations

import pytest

from bot.config import normalise_database_url
from bot.ops.alerts import MAX_PER_WINDOW, REPEAT_S, Alerts, where


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def failure(kind: type[Exception] = ValueError, note: str = "") -> Exception:
    try:
        raise kind(f"typed by a person: {note}")
    except Exception as error:
        return error


def in_our_code() -> Exception:
    try:
        normalise_database_url(None)  # type: ignore[arg-type]
    except Exception as error:
        return error
    raise AssertionError("expected a failure")


def test_the_place_is_the_innermost_line_of_our_own_code() -> None:
    assert where(in_our_code()).startswith("bot/config.py:")
    assert where(in_our_code()).endswith("in normalise_database_url")
    assert where(failure()).startswith("test_alerts.py:")  # not ours: the file name only


def test_the_same_error_at_the_same_place_is_told_once_an_hour_with_the_count_meanwhile() -> None:
    clock = Clock()
    alerts = Alerts(frozenset({1}), clock)
    first = alerts.compose(failure(), "while handling an update")
    assert first is not None and "ValueError at test_alerts.py:" in first
    assert "typed by a person" not in first
    assert alerts.compose(failure(), "while handling an update") is None
    assert alerts.compose(failure(), "while handling an update") is None
    assert alerts.compose(failure(KeyError), "in a scheduled job") is not None  # another kind
    clock.now += REPEAT_S
    again = alerts.compose(failure(), "while handling an update")
    assert again is not None and "2 more like it were not alerted" in again


@pytest.mark.parametrize("extra", [1, 5])
def test_no_more_than_the_limit_go_out_an_hour_whatever_fails(extra: int) -> None:
    clock = Clock()
    alerts = Alerts(frozenset({1}), clock)
    kinds = [type(f"Error{n}", (Exception,), {}) for n in range(MAX_PER_WINDOW + extra)]
    told = [alerts.compose(failure(kind), "in a scheduled job") for kind in kinds]
    assert sum(text is not None for text in told) == MAX_PER_WINDOW
    clock.now += REPEAT_S
    late = alerts.compose(failure(kinds[-1]), "in a scheduled job")
    assert late is not None and "1 more like it were not alerted" in late
