"""The terminal sandbox: the real bot on a fake Telegram, keys for buttons, a movable clock."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr

from bot.app import App, build_application
from bot.clock import FakeClock
from bot.config import Settings
from bot.sandbox.clock import MovableClock, SandboxClock
from bot.sandbox.fake_api import TYPED_BY_PEOPLE
from bot.sandbox.terminal import SandboxApplication, TerminalChat, run_terminal
from tests.e2e.harness import BotHarness, Person, running_bot
from tests.e2e.test_coaching_flow import check_in, do_session

TOKEN = "123456:sandbox-token-not-secret"
BERLIN = ZoneInfo("Europe/Berlin")


class Screen:
    """A terminal chat fed line by line, with what it printed."""

    def __init__(self, bot: BotHarness, person: Person, clock: FakeClock, files: Path) -> None:
        self.out = io.StringIO()
        self.chat = TerminalChat(
            bot.server, bot.app, clock, person.id, person.name, self.out, files
        )
        self.chat.show_new()

    async def type(self, line: str) -> str:
        """Type one line; what appeared in answer."""
        start = len(self.out.getvalue())
        await self.chat.handle(line)
        return self.out.getvalue()[start:]


async def test_a_newcomer_can_chat_tap_keys_and_leave_no_files_behind(sqlite_url: str) -> None:
    def build(base_url: str, clock: MovableClock) -> App:
        settings = Settings(
            _env_file=None,
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=f"{base_url}/bot",
            database_url=sqlite_url,
            scheduler_interval_s=3600,
        )
        return build_application(settings, clock, SandboxApplication)

    typed = io.StringIO("/start\n1\n/export\n/quit\n")
    shown = io.StringIO()
    await run_terminal(build, token=TOKEN, stdin=typed, out=shown)
    screen = shown.getvalue()
    assert "  [1] Yes, store my ratings\n  [2] No\n" in screen, "a row a line"
    assert "(edited):" in screen and "✓ Yes, store my ratings" in screen
    assert "18 or over" in screen
    saved = [Path(path) for path in re.findall(r"saved to (\S+)\]", screen)]
    assert saved, "the export was saved for a look"
    assert not any(path.exists() or path.parent.exists() for path in saved), "deleted at /quit"


async def test_a_number_typed_on_a_scale_taps_that_number_and_a_prefix_sends_text(
    sqlite_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        await do_session(ana)
        screen = Screen(bot, ana, clock, tmp_path)
        shown = screen.out.getvalue()
        assert "  [0]  [1]  [2]  [3]  [4]  [5]\n  [6]  [7]  [8]  [9]  [10]\n" in shown, "two rows"
        await screen.type("3")  # on the 0–10 scale: the button "3", not the third one ("2")
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.pain == 3
        assert "  [0 · nothing at all]  [1 · very light]\n  [2 · light]" in screen.out.getvalue()
        typed = len(TYPED_BY_PEOPLE)
        await screen.type(">4")  # typed, as a person would in Telegram
        assert TYPED_BY_PEOPLE[typed:] == ["4"]
        checkin = await bot.storage.coaching.latest_checkin(ana.id, "session")
        assert checkin is not None and checkin.effort == 4


async def test_older_keyboards_stay_tappable_and_toasts_are_shown(
    sqlite_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()
        screen = Screen(bot, ana, clock, tmp_path)
        await screen.type("/today")
        first = ana.last().message_id
        await screen.type("/today")
        assert "[1] ▶️ Start" in await screen.type("/keys")
        shown = await screen.type(f"{first}.1")  # Start on the older of the two
        assert "1/10 ·" in shown, "the session started from the older message"
        step = ana.last().message_id
        await screen.type(f"{step}.6")  # 👀 Show me: a picture with the step's buttons
        picture = ana.last()
        assert picture.kind == "photo" and picture.buttons
        await screen.type(f"{step}.7")  # ⏹ Stop
        shown = await screen.type(f"{picture.message_id}.1")  # ✅ Done, on the stopped session
        assert "  (toast) Already noted." in shown, "what Telegram would show as a toast"


def arrivals(shown: str) -> list[tuple[str, str]]:
    """(local time shown above it, first line) for every bot message that arrived on its own."""
    found, when = [], ""
    for line in shown.splitlines():
        if line.startswith("⏰ "):
            when = line[2:]
        elif line.startswith("bot"):
            found.append((when, line.split(": ", 1)[-1]))
    return found


def times_of(found: list[tuple[str, str]], text: str) -> list[str]:
    return [when for when, first in found if text in first]


async def test_a_week_lived_in_minutes_brings_each_reminder_at_its_local_time_across_dst(
    sqlite_url: str, tmp_path: Path
) -> None:
    clock = FakeClock(datetime(2027, 3, 26, 12, 0, tzinfo=BERLIN))  # Friday; DST starts Sunday
    async with running_bot(sqlite_url, clock) as bot:
        ana = bot.person("Ana")
        await ana.onboard()  # Berlin, desk Mon–Fri 09:00–17:30, routine 07:30, weekly Sun 10:00
        await do_session(ana)
        await check_in(ana, pain="2")
        screen = Screen(bot, ana, clock, tmp_path)

        friday_to_saturday = arrivals(await screen.type("/tomorrow 07:55"))
        sits = times_of(friday_to_saturday, "Time for a 2-minute move")
        assert sits and all(re.fullmatch(r"Fri 26 Mar 1[2-7]:\d\d", when) for when in sits)
        assert times_of(friday_to_saturday, "Would fewer suit you?"), "after 3 went by"
        # One morning message: the question carries the 07:30 routine, never two at once.
        (saturday,) = times_of(friday_to_saturday, "how's your back compared with usual")
        assert re.fullmatch(r"Sat 27 Mar 07:3[0-5]", saturday)
        assert not times_of(friday_to_saturday, "Time for your daily routine")

        sunday = arrivals(await screen.type("/until 2027-03-28 10:30"))
        assert re.fullmatch(r"Sun 28 Mar 10:0[0-5]", times_of(sunday, "weekly maintenance")[0])
        assert times_of(sunday, "Your weekly review") == times_of(sunday, "weekly maintenance")
        assert not times_of(sunday, "-minute move") + times_of(sunday, "daily routine")

        monday = arrivals(await screen.type("/tomorrow 07:55"))
        assert times_of(monday, "Time for your daily routine") == [
            saturday.replace("Sat 27", "Mon 29")
        ], "the same local time after the clocks went forward"
        work = arrivals(await screen.type("/wait 3h10m"))
        # Friday's breaks went by unanswered, so Monday's come every two hours: 11:00, moved by
        # the person's own few minutes (so not everyone at once).
        (first,) = times_of(work, "-minute move")
        assert re.fullmatch(r"Mon 29 Mar 11:0[0-5]", first)
        assert "⏰ Mon 29 Mar 2027 11:05 (Europe/Berlin)" in await screen.type("/now")


def test_the_sandbox_clock_keeps_ticking_and_only_moves_forward() -> None:
    clock = SandboxClock(datetime(2027, 3, 26, 12, 0, tzinfo=BERLIN))
    before = clock.now()
    clock.advance(timedelta(hours=2))
    assert timedelta(hours=2) <= clock.now() - before < timedelta(hours=2, seconds=5)
    with pytest.raises(ValueError, match="only moves forward"):
        clock.advance(timedelta(minutes=-1))
