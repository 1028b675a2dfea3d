"""commit marks: tell a lost commit acknowledgement from a commit that did not happen

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 17:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commit_marks",
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_index("ix_commit_marks_made_at", "commit_marks", ["made_at"])


def downgrade() -> None:
    op.drop_index("ix_commit_marks_made_at", table_name="commit_marks")
    op.drop_table("commit_marks")
