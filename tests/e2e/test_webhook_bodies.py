"""The real webhook server answers 400 to a body that is not an update, and keeps serving."""

from __future__ import annotations

import hmac
import json
import logging

import aiohttp
import pytest

from tests.e2e.test_security import SECRET, update_json, webhook_bot

NOT_UPDATES = [b"{not json", b"\xff\xfe{}", b"", b"[1, 2]", b'"text"', b"null", b"42"]


async def test_a_body_that_is_not_an_update_gets_400_with_the_right_secret(
    sqlite_url: str,
) -> None:
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with webhook_bot(sqlite_url) as (server, url), aiohttp.ClientSession() as http:
        statuses = []
        for body in NOT_UPDATES:
            async with http.post(url, data=body, headers=headers) as response:
                statuses.append(response.status)
        assert statuses == [400] * len(NOT_UPDATES)
        async with http.post(url, data=b"{not json", headers={}) as response:
            assert response.status == 403  # without the secret, nothing is read
        update = json.dumps(update_json(1, 78, "/help"))
        async with http.post(url, data=update, headers=headers) as response:
            assert response.status == 200
        await server.wait_idle(extra=lambda: bool(server.messages(78)))
        assert "/today" in server.messages(78)[-1].text


HEADERS = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}


async def test_a_body_over_a_megabyte_is_refused_with_413_and_never_handled(
    sqlite_url: str,
) -> None:
    huge = json.dumps(update_json(5, 79, "/help " + "x" * (10 << 20)))
    async with webhook_bot(sqlite_url) as (server, url), aiohttp.ClientSession() as http:
        async with http.post(url, data=huge, headers=HEADERS) as response:
            assert response.status == 413
        async with http.post(url, data=json.dumps(update_json(6, 79, "/help")), headers=HEADERS):
            pass
        await server.wait_idle(extra=lambda: bool(server.messages(79)))
        assert len(server.messages(79)) == 1, "only the small /help was handled"


async def test_no_log_line_at_any_level_holds_a_body_that_is_not_an_update(
    sqlite_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    typed = "my back hurts at 7 since Tuesday"
    odd = {"update_id": "not a number", "message": {"text": typed}}
    async with (
        webhook_bot(sqlite_url) as (_server, url),
        aiohttp.ClientSession() as http,
        http.post(url, data=json.dumps(odd), headers=HEADERS) as response,
    ):
        assert response.status == 400
    logged = [(r.getMessage(), r.exc_text or "") for r in caplog.records]
    assert any("not an update" in message for message, _ in logged)
    assert not any(typed in message or typed in trace for message, trace in logged)


async def test_the_secret_is_compared_in_constant_time(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    compared: list[bytes] = []
    real = hmac.compare_digest

    def compare_digest(sent: bytes, expected: bytes) -> bool:
        compared.append(sent)
        return real(sent, expected)

    monkeypatch.setattr("bot.telegram.webhook.hmac.compare_digest", compare_digest)
    body = json.dumps(update_json(7, 80, "/help"))
    async with webhook_bot(sqlite_url) as (_server, url), aiohttp.ClientSession() as http:
        for guess in (SECRET[:-1] + "?", SECRET[:3], SECRET):
            headers = {**HEADERS, "X-Telegram-Bot-Api-Secret-Token": guess}
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == (200 if guess == SECRET else 403)
        assert compared == [SECRET[:-1].encode() + b"?", SECRET[:3].encode(), SECRET.encode()]
