"""The same store on PostgreSQL: migrations, the pack, idempotence and the commands."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from truce.cli import app
from truce.packs import Pack
from truce.record.incidents import summary
from truce.record.setup import init
from truce.store import IncidentFilter, Store, spatial


def test_init_load_and_read_back(pg_url: str, pack: Pack) -> None:
    init(pg_url, pack)
    assert init(pg_url, pack).load.changed is False  # loading the same pack again writes nothing
    store = Store.open(pg_url)
    try:
        counts = store.counts()
        assert counts["incidents"] == 33
        assert sum(monitor for monitor, _ in summary(store).years.values()) == 60
        with store.engine.connect() as connection:
            assert spatial.compare_schema(connection) == []  # PostGIS's columns (0009) aside
        farukh = store.incidents(IncidentFilter(accused="AZ"))
        assert any(i.place_id == "parukh" for i in farukh)
        assert store.gazetteer().resolve("Фарух").id == "parukh"
    finally:
        store.close()


def test_bulletin_from_postgres(pg_url: str, pack: Pack) -> None:
    init(pg_url, pack)
    result = CliRunner().invoke(app, ["bulletin", "2022-03-11", "--db", pg_url])
    assert result.exit_code == 0, result.output
    assert "13 ceasefire violations." in result.stdout


def test_unreachable_server_is_one_line() -> None:
    result = CliRunner().invoke(
        app, ["summary", "--db", "postgresql+psycopg://nobody@/x?host=/nonexistent&port=1"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot open database")


def test_ingest_and_reconcile_on_postgres(pg_url: str, pack: Pack, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # written for the test: a statement that joins the monitor's incident of 8 March 2022 at Khramort
    init(pg_url, pack)
    path = tmp_path / "statement.txt"
    path.write_text(
        "Yesterday the Azerbaijani side fired mortars at Khramort. No casualties.", encoding="utf-8"
    )
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(path), "--published", "2022-03-09", "--source", "NK MoD", "--db", pg_url]
    )
    assert result.exit_code == 0, result.output
    compared = runner.invoke(app, ["compare", "I-rumod-20220308", "--db", pg_url])
    assert compared.exit_code == 0, compared.output
    assert "Defence Army of Nagorno-Karabakh" in compared.stdout and "2 claims" in compared.stdout
    # a denial of a withdrawal holds a stance longer than ten characters: PostgreSQL enforces lengths
    denial = tmp_path / "denial.txt"
    denial.write_text(
        "The Azerbaijani defence ministry denied that its troops had withdrawn from Farukh.", encoding="utf-8"
    )
    result = runner.invoke(
        app, ["ingest", str(denial), "--published", "2022-03-28", "--source", "AZ MoD", "--db", pg_url]
    )
    assert result.exit_code == 0, result.output


def test_the_same_batch_gives_the_same_record_on_both_backends(pg_fresh: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every real published text of the corpus (380) into SQLite and into PostgreSQL: every entity the
    same, row for row (the documents and the pack aside: they carry the moment they were stored), and the
    same answers to the same questions."""
    from test_incremental_link import documents

    from truce.record.incidents import IncidentQuery, find
    from truce.record.ingest import ingest

    found = documents()
    digests, answers = [], []
    for url in (f"sqlite:///{tmp_path / 'same.db'}", pg_fresh):
        init(url, "nagorno_karabakh")
        store = Store.open(url)
        try:
            for start in range(0, len(found), 25):
                ingest(store, found[start : start + 25])
            digests.append(
                {(k, key): d for k, key, d in store.entity_digests() if k not in ("document", "pack")}
            )
            answers.append(
                [
                    sorted(i.id for i in find(store, query).incidents)
                    for query in (
                        IncidentQuery(date(2022, 1, 1), date(2022, 12, 31)),
                        IncidentQuery(place="Askeran"),
                        IncidentQuery(accused="AZ", monitor_only=True),
                        IncidentQuery(means="mortar"),
                    )
                ]
            )
        finally:
            store.close()
    lite, pg = digests
    assert len(lite) > 1000 and {k for k, _ in lite} >= {"claim", "incident", "source", "activity"}
    assert sorted(k for k in lite if lite[k] != pg.get(k)) == [] and lite.keys() == pg.keys()
    assert answers[0] == answers[1] and all(answers[0])
