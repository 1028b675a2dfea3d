"""Reminders and the commands around them in the person's language: /help and its full list,
/rules with a rule of their own, /pause and /resume, /schedule with its weekday names, a sit
break and what its buttons lead to, and meeting mode, in German and in Spanish."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import FakeClock
from bot.telegram.common import Services
from tests.e2e.harness import BotHarness, Person, running_bot

BERLIN, MADRID = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/Madrid")


async def speaking(bot: BotHarness, name: str, language: str, zone: str = "Berlin") -> Person:
    """Set up in English, then switched with /language (as someone trying the bot out would)."""
    person = bot.person(name)
    await person.onboard(zone=zone, sit_breaks="Every hour", routine_time="07:30")
    await person.say(f"/language {language}")
    return person


def buttons(person: Person) -> list[str]:
    return [label for row in person.last().buttons for label, _data in row]


async def test_help_and_the_whole_command_list_in_german_and_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = await speaking(bot, "Lena", "deutsch")
        short = (await lena.say("/help"))[-1]
        assert "Bewegungspausen, während du sitzt" in short.text
        assert "/pause – eine Pause von den Erinnerungen" in short.text
        assert "This is not medical care" not in short.text
        full = (await lena.tap("Alle Befehle ▸"))[-1].text
        assert full.startswith("Alles, was ich kann:")
        assert "/schedule – Deine Erinnerungen und was heute noch kommt" in full
        assert "/learn zeigt alle" in full and "keine medizinische Behandlung" in full
        assert "Everything I can do" not in full and "It is not medical care" not in full

        ana = await speaking(bot, "Ana", "español", zone="Madrid")
        short = (await ana.say("/help"))[-1]
        assert "pausas activas mientras estás sentado" in short.text
        full = (await ana.tap("Todos los comandos ▸"))[-1].text
        assert full.startswith("Todo lo que puedo hacer:")
        assert "/resume – Vuelve a activar los recordatorios" in full
        assert "No es atención médica" in full and "short lesson" not in full


async def test_rules_and_a_rule_of_ones_own_in_german_and_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = await speaking(bot, "Lena", "deutsch")
        rules = (await lena.say("/rules"))[-1].text
        assert rules.startswith("Deine persönlichen Regeln:")
        assert "1. Wenn ich länger als 60 Minuten sitze, bewege ich mich 2 Min. (an)" in rules
        assert buttons(lena)[:2] == ["✏️ Zahlen ändern", "Ausschalten"]
        asked = (await lena.tap("➕ Erinnerungsregel hinzufügen"))[-1].text
        assert asked.startswith("Schreib deine Regel mit einer Uhrzeit")
        shown = (await lena.say("Nach dem Mittagessen spazieren 13:15 Mo-Fr"))[-1].text
        assert "2. 📌 Nach dem Mittagessen spazieren — 13:15, Mo–Fr (an)" in shown
        assert "Nr. 2 ausschalten" in buttons(lena) and "🗑 Nr. 2 löschen" in buttons(lena)
        await lena.tap("Nr. 2 ausschalten")
        assert "Mo–Fr (aus)" in lena.last().text and "Nr. 2 einschalten" in buttons(lena)

        ana = await speaking(bot, "Ana", "español", zone="Madrid")
        await ana.say("/rules")
        await ana.tap("➕ Añadir una regla con recordatorio")
        shown = (await ana.say("Caminar después de comer 13:15"))[-1].text
        assert shown.startswith("Tus reglas personales:")
        assert "me muevo 2 min. (activada)" in shown
        assert "2. 📌 Caminar después de comer — 13:15, todos los días (activada)" in shown
        await ana.tap("➕ Añadir una regla con recordatorio")
        unsure = (await ana.say("Estirar 7"))[-1].text
        assert unsure.startswith("¿07:00 o 19:00?")


async def test_pause_and_resume_in_german_and_spanish(sqlite_url: str, clock: FakeClock) -> None:
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN))  # a Monday
    async with running_bot(sqlite_url, clock) as bot:
        lena = await speaking(bot, "Lena", "deutsch")
        asked = (await lena.say("/pause"))[-1].text
        assert asked.startswith("Wie lange sollen alle Erinnerungen pausieren?")
        assert buttons(lena) == ["1 Tag", "3 Tage", "Eine Woche", "Bis ich sie wieder einschalte"]
        paused = (await lena.tap("1 Tag"))[-1].text
        assert "Pausiert bis Di 08:" in paused and "Deine Serie bleibt" in paused
        schedule = (await lena.say("/schedule"))[-1].text
        assert "Die Erinnerungen sind pausiert bis Di 08:" in schedule
        resumed = (await lena.say("/resume"))[-1].text
        assert resumed.startswith("Willkommen zurück! Die Erinnerungen sind wieder an.")
        again = (await lena.say("/resume"))[-1].text
        assert again.startswith("Die Erinnerungen sind nicht pausiert")

        ana = await speaking(bot, "Ana", "español", zone="Madrid")
        await ana.say("/pause")
        paused = (await ana.tap("Hasta que los reactive"))[-1].text
        assert paused.endswith(
            "En pausa hasta que envíes /resume. Tu racha no se pierde: los días "
            "en pausa no cuentan en contra."
        )
        resumed = (await ana.say("/resume"))[-1].text
        assert resumed.startswith("¡Bienvenido de nuevo! Los recordatorios vuelven")


async def test_schedule_names_weekdays_and_times_in_german_and_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN))  # a Monday
    async with running_bot(sqlite_url, clock) as bot:
        lena = await speaking(bot, "Lena", "deutsch")
        schedule = (await lena.say("/schedule"))[-1].text
        assert schedule.startswith("Deine Erinnerungen:\n• Bewegungspausen alle 60 Min.,")
        assert "• Wöchentliche Einheit So 10:00" in schedule
        assert "• Morgenfrage " in schedule and "In den nächsten 24 Stunden:" in schedule
        assert "• Mo 10:0" in schedule and "— Bewegungspause" in schedule
        assert "Coming up" not in schedule and "Weekly session" not in schedule

        ana = await speaking(bot, "Ana", "español", zone="Madrid")
        schedule = (await ana.say("/schedule"))[-1].text
        assert schedule.startswith("Tus recordatorios:\n• Pausas activas cada 60 min,")
        assert "• Sesión semanal dom 10:00" in schedule
        assert "En las próximas 24 horas:" in schedule
        assert "• lun 10:0" in schedule and "— Pausa activa" in schedule


async def test_a_german_sit_break_its_moves_and_the_holds_it_leads_to(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=BERLIN))  # a Monday, desk hours from 09:00
    async with running_bot(sqlite_url, clock) as bot:
        lena = await speaking(bot, "Lena", "deutsch")
        await bot.advance(timedelta(minutes=20), step=timedelta(minutes=5))
        sit = lena.find_button_message("🚶 Sitze gerade nicht")
        assert sit.text.startswith("Zeit für 2 Minuten Bewegung.")
        services: Services = bot.app.bot_data["services"]
        german = {e.name for e in services.catalogue.speaking("de").exercises.values()}
        moves = [line.removeprefix("• ").split(":")[0] for line in sit.text.split("\n")[2:]]
        assert moves and set(moves) <= german, moves
        away = (await lena.tap("🚶 Sitze gerade nicht"))[-1]
        assert "etwa eine Stunde lang keine Bewegungspausen" in away.text
        meeting = (await lena.tap("👥 Besprechung"))[-1].text
        assert meeting.startswith("👥 Besprechungsmodus: keine Bewegungspausen, bis du")
        assert "höchstens bis 13:" in meeting  # three hours at most
        back = (await lena.tap("✅ Besprechung vorbei"))[-1].text
        assert "die Bewegungspausen sind wieder an" in back
        started = (await lena.say("/sit"))[-1].text
        assert started.startswith("Sitz-Timer gestartet: Ich melde mich in 60 Minuten.")
        up = (await lena.say("/stand"))[-1].text
        assert up.startswith("Schön, dass du aufgestanden bist!") and "Nächste Pause: 11:" in up


async def test_spanish_meeting_mode_holds_sit_breaks_until_it_is_over(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 9, 50, tzinfo=MADRID))  # a Monday
    async with running_bot(sqlite_url, clock) as bot:
        ana = await speaking(bot, "Ana", "español", zone="Madrid")
        meeting = (await ana.say("/meeting"))[-1].text
        assert meeting.startswith("👥 Modo reunión: sin pausas activas hasta que toques")
        assert "como mucho hasta las 12:50" in meeting
        schedule = (await ana.say("/schedule"))[-1].text
        assert "detenidas hasta las 12:50 (modo reunión)" in schedule
        await bot.advance(timedelta(hours=1), step=timedelta(minutes=10))
        assert not any(t.startswith("Toca moverse") for t in ana.texts()), "held in the meeting"
        back = (await ana.tap("✅ Terminó la reunión"))[-1].text
        assert "las pausas activas vuelven a estar activadas" in back
