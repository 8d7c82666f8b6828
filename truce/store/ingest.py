"""Writing documents, their claims and the incidents they make. A document already stored (same text,
same hash) is skipped, so ingesting a file again changes nothing."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from truce.model import Claim, Document
from truce.store import convert
from truce.store.schema import DocumentRow, SourceRow

__all__ = ["ensure_source", "source_id", "write_document"]


def source_id(name: str | None) -> str:
    """A stable id for a source name ("Ministry of Defence" -> "ministry-of-defence")."""
    if not name:
        return "unattributed"
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")
    return slug[:64] or "unattributed"


def ensure_source(session: Session, name: str | None) -> str:
    """The id of the source called ``name``, adding it (as an unclassified source) if it is new."""
    ident = source_id(name)
    if session.get(SourceRow, ident) is None:
        session.add(
            SourceRow(
                id=ident, name=name or "unattributed", party=None, kind="unclassified", url="", notes=""
            )
        )
        session.flush()
    return ident


def write_document(session: Session, document: Document, source: str, claims: list[Claim]) -> bool:
    """Store one document with its claims (reconciliation gives them incidents); False if the same
    text was stored before."""
    if session.scalar(select(DocumentRow.id).where(DocumentRow.id == document.id)) is not None:
        return False
    session.add(
        DocumentRow(
            id=document.id,
            source_id=source,
            published=document.published,
            lang=document.lang,
            url=document.url,
            title=document.title,
            text=document.text,
            ingested_at=convert.now(),
        )
    )
    session.flush()
    session.add_all(convert.claim_row(claim, None) for claim in claims)
    session.flush()
    session.add_all(row for claim in claims for row in convert.casualty_rows(claim))
    return True
