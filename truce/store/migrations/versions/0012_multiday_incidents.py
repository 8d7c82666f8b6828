"""an index on the incidents of more than one day

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30

A window's incidents are those that start within it, read from the index on ``date_from``, and those
that began before it and last into it. Only incidents of more than one day can do that, and they are few
(a count over a month, an advance held for weeks): this partial index holds them alone, by first day, so
that the second part reads them and not every incident of the days before the window (the longest span
of 0011 bounds how far back it looks). The same condition on both backends.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    condition = sa.text("date_to > date_from")
    op.create_index(
        "ix_incidents_multiday",
        "incidents",
        ["date_from"],
        unique=False,
        sqlite_where=condition,
        postgresql_where=condition,
    )


def downgrade() -> None:
    op.drop_index("ix_incidents_multiday", table_name="incidents")
