"""The check-in after a session and the next morning's question in German and in Spanish: the
questions, buttons and replies in the person's language, their words typed understood and
stored; and English beside them exactly as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from bot.understanding.answers import compared_in
from tests.e2e.harness import BotHarness, Person, running_bot


async def do_session(person: Person, start: str, done: str) -> None:
    """Today's routine from its card to the end, tapping each exercise done."""
    await person.say("/today")
    await person.tap(start)
    while any(done in label for row in person.last().buttons for label, _data in row):
        await person.tap(done)


async def wait_for_morning(bot: BotHarness, person: Person, asks: str) -> SentMessage:
    """The next-morning question, once the fake clock has reached it."""
    mark = bot.mark(person.id)
    for _half_hour in range(60):
        await bot.advance(timedelta(minutes=30), step=timedelta(minutes=30))
        for message in bot.since(person.id, mark):
            if asks in (message.text or ""):
                return message
    raise AssertionError(person.texts()[-3:])


def labels(message: SentMessage) -> list[str]:
    return [label for row in message.buttons for label, _data in row]


async def test_a_german_check_in_tapped_and_typed_then_a_typed_morning_answer(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(zone="Berlin")
        await lena.say("/language deutsch")
        await do_session(lena, "▶️ Starten", "✅ Fertig")
        pain = lena.last()
        assert pain.text.startswith("Kurzer Check-in: Wie stark waren deine Schmerzen")
        refused = (await lena.say("ganz okay"))[-1]
        assert refused.text.startswith("Ich brauche eine Zahl von 0 bis 10")
        replies = await lena.tap("2")
        effort = replies[-1]
        assert replies[0].text.endswith("\n\nSchmerz: 2/10")  # the tapped question, answered
        assert effort.text == "Wie anstrengend war es insgesamt (0 = gar nicht, 10 = maximal)?"
        assert {"2 · leicht", "3 · mittel", "5 · schwer", "10 · maximal"} <= set(labels(effort))
        feel = (await lena.say("mittel"))[-1]
        assert feel.text == "Zum Schluss: Hat sich jede Übung ungefähr richtig angefühlt?"
        assert labels(feel) == ["✅ Alle haben gepasst", "Manche nicht"]
        replies = await lena.tap("Alle haben gepasst")
        saved = next(m for m in replies if m.text.startswith("Gespeichert, danke."))
        assert "✏️ Antworten korrigieren" in labels(saved)
        checkin = await bot.storage.coaching.latest_checkin(lena.id, "session")
        assert checkin is not None and checkin.applied_at is not None
        assert (checkin.pain, checkin.effort) == (2, 3)
        assert set(checkin.feels.values()) == {"right"}

        morning = await wait_for_morning(bot, lena, "im Vergleich zu sonst?")
        assert morning.text.startswith("Guten Morgen – wie geht es deinem Rücken")
        assert labels(morning)[:3] == ["Besser", "Wie sonst", "Schlechter"]
        replies = await lena.say("wie immer")
        assert replies[-1].text.startswith("Und wie stark tut es gerade weh, 0–10?")
        assert "Auslassen" in labels(replies[-1])
        replies = await lena.say("3/10")
        assert replies[0].text.startswith("Danke!")
        answered = await bot.storage.coaching.latest_checkin(lena.id, "next_morning")
        assert answered is not None and (answered.compared, answered.pain) == ("same", 3)


async def test_a_spanish_check_in_typed_and_tapped_then_a_worse_morning_typed(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid", pain="3")
        await ana.say("/language español")
        await do_session(ana, "▶️ Empezar", "✅ Hecho")
        assert ana.last().text.startswith("Un registro rápido: ¿cuánto dolor sentiste")
        effort = (await ana.say("1/10"))[-1]
        assert effort.text.startswith("¿Qué tan duro te resultó en general")
        assert {"2 · fácil", "3 · moderado", "5 · duro", "10 · máximo"} <= set(labels(effort))
        refused = (await ana.say("más o menos"))[-1]
        assert refused.text.startswith("Necesito un número del 0 al 10")
        feel = (await ana.say("fácil"))[-1]
        assert feel.text == "La última: ¿todos los ejercicios te resultaron más o menos bien?"
        each = (await ana.tap("Algunos no"))[-1]
        assert each.text.startswith("Toca cada ejercicio que no fue bien")
        assert labels(each)[-1] == "💾 Guardar"
        first = labels(each)[0].removeprefix("👍 ")
        await ana.tap(first)  # once: too easy
        replies = await ana.tap("💾 Guardar")
        assert any(m.text.startswith("Guardado, gracias.") for m in replies)
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.applied_at is not None
        assert (checkin.pain, checkin.effort) == (1, 2)
        assert "too_easy" in checkin.feels.values()

        morning = await wait_for_morning(bot, ana, "comparada con lo habitual?")
        assert morning.text.startswith("Buenos días: ¿cómo está tu espalda")
        assert labels(morning)[:3] == ["Mejor", "Igual", "Peor"]
        replies = await ana.say("un poco peor")
        assert [m.text for m in replies][:2] == [
            "Comparado con lo habitual: peor.",
            "¿Y cuánto te duele ahora mismo, de 0 a 10?",
        ]
        assert labels(replies[1])[-1] == "Saltar"
        replies = await ana.tap("Saltar")
        answered = await bot.storage.coaching.latest_checkin(ana.id, "next_morning")
        assert answered is not None and (answered.compared, answered.pain) == ("worse", None)
        assert replies[0].text.endswith("\n\nSaltado.")  # the tapped question, answered
        assert replies[-1].text == "Gracias, anotado."


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("besser", "better"),
        ("Etwas besser heute", "better"),
        ("gleich", "same"),
        ("wie immer", "same"),
        ("nicht schlechter", "same"),
        ("schlechter", "worse"),
        ("nicht so gut", "worse"),
        ("mejor", "better"),
        ("Buenos días, un poco mejor", "better"),
        ("igual", "same"),
        ("como siempre", "same"),
        ("ni mejor ni peor", "same"),
        ("peor", "worse"),
        ("no muy bien", "worse"),
    ],
)
def test_the_morning_answer_is_read_in_german_and_spanish(typed: str, meant: str) -> None:
    assert compared_in(typed) == meant


async def test_a_spanish_morning_answered_como_siempre_and_a_german_one_besser(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        for name, language, start, done, typed, meant in (
            ("Sofía", "español", "▶️ Empezar", "✅ Hecho", "como siempre", "same"),
            ("Jonas", "deutsch", "▶️ Starten", "✅ Fertig", "Guten Morgen! Etwas besser", "better"),
        ):
            person = bot.person(name)
            await person.onboard()
            await person.say(f"/language {language}")
            await do_session(person, start, done)
            await person.say("1")
            await person.tap("3 · m")  # mittel, moderado
            await person.tap("✅")
            asks = "comparada con lo habitual?" if language == "español" else "zu sonst?"
            await wait_for_morning(bot, person, asks)
            await person.say(typed)
            await person.say("2")
            answered = await bot.storage.coaching.latest_checkin(person.id, "next_morning")
            assert answered is not None and (answered.compared, answered.pain) == (meant, 2)


async def test_english_beside_german_reads_exactly_as_before(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ben, lena = bot.person("Ben"), bot.person("Lena")
        for person in (ben, lena):
            await person.onboard(zone="Berlin")
        await lena.say("/language deutsch")
        await do_session(lena, "▶️ Starten", "✅ Fertig")
        await do_session(ben, "Start", "Done")
        assert ben.last().text == (
            "Quick check-in. How much pain did you feel during the session, from 0 (none) to 10 "
            "(worst imaginable)? Tap or type a number."
        )
        effort = (await ben.tap("1"))[-1]
        assert effort.text == "How hard did it feel overall (0 = nothing at all, 10 = maximal)?"
        assert labels(effort)[:4] == [
            "0 · nothing at all",
            "1 · very light",
            "2 · light",
            "3 · moderate",
        ]
        await lena.tap("1")
        await lena.tap("3 · mittel")
        await lena.tap("Alle haben gepasst")
        feel = (await ben.say("moderate"))[-1]
        assert feel.text == "Last one: did every exercise feel about right?"
        assert labels(feel) == ["✅ All felt right", "Some didn't"]
        replies = await ben.tap("All felt right")
        assert any(m.text.startswith("Saved, thank you.") for m in replies)

        english = await wait_for_morning(bot, ben, "compared with usual?")
        german = lena.find_button_message("Wie sonst")
        assert english.text.startswith("Good morning — how's your back compared with usual?")
        assert labels(english)[:3] == ["Better", "Same", "Worse"]
        assert german.text.startswith("Guten Morgen – wie geht es deinem Rücken")
        replies = await ben.tap("Same")
        assert replies[0].text.endswith("\n\nCompared with usual: same.")
        assert replies[-1].text == "And how much does it hurt right now, 0–10?"
        assert labels(replies[-1])[-1] == "Skip"
        replies = await lena.tap("Schlechter")
        assert replies[0].text.endswith("\n\nIm Vergleich zu sonst: schlechter.")
        assert replies[1].text == "Und wie stark tut es gerade weh, 0–10?"
        assert (await ben.say("nonsense"))[-1].text == (
            'I need a number from 0 to 10 — for example "3" or "4/10". '
            "Or tap one of the buttons above."
        )
        await ben.say("2")
        answered = await bot.storage.coaching.latest_checkin(ben.id, "next_morning")
        assert answered is not None and (answered.compared, answered.pain) == ("same", 2)
