"""The first day in the person's language: /start from a German or Spanish Telegram app, every
set-up question, button and answer in that language, the "all set" summary, /today's routine,
and /settings; buttons typed instead of tapped are read in the language they are shown in."""

from __future__ import annotations

import re
from datetime import time

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import BotHarness, Person, running_bot


def everything_shown(person: Person) -> tuple[str, set[str]]:
    """All the texts sent to `person` (each message as it read after every edit), and every
    button label they were shown."""
    messages: list[SentMessage] = person.server.messages(person.id)
    texts = [text for message in messages for text in (*message.edits, message.text or "")]
    return "\n".join(texts), person.labels_shown


async def english_first_day(bot: BotHarness, zone: str, **answers: object) -> tuple[str, set[str]]:
    """The same set-up in English, to show that none of its sentences or labels is left over."""
    ana = bot.person("Ana")
    await ana.onboard(zone=zone, **answers)  # type: ignore[arg-type]
    await ana.say("/today")
    return everything_shown(ana)


def sentences(text: str) -> set[str]:
    """The English flow's sentences and phrases of three words or more."""
    parts = re.split(r"\n+|(?<=[.?!:])\s+", text.replace("{", "").replace("}", ""))
    return {part.strip() for part in parts if len(re.findall(r"[A-Za-z]{2,}", part)) >= 3}


def worded(labels: set[str]) -> set[str]:
    """Labels with words in them (not "07:30" or "3"), names of cities left aside."""
    cities = {"London", "Berlin", "New York", "Chicago", "Los Angeles", "Sydney", "UTC"}
    return {label for label in labels if re.search(r"[A-Za-z]{3}", label) and label not in cities}


async def test_a_german_first_day_is_german_from_start_to_todays_routine(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        english, english_labels = await english_first_day(bot, "Berlin")
        lena = bot.person("Lena", language="de")
        await lena.onboard(zone="Berlin")
        summary = lena.last().text
        replies = await lena.say("/today")
        assert "Deine Routine für heute" in replies[-1].text
        german, labels = everything_shown(lena)

        for phrase in (
            "Hallo Lena! Ich bin BackCoach.",
            "Es ist keine medizinische Behandlung",
            "Darf ich deine Bewertungen speichern?",
            "✓ Ja, speichere meine Bewertungen",
            "Bist du 18 oder älter?\n\n✓ Ja, 18 oder älter",
            "✓ Nichts davon",
            "Bist du gerade schwanger?",
            "✓ Nein (oder trifft nicht zu)",
            "In welcher Zeitzone bist du?",
            "Wann sitzt du normalerweise am Schreibtisch?",
            "✓ Mo–Fr 09:00–17:30",
            "Wie oft soll ich dich beim Sitzen daran erinnern",
            "✓ Alle 45 Min.",
            "Wann möchtest du deine tägliche Routine (7–12 Minuten)?",
            "Einmal pro Woche gibt es eine etwas längere Erhaltungseinheit",
            "✓ So 10:00",
            "Welche Bewegungen machen dir am meisten zu schaffen?",
            "✓ Aus dem Bett aufstehen",
            "Wie stark sind deine Rückenschmerzen an einem gewöhnlichen Tag",
            "Gehen tut dem Rücken auch gut.",
        ):
            assert phrase in german, phrase
        assert summary.startswith("Alles eingerichtet! Das habe ich notiert:")
        for line in (
            "🌍 Zeitzone: Berlin (Deutschland) · Europe/Berlin",
            "🪑 Schreibtischzeiten: Mo–Fr 09:00–17:30",
            "⏱ Eine Sitzpause alle 45 Min.",
            "⏰ Tägliche Routine: 07:30",
            "📅 Wöchentliche Einheit: So 10:00",
            "🔁 Schwierige Bewegungen: Aus dem Bett aufstehen",
            "🚶 Übliches Gehen: etwa 15 Min. am Tag",
            "🌙 Ruhezeiten: keine",
            "🌅 Morgendliche Nachfrage: 07:30 (automatisch)",
            "🔒 Bewertungen speichern: ja",
            "🩺 Sicherheitscheck: zuletzt geprüft am 23. Nov.",
            "Schick /today für die Routine von heute.",
        ):
            assert line in summary, line
        assert {"Moskau", "Tokio", "Kaum", "Etwa 10 Min.", "⬅️ Zurück"} <= labels
        assert "🎯 Nennen, was mir wichtig ist" in labels

        left_over = [sentence for sentence in sentences(english) if sentence in german]
        assert not left_over, left_over
        assert not worded(english_labels) & labels, worded(english_labels) & labels


async def test_a_spanish_first_day_with_another_weekly_day_is_spanish_throughout(
    sqlite_url: str, clock: FakeClock
) -> None:
    answers = {
        "weekly_day": "Sat",
        "weekly_time": "17:00",
        "transitions": ("Getting out of bed", "Carrying things"),
        "sit_breaks": "Every hour (suggested)",
    }
    async with running_bot(sqlite_url, clock) as bot:
        english, english_labels = await english_first_day(bot, "Madrid", **answers)
        lucia = bot.person("Lucía", language="es-MX")
        await lucia.onboard(zone="Madrid", **answers)  # type: ignore[arg-type]
        summary = lucia.last().text
        replies = await lucia.say("/today")
        assert "Tu rutina de hoy" in replies[-1].text
        spanish, labels = everything_shown(lucia)

        for phrase in (
            "¡Hola, Lucía! Soy BackCoach.",
            "¿Puedo guardar tus valoraciones?",
            "✓ Sí, guarda mis valoraciones",
            "¿Tienes 18 años o más?\n\n✓ Sí, 18 o más",
            "¿Estás embarazada ahora mismo?",
            "¿En qué zona horaria estás?",
            "Entendido: Madrid está en la zona horaria de Madrid (España).",
            "✓ lun–vie 09:00–17:30",
            "✓ Cada hora (recomendado)",
            "¿Cuándo quieres tu rutina diaria (7–12 minutos)?",
            "✓ Otro día u hora",
            "¿Qué día te viene bien para la sesión semanal?",
            "✓ sáb",
            "¿Y a qué hora?",
            "✓ Levantarse de la cama, Cargar cosas",
            "En un día normal, ¿cuánto te duele la espalda",
        ):
            assert phrase in spanish, phrase
        assert {"lun", "mié", "dom", "dom 10:00", "sáb 09:00", "Otro día u hora"} <= labels
        assert {"Londres", "Nueva York", "Casi nada", "⬅️ Atrás"} <= labels
        assert summary.startswith("¡Todo listo! Esto es lo que tengo:")
        for line in (
            "🌍 Zona horaria: Madrid (España) · Europe/Madrid",
            "🪑 Horario de escritorio: lun–vie 09:00–17:30",
            "⏱ Una pausa cada hora",
            "📅 Sesión semanal: sáb 17:00",
            "🔁 Movimientos difíciles: Levantarse de la cama, Cargar cosas",
            "🌙 Horas de silencio: ninguna",
            "🔒 Guardar valoraciones: sí",
            "🩺 Control de seguridad: última revisión el 23 nov",
        ):
            assert line in summary, line

        left_over = [sentence for sentence in sentences(english) if sentence in spanish]
        assert not left_over, left_over
        assert not worded(english_labels) & labels, worded(english_labels) & labels


async def test_german_button_labels_typed_instead_of_tapped_answer_the_question(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language="de")
        await lena.say("/start")
        await lena.say("Ja, speichere meine Bewertungen")
        await lena.say("Ja, 18 oder älter")
        await lena.say("Nichts davon")
        await lena.say("Nichts davon")
        await lena.say("Nein (oder trifft nicht zu)")
        await lena.say("Berlin")
        replies = await lena.say("Mo–Fr 08:00–16:30")
        assert "Wie oft soll ich dich beim Sitzen daran erinnern" in replies[-1].text
        await lena.say("Jede Stunde (empfohlen)")
        replies = await lena.say("6")
        said = [reply.text for reply in replies]
        assert "Das ist 06:00 Uhr morgens. Für den Nachmittag schick „18:00“." in said
        assert "Einmal pro Woche" in replies[-1].text
        replies = await lena.say("Anderer Tag oder andere Uhrzeit")
        assert "An welchem Tag passt dir die wöchentliche Einheit?" in replies[-1].text
        await lena.say("Mi")
        replies = await lena.say("18:00")
        assert "Welche Bewegungen machen dir am meisten zu schaffen?" in replies[-1].text
        user = await bot.storage.users.get(lena.id)
        assert user is not None and user.consent_at is not None and user.adult is True
        assert (user.desk_days, user.desk_start, user.desk_end) == (
            "0,1,2,3,4",
            time(8, 0),
            time(16, 30),
        )
        assert user.sit_minutes == 60 and user.routine_time == time(6, 0)
        assert (user.weekly_day, user.weekly_time) == (2, time(18, 0))


async def test_settings_in_german_change_the_weekly_session_to_saturday_morning(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language="de")
        await lena.onboard(zone="Berlin")
        replies = await lena.say("/settings")
        settings = replies[-1]
        assert settings.text.startswith("Deine Einstellungen (tippe auf eine, um sie zu ändern):")
        assert "📅 Wöchentliche Einheit: So 10:00" in settings.text
        menu = [label for row in settings.buttons for label, _d in row]
        assert menu[:5] == [
            "🌍 Zeitzone",
            "🪑 Schreibtischzeiten",
            "⏱ Sitzpausen",
            "⏰ Zeit der Routine",
            "📅 Wöchentliche Einheit",
        ]
        replies = await lena.tap("📅 Wöchentliche Einheit")
        question = replies[-1]
        assert question.text == "An welchem Tag passt dir die wöchentliche Einheit?"
        shown = [label for row in question.buttons for label, _d in row]
        assert shown == ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So", "✖️ Abbrechen"]
        replies = await lena.tap("Sa")
        assert "Und um wie viel Uhr?" in replies[-1].text
        replies = await lena.tap("09:00")
        saved = replies[-1].text
        assert saved.startswith("Gespeichert.")
        assert "📅 Wöchentliche Einheit: Sa 09:00" in saved
        assert "Saved" not in saved and "Weekly session" not in saved
        user = await bot.storage.users.get(lena.id)
        assert user is not None and (user.weekly_day, user.weekly_time) == (5, time(9, 0))


async def test_a_pregnant_spanish_speaker_is_told_what_changes_in_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        maria = bot.person("María", language="es")
        await maria.onboard(zone="Madrid", pregnant=True)
        spanish, _labels = everything_shown(maria)
        assert "Dejaré fuera los ejercicios con peso añadido y los que se hacen boca abajo." in (
            spanish
        )
        assert "A partir de la semana 20" in spanish and "Consulta con tu matrona" in spanish
        assert "🤰 Embarazada: sin pesos, nada boca abajo" in maria.last().text
        assert "face down" not in spanish


async def test_someone_under_18_is_answered_kindly_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        jonas = bot.person("Jonas", language="de")
        await jonas.say("/start")
        await jonas.tap("Ja, speichere meine Bewertungen")
        replies = await jonas.tap("Nein, unter 18")
        said = "\n".join(reply.text for reply in replies)
        assert "BackCoach ist für Erwachsene (18 und älter) gemacht" in said
        replies = await jonas.say("/today")
        assert "BackCoach ist für Erwachsene (18 und älter) gemacht" in replies[-1].text
