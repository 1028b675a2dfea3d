"""safety follow-up: age, pregnancy, screen times, doctor follow-up, answers log

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMES = ("screened_at", "soon_at", "doctor_ask_at", "cleared_at", "review_suggested_at")


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("adult", sa.Boolean(), nullable=True))
        batch_op.add_column(
            sa.Column("pregnant", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        for name in TIMES:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("rechecks_sent", sa.Integer(), server_default="0", nullable=False)
        )
    op.create_table(
        "safety_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("question", sa.String(length=16), nullable=False),
        sa.Column("answer", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("safety_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safety_answers_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("safety_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_answers_user_id"))
    op.drop_table("safety_answers")
    with op.batch_alter_table("users", schema=None) as batch_op:
        for name in ("rechecks_sent", *reversed(TIMES), "pregnant", "adult"):
            batch_op.drop_column(name)
