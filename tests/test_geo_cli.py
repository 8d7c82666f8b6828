"""The geography commands, run in-process on a real SQLite file, and the sitings they store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from alembic.command import downgrade
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from truce.cli import app
from truce.packs import load_pack
from truce.record.setup import init
from truce.store import Store
from truce.store.db import _config


def test_areas_as_of_a_day(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("areas", "--as-of", "2022-03-26")
    assert result.exit_code == 0, result.output
    for version in ("zone-north-v3", "zone-south-v3", "corridor-lachin-v1", "line-of-contact-v3"):
        assert version in result.stdout
    assert "4 area versions in force on 26 March 2022." in result.stdout
    assert "12 area versions in all." in cli("areas").stdout  # countries are the background, not listed


def test_locate_changes_nothing_on_a_fresh_load(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("locate")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip() == "Located 33 incidents against the areas and posts of their day: 0 changed."
    )


def test_locate_fills_what_is_missing(store: Store, cli) -> None:  # type: ignore[no-untyped-def]
    with store.engine.begin() as connection:
        connection.execute(text("update incidents set sited = false, areas = null"))
    assert all(i.siting is None for i in store.incidents())
    assert "33 changed" in cli("locate").stdout
    farukh = store.incident("I-rumod-20220324")
    assert farukh.siting is not None and farukh.siting.areas == ("zone-north-v3",)


def test_coverage(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("coverage", "--as-of", "2022-03-11", "--names", "hy")
    assert result.exit_code == 0, result.output
    assert "zones together" in result.stdout and "north zone" in result.stdout
    assert "Left out, no range set: Russian-Turkish Joint Monitoring Centre." in result.stdout
    assert "Sarsang Reservoir" in result.stdout
    after = cli("coverage", "--as-of", "2025-01-01").stdout
    assert after.strip() == "No area of the mission was in force on 1 January 2025."
    assert cli("coverage").exit_code == 2  # --as-of is required


def test_findings(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("findings", "--from", "2022-03-24", "--to", "2022-03-25", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["findings"]
    assert [f["kind"] for f in found] == ["zone_entry", "line_crossing", "near_post"]
    assert all(f["incident"] == "I-rumod-20220324" and not f["clear"] for f in found)
    assert "does not establish it" in found[0]["text"]
    table = cli("findings", "--from", "2023-03-25", "--to", "2023-03-25").stdout
    assert "advance across the line of contact" in table and "2.9 km north-east of" in table
    assert "3 findings on 1 incidents" not in table and "2 findings on 1 incidents" in table
    assert cli("findings", "--from", "2023-01-01", "--to", "2022-01-01").stderr.startswith("Error: --to")


def test_bulletin_states_only_what_the_map_settles(cli) -> None:  # type: ignore[no-untyped-def]
    # the pack's positions are drawn to within kilometres: the bulletin counts the unsettled checks
    # instead of printing them as if they were established
    text = cli("bulletin", "2022-03-24").stdout
    assert "- Item 1: incident I-rumod-20220324; 3 spatial checks not settled at the map's precision" in text
    assert "Entry into the zone of responsibility" not in text and "Spatial check" not in text
    plain = cli("bulletin", "2022-03-24", "--format", "text").stdout
    assert "3 spatial checks not settled" in plain.split("ANNEX: RECORD REFERENCES")[1]
    assert "spatial check" not in cli("bulletin", "2022-03-11").stdout  # a district: nothing to measure


def test_bulletin_prints_a_settled_finding(pack) -> None:  # type: ignore[no-untyped-def]
    from truce.geo.findings import Finding, FindingKind
    from truce.report.bulletin import Theatre, build_bulletin

    theatre = Theatre(
        mission=pack.mission,
        profile=pack.profile,
        parties={p.code: p for p in pack.parties},
        sources={s.id: s for s in pack.sources},
        ceasefire={c.point: c for c in pack.ceasefire},
        gazetteer=pack.gazetteer(),
        posts=pack.posts,
        areas=pack.areas,
    )
    # written for the test: the position as if it lay 9 km inside a zone drawn to within 1 km
    day = date(2022, 3, 24)
    settled = Finding(FindingKind.ZONE_ENTRY, "I-rumod-20220324", day, "zone-north-v2", 9000.0, 1000.0, True)
    names = pack.profile.conventions["en"]
    bulletin = build_bulletin(day, pack.incidents, theatre, convention=names, findings=[settled])
    [item] = bulletin.items
    assert len(item.checks) == 1 and item.checks[0].startswith("Entry into the zone of responsibility")
    assert item.unsettled == 0


def test_init_upgrades_an_older_database_and_locates(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    init(url, load_pack())
    config, engine = _config(), create_engine(url)  # without Truce's foreign-key pragma, as SQLite needs
    with engine.begin() as connection:  # back to the schema before sitings existed, data kept
        config.attributes["connection"] = connection
        downgrade(config, "0001")
    engine.dispose()
    result = CliRunner().invoke(app, ["init", "--db", url])
    assert result.exit_code == 0, result.output
    store = Store.open(url)
    assert store.is_current()
    assert store.incident("I-rumod-20220324").siting is not None
    # the upgrade keeps every row: a claim's casualties survive the claims table gaining a column
    assert len(store.incident("I-rumod-20220803").casualties) == 2
    assert store.counts()["claims"] == 33
    store.close()
