"""the indexes of the incidents and claims of more than one day hold their last day too

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01

Those that began before a window and last into it are read from the partial indexes of 0012 and 0014 (by
first day). PostgreSQL, misjudging how few rows their condition keeps, also read the plain index on
``date_to`` for "lasts into the window" and ANDed the two: at 10,000,000 incidents that walked 5.5 million
index entries (196 ms for a day's 2,369 such incidents). With the last day in the partial index, one index
answers the whole condition and the planner has no other to AND it with (39 ms). SQLite reads the same
index and checks the last day in it rather than in the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONDITION = "date_to > date_from"


def _index(table: str, columns: list[str]) -> None:
    name = f"ix_{table}_multiday"
    op.drop_index(name, table_name=table)
    condition = sa.text(CONDITION)
    op.create_index(name, table, columns, sqlite_where=condition, postgresql_where=condition)


def upgrade() -> None:
    for table in ("incidents", "claims"):
        _index(table, ["date_from", "date_to"])


def downgrade() -> None:
    for table in ("incidents", "claims"):
        _index(table, ["date_from"])
