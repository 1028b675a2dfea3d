"""Typed messages answered in the person's language: what is not understood, the menus it
offers and their labels typed back, words during a session, a warning sign typed, the morning
routine's Start now and Later typed, and the notice that a message could not be saved while the
database is away."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest
from sqlalchemy.exc import OperationalError

from bot.clock import FakeClock
from bot.storage.models import User
from bot.telegram.updates import PerPersonOrder
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_database_outage import locked, notices, wait_for
from tests.e2e.test_day_fits import BERLIN, at, local, office_worker, session_on_friday_evening
from tests.e2e.test_day_fits import unprompted as pushed_until

NOT_SAVED_DE = "Ich konnte das gerade nicht speichern – ich versuche es weiter."
NOT_SAVED_ES = "No he podido guardarlo ahora mismo; lo seguiré intentando."
GAVE_UP_ES = (
    "Lo siento: sigo sin poder guardarlo, así que se ha perdido. Vuelve a enviarlo dentro de "
    "unos minutos."
)


def labels(person: Person) -> list[str]:
    return [text for row in person.last().buttons for text, _data in row]


async def test_german_not_understood_offers_the_menu_in_german_and_its_labels_typed_work(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        replies = await lena.say("lila Elefanten tanzen")
        assert replies[-1].text.startswith("Ich bin nicht sicher, was du meinst – ich verstehe")
        assert labels(lena) == [
            "📋 Routine für heute",
            "😣 Mein Rücken tut weh",
            "⏸ Erinnerungen pausieren",
            "❓ Hilfe",
        ]
        replies = await lena.say("Mein Rücken tut weh")  # a label, typed
        assert replies[-1].text.startswith("Tut mir leid, dass dein Rücken dir gerade zu schaffen")
        assert labels(lena) == [
            "🔥 Es ist ein Schub",
            "🌿 Jetzt eine sanfte Einheit",
            "📝 Schlechten Tag notieren und ausruhen",
        ]
        replies = await lena.say("sanfte Einheit")  # words from one label
        assert replies[-1].text.startswith("1/")
        assert not any("not sure" in text for text in lena.texts())


async def test_spanish_not_understood_offers_the_menu_in_spanish_and_a_bad_day_is_logged(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        replies = await ana.say("elefantes morados bailando")
        assert replies[-1].text.startswith("No sé bien qué quieres decir: entiendo los botones")
        assert labels(ana) == [
            "📋 Rutina de hoy",
            "😣 Me duele la espalda",
            "⏸ Pausar recordatorios",
            "❓ Ayuda",
        ]
        replies = await ana.say("me duele la espalda")
        assert replies[-1].text.startswith("Siento que la espalda te esté dando guerra.")
        replies = await ana.say("Anotar un día malo y descansar")
        assert "Descansar en un día malo está bien" in replies[-1].text
        marks = await bot.storage.habits.days(ana.id, clock.now().date() - timedelta(days=1))
        assert [outcome for _day, outcome in marks] == ["skipped_pain"]


async def test_during_a_session_words_are_named_in_the_persons_language_and_work_typed(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena, ana = bot.person("Lena"), bot.person("Ana")
        await lena.onboard()
        await ana.onboard(zone="Madrid")
        await lena.say("/language deutsch")
        await ana.say("/language español")
        for person, words, done in (
            (lena, "„fertig“, „auslassen“, „zu schwer“, „zurück“ und „stopp“", "fertig"),
            (ana, "«hecho», «saltar», «demasiado difícil», «deshacer» y «parar»", "hecho"),
        ):
            await person.say("/today")
            await person.tap("▶️")  # Start, in either language
            assert person.last().text.startswith("1/"), person.last().text
            replies = await person.say("hm?")
            assert words in replies[-1].text
            replies = await person.say(done)
            assert replies[-1].text.startswith("2/"), replies[-1].text


async def test_a_sign_typed_is_named_back_in_the_persons_own_words(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena, ana = bot.person("Lena"), bot.person("Ana")
        await lena.onboard()
        await ana.onboard(zone="Madrid")
        await lena.say("/language deutsch")
        await ana.say("/language español")
        replies = await lena.say("Ich habe seit gestern Fieber")
        said = "\n".join(m.text for m in replies)
        assert (
            "Was du beschreibst – Fieber oder allgemeines Krankheitsgefühl – sollte sich eine "
            "Ärztin oder ein Arzt ansehen." in said
        )
        assert "worth a doctor" not in said and "feeling unwell" not in said

        replies = await ana.say("¿y si se me duermen las dos piernas?")  # asked, not stated
        assert replies[-1].text.startswith(
            "Solo por seguridad: ¿tienes ahora entumecimiento, hormigueo o debilidad nuevos o que "
            "empeoran en las dos piernas? Cualquiera de estos, si lo tienes ahora, necesita "
            "atención urgente:"
        )
        assert labels(ana) == ["Sí, tengo alguno de estos", "No"]
        replies = await ana.say("no")
        user = await bot.storage.users.get(ana.id)
        assert user is not None and user.red_flags != "urgent"


async def test_typed_later_and_start_answer_the_german_morning_message(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 27, 12, 0)
    async with running_bot(sqlite_url, clock) as bot:
        lena = await office_worker(bot)  # routine 07:30: carried by the morning question
        await session_on_friday_evening(bot, clock, lena)
        await lena.say("/language deutsch")
        await pushed_until(bot, lena, datetime(2026, 11, 28, 9, 0, tzinfo=BERLIN))
        assert labels(lena)[-2:] == ["▶️ Jetzt starten", "⏰ Später"]
        replies = await lena.say("später")
        assert not replies[-1].text.startswith("Ich bin nicht sicher")
        due = {n.slot: n.due_at for n in await bot.storage.nudges.pending(lena.id)}["later"]
        assert local(due) == "10:00"
        replies = await lena.say("jetzt starten")
        assert replies[-1].text.startswith("1/"), replies[-1].text


async def test_a_german_sit_breaks_label_typed_answers_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    at(clock, 23, 9, 0)  # a Monday
    async with running_bot(sqlite_url, clock) as bot:
        lena = await office_worker(bot)
        await lena.say("/language deutsch")
        sent = await pushed_until(bot, lena, datetime(2026, 11, 23, 10, 30, tzinfo=BERLIN))
        assert any(m.text.startswith("Zeit für 2 Minuten Bewegung.") for m in sent)
        replies = await lena.say("sitze gerade nicht")  # its 🚶 Sitze gerade nicht, typed
        assert replies[-1].text == "🚶 Alles klar – etwa eine Stunde lang keine Bewegungspausen."


@pytest.mark.xdist_group("timed")
async def test_a_german_answer_typed_while_the_database_is_locked_is_told_in_german(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.database.SQLITE_BUSY_TIMEOUT_MS", 300)
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        await lena.say("/today")
        await lena.tap("▶️")
        while "✅ Fertig" in labels(lena):
            await lena.tap("✅ Fertig")
        user = await bot.storage.users.get(lena.id)
        assert user is not None and (user.awaiting or "").endswith(":pain")  # the check-in's
        async with locked(sqlite_url):
            bot.server.send_text(lena.id, "3")
            await wait_for(lambda: NOT_SAVED_DE in lena.texts(), timeout=10)
            await asyncio.sleep(1)
        await wait_for(lambda: lena.last().text != NOT_SAVED_DE, timeout=30)
        checkin = await bot.storage.coaching.latest_checkin(lena.id, "session")
        assert checkin is not None and checkin.pain == 3
        assert lena.texts().count(NOT_SAVED_DE) == 1 and notices(lena) == 0  # no English one


async def test_the_notice_is_in_their_language_when_the_database_cannot_even_say_which(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL away refuses every read, the person's row (and language) too: the notice is
    written in the language last read for them."""
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        users, failed = bot.storage.users, list[bool]()
        read = users.arriving

        async def refused_once(user_id: int, update_id: int) -> User | None:
            if not failed:
                failed.append(True)
                raise OperationalError("SELECT", {}, ConnectionRefusedError(111, "refused"))
            return await read(user_id, update_id)

        monkeypatch.setattr(users, "arriving", refused_once)
        bot.server.send_text(lena.id, "lila Elefanten tanzen")
        await wait_for(lambda: lena.last().text.startswith("Ich bin nicht sicher"), timeout=10)
        assert failed and NOT_SAVED_DE in lena.texts() and notices(lena) == 0


@pytest.mark.xdist_group("timed")
async def test_past_the_retry_time_a_spanish_person_is_told_in_spanish_it_was_lost(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("bot.storage.database.SQLITE_BUSY_TIMEOUT_MS", 300)
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        await ana.say("/today")
        await ana.tap("▶️")
        while "✅ Hecho" in labels(ana):
            await ana.tap("✅ Hecho")
        order = bot.app.update_processor
        assert isinstance(order, PerPersonOrder)
        order.retry_for_s = 2.0
        async with locked(sqlite_url):
            bot.server.send_text(ana.id, "3")
            await wait_for(lambda: GAVE_UP_ES in ana.last().text, timeout=15)
        assert ana.texts()[-2:] == [NOT_SAVED_ES, GAVE_UP_ES]
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.pain is None


@pytest.mark.parametrize(
    ("language", "no_time", "not_today", "sore"),
    [
        ("de", "keine Zeit heute", "heute nicht", "mir tut der Rücken heute sehr weh"),
        ("es", "hoy no tengo tiempo", "hoy no", "hoy me duele mucho la espalda"),
        ("en", "no time today", "not today", "my back is really bad today"),
    ],
)
async def test_skipping_today_typed_in_words_skips_it_and_a_sore_back_is_not_a_routine(
    sqlite_url: str, clock: FakeClock, language: str, no_time: str, not_today: str, sore: str
) -> None:
    """ "heute nicht" is not "heute" (today's routine): it skips today, with the reason when
    one was said; a sore back said with "today" in it is about the back."""
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language=language)
        await lena.onboard()
        replies = await lena.say(not_today)
        assert replies[-1].text == lena.label("Why are you skipping today?")
        replies = await lena.say(no_time)
        assert replies[-1].text == lena.label(
            "Noted. Even two minutes of gentle movement counts — see you tomorrow!"
        )
        today = clock.now().date()
        assert (today, "missed") in await bot.storage.habits.days(lena.id, today)
        replies = await lena.say(sore)
        assert lena.label("📝 Log a bad day and rest") in [
            label for row in replies[-1].buttons for label, _data in row
        ]
