"""1. Nudge dispatch: everyone due at once; messages a second, with the 30/s limit and without."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.common import NOW, TOKEN, emit, scratch_database, seed, timer
from bench.remote import remote_fake_api
from bot.app import App, build_application, serving
from bot.clock import FakeClock
from bot.config import Settings
from bot.reminders.dispatcher import Dispatcher


def bench_settings(base_url: str, database: str, max_rate: float) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=SecretStr(TOKEN),
        telegram_api_base_url=f"{base_url}/bot",
        database_url=database,
        scheduler_interval_s=3600,
        telegram_max_rate=max_rate,
        flood_limit=10**9,
    )


async def run_dispatch(
    engine: str, folder: Path, people: int, max_rate: float, latency_ms: float
) -> dict[str, Any]:
    async with (
        scratch_database(engine, folder, f"dispatch_{people}") as database,
        remote_fake_api(TOKEN, latency_ms / 1000) as server,
    ):
        app: App = build_application(
            bench_settings(server.base_url, database, max_rate), FakeClock(NOW)
        )
        async with serving(app, poll_timeout=1):
            await app.bot_data["services"].storage.migrate()
            await seed(app.bot_data["services"].storage, people, due_now=people)
            dispatcher: Dispatcher = app.bot_data["dispatcher"]
            with timer() as elapsed:
                while (await dispatcher.tick()).sent:
                    pass
            delivered = (await server.stats())["messages"]
    rate = delivered / elapsed[0]
    name = "dispatch_rate_limited" if max_rate else "dispatch_unlimited"
    return emit(
        name,
        rate,
        "messages/s",
        engine=engine,
        people=people,
        delivered=delivered,
        max_rate=max_rate or None,
        latency_ms=latency_ms,
        http_client=app.bot.request.__class__.__name__,
        share_of_cap=round(rate / max_rate, 3) if max_rate else None,
    )
