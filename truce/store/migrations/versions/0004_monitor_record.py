"""the monitor's record: standing, observations, retractions, the mission profile, neutral names, and
the audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30

Claims and incidents get a standing (observed, reported, claimed) in place of incidents'
``confirmed_by_monitor``; observations, document retractions, source aliases, party sides and
countries, places' disputed flag and the mission's profile are added; ``claims.stance`` is widened to
hold ``not_withdrawn`` (PostgreSQL enforces declared lengths, SQLite does not).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "observations",
        sa.Column("claim_id", sa.String(length=64), nullable=False),
        sa.Column("post_id", sa.String(length=64), nullable=False),
        sa.Column("platform", sa.String(length=10), nullable=False),
        sa.Column("observer", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fire_from", sa.String(length=4), nullable=True),
        sa.Column("fired_by", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_observations_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("claim_id", name=op.f("pk_observations")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("change", sa.Text(), nullable=False),
        sa.Column("prev", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_log_hash")),
    )
    op.create_table(
        "keys",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("side", sa.String(length=40), nullable=False),
        sa.Column("verifier", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_keys")),
    )
    op.create_table(
        "checkpoints",
        sa.Column("size", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("size", name=op.f("pk_checkpoints")),
    )
    op.create_table(
        "bulletins",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("corrects", sa.String(length=40), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("manifest", sa.Text(), nullable=False),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulletins")),
    )
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bulletins_day"), ["day"], unique=False)
    op.create_table(
        "bulletin_files",
        sa.Column("bulletin_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_bulletin_files_bulletin_id_bulletins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bulletin_id", "name", name=op.f("pk_bulletin_files")),
    )
    op.create_table(
        "bulletin_signatures",
        sa.Column("bulletin_id", sa.String(length=40), nullable=False),
        sa.Column("side", sa.String(length=40), nullable=False),
        sa.Column("key_name", sa.String(length=100), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bulletin_id"],
            ["bulletins.id"],
            name=op.f("fk_bulletin_signatures_bulletin_id_bulletins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bulletin_id", "side", name=op.f("pk_bulletin_signatures")),
    )
    op.create_table(
        "publications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_publications_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_publications_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publications")),
    )
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_publications_document_id"), ["document_id"], unique=False)
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.alter_column(
            "stance", existing_type=sa.String(length=10), type_=sa.String(length=20), existing_nullable=False
        )
        batch_op.add_column(
            sa.Column("standing", sa.String(length=10), server_default="claimed", nullable=False)
        )
        batch_op.add_column(sa.Column("flags", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("standing", sa.String(length=10), server_default="claimed", nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_incidents_standing"), ["standing"], unique=False)
    # what the monitor's sources said was reported; incidents resting on them were confirmed
    op.execute(
        "UPDATE claims SET standing = 'reported' "
        "WHERE source_id IN (SELECT id FROM sources WHERE kind = 'monitor')"
    )
    op.execute("UPDATE incidents SET standing = 'reported' WHERE confirmed_by_monitor")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_column("confirmed_by_monitor")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("retracted_by", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("retraction_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aliases", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("names", sa.Text(), server_default="{}", nullable=False))
    with op.batch_alter_table("ceasefire_points", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summaries", sa.Text(), server_default="{}", nullable=False))
    for table in ("claims", "incidents"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("consequences_in", sa.Text(), server_default="{}", nullable=False))
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.add_column(sa.Column("country", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("side_en", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("side_ru", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disputed", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.add_column(sa.Column("key", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("sound_key", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile", sa.Text(), server_default="{}", nullable=False))
    # the profile comes with the pack: force the next `truce init` to load it again
    op.execute("UPDATE packs SET hash = ''")


def downgrade() -> None:
    with op.batch_alter_table("mission", schema=None) as batch_op:
        batch_op.drop_column("profile")
    with op.batch_alter_table("place_names", schema=None) as batch_op:
        batch_op.drop_column("sound_key")
        batch_op.drop_column("key")
    with op.batch_alter_table("places", schema=None) as batch_op:
        batch_op.drop_column("disputed")
    with op.batch_alter_table("parties", schema=None) as batch_op:
        batch_op.drop_column("side_ru")
        batch_op.drop_column("side_en")
        batch_op.drop_column("country")
    for table in ("claims", "incidents"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("consequences_in")
    with op.batch_alter_table("ceasefire_points", schema=None) as batch_op:
        batch_op.drop_column("summaries")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_column("names")
        batch_op.drop_column("aliases")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("retraction_reason")
        batch_op.drop_column("retracted_by")
        batch_op.drop_column("retracted_at")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("confirmed_by_monitor", sa.Boolean(), server_default="0", nullable=False)
        )
    op.execute("UPDATE incidents SET confirmed_by_monitor = (standing <> 'claimed')")
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incidents_standing"))
        batch_op.drop_column("standing")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("flags")
        batch_op.drop_column("standing")
        batch_op.alter_column(
            "stance", existing_type=sa.String(length=20), type_=sa.String(length=10), existing_nullable=False
        )
    op.drop_table("observations")
    with op.batch_alter_table("publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_publications_document_id"))
    op.drop_table("publications")
    op.drop_table("audit_log")
    op.drop_table("bulletin_signatures")
    op.drop_table("bulletin_files")
    with op.batch_alter_table("bulletins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bulletins_day"))
    op.drop_table("bulletins")
    op.drop_table("checkpoints")
    op.drop_table("keys")
