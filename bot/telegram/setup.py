"""Onboarding (/start) and /settings: one question at a time, answers by button or by typing.
In onboarding, questions that belong together share a message: after a tap, the next one is
asked below the answer (questions.ASKED_BELOW): set-up by taps fits in ten messages.

Where a person is in onboarding lives in the database (users.onboarding_step), not in memory, so a
restart never loses their place and re-running /start never loses their answers.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import i18n
from bot.i18n import N_, _
from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import (
    Context,
    Services,
    answered_then_ask,
    edit_or_reply,
    reply,
    services,
    settle,
    tapped_label,
)
from bot.telegram.plans import flare_line, load_plan, update_transitions
from bot.telegram.questions import (
    ASKED_BELOW,
    BACK_TO,
    FOLLOW_UPS,
    QUESTIONS,
    Answer,
    next_step,
    previous_step,
    resolve,
    settings_keyboard,
    summary,
)
from bot.telegram.storable import storable

Command = Callable[[Update, Context], Coroutine[Any, Any, None]]
# Button values that are no answer: close a /settings question, or go back in onboarding.
CANCEL, BACK = "!cancel", "!back"


async def start(update: Update, context: Context) -> None:
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return
    svc = services(context)
    existing = await svc.storage.users.get(tg_user.id)
    name = storable(tg_user.first_name)
    user = await svc.storage.users.ensure(
        tg_user.id, chat.id, name, svc.clock.now(), i18n.current()
    )
    if user.onboarding_step is None:
        await svc.planner.replan_all(user.id, svc.clock.now())
        await reply(update, _(texts.WELCOME_BACK).format(name=user.first_name or _("there")))
        return
    # Someone new: the welcome and the first question (may I store ratings?) in one message.
    lead = texts.welcome(user.first_name) if existing is None else None
    await ask(update, context, user, user.onboarding_step, lead=lead)


async def show_settings(update: Update, context: Context) -> None:
    user = await current_user(update, context)
    if user is None:
        return
    await svc_update(context, user, awaiting=None)
    text = _(texts.SETTINGS_HEADER).format(summary=summary(user))
    status = await flare_line(services(context), user)
    if status is not None:
        text = f"{status} (/flare)\n\n{text}"
    await reply(update, text, settings_keyboard())


async def edit_setting(update: Update, context: Context) -> None:
    """A tap on one of the /settings buttons: ask that question."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await current_user(update, context)
    key = (query.data or "").removeprefix("edit:")
    if user is None or key not in QUESTIONS:
        return
    await ask(update, context, user, key, in_place=True)


async def on_button(update: Update, context: Context) -> None:
    """A tap on an answer button ("set:<question>:<value>")."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    user = await current_user(update, context)
    if user is None:
        return
    _set, key, value = (query.data or "").split(":", 2)
    question = QUESTIONS.get(key)
    if question is None:
        await reply(update, _(texts.NOT_UNDERSTOOD))
        return
    if value in (CANCEL, BACK):
        await (cancel_question if value == CANCEL else go_back)(update, context, user, key)
        return
    if user.onboarding_step is not None and key != user.onboarding_step:
        # An old button from an earlier question: ask the current one again instead.
        await ask(update, context, user, user.onboarding_step)
        return
    await take_answer(update, context, user, key, question.from_button(user, value), True)


async def take_answer(
    update: Update, context: Context, user: User, key: str, answer: Answer, by_button: bool
) -> None:
    svc = services(context)
    now = svc.clock.now()
    updates: dict[str, Any] = {
        column: resolve(value, now) for column, value in answer.updates.items()
    }
    if updates:
        user = await svc.storage.users.update(user.id, **updates)
    if answer.log:
        await svc.storage.safety.record(user.id, key, answer.log, now)
    if "onboarding_step" in updates:  # stopped by a red flag: no reminders from now on
        await svc.planner.replan_all(user.id, now)
    if answer.note:
        await reply(update, answer.note)
    if answer.end:
        if by_button:
            await settle(update, f"✓ {tapped_label(update)}")
        return
    if answer.error:
        # One line says what is expected (the question is just above, still open); a short
        # choice ("which Portland?") comes with its own buttons.
        await reply(update, answer.error, answer.keyboard)
        return
    if answer.stay:
        await ask(update, context, user, key, in_place=by_button)
        return
    shown = f"✓ {answer.shown or tapped_label(update)}" if by_button else None
    if user.onboarding_step is not None:
        await advance_onboarding(update, context, user, key, answer, shown)
        return
    if shown is not None:
        await settle(update, shown)
    follow_up = answer.then or FOLLOW_UPS.get(key)
    if follow_up is not None:
        await ask(update, context, user, follow_up)
    else:
        user = await svc.storage.users.update(user.id, awaiting=None)
        await settings_changed(svc, user, key)
        await reply(update, _(texts.SAVED) + "\n\n" + summary(user), settings_keyboard())


# The end of set-up offers /goals (skippable: it is asked once more a week on).
WHAT_MATTERS = N_("🎯 Name what matters to me")


def what_matters() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_(WHAT_MATTERS), callback_data="goal:start")]]
    )


async def advance_onboarding(
    update: Update, context: Context, user: User, answered: str, answer: Answer, shown: str | None
) -> None:
    """The next question: below the tapped answer in the same message when it belongs with it
    (and nothing was said in between), else as a new message under the settled one."""
    svc = services(context)
    returning = user.onboarded_at is not None  # stopped by a red flag after setting up
    step = None if returning else answer.then or next_step(answered, user)
    below = shown is not None and answer.note is None and step in ASKED_BELOW
    if shown is not None and not below:
        await settle(update, shown)
    if step is not None:
        user = await svc.storage.users.update(user.id, onboarding_step=step)
        await ask(update, context, user, step, below=shown if below else None)
        return
    user = await svc.storage.users.update(
        user.id,
        onboarding_step=None,
        awaiting=None,
        onboarded_at=user.onboarded_at or svc.clock.now(),
    )
    await load_plan(svc, user)
    await svc.planner.replan_all(user.id, svc.clock.now())
    if returning:
        await reply(update, _(texts.CHECKED_BACK))
    else:
        await reply(update, _(texts.SETUP_DONE).format(summary=summary(user)), what_matters())


async def settings_changed(svc: Services, user: User, key: str) -> None:
    """Reminders follow the new settings; a new set of trouble movements reshapes the plan."""
    if key == "tr":
        await update_transitions(svc, user)
    await svc.planner.replan_all(user.id, svc.clock.now())


async def ask(
    update: Update,
    context: Context,
    user: User,
    key: str,
    in_place: bool = False,
    lead: str | None = None,
    below: str | None = None,
) -> None:
    """Put a question to the person and remember that a typed answer belongs to it, and since
    when (an open question expires: bot.telegram.chat.QUESTION_TTL). `lead` comes first in the
    same message; `below` is the tapped answer the question follows in the tapped message."""
    await svc_update(context, user, awaiting=key, awaiting_since=services(context).clock.now())
    text, keyboard = QUESTIONS[key].ask(user)
    keyboard = with_way_out(user, key, keyboard)
    if lead is not None:
        text = f"{lead}\n\n{text}"
    if below is not None:
        await answered_then_ask(update, below, text, keyboard)
    elif in_place:
        await edit_or_reply(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


def with_way_out(user: User, key: str, keyboard: InlineKeyboardMarkup) -> InlineKeyboardMarkup:
    """Every question has a way out: Cancel in /settings; Back in onboarding, from the
    practical questions on (the safety answers are not walked back through)."""
    if user.onboarding_step is None:
        nav = InlineKeyboardButton(_("✖️ Cancel"), callback_data=f"set:{key}:{CANCEL}")
    elif previous_step(key, user) in BACK_TO:
        nav = InlineKeyboardButton(_("⬅️ Back"), callback_data=f"set:{key}:{BACK}")
    else:
        return keyboard
    return InlineKeyboardMarkup([*keyboard.inline_keyboard, [nav]])


async def cancel_question(update: Update, context: Context, user: User, key: str) -> None:
    """Cancel under a /settings question: it closes, and nothing changes."""
    if user.onboarding_step is not None:
        await ask(update, context, user, user.onboarding_step, in_place=True)
        return
    if user.awaiting == key:
        await svc_update(context, user, awaiting=None)
    await edit_or_reply(update, _(texts.CLOSED) + "\n\n" + summary(user), settings_keyboard())


async def go_back(update: Update, context: Context, user: User, key: str) -> None:
    """Back in onboarding: the question before this one, its answer kept until changed."""
    step = previous_step(key, user)
    if user.onboarding_step != key or step not in BACK_TO:
        return  # an old message: the current question stands
    await svc_update(context, user, onboarding_step=step)
    await ask(update, context, user, step, in_place=True, lead=answered_above(update, user, step))


def answered_above(update: Update, user: User, key: str) -> str | None:
    """What the tapped message holds above question `key` when it was asked below other answers
    there: going back to `key` keeps those answers on screen."""
    query = update.callback_query
    message = query.message if query is not None else None
    text = message.text if isinstance(message, Message) and message.text else ""
    cut = text.rfind(QUESTIONS[key].ask(user)[0])
    return text[:cut].rstrip() or None if cut > 0 else None


async def cancel(update: Update, context: Context) -> None:
    """/cancel: the open question closes without an answer."""
    user = await current_user(update, context)
    if user is None:
        return
    if user.onboarding_step is not None:
        await reply(update, _(texts.CANCEL_IN_SETUP))
        await ask(update, context, user, user.onboarding_step)
        return
    if (user.awaiting or "").startswith("wo:"):
        await reply(update, _(texts.CANCEL_IN_SESSION))
        return
    await reply(update, _(texts.CLOSED) if user.awaiting else _(texts.NOTHING_TO_CANCEL))
    if user.awaiting:
        await svc_update(context, user, awaiting=None)


def question_open(user: User) -> bool:
    """Something asked waits for a typed answer; a guided session in progress is no question."""
    return bool(user.awaiting) and not (user.awaiting or "").startswith("wo:")


def closing_open_question(command: Command) -> Command:
    """Any command first closes the open question (not set-up, not a session in progress), so
    "ok" typed after /help is never taken as the answer to a question asked before it."""

    async def run(update: Update, context: Context) -> None:
        tg_user = update.effective_user
        user = None if tg_user is None else await services(context).storage.users.get(tg_user.id)
        if user is not None and user.onboarding_step is None and question_open(user):
            await svc_update(context, user, awaiting=None)
        await command(update, context)

    return run


async def current_user(update: Update, context: Context) -> User | None:
    """The person's row; someone we have never met is asked to /start."""
    tg_user = update.effective_user
    if tg_user is None:
        return None
    user = await services(context).storage.users.get(tg_user.id)
    if user is None:
        await reply(update, _(texts.SEND_START))
    return user


async def svc_update(context: Context, user: User, **fields: Any) -> None:
    await services(context).storage.users.set(user, **fields)
