"""The time-zone question in the person's language when what they type needs a choice: an
abbreviation ("EST", "CET"), a country with several zones ("Australien", "USA"), a name two
places share ("Portland", "Córdoba"). Every question and button is German or Spanish, a place
is named as they wrote it ("München", not GeoNames' "Munich"), and the zone they pick is kept."""

from __future__ import annotations

import re

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import Person, running_bot

# English words of the time-zone question's choices that must not reach a German or Spanish
# person ("Portland, Oregon" and "Maine" are names, not words).
ENGLISH = re.compile(
    r"\b(time|Yes|No,|Another|place|Which|one|spans|several|more than|do you mean|Or type"
    r"|country|state|summer|reminders|all year|US|UK)\b"
)


def shown(replies: list[SentMessage]) -> list[str]:
    """Every text and button label in these replies."""
    texts = [text for reply in replies for text in (*reply.edits, reply.text or "")]
    return texts + [label for reply in replies for row in reply.buttons for label, _ in row]


def labels(replies: list[SentMessage]) -> list[str]:
    return [label for row in replies[-1].buttons for label, _ in row]


def no_english(replies: list[SentMessage]) -> None:
    english = [text for text in shown(replies) if ENGLISH.search(text)]
    assert not english, english


async def change_zone(person: Person, typed: str, settings_label: str) -> list[SentMessage]:
    await person.say("/settings")
    await person.tap(settings_label)
    return await person.say(typed)


async def stored_zone(person: Person) -> str:
    user = await person.harness.storage.users.get(person.id)
    assert user is not None
    return user.timezone


async def test_a_german_time_zone_is_chosen_in_german_and_her_city_named_as_she_wrote_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena", language="de")
        await lena.onboard(zone="München")
        assert any(
            "Alles klar: München liegt in der Zeitzone Berlin (Deutschland)." in text
            for text in lena.texts()
        )
        assert await stored_zone(lena) == "Europe/Berlin"

        replies = await change_zone(lena, "EST", "Zeitzone")
        assert replies[-1].text == (
            "EST – meinst du die Zeit in New York? Sie verschiebt sich im Sommer um eine "
            "Stunde, und deine Erinnerungen verschieben sich mit."
        )
        assert labels(replies) == ["Ja, Zeit in New York", "Ein anderer Ort"]
        no_english(replies)
        await lena.tap("Ja, Zeit in New York")
        assert await stored_zone(lena) == "America/New_York"

        replies = await change_zone(lena, "CET", "Zeitzone")
        assert "meinst du die Zeit in Berlin (dieselbe wie in Paris, Rom oder Madrid)?" in (
            replies[-1].text or ""
        )
        no_english(replies)
        replies = await lena.tap("Ein anderer Ort")
        assert "schreib" in (replies[0].text or "").lower()

        replies = await change_zone(lena, "Australien", "Zeitzone")
        assert replies[-1].text == "Australien hat mehrere Zeitzonen. Welche ist deine?"
        assert labels(replies) == [
            "Zeit in Sydney",
            "Zeit in Brisbane",
            "Zeit in Perth",
            "Zeit in Adelaide",
            "Ein anderer Ort",
        ]
        no_english(replies)
        await lena.tap("Zeit in Perth")
        assert await stored_zone(lena) == "Australia/Perth"

        replies = await change_zone(lena, "Portland", "Zeitzone")
        assert replies[-1].text == (
            "Es gibt mehrere Orte namens Portland. Welchen meinst du? Oder schreib es so: "
            "„Portland, Maine“."
        )
        assert labels(replies) == [
            "Portland, Oregon (USA)",
            "Portland, Maine (USA)",
            "Ein anderer Ort",
        ]
        no_english(replies)
        await lena.tap("Portland, Maine (USA)")
        assert await stored_zone(lena) == "America/New_York"


async def test_a_spanish_time_zone_is_chosen_in_spanish_and_his_city_named_as_he_wrote_it(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        pablo = bot.person("Pablo", language="es")
        await pablo.onboard(zone="vivo en sevilla")
        assert any(
            "Entendido: Sevilla está en la zona horaria de Madrid (España)." in text
            for text in pablo.texts()
        )
        assert await stored_zone(pablo) == "Europe/Madrid"

        replies = await change_zone(pablo, "CST", "Zona horaria")
        assert replies[-1].text == (
            "CST: ¿te refieres a la hora de Chicago? En verano cambia una hora, y tus "
            "recordatorios cambian con ella."
        )
        assert labels(replies) == ["Sí, hora de Chicago", "No, hora de China", "Otro lugar"]
        no_english(replies)
        await pablo.tap("No, hora de China")
        assert await stored_zone(pablo) == "Asia/Shanghai"

        replies = await change_zone(pablo, "IST", "Zona horaria")
        assert replies[-1].text == "IST puede referirse a varios lugares. ¿Cuál es el tuyo?"
        assert labels(replies) == [
            "Hora de la India",
            "Hora de Irlanda (Dublín)",
            "Hora de Israel",
            "Otro lugar",
        ]
        no_english(replies)
        await pablo.tap("Hora de Irlanda (Dublín)")
        assert await stored_zone(pablo) == "Europe/Dublin"

        replies = await change_zone(pablo, "USA", "Zona horaria")
        assert replies[-1].text == "USA tiene varias zonas horarias. ¿Cuál es la tuya?"
        assert labels(replies) == [
            "Hora de Nueva York",
            "Hora de Chicago",
            "Hora de Los Ángeles",
            "Hora de Denver",
            "Otro lugar",
        ]
        no_english(replies)
        await pablo.tap("Hora de Los Ángeles")
        assert await stored_zone(pablo) == "America/Los_Angeles"

        replies = await change_zone(pablo, "Córdoba", "Zona horaria")
        assert replies[-1].text == (
            "Hay varios lugares llamados Córdoba. ¿A cuál te refieres? O escríbelo así: "
            "«Córdoba, España»."
        )
        assert labels(replies) == [
            "Córdoba (Argentina)",
            "Córdoba (España)",
            "Córdoba (México)",
            "Otro lugar",
        ]
        no_english(replies)
        await pablo.tap("Córdoba (España)")
        assert await stored_zone(pablo) == "Europe/Madrid"

        replies = await change_zone(pablo, "Georgia", "Zona horaria")
        assert labels(replies) == ["Georgia (país)", "Georgia (estado de EE. UU.)", "Otro lugar"]
        no_english(replies)
