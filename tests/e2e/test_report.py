"""/report: a one-page PDF summary a person can take to their GP or physiotherapist."""

from __future__ import annotations

import io
from datetime import date, timedelta

from pypdf import PdfReader

from bot.clock import FakeClock
from bot.reports.clinician import ClinicianSummary, render_summary
from tests.e2e.harness import Person, running_bot
from tests.e2e.test_progress import sessions_with_pains


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


async def report_of(person: Person) -> tuple[int, str, str]:
    replies = await person.say("/report")
    document = next(m for m in replies if m.kind == "document")
    assert document.file_bytes is not None and document.file_bytes.startswith(b"%PDF")
    assert document.filename is not None and document.filename.endswith(".pdf")
    pages, text = pdf_text(document.file_bytes)
    return pages, text, document.text


async def test_report_sends_a_one_page_pdf_with_the_pain_sessions_and_routine(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(pain="4")
        await sessions_with_pains(ana, clock, [3, 4, 3])
        today = await ana.say("/today")
        pages, text, caption = await report_of(ana)
        assert pages == 1
        assert "stays in this chat" in caption
        assert "Usual pain at sign-up: 4/10" in text
        assert "Sessions finished: 3" in text
        assert "Current routine" in text and "Warning-sign screening" in text
        assert "no warning signs" in text
        names = [
            line.split(". ", 1)[1].split(" — ")[0]
            for line in today[-1].text.splitlines()
            if line[:1].isdigit() and " — " in line
        ]
        assert names and any(name in text for name in names)
        assert str(ana.id) not in text  # no Telegram ids on a page that leaves the chat


async def test_a_person_on_hold_after_a_warning_sign_can_still_take_a_report(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await bot.storage.users.update(ana.id, red_flags="urgent")
        _, text, _ = await report_of(ana)
        assert "programme on hold" in text


def test_a_long_history_still_fits_one_page() -> None:
    start = date(2026, 9, 1)
    days = [start + timedelta(days=n) for n in range(84)]
    summary = ClinicianSummary(
        first_name="Ana",
        start=start,
        end=days[-1],
        zone="Europe/London",
        usual_pain_at_start=5,
        baseline=3,
        morning_pain=[(d, 3 + n % 3) for n, d in enumerate(days)],
        session_pain=[(d, 2 + n % 4) for n, d in enumerate(days)],
        sessions_per_week=[(start + timedelta(weeks=n), 5) for n in range(12)],
        flares=[(date(2026, 10, 3), date(2026, 10, 6)), (date(2026, 11, 10), None)],
        routine=[(f"Exercise number {n}", "2 sets × 8 slow reps, 3 s holds") for n in range(20)],
        stages=[("Getting out of bed", "integrated"), ("Carrying things", "partial")],
        ratings=[("Getting out of bed", 7, 3), ("Carrying things", 6, 5)],
        changes=[(d, "Bridge: 8 → 9 reps, because the last 2 sessions felt right") for d in days],
        safety=[(start, "safety questions answered: no warning signs")],
    )
    pages, text = pdf_text(render_summary(summary))
    assert pages == 1
    assert "and 8 more" in text  # 20 exercises: 12 listed, the rest counted
    assert "Morning pain, weekly mean" in text
    assert "ongoing" in text
