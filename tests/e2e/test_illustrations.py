"""The guided session's "👀 Show me": the step's picture through the Bot API, uploaded once."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.clock import FakeClock
from bot.coaching.catalogue import load_catalogue
from bot.illustrations import pictures
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import Person, running_bot


async def first_moving_step(person: Person) -> None:
    """Start today's session and move past the breathing drill to the first moving exercise."""
    await person.say("/today")
    await person.tap("Start")
    await person.tap("Done")


def pictures_sent(person: Person) -> list[SentMessage]:
    return [m for m in person.server.messages(person.id) if m.kind in ("animation", "photo")]


async def test_show_me_sends_the_animation_once_and_the_next_person_gets_the_same_file_id(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana, ben = bot.person("Ana"), bot.person("Ben")
        await ana.onboard()
        await ben.onboard()
        await first_moving_step(ana)
        step_text = ana.last().text
        replies = await ana.tap("Show me")
        (picture,) = [m for m in replies if m.kind == "animation"]
        assert picture.uploaded and picture.file_bytes is not None
        assert picture.file_bytes.startswith(b"GIF89a")
        assert picture.text.split(" — ")[0] in step_text  # captioned with the exercise
        assert any("Done" in text for row in picture.buttons for text, _ in row)

        await first_moving_step(ben)
        replies = await ben.tap("Show me")
        (again,) = [m for m in replies if m.kind == "animation"]
        assert not again.uploaded, "the second person's picture is sent by file id"
        assert again.file_id == picture.file_id
        assert bot.server.uploads == 1
        assert [method for method, _ in bot.server.calls].count("sendAnimation") == 2

        # Done under the picture moves on: a new step message (a picture has no text to edit).
        replies = await ben.tap("Done")
        assert replies and replies[-1].kind == "text" and replies[-1].text.startswith("3/")


async def test_a_breathing_step_shows_a_still_reused_by_file_id_until_telegram_forgets_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        cai, dan = bot.person("Cai"), bot.person("Dan")
        for person in (cai, dan):
            await person.onboard()
            await person.say("/today")
            await person.tap("Start")
            await person.tap("Show me")
        first, second = pictures_sent(cai), pictures_sent(dan)
        assert [m.kind for m in first + second] == ["photo", "photo"]
        assert first[0].file_bytes is not None and first[0].file_bytes.startswith(b"\x89PNG")
        assert second[0].file_id == first[0].file_id and not second[0].uploaded
        assert bot.server.uploads == 1

        bot.server.expire_files()  # a file id Telegram no longer knows: upload again
        await dan.tap("Show me")
        latest = pictures_sent(dan)[-1]
        assert latest.uploaded and latest.file_id != first[0].file_id
        assert bot.server.uploads == 2


async def test_drawing_a_picture_does_not_hold_up_anyone_elses_reply(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pictures.render_picture

    def slow_render(*args: object, **kwargs: object) -> pictures.Picture:
        time.sleep(1.5)  # a slow machine, drawing in its worker thread
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("bot.telegram.show.render_picture", slow_render)
    async with running_bot(sqlite_url, clock) as bot:
        eve, fay = bot.person("Eve"), bot.person("Fay")
        await eve.onboard()
        await fay.onboard()
        await first_moving_step(eve)
        show = eve.find_button_message("Show me")
        data = next(d for row in show.buttons for t, d in row if "Show me" in t)
        started = time.monotonic()
        bot.server.press(eve.id, show.message_id, data)
        await asyncio.sleep(0.1)
        before = len(fay.texts())
        bot.server.send_text(fay.id, "/today")
        while len(fay.texts()) == before and time.monotonic() - started < 5:
            await asyncio.sleep(0.02)
        answered_after = time.monotonic() - started
        assert answered_after < 1.0, "Fay's /today waited for Eve's picture"
        assert not pictures_sent(eve), "the picture was still being drawn"
        await bot.settle()  # until Eve's update is handled: her picture has arrived
        assert [m.kind for m in pictures_sent(eve)] == ["animation"]


async def test_after_too_hard_show_me_shows_the_easier_version(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        gil = bot.person("Gil")
        await gil.onboard()
        await first_moving_step(gil)
        step = gil.find_button_message("Too hard")
        data = next(d for row in step.buttons for t, d in row if "Too hard" in t)
        workout = await bot.storage.coaching.workout(gil.id, int(data.split(":")[1]))
        assert workout is not None
        exercise_id = workout.routine[workout.position]["exercise_id"]
        await gil.tap("Too hard")
        assert gil.last().text.startswith("3/"), "the session moves on"

        replies = await gil.tap("Show me the easier way")
        (picture,) = [m for m in replies if m.kind in ("animation", "photo")]
        catalogue = load_catalogue()
        assert picture.text == f"👀 Easier: {catalogue[exercise_id].easier}"
        easier = pictures.render_picture(
            catalogue, *pictures.easier_version(catalogue, exercise_id)
        )
        assert picture.file_bytes == easier.data
        assert not picture.buttons, "the next step's buttons stay on the next step"

        replies = await gil.tap("Done")  # the session carries on where it was
        assert replies[-1].text.startswith("4/")
