"""the mission's other work: activities

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30

Activities are what a mission does or reports besides violations: escorts and passages, deliveries,
returns of displaced people, demining, medical aid, exchanges, appeals to a party, restrictions of
freedom of movement, and the mission's own milestones. Each keeps its source and standing, like a claim.
Index: by start day, for "what was under way on this day" (a day's bulletin, ``truce activities``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("pack", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("place_id", sa.String(length=64), nullable=True),
        sa.Column("area_id", sa.String(length=64), nullable=True),
        sa.Column("location_text", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("party", sa.String(length=10), nullable=True),
        sa.Column("addressee", sa.String(length=10), nullable=True),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.Column("summaries", sa.Text(), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("standing", sa.String(length=10), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["pack"], ["packs.name"], name=op.f("fk_activities_pack_packs")),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_activities_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    op.create_index(op.f("ix_activities_date_from"), "activities", ["date_from"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_activities_date_from"), table_name="activities")
    op.drop_table("activities")
