"""Drive the real bot as a person would: over HTTP, through the fake Bot API server."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from pydantic import SecretStr

from bot import i18n
from bot.app import App, BackCoachApplication, build_application, serving
from bot.clock import FakeClock
from bot.config import Settings
from bot.reminders.dispatcher import Dispatcher, TickReport
from bot.sandbox.fake_api import FakeBotApi, SentMessage
from bot.storage import Storage
from bot.telegram import texts
from bot.telegram.common import day_name
from bot.understanding.times import WEEKDAY_NAMES

TOKEN = "4242:test-token-for-the-fake-server"


class CountingApplication(BackCoachApplication):
    """Counts updates it has finished with, however handling ended, so tests know when the bot
    is done answering."""

    handled = 0

    async def process_update(self, update: object) -> None:
        try:
            await super().process_update(update)
        finally:
            type(self).handled += 1


ENGLISH_DAY = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r")\b")


class Person:
    """One Telegram user talking to the bot, in the language their Telegram app is set to."""

    def __init__(self, harness: BotHarness, user_id: int, name: str, language: str) -> None:
        self.harness, self.id, self.name = harness, user_id, name
        self.language = language
        self.labels_shown: set[str] = set()  # every button label the bot has shown them

    def label(self, english: str) -> str:
        """A text as the bot writes it in this person's language: a button's English label
        ("Every 45 min"), or one with English weekday names ("Mon–Fri 09:00–17:30", "Sun")."""
        with i18n.speaking(self.language):
            translated = i18n._(english)
            if translated != english:
                return translated
            return ENGLISH_DAY.sub(lambda day: day_name(WEEKDAY_NAMES.index(day[0])), english)

    @property
    def server(self) -> FakeBotApi:
        return self.harness.server

    async def say(self, text: str) -> list[SentMessage]:
        """Send text; return what the bot sent or edited in answer."""
        mark = self.harness.mark(self.id)
        self.server.send_text(self.id, text, first_name=self.name)
        await self.harness.settle()
        return self._shown(self.harness.since(self.id, mark))

    async def tap(self, label: str) -> list[SentMessage]:
        """Tap the button whose text contains `label` on the newest message that has one."""
        message = self.find_button_message(label)
        data = next(d for row in message.buttons for t, d in row if label in t)
        return await self.press(message.message_id, data)

    async def press(self, message_id: int, data: str) -> list[SentMessage]:
        mark = self.harness.mark(self.id)
        self.server.press(self.id, message_id, data)
        await self.harness.settle()
        return self._shown(self.harness.since(self.id, mark))

    def _shown(self, replies: list[SentMessage]) -> list[SentMessage]:
        self.labels_shown |= {label for m in replies for row in m.buttons for label, _ in row}
        return replies

    def find_button_message(self, label: str) -> SentMessage:
        for message in reversed(self.server.messages(self.id)):
            if any(label in text for row in message.buttons for text, _ in row):
                return message
        raise AssertionError(f"no button {label!r}; last: {self.last().text!r}")

    def last(self) -> SentMessage:
        return self.server.messages(self.id)[-1]

    def texts(self) -> list[str]:
        return [message.text or "" for message in self.server.messages(self.id)]

    async def onboard(
        self,
        zone: str = "Berlin",
        desk: str = "Mon–Fri 09:00–17:30",
        sit_breaks: str = "Every 45 min",
        routine_time: str = "07:30",
        weekly_day: str = "Sun",
        weekly_time: str = "10:00",
        transitions: tuple[str, ...] = ("Getting out of bed",),
        pain: str = "3",
        walk: str = "about 15",
        soon_sign: bool = False,
        pregnant: bool = False,
        consent: bool = True,
    ) -> None:
        """The whole set-up by taps, in this person's language (labels given in English)."""
        label = self.label
        await self.say("/start")
        await self.tap(label("Yes, store my ratings" if consent else "No"))
        await self.tap(label("Yes, {age} or over").format(age=18))
        await self.tap(label("None of these"))
        await self.tap(label("Yes, at least one" if soon_sign else "None of these"))
        await self.tap(label("Yes, I'm pregnant" if pregnant else "No (or doesn't apply)"))
        await self.say(zone)
        await self.tap(label(desk))
        await self.tap(label(sit_breaks))
        await self.tap(routine_time)
        weekly = label(f"{weekly_day} {weekly_time}")
        if any(weekly in text for row in self.last().buttons for text, _ in row):
            await self.tap(weekly)
        else:
            await self.tap(label("Other day or time"))
            await self.tap(label(weekly_day))
            await self.tap(weekly_time)
        for movement in transitions:
            await self.tap(label(movement))
        await self.tap(label("Done ({n} chosen)").partition("{")[0])
        await self.say(pain)
        await self.say(walk)
        all_set = label(texts.SETUP_DONE).partition("!")[0]  # "All set", "Alles klar"
        assert all_set in self.last().text, self.last().text


class BotHarness:
    def __init__(self, server: FakeBotApi, app: App, clock: FakeClock) -> None:
        self.server, self.app, self.clock = server, app, clock
        self._people = 0

    async def settle(self) -> None:
        """Until the bot has handled every update sent so far and gone quiet."""
        app = self.app
        assert isinstance(app, CountingApplication)
        await self.server.wait_idle(extra=lambda: app.handled >= self.server.queued)

    @property
    def storage(self) -> Storage:
        return self.app.bot_data["services"].storage  # type: ignore[no-any-return]

    @property
    def dispatcher(self) -> Dispatcher:
        return self.app.bot_data["dispatcher"]  # type: ignore[no-any-return]

    def person(self, name: str = "Ana", language: str | None = None) -> Person:
        """Someone new; `language` is their Telegram app's (`language_code`, e.g. "de")."""
        self._people += 1
        if language is not None:
            self.server.languages[1000 + self._people] = language
        return Person(self, 1000 + self._people, name, i18n.choose(language))

    def mark(self, chat_id: int) -> dict[int, str | None]:
        return {m.message_id: m.text for m in self.server.messages(chat_id)}

    def since(self, chat_id: int, mark: dict[int, str | None]) -> list[SentMessage]:
        return [
            m
            for m in self.server.messages(chat_id)
            if m.message_id not in mark or mark[m.message_id] != m.text
        ]

    async def tick(self) -> TickReport:
        """One scheduler pass at the clock's current time, then wait for the bot to settle."""
        report = await self.dispatcher.tick()
        await self.settle()
        return report

    async def advance(self, delta: timedelta, step: timedelta = timedelta(minutes=1)) -> None:
        """Move the clock forward, running the scheduler as it goes (like the real job)."""
        end = self.clock.now() + delta
        while self.clock.now() < end:
            self.clock.advance(min(step, end - self.clock.now()))
            await self.tick()


@asynccontextmanager
async def running_bot(
    database_url: str, clock: FakeClock, **overrides: object
) -> AsyncIterator[BotHarness]:
    """The real Application, polling the fake server over loopback HTTP."""
    async with FakeBotApi(token=TOKEN) as server:
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            telegram_bot_token=SecretStr(TOKEN),
            telegram_api_base_url=f"{server.base_url}/bot",
            database_url=database_url,
            scheduler_interval_s=3600,
            flood_limit=10_000,
            health_port=0,  # tests that want /healthz pass a free port
        ).model_copy(update=overrides)
        CountingApplication.handled = 0
        app = build_application(settings, clock, CountingApplication)
        async with serving(app, poll_timeout=1):
            try:
                yield BotHarness(server, app, clock)
            finally:
                server.wake_pollers()
