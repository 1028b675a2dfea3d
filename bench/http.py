"""HTTP clients: PTB's `send_message` alone, aiohttp vs httpx, against the fake server in its own
process; messages a second with a few requests in flight and with many."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram.ext import ExtBot
from telegram.request import BaseRequest, HTTPXRequest

from bench.common import TOKEN, emit, timer
from bench.remote import remote_fake_api
from bot.app import CONNECTIONS
from bot.telegram.aiohttp_request import AiohttpRequest

CLIENTS: dict[str, type[BaseRequest]] = {"aiohttp": AiohttpRequest, "httpx": HTTPXRequest}


async def sends_per_second(client: str, base_url: str, messages: int, in_flight: int) -> float:
    async with CLIENTS[client](connection_pool_size=CONNECTIONS) as request:  # type: ignore[call-arg]
        bot = ExtBot(TOKEN, base_url=f"{base_url}/bot", request=request)
        gate = asyncio.Semaphore(in_flight)

        async def send(n: int) -> None:
            async with gate:
                await bot.send_message(n, "Time to move")

        await asyncio.gather(*(send(n) for n in range(1, 101)))  # connections opened
        with timer() as elapsed:
            await asyncio.gather(*(send(n) for n in range(1, messages + 1)))
    return messages / elapsed[0]


async def run_http(messages: int = 3000) -> list[dict[str, Any]]:
    results = []
    async with remote_fake_api(TOKEN) as server:
        for in_flight in (4, 32):
            rates = {
                client: await sends_per_second(client, server.base_url, messages, in_flight)
                for client in CLIENTS
            }
            results.append(
                emit(
                    "http_client_sends",
                    rates["aiohttp"],
                    "messages/s",
                    client="aiohttp",
                    in_flight=in_flight,
                    messages=messages,
                    httpx=round(rates["httpx"], 1),
                    ratio_to_httpx=round(rates["aiohttp"] / rates["httpx"], 2),
                )
            )
    return results
