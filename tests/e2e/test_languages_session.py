"""Today's routine and a guided session in German and in Spanish: the exercises' names, doses,
cues and buttons in the person's language, typed words in it understood."""

from __future__ import annotations

from bot.clock import FakeClock
from tests.e2e.harness import running_bot


async def test_a_german_session_from_today_to_the_end_typing_fertig(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(zone="Berlin")
        await lena.say("/language deutsch")
        card = (await lena.say("/today"))[-1]
        assert card.text.startswith("Deine Routine für heute · etwa")
        assert "Bauchatmung in Rückenlage" in card.text or "Atem" in card.text
        assert any("▶️ Starten" in label for row in card.buttons for label, _data in row)
        step = (await lena.tap("▶️ Starten"))[-1]
        assert step.text.startswith("1/")
        labels = [label for row in step.buttons for label, _data in row]
        assert labels[0] == "✅ Fertig" and "😣 Zu schwer" in labels
        for _step in range(20):
            shown = await lena.say("fertig")
            if any("Einheit geschafft" in message.text for message in shown):
                break
        else:
            raise AssertionError(lena.texts()[-3:])


async def test_a_spanish_session_with_taps_and_typed_words(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        card = (await ana.say("/today"))[-1]
        assert card.text.startswith("Tu rutina de hoy · unos")
        step = (await ana.tap("▶️ Empezar"))[-1]
        assert "repeticiones" in step.text or "respiraciones" in step.text
        info = (await ana.tap("ℹ️ Más información"))[-1]
        assert "Para qué sirve:" in info.text
        await ana.tap("✅ Hecho")
        texts = []
        for _step in range(20):
            shown = await ana.say("listo")
            texts += [message.text for message in shown]
            if any("Sesión completada" in text for text in texts):
                break
        else:
            raise AssertionError(ana.texts()[-3:])
