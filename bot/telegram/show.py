"""The "👀 Show me" button in a guided session: the step's picture, uploaded once per bot.

The picture is drawn in a worker thread (the event loop keeps answering everyone else) and sent
with the step's own buttons, so the person can carry on right under it. After "Too hard" the
same button on that step shows the easier version instead.
"""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram.error import BadRequest

from bot import i18n
from bot.i18n import N_, _
from bot.illustrations.cache import MediaCache
from bot.illustrations.pictures import easier_version, picture_key, render_picture
from bot.telegram import texts
from bot.telegram.common import Context, services
from bot.telegram.routine import step_message

EASIER = N_("👀 Easier: {easier}")


def media_cache(context: Context) -> MediaCache:
    cache = context.bot_data.get("media_cache")
    if not isinstance(cache, MediaCache):
        cache = context.bot_data["media_cache"] = MediaCache()
    return cache


async def show_step_picture(update: Update, context: Context) -> None:
    """ "wo:<workout>:<position>:show": the step's picture, uploaded once per bot; on a step
    just marked too hard, the picture of its easier version."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None
    try:
        _prefix, workout_key, step_index, _action = (query.data or "").split(":")
        workout_id, position = int(workout_key), int(step_index)
    except ValueError:
        await query.answer(_(texts.STALE_BUTTON))
        return
    svc = services(context)
    workout = await svc.storage.coaching.workout(query.from_user.id, workout_id)
    if workout is None or position >= len(workout.routine):
        await query.answer(_(texts.STALE_BUTTON))
        return
    item = workout.routine[position]
    exercise_id = str(item["exercise_id"])
    current = workout.status == "started" and position == workout.position
    too_hard = not current and workout.results.get(exercise_id) == "too_hard"
    if chat is None or exercise_id not in svc.catalogue.poses or not (current or too_hard):
        await query.answer(_(texts.STALE_BUTTON))
        return
    await query.answer()
    markup: InlineKeyboardMarkup | None
    if too_hard:  # the session has moved on: the picture goes under the next step, no buttons
        shown, dose, easier = easier_version(svc.catalogue, exercise_id)
        easier_way = svc.catalogue.speaking(i18n.current())[exercise_id].easier
        caption, markup = _(EASIER).format(easier=easier_way), None
    else:
        shown, easier = exercise_id, False
        dose = {name: float(value) for name, value in dict(item.get("dose") or {}).items()}
        caption, markup = f"{item['name']} — {item['dose_text']}", step_message(workout, False)[1]
    await _send_picture(context, chat.id, (shown, dose, easier), caption, markup)


async def _send_picture(
    context: Context,
    chat_id: int,
    shown: tuple[str, dict[str, float], bool],
    caption: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """`shown`: the exercise, its dose, and whether it is posed by its easier key positions."""
    svc = services(context)
    key = picture_key(svc.catalogue, *shown)
    cache = media_cache(context)
    async with cache.lock(key):
        uploaded = cache.uploaded(key)
        if uploaded is not None:
            try:
                await _send(context, chat_id, *uploaded, caption, markup)
                return
            except BadRequest:  # the id is no longer valid: upload again
                cache.forget(key)
        picture = await asyncio.to_thread(render_picture, svc.catalogue, *shown)
        upload = InputFile(picture.data, filename=picture.filename)
        message = await _send(context, chat_id, picture.kind, upload, caption, markup)
        file_id = _file_id(message)
        if file_id is not None:
            cache.remember(key, picture.kind, file_id)


async def _send(
    context: Context,
    chat_id: int,
    kind: str,
    media: str | InputFile,
    caption: str,
    markup: InlineKeyboardMarkup | None,
) -> Message:
    if kind == "photo":
        return await context.bot.send_photo(chat_id, media, caption=caption, reply_markup=markup)
    return await context.bot.send_animation(chat_id, media, caption=caption, reply_markup=markup)


def _file_id(message: Message) -> str | None:
    if message.animation is not None:
        return message.animation.file_id
    if message.photo:
        return message.photo[-1].file_id
    return None
