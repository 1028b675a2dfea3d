"""What matters to the person: activities in their own words, rated and re-rated every two
weeks with the pain-and-interference (PEG) questions, read back in plain words."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.storage.models import Activity, OutcomeRating
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_report import report_of

BERLIN = ZoneInfo("Europe/Berlin")


async def name_and_rate(person: Person, name: str, score: str) -> None:
    await person.say(name)
    assert "how well can you do it now" in person.last().text
    await person.tap(score)


async def answer_peg(person: Person, pain: str, enjoy: str, activity: str) -> list[str]:
    await person.tap(pain)
    assert "enjoying life" in person.last().text
    await person.tap(enjoy)
    assert "day-to-day activity" in person.last().text
    return [m.text for m in await person.tap(activity)]


async def weekly_review(bot: BotHarness, clock: FakeClock, day: datetime) -> None:
    clock.set(day.replace(hour=9, minute=50))
    await bot.advance(timedelta(minutes=20), step=timedelta(minutes=2))


async def test_activities_are_named_rated_and_re_rated_two_weeks_later_with_the_change_described(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN))  # a Friday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(weekly_day="Sun", weekly_time="10:00")
        assert "/goals" in ana.last().text  # the end of set-up points to it, with a button
        replies = await ana.tap("🎯 Name what matters to me")
        assert "What does your back make hard?" in replies[-1].text
        await name_and_rate(ana, "Pick up my daughter", "2")
        await ana.tap("Add another")
        await name_and_rate(ana, "sit through a film", "4")
        await ana.tap("That's all")
        assert "how bad was your pain on average" in ana.last().text
        texts = await answer_peg(ana, "5", "6", "6")
        assert any("pain-and-interference score: 5.7/10" in t for t in texts)

        await weekly_review(bot, clock, datetime(2026, 11, 29, tzinfo=BERLIN))  # 9 days on
        assert not any("re-rate what matters" in t for t in ana.texts())
        await weekly_review(bot, clock, datetime(2026, 12, 6, tzinfo=BERLIN))  # 16 days on
        offers = [t for t in ana.texts() if "re-rate what matters" in t]
        assert len(offers) == 1
        await ana.tap("Rate them now")
        assert "pick up my daughter" in ana.last().text
        await ana.tap("5")
        assert "sit through a film" in ana.last().text
        await ana.tap("5")
        texts = await answer_peg(ana, "4", "4", "4")
        assert any("4/10 (was 5.7 last time)" in t for t in texts)
        goals = (await ana.say("/goals"))[-1].text
        assert "pick up my daughter: 5/10 (was 2 on 20 Nov: up 3 — a real change)" in goals
        assert "sit through a film: 5/10 (was 4 on 20 Nov: about the same so far)" in goals
        _, report, _ = await report_of(ana)
        assert "pick up my daughter" in report and "2/10 → 5/10" in report
        progress = (await ana.say("/progress"))[-1].text
        assert "What matters to you:" in progress and "up 3 — a real change" in progress


async def test_high_interference_at_the_first_rating_suggests_a_clinician_and_coaching_goes_on(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/goals")
        await name_and_rate(ana, "garden for an hour", "1")
        await ana.tap("That's all")
        texts = await answer_peg(ana, "7", "8", "9")
        assert any("worth seeing your GP or a physiotherapist" in t for t in texts)
        assert "Today's routine" in (await ana.say("/today"))[-1].text


async def test_weeks_without_any_activity_getting_easier_suggest_a_physio_review_once(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/goals")
        await name_and_rate(ana, "tie my shoes", "3")
        await ana.tap("That's all")
        await answer_peg(ana, "5", "5", "5")
        suggestions = 0
        for _ in range(4):  # weeks 2, 4, 6 and 8, nothing better
            clock.advance(timedelta(days=14))
            await ana.say("/goals")
            await ana.tap("Rate them now")
            await ana.tap("3")
            texts = await answer_peg(ana, "5", "5", "5")
            suggestions += sum("physiotherapist's look" in t for t in texts)
        assert suggestions == 1


async def test_a_typed_cancel_closes_the_question_and_export_and_delete_cover_outcomes(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/goals")
        assert "send /goals whenever" in (await ana.say("cancel"))[-1].text
        await ana.say("/goals")
        await name_and_rate(ana, "carry the shopping", "4")
        await ana.say("/export")
        document = next(m for m in bot.server.messages(ana.id) if m.kind == "document")
        exported = json.loads(document.file_bytes or b"")
        assert [row["name"] for row in exported["activities"]] == ["carry the shopping"]
        assert [row["score"] for row in exported["outcome_ratings"]] == [4]
        await ana.say("/delete")
        await ana.tap("Yes, erase everything")
        async with bot.storage.engine.connect() as connection:
            for table in (Activity, OutcomeRating):
                count = await connection.scalar(select(func.count()).select_from(table))
                assert count == 0


async def test_the_global_change_question_comes_in_week_four_once_and_reaches_the_report(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN))  # a Friday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(weekly_day="Sun", weekly_time="10:00")
        for sunday in (13, 20):  # weeks 3 and 4 of the programme
            await weekly_review(bot, clock, datetime(2026, 12, sunday, tzinfo=BERLIN))
        asked = [t for t in ana.texts() if "how is your back now, all in all" in t]
        assert len(asked) == 1
        await ana.tap("A little better")
        await weekly_review(bot, clock, datetime(2026, 12, 27, tzinfo=BERLIN))  # week 5
        assert len([t for t in ana.texts() if "all in all" in t]) == 1
        _, report, _ = await report_of(ana)
        assert "a little better" in report


async def test_a_12_kg_goal_named_in_words_sets_the_lifting_ladders_ceiling(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(transitions=("Lifting something from the floor",))
        await ana.say("/goals")
        replies = await ana.say("pick up my 12 kg daughter")
        assert any("aims at 12 kg, one small step at a time" in m.text for m in replies)
        plan = await bot.storage.coaching.plan(ana.id)
        assert plan is not None and plan["goals"] == {"lifting_from_floor": 12.0}
        await ana.tap("3")
        await ana.tap("That's all")
        await answer_peg(ana, "4", "4", "4")
        goals = (await ana.say("/goals"))[-1].text
        assert "building up to the real-life stage, then on to 12 kg" in goals


async def test_skipped_at_set_up_what_matters_is_asked_once_more_a_week_on(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN))  # a Friday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(weekly_day="Sun", weekly_time="10:00")
        for sunday in (22, 29, 6):  # days 2, 9 and 16
            month = 11 if sunday > 20 else 12
            await weekly_review(bot, clock, datetime(2026, month, sunday, tzinfo=BERLIN))
        asked = [t for t in ana.texts() if t.startswith("A week in: is there something")]
        assert len(asked) == 1
