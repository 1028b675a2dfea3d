"""The aiohttp client's errors, where they can't be staged over loopback at will: a request whose
keep-alive connection was already closing was never written, so retrying it cannot double it;
a connection lost while the request was being written may have delivered it."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from telegram.error import NetworkError
from telegram.ext import ExtBot
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.reminders.dispatcher import surely_not_sent
from bot.telegram.aiohttp_request import AiohttpRequest, _body
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


def test_a_form_body_is_byte_for_byte_what_aiohttps_form_data_sends() -> None:
    markup = '{"inline_keyboard": [[{"text": "✅ Done", "callback_data": "sit:done"}]]}'
    texts = ["Time to move ✨ — 2 × 25 s each side\n• a+b=c & 100%", "plain", ""]
    for text in texts * 2:  # the second time round, the keyboard's quoted form is reused
        fields = {"chat_id": 7, "text": text, "reply_markup": markup}
        data = RequestData(
            [RequestParameter.from_input(name, value) for name, value in fields.items()]
        )
        expected = aiohttp.FormData(data.json_parameters)()
        body = _body(data)
        assert isinstance(body, aiohttp.payload.BytesPayload)
        assert body._value == expected._value
        assert body.content_type == expected.content_type
