"""The database tables.

Every instant is stored in UTC; wall-clock settings are local to the user.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    TypeDecorator,
    text,
)
from sqlalchemy import false as sa_false
from sqlalchemy import true as sa_true
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """Goes in as aware UTC and always comes back aware UTC (SQLite drops time zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class User(Base):
    """A person using the bot, keyed by their Telegram user id, with their settings."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime]
    # Onboarding: the step being asked, or None when finished; `awaiting` names the setting whose
    # typed answer we wait for (during onboarding or a change from /settings).
    onboarding_step: Mapped[str | None] = mapped_column(String(32))
    onboarded_at: Mapped[datetime | None]
    awaiting: Mapped[str | None] = mapped_column(String(32))
    awaiting_since: Mapped[datetime | None]  # when it was asked: it expires (bot.telegram.chat)
    consent_at: Mapped[datetime | None]
    red_flags: Mapped[str | None] = mapped_column(String(16))  # clear | soon | urgent | checked
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    desk_days: Mapped[str] = mapped_column(String(16), default="")  # "0,1,2,3,4", Monday = 0
    desk_start: Mapped[time | None] = mapped_column(Time)
    desk_end: Mapped[time | None] = mapped_column(Time)
    routine_time: Mapped[time | None] = mapped_column(Time)
    weekly_day: Mapped[int | None] = mapped_column(Integer)  # Monday = 0
    weekly_time: Mapped[time | None] = mapped_column(Time)
    transitions: Mapped[list[Any]] = mapped_column(default=list)
    typical_pain: Mapped[int | None] = mapped_column(Integer)
    walk_minutes: Mapped[int | None] = mapped_column(Integer)  # walking on a usual day
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once they block the bot
    # Reminders. The default personal rule: "if I sit more than an hour, I move for two" (hourly
    # keeps an ordinary workday to about ten unprompted messages; onboarding asks).
    sit_minutes: Mapped[int] = mapped_column(Integer, default=60, server_default="60")
    move_minutes: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    sit_rule_on: Mapped[bool] = mapped_column(Boolean, default=True, server_default=sa_true())
    sitting_since: Mapped[datetime | None]
    sit_manual: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Sit breaks sent since the last one answered: three in a row and they space out.
    sit_ignored: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    sit_afternoons: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Sit breaks alone held back: during a guided session, a meeting, "1 hour", "rest of today".
    sit_paused_until: Mapped[datetime | None]
    sit_pause: Mapped[str | None] = mapped_column(String(16))  # session | meeting | break
    routine_done_on: Mapped[date | None] = mapped_column(Date)  # local day of the last session
    morning_time: Mapped[time | None] = mapped_column(Time)  # next-morning check-in; routine time
    quiet_start: Mapped[time | None] = mapped_column(Time)
    quiet_end: Mapped[time | None] = mapped_column(Time)
    paused_until: Mapped[datetime | None]
    stopped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # Safety follow-up (each answer is also kept, with its time, in safety_answers).
    adult: Mapped[bool | None] = mapped_column(Boolean)  # 18 or over
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    screened_at: Mapped[datetime | None]  # the full safety screen last answered
    soon_at: Mapped[datetime | None]  # a "see a doctor soon" sign last reported
    doctor_ask_at: Mapped[datetime | None]  # when to ask "have you been able to see a doctor?"
    cleared_at: Mapped[datetime | None]  # a clinician has checked them
    rechecks_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    review_suggested_at: Mapped[datetime | None]  # "no improvement": physiotherapist suggested
    # The language the bot writes in (bot/i18n.py): Telegram's at /start, or chosen in /language.
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")


def _user_fk(index: bool = True) -> Mapped[int]:
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=index)


class Plan(Base):
    """The micro-load engine's state for one person (bot.coaching.microload.PlanState as JSON)."""

    __tablename__ = "plans"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class Workout(Base):
    """One guided routine: what was offered, how far the person got and how each exercise went."""

    __tablename__ = "workouts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    variant: Mapped[str] = mapped_column(String(16))  # daily | weekly | flare
    status: Mapped[str] = mapped_column(String(16))  # started | finished | stopped
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    routine: Mapped[list[Any]]  # the items as offered, with their doses
    position: Mapped[int] = mapped_column(Integer, default=0)
    results: Mapped[dict[str, Any]]  # exercise id -> done | too_hard | skipped
    # Once the session is long over its items keep only exercise, name and dose (retention).
    compacted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())

    __table_args__ = (Index("ix_workouts_user_started", "user_id", "started_at"),)


class Checkin(Base):
    """Answers after a workout (pain, effort, per-exercise feel) or the next morning."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    workout_id: Mapped[int | None] = mapped_column(
        ForeignKey("workouts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # session | next_morning
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    pain: Mapped[int | None] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer)
    compared: Mapped[str | None] = mapped_column(String(8))  # better | same | worse
    feels: Mapped[dict[str, Any]]  # exercise id -> too_easy | right | too_hard
    # Set once the engine has used these answers; the plan as it was before, so a correction can
    # re-run the engine from the same starting point.
    applied_at: Mapped[datetime | None]
    plan_before: Mapped[dict[str, Any] | None]  # kept on the latest session check-in only

    __table_args__ = (Index("ix_checkins_user_created", "user_id", "created_at"),)


class LoadChange(Base):
    """One change the micro-load engine made, with the reason shown to the person."""

    __tablename__ = "load_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("checkins.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    exercise: Mapped[str] = mapped_column(String(64))
    variable: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    from_value: Mapped[str] = mapped_column(String(32))
    to_value: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_load_changes_user_created", "user_id", "created_at"),)


class Rule(Base):
    """A personal reminder rule, e.g. "no heavy lifting without a warm-up" at 08:00 on weekdays."""

    __tablename__ = "rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    text: Mapped[str] = mapped_column(String(200))
    at_time: Mapped[time] = mapped_column(Time)
    weekdays: Mapped[str] = mapped_column(String(16), default="0,1,2,3,4,5,6")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Set for the reminders of an exercise a clinician prescribed (bot.telegram.own_exercise):
    # they ride on the rules' slots and times, and are not listed in /rules.
    own_exercise_id: Mapped[int | None] = mapped_column(
        ForeignKey("own_exercises.id", ondelete="CASCADE")
    )


class Nudge(Base):
    """One reminder, due at a UTC instant. The database, not the scheduler, is the source of truth.

    A person has at most one pending nudge per slot ("sit", "daily", "weekly", "morning",
    "rule:<id>"); a unique partial index enforces it. Rows are kept after sending as the log.
    A claimed nudge belongs to the worker holding its `claim_token` until `lease_until`.
    """

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    slot: Mapped[str] = mapped_column(String(24))
    due_at: Mapped[datetime]  # when to try next: moves forward when a send is retried
    first_due_at: Mapped[datetime | None]  # when it was first due: grace counts from here
    status: Mapped[str] = mapped_column(String(12))  # pending|sending|sent|skipped|failed|unknown
    reason: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]
    claimed_at: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32))
    lease_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    message_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_nudges_status_due", "status", "due_at"),
        Index("ix_nudges_user_due", "user_id", "due_at"),
        Index(
            "uq_nudges_pending_slot",
            "user_id",
            "slot",
            unique=True,
            postgresql_where=text("status = 'pending'"),
            sqlite_where=text("status = 'pending'"),
        ),
    )


class NudgeDay(Base):
    """How many of a person's nudges of one slot ended one way on one day (UTC, by when they
    were due): what is left of nudge rows once the retention policy deletes them."""

    __tablename__ = "nudge_days"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    slot: Mapped[str] = mapped_column(String(24), primary_key=True)
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    reason: Mapped[str] = mapped_column(String(32), primary_key=True)  # "" when none
    count: Mapped[int] = mapped_column(Integer)


class DayMark(Base):
    """How a local day went for the habit score: done, missed, skipped_pain, paused or flare."""

    __tablename__ = "day_marks"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    outcome: Mapped[str] = mapped_column(String(16))


class TransitionRating(Base):
    """How hard a trouble movement feels in daily life, 0-10 (like the Patient-Specific
    Functional Scale), asked at onboarding's end and in each weekly review."""

    __tablename__ = "transition_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    transition: Mapped[str] = mapped_column(String(32))
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_transition_ratings_user_created", "user_id", "created_at"),)


class SafetyAnswer(Base):
    """One answer to a safety question (screen, age, pregnancy, doctor follow-up), with its time,
    so what was asked and answered when can be shown, exported and erased."""

    __tablename__ = "safety_answers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    question: Mapped[str] = mapped_column(String(16))
    answer: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """Telegram update ids already handled, so an update delivered twice is handled once."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(index=True)


class CommitMark(Base):
    """A random token written in each transaction an update's handling commits: when the commit's
    acknowledgement is lost, finding the token says the commit happened after all."""

    __tablename__ = "commit_marks"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    made_at: Mapped[datetime] = mapped_column(index=True)


class LessonRead(Base):
    """Which short lessons a person has been sent or opened, so none comes twice."""

    __tablename__ = "lessons_read"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    lesson_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    read_at: Mapped[datetime]


class TypedMiss(Base):
    """How often typed messages were not understood, by kind of place ("free text",
    "question:tz"), never with what was typed: so the patterns in data/intents.yaml can grow."""

    __tablename__ = "typed_misses"

    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[datetime]


class Activity(Base):
    """Something the person's back makes hard, in their own words ("pick up my daughter"): the
    items of their patient-specific functional scale, up to three at a time."""

    __tablename__ = "activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class OutcomeRating(Base):
    """One 0-10 outcome answer: an activity (0 = can't do it, 10 = as before) or one of the
    three pain-and-interference items (PEG: pain, enjoyment, activity; 10 = worst)."""

    __tablename__ = "outcome_ratings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    kind: Mapped[str] = mapped_column(String(16))  # activity | peg_pain|_enjoy|_activity | global
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_outcome_ratings_user_created", "user_id", "created_at"),)


class OwnExercise(Base):
    """An exercise the person's clinician prescribed, in their words and dose: BackCoach
    reminds and records it, and never changes its dose."""

    __tablename__ = "own_exercises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk()
    name: Mapped[str] = mapped_column(String(80))
    dose: Mapped[str] = mapped_column(String(80), default="")  # "" while being added
    cue: Mapped[str] = mapped_column(String(200), default="")
    in_routine: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class OwnExerciseLog(Base):
    """How a clinician's exercise went once: done, too hard or skipped."""

    __tablename__ = "own_exercise_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = _user_fk(index=False)  # led by a composite index
    own_exercise_id: Mapped[int] = mapped_column(ForeignKey("own_exercises.id", ondelete="CASCADE"))
    result: Mapped[str] = mapped_column(String(12))  # done | too_hard | skipped
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_own_exercise_logs_user_created", "user_id", "created_at"),)
