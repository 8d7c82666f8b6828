"""Opening the record: ``init`` (schema and mission pack) and ``open_store`` (ready to read, made on
first use when it is the default database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from truce.errors import StoreError
from truce.store import LinkReport, LoadResult, Store
from truce.store.db import read_database_url

if TYPE_CHECKING:
    from truce.packs import Pack

DEFAULT_PACK = "nagorno_karabakh"  # also truce.packs.DEFAULT_PACK; reading a store needs no pack code

__all__ = ["InitReport", "init", "open_store"]


@dataclass(frozen=True)
class InitReport:
    url: str
    load: LoadResult
    link: LinkReport | None  # None when the pack was already loaded and unchanged
    located: int  # incidents located again (those a change or an interrupted write left unlocated)


def init(db: str | None, pack: str | Pack = DEFAULT_PACK) -> InitReport:
    """Create or upgrade the schema and load a mission pack (a name, a folder, or one already read), in
    one transaction with the linking and locating it calls for. The pack is read and checked before the
    database is touched."""
    from truce.packs import load_pack

    if isinstance(pack, str):
        pack = load_pack(pack)
    store = Store.open(db, create=True)
    try:
        return _init(store, pack)
    finally:
        store.close()


def _init(store: Store, pack: Pack) -> InitReport:
    from truce.record.linking import Ground, locate, relink  # the cores, only when writing

    store.migrate()
    store.baseline()  # a record made before the audit log: the log starts from it
    loaded = store.loaded_packs()
    if loaded and pack.name not in loaded:
        raise StoreError(
            f"database {store.url} holds the mission pack '{loaded[0]}': a database holds one mission; "
            f"use another database for '{pack.name}'"
        )
    with store.transaction("load-pack") as tx:
        result = store.load_pack(tx, pack)
        ground = Ground.of_pack(pack)
        report = relink(tx, ground) if result.changed else None
        located, _ = locate(tx, ground, tx.unsited())
    return InitReport(store.url, result, report, located)


def open_store(
    db: str | None, on_first_use: Callable[[str], None] | None = None, read_db: str | None = None
) -> Store:
    """The store at ``db``, ready to read. Without ``db`` (and without ``TRUCE_DB``) it is the default
    database, made with the default pack on first use (``on_first_use`` is told where). A named database
    must exist: a mistyped path is an error, not a new empty file. Reads go to ``read_db`` (else
    ``TRUCE_READ_DB``), a replica of ``db``, when one is named."""
    store = Store.open(db, create=db is None, read_url=read_database_url(read_db))
    if db is None:
        try:
            store.require_ready()
        except StoreError:
            from truce.packs import load_pack

            if on_first_use:
                on_first_use(f"First use: creating {store.url} with the {DEFAULT_PACK} pack.")
            _init(store, load_pack(DEFAULT_PACK))
    store.require_ready()
    return store
