"""Whatever someone types, the readers answer (a value or None) and never fail."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding.rules import parse_rule
from bot.understanding.times import parse_days, parse_desk_hours, parse_time, parse_time_range
from bot.understanding.zones import read_zone

READERS: list[Callable[[str], object]] = [
    parse_time,
    parse_days,
    parse_desk_hours,
    parse_time_range,
    parse_rule,
    read_zone,
]
_PIECES = (
    "at 7 9 17:30 mon to fri - pm am noon quarter past half every day weekdays and , "
    "stretch Portland EST São utc+2 \x00 \ud800 ½ ٣"
)
WORDS = st.sampled_from(_PIECES.split(" "))


@pytest.mark.parametrize("reader", READERS, ids=lambda reader: reader.__name__)
@settings(max_examples=80, deadline=None)
@given(text=st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join)))
def test_any_text_gets_an_answer_or_none(reader: Callable[[str], object], text: str) -> None:
    reader(text)
