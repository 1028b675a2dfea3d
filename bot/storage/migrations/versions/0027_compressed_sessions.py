"""compressed sessions: on PostgreSQL, sessions' steps and check-ins' feels compressed in place

A compacted session row is about 1 KB of JSON with the same keys again and again (a check-in's
feels a few hundred bytes), under the 2 KB at which PostgreSQL starts compressing. A lower
toast_tuple_target with MAIN storage has it compress them in place (not out of line, so reading
a session stays one heap fetch): about a twentieth off a person-year on disk (bench/growth.py).
SQLite has no such knob; nothing to do there.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-02 17:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TUPLE_TARGET = 128  # PostgreSQL's smallest


COLUMNS = {"workouts": ("routine", "results"), "checkins": ("feels",)}


def _storage(kind: str) -> None:
    for table, columns in COLUMNS.items():
        alter = ", ".join(f"ALTER COLUMN {column} SET STORAGE {kind}" for column in columns)
        op.execute(f"ALTER TABLE {table} {alter}")


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in COLUMNS:
        op.execute(f"ALTER TABLE {table} SET (toast_tuple_target = {TUPLE_TARGET})")
    _storage("MAIN")


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for table in COLUMNS:
        op.execute(f"ALTER TABLE {table} RESET (toast_tuple_target)")
    _storage("EXTENDED")
