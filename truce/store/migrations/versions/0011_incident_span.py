"""an index on how long incidents last

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30

An incident overlaps a window when it ends on or after the window's first day and starts on or before its
last. The index on ``date_from`` answers the second condition, but alone it reads every incident that
started before the window: at ten million incidents, most of the table for a day late in the mandate.
Knowing the longest span bounds the start from below too (``date_from >= first day - longest span``), so
the same index reads only the window's neighbours. The longest span is read from this index, on the
expression each backend computes it with (``truce.store.spans.longest_span`` uses the same one):
``julianday(date_to) - julianday(date_from)`` on SQLite, ``date_to - date_from`` on PostgreSQL. The
models do not declare it (an expression that differs by backend): the schema comparison leaves it aside.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_incidents_span"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX {INDEX} ON incidents ((julianday(date_to) - julianday(date_from)))")
    else:
        op.execute(f"CREATE INDEX {INDEX} ON incidents ((date_to - date_from))")


def downgrade() -> None:
    op.execute(f"DROP INDEX {INDEX}")
