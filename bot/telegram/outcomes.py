"""/goals: what matters to the person — up to three everyday activities in their own words,
rated 0-10 and re-rated every two weeks with the three pain-and-interference questions (PEG).

The rules for reading the numbers live in bot.coaching.outcomes; this module asks and answers.
Button data: goal:add | goal:rate | goal:remove | goal:drop:<id> | goal:done | goal:later |
goal:score:<a|r>:<id>:<n> (a = just added, r = re-rating round) | peg:<item>:<n>.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import i18n
from bot.coaching.outcomes import (
    OutcomeRules,
    change,
    due,
    high_interference,
    load_outcome_rules,
    no_improvement,
    peg_score,
)
from bot.coaching.plan import PlanState
from bot.i18n import N_, _
from bot.reports.dates import day_month, number
from bot.storage.models import Activity, OutcomeRating, User
from bot.telegram.common import Context, Services, reply, services, settle
from bot.telegram.people import button_user, ready_user
from bot.telegram.plans import load_plan
from bot.telegram.setup import svc_update
from bot.telegram.texts import TRANSITION_LABELS
from bot.understanding.goals import ladder_goal
from bot.understanding.zones import zone

ASKING_NAME = "goal:name"
GLOBAL_WEEKS = (4, 8, 12)
MAX_NAME = 80

ASK_NAME = N_(
    "What does your back make hard? Name one everyday thing, in your own words — "
    "like “pick up my daughter”, “sit through a film” or “garden for an hour”."
)
RATE = N_("“{name}”: how well can you do it now?\n0 = can't do it · 10 = as well as before")
EMPTY = N_(
    "What matters to you: up to 3 everyday things your back makes hard. You rate them now and "
    "every two weeks, so you — and your physio, in /report — can see them get easier."
)
PEG_ITEMS = (
    (
        "pain",
        N_(
            "Over the past week, how bad was your pain on average?\n0 = no pain · 10 = as bad "
            "as you can imagine"
        ),
    ),
    (
        "enjoy",
        N_(
            "Over the past week, how much did pain get in the way of enjoying life?\n"
            "0 = not at all · 10 = completely"
        ),
    ),
    (
        "activity",
        N_(
            "And how much did it get in the way of your day-to-day activity — work, chores, "
            "getting about?\n0 = not at all · 10 = completely"
        ),
    ),
)
EARLY_CLINICIAN = N_(
    "That's a lot of pain getting in the way. Carry on here — and it's worth seeing your GP or a "
    "physiotherapist soon as well: exercise coaching helps most alongside a clinician."
)
REVIEW = N_(
    "It's been a few weeks and the things you named haven't got easier yet. That's worth a "
    "physiotherapist's look — they may adjust what you do. I'll keep coaching you meanwhile; "
    "/report makes a summary to take along."
)
ASK_AGAIN = N_(
    "A week in: is there something everyday your back makes hard — picking someone up, sitting "
    "through a film? Name it, and we'll watch it get easier."
)
START = N_("🎯 Name what matters to me")
RERATE_OFFER = N_("Two weeks on: time to re-rate what matters to you. It takes a minute.")
GLOBAL_QUESTION = N_("Compared with when you started here, how is your back now, all in all?")
GLOBAL_SCALE = (  # the 7-point global rating of change, best first; stored 7 (best) to 1
    N_("Much better"),
    N_("Better"),
    N_("A little better"),
    N_("About the same"),
    N_("A little worse"),
    N_("Worse"),
    N_("Much worse"),
)
# How an activity moved since its first rating (bot.coaching.outcomes.change).
CHANGE = {
    "up": N_("up {n} — a real change"),
    "down": N_("down {n} — harder than at the start"),
    "same": N_("about the same so far"),
}


@lru_cache(maxsize=4)
def rules_for(data_dir: Path) -> OutcomeRules:
    return load_outcome_rules(data_dir)


def _rules(svc: Services) -> OutcomeRules:
    return rules_for(svc.settings.data_dir)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _scale(prefix: str) -> InlineKeyboardMarkup:
    buttons = [_button(str(n), f"{prefix}:{n}") for n in range(11)]
    return InlineKeyboardMarkup([buttons[:6], buttons[6:]])


async def goals(update: Update, context: Context) -> None:
    user = await ready_user(update, context)
    if user is None:
        return
    await show_goals(update, context, user)


async def show_goals(update: Update, context: Context, user: User) -> None:
    svc = services(context)
    activities = await svc.storage.outcomes.activities(user.id)
    ratings = await svc.storage.outcomes.ratings(user.id)
    if not activities:
        await svc_update(context, user, awaiting=ASKING_NAME, awaiting_since=svc.clock.now())
        await reply(
            update,
            f"{_(EMPTY)}\n\n{_(ASK_NAME)}",
            InlineKeyboardMarkup([[_button(_("Not now"), "goal:later")]]),
        )
        return
    lines = [_("What matters to you:")]
    lines += [activity_line(_rules(svc), user, a, ratings) for a in activities]
    peg = peg_scores(ratings)
    if peg:
        lines.append(
            _("Pain-and-interference score: {score}/10 (lower is better)").format(
                score=number(peg[-1][1])
            )
        )
    lines += ladder_lines(svc, user, await load_plan(svc, user))
    rows = [[_button(_("Rate them now"), "goal:rate")]]
    if len(activities) < _rules(svc).most_activities:
        rows.append([_button(_("Add one"), "goal:add")])
    rows.append([_button(_("Remove one"), "goal:remove")])
    await reply(update, "\n".join(lines), InlineKeyboardMarkup(rows))


def activity_line(
    rules: OutcomeRules, user: User, activity: Activity, ratings: list[OutcomeRating]
) -> str:
    scores = [r for r in ratings if r.activity_id == activity.id]
    if not scores:
        return _("• {name}: not rated yet").format(name=activity.name)
    first, latest = scores[0], scores[-1]
    if len(scores) == 1:
        return _("• {name}: {score}/10").format(name=activity.name, score=latest.score)
    since = first.created_at.astimezone(zone(user.timezone)).date()
    moved = _(CHANGE[change(rules, first.score, latest.score)]).format(
        n=abs(latest.score - first.score)
    )
    return _("• {name}: {score}/10 (was {first} on {day}: {change})").format(
        name=activity.name,
        score=latest.score,
        first=first.score,
        day=day_month(since),
        change=moved,
    )


def peg_scores(ratings: list[OutcomeRating]) -> list[tuple[datetime, float]]:
    """Complete PEG answers (all three items), oldest first."""
    rounds: list[tuple[datetime, float]] = []
    items: dict[str, int] = {}
    for rating in ratings:
        if not rating.kind.startswith("peg_"):
            continue
        items[rating.kind] = rating.score
        if rating.kind == "peg_activity" and len(items) == 3:
            score = peg_score(items["peg_pain"], items["peg_enjoy"], items["peg_activity"])
            rounds.append((rating.created_at, score))
            items = {}
    return rounds


async def take_name(update: Update, context: Context, user: User, text: str) -> None:
    """The typed activity: stored in the person's words, then rated."""
    svc = services(context)
    name = " ".join(text.split())
    if not name or len(name) > MAX_NAME:
        await reply(
            update,
            _("A short phrase please (up to {most} letters), like “tie my shoes”.").format(
                most=MAX_NAME
            ),
        )
        return
    if name[1:2].islower() and not name.startswith("I ") and i18n.current() != "de":
        # "Pick up my daughter" reads as the person's words; German nouns keep their capitals
        name = name[0].lower() + name[1:]
    activity = await svc.storage.outcomes.add_activity(user.id, name, svc.clock.now())
    await svc_update(context, user, awaiting=None)
    goal = ladder_goal(svc.settings.data_dir, name)
    if goal is not None:
        await reply(update, await set_ladder_goal(svc, user, *goal))
    await reply(update, _(RATE).format(name=name), _scale(f"goal:score:a:{activity.id}"))


async def set_ladder_goal(svc: Services, user: User, ladder: str, kilos: float) -> str:
    """The weight a person named becomes that ladder's ceiling (bot.coaching.microload)."""
    top = svc.catalogue.rules.progression.goal_kg_max
    plan = await load_plan(svc, user)
    plan = replace(plan, goals={**plan.goals, ladder: min(kilos, top)})
    await svc.storage.coaching.save_plan(user.id, plan.to_dict(), svc.clock.now())
    label = _(TRANSITION_LABELS.get(ladder, ladder))
    if i18n.current() != "de":  # mid-sentence; German nouns keep their capitals
        label = label.lower()
    if kilos > top:
        text = _(
            "I'll take your practice for {label} up to {kilos} kg, a step at a time; "
            "heavier is worth planning with a physiotherapist."
        ).format(label=label, kilos=number(top))
    else:
        text = _(
            "Your practice for {label} now aims at {kilos} kg, one small step at a time."
        ).format(label=label, kilos=number(kilos))
    if ladder not in user.transitions:
        text += " " + _("Add it to your trouble movements in /settings to practise it.")
    return text


def ladder_lines(svc: Services, user: User, plan: PlanState) -> list[str]:
    """How far each ladder with a goal is from it, in a line each."""
    lines = []
    for ladder, kilos in plan.goals.items():
        label = _(TRANSITION_LABELS.get(ladder, ladder))
        top = svc.catalogue.ladders.get((ladder, "integrated"))
        if top is None:
            continue
        if plan.stages.get(ladder) != "integrated":
            lines.append(
                _("{label}: building up to the real-life stage, then on to {kilos} kg").format(
                    label=label, kilos=number(kilos)
                )
            )
            continue
        now = plan.dose(top).get("load_kg", 0.0)
        lines.append(
            _("{label}: {now} of your {kilos} kg goal").format(
                label=label, now=number(now), kilos=number(kilos)
            )
        )
    return lines


async def on_goal_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = await button_user(update, context)
    if user is None or query is None:
        return
    svc = services(context)
    parts = (query.data or "").split(":")
    activities = await svc.storage.outcomes.activities(user.id)
    if parts[1] == "start":
        await settle(update, "")
        await show_goals(update, context, user)
    elif parts[1] == "later":
        await svc_update(context, user, awaiting=None)
        await settle(update, _("OK — send /goals whenever you like."))
    elif parts[1] == "add":
        if len(activities) >= _rules(svc).most_activities:
            await settle(update, _("You have three already: remove one first."))
            return
        await svc_update(context, user, awaiting=ASKING_NAME, awaiting_since=svc.clock.now())
        await settle(update, _(ASK_NAME))
    elif parts[1] == "done":
        await settle(update, _("Thanks."))
        await _peg_or_finish(update, context, user)
    elif parts[1] == "rate":
        await settle(update, "")
        await _ask_next(update, activities, after=None)
    elif parts[1] == "remove":
        rows = [[_button(a.name, f"goal:drop:{a.id}")] for a in activities]
        await reply(update, _("Which one should I stop asking about?"), InlineKeyboardMarkup(rows))
    elif parts[1] == "drop" and len(parts) == 3 and parts[2].isdigit():
        await svc.storage.outcomes.remove_activity(user.id, int(parts[2]), svc.clock.now())
        await settle(update, _("Removed — its ratings stay in /report and /export."))
    elif parts[1] == "score" and len(parts) == 5 and parts[3].isdigit() and parts[4].isdigit():
        await _take_score(update, context, user, activities, parts[2], int(parts[3]), int(parts[4]))


async def _take_score(
    update: Update,
    context: Context,
    user: User,
    activities: list[Activity],
    mode: str,
    activity_id: int,
    score: int,
) -> None:
    svc = services(context)
    if not 0 <= score <= 10 or activity_id not in {a.id for a in activities}:
        return
    await svc.storage.outcomes.rate(user.id, "activity", score, svc.clock.now(), activity_id)
    await settle(update, f"✓ {score}/10")
    if mode == "r":
        if not await _ask_next(update, activities, after=activity_id):
            await _peg_or_finish(update, context, user)
        return
    rows = [[_button(_("That's all"), "goal:done")]]
    if len(activities) < _rules(svc).most_activities:
        rows.insert(0, [_button(_("Add another"), "goal:add")])
    await reply(update, _("Anything else your back makes hard?"), InlineKeyboardMarkup(rows))


async def _ask_next(update: Update, activities: list[Activity], after: int | None) -> bool:
    """The next activity of a re-rating round; False when the round is through."""
    later = [a for a in activities if after is None or a.id > after]
    if not later:
        return False
    await reply(update, _(RATE).format(name=later[0].name), _scale(f"goal:score:r:{later[0].id}"))
    return True


async def _peg_or_finish(update: Update, context: Context, user: User) -> None:
    svc = services(context)
    ratings = await svc.storage.outcomes.ratings(user.id)
    last = peg_scores(ratings)
    today = svc.clock.now().astimezone(zone(user.timezone)).date()
    last_day = last[-1][0].astimezone(zone(user.timezone)).date() if last else None
    if due(_rules(svc), last_day, today):
        await reply(update, _(PEG_ITEMS[0][1]), _scale(f"peg:{PEG_ITEMS[0][0]}"))
        return
    await show_goals(update, context, user)


async def on_peg_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = await button_user(update, context)
    if user is None or query is None:
        return
    svc = services(context)
    parts = (query.data or "").split(":")
    items = [item for item, _words in PEG_ITEMS]
    if len(parts) != 3 or parts[1] not in items or not parts[2].isdigit():
        return
    score = int(parts[2])
    if not 0 <= score <= 10:
        return
    await svc.storage.outcomes.rate(user.id, f"peg_{parts[1]}", score, svc.clock.now())
    await settle(update, f"✓ {score}/10")
    index = items.index(parts[1])
    if index + 1 < len(PEG_ITEMS):
        item, question = PEG_ITEMS[index + 1]
        await reply(update, _(question), _scale(f"peg:{item}"))
        return
    await _after_peg(update, context, user)


async def _after_peg(update: Update, context: Context, user: User) -> None:
    """The round's result in a line, and a clinician suggested where the numbers call for one."""
    svc, rules = services(context), _rules(services(context))
    ratings = await svc.storage.outcomes.ratings(user.id)
    pegs = peg_scores(ratings)
    if len(pegs) > 1:
        line = _(
            "Your pain-and-interference score: {score}/10 (was {before} last time). "
            "Thanks — see them all in /goals."
        ).format(score=number(pegs[-1][1]), before=number(pegs[-2][1]))
    else:
        line = _("Your pain-and-interference score: {score}/10. Thanks — see them all in /goals.")
        line = line.format(score=number(pegs[-1][1]))
    await reply(update, line)
    latest = {r.kind: r.score for r in ratings if r.kind.startswith("peg_")}
    if len(pegs) == 1 and high_interference(rules, latest["peg_enjoy"], latest["peg_activity"]):
        await reply(update, _(EARLY_CLINICIAN))
    await _suggest_review(svc, user, ratings, pegs, update=update)
    if global_due(svc, user, ratings):
        await reply(update, _(GLOBAL_QUESTION), global_markup())


async def _suggest_review(
    svc: Services,
    user: User,
    ratings: list[OutcomeRating],
    pegs: list[tuple[datetime, float]],
    update: Update,
) -> None:
    if user.review_suggested_at is not None or user.onboarded_at is None:
        return
    tz = zone(user.timezone)
    ends: dict[int, list[int]] = {}
    for rating in ratings:
        if rating.activity_id is not None:
            ends.setdefault(rating.activity_id, []).append(rating.score)
    today: date = svc.clock.now().astimezone(tz).date()
    if no_improvement(
        _rules(svc),
        user.onboarded_at.astimezone(tz).date(),
        today,
        [(scores[0], scores[-1]) for scores in ends.values()],
        [score for _day, score in pegs],
    ):
        await svc.storage.users.set(user, review_suggested_at=svc.clock.now())
        await reply(update, _(REVIEW))


async def offer_rerating(bot: Bot, svc: Services, user: User) -> None:
    """From the weekly review: every two weeks, one message offering the re-rating."""
    activities = await svc.storage.outcomes.activities(user.id)
    ratings = await svc.storage.outcomes.ratings(user.id)
    if not activities:
        if global_due(svc, user, ratings):
            await bot.send_message(user.chat_id, _(GLOBAL_QUESTION), reply_markup=global_markup())
        elif _first_week_over(svc, user):  # skipped at set-up: asked once more, a week on
            await bot.send_message(user.chat_id, _(ASK_AGAIN), reply_markup=start_markup())
        return
    rated = [r.created_at for r in ratings if r.activity_id is not None]
    tz = zone(user.timezone)
    last = max(rated).astimezone(tz).date() if rated else None
    if not due(_rules(svc), last, svc.clock.now().astimezone(tz).date()):
        if global_due(svc, user, ratings):
            await bot.send_message(user.chat_id, _(GLOBAL_QUESTION), reply_markup=global_markup())
        return
    await bot.send_message(
        user.chat_id,
        _(RERATE_OFFER),
        reply_markup=InlineKeyboardMarkup([[_button(_("Rate them now"), "goal:rate")]]),
    )


def global_due(svc: Services, user: User, ratings: list[OutcomeRating]) -> bool:
    """Weeks 4, 8 and 12 of the programme, once each."""
    if user.onboarded_at is None:
        return False
    tz = zone(user.timezone)
    today = svc.clock.now().astimezone(tz).date()
    week = (today - user.onboarded_at.astimezone(tz).date()).days // 7
    if week not in GLOBAL_WEEKS:
        return False
    asked = [r.created_at.astimezone(tz).date() for r in ratings if r.kind == "global"]
    return not any((today - day).days < 14 for day in asked)


def start_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[_button(_(START), "goal:start")]])


def global_markup() -> InlineKeyboardMarkup:
    rows = [[_button(_(label), f"global:{7 - n}")] for n, label in enumerate(GLOBAL_SCALE)]
    return InlineKeyboardMarkup(rows)


async def on_global_button(update: Update, context: Context) -> None:
    query = update.callback_query
    user = await button_user(update, context)
    if user is None or query is None:
        return
    svc = services(context)
    value = (query.data or "").removeprefix("global:")
    if not value.isdigit() or not 1 <= int(value) <= 7:
        return
    await svc.storage.outcomes.rate(user.id, "global", int(value), svc.clock.now())
    answer = _(GLOBAL_SCALE[7 - int(value)])
    await settle(update, _("✓ {answer} — noted for /report.").format(answer=answer))


def _first_week_over(svc: Services, user: User) -> bool:
    """The weekly review in the programme's second week (days 7-13): once, as reviews are weekly."""
    if user.onboarded_at is None:
        return False
    return 7 <= (svc.clock.now() - user.onboarded_at).days < 14


async def matters_lines(svc: Services, user: User) -> list[str]:
    """For /progress: each activity's score and how it moved, when there are any."""
    activities = await svc.storage.outcomes.activities(user.id)
    if not activities:
        return []
    ratings = await svc.storage.outcomes.ratings(user.id)
    return [_("What matters to you:")] + [
        activity_line(_rules(svc), user, activity, ratings) for activity in activities
    ]
