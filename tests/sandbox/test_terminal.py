"""The terminal sandbox: the real bot, buttons as numbered choices, no token needed."""

from __future__ import annotations

import io

from pydantic import SecretStr

from bot.app import App, build_application
from bot.config import Settings
from bot.sandbox.terminal import run_terminal

TOKEN = "123456:sandbox-token-not-secret"


async def test_a_newcomer_can_chat_and_tap_numbered_buttons(sqlite_url: str) -> None:
    def build(base_url: str) -> App:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=f"{base_url}/bot",
            database_url=sqlite_url,
            scheduler_interval_s=3600,
        )
        return build_application(settings)

    typed = io.StringIO("/start\n1\n/quit\n")
    shown = io.StringIO()
    await run_terminal(build, token=TOKEN, stdin=typed, out=shown)
    screen = shown.getvalue()
    assert "[1] Yes, store my ratings  [2] No" in screen
    assert "bot (edited):" in screen and "✓ Yes, store my ratings" in screen
    assert "18 or over" in screen
