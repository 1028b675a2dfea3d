"""The webhook answers 400 to a body that is not an update (python-telegram-bot answers 500 to
one that is not JSON, and logs the body of one that is JSON but not an update)."""

from __future__ import annotations

import json
from http import HTTPStatus

import tornado.web
from telegram.ext._utils import webhookhandler


class TelegramHandler(webhookhandler.TelegramHandler):
    async def post(self) -> None:
        self._validate_post()  # the secret first: 403 without it, whatever the body
        try:
            update = json.loads(self.request.body)
        except ValueError:  # not UTF-8, or not JSON
            update = None
        if not isinstance(update, dict):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Not an update")
        await super().post()


def refuse_bodies_that_are_not_updates() -> None:
    """Make python-telegram-bot's webhook server use the handler above (it looks the handler
    class up by name each time it starts)."""
    webhookhandler.TelegramHandler = TelegramHandler  # type: ignore[misc]
