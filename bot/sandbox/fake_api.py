"""A fake Telegram Bot API server on loopback, for the sandbox, end-to-end tests and benchmarks.

The real python-telegram-bot Application talks to it over HTTP (through `base_url`), exactly as
it talks to Telegram. Tests act as people (send text, tap buttons, block the bot) and read what
the bot sent. Faults (429, 5xx, timeouts, 403) and latency can be injected.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import random
import time as clock
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 4242
SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "sendAnimation", "editMessageText"}
)
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "commands",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "caption_entities",
    }
)
INT_FIELDS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout"})

Button = tuple[str, str]
# Like Telegram's, update ids only ever grow, even across server restarts in one process.
_UPDATE_IDS = itertools.count(int(clock.time() * 1000) % 10**9)
_QUERY_IDS = itertools.count(1)
# Everything people typed in any fake chat, so the test suite can check none of it was logged.
TYPED_BY_PEOPLE: list[str] = []


@dataclass
class SentMessage:
    """A message the bot sent, as it looks now (edits update it in place)."""

    message_id: int
    chat_id: int
    text: str = ""
    buttons: list[list[Button]] = field(default_factory=list)
    kind: str = "text"  # text | photo | document | animation
    file_bytes: bytes | None = None
    filename: str | None = None
    file_id: str | None = None
    uploaded: bool = False  # False: sent by the file id of an earlier upload
    edits: list[str] = field(default_factory=list)


@dataclass
class FaultPlan:
    """Inject faults into a share of send calls (sendMessage, sendPhoto, ...). Kinds: "429",
    "500" (not delivered), "504_after_delivery", "timeout" (delivered, answered after
    `timeout_s`) and "403"."""

    rate: float
    seed: int = 0
    kinds: tuple[str, ...] = ("429", "500", "timeout", "403")
    retry_after: int = 1
    timeout_s: float = 3.0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self) -> str | None:
        if self._rng.random() >= self.rate:
            return None
        return self._rng.choice(self.kinds)


def _text(text: str) -> dict[str, Any]:
    """A message's text, with the command entity Telegram adds to "/start"."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        length = len(text.split()[0])
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return content


class FakeBotApi:
    def __init__(
        self, token: str = "123:ABC", latency_s: float = 0.0, faults: FaultPlan | None = None
    ) -> None:
        self.token = token
        self.latency_s = latency_s
        self.faults = faults
        self.base_url = ""
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: list[dict[str, str]] = []
        # The command menu per language ("" for the default one), and each person's language.
        self.menus: dict[str, list[dict[str, str]]] = {}
        self.languages: dict[int, str] = {}
        self.answered_callbacks: list[dict[str, Any]] = []
        self.fault_counts: dict[str, int] = defaultdict(int)
        self.blocked: set[int] = set()
        self.last_call_at = 0.0
        self._updates: list[dict[str, Any]] = []
        self._by_id: dict[int, dict[str, Any]] = {}
        self._confirmed = 0  # every update with an id below this was fetched and confirmed
        self.queued = 0  # updates ever queued, redeliveries included
        self._new_updates = asyncio.Event()
        self._chats: dict[int, dict[int, SentMessage]] = defaultdict(dict)
        self._message_ids: dict[int, int] = defaultdict(int)
        self._files: dict[str, tuple[bytes | None, str | None]] = {}  # file id -> upload
        self.uploads = 0  # files the bot uploaded (not counting sends by file id)
        self._runner: web.AppRunner | None = None
        self.port = 0  # 0: any free port

    # --- lifecycle -------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/_stats", self._stats)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    def wake_pollers(self) -> None:
        """Answer any waiting getUpdates now, so a bot can stop without waiting out its poll."""
        self._new_updates.set()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # --- acting as people ------------------------------------------------------------------
    def _user(self, user_id: int, first_name: str = "Ana") -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if user_id in self.languages:
            user["language_code"] = self.languages[user_id]
        return user

    def _chat(self, user_id: int, first_name: str = "Ana") -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": first_name}

    def _user_message(self, user_id: int, first_name: str, **content: Any) -> dict[str, Any]:
        self._message_ids[user_id] += 1
        return {
            "message_id": self._message_ids[user_id],
            "date": int(clock.time()),
            "chat": self._chat(user_id, first_name),
            "from": self._user(user_id, first_name),
            **content,
        }

    def queue_raw_update(self, update: dict[str, Any]) -> int:
        update = {"update_id": next(_UPDATE_IDS), **update}
        self._updates.append(update)
        self._by_id[update["update_id"]] = update
        self.queued += 1
        self._new_updates.set()
        return int(update["update_id"])

    def send_text(self, user_id: int, text: str, *, first_name: str = "Ana") -> dict[str, Any]:
        TYPED_BY_PEOPLE.append(text)
        message = self._user_message(user_id, first_name, **_text(text))
        self.queue_raw_update({"message": message})
        return message

    def edit_text(self, user_id: int, message_id: int, text: str) -> None:
        TYPED_BY_PEOPLE.append(text)
        message = {
            "message_id": message_id,
            "date": int(clock.time()),
            "edit_date": int(clock.time()),
            "chat": self._chat(user_id),
            "from": self._user(user_id),
            **_text(text),
        }
        self.queue_raw_update({"edited_message": message})

    def send_location(self, user_id: int, latitude: float, longitude: float) -> None:
        location = {"latitude": latitude, "longitude": longitude}
        self.queue_raw_update({"message": self._user_message(user_id, "Ana", location=location)})

    def send_sticker(self, user_id: int) -> None:
        sticker = {
            "file_id": "sticker1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        self.queue_raw_update({"message": self._user_message(user_id, "Ana", sticker=sticker)})

    def press(self, user_id: int, message_id: int, data: str) -> str:
        sent = self._chats[user_id].get(message_id)
        message = {
            "message_id": message_id,
            "date": int(clock.time()),
            "chat": self._chat(user_id),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "BackCoach"},
            "text": sent.text if sent else "",
        }
        if sent is not None and sent.buttons:
            message["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": text, "callback_data": data} for text, data in row]
                    for row in sent.buttons
                ]
            }
        query_id = f"cq{next(_QUERY_IDS)}"
        self.queue_raw_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self._user(user_id),
                    "chat_instance": str(user_id),
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)
        self._member_update(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        self.blocked.discard(user_id)
        self._member_update(user_id, "kicked", "member")

    def _member_update(self, user_id: int, old: str, new: str) -> None:
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "BackCoach"}

        def member(status: str) -> dict[str, Any]:
            return {
                "status": status,
                "user": bot,
                **({"until_date": 0} if status == "kicked" else {}),
            }

        self.queue_raw_update(
            {
                "my_chat_member": {
                    "chat": self._chat(user_id),
                    "from": self._user(user_id),
                    "date": int(clock.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def expire_files(self) -> None:
        """File ids given out so far stop working (Telegram's may, after a long while)."""
        self._files.clear()

    def redeliver(self, update_id: int) -> int:
        """Telegram retrying: the same update (same id) arrives again."""
        update = self._by_id[update_id]
        self._updates.append(update)
        self._confirmed = min(self._confirmed, update_id)
        self.queued += 1
        self._new_updates.set()
        return update_id

    # --- reading what the bot did ------------------------------------------------------------
    def messages(self, chat_id: int) -> list[SentMessage]:
        return list(self._chats[chat_id].values())

    def all_messages(self) -> list[SentMessage]:
        return [message for chat in self._chats.values() for message in chat.values()]

    async def wait_idle(
        self, quiet_s: float = 0.05, timeout: float = 10.0, extra: Callable[[], bool] | None = None
    ) -> None:
        """Until the bot has fetched every queued update and made no call for `quiet_s`."""
        deadline = clock.monotonic() + timeout
        while clock.monotonic() < deadline:
            idle = (
                not self._updates
                and clock.monotonic() - self.last_call_at >= quiet_s
                and (extra is None or extra())
            )
            if idle:
                return
            await asyncio.sleep(quiet_s / 5)
        raise TimeoutError(f"the bot did not settle; {len(self._updates)} updates unfetched")

    async def _stats(self, request: web.Request) -> web.Response:
        """For a benchmark running this server in another process."""
        return web.json_response(
            {
                "messages": len(self.all_messages()),
                "calls": len(self.calls),
                "faults": dict(self.fault_counts),
            }
        )

    # --- the Bot API -----------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params = await _params(request)
        self.last_call_at = clock.monotonic()
        self.calls.append((method, params))
        if self.latency_s:
            await asyncio.sleep(self.latency_s)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(404, "Not Found: method not found")
        if method in SEND_METHODS:
            fault = self._fault(params)
            if fault is not None:
                return await self._faulted(fault, handler, params)
        result = await handler(params)
        if isinstance(result, web.StreamResponse):
            return result
        self.last_call_at = clock.monotonic()
        return web.json_response({"ok": True, "result": result})

    def _fault(self, params: dict[str, Any]) -> str | None:
        if params.get("chat_id") in self.blocked:
            return "blocked"
        if self.faults is None:
            return None
        return self.faults.draw()

    async def _faulted(self, fault: str, handler: Any, params: dict[str, Any]) -> web.Response:
        if fault == "blocked" or fault == "403":
            self.fault_counts["403"] += fault == "403"
            return _error(403, "Forbidden: bot was blocked by the user")
        self.fault_counts[fault] += 1
        assert self.faults is not None
        if fault == "429":
            return _error(
                429,
                f"Too Many Requests: retry after {self.faults.retry_after}",
                {"retry_after": self.faults.retry_after},
            )
        if fault == "500":
            return _error(500, "Internal Server Error")
        if fault == "504_after_delivery":  # delivered, but the answer that says so is lost
            await handler(params)
            return _error(504, "Gateway Timeout")
        await handler(params)  # a timeout: delivered, but the answer comes too late
        await asyncio.sleep(self.faults.timeout_s)
        return _error(504, "Gateway Timeout")

    async def _api_getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "BackCoach",
            "username": "backcoach_bot",
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._confirmed = max(self._confirmed, offset)
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0:
            self._new_updates.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_updates.wait(), timeout)
        limit = int(params.get("limit") or 100)
        batch = self._updates[:limit]
        return batch

    def _store(self, chat_id: int, **content: Any) -> SentMessage:
        self._message_ids[chat_id] += 1
        message = SentMessage(self._message_ids[chat_id], chat_id, **content)
        self._chats[chat_id][message.message_id] = message
        return message

    def _wire(self, message: SentMessage, markup: Any = None) -> dict[str, Any]:
        wire: dict[str, Any] = {
            "message_id": message.message_id,
            "date": int(clock.time()),
            "chat": self._chat(message.chat_id),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "BackCoach"},
        }
        if message.kind == "text":
            wire["text"] = message.text
        elif message.kind == "photo":
            wire["photo"] = [
                {
                    "file_id": message.file_id,
                    "file_unique_id": message.file_id,
                    "width": 800,
                    "height": 600,
                }
            ]
        else:
            document = {
                "file_id": message.file_id,
                "file_unique_id": message.file_id,
                "file_name": message.filename,
            }
            wire["document"] = document
            if message.kind == "animation":  # Telegram sends both, as here
                wire["animation"] = {**document, "width": 320, "height": 240, "duration": 2}
        if message.kind != "text" and message.text:
            wire["caption"] = message.text
        if markup and isinstance(markup, dict) and "inline_keyboard" in markup:
            wire["reply_markup"] = markup
        return wire

    async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        markup = params.get("reply_markup")
        message = self._store(
            int(params["chat_id"]), text=str(params.get("text", "")), buttons=_buttons(markup)
        )
        return self._wire(message, markup)

    async def _api_sendPhoto(self, params: dict[str, Any]) -> Any:
        return self._file_message(params, "photo", "photo")

    async def _api_sendDocument(self, params: dict[str, Any]) -> Any:
        return self._file_message(params, "document", "document")

    async def _api_sendAnimation(self, params: dict[str, Any]) -> Any:
        return self._file_message(params, "animation", "animation")

    def _file_message(self, params: dict[str, Any], field_name: str, kind: str) -> Any:
        """An upload gets a new file id; a file id sent instead of a file is the earlier upload
        sent again (as Telegram does, for the same bot)."""
        upload = params.get(field_name)
        chat_id = int(params["chat_id"])
        if isinstance(upload, tuple):
            file_id, uploaded = f"{kind}-{self.uploads + 1}", True
            self._files[file_id] = upload
            self.uploads += 1
        elif isinstance(upload, str) and upload in self._files:
            file_id, uploaded = upload, False
        else:
            return _error(400, "Bad Request: wrong file identifier/HTTP URL specified")
        data, filename = self._files[file_id]
        markup = params.get("reply_markup")
        message = self._store(
            chat_id,
            text=str(params.get("caption", "")),
            buttons=_buttons(markup),
            kind=kind,
            file_bytes=data,
            filename=filename,
            file_id=file_id,
            uploaded=uploaded,
        )
        return self._wire(message, markup)

    async def _api_editMessageText(self, params: dict[str, Any]) -> Any:
        message = self._chats[int(params["chat_id"])].get(int(params["message_id"]))
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        if message.kind != "text":
            return _error(400, "Bad Request: there is no text in the message to edit")
        markup = params.get("reply_markup")
        text, buttons = str(params.get("text", "")), _buttons(markup)
        if text == message.text and buttons == message.buttons:
            return _error(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        message.edits.append(message.text)
        message.text, message.buttons = text, buttons
        return self._wire(message, markup)

    async def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        message = self._chats[int(params["chat_id"])].get(int(params["message_id"]))
        if message is None:
            return _error(400, "Bad Request: message to edit not found")
        buttons = _buttons(params.get("reply_markup"))
        if buttons == message.buttons:
            return _error(400, "Bad Request: message is not modified")
        message.buttons = buttons
        return self._wire(message, params.get("reply_markup"))

    async def _api_answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        self.answered_callbacks.append(params)
        return True

    async def _api_setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands") or []
        if isinstance(commands, str):
            commands = json.loads(commands)
        self.menus[str(params.get("language_code") or "")] = list(commands)
        if not params.get("language_code"):
            self.commands = list(commands)
        return True

    async def _api_getMyCommands(self, params: dict[str, Any]) -> list[dict[str, str]]:
        return self.commands

    async def _api_deleteMyCommands(self, params: dict[str, Any]) -> bool:
        self.commands = []
        return True

    async def _api_deleteMessage(self, params: dict[str, Any]) -> bool:
        self._chats[int(params["chat_id"])].pop(int(params["message_id"]), None)
        return True

    async def _api_sendChatAction(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = params
        return True

    async def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    async def _api_logOut(self, params: dict[str, Any]) -> bool:
        return True


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        body = await request.json() if request.can_read_body else {}
        params.update(body or {})
        return params
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = (value.file.read(), value.filename)
            else:
                params[key] = _decode(key, str(value))
    return params


def _decode(key: str, value: str) -> Any:
    if key in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if key in INT_FIELDS:
        try:
            return int(value)
        except ValueError:
            return value
    return value


def _buttons(markup: Any) -> list[list[Button]]:
    if not isinstance(markup, dict):
        return []
    return [
        [(str(button.get("text", "")), str(button.get("callback_data", ""))) for button in row]
        for row in markup.get("inline_keyboard", [])
    ]


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


async def serve_forever(port: int, token: str, latency_s: float) -> None:
    """Run the server on a fixed port until cancelled (`python -m bot.sandbox.fake_api`)."""
    server = FakeBotApi(token=token, latency_s=latency_s)
    server.port = port
    async with server:
        print(server.base_url, flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    import sys

    asyncio.run(serve_forever(int(sys.argv[1]), sys.argv[2], float(sys.argv[3])))
