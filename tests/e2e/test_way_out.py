"""Every question has a way out: /cancel, a Cancel button, any command, and Back in set-up;
and "No" to storing ratings is an answer, not an error."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot
from tests.e2e.test_coaching_flow import do_session


async def test_a_command_closes_an_open_settings_question_so_later_text_is_not_its_answer(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/settings")
        await ana.tap("Quiet hours")
        await ana.say("/help")
        replies = await ana.say("ok")
        assert not any("two times" in m.text for m in replies)
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.quiet_start is None and user.awaiting != "quiet"


async def test_cancel_by_command_or_button_closes_the_question_and_changes_nothing(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard()
        await ben.say("/settings")
        await ben.tap("Quiet hours")
        replies = await ben.say("/cancel")
        assert "nothing changed" in replies[-1].text
        user = await bot.storage.users.get(ben.id)
        assert user is not None and user.awaiting is None
        await ben.say("/settings")
        await ben.tap("Routine time")
        replies = await ben.tap("Cancel")
        assert "nothing changed" in replies[-1].text
        user = await bot.storage.users.get(ben.id)
        assert user is not None and user.awaiting is None
        assert user.routine_time is not None and user.routine_time.strftime("%H:%M") == "07:30"
        replies = await ben.say("/cancel")
        assert "no open question" in replies[-1].text


async def test_back_in_set_up_returns_to_the_previous_question_and_keeps_the_place(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.say("/start")
        await cai.tap("Yes, store my ratings")
        age = cai.last()
        assert not any("Back" in text for row in age.buttons for text, _ in row), (
            "no walking back into consent or the safety screen"
        )
        await cai.tap("Yes, 18 or over")
        await cai.tap("None of these")
        await cai.tap("None of these")
        await cai.tap("No (or doesn't apply)")
        await cai.say("Berlin")
        assert "desk" in cai.last().text
        replies = await cai.tap("Back")
        assert "time zone" in replies[-1].text
        user = await bot.storage.users.get(cai.id)
        assert user is not None and user.onboarding_step == "tz"
        await cai.say("Madrid")
        assert "desk" in cai.last().text
        user = await bot.storage.users.get(cai.id)
        assert user is not None and user.timezone == "Europe/Madrid"


async def test_no_to_storing_ratings_is_an_answer_set_up_goes_on_and_sessions_still_work(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard(consent=False)  # set-up goes on to the end
        said = "\n".join(dee.texts())
        assert "Sit breaks and your routines work" in said and "can't coach you" not in said
        await do_session(dee)
        assert any("Session complete" in text for text in dee.texts())
        user = await bot.storage.users.get(dee.id)
        assert user is not None and user.consent_at is None and user.onboarding_step is None


async def test_no_in_settings_stops_storing_says_what_happens_to_stored_ratings_and_offers_delete(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard()
        await eve.say("/settings")
        await eve.tap("Storing ratings")
        replies = await eve.tap("No")
        said = "\n".join(m.text for m in replies)
        assert "still stored" in said and "/delete" in said and "/export" in said
        assert "can't coach you" not in said
        assert "Saved" in replies[-1].text, "taken as an answer, not re-asked"
        user = await bot.storage.users.get(eve.id)
        assert user is not None and user.consent_at is None and user.awaiting is None


async def test_after_an_urgent_red_flag_today_says_the_programme_is_on_hold(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard()
        await fay.say("/settings")
        await fay.tap("Safety check")
        await fay.tap("Yes, at least one")
        for command in ("/today", "/weekly"):
            replies = await fay.say(command)
            assert "on hold until a clinician has checked you" in replies[-1].text
            assert "finish setting up" not in replies[-1].text
