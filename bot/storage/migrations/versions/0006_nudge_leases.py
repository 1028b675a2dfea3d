"""nudge leases: each claim names its owner, and grace counts from the first due time

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 06:50:00.000000
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Claims made before this revision had no lease: they get the old in-flight timeout.
OLD_IN_FLIGHT_TIMEOUT = timedelta(minutes=2)

nudges = sa.table(
    "nudges",
    sa.column("id", sa.Integer()),
    sa.column("due_at", sa.DateTime(timezone=True)),
    sa.column("first_due_at", sa.DateTime(timezone=True)),
    sa.column("status", sa.String()),
    sa.column("claimed_at", sa.DateTime(timezone=True)),
    sa.column("lease_until", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("claim_token", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
    op.execute(nudges.update().values(first_due_at=nudges.c.due_at))
    connection = op.get_bind()
    in_flight = connection.execute(
        sa.select(nudges.c.id, nudges.c.claimed_at).where(
            nudges.c.status.in_(("claimed", "sending"))
        )
    ).all()
    for nudge_id, claimed_at in in_flight:
        claimed = _aware(claimed_at or datetime.now(UTC))
        connection.execute(
            nudges.update()
            .where(nudges.c.id == nudge_id)
            .values(lease_until=claimed + OLD_IN_FLIGHT_TIMEOUT)
        )


def downgrade() -> None:
    with op.batch_alter_table("nudges", schema=None) as batch_op:
        batch_op.drop_column("lease_until")
        batch_op.drop_column("claim_token")
        batch_op.drop_column("first_due_at")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
