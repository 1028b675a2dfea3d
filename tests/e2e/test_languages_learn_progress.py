"""Lessons, privacy, progress, history and walks in the person's language: German and Spanish
throughout, with the dates and weekday names their languages use."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import i18n
from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from bot.coaching.progress import ProgressData
from bot.reports.chart import draw
from tests.e2e.harness import running_bot
from tests.e2e.test_coaching_flow import do_session
from tests.e2e.test_progress import chart_and_summary, sessions_with_pains


def test_every_lesson_is_written_in_every_language() -> None:
    for lesson in load_catalogue().lessons:
        for language in i18n.SUPPORTED:
            assert language in lesson.titles and language in lesson.texts, (lesson.id, language)


async def test_learn_in_german_then_spanish_lists_and_reads_the_lessons(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        replies = await lena.say("/learn")
        assert "Kurze Lektionen über den Rücken und Schmerz" in replies[-1].text
        assert [text for row in replies[-1].buttons for text, _ in row] == [
            "➡️ Als Nächstes: Die Schmerzampel"
        ]
        replies = await lena.tap("➡️ Als Nächstes: Die Schmerzampel")
        assert replies[-1].text.startswith("📖 Die Schmerzampel\n\nDas war deine erste Einheit.")
        assert "bis einen Punkt über deinem üblichen" in replies[-1].text

        await lena.say("/language español")
        replies = await lena.say("/learn")
        total = len(load_catalogue().lessons)
        assert f"Tus lecciones (1 de {total} leídas)" in replies[-1].text
        labels = [text for row in replies[-1].buttons for text, _ in row]
        assert labels == [
            "✅ El semáforo del dolor",
            "➡️ Siguiente: La revisión de la mañana siguiente",
        ]
        replies = await lena.tap("✅ El semáforo del dolor")
        assert "Esa fue tu primera sesión." in replies[-1].text


async def test_privacy_export_and_delete_in_german(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await lena.say("/language deutsch")
        replies = await lena.say("/privacy")
        assert replies[-1].text.startswith("Was ich speichere, und warum:")
        assert (
            "Gesundheitsdaten" in replies[-1].text and "Tagen bleibt davon nur" in replies[-1].text
        )
        await lena.say("/export")
        captions = [m.text for m in bot.server.messages(lena.id) if m.kind == "document"]
        assert captions == [
            "Alles, was BackCoach über dich speichert.",
            "Deine Bewertungen, für eine Tabellenkalkulation.",
        ]
        replies = await lena.say("/delete")
        assert "lässt sich nicht rückgängig machen" in replies[-1].text
        labels = [text for row in replies[-1].buttons for text, _ in row]
        assert labels == ["Ja, alles löschen", "Nein, behalten"]
        replies = await lena.tap("Nein, behalten")
        assert "Behalten. Es wurde nichts gelöscht." in replies[-1].text
        await lena.say("/delete")
        replies = await lena.say("ja, alles löschen")  # typed: the German label is understood
        assert "Erledigt: Alles über dich wurde gelöscht." in replies[-1].text
        assert await bot.storage.users.get(lena.id) is None


async def test_privacy_stop_and_a_typed_english_answer_in_spanish(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/language español")
        replies = await ana.say("/privacy")
        assert replies[-1].text.startswith("Qué guardo, y por qué:")
        assert "/delete borra todo lo tuyo, para siempre." in replies[-1].text
        replies = await ana.say("/delete")
        assert "¿Lo borro todo?" in replies[-1].text
        replies = await ana.say("no, keep it")  # the English label still works
        assert "Conservado. No se ha borrado nada." in replies[-1].text
        replies = await ana.say("/stop")
        assert replies[-1].text.startswith("Detenido: no te enviaré nada")


async def test_progress_and_history_in_german(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(walk="about 20 min")
        await sessions_with_pains(lena, clock, [3, 2])
        await lena.say("/language deutsch")
        replies = await lena.say("/progress")
        photo = next(m for m in replies if m.kind == "photo")
        assert photo.text and photo.text.startswith("Schmerz, Anstrengung, Einheiten")
        _, text = await chart_and_summary(lena)
        assert text.startswith("Deine letzten 3 Tage:"), text
        assert "• Schmerz während der Einheiten bisher: etwa 2 von 10." in text
        assert "• Erledigt: 2 Einheiten; eingelegt: 0 Bewegungspausen." in text
        assert "• Ich nehme 3/10 als deinen üblichen Schmerz" in text
        assert "eingetragene Spaziergänge: noch keine." in text
        replies = await lena.say("/history")
        lines = replies[-1].text.splitlines()
        assert lines[0] == "Deine letzten zwei Wochen:"
        assert any("tägliche Einheit, abgeschlossen (" in line for line in lines)
        assert any("Check-in: Schmerz 3, Anstrengung 3" in line for line in lines)
        weekday = r"(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \S+ \d\d:\d\d · "
        assert all(re.match(weekday, line) for line in lines[1:]), lines


async def test_progress_and_history_in_spanish(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/language español")
        replies = await ana.say("/history")
        assert "Todavía no hay nada en las últimas dos semanas." in replies[-1].text
        await ana.say("/language english")  # the session helper taps English labels
        await sessions_with_pains(ana, clock, [4])
        await ana.say("/language español")
        _, text = await chart_and_summary(ana)
        assert "• Hechas: 1 sesión; tomadas: 0 pausas activas." in text
        assert "• Constancia: " in text and "mejor racha: 1 día." in text
        replies = await ana.say("/history")
        lines = replies[-1].text.splitlines()
        assert lines[0] == "Tus últimas dos semanas:"
        assert any("sesión diaria, terminada (" in line for line in lines)
        assert any("revisión: dolor 4, esfuerzo 3" in line for line in lines)
        weekday = r"(lun|mar|mié|jue|vie|sáb|dom) \d{1,2} \S+ \d\d:\d\d · "
        assert all(re.match(weekday, line) for line in lines[1:]), lines


def test_the_chart_is_labelled_in_the_persons_language() -> None:
    start, end = date(2026, 3, 2), date(2026, 3, 8)
    data = ProgressData(session_pain=[(date(2026, 3, 4), 3)], baseline=3, acceptable_max=5)
    with i18n.speaking("es"):
        figure = draw(data, start, end)
        figure.canvas.draw()
    title = figure.get_suptitle()
    assert title == "BackCoach — tu progreso, del 2 mar al 8 mar", title
    ratings, activity = figure.axes
    legend = [text.get_text() for text in ratings.get_legend().get_texts()]
    assert "dolor en la sesión" in legend and "tu dolor habitual: 3" in legend
    days = [label.get_text() for label in activity.get_xticklabels()]
    assert days[0] == "lun\n2 mar", days
    with i18n.speaking("de"):
        assert (
            draw(data, start, end).get_suptitle()
            == "BackCoach — dein Fortschritt, 2. März bis 8. März"
        )


async def test_the_walk_in_german_and_spanish(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(walk="about 20 min")
        await lena.say("/language deutsch")
        today = (await lena.say("/today"))[-1].text
        assert "🚶 Gehen heute: 20 Min., zusätzlich zur Routine. Trag es mit /walk ein." in today
        replies = await lena.say("/walk")
        assert "Wie viele Minuten bist du heute gegangen? Dein Ziel sind 20." in replies[-1].text
        replies = await lena.tap("10 Min.")
        assert "10 Min. eingetragen: heute bisher 10 von 20." in replies[-1].text
        replies = await lena.say("/walk 10")
        assert "Spaziergang von 20 Minuten für heute geschafft" in replies[-1].text
        assert "(bisher 20 eingetragen)" in (await lena.say("/today"))[-1].text

        ana = bot.person("Ana")
        await ana.onboard(walk="about 20 min")
        await ana.say("/language español")
        await ana.say("/walk")
        replies = await ana.tap("Hoy no")
        assert "No pasa nada: mañana será otro día." in replies[-1].text
        replies = await ana.say("/walk mucho")
        assert "¿Cuántos minutos? Un número" in replies[-1].text
        replies = await ana.say("/walk 5")
        assert "Anotados 5 min: llevas 5 de 20 hoy." in replies[-1].text


async def test_the_lesson_after_a_check_in_comes_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard()
        await do_session(lena)
        await lena.tap("2")
        await lena.tap("3 · moderate")
        await lena.say("/language deutsch")  # before the check-in's last answer
        replies = await lena.tap("felt right")
        lesson = next(m.text for m in replies if m.text.startswith("📖"))
        assert lesson.startswith("📖 Die Schmerzampel\n\nDas war deine erste Einheit.")
        assert lesson.endswith("\n\n/learn zeigt dir alle deine Lektionen.")


async def test_the_weekly_review_comes_in_spanish(sqlite_url: str, clock: FakeClock) -> None:
    madrid = ZoneInfo("Europe/Madrid")
    clock.set(datetime(2026, 11, 20, 8, 0, tzinfo=madrid))  # a Friday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid", weekly_day="Sun", weekly_time="10:00")
        await ana.say("/language español")
        clock.set(datetime(2026, 11, 22, 9, 50, tzinfo=madrid))
        mark = bot.mark(ana.id)
        await bot.advance(timedelta(minutes=20), step=timedelta(minutes=2))
        review = next(m.text or "" for m in bot.since(ana.id, mark) if m.kind == "photo")
        assert review.splitlines()[0] == "Tu resumen semanal", review
        assert "• Esta semana: 0 sesiones, 0 pausas activas." in review
        assert review.endswith("En /progress tienes la imagen completa.")
        asked = ana.last().text
        assert "En tu día a día de esta semana, ¿cuánto te ha costado" in asked
        replies = await ana.say("4")
        assert "Gracias. En /progress te mostraré cómo cambia esto" in replies[-1].text
