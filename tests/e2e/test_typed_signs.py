"""Warning signs typed in people's own words, at any moment: the same urgent response as the
safety screen, or its "see a doctor soon" path — and no alarm for a denied sign."""

from __future__ import annotations

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from bot.telegram.questions import QUESTIONS
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import do_session


async def urgent_screen(bot: BotHarness, person: Person) -> str:
    """The screen's own urgent advice, as the person would see it now."""
    user = await bot.storage.users.get(person.id)
    assert user is not None
    text, _ = QUESTIONS["urgent"].ask(user)
    return text


async def assert_stopped_as_by_the_screen(
    bot: BotHarness, person: Person, replies: list[SentMessage]
) -> None:
    user = await bot.storage.users.get(person.id)
    assert user is not None
    assert (user.red_flags, user.onboarding_step) == ("urgent", "urgent")  # on hold
    assert await bot.storage.nudges.pending(person.id) == []
    assert replies[-1].text == await urgent_screen(bot, person)
    answers = await bot.storage.safety.answers(person.id)
    assert [(q, a) for _, q, a in answers][-1] == ("typed_urgent", "urgent")


async def test_pins_and_needles_in_both_legs_is_urgent(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        replies = await ana.say("pins and needles in both legs")
        await assert_stopped_as_by_the_screen(bot, ana, replies)


async def test_chest_pain_is_urgent_not_a_flare_menu(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben = bot.person("Ben")
        await ben.onboard()
        replies = await ben.say("I have chest pain")
        await assert_stopped_as_by_the_screen(bot, ben, replies)
        assert not any(
            "flare-up" in label for m in replies for row in m.buttons for label, _ in row
        )


async def test_a_sign_typed_in_german_or_spanish_is_urgent_whatever_the_bot_speaks(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        for name, text in (
            ("Jonas", "kann seit heute nicht mehr pinkeln"),
            ("Lucía", "se me duerme la entrepierna"),
        ):
            person = bot.person(name)
            await person.onboard()
            replies = await person.say(text)
            await assert_stopped_as_by_the_screen(bot, person, replies)


async def soon_path(bot: BotHarness, person: Person, text: str) -> list[SentMessage]:
    """The "see a doctor soon" path: careful mode and the doctor question planned; the
    programme goes on."""
    replies = await person.say(text)
    user = await bot.storage.users.get(person.id)
    assert user is not None
    assert user.red_flags == "soon" and user.doctor_ask_at is not None
    assert user.onboarding_step is None
    assert await bot.storage.nudges.pending(person.id) != []
    answers = await bot.storage.safety.answers(person.id)
    assert [(q, a) for _, q, a in answers][-1] == ("typed_soon", "soon")
    assert "doctor" in replies[-1].text
    return replies


async def test_a_dragging_foot_is_urgent_as_on_the_screen(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai = bot.person("Cai")
        await cai.onboard()
        replies = await cai.say("my foot keeps dragging when I walk")
        await assert_stopped_as_by_the_screen(bot, cai, replies)


async def test_one_leg_getting_weaker_is_urgent_and_never_called_both_legs(
    database_url: str, clock: FakeClock
) -> None:
    async with running_bot(database_url, clock) as bot:
        dee = bot.person("Dee")
        await dee.onboard()
        replies = await dee.say("my left leg is getting weaker every day")
        await assert_stopped_as_by_the_screen(bot, dee, replies)
        assert not any("both legs" in m.text for m in replies)


async def test_one_leg_numbness_that_spreads_is_a_see_a_doctor_soon_sign(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ola = bot.person("Ola")
        await ola.onboard()
        replies = await soon_path(bot, ola, "the numbness in my right leg is spreading")
        assert "numbness or tingling in a leg" in replies[-1].text
        assert not any("both legs" in m.text for m in replies)


async def test_a_denied_sign_raises_no_alarm(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eve = bot.person("Eve")
        await eve.onboard()
        replies = await eve.say("no numbness at all, just stiff")
        user = await bot.storage.users.get(eve.id)
        assert user is not None and user.red_flags not in ("urgent", "soon")
        assert await bot.storage.nudges.pending(eve.id) != []
        assert "Sorry your back" in replies[-1].text  # read as the stiffness it is
        await eve.tap("Log a bad day")
        replies = await eve.say("I don't have any bladder problems or numbness, just stiff")
        assert not any("Just to be safe" in m.text for m in replies)  # nothing to ask about
        assert "Sorry your back" in replies[-1].text
        user = await bot.storage.users.get(eve.id)
        assert user is not None and user.red_flags not in ("urgent", "soon")


async def test_a_sign_typed_as_the_answer_to_the_pain_question(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        fay = bot.person("Fay")
        await fay.onboard()
        await do_session(fay)
        assert "How much pain" in fay.last().text
        replies = await fay.say("4, and pins and needles in both legs")
        await assert_stopped_as_by_the_screen(bot, fay, replies)


async def test_a_sign_typed_during_a_session(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gus = bot.person("Gus")
        await gus.onboard()
        await gus.say("/today")
        await gus.tap("Start")
        assert gus.last().text.startswith("1/")
        replies = await gus.say("sorry, stopping - I've got a tight chest")
        await assert_stopped_as_by_the_screen(bot, gus, replies)


async def test_a_sign_typed_during_onboarding(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        hal = bot.person("Hal")
        await hal.say("/start")
        await hal.tap("Yes, store my ratings")
        await hal.tap("Yes, 18 or over")
        await hal.tap("None of these")
        await hal.tap("None of these")
        await hal.tap("No (or doesn't apply)")
        replies = await hal.say("hang on, my butt's gone numb")  # at the time zone question
        await assert_stopped_as_by_the_screen(bot, hal, replies)


async def test_a_sign_typed_on_the_urgent_screen_gets_the_urgent_response_again(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ivy = bot.person("Ivy")
        await ivy.onboard()
        await ivy.say("I can't control my bladder since this morning")
        replies = await ivy.say("and now I can't feel my legs either")
        await assert_stopped_as_by_the_screen(bot, ivy, replies)


async def test_a_soon_sign_typed_at_the_screens_own_question_answers_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        jo = bot.person("Jo")
        await jo.say("/start")
        await jo.tap("Yes, store my ratings")
        await jo.tap("Yes, 18 or over")
        await jo.tap("None of these")
        replies = await jo.say("I had breast cancer five years ago")  # "do any of these apply?"
        user = await bot.storage.users.get(jo.id)
        assert user is not None and user.red_flags == "soon"
        assert any("doctor" in m.text for m in replies)
        assert "pregnant" in replies[-1].text  # onboarding goes on to the next question


async def test_a_soon_sign_with_a_rating_keeps_the_rating_question_open(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        kim = bot.person("Kim")
        await kim.onboard()
        await do_session(kim)
        replies = await kim.say("pins and needles in my left leg, getting worse")
        assert "numbness or tingling in a leg" in replies[0].text
        assert "number from 0 to 10" in replies[-1].text  # the pain question is still open
        replies = await kim.say("3")
        user = await bot.storage.users.get(kim.id)
        assert user is not None and user.red_flags == "soon"
        checkin = await bot.storage.coaching.latest_checkin(kim.id, "session")
        assert checkin is not None and checkin.pain == 3
