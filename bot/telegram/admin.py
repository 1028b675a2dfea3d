"""Commands for the people who run the bot (ADMIN_IDS). Others are told the command is unknown,
in their language; what operators read stays in English, as the logs and data/*.yaml are."""

from __future__ import annotations

from datetime import timedelta

from telegram import Update

from bot.i18n import _
from bot.telegram import texts
from bot.telegram.common import Context, reply, services

# /stats counts a recent window through an index: its cost stays flat as history grows.
STATS_WINDOW = timedelta(days=7)


async def stats(update: Update, context: Context) -> None:
    svc, user = services(context), update.effective_user
    if user is None or user.id not in svc.settings.admin_ids:
        await reply(update, _(texts.UNKNOWN_COMMAND))
        return
    total, active = await svc.storage.users.count()
    nudges = await svc.storage.nudges.counts_since(svc.clock.now() - STATS_WINDOW)
    lines = [f"Users: {total} ({active} active)", "Nudges due in the last 7 days:"]
    lines += [f"  {status}: {count}" for status, count in sorted(nudges.items())]
    misses = await svc.storage.misses.counts()
    lines.append(
        "Typed, not understood (grow data/intents.yaml):" if misses else "Typed: all understood"
    )
    lines += [f"  {kind}: {count}" for kind, count in sorted(misses.items(), key=lambda kv: -kv[1])]
    await reply(update, "\n".join(lines))
