"""Lessons: one short read after a check-in, and /learn to see them all again.

Which lesson is due is decided in bot.coaching.lessons; this module only reads and records what
the person has read, and sends the text.
"""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import i18n
from bot.coaching.catalogue import Lesson
from bot.coaching.lessons import ChangeLike, due_lesson, next_in_order, trigger_for
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import Context, Services, reply, services
from bot.telegram.parsing import zone
from bot.telegram.people import button_user, ready_user

PREFIX = "learn:"

LESSON_FOOTER = N_("/learn lists all your lessons.")
LEARN_HEADER = N_("Your lessons ({read} of {total} read). Tap one to read it again.")
LEARN_EMPTY = N_(
    "Short lessons about backs and pain: one comes after each check-in, one a day. "
    "You can start with the first one now."
)
LEARN_ALL_READ = N_("You've read them all — well done. Tap any to read it again.")
NEXT_BUTTON = N_("➡️ Next: {title}")


def lesson_text(lesson: Lesson) -> str:
    """The lesson in the person's language."""
    language = i18n.current()
    return f"📖 {lesson.title_in(language)}\n\n{lesson.text_in(language)}"


def _title(lesson: Lesson) -> str:
    return lesson.title_in(i18n.current())


def _button(lesson: Lesson, label: str) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(label, callback_data=PREFIX + lesson.id)]


async def lesson_due(
    svc: Services, user: User, changes: Iterable[ChangeLike], morning: bool = False
) -> Lesson | None:
    """The lesson a check-in calls for, recorded as read (None if none is due): recorded in
    the check-in's own commit, sent after its summary. A morning check-in gets only a lesson
    its changes call for (a step back after a worse morning, a flare); a session check-in also
    the next one in order."""
    read = await svc.storage.lessons.read(user.id)
    tz = zone(user.timezone)
    now = svc.clock.now()
    # Lessons only start after a check-in, so none read yet means this is the first session's.
    trigger = trigger_for(
        svc.catalogue, changes, morning=morning, first_session=not morning and not read
    )
    lesson = due_lesson(
        svc.catalogue.lessons,
        {lesson_id: at.astimezone(tz).date() for lesson_id, at in read.items()},
        now.astimezone(tz).date(),
        trigger,
        daily=not morning,
    )
    if lesson is not None and await svc.storage.lessons.mark_read(user.id, lesson.id, now):
        return lesson
    return None


async def send_lesson(update: Update, lesson: Lesson) -> None:
    await reply(update, lesson_text(lesson) + "\n\n" + _(LESSON_FOOTER))


async def learn(update: Update, context: Context) -> None:
    """/learn: the lessons read so far (tap to read again) and the next one."""
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    read = await svc.storage.lessons.read(user.id)
    by_id = {lesson.id: lesson for lesson in svc.catalogue.lessons}
    order = {lesson_id: index for index, lesson_id in enumerate(by_id)}
    done = [
        by_id[lesson_id]
        for lesson_id in sorted(read, key=lambda key: (read[key], order.get(key, 0)))
        if lesson_id in by_id
    ]
    coming = next_in_order(lesson for lesson in by_id.values() if lesson.id not in read)
    rows = [_button(lesson, f"✅ {_title(lesson)}") for lesson in done]
    if coming is not None:
        rows.append(_button(coming, _(NEXT_BUTTON).format(title=_title(coming))))
    text = _(LEARN_HEADER).format(read=len(done), total=len(by_id)) if done else _(LEARN_EMPTY)
    if coming is None:
        text += "\n\n" + _(LEARN_ALL_READ)
    await reply(update, text, InlineKeyboardMarkup(rows) if rows else None)


async def on_lesson_button(update: Update, context: Context) -> None:
    """A lesson button from /learn: show it, and count it as read."""
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    lesson_id = (query.data or "").removeprefix(PREFIX)
    lesson = next((item for item in svc.catalogue.lessons if item.id == lesson_id), None)
    if lesson is None:
        await reply(update, _(texts.STALE_BUTTON))
        return
    await svc.storage.lessons.mark_read(user.id, lesson.id, svc.clock.now())
    await reply(update, lesson_text(lesson))
