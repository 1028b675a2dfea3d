"""With SENTRY_DSN set, a handler error reaches Sentry (a fake one on loopback) as its type and
stack only: no exception text, no local variables, no person, no token."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from pydantic import SecretStr

import bot.telegram.chat
from bot.clock import FakeClock
from bot.ops.sentry import scrubber
from bot.telegram.common import Context
from tests.e2e.harness import TOKEN, running_bot
from tests.pgcluster import free_port

sentry_sdk = pytest.importorskip("sentry_sdk")


def test_the_hook_drops_request_user_texts_and_locals_and_masks_tokens() -> None:
    event: dict[str, Any] = {
        "request": {"data": "about 6"},
        "user": {"id": 1234},
        "extra": {"update": "about 6"},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": "invalid literal for int(): 'about 6'",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"text": "about 6"}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": f"POST https://x/bot{TOKEN}/sendMessage"}]},
    }
    cleaned = scrubber((TOKEN,))(event, None)
    text = json.dumps(cleaned)
    assert "about 6" not in text and "1234" not in text and TOKEN not in text
    assert cleaned["exception"]["values"][0]["type"] == "ValueError"
    assert cleaned["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "f"}]
    crumb = scrubber((TOKEN,))({"data": {"url": f"https://x/bot{TOKEN}/getMe"}}, None)
    assert "data" not in crumb


async def fake_sentry(port: int, received: list[bytes]) -> AsyncIterator[None]:
    async def envelope(request: web.Request) -> web.Response:
        received.append(await request.read())  # aiohttp undoes the gzip
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/api/{project}/envelope/", envelope)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield
    finally:
        await runner.cleanup()


async def test_a_handler_error_reaches_sentry_without_person_data_or_token(
    sqlite_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(update: object, context: Context) -> None:
        text = update.message.text  # type: ignore[attr-defined]  # a local holding typed text
        name = update.effective_user.first_name  # type: ignore[attr-defined]
        raise ValueError(f"could not read {len(text)} characters from {name} with {TOKEN}")

    monkeypatch.setattr(bot.telegram.chat, "on_text", broken)
    received: list[bytes] = []
    port = free_port()
    sentry = fake_sentry(port, received)
    await anext(sentry)
    try:
        dsn = SecretStr(f"http://publickey@127.0.0.1:{port}/42")
        async with running_bot(sqlite_url, clock, sentry_dsn=dsn) as harness:
            await harness.person("Zelda").say("my back aches after the long drive home")
            client = sentry_sdk.get_client()
            await asyncio.to_thread(client.flush, 5)  # sending happens on Sentry's thread
            deadline = time.monotonic() + 5
            while not any(b"ValueError" in body for body in received):
                assert time.monotonic() < deadline, "nothing reached Sentry"
                await asyncio.sleep(0.1)
        assert sentry_sdk.get_client().transport is None  # stopped with the bot
    finally:
        await anext(sentry, None)
    everything = b"".join(received).decode()
    # (Source lines around each frame do go: they are code, not data.)
    for private in ("back aches", "long drive", "39 characters", "from Zelda", TOKEN):
        assert private not in everything
    assert "test_sentry.py" in everything and "broken" in everything  # where it failed
