"""/rules: the person's own rules, in their own numbers. Shown, edited, switched off."""

from __future__ import annotations

from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.i18n import N_, _
from bot.storage.models import User
from bot.storage.rules import MAX_RULES
from bot.telegram import texts
from bot.telegram.common import Context, Services, day_names, reply, services, settle
from bot.telegram.people import button_user, ready_user
from bot.telegram.questions import describe_quiet
from bot.understanding.rules import parse_rule, sit_rule_readings, unsure_hour
from bot.understanding.text import parse_numbers
from bot.understanding.times import days_from_str, days_to_str

Markup = InlineKeyboardMarkup
SIT_RANGE, MOVE_RANGE = range(10, 181), range(1, 16)
# The examples are what the rule reader (bot/understanding/rules.py) takes; it reads English
# words, so the translations write times like 08:00 and days like Mo-Fr, and no "at".
ADD_RULE = N_(
    "Write your rule with a time (and days if you like), for example:\n"
    '"No heavy lifting without a warm-up at 08:00"\n"Walk after lunch 13:15 Mon-Fri"'
)
NO_TIME = N_(
    'I couldn\'t find a time in that. Try "Warm up before lifting at 08:00" or "Walk after '
    'lunch 13:15 Mon-Fri".'
)
SIT_NUMBERS = N_(
    'Please send two numbers: sitting minutes (10–180), then moving minutes (1–15), like "45 2".'
)
ASK_SIT_NUMBERS = N_(
    'Send two numbers: minutes of sitting, then minutes of moving — for example "45 2" or "30 3".'
)
UNSURE_SIT = N_(
    "Which is sitting and which is moving? Send the two numbers: minutes of sitting, then "
    'minutes of moving, like "{sit} {move}".'
)
UNSURE_HOUR = N_(
    "{morning} or {afternoon}? Send it again with the time you mean, for example "
    '"{rule} at {afternoon}".'
)
IN_QUIET_HOURS = N_(
    "{at} is inside your quiet hours ({quiet}), when I send nothing. Send it with another "
    "time, or change quiet hours in /settings."
)
HEADING = N_("Your personal rules:")
SIT_RULE = N_("If I sit more than {sit} minutes, I move for {move}. ({state})")
STATES = {True: N_("on"), False: N_("off")}
CHANGE_NUMBERS = N_("✏️ Change numbers")
TURN_OFF, TURN_ON = N_("Turn off"), N_("Turn on")
TURN_OFF_RULE, TURN_ON_RULE = N_("Turn off #{number}"), N_("Turn on #{number}")
DELETE_RULE = N_("🗑 Delete #{number}")
ADD_BUTTON = N_("➕ Add a reminder rule")
UPDATED = N_("Updated.")


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def show_rules(update: Update, context: Context) -> None:
    svc, user = services(context), await ready_user(update, context)
    if user is None:
        return
    await reply(update, *await rules_message(svc, user))


async def rules_message(svc: Services, user: User) -> tuple[str, Markup]:
    rules = [  # a clinician's exercise has its own place: /myexercise
        rule for rule in await svc.storage.rules.for_user(user.id) if rule.own_exercise_id is None
    ]
    sit_rule = _(SIT_RULE).format(
        sit=user.sit_minutes, move=user.move_minutes, state=_(STATES[user.sit_rule_on])
    )
    lines = [f"1. {sit_rule}"]
    rows = [
        [
            _button(_(CHANGE_NUMBERS), "rules:sit"),
            _button(_(TURN_OFF if user.sit_rule_on else TURN_ON), "rules:sittoggle"),
        ]
    ]
    for number, rule in enumerate(rules, 2):
        days = day_names(days_from_str(rule.weekdays))
        state = _(STATES[rule.enabled])
        lines.append(f"{number}. 📌 {rule.text} — {rule.at_time:%H:%M}, {days} ({state})")
        toggle = TURN_OFF_RULE if rule.enabled else TURN_ON_RULE
        rows.append(
            [
                _button(_(toggle).format(number=number), f"rules:toggle:{rule.id}"),
                _button(_(DELETE_RULE).format(number=number), f"rules:del:{rule.id}"),
            ]
        )
    if len(rules) < MAX_RULES:
        rows.append([_button(_(ADD_BUTTON), "rules:add")])
    return _(HEADING) + "\n\n" + "\n".join(lines), Markup(rows)


async def on_rules_button(update: Update, context: Context) -> None:
    svc, user = services(context), await button_user(update, context)
    query = update.callback_query
    if user is None or query is None:
        return
    parts = (query.data or "").split(":")
    action = parts[1] if len(parts) > 1 else ""
    now = svc.clock.now()
    if action == "sit":
        await _await(svc, user, "rule:sit")
        await reply(update, _(ASK_SIT_NUMBERS))
        return
    if action == "add":
        await _await(svc, user, "rule:add")
        await reply(update, _(ADD_RULE))
        return
    if action == "sittoggle":
        await svc.storage.users.set(user, sit_rule_on=not user.sit_rule_on)
    elif action in ("toggle", "del") and len(parts) == 3 and parts[2].isdigit():
        rule = await svc.storage.rules.get(user.id, int(parts[2]))
        if rule is None:
            await reply(update, _(texts.STALE_BUTTON))
            return
        if action == "toggle":
            await svc.storage.rules.set_enabled(user.id, rule.id, not rule.enabled)
        else:
            await svc.storage.rules.remove(user.id, rule.id)
    else:
        return
    await svc.planner.replan_all(user.id, now)
    fresh = await svc.storage.users.get(user.id) or user
    await settle(update, _(UPDATED))
    await reply(update, *await rules_message(svc, fresh))


async def on_typed_rule(update: Update, context: Context, user: User, text: str) -> None:
    """Two numbers for the sit-break rule, or a new rule with its time. A sit rule typed as a
    sentence sets the numbers too; a bare hour ("at 7") or a time in quiet hours is asked
    about, never guessed."""
    svc = services(context)
    numbers = parse_numbers(text) if user.awaiting == "rule:sit" else None
    sit_rules = [(numbers[0], numbers[1])] if numbers and len(numbers) == 2 else []
    sit_rules = sit_rules or sit_rule_readings(text)
    if len(sit_rules) > 1:  # "sit 30 move 2 sit": which number is which is asked, not guessed
        await _await(svc, user, "rule:sit")
        sit, move = sit_rules[-1]
        await reply(update, _(UNSURE_SIT).format(sit=sit, move=move))
        return
    if user.awaiting == "rule:sit" or sit_rules:
        await _take_sit_rule(update, context, user, sit_rules[0] if sit_rules else None)
        return
    parsed = parse_rule(text)
    if parsed is None:
        await reply(update, _(NO_TIME))
        return
    rule_text, at, days = parsed
    readings = unsure_hour(text)
    if readings is not None:
        morning, afternoon = (f"{reading:%H:%M}" for reading in readings)
        await reply(
            update, _(UNSURE_HOUR).format(morning=morning, afternoon=afternoon, rule=rule_text)
        )
        return
    if _in_quiet_hours(user, at):
        await reply(update, _(IN_QUIET_HOURS).format(at=f"{at:%H:%M}", quiet=describe_quiet(user)))
        return
    now = svc.clock.now()
    await svc.storage.rules.add(user.id, rule_text, at, days_to_str(days), now)
    await svc.storage.users.set(user, awaiting=None)
    await _replanned(svc, user)
    await reply(update, *await rules_message(svc, await svc.storage.users.get(user.id) or user))


async def _take_sit_rule(
    update: Update, context: Context, user: User, numbers: tuple[int, int] | None
) -> None:
    svc = services(context)
    if numbers is None or numbers[0] not in SIT_RANGE or numbers[1] not in MOVE_RANGE:
        await reply(update, _(SIT_NUMBERS))
        return
    fresh = await svc.storage.users.update(
        user.id, sit_minutes=numbers[0], move_minutes=numbers[1], sit_rule_on=True, awaiting=None
    )
    await _replanned(svc, fresh)
    await reply(update, *await rules_message(svc, fresh))


async def _replanned(svc: Services, user: User) -> None:
    await svc.planner.replan_all(user.id, svc.clock.now())


def _in_quiet_hours(user: User, at: time) -> bool:
    start, end = user.quiet_start, user.quiet_end
    if start is None or end is None:
        return False
    return start <= at < end if start <= end else at >= start or at < end


async def _await(svc: Services, user: User, key: str | None) -> None:
    await svc.storage.users.set(user, awaiting=key, awaiting_since=svc.clock.now())
