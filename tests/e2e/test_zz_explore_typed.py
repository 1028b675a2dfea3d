from __future__ import annotations
from bot.clock import FakeClock
from tests.e2e.harness import running_bot

async def test_explore(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard(zone="Madrid")
        await ana.say("/language español")
        for t in ["hace años tuve problemas para controlar la vejiga", "no", "¿y si se me duermen las dos piernas?", "no", "hola", "gracias", "/foo"]:
            for m in await ana.say(t):
                print("SAY", t, "->", repr(m.text[:400]), m.buttons)
