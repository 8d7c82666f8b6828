"""the claims of a span of days, read as the incidents of a window are

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30

An ingest links again the claims of the days its new claims reach. Asked as "ends on or after the first
day and starts on or before the last", the database could bound only one side: for a week early in the
mandate it read nearly every claim (ending after it), for a week late nearly every claim (starting before
it). As for incidents (0011, 0012), the claims of a span are those that start within it (the index on
``date_from``) and the few of several days that began before it and last into it, begun at most the
longest span before: this partial index holds those alone, and the expression index gives the longest
span (``julianday(date_to) - julianday(date_from)`` on SQLite, ``date_to - date_from`` on PostgreSQL,
not declared in the models: the schema comparison leaves it aside, as 0011's).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPAN = "ix_claims_span"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"CREATE INDEX {SPAN} ON claims ((julianday(date_to) - julianday(date_from)))")
    else:
        op.execute(f"CREATE INDEX {SPAN} ON claims ((date_to - date_from))")
    condition = sa.text("date_to > date_from")
    op.create_index(
        "ix_claims_multiday", "claims", ["date_from"], sqlite_where=condition, postgresql_where=condition
    )


def downgrade() -> None:
    op.drop_index("ix_claims_multiday", table_name="claims")
    op.execute(f"DROP INDEX {SPAN}")
