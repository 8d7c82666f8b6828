"""Ingesting documents: read them, extract their claims, store them once each, link and locate, in one
transaction.

A document is stored once, by the hash of its text; ingesting it again changes nothing, and a document
that was retracted stays retracted (the report says so). Each document's source is found among the known
sources by id, name or alias; an unknown name becomes a new source, a claimant until someone says
otherwise: nothing becomes the monitor's record by its name alone.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from weakref import WeakKeyDictionary

from truce.documents import read_documents
from truce.errors import InputError
from truce.extract import Extractor
from truce.extract.discourse import TextPart
from truce.extract.result import ExtractedClaim, as_claim
from truce.extract.rules import speaker_of
from truce.extract.voices import OUTLET
from truce.gazetteer import Gazetteer
from truce.model import Claim, Document, Party, Place, Profile, Source
from truce.record.linking import Ground, relink
from truce.store import LinkReport, Store, Tx

__all__ = [
    "PARALLEL_FROM",
    "IngestReport",
    "Progress",
    "claim_id",
    "extract",
    "find_source",
    "ingest",
    "read",
    "text_parts",
]

#: Told how the work goes, phase by phase: (phase, done, total), total None while unknown. The phases are
#: "reading", "extracting", "storing", "linking", "locating" and "committing" (the audit log's entry and
#: the commit), in that order; with workers, extracting and storing overlap.
Progress = Callable[[str, int, int | None], None]

#: Batches smaller than this are extracted in this process, whatever ``workers`` says: a worker process
#: starts in about a second (it imports Truce and builds its extractor), more than a few hundred short
#: documents take to extract.
PARALLEL_FROM = 1000
#: Documents sent to a worker at a time: enough that the cost of sending them is small beside their
#: extraction, few enough that the progress moves and the workers finish together.
CHUNK = 200


@dataclass(frozen=True)
class IngestReport:
    added: int  # documents stored now
    known: int  # documents stored before (same text): their claims are not read again
    republished: int  # of those, new publications (another source or address), recorded as such
    retracted: int  # of those, documents that were retracted and stay so
    claims: int  # claims stored now
    undated: int  # claims with no date whose document has no publication date: not stored
    link: LinkReport | None


def read(
    paths: Iterable[Path],
    source: str | None = None,
    published: date | None = None,
    progress: Progress | None = None,
) -> list[Document]:
    """The documents in the files, every file read before anything is stored (a bad file stops all)."""
    found: list[Document] = []
    if progress:
        progress("reading", 0, None)
    for path in paths:
        for document in read_documents(path, published=published, source=source):
            found.append(document)
            if progress and len(found) % CHUNK == 0:
                progress("reading", len(found), None)
    if progress:
        progress("reading", len(found), len(found))
    return found


def claim_id(document: Document, number: int) -> str:
    """The id of the ``number``-th claim read from a document: stable across runs."""
    return f"C-{document.id[:16]}-{number}"


def extract(store: Store, documents: list[Document], lang: str = "auto") -> list[ExtractedClaim]:
    """The claims (and denials) the documents make, nothing stored: each speaker known by its source."""
    extractor = _extractor(store)
    known = _Known(list(store.sources().values()))
    return [claim for document in documents for claim in _extract(extractor, document, known, lang)]


def text_parts(store: Store, document: Document, lang: str = "auto") -> list[TextPart]:
    """What each part of a document does as the extractor reads it (``truce extract --sentences``)."""
    return _extractor(store).parts(document.text, document.published, document.lang or lang, document.source)


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


def _extract(extractor: Extractor, document: Document, known: _Known, lang: str) -> list[ExtractedClaim]:
    source = known.find(document.source)
    speaker = source.party if source else speaker_of(document.source)
    return extractor.extract(
        document.text, document.published, document.lang or lang, document.source, True, speaker
    )


# What one document gives: its claims with the voice that gives each, and how many undated claims of an
# undated document were left out.
_Read = tuple[list[tuple[Claim, str]], int]


def _read_claims(extractor: Extractor, document: Document, known: _Known, lang: str, timezone: str) -> _Read:
    """The claims of one document as the store keeps them. A failure names the document: in a batch of
    thousands, "which one" is the first question."""
    try:
        claims, undated = [], 0
        for number, item in enumerate(_extract(extractor, document, known, lang), 1):
            if item.event_date is None and document.published is None:
                undated += 1
                continue
            claim = as_claim(item, claim_id(document, number), document, extractor.gazetteer, timezone)
            claims.append((claim, item.voice))
        return claims, undated
    except Exception as exc:  # re-raised as one picklable error, so that a worker's reaches the caller
        where = document.origin or f"document {document.id[:16]}"
        raise InputError(
            f"{where}: its claims could not be read ({type(exc).__name__}: {exc}); nothing was stored"
        ) from exc


@dataclass(frozen=True)
class _Setup:
    """What a worker process needs to extract as this process does, as plain data sent once to each: the
    gazetteer's places and focus, the profile, the mandate window and the parties (the extractor's
    inputs), the sources known before the transaction, the mission's time zone and the language."""

    places: list[Place]
    focus: tuple[float, float] | None
    profile: Profile
    window: tuple[date, date | None] | None
    parties: list[Party]
    sources: list[Source]
    timezone: str
    lang: str


# the worker process's own extractor, sources and setup, built once when the worker starts
_worker: tuple[Extractor, _Known, _Setup] | None = None


def _start_worker(setup: _Setup) -> None:
    global _worker
    gazetteer = Gazetteer(setup.places, focus=setup.focus)
    extractor = Extractor(gazetteer, setup.profile, setup.window, setup.parties)
    _worker = extractor, _Known(setup.sources), setup


def _read_chunk(documents: list[Document]) -> list[_Read]:
    assert _worker is not None, "a worker is started with _start_worker"
    extractor, known, setup = _worker
    return [_read_claims(extractor, d, known, setup.lang, setup.timezone) for d in documents]


@contextmanager
def _extraction(
    store: Store,
    documents: list[Document],
    lang: str,
    sources: list[Source],
    workers: int,
    parallel_from: int,
    progress: Progress | None,
) -> Iterator[Iterable[_Read]]:
    """What each document gives, in order. A small batch is read here, before the caller's transaction
    opens. A large one is read by ``workers`` processes, each with its own extractor built from the same
    inputs (so the claims and their ids are the same), while the caller stores what they have read: the
    extraction and the storing overlap. Leaving the block stops the workers."""
    total = len(documents)
    if progress:
        progress("extracting", 0, total)
    extractor, timezone = _extractor(store), store.mission().timezone
    if workers <= 1 or total < max(parallel_from, 2):
        found, known = [], _Known(sources)
        for document in documents:
            found.append(_read_claims(extractor, document, known, lang, timezone))
            if progress:
                progress("extracting", len(found), total)
        yield found
        return
    gazetteer = extractor.gazetteer
    setup = _Setup(
        list(gazetteer.places.values()),
        gazetteer.focus,
        extractor.profile,
        extractor.window,
        list(store.parties().values()),
        sources,
        timezone,
        lang,
    )
    size = max(1, min(CHUNK, -(-total // (4 * workers))))  # at least four chunks a worker
    chunks = [documents[i : i + size] for i in range(0, total, size)]
    # spawned, not forked: a fork would copy the locks of the caller's threads and its open connections
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(min(workers, len(chunks)), context, _start_worker, (setup,))

    def results() -> Iterator[_Read]:
        done = 0
        for chunk in pool.map(_read_chunk, chunks):
            done += len(chunk)
            if progress:
                progress("extracting", done, total)
            yield from chunk

    try:
        yield results()
    except BaseException:
        pool.shutdown(wait=True, cancel_futures=True)  # the chunks not begun are dropped
        raise
    pool.shutdown(wait=True)


def ingest(
    store: Store,
    documents: list[Document],
    lang: str = "auto",
    progress: Progress | None = None,
    workers: int = 1,
    parallel_from: int | None = None,
) -> IngestReport:
    """Extract and store ``documents`` with their claims, then link and locate, all in one transaction.

    ``workers``: processes to extract in when the batch holds ``parallel_from`` (by default
    :data:`PARALLEL_FROM`) documents or more; the record is the same as with one. They are spawned, so a
    script that asks for them runs its work under ``if __name__ == "__main__":``. A document whose claims
    cannot be read stops the ingest with nothing written, naming the document. ``progress`` is told how
    each phase goes.
    """
    known_sources = list(store.sources().values())
    ground = Ground.of_store(store)
    added = known = republished = retracted = claimed = undated = 0
    new: list[Claim] = []
    least = PARALLEL_FROM if parallel_from is None else parallel_from
    extraction = _extraction(store, documents, lang, known_sources, workers, least, progress)
    with extraction as found, store.transaction("ingest") as tx:
        if progress:
            progress("storing", 0, len(documents))
        sources = tx.sources()  # read again inside the transaction: another writer may have added one
        named = _Names(tx, sources)
        stored_before = tx.known_documents([d.id for d in documents])
        pending: list[tuple[Document, str, list[Claim]]] = []  # added, not yet written

        def write(done: int) -> None:
            if pending:
                tx.add_documents(pending)
                pending.clear()
            if progress:
                progress("storing", done, len(documents))

        for done, (document, (claims, skipped)) in enumerate(zip(documents, found, strict=True), 1):
            source = named.source(document.source)
            if document.id in stored_before:  # the same text again: one document, perhaps republished
                write(done)  # first: the same text may be earlier in this batch, not yet written
                stored = tx.document(document.id)
                assert stored is not None
                known += 1
                republished += tx.add_publication(document, source.id)
                retracted += stored.retraction is not None
                continue
            for claim, voice in claims:  # each account is its speaker's (conventions 1)
                speaker = named.speaker(voice) or source
                claim.source_id, claim.standing, claim.incident_id = speaker.id, speaker.standing, None
            pending.append((document, source.id, [claim for claim, _ in claims]))
            stored_before.add(document.id)
            new.extend(claim for claim, _ in claims)
            added, claimed, undated = added + 1, claimed + len(claims), undated + skipped
            if len(pending) == CHUNK:
                write(done)
        write(len(documents))
        report = relink(tx, ground, new, progress) if added else None
        tx.details = {"documents": [d.id for d in documents], "added": added, "publications": republished}
        if progress:
            progress("committing", 0, None)
    if progress:
        progress("committing", 1, 1)
    return IngestReport(added, known, republished, retracted, claimed, undated, report)


class _Known:
    """Sources found by name among ``sources``, each name looked up once: a bulk ingest asks for the same
    few names thousands of times (:func:`find_source` reads every source's names each time)."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources
        self.found: dict[str | None, Source | None] = {}

    def find(self, name: str | None) -> Source | None:
        if name not in self.found:
            self.found[name] = find_source(name, self.sources)
        return self.found[name]


class _Names(_Known):
    """The sources of a transaction found by name; a name no source has becomes a new source."""

    def __init__(self, tx: Tx, sources: list[Source]) -> None:
        super().__init__(sources)
        self.tx = tx

    def source(self, name: str | None) -> Source:
        """The known source ``name`` names, or a new one."""
        found = self.find(name)
        if found is None:
            found = _new_source(self.tx, name, self.sources)
            self.found.clear()  # a name not found before may be this source's
        return found

    def speaker(self, voice: str) -> Source | None:
        """The source whose account a claim gives, when it is not the publisher's own ("AZ MoD" quoted
        in a news article is the ministry's claim, published by the outlet); None for the publisher's
        own voice or a speaker whose side the text leaves open ("? MoD")."""
        if voice == OUTLET or voice.startswith("?"):
            return None
        return self.source(voice)


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
