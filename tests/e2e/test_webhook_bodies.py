"""The real webhook server answers 400 to a body that is not an update, and keeps serving."""

from __future__ import annotations

import json

import aiohttp

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
