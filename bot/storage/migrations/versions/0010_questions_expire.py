"""open questions expire: users.awaiting_since

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 07:00:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

users = sa.table(
    "users",
    sa.column("awaiting", sa.String()),
    sa.column("awaiting_since", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("awaiting_since", sa.DateTime(timezone=True), nullable=True))
    # Questions already open count from now: they expire like any other, just not at once.
    op.execute(
        users.update().where(users.c.awaiting.is_not(None)).values(awaiting_since=datetime.now(UTC))
    )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("awaiting_since")
