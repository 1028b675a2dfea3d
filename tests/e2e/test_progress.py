"""Progress people can see: a real chart that follows their ratings, a log, a weekly review."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.coaching.progress import ProgressData
from bot.reports.chart import draw, render_chart
from bot.telegram import progress
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_coaching_flow import do_session, next_morning

PNG = b"\x89PNG\r\n\x1a\n"


async def sessions_with_pains(
    person: Person, clock: FakeClock, pains: list[int], every: int = 1
) -> None:
    for pain in pains:
        await do_session(person)
        await person.say(str(pain))
        await person.tap("3 · moderate")
        await person.tap("felt right")
        clock.advance(timedelta(days=every))


async def chart_and_summary(person: Person) -> tuple[bytes, str]:
    replies = await person.say("/progress")
    photo = next(m for m in replies if m.kind == "photo")
    assert photo.file_bytes is not None and photo.file_bytes.startswith(PNG)
    return photo.file_bytes, replies[-1].text


async def test_the_chart_and_summary_follow_the_stored_ratings(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        rising, falling = bot.person("Rae"), bot.person("Fin")
        await rising.onboard(pain="2")
        await falling.onboard(pain="2")
        await sessions_with_pains(rising, clock, [1, 1, 2, 3, 4, 5], every=3)
        clock.advance(timedelta(days=-18))
        await sessions_with_pains(falling, clock, [5, 4, 3, 2, 1, 1], every=3)
        rising_chart, rising_text = await chart_and_summary(rising)
        falling_chart, falling_text = await chart_and_summary(falling)
        assert "Pain during sessions is rising" in rising_text
        assert "Pain during sessions is easing" in falling_text
        assert rising_text.startswith("Your last 3 weeks:")
        assert hashlib.sha256(rising_chart).digest() != hashlib.sha256(falling_chart).digest()
        assert "6 sessions done" in falling_text


async def test_on_day_4_a_session_pain_is_not_compared_with_a_morning_pain(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="3")
        await sessions_with_pains(ana, clock, [3, 3, 3])
        await next_morning(bot, ana, "Worse", "6")
        _, text = await chart_and_summary(ana)
        assert text.startswith("Your last 4 days:"), text
        assert "rising" not in text
        assert "trend after two weeks of mornings (1 morning so far)" in text
        assert "Pain during sessions so far: about 3 out of 10." in text


async def test_history_lists_sessions_check_ins_and_changes(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        replies = await ana.say("/history")
        assert "Nothing in the last two weeks" in replies[-1].text
        await sessions_with_pains(ana, clock, [2, 2])
        replies = await ana.say("/history")
        assert "daily session, finished" in replies[-1].text
        assert "check-in: pain 2, effort 3" in replies[-1].text


async def test_the_weekly_review_arrives_on_the_maintenance_day_and_re_rates_transitions(
    sqlite_url: str, clock: FakeClock
) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=berlin))  # a Friday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(
            weekly_day="Sun",
            weekly_time="10:00",
            transitions=("Getting out of bed", "Carrying things"),
        )
        clock.set(datetime(2026, 11, 22, 9, 50, tzinfo=berlin))
        mark = bot.mark(ana.id)
        await bot.advance(timedelta(minutes=20), step=timedelta(minutes=2))
        sunday = bot.since(ana.id, mark)
        # The reminder; the review in one message, the chart with six lines at most; the re-rating.
        assert [m.kind for m in sunday] == ["text", "photo", "text"], [m.text for m in sunday]
        assert "weekly maintenance session" in sunday[0].text
        review = sunday[1].text or ""
        assert review.startswith("Your weekly review") and len(review.splitlines()) <= 6
        assert "how hard was" in (sunday[2].text or "")
        await ana.tap("6")
        replies = await ana.say("3")  # typed, not tapped
        assert "✓ 3/10" in replies[0].text and "Thanks" in replies[-1].text
        ratings = await bot.storage.coaching.transition_ratings_since(
            ana.id, clock.now() - timedelta(days=1)
        )
        assert [(r.transition, r.score) for r in ratings] == [("out_of_bed", 6), ("carrying", 3)]
        _, text = await chart_and_summary(ana)
        assert "out of bed 6 → 6" in text


async def test_a_newcomers_chart_shows_their_first_days_their_own_zone_and_their_flare(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[tuple[ProgressData, date, date]] = []

    def keep(data: ProgressData, start: date, end: date) -> bytes:
        drawn.append((data, start, end))
        return render_chart(data, start, end)

    monkeypatch.setattr(progress, "render_chart", keep)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="4")
        await sessions_with_pains(ana, clock, [3])
        await do_session(ana)
        await ana.say("8")  # at least max(8, B + 3): the flare-day routine starts at once
        _, text = await chart_and_summary(ana)
        data, start, end = drawn[-1]
        today = clock.now().astimezone(ZoneInfo("Europe/Berlin")).date()
        assert (data.baseline, data.acceptable_max) == (4, 5)
        assert data.flares == [(today, None)]
        assert data.sessions_per_week == [(today - timedelta(days=today.weekday()), 2)]
        figure = draw(data, start, end)
        ratings, _ = figure.axes
        left, right = ratings.get_xlim()
        assert right - left == 7, "a week, not eight, for two days of data"
        legend = [t.get_text() for t in ratings.get_legend().get_texts()]  # type: ignore[union-attr]
        assert {"fine in a session: 0–5", "your usual pain: 4", "flare"} <= set(legend)
        assert "2 sessions done" in text
        assert "best streak 1 day." in text and "1 change to your plan" in text
