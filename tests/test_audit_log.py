"""The audit log: every write appends one entry in its transaction, the chain holds, and every tampering
with a table of the record or with the log itself is detected, naming the entry. The statements are
written for the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from truce.record.audit import verify
from truce.store import Store, ledger
from truce.store.ledger import ENTITIES, UNLOGGED, every_digest, state_digest

STATEMENT = {
    "text": "Written for the test. Yesterday the armed forces of Azerbaijan fired mortars at positions near "
    "Khramort. Two servicemen were wounded.",
    "published": "2022-03-09",
    "source": "NK MoD",
}


@pytest.fixture
def record(cli, db_url: str, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """A record with every kind of write: the pack, an ingest, an observation, a decision, a retraction."""
    path = tmp_path / "statement.jsonl"
    relayed = {**STATEMENT, "source": "Caucasus Wire (written for the test)", "url": "https://example.org/r"}
    path.write_text(json.dumps(STATEMENT) + "\n" + json.dumps(relayed) + "\n", encoding="utf-8")
    assert cli("ingest", str(path)).exit_code == 0
    observed = ["observe", "--post", "pp-n6", "--date", "2022-03-08", "--observer", "written for the test"]
    assert cli(*observed, "--place", "Khramort", "--means", "mortar").exit_code == 0
    assert cli("unlink", "C-rumod-20220311", "I-rumod-20220308").exit_code == 0
    document = json.loads(cli("incidents", "--format", "json").stdout)["incidents"]
    doc = next(c["document"] for i in document for c in i["claims"] if c["source"] == "nkmod")
    assert cli("documents", "retract", doc, "--reason", "written for the test").exit_code == 0
    finding = ["verdict", "set", "I-rumod-20220311", "violation", "--note", "written for the test"]
    assert cli(*finding, "--fired-by", "unknown").exit_code == 0
    return db_url


def entries(url: str) -> list[dict]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(text("select * from audit_log order by seq"))]
    engine.dispose()
    return rows


def sql(url: str, *statements: str, params: dict | None = None) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
        for statement in statements:
            connection.execute(text(statement), params or {})
    engine.dispose()


def check(url: str):  # type: ignore[no-untyped-def]
    store = Store.open(url)
    try:
        return verify(store)
    finally:
        store.close()


def test_every_write_appends_one_entry_in_a_chain(record: str, cli) -> None:  # type: ignore[no-untyped-def]
    actions = [e["action"] for e in entries(record)]
    assert actions == ["load-pack", "ingest", "observe", "unlink", "retract", "finding"]
    assert all(e["who"] for e in entries(record))
    result = cli("verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("The log holds: 6 entries")
    assert "written for the test" in entries(record)[2]["who"]  # the observer is the observation's author


def test_a_failed_write_leaves_no_entry(record: str, cli) -> None:  # type: ignore[no-untyped-def]
    before = entries(record)
    assert cli("link", "C-nothing", "I-rumod-20220311").exit_code == 1
    assert entries(record) == before


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    names = [n for n in inspect(engine).get_table_names() if n not in UNLOGGED]
    engine.dispose()
    return names


def test_every_table_of_the_record_is_an_entity_or_a_part_of_one(db_url: str) -> None:
    covered = {e.table.name for e in ENTITIES.values()} | {
        t.name for e in ENTITIES.values() for t, _ in e.parts
    }
    assert set(_tables(db_url)) == covered


# (table, key column, a column to edit, the value to put there)
EDITS = [
    ("claims", "id", "accused", "'AM'"),
    ("casualties", "id", "count", "99"),
    ("incidents", "id", "violations", "40"),
    ("documents", "id", "text", "'forged'"),
    ("documents", "id", "retraction_reason", "NULL"),
    ("observations", "claim_id", "fired_by", "'AM'"),
    ("link_decisions", "id", "kind", "'link'"),
    ("findings", "id", "verdict", "'unfounded'"),
    ("publications", "id", "url", "'x'"),
    ("sources", "id", "kind", "'monitor'"),
    ("places", "id", "lat", "40.5"),
    ("place_names", "id", "text", "'Forgedville'"),
    ("posts", "id", "active_to", "'2021-01-01'"),
    ("areas", "id", "valid_to", "'2021-01-01'"),
    ("parties", "code", "name_en", "'forged'"),
    ("mission", "id", "ended", "'2030-01-01'"),
    ("ceasefire_points", "point", "summary", "'forged'"),
    ("packs", "name", "hash", "'forged'"),
]


def test_tampering_with_the_tables_is_detected(record: str) -> None:
    tried = detected = 0
    for table, key, column, value in EDITS:
        engine = create_engine(record)
        with engine.connect() as connection:
            first = connection.execute(text(f"select {key} from {table} order by {key} limit 1")).scalar()
            query = text(f"select * from {table} where {key} = :k")
            row = dict(connection.execute(query, {"k": first}).one()._mapping)
        engine.dispose()
        forged = {**row, key: f"{first}-forged" if isinstance(first, str) else int(first) + 100000}
        columns = ", ".join(forged)
        backup = Path(record.removeprefix("sqlite:///")).read_bytes()
        for tampering, statement, params in (
            ("edit", f"update {table} set {column} = {value} where {key} = :k", {"k": first}),
            ("delete", f"delete from {table} where {key} = :k", {"k": first}),
            (
                "insert",
                f"insert into {table} ({columns}) values ({', '.join(':' + c for c in forged)})",
                forged,
            ),
        ):
            tried += 1
            sql(record, statement, params=params)
            found = [p for p in check(record).problems if p.what != "entry"]
            assert found, f"{tampering} of {table} {first} not detected"
            detected += 1
            Path(record.removeprefix("sqlite:///")).write_bytes(backup)
            assert check(record).holds
    print(f"\ntampering with the tables: {detected} of {tried} detected")
    assert detected == tried >= 3 * len(EDITS)


def test_tampering_with_the_log_is_detected(record: str) -> None:
    backup = Path(record.removeprefix("sqlite:///")).read_bytes()
    cases = {
        "edit an entry": "update audit_log set who = 'someone else' where seq = 3",
        "edit a change": "update audit_log set change = replace(change, 'written', 'WRITTEN') where seq = 5",
        "delete an entry": "delete from audit_log where seq = 2",
        "reorder": "update audit_log set seq = seq + 100 where seq in (2, 3); "
        "update audit_log set seq = 3 where seq = 102; update audit_log set seq = 2 where seq = 103",
        "forge a hash": "update audit_log set hash = '" + "f" * 64 + "' where seq = 4",
    }
    tried = detected = 0
    for name, statements in cases.items():
        tried += 1
        sql(record, *statements.split("; "))
        result = check(record)
        broken = [p for p in result.problems if p.what == "entry"]
        assert broken, name
        assert broken[0].entry is not None and "it says:" in broken[0].problem
        detected += 1
        Path(record.removeprefix("sqlite:///")).write_bytes(backup)
    print(f"\ntampering with the log: {detected} of {tried} detected")
    assert detected == tried


def test_columns_added_after_the_log_leave_the_old_digests_alone(tmp_path: Path, store: Store) -> None:
    """A column a migration adds to a logged table after the log began (0004) is in LATE_COLUMNS, and a
    row where it holds its first value digests as it did before the column existed: a record upgraded by
    that migration still verifies against the log written before it."""
    from truce.store.db import upgrade
    from truce.store.ledger import LATE_COLUMNS

    old = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(old, "0004")
    then = {t: {c["name"] for c in inspect(old).get_columns(t)} for t in inspect(old).get_table_names()}
    old.dispose()
    for entity in ENTITIES.values():
        for table in (entity.table, *(t for t, _ in entity.parts)):
            if table.name in then:  # a table made later holds no row the old log speaks of
                added = {c.name for c in table.columns} - then[table.name]
                assert added == set(LATE_COLUMNS.get(table.name, {})), (table.name, added)
    with Session(store.engine) as session:
        digests = {(k, key): d for k, key, d in every_digest(session, state_digest)}
        row = session.execute(select(ENTITIES["incident"].table).limit(1)).one()
    state = {"row": {name: ledger._value(value) for name, value in row._mapping.items() if name != "verdict"}}
    assert digests[("incident", row._mapping["id"])] == state_digest(state)
