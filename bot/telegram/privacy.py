"""/privacy, /export, /delete and /stop: what a health app owes the people who use it."""

from __future__ import annotations

import csv
import io
import json

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import N_, _
from bot.telegram.common import Context, reply, services, settle
from bot.telegram.setup import current_user

PRIVACY = N_(
    "What I store, and why:\n"
    "• Your settings (time zone, desk hours, routine times, trouble movements) — to remind you "
    "at the right moments.\n"
    "• Your sessions, pain and effort ratings, next-morning answers and the changes they led "
    "to — to adjust your exercises safely. These are health data; I keep them only with your "
    "consent (see /settings → Storing ratings).\n"
    "• A log of reminders sent — so none is sent twice. After {days} days it shrinks to how many "
    "came each day.\n\n"
    "Nothing is shared with anyone or used for anything else. Your ratings and sessions are kept "
    "until you delete them.\n"
    "/export sends you everything as files (JSON, and CSV for ratings).\n"
    "/stop stops all messages but keeps your data; /start turns them back on.\n"
    "/delete erases everything about you, for good."
)
EXPORT_CAPTION = N_("Everything BackCoach stores about you.")
RATINGS_CAPTION = N_("Your ratings, for a spreadsheet.")
ERASE_BUTTONS = ((N_("Yes, erase everything"), "erase:yes"), (N_("No, keep it"), "erase:no"))
ERASE_QUESTION = N_(
    "This erases everything about you: settings, sessions, ratings and history. It can't be "
    "undone. (To keep your data but stop messages, use /stop.) Erase everything?"
)
KEPT = N_("Kept. Nothing was deleted.")
ERASED = N_(
    "Done: everything about you has been erased. If you ever want to start again, send /start."
)
STOPPED = N_(
    "Stopped: I won't send you anything until you /start again. Your data is kept; /delete "
    "erases it."
)


async def privacy(update: Update, context: Context) -> None:
    await reply(update, _(PRIVACY).format(days=services(context).settings.nudge_retention_days))


async def export(update: Update, context: Context) -> None:
    user = await current_user(update, context)
    chat = update.effective_chat
    if user is None or chat is None:
        return
    data = await services(context).storage.privacy.export(user.id)
    body = json.dumps(data, indent=2, ensure_ascii=False).encode()
    await chat.send_document(body, filename="backcoach-export.json", caption=_(EXPORT_CAPTION))
    await chat.send_document(
        ratings_csv(data),
        filename="backcoach-ratings.csv",
        caption=_(RATINGS_CAPTION),
    )


def ratings_csv(data: dict[str, list[dict[str, object]]]) -> bytes:
    columns = ["created_at", "kind", "pain", "effort", "compared", "workout_id"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in data.get("checkins", []):
        writer.writerow(row)
    return out.getvalue().encode()


def erase_choices() -> list[tuple[str, str]]:
    """The erase buttons as shown, and in English too: a typed answer may be either."""
    shown = [(_(label), value) for label, value in ERASE_BUTTONS]
    return list(dict.fromkeys([*shown, *ERASE_BUTTONS]))


async def delete(update: Update, context: Context) -> None:
    user = await current_user(update, context)
    if user is None:
        return
    svc = services(context)
    await svc.storage.users.set(user, awaiting="erase", awaiting_since=svc.clock.now())
    await reply(
        update,
        _(ERASE_QUESTION),
        InlineKeyboardMarkup(
            [[InlineKeyboardButton(_(label), callback_data=data) for label, data in ERASE_BUTTONS]]
        ),
    )


async def erase_chosen(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await erase_answer(update, context, query.from_user.id, query.data == "erase:yes")


async def erase_answer(update: Update, context: Context, user_id: int, erase: bool) -> None:
    """Yes or no to /delete, tapped or typed."""
    svc = services(context)
    if not erase:
        if await svc.storage.users.get(user_id) is not None:
            await svc.storage.users.update(user_id, awaiting=None)
        await settle(update, _(KEPT))
        return
    await svc.storage.privacy.erase(user_id)
    await settle(update, _(ERASED))


async def stop(update: Update, context: Context) -> None:
    svc, user = services(context), await current_user(update, context)
    if user is None:
        return
    await svc.storage.users.set(user, stopped=True)
    await svc.storage.nudges.cancel_pending(user.id)
    await reply(update, _(STOPPED))
