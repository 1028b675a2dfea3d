"""A morning answer given late is judged against the session its question was about, and a bare
"Worse" is acted on at once (the number is still asked)."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session, next_morning


async def wait_for_morning_question(bot: BotHarness, person: Person) -> None:
    mark = bot.mark(person.id)
    for _ in range(60):
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=30))
        if any("compared with usual" in (m.text or "") for m in bot.since(person.id, mark)):
            return
    raise AssertionError("no morning question")


async def test_a_late_worse_on_an_old_morning_question_steps_back_what_that_session_did_first(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard(zone="UTC", routine_time="07:30", pain="3")
        await do_session(fay)
        await check_in(fay)
        await next_morning(bot, fay, "Same", "3")
        await do_session(fay)
        await check_in(fay)  # plans the first steps
        planned = await bot.storage.coaching.changes_since(fay.id, clock.now() - timedelta(1))
        stepped = {(c.exercise, c.variable) for c in planned if c.kind == "progress"}
        await next_morning(bot, fay, "Same", "3")
        await do_session(fay)  # the session that first does them
        await check_in(fay)
        workouts = await bot.storage.coaching.workouts_since(fay.id, clock.now() - timedelta(1))
        about = workouts[-1]
        first_done = {step for step in stepped if step[0] in about.results}
        assert first_done
        await wait_for_morning_question(bot, fay)  # …and is left unanswered
        old_question = fay.find_button_message("Worse")
        await do_session(fay)  # the next session comes first
        await check_in(fay)
        data = next(d for row in old_question.buttons for t, d in row if t == "Worse")
        replies = await fay.press(old_question.message_id, data)
        texts = [m.text or "" for m in replies]
        assert any("How much does it hurt" in t or "how much does it hurt" in t for t in texts)
        assert any("worse than usual the morning after" in t for t in texts), "acted on at once"
        checkin = await bot.storage.coaching.latest_checkin(fay.id, "next_morning")
        assert checkin is not None and checkin.workout_id == about.id
        undone = await bot.storage.coaching.changes_for(fay.id, checkin.id)
        assert {(c.exercise, c.variable) for c in undone if "waits" not in c.reason} == first_done
        await fay.say("5")
        assert "Thanks" in fay.last().text
        saved = await bot.storage.coaching.latest_checkin(fay.id, "next_morning")
        assert saved is not None and (saved.compared, saved.pain) == ("worse", 5)
