"""Ingesting documents: read them, extract their claims, store them once each, link and locate, in one
transaction.

A document is stored once, by the hash of its text; ingesting it again changes nothing, and a document
that was retracted stays retracted (the report says so). Each document's source is found among the known
sources by id, name or alias; an unknown name becomes a new source, a claimant until someone says
otherwise: nothing becomes the monitor's record by its name alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from truce.documents import read_documents
from truce.extract import Extractor
from truce.extract.result import ExtractedClaim, as_claim
from truce.extract.rules import speaker_of
from truce.extract.voices import OUTLET
from truce.gazetteer import Gazetteer
from truce.model import Claim, Document, Source
from truce.record.linking import Ground, relink
from truce.store import LinkReport, Store, Tx

__all__ = ["IngestReport", "claim_id", "extract", "find_source", "ingest", "read"]


@dataclass(frozen=True)
class IngestReport:
    added: int  # documents stored now
    known: int  # documents stored before (same text): their claims are not read again
    republished: int  # of those, new publications (another source or address), recorded as such
    retracted: int  # of those, documents that were retracted and stay so
    claims: int  # claims stored now
    undated: int  # claims with no date whose document has no publication date: not stored
    link: LinkReport | None


def read(paths: Iterable[Path], source: str | None = None, published=None) -> list[Document]:  # type: ignore[no-untyped-def]
    """The documents in the files, every file read before anything is stored (a bad file stops all)."""
    return [d for path in paths for d in read_documents(path, published=published, source=source)]


def claim_id(document: Document, number: int) -> str:
    """The id of the ``number``-th claim read from a document: stable across runs."""
    return f"C-{document.id[:16]}-{number}"


def extract(store: Store, documents: list[Document], lang: str = "auto") -> list[ExtractedClaim]:
    """The claims (and denials) the documents make, nothing stored: each speaker known by its source."""
    extractor = _extractor(store)
    sources = list(store.sources().values())
    return [claim for document in documents for claim in _extract(extractor, document, sources, lang)]


def _extractor(store: Store) -> Extractor:
    """The extractor of the mission: its gazetteer, profile and parties, and its mandate, so that a claim
    dated outside it is flagged. Built once for a gazetteer (its name index is the costly part); the store
    gives a new gazetteer when its places change."""
    gazetteer = store.gazetteer()
    if gazetteer not in _EXTRACTORS:
        mission = store.mission()
        _EXTRACTORS[gazetteer] = Extractor(
            gazetteer, store.profile(), (mission.start, mission.ended), store.parties().values()
        )
    return _EXTRACTORS[gazetteer]


_EXTRACTORS: WeakKeyDictionary[Gazetteer, Extractor] = WeakKeyDictionary()


def _extract(
    extractor: Extractor, document: Document, sources: list[Source], lang: str
) -> list[ExtractedClaim]:
    source = find_source(document.source, sources)
    speaker = source.party if source else speaker_of(document.source)
    return extractor.extract(
        document.text, document.published, document.lang or lang, document.source, True, speaker
    )


def ingest(
    store: Store,
    documents: list[Document],
    lang: str = "auto",
    progress: Callable[[], None] | None = None,
) -> IngestReport:
    """Extract and store ``documents`` with their claims, then link and locate, all in one transaction.

    ``progress`` is called once per document extracted.
    """
    gazetteer, timezone = store.gazetteer(), store.mission().timezone
    extractor = _extractor(store)
    known_sources = list(store.sources().values())
    extracted: list[tuple[Document, list[tuple[Claim, str]], int]] = []
    for document in documents:
        found = _extract(extractor, document, known_sources, lang)
        claims, undated = [], 0
        for number, item in enumerate(found, 1):
            if item.event_date is None and document.published is None:
                undated += 1
                continue
            claim = as_claim(item, claim_id(document, number), document, gazetteer, timezone)
            claims.append((claim, item.voice))
        extracted.append((document, claims, undated))
        if progress:
            progress()
    ground = Ground.of_store(store)
    added = known = republished = retracted = claimed = undated = 0
    new: list[Claim] = []
    with store.transaction("ingest") as tx:
        sources = tx.sources()  # read again inside the transaction: another writer may have added one
        for document, claims, skipped in extracted:
            source = find_source(document.source, sources) or _new_source(tx, document.source, sources)
            stored = tx.document(document.id)
            if stored is not None:  # the same text again: one document, perhaps another publication of it
                known += 1
                republished += tx.add_publication(document, source.id)
                retracted += stored.retraction is not None
                continue
            for claim, voice in claims:  # each account is its speaker's (conventions 1)
                speaker = _speaker(tx, voice, sources) or source
                claim.source_id, claim.standing, claim.incident_id = speaker.id, speaker.standing, None
            tx.add_document(document, source.id, [claim for claim, _ in claims])
            new.extend(claim for claim, _ in claims)
            added, claimed, undated = added + 1, claimed + len(claims), undated + skipped
        report = relink(tx, ground, new) if added else None
        tx.details = {
            "documents": [d.id for d, _, _ in extracted],
            "added": added,
            "publications": republished,
        }
    return IngestReport(added, known, republished, retracted, claimed, undated, report)


def _speaker(tx: Tx, voice: str, sources: list[Source]) -> Source | None:
    """The source whose account a claim gives, when it is not the publisher's own ("AZ MoD" quoted in a
    news article is the ministry's claim, published by the outlet); None for the publisher's own voice
    or a speaker whose side the text leaves open ("? MoD")."""
    if voice == OUTLET or voice.startswith("?"):
        return None
    return find_source(voice, sources) or _new_source(tx, voice, sources)


def _key(name: str) -> str:
    """A source name as compared: case and spacing do not matter; punctuation does ("RU MoD" is not
    "RU-MoD": distinct names are never merged silently)."""
    return " ".join(name.casefold().split())


def find_source(name: str | None, sources: list[Source]) -> Source | None:
    """The known source ``name`` is the id, name or an alias of."""
    if not name:
        name = "unattributed"
    key = _key(name)
    for source in sources:
        if name == source.id or key in {_key(source.name), *map(_key, source.aliases)}:
            return source
    return None


def _new_source(tx: Tx, name: str | None, sources: list[Source]) -> Source:
    """A new claimant source for an unknown name. Its id is the name's slug; two names that differ only
    in punctuation share it, so a name whose slug is taken gets a suffix from its hash (never merged)."""
    name = name or "unattributed"
    slug = re.sub(r"[^\w]+", "-", name.lower(), flags=re.UNICODE).strip("-")[:48] or "source"
    taken = {s.id for s in sources}
    ident = slug if slug not in taken else f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    source = Source(ident, name, speaker_of(name), "unclassified")
    tx.add_source(source)
    sources.append(source)
    return source
