"""The store: migrations, idempotent loads, transactions, and clear errors for databases that won't open."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from truce.errors import PackError, StoreError
from truce.packs import PACKS_DIR, load_pack
from truce.record.audit import verify
from truce.record.incidents import summary
from truce.record.setup import init
from truce.store import Store


def test_migrations_match_the_schema(store: Store) -> None:
    from truce.store.spatial import compare_schema

    with store.engine.connect() as connection:
        assert compare_schema(connection) == []


def test_init_twice_changes_nothing(store: Store, db_url: str, pack) -> None:  # type: ignore[no-untyped-def]
    before = store.counts()
    with store.engine.connect() as connection:
        loaded_at = connection.execute(text("select loaded_at from packs")).scalar()
    result = init(db_url, pack)
    assert not result.load.changed and result.link is None
    assert store.counts() == before
    with store.engine.connect() as connection:
        assert connection.execute(text("select loaded_at from packs")).scalar() == loaded_at


def test_changed_pack_replaces_its_rows(store: Store, db_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "nagorno_karabakh"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", copy)
    incidents = copy / "incidents.csv"
    lines = incidents.read_text(encoding="utf-8").splitlines(keepends=True)
    incidents.write_text("".join(line for line in lines if "rumod-20220311" not in line), encoding="utf-8")
    before, violations = store.counts(), summary(store).years[2022][0]
    result = init(db_url, load_pack(str(copy)))
    assert result.load.changed
    after = store.counts()
    assert after["incidents"] == before["incidents"] - 1
    assert summary(store).years[2022][0] == violations - 13
    assert after["places"] == before["places"]


def _observed_at_khramort(db_url: str) -> str:
    """An observation of the record (not the pack's) at a place of the pack: its claim's id."""
    from truce.record.observe import ObservationInput, observe

    store = Store.open(db_url)
    try:
        seen = ObservationInput("pp-n6", date(2022, 3, 8), "written for the test", place="Khramort")
        return observe(store, seen, today=date(2022, 3, 9)).claim.id
    finally:
        store.close()


def test_a_changed_pack_keeps_the_places_the_record_names(db_url: str, tmp_path: Path) -> None:
    claim = _observed_at_khramort(db_url)
    copy = tmp_path / "nagorno_karabakh"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", copy)
    places = copy / "places.csv"  # a new name of the place, as a pack's next version gives
    places.write_text(places.read_text(encoding="utf-8").replace("|Hramort|", "|Hramort|Khramorti|"), "utf-8")
    assert init(db_url, load_pack(str(copy))).load.changed  # refused before: the claim named the place
    store = Store.open(db_url)
    try:
        assert store.gazetteer().resolve("Khramorti").id == "khramort"
        with store.engine.connect() as connection:
            query = text("select place_id from claims where id = :id")
            assert connection.execute(query, {"id": claim}).scalar() == "khramort"
        assert verify(store).holds
    finally:
        store.close()


def test_a_pack_that_drops_a_place_the_record_names_is_refused(db_url: str, tmp_path: Path) -> None:
    _observed_at_khramort(db_url)
    copy = tmp_path / "nagorno_karabakh"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", copy)
    places = copy / "places.csv"
    kept = [line for line in places.read_text(encoding="utf-8").splitlines(True) if "Храморт" not in line]
    places.write_text("".join(kept), encoding="utf-8")
    for name in ("incidents.csv", "posts.csv", "activities.csv"):  # what else names it, by another place
        path = copy / name
        moved = path.read_text(encoding="utf-8").replace("Khramort", "Parukh").replace("khramort", "parukh")
        path.write_text(moved, encoding="utf-8")
    store = Store.open(db_url)
    before = store.counts()
    with pytest.raises(StoreError, match=r"drops places .*khramort"):
        init(db_url, load_pack(str(copy)))
    assert store.counts() == before and store.gazetteer().resolve("Khramort").id == "khramort"
    store.close()


def test_a_broken_pack_writes_nothing(store: Store, db_url: str, tmp_path: Path) -> None:
    copy = tmp_path / "nagorno_karabakh"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", copy)
    incidents = copy / "incidents.csv"
    incidents.write_text(
        incidents.read_text(encoding="utf-8").replace("2022-03-11", "2022-03-41"), encoding="utf-8"
    )
    before = store.counts()
    with pytest.raises(PackError):
        init(db_url, str(copy))
    assert store.counts() == before


def test_a_failed_write_rolls_back(tmp_path: Path, pack) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'x.db'}"
    broken = load_pack()
    broken.incidents[5].place_id = "no-such-place"  # violates a foreign key mid-load
    for claim in broken.claims:
        claim.place_id = claim.place_id and "no-such-place"
    with pytest.raises(StoreError, match="nothing was written"):
        init(url, broken)
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("select count(*) from places")).scalar() == 0
        assert connection.execute(text("select count(*) from packs")).scalar() == 0
    engine.dispose()


def test_uninitialised_database_says_what_to_run(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "empty.db"))
    with pytest.raises(StoreError, match="truce init"):
        store.require_ready()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("sqlite:////no/such/folder/truce.db", "does not exist"),
        ("nosuchdb://x", "not a database URL"),
    ],
)
def test_database_that_cannot_be_opened(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        Store.open(url)


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not an SQLite file at all" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(str(path)).require_ready()


def test_round_trip_of_an_incident(store: Store, pack) -> None:  # type: ignore[no-untyped-def]
    original = next(i for i in pack.incidents if i.id == "I-rumod-20220803")
    stored = store.incident("I-rumod-20220803")
    for field in (
        "date_from",
        "date_to",
        "violations",
        "place_id",
        "accused",
        "means",
        "no_casualties",
        "location_precision",
        "radius_m",
        "breaches",
        "lat",
        "lon",
    ):
        assert getattr(stored, field) == getattr(original, field), field
    assert sorted(map(str, stored.casualties)) == sorted(map(str, original.casualties))
    assert [c.id for c in stored.claims] == [c.id for c in original.claims]


def test_the_schema_revision_the_store_reads_is_the_newest_migration() -> None:
    from truce.store.db import SCHEMA_REVISION, head_revision

    assert head_revision() == SCHEMA_REVISION


def test_the_gazetteer_sees_a_pack_another_process_loaded(tmp_path: Path) -> None:
    # a server's worker keeps its gazetteer; `truce init` (another store, as in another process) loads a
    # new version of the pack with another name of a place: the worker resolves it without a restart
    from truce.errors import UnknownPlace

    copy = tmp_path / "lakeland"
    shutil.copytree(Path(__file__).parent / "packs" / "lakeland", copy)
    db = f"sqlite:///{tmp_path / 'lake.db'}"
    init(db, str(copy))
    worker = Store.open(db)
    with pytest.raises(UnknownPlace):
        worker.gazetteer().resolve("Brennvik")
    places = copy / "places.csv"
    text_of = places.read_text(encoding="utf-8")
    places.write_text(text_of.replace("Kveldraa|Sarnotch|", "Kveldraa|Brennvik|Sarnotch|"), encoding="utf-8")
    init(db, str(copy))
    assert worker.gazetteer().resolve("Brennvik").id == "kveldra"
    worker.close()
