"""Chat with the real bot in a terminal: the fake Bot API server stands in for Telegram.

Buttons show as numbered choices; type the number to tap one. `/loc LAT LON` sends a location,
`/quit` (or Ctrl-D) leaves.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.sandbox.fake_api import FakeBotApi, SentMessage

if TYPE_CHECKING:
    from bot.app import App

INTRO = (
    "BackCoach sandbox — you are chatting with the real bot on a fake Telegram.\n"
    "Type messages or /start. Numbers tap buttons; /loc LAT LON sends a location; /quit leaves.\n"
)


def render(message: SentMessage, edited: bool, files_dir: Path) -> str:
    """How one bot message looks in the terminal."""
    head = "bot (edited)" if edited else "bot"
    lines = [f"{head}: {message.text}" if message.text else f"{head}:"]
    if message.file_bytes is not None:
        suffix = ".png" if message.kind == "photo" else Path(message.filename or "file").suffix
        path = files_dir / f"{message.kind}-{message.message_id}{suffix}"
        path.write_bytes(message.file_bytes)
        lines.append(f"  [{message.kind} saved to {path}]")
    labels = [text for row in message.buttons for text, _ in row]
    if labels:
        lines.append("  " + "  ".join(f"[{n}] {label}" for n, label in enumerate(labels, 1)))
    return "\n".join(lines)


class TerminalChat:
    def __init__(self, server: FakeBotApi, user_id: int, first_name: str, out: TextIO) -> None:
        self.server, self.user_id, self.first_name, self.out = server, user_id, first_name, out
        self._shown: dict[int, tuple[str, list[list[tuple[str, str]]]]] = {}
        self._files = Path(tempfile.mkdtemp(prefix="backcoach-sandbox-"))

    def show_new(self) -> None:
        for message in self.server.messages(self.user_id):
            state = (message.text, message.buttons)
            before = self._shown.get(message.message_id)
            if before == state:
                continue
            self._shown[message.message_id] = state
            print(render(message, before is not None, self._files), file=self.out, flush=True)

    def handle(self, line: str) -> bool:
        """Act on one typed line; False means leave."""
        text = line.strip()
        if text in ("/quit", "/exit"):
            return False
        if not text:
            return True
        if text.isdigit():
            self._tap(int(text))
            return True
        if text.startswith("/loc "):
            parts = text.split()
            try:
                self.server.send_location(self.user_id, float(parts[1]), float(parts[2]))
            except (IndexError, ValueError):
                print("usage: /loc LAT LON, e.g. /loc 52.52 13.40", file=self.out)
            return True
        self.server.send_text(self.user_id, text, first_name=self.first_name)
        return True

    def _tap(self, number: int) -> None:
        for message in reversed(self.server.messages(self.user_id)):
            buttons = [data for row in message.buttons for _, data in row]
            if buttons:
                if 1 <= number <= len(buttons):
                    self.server.press(self.user_id, message.message_id, buttons[number - 1])
                else:
                    print(f"choose 1–{len(buttons)}", file=self.out)
                return
        self.server.send_text(self.user_id, str(number), first_name=self.first_name)


async def run_terminal(
    build_app: Callable[[str], App],
    token: str,
    user_id: int = 1000,
    first_name: str = "You",
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
) -> None:
    from bot.app import serving

    loop = asyncio.get_running_loop()
    async with FakeBotApi(token=token) as server:
        chat = TerminalChat(server, user_id, first_name, out)
        async with serving(build_app(server.base_url), poll_timeout=1):
            print(INTRO, file=out, flush=True)
            while True:
                read = loop.run_in_executor(None, stdin.readline)
                while not read.done():
                    await asyncio.sleep(0.1)
                    chat.show_new()
                line = read.result()
                if not line or not chat.handle(line):
                    break
                await asyncio.sleep(0.3)
                chat.show_new()
            await asyncio.sleep(0.3)
            chat.show_new()
