"""Which failed sends surely never reached Telegram, so that sending again cannot double them.

PTB raises NetworkError both for a refused connection and for a 5xx answer, and TimedOut both for
"no free connection" and for a read timeout; only the first of each pair is safe to retry.
These go through PTB's real HTTP stack to the fake Bot API over loopback, with each HTTP client
the bot can use (HTTP_CLIENT=aiohttp|httpx)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bot.reminders.dispatcher import surely_not_sent
from bot.sandbox.fake_api import FakeBotApi, FaultPlan
from bot.telegram.aiohttp_request import AiohttpRequest
from tests.e2e.harness import TOKEN

CLIENTS: dict[str, type[BaseRequest]] = {"httpx": HTTPXRequest, "aiohttp": AiohttpRequest}
pytestmark = pytest.mark.parametrize("client", sorted(CLIENTS))


@asynccontextmanager
async def bot_at(base_url: str, client: str, **request: Any) -> AsyncIterator[ExtBot[Any]]:
    async with CLIENTS[client](**request) as requests:
        yield ExtBot(TOKEN, base_url=f"{base_url}/bot", request=requests)


async def failure(send: Awaitable[object]) -> TelegramError:
    with pytest.raises(TelegramError) as caught:
        await send
    return caught.value


async def test_a_refused_connection_surely_never_reached_telegram(client: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # held, never listening: nobody else can take the port
        port = sock.getsockname()[1]
        async with bot_at(f"http://127.0.0.1:{port}", client) as bot:
            error = await failure(bot.send_message(1, "hi"))
    assert isinstance(error, NetworkError)
    assert surely_not_sent(error)


async def test_no_free_connection_surely_never_reached_telegram(client: str) -> None:
    async with (
        FakeBotApi(token=TOKEN, latency_s=1.0) as server,
        # The first send holds the only connection for a second; opening it may take a while on
        # a busy machine, but waiting for it and opening it must stay under that (aiohttp
        # counts both towards one limit).
        bot_at(
            server.base_url, client, connection_pool_size=1, pool_timeout=0.05, connect_timeout=0.5
        ) as bot,
    ):
        results = await asyncio.gather(
            bot.send_message(1, "first"), bot.send_message(2, "second"), return_exceptions=True
        )
    errors = [r for r in results if isinstance(r, TelegramError)]
    assert len(errors) == 1 and isinstance(errors[0], TimedOut)
    assert surely_not_sent(errors[0])


@pytest.mark.parametrize("fault", ["504_after_delivery", "500", "timeout"])
async def test_a_5xx_or_a_read_timeout_may_have_arrived(client: str, fault: str) -> None:
    async with FakeBotApi(token=TOKEN) as server:
        server.faults = FaultPlan(rate=1.0, kinds=(fault,), timeout_s=0.5)
        async with bot_at(server.base_url, client, read_timeout=0.2) as bot:
            error = await failure(bot.send_message(1, "hi"))
    assert isinstance(error, NetworkError)
    assert not surely_not_sent(error)


async def test_messages_and_pictures_arrive_as_sent(client: str) -> None:
    async with FakeBotApi(token=TOKEN) as server, bot_at(server.base_url, client) as bot:
        sent = await bot.send_message(7, "Time to move ✨", read_timeout=2)
        await bot.send_photo(7, b"\x89PNG\r\n\x1a\n fake picture", caption="Cat-camel")
    messages = server.messages(7)
    assert sent.message_id == messages[0].message_id and messages[0].text == "Time to move ✨"
    assert messages[1].kind == "photo"
    assert messages[1].file_bytes == b"\x89PNG\r\n\x1a\n fake picture"
