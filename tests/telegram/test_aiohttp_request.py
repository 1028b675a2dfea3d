"""The aiohttp client's errors, where they can't be staged over loopback at will: a request whose
keep-alive connection was already closing was never written, so retrying it cannot double it;
a connection lost while the request was being written may have delivered it."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from telegram.error import NetworkError
from telegram.ext import ExtBot

from bot.reminders.dispatcher import surely_not_sent
from bot.telegram.aiohttp_request import AiohttpRequest
from tests.e2e.harness import TOKEN


def failing_with(cause: BaseException) -> Any:
    """What aiohttp raises when writing the request body failed (client_reqrep.write_bytes)."""

    def request(*_args: object, **_kwargs: object) -> Any:
        error = aiohttp.ClientOSError(None, "Can not write request body for http://127.0.0.1/")
        error.__cause__ = cause
        raise error

    return request


@pytest.mark.parametrize(
    ("cause", "safe_to_retry"),
    [
        (aiohttp.ClientConnectionResetError("Cannot write to closing transport"), True),
        (aiohttp.ClientConnectionResetError("Connection lost"), False),
        (ConnectionResetError(104, "Connection reset by peer"), False),
    ],
)
async def test_only_a_request_never_handed_to_the_connection_is_surely_not_sent(
    cause: BaseException, safe_to_retry: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with AiohttpRequest() as request:
        assert request._session is not None
        monkeypatch.setattr(request._session, "request", failing_with(cause))
        bot = ExtBot(TOKEN, base_url="http://127.0.0.1:9/bot", request=request)
        with pytest.raises(NetworkError) as caught:
            await bot.send_message(1, "hi")
    assert surely_not_sent(caught.value) is safe_to_retry
