"""the daily flow: sit breaks paused on their own, and a day marked done

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 07:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sit_paused_until", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("sit_pause", sa.String(length=16)))
        batch_op.add_column(sa.Column("routine_done_on", sa.Date()))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("routine_done_on")
        batch_op.drop_column("sit_pause")
        batch_op.drop_column("sit_paused_until")
