"""The fake Bot API server in a process of its own, so it doesn't share the bot's CPU."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RemoteFakeApi:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    async def stats(self) -> dict[str, Any]:
        async with aiohttp.ClientSession() as http, http.get(f"{self.base_url}/_stats") as r:
            return dict(await r.json())


@asynccontextmanager
async def remote_fake_api(token: str, latency_s: float = 0.0) -> AsyncIterator[RemoteFakeApi]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.sandbox.fake_api", str(port), token, str(latency_s)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        base_url = process.stdout.readline().strip()
        yield RemoteFakeApi(base_url)
    finally:
        process.terminate()
        process.wait(10)
