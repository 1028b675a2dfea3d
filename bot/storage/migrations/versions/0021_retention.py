"""retention: per-person read indexes, daily nudge aggregates, compact old workouts

Revision ID: 0021
Revises: 0012
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each replaces the person's single-column index: (user_id, time) serves both kinds of read.
INDEXES = (
    ("ix_nudges_user_due", "nudges", ["user_id", "due_at"]),
    ("ix_workouts_user_started", "workouts", ["user_id", "started_at"]),
    ("ix_checkins_user_created", "checkins", ["user_id", "created_at"]),
    ("ix_load_changes_user_created", "load_changes", ["user_id", "created_at"]),
    ("ix_transition_ratings_user_created", "transition_ratings", ["user_id", "created_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
        op.drop_index(f"ix_{table}_user_id", table_name=table)
    op.create_table(
        "nudge_days",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "day", "slot", "status", "reason"),
    )
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("compacted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    # Only the latest session check-in can be corrected: older plan copies are dead weight.
    op.execute(
        "UPDATE checkins SET plan_before = NULL WHERE plan_before IS NOT NULL AND id NOT IN "
        "(SELECT MAX(id) FROM checkins WHERE kind = 'session' GROUP BY user_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("workouts", schema=None) as batch_op:
        batch_op.drop_column("compacted")
    op.drop_table("nudge_days")
    for name, table, _ in reversed(INDEXES):
        op.create_index(f"ix_{table}_user_id", table, ["user_id"])
        op.drop_index(name, table_name=table)
