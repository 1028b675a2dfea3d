"""Chat with the real bot in a terminal: the fake Bot API server stands in for Telegram.

Buttons show row by row, each with the key that taps it: on a number scale (0–10) a number taps
the button with that number, elsewhere the button at that place; `7.2` taps key 2 on message #7
(older keyboards too), and `>text` sends text exactly as typed (`>3` types a 3). The sandbox has
its own clock: `/wait 45m`, `/tomorrow 07:55` and `/until 2027-03-28 09:00` move it forward and
deliver whatever falls due on the way, at its time. `/loc LAT LON` sends a location; `/quit`
leaves and deletes the files the bot sent.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.app import BackCoachApplication
from bot.sandbox.clock import MovableClock, SandboxClock
from bot.sandbox.fake_api import Button, FakeBotApi, SentMessage

if TYPE_CHECKING:
    from bot.app import App
    from bot.reminders.dispatcher import Dispatcher
    from bot.storage import Storage

INTRO = (
    "BackCoach sandbox — you are chatting with the real bot on a fake Telegram.\n"
    "Type messages or /start. Keys in [ ] tap buttons (7.2: key 2 on message #7; /keys lists\n"
    "them); >text sends text as typed. Move time: /wait 45m, /tomorrow 07:55,\n"
    "/until 2027-03-28 09:00; /now shows it. /loc LAT LON sends a location. Files the bot\n"
    "sends are saved in a temporary folder that /quit deletes.\n"
)
# A label that is a number, alone or followed by words ("3", "3 · moderate"; not "07:30").
NUMBER = re.compile(r"(\d+)(?:\s.*)?")
TAP = re.compile(r"(\d+)\.(\w+)")
DURATION = re.compile(r"(?:\d+\s*[dhm]\s*)+")
PART = re.compile(r"(\d+)\s*([dhm])")
UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
USAGE = "usage: /wait 45m (or 2h, 1h30m, 3d), /tomorrow 07:55, /until 2027-03-28 09:00"
KEYBOARDS_LISTED = 5
MAX_DELIVERIES = 10_000  # per clock move: a bound, should a nudge never leave "pending"


class SandboxApplication(BackCoachApplication):
    """Counts the updates it has finished with, so the terminal knows when the bot is done
    answering."""

    handled = 0

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            self.handled += 1


def keys(buttons: list[list[Button]]) -> list[list[str]]:
    """The key that taps each button. On a number scale (two or more buttons labelled with
    different numbers) a numbered button's key is its number and the others get letters;
    elsewhere keys are places, 1, 2, 3..."""
    scale = is_scale(buttons)
    letters, places = iter("abcdefghijklmnopqrstuvwxyz"), itertools.count(1)
    result = []
    for row in buttons:
        row_keys = []
        for text, _ in row:
            number = NUMBER.fullmatch(text)
            if scale:
                row_keys.append(str(int(number.group(1))) if number else next(letters))
            else:
                row_keys.append(str(next(places)))
        result.append(row_keys)
    return result


def is_scale(buttons: list[list[Button]]) -> bool:
    numbers = [m.group(1) for row in buttons for text, _ in row if (m := NUMBER.fullmatch(text))]
    return len(numbers) >= 2 and len(set(numbers)) == len(numbers)


def _button(key: str, label: str) -> str:
    return f"[{label}]" if label == key or label.startswith(f"{key} ") else f"[{key}] {label}"


def render(message: SentMessage, edited: bool, files_dir: Path) -> str:
    """How one bot message looks in the terminal: keyboards with their message number, one
    line a row."""
    head = f"bot #{message.message_id}" if message.buttons else "bot"
    head += " (edited)" if edited else ""
    lines = [f"{head}: {message.text}" if message.text else f"{head}:"]
    if message.file_bytes is not None:
        suffix = ".png" if message.kind == "photo" else Path(message.filename or "file").suffix
        path = files_dir / f"{message.kind}-{message.message_id}{suffix}"
        path.write_bytes(message.file_bytes)
        lines.append(f"  [{message.kind} saved to {path}]")
    for row, row_keys in zip(message.buttons, keys(message.buttons), strict=True):
        lines.append("  " + "  ".join(map(_button, row_keys, (text for text, _ in row))))
    return "\n".join(lines)


def duration(text: str) -> timedelta | None:
    """'45m', '2h', '1h30m', '3d' -> how long; anything else -> None."""
    if not DURATION.fullmatch(text.strip()):
        return None
    return sum((int(n) * UNITS[unit] for n, unit in PART.findall(text)), timedelta(0))


def moment(text: str, now: datetime, zone: tzinfo, tomorrow: bool = False) -> datetime | None:
    """'07:55' (the next 07:55; with `tomorrow`, tomorrow's) or '2027-03-28 09:00', local."""
    parts = text.split()
    try:
        at = time.fromisoformat(parts[-1]) if parts else time(7, 0)
        day = date.fromisoformat(parts[0]) if len(parts) == 2 else None
    except ValueError:
        return None
    local = now.astimezone(zone)
    if day is None:
        day = local.date() + timedelta(days=1 if tomorrow or local.time() >= at else 0)
    return datetime.combine(day, at, zone).astimezone(UTC)


class TerminalChat:
    """One person's chat: what they type, acted on; what the bot sends, printed."""

    def __init__(
        self,
        server: FakeBotApi,
        app: App,
        clock: MovableClock,
        user_id: int,
        first_name: str,
        out: TextIO,
        files_dir: Path,
    ) -> None:
        self.server, self.app, self.clock = server, app, clock
        self.user_id, self.first_name = user_id, first_name
        self.out, self.files_dir = out, files_dir
        self._shown: dict[int, tuple[str, list[list[Button]]]] = {}
        self._toasts = len(server.answered_callbacks)

    @property
    def _storage(self) -> Storage:
        return self.app.bot_data["services"].storage  # type: ignore[no-any-return]

    @property
    def _dispatcher(self) -> Dispatcher:
        return self.app.bot_data["dispatcher"]  # type: ignore[no-any-return]

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def show_new(self, heading: str | None = None) -> None:
        """Print toasts, then new and edited messages (under `heading` if there are any)."""
        lines = []
        for answer in self.server.answered_callbacks[self._toasts :]:
            if answer.get("text"):
                alert = str(answer.get("show_alert")).lower() == "true"
                lines.append(f"  ({'alert' if alert else 'toast'}) {answer['text']}")
        self._toasts = len(self.server.answered_callbacks)
        for message in self.server.messages(self.user_id):
            state = (message.text, message.buttons)
            before = self._shown.get(message.message_id)
            if before != state:
                self._shown[message.message_id] = state
                lines.append(render(message, before is not None, self.files_dir))
        if lines:
            self.say("\n".join([heading, *lines] if heading else lines))

    async def settle(self) -> None:
        """Until the bot has handled everything sent so far and gone quiet."""

        def handled() -> bool:  # SandboxApplication (and the tests' application) count them
            return getattr(self.app, "handled", self.server.queued) >= self.server.queued

        try:
            await self.server.wait_idle(quiet_s=0.2, timeout=30, extra=handled)
        except TimeoutError:
            self.say("(the bot is still busy)")
        self.show_new()

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False means leave."""
        text = line.strip()
        command, _, rest = text.partition(" ")
        if text in ("/quit", "/exit"):
            return False
        if text.startswith(">"):
            self._send(text[1:])
        elif command in ("/wait", "/tomorrow", "/until", "/now"):
            await self._time(command, rest.strip())
        elif command == "/keys":
            self._list_keyboards()
        elif command == "/loc":
            self._location(rest)
        elif tap := TAP.fullmatch(text):
            self._tap(self._message(int(tap.group(1))), tap.group(2))
        elif text:
            message = self._newest_keyboard()
            if message is not None and text in _all_keys(message):
                self._tap(message, text)
            elif message is not None and text.isdigit() and not is_scale(message.buttons):
                self.say(f"choose 1–{len(_all_keys(message))}, or >{text} to send it as text")
            else:
                self._send(text)
        await self.settle()
        return True

    def _send(self, text: str) -> None:
        if text:
            self.server.send_text(self.user_id, text, first_name=self.first_name)

    def _location(self, rest: str) -> None:
        try:
            latitude, longitude = (float(part) for part in rest.split())
        except ValueError:
            self.say("usage: /loc LAT LON, e.g. /loc 52.52 13.40")
            return
        self.server.send_location(self.user_id, latitude, longitude)

    def _keyboards(self) -> list[SentMessage]:
        return [m for m in self.server.messages(self.user_id) if m.buttons]

    def _newest_keyboard(self) -> SentMessage | None:
        keyboards = self._keyboards()
        return keyboards[-1] if keyboards else None

    def _message(self, message_id: int) -> SentMessage | None:
        return next((m for m in self._keyboards() if m.message_id == message_id), None)

    def _tap(self, message: SentMessage | None, key: str) -> None:
        if message is None:
            self.say("no buttons on that message; /keys lists the ones you can tap")
            return
        for row, row_keys in zip(message.buttons, keys(message.buttons), strict=True):
            for (_, data), button_key in zip(row, row_keys, strict=True):
                if button_key == key:
                    self.server.press(self.user_id, message.message_id, data)
                    return
        self.say(f"message #{message.message_id} has keys {', '.join(_all_keys(message))}")

    def _list_keyboards(self) -> None:
        keyboards = self._keyboards()[-KEYBOARDS_LISTED:]
        if not keyboards:
            self.say("no buttons to tap yet")
        for message in keyboards:
            self.say(render(message, False, self.files_dir))

    # --- the sandbox's clock -------------------------------------------------------------------
    async def _zone(self) -> tzinfo:
        from bot.telegram.parsing import zone

        user = await self._storage.users.get(self.user_id)
        return zone(user.timezone) if user is not None and user.timezone else UTC

    async def _time(self, command: str, rest: str) -> None:
        zone, now = await self._zone(), self.clock.now()
        if command == "/now":
            self.say(f"⏰ {now.astimezone(zone):%a %d %b %Y %H:%M} ({zone})")
            return
        if command == "/wait":
            delta = duration(rest)
            target = None if delta is None else now + delta
        else:
            target = moment(rest, now, zone, tomorrow=command == "/tomorrow")
        if target is None:
            self.say(USAGE)
            return
        if target <= now:
            self.say("the sandbox clock only moves forward")
            return
        await self.move_to(target, zone)
        self.say(f"⏰ {self.clock.now().astimezone(zone):%a %d %b %H:%M}")

    async def move_to(self, target: datetime, zone: tzinfo) -> None:
        """Move the clock to `target`, stopping at each reminder due on the way to run the
        scheduler (as its job would), so each one arrives at its own time."""
        for _ in range(MAX_DELIVERIES):
            now = self.clock.now()
            pending = await self._storage.nudges.pending(self.user_id)
            due = min((n.due_at for n in pending if n.due_at > now), default=None)
            if due is None or due > target:
                break
            self.clock.advance(due - now)
            await self._tick(zone)
        self.clock.advance(max(target - self.clock.now(), timedelta(0)))
        await self._tick(zone)

    async def _tick(self, zone: tzinfo) -> None:
        await self._dispatcher.tick()  # returns once what was due is sent
        self.show_new(f"⏰ {self.clock.now().astimezone(zone):%a %d %b %H:%M}")


def _all_keys(message: SentMessage) -> list[str]:
    return [key for row in keys(message.buttons) for key in row]


async def run_terminal(
    build_app: Callable[[str, MovableClock], App],
    token: str,
    user_id: int = 1000,
    first_name: str = "You",
    stdin: TextIO = sys.stdin,
    out: TextIO = sys.stdout,
    clock: MovableClock | None = None,
) -> None:
    """Chat until /quit or the end of input; then the files the bot sent are deleted."""
    from bot.app import serving

    loop = asyncio.get_running_loop()
    clock = clock or SandboxClock()
    with tempfile.TemporaryDirectory(prefix="backcoach-sandbox-") as files:
        async with FakeBotApi(token=token) as server:
            app = build_app(server.base_url, clock)
            chat = TerminalChat(server, app, clock, user_id, first_name, out, Path(files))
            async with serving(app, poll_timeout=1):
                chat.say(INTRO)
                while True:
                    read = loop.run_in_executor(None, stdin.readline)
                    while not read.done():
                        await asyncio.sleep(0.1)
                        chat.show_new()
                    line = read.result()
                    if not line or not await chat.handle(line):
                        break
                server.wake_pollers()
    chat.say("Bye — the files the bot sent are deleted.")
