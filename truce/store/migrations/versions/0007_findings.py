"""the monitor's findings on incidents

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A finding is what the monitor (an analyst in its operations centre) settles about an incident, beside
the claims: whether it was a violation, could not be established or was unfounded, and where it says so,
who fired, the means, the place and the dates. Every finding is kept (a later one supersedes an earlier
one; ``withdrawn`` leaves the incident to its claims again), so the table is its own history.
Index: by incident, for the incident's current finding and its history. The incident keeps the verdict
in force (``incidents.verdict``, NULL: none) so that lists and filters need no join.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("accused", sa.String(length=20), nullable=True),
        sa.Column("means", sa.Text(), nullable=True),
        sa.Column("place_id", sa.String(length=64), nullable=True),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("radius_m", sa.Float(), nullable=True),
        sa.Column("date_from", sa.Date(), nullable=True),
        sa.Column("date_to", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("analyst", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
    )
    op.create_index(op.f("ix_findings_incident_id"), "findings", ["incident_id"], unique=False)
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("verdict", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("verdict")
    op.drop_index(op.f("ix_findings_incident_id"), table_name="findings")
    op.drop_table("findings")
