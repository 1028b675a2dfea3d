"""sit rhythm: breaks ignored in a row, afternoons-only breaks, hourly by default

Revision ID: 0024
Revises: 0021
Create Date: 2026-12-02 17:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("sit_ignored", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("sit_afternoons", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.alter_column("sit_minutes", server_default="60")


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.alter_column("sit_minutes", server_default="45")
        batch_op.drop_column("sit_afternoons")
        batch_op.drop_column("sit_ignored")
