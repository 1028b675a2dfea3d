"""Safety that follows through: a "see a doctor soon" answer is followed up, the screen comes
again, urgent answers stop everything, under-18s are refused kindly, pregnancy is respected."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from bot.clock import FakeClock
from bot.coaching.catalogue import Variant
from bot.coaching.limits import is_loaded, is_prone
from bot.coaching.routine import build_routine
from bot.storage.database import session_factory
from bot.storage.models import Checkin, User
from bot.telegram.common import Services
from bot.telegram.plans import load_plan
from bot.telegram.safety import limits_for, offer_recheck
from tests.e2e.harness import BotHarness, Person, running_bot

DOCTOR = "Have you been able to see a doctor?"
VARIANTS: tuple[Variant, ...] = ("daily", "weekly")


def services_of(bot: BotHarness) -> Services:
    return bot.app.bot_data["services"]  # type: ignore[no-any-return]


async def user_of(bot: BotHarness, person: Person) -> User:
    user = await bot.storage.users.get(person.id)
    assert user is not None
    return user


async def offered_loads(bot: BotHarness, person: Person) -> list[tuple[str, float]]:
    """What the routine, built with this person's limits, offers in kilograms."""
    svc, user = services_of(bot), await user_of(bot, person)
    plan = await load_plan(svc, user)
    items = [
        item
        for variant in VARIANTS
        for item in build_routine(svc.catalogue, plan, variant, limits_for(user)).items
    ]
    return [(item.exercise_id, item.dose["load_kg"]) for item in items if item.dose.get("load_kg")]


async def pending_slots(bot: BotHarness, person: Person) -> dict[str, datetime]:
    return {n.slot: n.due_at for n in await bot.storage.nudges.pending(person.id)}


async def jump(bot: BotHarness, delta: timedelta) -> None:
    """Days pass with the bot down: on the next tick, only what is still worth sending goes."""
    bot.clock.advance(delta)
    await bot.tick()


async def test_a_soon_answer_goes_carefully_until_the_day_7_answer_clears_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        start = clock.now()
        await ana.onboard(
            soon_sign=True, transitions=("Lifting something from the floor", "Carrying things")
        )
        assert any("book an appointment with a doctor" in text for text in ana.texts())
        user = await user_of(bot, ana)
        assert limits_for(user).cautious and user.soon_at is not None
        assert await offered_loads(bot, ana) == []
        replies = await ana.say("/today")
        assert "Going carefully until a doctor has checked" in replies[-1].text
        assert (await pending_slots(bot, ana))["doctor"] == start + timedelta(days=7)

        await jump(bot, timedelta(days=7))
        assert DOCTOR in ana.last().text
        await ana.tap("Not yet")
        assert "ask again in a week" in ana.last().text
        assert limits_for(await user_of(bot, ana)).cautious
        assert (await pending_slots(bot, ana))["doctor"] == clock.now() + timedelta(days=7)

        await jump(bot, timedelta(days=7))
        assert DOCTOR in ana.last().text
        await ana.tap("Remind me later")
        await jump(bot, timedelta(days=1))
        assert DOCTOR in ana.last().text
        await ana.tap("Yes, I'm cleared")
        assert "Careful mode is off" in ana.last().text
        user = await user_of(bot, ana)
        assert not limits_for(user).cautious and user.cleared_at == clock.now()
        assert "doctor" not in await pending_slots(bot, ana)
        replies = await ana.say("/today")
        assert "Going carefully" not in replies[-1].text

        answers = await bot.storage.safety.answers(ana.id)
        assert [(q, a) for _, q, a in answers] == [
            ("age", "adult"),
            ("urgent", "none"),
            ("soon", "soon"),
            ("pregnant", "not_pregnant"),
            ("doctor", "notyet"),
            ("doctor", "later"),
            ("doctor", "cleared"),
        ]
        await ana.say("/export")
        files = [m for m in bot.server.messages(ana.id) if m.kind == "document"]
        exported = json.loads(files[0].file_bytes or b"")
        assert [row["answer"] for row in exported["safety_answers"]][-1] == "cleared"
        assert all(row["created_at"] for row in exported["safety_answers"])
        await ana.say("/delete")
        await ana.tap("Yes, erase everything")
        assert await bot.storage.safety.answers(ana.id) == []


async def test_the_week_4_recheck_arrives_and_an_urgent_answer_stops_everything(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        onboarded = clock.now()
        await ben.onboard()
        assert (await pending_slots(bot, ben))["recheck"] == onboarded + timedelta(weeks=4)

        await jump(bot, timedelta(weeks=4))
        assert "regular safety check" in ben.last().text
        assert "a leg that is getting weaker" in ben.last().text
        assert (await pending_slots(bot, ben))["recheck"] == onboarded + timedelta(weeks=8)
        replies = await ben.tap("Yes, at least one")
        assert any("call 112 or go to an emergency department now" in m.text for m in replies)
        assert await bot.storage.nudges.pending(ben.id) == []
        replies = await ben.say("/today")
        assert "on hold until a clinician" in replies[-1].text
        count = len(ben.texts())
        await bot.advance(timedelta(days=1), step=timedelta(hours=1))
        assert len(ben.texts()) == count, "no reminders while stopped"

        await ben.tap("A clinician has checked me")
        replies = await ben.tap("Yes, they said it's fine")
        assert "glad you've been checked" in replies[-1].text
        assert "recheck" in await pending_slots(bot, ben)
        assert (await user_of(bot, ben)).red_flags == "checked"


async def test_a_coaching_signal_offers_the_screen_again_once(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        svc = services_of(bot)
        clock.advance(timedelta(days=11))
        assert await offer_recheck(bot.app.bot, svc, await user_of(bot, cai), "long_flare")
        await bot.settle()
        assert "lasted more than 10 days" in cai.last().text
        await cai.tap("None of these")
        replies = await cai.tap("Yes, at least one")  # the "see a doctor soon" half
        assert any("book an appointment" in m.text for m in replies)
        assert limits_for(await user_of(bot, cai)).cautious
        # Answered just now: a second signal the same day does not ask again.
        assert not await offer_recheck(bot.app.bot, svc, await user_of(bot, cai), "pain_rising")


async def test_the_safety_check_can_be_taken_from_settings_at_any_time(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard()
        replies = await dee.say("/settings")
        assert "Safety check: last checked" in replies[-1].text
        replies = await dee.tap("Safety check")
        assert "Do you have any of these right now?" in replies[-1].text
        replies = await dee.tap("None of these")
        assert "do any of these apply" in replies[-1].text
        assert "upper back" in replies[-1].text
        replies = await dee.tap("None of these")
        assert "Saved" in replies[-1].text
        assert not limits_for(await user_of(bot, dee)).cautious


async def test_under_18s_are_refused_kindly_and_get_nothing_more(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eli = bot.person("Eli")
        await eli.say("/start")
        await eli.tap("Yes, store my ratings")
        replies = await eli.tap("No, under 18")
        assert any("made for adults" in m.text and "physiotherapist" in m.text for m in replies)
        assert not any(m.buttons for m in replies if "made for adults" in m.text)
        user = await user_of(bot, eli)
        assert user.adult is False and user.onboarding_step == "age"
        replies = await eli.say("/today")
        assert "made for adults" in replies[-1].text
        await bot.advance(timedelta(days=1), step=timedelta(hours=2))
        assert await bot.storage.nudges.pending(eli.id) == []


async def test_pregnancy_leaves_out_loaded_and_prone_exercises(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(pregnant=True, transitions=("Carrying things",))
        assert any("midwife or doctor" in text for text in fay.texts())
        svc, user = services_of(bot), await user_of(bot, fay)
        assert limits_for(user).pregnant
        plan = await load_plan(svc, user)
        for variant in VARIANTS:
            for item in build_routine(svc.catalogue, plan, variant, limits_for(user)).items:
                exercise = svc.catalogue[item.exercise_id]
                assert not is_loaded(exercise) and not is_prone(exercise), item.exercise_id
        replies = await fay.say("/today")
        assert "While you're pregnant" in replies[-1].text
        await fay.say("/settings")
        await fay.tap("Pregnancy")
        await fay.tap("No (or doesn't apply)")
        assert not limits_for(await user_of(bot, fay)).pregnant


async def seed_morning_pain(
    bot: BotHarness, person: Person, days_and_pain: list[tuple[int, int]]
) -> None:
    """Next-morning answers as if given on these days after set-up (the ratings themselves are
    the engine's business; here only what the weekly review reads matters)."""
    user = await user_of(bot, person)
    assert user.onboarded_at is not None
    async with session_factory(bot.storage.engine).begin() as session:
        for day, pain in days_and_pain:
            at = user.onboarded_at + timedelta(days=day, hours=1)
            session.add(
                Checkin(
                    user_id=user.id,
                    kind="next_morning",
                    created_at=at,
                    updated_at=at,
                    pain=pain,
                    compared="same",
                    feels={},
                )
            )


async def test_six_weeks_without_improvement_suggests_a_physiotherapist_once(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gil = bot.person("Gil")
        await gil.onboard()
        await seed_morning_pain(bot, gil, [(1, 6), (3, 6), (5, 5), (40, 6), (44, 6), (46, 5)])

        async def weekly_review() -> list[str]:
            weekly = (await pending_slots(bot, gil))["weekly"]
            mark = bot.mark(gil.id)
            clock.set(weekly)
            await bot.tick()
            return [m.text or "" for m in bot.since(gil.id, mark)]

        await jump(bot, timedelta(weeks=6))
        texts = await weekly_review()
        assert sum("physiotherapist" in t for t in texts) == 1
        assert (await user_of(bot, gil)).review_suggested_at is not None
        replies = await gil.say("/today")
        assert "Start" in str(replies[-1].buttons), "coaching carries on"
        texts = await weekly_review()
        assert not any("physiotherapist" in t for t in texts), "suggested once only"
