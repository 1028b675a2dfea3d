"""Onboarding (/start) and /settings: one question at a time, answers by button or by typing.

Where a person is in onboarding lives in the database (users.onboarding_step), not in memory, so a
restart never loses their place and re-running /start never loses their answers.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.storage.models import User
from bot.telegram import texts
from bot.telegram.common import (
    Context,
    Services,
    edit_or_reply,
    reply,
    services,
    settle,
    tapped_label,
)
from bot.telegram.plans import load_plan, update_transitions
from bot.telegram.questions import (
    FOLLOW_UPS,
    NOW,
    QUESTIONS,
    Answer,
    next_step,
    settings_keyboard,
    summary,
)


async def start(update: Update, context: Context) -> None:
    tg_user, chat = update.effective_user, update.effective_chat
    if tg_user is None or chat is None:
        return
    svc = services(context)
    existing = await svc.storage.users.get(tg_user.id)
    user = await svc.storage.users.ensure(tg_user.id, chat.id, tg_user.first_name, svc.clock.now())
    if user.onboarding_step is None:
        await svc.planner.replan_all(user.id, svc.clock.now())
        await reply(update, texts.WELCOME_BACK.format(name=user.first_name or "there"))
        return
    if existing is None:
        await reply(update, texts.WELCOME.format(name=user.first_name or "there"))
    await ask(update, context, user, user.onboarding_step)


async def show_settings(update: Update, context: Context) -> None:
    user = await current_user(update, context)
    if user is None:
        return
    await svc_update(context, user, awaiting=None)
    await reply(update, texts.SETTINGS_HEADER.format(summary=summary(user)), settings_keyboard())


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
    _, key, value = (query.data or "").split(":", 2)
    question = QUESTIONS.get(key)
    if question is None:
        await reply(update, texts.NOT_UNDERSTOOD)
        return
    if user.onboarding_step is not None and key != user.onboarding_step:
        # An old button from an earlier question: ask the current one again instead.
        await ask(update, context, user, user.onboarding_step)
        return
    await take_answer(update, context, user, key, question.from_button(user, value), True)


async def on_typed_answer(update: Update, context: Context, user: User, text: str) -> None:
    """Typed text while a question is open."""
    key = user.awaiting
    assert key is not None
    question = QUESTIONS[key]
    if question.from_text is None:
        await reply(update, "Please use the buttons for this one.")
        await ask(update, context, user, key)
        return
    await take_answer(update, context, user, key, question.from_text(user, text), False)


async def take_answer(
    update: Update, context: Context, user: User, key: str, answer: Answer, by_button: bool
) -> None:
    svc = services(context)
    updates: dict[str, Any] = {
        column: svc.clock.now() if value is NOW else value
        for column, value in answer.updates.items()
    }
    if updates:
        user = await svc.storage.users.update(user.id, **updates)
    if answer.note:
        await reply(update, answer.note)
    if answer.error:
        await reply(update, answer.error)
        await ask(update, context, user, key, in_place=False)
        return
    if answer.stay:
        await ask(update, context, user, key, in_place=by_button)
        return
    if by_button:
        await settle(update, f"✓ {tapped_label(update)}")
    if user.onboarding_step is not None:
        await advance_onboarding(update, context, user, key)
    elif key in FOLLOW_UPS:
        await ask(update, context, user, FOLLOW_UPS[key])
    else:
        user = await svc.storage.users.update(user.id, awaiting=None)
        await settings_changed(svc, user, key)
        await reply(update, texts.SAVED + "\n\n" + summary(user), settings_keyboard())


async def advance_onboarding(update: Update, context: Context, user: User, answered: str) -> None:
    svc = services(context)
    returning = user.onboarded_at is not None  # stopped by a red flag after setting up
    step = None if returning else next_step(answered)
    if step is not None:
        user = await svc.storage.users.update(user.id, onboarding_step=step)
        await ask(update, context, user, step)
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
        await reply(update, texts.CHECKED_BACK)
    else:
        await reply(update, texts.SETUP_DONE.format(summary=summary(user)))


async def settings_changed(svc: Services, user: User, key: str) -> None:
    """Reminders follow the new settings; a new set of trouble movements reshapes the plan."""
    if key == "tr":
        await update_transitions(svc, user)
    await svc.planner.replan_all(user.id, svc.clock.now())


async def ask(
    update: Update, context: Context, user: User, key: str, in_place: bool = False
) -> None:
    """Put a question to the person and remember that a typed answer belongs to it."""
    if user.awaiting != key:
        await svc_update(context, user, awaiting=key)
    text, keyboard = QUESTIONS[key].ask(user)
    if in_place:
        await edit_or_reply(update, text, keyboard)
    else:
        await reply(update, text, keyboard)


async def current_user(update: Update, context: Context) -> User | None:
    """The person's row; someone we have never met is asked to /start."""
    tg_user = update.effective_user
    if tg_user is None:
        return None
    user = await services(context).storage.users.get(tg_user.id)
    if user is None:
        await reply(update, "Hi! Send /start to set up BackCoach.")
    return user


async def svc_update(context: Context, user: User, **fields: Any) -> None:
    await services(context).storage.users.update(user.id, **fields)
    for name, value in fields.items():
        setattr(user, name, value)
