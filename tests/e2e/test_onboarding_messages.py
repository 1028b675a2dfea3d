"""Set-up that fits in ten messages (issue 24): questions that belong together share a message,
each answer stays on screen under its question, and nothing said in between is buried."""

from __future__ import annotations

from datetime import time

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import Person, running_bot


def labels(message: SentMessage) -> list[str]:
    return [text for row in message.buttons for text, _ in row]


async def through_safety(person: Person) -> None:
    await person.say("/start")
    for label in ("Yes, store my ratings", "Yes, 18 or over", "None of these", "None of these"):
        await person.tap(label)
    await person.tap("No (or doesn't apply)")


async def test_set_up_by_taps_takes_at_most_ten_messages_and_every_answer_stays_visible(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        replies = await ana.say("/start")
        assert len(replies) == 1, "the welcome asks the first question"
        assert "not medical care" in replies[0].text and "May I store your ratings?" in (
            replies[0].text
        )
        for label in ("Yes, store my ratings", "Yes, 18 or over", "None of these"):
            await ana.tap(label)
        await ana.tap("None of these")
        await ana.tap("No (or doesn't apply)")
        for label in ("Berlin", "Mon–Fri 09:00–17:30", "Every hour", "07:30", "Sun 10:00"):
            await ana.tap(label)
        await ana.tap("Getting out of bed")
        await ana.tap("Sitting down on a low chair")
        await ana.tap("Done (")
        await ana.tap("3")
        await ana.tap("About 20 min")

        messages = bot.server.messages(ana.id)
        assert "All set" in messages[-1].text
        assert len(messages) <= 10, [m.text for m in messages]
        chat = "\n".join(m.text or "" for m in messages)
        for answer in (
            "✓ Yes, store my ratings",
            "✓ Yes, 18 or over",
            "✓ No (or doesn't apply)",
            "✓ Berlin",
            "✓ Mon–Fri 09:00–17:30",
            "✓ Every hour (suggested)",
            "✓ 07:30",
            "✓ Sun 10:00",
            "✓ Getting out of bed, Sitting down on a low chair",  # not "Done (2 chosen)"
            "✓ 3/10",
            "✓ About 20 min",
        ):
            assert answer in chat, answer
        assert chat.count("✓ None of these") == 2, "both safety screens keep their answer"
        assert all(not labels(m) for m in messages[:-1]), "no answered question keeps buttons"
        user = await bot.storage.users.get(ana.id)
        assert user is not None and (user.weekly_day, user.weekly_time) == (6, time(10))
        assert user.walk_minutes == 20 and user.typical_pain == 3


async def test_what_is_said_after_an_answer_comes_before_the_next_question(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        eli = bot.person("Eli")
        await eli.say("/start")
        await eli.tap("Yes, store my ratings")
        await eli.tap("Yes, 18 or over")
        await eli.tap("None of these")
        replies = await eli.tap("Yes, at least one")
        assert "✓ Yes, at least one" in replies[0].text and not labels(replies[0])
        assert "book an appointment with a doctor" in replies[1].text
        assert "Are you pregnant" in replies[2].text, "asked below the advice, not above it"


async def test_another_day_or_time_asks_the_day_then_the_time_and_back_returns(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        bo = bot.person("Bo")
        await through_safety(bo)
        for label in ("Berlin", "Mon–Fri 09:00–17:30", "Every hour", "07:30"):
            await bo.tap(label)
        await bo.tap("Other day or time")
        replies = await bo.tap("Back")
        assert "Sun 10:00" in labels(replies[-1]), "Back from the day: the weekly question"
        await bo.tap("Other day or time")
        await bo.tap("Wed")
        replies = await bo.tap("19:00")
        question = replies[-1].text
        assert "✓ Wed" in bot.server.messages(bo.id)[-2].text
        assert "movements bother you most" in question
        user = await bot.storage.users.get(bo.id)
        assert user is not None and (user.weekly_day, user.weekly_time) == (2, time(19))


async def test_back_within_a_message_keeps_the_answers_above_on_screen(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        kai = bot.person("Kai")
        await through_safety(kai)
        for label in ("Berlin", "Mon–Fri 09:00–17:30", "Every hour", "07:30", "Sun 10:00"):
            await kai.tap(label)
        await kai.tap("Carrying things")
        await kai.tap("Done (")
        await kai.tap("6")
        (back,) = await kai.tap("Back")
        assert "✓ Carrying things" in back.text, "the movements chosen stay visible"
        assert back.text.rstrip().endswith("Tap or type a number.") and "6/10" not in back.text
        replies = await kai.tap("5")
        assert "✓ 5/10" in replies[-1].text and "Walking helps" in replies[-1].text


async def test_no_desk_skips_the_sit_break_rhythm(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cy = bot.person("Cy")
        await through_safety(cy)
        await cy.tap("Berlin")
        replies = await cy.tap("I don't sit at a desk")
        assert "daily routine" in replies[-1].text and "How often" not in replies[-1].text
        replies = await cy.tap("Back")
        assert "sit at a desk" in replies[-1].text, "Back skips the rhythm not asked too"


async def test_the_weekly_session_typed_as_a_day_and_time_or_a_day_then_a_time(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        for name, typed, then, weekly in (
            ("Di", ("saturday 9:30",), "movements", (5, time(9, 30))),
            ("Ed", ("sat", "ten"), "movements", (5, time(10))),  # "sat" is no "Sat 09:00"
            ("Flo", ("sunday morning", "11"), "movements", (6, time(11))),
        ):
            person = bot.person(name)
            await through_safety(person)
            for label in ("Berlin", "Mon–Fri 09:00–17:30", "Every hour", "07:30"):
                await person.tap(label)
            for words in typed:
                replies = await person.say(words)
            assert then in replies[-1].text, (name, replies[-1].text)
            user = await bot.storage.users.get(person.id)
            assert user is not None and (user.weekly_day, user.weekly_time) == weekly, name


async def test_a_time_without_a_day_gets_one_line_and_the_question_stays(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gil = bot.person("Gil")
        await through_safety(gil)
        for label in ("Berlin", "Mon–Fri 09:00–17:30", "Every hour", "07:30"):
            await gil.tap(label)
        replies = await gil.say("10am")
        assert [m.text for m in replies] == [
            'Please tap one, or type a day and time, like "Saturday 9:30".'
        ]
        user = await bot.storage.users.get(gil.id)
        assert user is not None and user.onboarding_step == "weekly"
        assert user.routine_time == time(7, 30), "not filed under the routine's time"
