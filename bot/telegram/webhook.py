"""The webhook's own handling of a post, before python-telegram-bot's update queue.

The secret is compared in constant time (PTB compares with `!=`, and logs a wrong one); a body
over 1 MB is refused with 413 before it is parsed (Telegram's texts are at most 4,096
characters); a body that is not an update gets 400 (PTB answers 500 to one that is not JSON, and
logs at CRITICAL the whole body of one that is JSON but not an update: typed text, in the log).
No log line here holds any of the body. Telegram hears 200 only once the update is in the
update spool (bot.telegram.spool), so a restart cannot lose an update it will not send again;
a full spool answers 503, which Telegram retries.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus

import tornado.web
from telegram import Update
from telegram.ext import ExtBot
from telegram.ext._utils import webhookhandler

from bot.telegram.spool import Spool

log = logging.getLogger(__name__)

MAX_BODY = 1 << 20
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class TelegramHandler(webhookhandler.TelegramHandler):
    # Set while the bot runs (bot.app); the webhook server is built by python-telegram-bot.
    spool: Spool | None = None

    async def post(self) -> None:
        self._check_secret()  # the secret first: 403 without it, whatever the body
        self._validate_post()  # PTB's checks (JSON content type), once the secret matched
        if len(self.request.body) > MAX_BODY:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        update = self._update()
        if self.spool is not None and not self.spool.keep(update.to_dict()):
            raise tornado.web.HTTPError(HTTPStatus.SERVICE_UNAVAILABLE)
        self.set_status(HTTPStatus.OK)
        if isinstance(self.bot, ExtBot):
            self.bot.insert_callback_data(update)
        await self.update_queue.put(update)

    def _check_secret(self) -> None:
        if self.secret_token is None:
            return
        sent = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), self.secret_token.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)

    def _update(self) -> Update:
        try:
            data = json.loads(self.request.body)
        except ValueError:  # not UTF-8, or not JSON
            data = None
        if not isinstance(data, dict) or not data:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Not an update")
        try:
            update = Update.de_json(data, self.bot)
            if update is None:
                raise ValueError("empty")
        except Exception as error:  # its message can quote the body
            log.warning("webhook body is not an update (%s)", type(error).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST, reason="Not an update") from None
        return update


def refuse_bodies_that_are_not_updates() -> None:
    """Make python-telegram-bot's webhook server use the handler above (it looks the handler
    class up by name each time it starts)."""
    webhookhandler.TelegramHandler = TelegramHandler  # type: ignore[misc]
