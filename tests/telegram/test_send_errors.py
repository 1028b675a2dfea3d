"""Which failed sends surely never reached Telegram, so that sending again cannot double them.

PTB raises NetworkError both for a refused connection and for a 5xx answer, and TimedOut both for
"no free connection" and for a read timeout; only the first of each pair is safe to retry.
These go through PTB's real HTTP stack to the fake Bot API over loopback."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Awaitable
from typing import Any

import pytest
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.reminders.dispatcher import surely_not_sent
from bot.sandbox.fake_api import FakeBotApi, FaultPlan
from tests.e2e.harness import TOKEN


def bot_at(base_url: str, **request: Any) -> ExtBot[Any]:
    return ExtBot(TOKEN, base_url=f"{base_url}/bot", request=HTTPXRequest(**request))


async def failure(send: Awaitable[object]) -> TelegramError:
    with pytest.raises(TelegramError) as caught:
        await send
    return caught.value


async def test_a_refused_connection_surely_never_reached_telegram() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # nothing listens here once the socket is closed
    bot = bot_at(f"http://127.0.0.1:{port}")
    error = await failure(bot.send_message(1, "hi"))
    assert isinstance(error, NetworkError)
    assert surely_not_sent(error)


async def test_no_free_connection_surely_never_reached_telegram() -> None:
    async with FakeBotApi(token=TOKEN, latency_s=0.5) as server:
        bot = bot_at(server.base_url, connection_pool_size=1, pool_timeout=0.05)
        results = await asyncio.gather(
            bot.send_message(1, "first"), bot.send_message(2, "second"), return_exceptions=True
        )
        errors = [r for r in results if isinstance(r, TelegramError)]
        assert len(errors) == 1 and isinstance(errors[0], TimedOut)
        assert surely_not_sent(errors[0])
        await bot.shutdown()


@pytest.mark.parametrize("fault", ["504_after_delivery", "500", "timeout"])
async def test_a_5xx_or_a_read_timeout_may_have_arrived(fault: str) -> None:
    async with FakeBotApi(token=TOKEN) as server:
        server.faults = FaultPlan(rate=1.0, kinds=(fault,), timeout_s=0.5)
        bot = bot_at(server.base_url, read_timeout=0.2)
        error = await failure(bot.send_message(1, "hi"))
        assert isinstance(error, NetworkError)
        assert not surely_not_sent(error)
        await bot.shutdown()
