"""indexes for what every write reads: the incidents to locate, the claims that count

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Every ingest, observation and retraction ends by locating the incidents not yet located and counting the
claims that count and the incidents, for its report. Without these indexes each was a scan of the whole
table (at 1,000,000 incidents, a few hundred milliseconds per write for rows that are nearly all
irrelevant). Index plan:

- ``ix_incidents_unsited``: incidents ``WHERE NOT sited``, partial (SQLite and PostgreSQL both have
  partial indexes). A write leaves only the incidents it touched unsited, so the index holds a handful
  of rows however large the record grows, and "which to locate" reads only them. Its condition is the
  query's (``~sited``) as each backend writes it, ``sited = 0`` on SQLite and ``NOT sited`` on
  PostgreSQL: a planner uses a partial index only when it sees that the query implies its condition.
- ``ix_documents_retracted``: documents ``WHERE retracted_at IS NOT NULL``, partial: retractions are rare.
- ``ix_claims_document_id``: the claims of a document (also for a document's claim count and its
  retraction). With the two above, the claims that count are all claims less those of the retracted
  documents: a count of the table (from its narrowest index, without reading rows) and a join of a few
  retracted documents to their claims, instead of testing every claim against the retracted ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNSITED_SQLITE, UNSITED_POSTGRESQL = sa.text("sited = 0"), sa.text("NOT sited")
RETRACTED = sa.text("retracted_at IS NOT NULL")


def upgrade() -> None:
    op.create_index(
        "ix_incidents_unsited",
        "incidents",
        ["id"],
        sqlite_where=UNSITED_SQLITE,
        postgresql_where=UNSITED_POSTGRESQL,
    )
    op.create_index(
        "ix_documents_retracted", "documents", ["id"], sqlite_where=RETRACTED, postgresql_where=RETRACTED
    )
    op.create_index(op.f("ix_claims_document_id"), "claims", ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_claims_document_id"), table_name="claims")
    op.drop_index("ix_documents_retracted", table_name="documents")
    op.drop_index("ix_incidents_unsited", table_name="incidents")
