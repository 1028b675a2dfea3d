"""Serving /healthz, /readyz and /metrics over HTTP.

On HEALTH_PORT an aiohttp server answers them in both modes (long polling has no server of its
own). In webhook mode python-telegram-bot's webhook server (tornado) answers them on PORT as
well, so a platform that gives the app one port can check it there: the webhook application
gets three more routes, the same way bot.telegram.webhook swaps in its update handler.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import tornado.web
from aiohttp import web
from telegram.ext import _updater
from telegram.ext._utils import webhookhandler

log = logging.getLogger(__name__)

PATHS = ("/healthz", "/readyz", "/metrics")
# (status, content type, body) for a path.
Answer = Callable[[str], Awaitable[tuple[int, str, bytes]]]


class HealthServer:
    def __init__(self, answer: Answer, host: str, port: int) -> None:
        self.answer, self.host, self.port = answer, host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> bool:
        """Listen; False (with an error logged) when the port cannot be had: the bot itself
        still runs, and whatever checks the port sees it fail."""
        app = web.Application()
        for path in PATHS:
            app.router.add_get(path, self._handle)
        runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            log.error("health server cannot listen on port %d: %s", self.port, error.strerror)
            await runner.cleanup()
            return False
        self._runner = runner
        return True

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _handle(self, request: web.Request) -> web.Response:
        status, content_type, body = await self.answer(request.path)
        response = web.Response(status=status, body=body)
        response.headers["Content-Type"] = content_type
        return response


# The answer for each running application's bot (by id): the webhook server knows only the bot.
_ANSWERS: dict[int, Answer] = {}


def serve_on_webhook(bot: object, answer: Answer) -> None:
    _ANSWERS[id(bot)] = answer
    setattr(_updater, "WebhookAppClass", _WebhookWithHealth)  # noqa: B010 (no public hook)


def stop_serving_on_webhook(bot: object) -> None:
    _ANSWERS.pop(id(bot), None)


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, answer: Answer) -> None:
        self.answer = answer

    async def get(self) -> None:
        status, content_type, body = await self.answer(self.request.path)
        self.set_status(status)
        self.set_header("Content-Type", content_type)
        self.finish(body)


class _WebhookWithHealth(webhookhandler.WebhookAppClass):
    def __init__(self, webhook_path: str, bot: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(webhook_path, bot, *args, **kwargs)
        answer = _ANSWERS.get(id(bot))
        if answer is not None:
            routes = [(path, _HealthHandler, {"answer": answer}) for path in PATHS]
            self.add_handlers(r".*", routes)
