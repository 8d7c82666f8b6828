"""The documents of the record: listing them, showing one, and retracting one.

A retracted document stays in the record, marked with who retracted it, when and why; its claims stop
counting (they leave their incidents, which are rebuilt or dropped), and ingesting it again does not
bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.errors import FieldError, InputError
from truce.model import Document
from truce.record.linking import Ground, relink
from truce.store import DocumentFilter, LinkReport, Store, user

__all__ = ["RetractReport", "documents", "retract", "show"]


def documents(store: Store, source: str | None = None, retracted: bool | None = None) -> list[Document]:
    """The documents ingested, newest first (without their text); ``source`` is a source id."""
    if source is not None and source not in store.sources():
        raise FieldError("source", f"no source '{source}' (see `truce documents` for the sources in use)")
    return store.documents(DocumentFilter(source, retracted))


def show(store: Store, document_id: str) -> tuple[Document, list[str]]:
    """One document, by its id or the first characters of it, with the ids of its claims."""
    document = store.document(document_id)
    return document, store.claims_of_document(document.id)


@dataclass(frozen=True)
class RetractReport:
    document: Document
    claims: int  # claims that stopped counting
    link: LinkReport


def retract(store: Store, document_id: str, reason: str, by: str | None = None) -> RetractReport:
    """Retract a document: it stays, marked; its claims stop counting; incidents are relinked."""
    reason = " ".join(reason.split())
    if not reason:
        raise FieldError("reason", "say why the document is retracted")
    if len(reason) > 2000:
        raise FieldError("reason", "is longer than 2000 characters")
    who = " ".join((by or user()).split())
    document = store.document(document_id)
    if document.retraction is not None:
        raise InputError(
            f"document {document.id[:16]} was already retracted on {document.retraction.at:%Y-%m-%d} by "
            f"{document.retraction.by}: {document.retraction.reason}"
        )
    with store.transaction("retract", who) as tx:
        claims = tx.retract(document.id, who, reason)
        tx.details = {"document": document.id, "reason": reason}
        report = relink(tx, Ground.of_store(store))
    return RetractReport(store.document(document.id), claims, report)
