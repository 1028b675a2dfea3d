"""/goals, /myexercise and /report in the person's language: German and Spanish questions,
buttons, reminders and the clinician's page, with dates and decimals as each language writes
them."""

from __future__ import annotations

import warnings
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import i18n
from bot.clock import FakeClock
from bot.reports.clinician import ClinicianSummary, render_summary
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_outcomes import weekly_review
from tests.e2e.test_report import pdf_text, report_of

BERLIN = ZoneInfo("Europe/Berlin")
MADRID = ZoneInfo("Europe/Madrid")


async def rate_peg(person: Person, pain: str, enjoy: str, activity: str) -> str:
    await person.tap(pain)
    enjoy_question = person.last().text
    await person.tap(enjoy)
    activity_question = person.last().text
    replies = await person.tap(activity)
    return "\n".join([enjoy_question, activity_question, *(m.text for m in replies)])


async def test_goals_in_german_ask_the_peg_and_read_the_change_back_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN))
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        asked = (await lena.say("/goals"))[-1].text
        assert "Was dir wichtig ist: bis zu 3 Dinge aus dem Alltag" in asked
        assert "Was fällt dir wegen deines Rückens schwer?" in asked
        await lena.say("Treppen steigen")
        assert "„Treppen steigen“: Wie gut geht das gerade?" in lena.last().text  # noun kept
        await lena.tap("3")
        assert "Fällt dir wegen deines Rückens noch etwas schwer?" in lena.last().text
        await lena.tap("Das war’s")
        pain = lena.last().text
        assert "Wie stark waren deine Schmerzen in der letzten Woche im Durchschnitt?" in pain
        answers = await rate_peg(lena, "5", "6", "6")
        assert "das Leben zu genießen" in answers and "alltäglichen Aktivitäten" in answers
        assert "Dein Wert für Schmerz und Beeinträchtigung: 5,7/10." in answers

        await weekly_review(bot, clock, datetime(2026, 3, 22, tzinfo=BERLIN))  # 19 days on
        offer = [t for t in lena.texts() if "Zeit, neu zu bewerten, was dir wichtig ist" in t]
        assert len(offer) == 1
        await lena.tap("Jetzt bewerten")
        await lena.tap("6")
        answers = await rate_peg(lena, "4", "4", "4")
        assert "4/10 (letztes Mal 5,7)" in answers
        goals = (await lena.say("/goals"))[-1].text
        changed = "(am 3. März waren es 3: 3 Punkte mehr – eine echte Veränderung)"
        assert f"• Treppen steigen: 6/10 {changed}" in goals
        assert "What matters" not in goals and "Rate them now" not in str(lena.last().buttons)


async def test_goals_in_spanish_ask_in_spanish_and_the_global_change_is_in_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=MADRID))
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        asked = (await ana.say("/goals"))[-1].text
        assert "¿Qué te cuesta por la espalda?" in asked
        await ana.say("Coger a mi hija en brazos")
        assert "«coger a mi hija en brazos»: ¿qué tal lo puedes hacer ahora?" in ana.last().text
        await ana.tap("2")
        await ana.tap("Eso es todo")
        assert "¿cuánto dolor has tenido de media?" in ana.last().text
        answers = await rate_peg(ana, "7", "8", "8")
        assert "¿cuánto te ha impedido el dolor disfrutar de la vida?" in answers
        assert "tus actividades del día a día" in answers
        assert "Tu puntuación de dolor e interferencia: 7,7/10." in answers
        assert "merece la pena que pronto veas también a tu médico de cabecera" in answers

        clock.set(datetime(2026, 3, 31, 9, 0, tzinfo=MADRID))  # week 4: the global rating
        await ana.say("/goals")
        await ana.tap("Valorar ahora")
        await ana.tap("5")
        answers = await rate_peg(ana, "5", "5", "5")
        assert "¿cómo está tu espalda ahora, en general?" in answers
        replies = await ana.tap("Algo mejor")
        assert "✓ Algo mejor: anotado para /report." in replies[-1].text
        goals = (await ana.say("/goals"))[-1].text
        assert (
            "• coger a mi hija en brazos: 5/10 (el 3 mar era 2: 3 puntos más, un cambio real)"
            in goals
        )
        _, report, _ = await report_of(ana)
        assert "Comparado con el inicio, en sus palabras: 31 mar algo mejor" in report
        assert "coger a mi hija en brazos: 2/10 → 5/10 (0 = no puede, 10 = como antes)" in report


async def test_a_clinicians_exercise_is_added_and_reminded_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN))
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        asked = (await lena.say("/myexercise"))[-1].text
        assert "Füge eine Übung hinzu" in asked
        await lena.say("Clamshells")
        assert "Und die Dosis, die du bekommen hast" in lena.last().text
        await lena.say("3 x 10")
        assert "Oder schreib „weiter“." in lena.last().text
        await lena.say("weiter")  # the German word for "no cue"
        assert lena.last().text == "Wie oft?"
        await lena.tap("Zweimal am Tag")
        assert "Zu welchen 2 Uhrzeiten?" in lena.last().text
        replies = await lena.say("9:00 und 13:00")
        added = replies[-1].text
        assert "Hinzugefügt: 🩺 Clamshells — 3 x 10. Ich erinnere dich um 09:00 und 13:00." in added
        assert "Die Dosis ändere ich nie" in added

        mark = bot.mark(lena.id)
        await bot.advance(timedelta(hours=3), step=timedelta(minutes=5))
        reminder = next(m for m in bot.since(lena.id, mark) if "Clamshells" in m.text)
        assert reminder.text.startswith("Zeit für deine Übung aus der Therapie:")
        labels = [label for row in reminder.buttons for label, _data in row]
        assert labels == ["✅ Fertig", "😣 Zu schwer", "Auslassen"]
        replies = await lena.press(reminder.message_id, reminder.buttons[1][0][1])
        assert "Notiert: zu schwer." in replies[-1].text
        listing = (await lena.say("/myexercise"))[-1].text
        assert listing.startswith("Übungen aus deiner Therapie:")


async def test_a_clinicians_exercise_is_added_with_the_routine_in_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        assert "Añade un ejercicio" in (await ana.say("/myexercise"))[-1].text
        await ana.say("Puente de glúteos")
        assert "¿Y la dosis que te indicaron?" in ana.last().text
        await ana.say("tres series")
        assert "Una dosis con un número, por favor" in ana.last().text
        await ana.say("3 x 12")
        await ana.say("saltar")
        assert ana.last().text == "¿Con qué frecuencia?"
        replies = await ana.tap("Con mi rutina diaria")
        assert "Añadido: 🩺 Puente de glúteos — 3 x 12. Irá con tu rutina diaria." in (
            replies[-1].text
        )
        assert "Nunca cambio su dosis" in replies[-1].text


async def test_the_report_is_written_in_german_with_german_dates(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=BERLIN))
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(pain="4")
        await lena.say("/language deutsch")
        pages, text, caption = await report_of(lena)
        assert pages == 1
        assert "Sie bleibt in diesem Chat" in caption
        assert "BackCoach-Zusammenfassung – Lena" in text
        assert "3. März 2026 bis 3. März 2026" in text
        assert "Übliche Schmerzen bei der Anmeldung: 4/10" in text
        assert "Abgeschlossene Einheiten: 0 in 1 Woche." in text
        assert "Schübe" in text and "Keine erfasst." in text
        assert "Abfrage von Warnzeichen" in text and "keine Warnzeichen" in text
        assert "Was das ist und was nicht" in text and "stellt keine Diagnosen" in text
        assert "Schmerz 0–10" in text and "übliche Schmerzen jetzt" in text  # the chart
        assert "5. März" in text and "Jan." not in text  # its axis spans the page's week
        assert "Usual pain" not in text and "Warning-sign" not in text


async def test_the_report_is_written_in_spanish_with_spanish_dates(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 3, 8, 0, tzinfo=MADRID))
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid", pain="5")
        await ana.say("/language español")
        pages, text, caption = await report_of(ana)
        assert pages == 1
        assert "Se queda en este chat" in caption
        assert "Resumen de BackCoach: Ana" in text
        assert "Del 3 mar 2026 al 3 mar 2026" in text
        assert "Dolor habitual al registrarse: 5/10" in text
        assert "mediana de las últimas mañanas" in text
        assert "Cribado de signos de alarma" in text and "sin signos de alarma" in text
        assert "Qué es y qué no es" in text and "No diagnostica ni trata" in text
        assert "dolor 0–10" in text
        assert "Usual pain" not in text


def test_the_page_draws_german_and_spanish_letters_with_its_font() -> None:
    summary = ClinicianSummary(
        first_name="Jürgen",
        start=date(2026, 3, 2),
        end=date(2026, 3, 29),
        zone="Europe/Berlin",
        usual_pain_at_start=5,
        baseline=4,
        morning_pain=[(date(2026, 3, 2) + timedelta(days=n), 4 + n % 2) for n in range(28)],
        activities=[("Straße überqueren, Öl wechseln", 3, 6), ("montaña, café, niño", 2, 4)],
    )
    for language in ("de", "es"):
        with warnings.catch_warnings(), i18n.speaking(language):
            warnings.simplefilter("error")  # matplotlib warns of a glyph its font lacks
            _, text = pdf_text(render_summary(summary))
        assert "Straße überqueren, Öl wechseln" in text and "montaña, café, niño" in text
        assert "Jürgen" in text
    with i18n.speaking("de"):
        _, text = pdf_text(render_summary(summary))
    assert "Morgenschmerz, Wochenmittel: 2. März 4,4" in text
