"""Webhooks need Telegram's secret; admin commands need an admin; updates count once."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr
from sqlalchemy import event

from bot.app import Webhook, build_application, serving
from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox.fake_api import FakeBotApi
from tests.e2e.harness import TOKEN, running_bot
from tests.pgcluster import free_port

SECRET = "webhook-secret_123"


@asynccontextmanager
async def webhook_bot(database_url: str) -> AsyncIterator[tuple[FakeBotApi, str]]:
    """The real bot as a webhook server on loopback (secret SECRET), and its webhook URL."""
    port = free_port()
    async with FakeBotApi(token=TOKEN) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=f"{server.base_url}/bot",
            database_url=database_url,
            scheduler_interval_s=3600,
        )
        webhook = Webhook("https://bot.example/telegram", SECRET, "127.0.0.1", port)
        async with serving(build_application(settings), webhook=webhook):
            yield server, f"http://127.0.0.1:{port}/telegram"


def update_json(update_id: int, user_id: int, text: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 0,
            "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "Web"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Web"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def test_the_webhook_rejects_requests_without_the_secret(sqlite_url: str) -> None:
    async with webhook_bot(sqlite_url) as (server, url), aiohttp.ClientSession() as http:
        assert any(method == "setWebhook" for method, _ in server.calls)
        body = json.dumps(update_json(1, 77, "/help"))
        headers = {"Content-Type": "application/json"}
        async with http.post(url, data=body, headers=headers) as response:
            assert response.status == 403
        wrong = {**headers, "X-Telegram-Bot-Api-Secret-Token": "guess"}
        async with http.post(url, data=body, headers=wrong) as response:
            assert response.status == 403
        assert server.messages(77) == []
        right = {**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(url, data=body, headers=right) as response:
            assert response.status == 200
        await server.wait_idle(extra=lambda: bool(server.messages(77)))
        assert "/today" in server.messages(77)[-1].text


async def test_the_webhook_answers_200_only_once_the_update_is_spooled(
    sqlite_url: str, update_spool: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram never sends an update again after a 200: a full spool answers 503, retried."""
    monkeypatch.setattr("bot.telegram.spool.MAX_BYTES", 100)
    async with webhook_bot(sqlite_url) as (server, url), aiohttp.ClientSession() as http:
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
        body = json.dumps(update_json(5, 78, "/help"))
        async with http.post(url, data=body, headers=headers) as response:
            assert response.status == 503
        assert server.messages(78) == []
        monkeypatch.setattr("bot.telegram.spool.MAX_BYTES", 1 << 20)
    async with webhook_bot(sqlite_url) as (server, url), aiohttp.ClientSession() as http:
        async with http.post(url, data=body, headers=headers) as response:
            assert response.status == 200
        await server.wait_idle(extra=lambda: bool(server.messages(78)))
    assert update_spool.read_bytes() == b"", "handled, so out of the spool"


async def test_stats_is_only_for_admins(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock, admin_ids=frozenset({1001})) as bot:
        admin, other = bot.person("Ada"), bot.person("Ola")
        await admin.onboard()
        replies = await other.say("/stats")
        assert "don't know that command" in replies[-1].text
        replies = await admin.say("/stats")
        assert "Users: 1 (1 active)" in replies[-1].text


async def test_an_update_delivered_twice_is_handled_once(sqlite_url: str, clock: FakeClock) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await ana.say("/today")
        start = ana.find_button_message("Start")
        data = next(d for row in start.buttons for t, d in row if "Start" in t)
        before = len(await bot.storage.coaching.workouts_since(ana.id, clock.now() - timedelta(1)))
        update_id = bot.server.queue_raw_update(
            {
                "callback_query": {
                    "id": "x1",
                    "from": {"id": ana.id, "is_bot": False, "first_name": "Ana"},
                    "chat_instance": "1",
                    "data": data,
                    "message": {
                        "message_id": start.message_id,
                        "date": 0,
                        "chat": {"id": ana.id, "type": "private"},
                    },
                }
            }
        )
        await bot.settle()
        bot.server.redeliver(update_id)
        await bot.settle()
        after = len(await bot.storage.coaching.workouts_since(ana.id, clock.now() - timedelta(1)))
        assert after == before + 1


async def test_someone_hammering_the_bot_is_slowed_without_affecting_others(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, flood_limit=20) as bot:
        spam, calm = bot.person("Sam"), bot.person("Cal")
        for n in range(60):
            bot.server.send_text(spam.id, f"spam {n}")
        await bot.settle()
        replies_to_spam = bot.server.messages(spam.id)
        assert 20 <= len(replies_to_spam) <= 22
        assert any("very fast" in m.text for m in replies_to_spam)
        replies = await calm.say("/help")
        assert "/today" in replies[-1].text


async def test_a_flood_past_its_notice_is_dropped_without_reading_the_database(
    sqlite_url: str, clock: FakeClock
) -> None:
    async with running_bot(sqlite_url, clock, flood_limit=20) as bot:
        spam = bot.person("Sam")
        for n in range(21):  # 20 answered, the 21st told to slow down
            bot.server.send_text(spam.id, f"spam {n}")
        await bot.settle()
        assert sum("very fast" in m.text for m in bot.server.messages(spam.id)) == 1
        statements: list[str] = []

        def seen(_connection: Any, _cursor: Any, sql: str, *_args: Any) -> None:
            statements.append(sql)

        event.listen(bot.storage.engine.sync_engine, "before_cursor_execute", seen)
        mark = bot.mark(spam.id)
        for n in range(40):
            bot.server.send_text(spam.id, f"more spam {n}")
        await bot.settle()
        event.remove(bot.storage.engine.sync_engine, "before_cursor_execute", seen)
        assert bot.since(spam.id, mark) == [] and statements == []
