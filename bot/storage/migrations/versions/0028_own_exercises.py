"""own exercises: a clinician's exercise, its log, and its reminders on the rules' slots

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-02 18:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028"
down_revision: str | None = "0027"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("dose", sa.String(length=80), nullable=False),
        sa.Column("cue", sa.String(length=200), nullable=False),
        sa.Column("in_routine", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_own_exercises_user_id", "own_exercises", ["user_id"])
    op.create_table(
        "own_exercise_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("own_exercise_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["own_exercise_id"], ["own_exercises.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_own_exercise_logs_user_created", "own_exercise_logs", ["user_id", "created_at"]
    )
    with op.batch_alter_table("rules") as batch:
        batch.add_column(sa.Column("own_exercise_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_rules_own_exercise_id_own_exercises",
            "own_exercises",
            ["own_exercise_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("rules") as batch:
        batch.drop_constraint("fk_rules_own_exercise_id_own_exercises", type_="foreignkey")
        batch.drop_column("own_exercise_id")
    op.drop_index("ix_own_exercise_logs_user_created", table_name="own_exercise_logs")
    op.drop_table("own_exercise_logs")
    op.drop_index("ix_own_exercises_user_id", table_name="own_exercises")
    op.drop_table("own_exercises")
