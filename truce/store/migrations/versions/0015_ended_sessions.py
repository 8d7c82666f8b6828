"""sessions ended one by one

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01

Logging out ended every session of the user (their epoch grew): logging out on a phone logged the laptop
out too. A session is now ended alone, by the SHA-256 of its CSRF value (which only its cookie holds),
kept until its cookie would have expired anyway. The rows are entities of the audit log (``session``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ended_sessions",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("user_name", sa.String(length=64), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_name"], ["users.name"], name=op.f("fk_ended_sessions_user_name_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_ended_sessions")),
    )
    op.create_index(op.f("ix_ended_sessions_user_name"), "ended_sessions", ["user_name"], unique=False)
    op.create_index(op.f("ix_ended_sessions_until"), "ended_sessions", ["until"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_ended_sessions_until"), table_name="ended_sessions")
    op.drop_index(op.f("ix_ended_sessions_user_name"), table_name="ended_sessions")
    op.drop_table("ended_sessions")
