"""the words a text uses of each party

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30

A pack may give, for each party, the words a text uses of it (parties.csv ``words_en``, ``words_ru``:
"Northlake|northlakish"), so that extraction finds the parties of any mission, not only the rules' own.
They are kept with the party, "|"-separated, so that ingesting into a database reads them as loading the
pack did. No index: the parties are read whole.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.add_column(sa.Column("words_en", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("words_ru", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("parties") as batch:
        batch.drop_column("words_ru")
        batch.drop_column("words_en")
