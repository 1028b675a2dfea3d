"""What changed since last time, in the person's language: the engine writes its reasons in the
language the person speaks when it decides, and /today shows them as written."""

from __future__ import annotations

from datetime import timedelta

from bot.clock import FakeClock
from bot.sandbox.fake_api import SentMessage
from tests.e2e.harness import Person, running_bot


def _with_data(person: Person, part: str) -> tuple[SentMessage, str]:
    """The newest message with a button whose callback data contains `part`, and that data
    (by data, not label: the check-in's words are another flow's)."""
    for message in reversed(person.server.messages(person.id)):
        for row in message.buttons:
            for _label, data in row:
                if part in data:
                    return message, data
    raise AssertionError(f"no button with {part!r}; last: {person.last().text!r}")


async def _press(person: Person, part: str) -> list[SentMessage]:
    message, data = _with_data(person, part)
    return await person.press(message.message_id, data)


async def test_a_german_session_felt_too_easy_and_next_today_says_what_changed_in_german(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        lena = bot.person("Lena")
        await lena.onboard(zone="Berlin")
        await lena.say("/language deutsch")
        await lena.say("/today")
        await lena.tap("▶️ Starten")
        for _step in range(20):
            if not any("Fertig" in label for row in lena.last().buttons for label, _d in row):
                break
            await lena.tap("✅ Fertig")
        await _press(lena, ":pain:1")
        await _press(lena, ":effort:3")
        await _press(lena, ":each")
        index = 0
        while True:  # one tap on each exercise: too easy
            try:
                await _press(lena, f":feel:{index}:")
            except AssertionError:
                break
            index += 1
        assert index > 1
        await _press(lena, ":save")
        since = clock.now() - timedelta(days=1)
        changes = await bot.storage.coaching.changes_since(lena.id, since)
        stepped = [c for c in changes if c.kind == "progress"]
        assert stepped, "a session that felt too easy steps up"
        card = (await lena.say("/today"))[-1]
        assert "Was sich seit dem letzten Mal geändert hat:" in card.text
        lines = card.text.split("Was sich seit dem letzten Mal geändert hat:")[1]
        for change in stepped:
            assert change.reason in lines
            assert "nächstes Mal" in change.reason and "es war zu leicht" in change.reason
        assert "next time" not in lines and "felt too easy" not in lines
