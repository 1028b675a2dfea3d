"""Running BackCoach as a service: /healthz and /readyz in both modes, readiness that follows the
database and the scheduler, /metrics that moves when nudges go out, and errors told to the
admins once, without anything a person wrote."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr

import bot.telegram.chat
from bot.app import Webhook, build_application, serving
from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox.fake_api import FakeBotApi
from bot.telegram.common import Context
from tests.e2e.harness import TOKEN, BotHarness, running_bot
from tests.e2e.test_security import SECRET, update_json
from tests.pgcluster import PgCluster, free_port, throwaway_cluster

# Real time and real processes: these take turns on one worker of `make test` (xdist).
pytestmark = pytest.mark.xdist_group("timed")

BERLIN = ZoneInfo("Europe/Berlin")
ADMIN = 9000
# Ticks every 0.2 s with the real scheduler job; stalled after 2 s without one.
LIVE = {"health_host": "127.0.0.1", "scheduler_interval_s": 0.2, "scheduler_stall_s": 2.0}


@pytest.fixture
def pg_cluster() -> Iterator[PgCluster]:
    yield from throwaway_cluster()


async def get(port: int, path: str) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.text()


async def until(check: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():  # type: ignore[misc]
        if time.monotonic() > deadline:
            raise AssertionError("not reached in time")
        await asyncio.sleep(0.1)


def ready_is(port: int, status: int) -> Callable[[], object]:
    async def check() -> bool:
        return (await get(port, "/readyz"))[0] == status

    return check


async def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    status, text = await get(port, "/metrics")
    assert status == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def due(bot: BotHarness, user_id: int, slot: str) -> datetime:
    (nudge,) = [n for n in await bot.storage.nudges.pending(user_id) if n.slot == slot]
    return nudge.due_at


def nudges(metrics: dict[tuple[str, tuple[tuple[str, str], ...]], float], outcome: str) -> float:
    return metrics.get(("backcoach_nudges_total", (("outcome", outcome),)), 0.0)


async def test_a_polling_bot_answers_healthz_and_readyz_on_its_health_port(
    sqlite_url: str, clock: FakeClock
) -> None:
    port = free_port()
    async with running_bot(sqlite_url, clock, health_port=port, **LIVE):
        assert await get(port, "/healthz") == (200, "ok\n")
        await until(ready_is(port, 200))  # once the first scheduler pass has finished
        assert await get(port, "/readyz") == (200, '{"database": "ok", "scheduler": "ok"}')
    with pytest.raises(aiohttp.ClientConnectionError):
        await get(port, "/healthz")  # stopped with the bot


async def test_a_webhook_bot_answers_them_on_the_webhook_port_and_its_health_port(
    sqlite_url: str,
) -> None:
    webhook_port, health_port = free_port(), free_port()
    async with FakeBotApi(token=TOKEN) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=f"{server.base_url}/bot",
            database_url=sqlite_url,
            health_port=health_port,
            **LIVE,
        )
        webhook = Webhook("https://bot.example/telegram", SECRET, "127.0.0.1", webhook_port)
        async with serving(build_application(settings), webhook=webhook):
            for port in (webhook_port, health_port):
                assert await get(port, "/healthz") == (200, "ok\n")
                await until(ready_is(port, 200))
                status, text = await get(port, "/metrics")
                assert status == 200 and "backcoach_updates_handled_total" in text
            # The webhook itself still takes updates, and still wants the secret.
            headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            url = f"http://127.0.0.1:{webhook_port}/telegram"
            async with aiohttp.ClientSession() as http:
                async with http.post(url, json=update_json(1, 78, "/help")) as response:
                    assert response.status == 403
                async with http.post(
                    url, json=update_json(2, 78, "/help"), headers=headers
                ) as response:
                    assert response.status == 200
            await server.wait_idle(extra=lambda: bool(server.messages(78)))


async def test_readyz_turns_unhealthy_while_postgresql_is_stopped_and_back_after(
    pg_cluster: PgCluster, clock: FakeClock
) -> None:
    pg_cluster.start()
    port = free_port()
    async with running_bot(pg_cluster.url, clock, health_port=port, **LIVE):
        await until(ready_is(port, 200))
        pg_cluster.stop()
        await until(ready_is(port, 503))
        assert '"database": "unreachable"' in (await get(port, "/readyz"))[1]
        assert await get(port, "/healthz") == (200, "ok\n")  # alive: no reason to restart it
        assert (await scrape(port))[("backcoach_database_errors_total", (("where", "probe"),))]
        pg_cluster.start()
        # A busy machine (the suite's other worker) has taken PostgreSQL over 20 s to start.
        await until(ready_is(port, 200), timeout=60)


async def test_readyz_turns_unhealthy_when_the_scheduler_stalls(
    sqlite_url: str, clock: FakeClock
) -> None:
    port = free_port()
    async with running_bot(sqlite_url, clock, health_port=port, **LIVE) as bot:
        await until(ready_is(port, 200))
        assert bot.app.job_queue is not None
        (job,) = bot.app.job_queue.get_jobs_by_name("nudges")
        job.enabled = False  # the scheduler stops finding due nudges
        await until(ready_is(port, 503))
        assert (await get(port, "/readyz"))[1] == '{"database": "ok", "scheduler": "stalled"}'
        job.enabled = True
        await until(ready_is(port, 200))


async def test_metrics_count_updates_and_move_when_a_nudge_is_sent_or_goes_stale(
    sqlite_url: str, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN))  # Monday 08:00 in Berlin
    port = free_port()
    async with running_bot(sqlite_url, clock, health_port=port, **LIVE) as bot:
        await until(ready_is(port, 200))
        before = await scrape(port)
        ana = bot.person("Ana")
        await ana.onboard(zone="Berlin", desk="Mon–Fri 09:00–17:30", routine_time="07:30")
        after_onboarding = await scrape(port)
        handled = after_onboarding[("backcoach_updates_handled_total", ())]
        assert handled >= 15 and handled > before[("backcoach_updates_handled_total", ())]
        assert after_onboarding[("backcoach_reply_latency_seconds_count", ())] == handled
        assert nudges(after_onboarding, "sent") == 0

        # The first sit break comes in desk hours; the scheduler job sends it on its own.
        clock.set(await due(bot, ana.id, "sit") + timedelta(minutes=1))

        async def sent() -> bool:
            return nudges(await scrape(port), "sent") == 1

        await until(sent)
        assert "-minute move" in ana.last().text
        # The next one, 20 minutes late: past its 10-minute grace, never sent.
        clock.set(await due(bot, ana.id, "sit") + timedelta(minutes=20))

        async def stale() -> bool:
            return nudges(await scrape(port), "stale") >= 1

        await until(stale)
        metrics = await scrape(port)
        assert nudges(metrics, "sent") == 1 and nudges(metrics, "failed") == 0
        assert metrics[("backcoach_scheduler_tick_seconds_count", ())] > 2
        assert metrics[("backcoach_scheduler_last_tick_timestamp_seconds", ())] > 0
        assert ("backcoach_scheduler_lag_seconds", ()) in metrics
        assert ("backcoach_database_errors_total", (("where", "update"),)) in metrics


async def test_typed_misses_are_the_same_counts_admin_stats_shows(
    sqlite_url: str, clock: FakeClock
) -> None:
    port = free_port()
    async with running_bot(sqlite_url, clock, health_port=port, **LIVE) as bot:
        await bot.storage.misses.count("while_setting_up", clock.now())
        await bot.storage.misses.count("while_setting_up", clock.now())
        metrics = await scrape(port)
        key = ("backcoach_typed_misses_total", (("kind", "while_setting_up"),))
        assert metrics[key] == 2 == (await bot.storage.misses.counts())["while_setting_up"]


async def test_a_handler_error_reaches_the_admin_chat_once_without_person_data(
    sqlite_url: str,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(update: object, context: Context) -> None:
        user = getattr(update, "effective_user", None)
        # The kind of text an exception can carry: whose update it was.
        raise RuntimeError(f"cannot read message of {user.first_name} ({user.id})")  # type: ignore[union-attr]

    monkeypatch.setattr(bot.telegram.chat, "on_text", broken)
    port = free_port()
    async with running_bot(
        sqlite_url, clock, health_port=port, admin_ids=frozenset({ADMIN}), **LIVE
    ) as harness:
        zelda = harness.person("Zelda Quickfoot")
        answers = await zelda.say("my lower back twinges whenever I sit down")
        assert "something went wrong" in answers[-1].text
        await zelda.say("still twinging after the long meeting today")
        alerts = harness.server.messages(ADMIN)
        assert len(alerts) == 1, [a.text for a in alerts]
        alert = alerts[0].text or ""
        assert "RuntimeError" in alert and "test_operations.py:" in alert and "broken" in alert
        for private in ("Zelda", "Quickfoot", str(zelda.id), "twing", "cannot read", TOKEN):
            assert private not in alert
        logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
        assert "handler failed: RuntimeError" in logged and "broken" in logged
        assert "Zelda" not in logged and "message of Zelda" not in logged, "no exception message"
        metrics = await scrape(port)
        assert metrics[("backcoach_handler_errors_total", (("type", "RuntimeError"),))] == 2
        assert metrics[("backcoach_admin_alerts_total", (("result", "sent"),))] == 1
        assert metrics[("backcoach_admin_alerts_total", (("result", "held_back"),))] == 1
