"""BackCoach writes in the person's language: Telegram's at first, /language to change it; the
safety screen, the urgent response and the scheduled safety follow-up included."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_someone_whose_telegram_is_german_is_asked_the_safety_screen_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language="de-AT")
        await lena.say("/start")
        user = await bot.storage.users.get(lena.id)
        assert user is not None and user.language == "de"
        await lena.tap("Ja, speichere meine Bewertungen")
        await lena.tap("Ja, 18 oder älter")
        screen = lena.last().text
        assert "Ein kurzer Sicherheitscheck" in screen
        assert "Blase oder Darm" in screen and "beiden Beinen" in screen
        replies = await lena.tap("Ja, mindestens eines")
        urgent = replies[-1].text
        assert "Notaufnahme" in urgent and "bitte fahr nicht selbst" in urgent
        assert "Sag mir, in welchem Land du bist" in urgent  # no zone yet: the number is asked
        replies = await lena.say("ich bin in österreich")
        assert "Ruf 112 an (Notruf, Österreich)" in replies[-1].text


async def test_an_unsupported_telegram_language_gets_english(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        joao = bot.person("João", language="pt-BR")
        await joao.say("/start")
        user = await bot.storage.users.get(joao.id)
        assert user is not None and user.language == "en"


async def test_the_command_menu_is_set_in_each_language(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        menus = {
            language: {c["command"]: c["description"] for c in menu}
            for language, menu in bot.server.menus.items()
        }
        assert set(menus) == {"", "de", "es"}
        assert menus[""]["today"] == "Today's routine, then a guided session"
        assert menus["de"]["today"].startswith("Die Routine für heute")
        assert menus["es"]["today"].startswith("La rutina de hoy")
        assert "language" in menus["de"]


async def test_switching_language_mid_programme_keeps_everything_and_speaks_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid", pain="4")
        before = await bot.storage.users.get(ana.id)
        await ana.say("/language")
        replies = await ana.tap("Español")
        assert "A partir de ahora te escribo en español." in replies[-1].text
        after = await bot.storage.users.get(ana.id)
        assert before is not None and after is not None and after.language == "es"
        kept = ("timezone", "desk_days", "routine_time", "typical_pain", "transitions")
        assert all(getattr(before, name) == getattr(after, name) for name in kept)
        replies = await ana.say("no puedo controlar la vejiga desde esta mañana")
        text = "\n".join(m.text for m in replies)
        assert "Llama al 112 (emergencias, España)" in text or "llama al 112" in text
        assert "urgencias" in text
        replies = await ana.say("/language english")
        assert "From now on I'll write to you in English." in replies[-1].text


async def test_the_doctor_follow_up_a_week_later_comes_in_the_persons_language(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", soon_sign=True)
        await ana.say("/language deutsch")
        await bot.advance(timedelta(days=8), step=timedelta(hours=1))
        asked = [t for t in ana.texts() if "Konntest du schon hingehen?" in t]
        assert asked, ana.texts()[-5:]
        assert not any("Have you been able to see a doctor?" in t for t in ana.texts())


async def test_the_language_can_be_changed_from_settings_too(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/settings")
        await ana.tap("🌐 Language")
        assert "Which language should I write to you in?" in ana.last().text
        replies = await ana.tap("Deutsch")
        assert "Ab jetzt schreibe ich dir auf Deutsch." in replies[-1].text
        await ana.say("/settings")
        labels = [text for row in ana.last().buttons for text, _data in row]
        assert "🌐 Sprache" in labels and "🌍 Zeitzone" in labels
