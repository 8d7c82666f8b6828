"""Every command, run in-process on a real SQLite file, with exact exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from truce.cli import app


def test_init_creates_and_is_idempotent(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'new.db'}"
    first = runner.invoke(app, ["init", "--db", url])
    assert first.exit_code == 0, first.output
    assert "Loaded pack 'nagorno_karabakh'" in first.stdout
    second = runner.invoke(app, ["init", "--db", url])
    assert second.exit_code == 0
    assert "already loaded and unchanged" in second.stdout


def test_init_reads_truce_db_from_the_environment(tmp_path: Path) -> None:
    path = tmp_path / "env.db"
    result = CliRunner().invoke(app, ["init"], env={"TRUCE_DB": f"sqlite:///{path}"})
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_default_database_is_made_on_first_use(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["summary"])
    assert result.exit_code == 0, result.output
    assert "First use" in result.stderr
    assert "33 incidents from 33 claims" in result.stdout
    assert "First use" not in CliRunner().invoke(app, ["summary"]).stderr


def test_init_unknown_pack(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["init", "--db", str(tmp_path / "x.db"), "--pack", "atlantis"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: atlantis: no such mission pack")


def test_places_search_every_name(cli) -> None:  # type: ignore[no-untyped-def]
    for query in ("Stepanakert", "Khankendi", "Xankendi", "Xankəndi", "Степанакерт"):
        result = cli("places", "search", query)
        assert result.exit_code == 0, result.output
        assert "Khankendi / Stepanakert" in result.stdout
        assert "Степанакерт" in result.stdout
    result = cli("places", "search", "Фарух")
    assert "Farukh / Parukh" in result.stdout
    assert "admin (former)" in result.stdout


def test_places_search_unknown(cli) -> None:  # type: ignore[no-untyped-def]
    # a near miss is never printed as if it were the place: it is suggested
    result = cli("places", "search", "Stpnkrt")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("Error: unknown place 'Stpnkrt'. Did you mean: ")
    assert "Stepanakert" in result.stderr
    # a misspelling that one name is clearly closest to is that place, and the card says what matched
    assert "matched 'Stepanakert' (score" in cli("places", "search", "Stepnakrt").stdout
    for name in ("Zzyzxqq", "Xyzzyville", "Paris"):
        result = cli("places", "search", name)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"Error: unknown place '{name}'.")
    # a spelling that sounds the same is the place
    assert "Khankendi / Stepanakert" in cli("places", "search", "Stepanakertt").stdout


def test_places_search_homonym_with_context(cli) -> None:  # type: ignore[no-untyped-def]
    assert ", AZ," in cli("places", "search", "Martuni").stdout
    assert ", AM," in cli("places", "search", "Martuni", "--in", "Gegharkunik").stdout


def test_incidents_table_and_filters(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("incidents", "--from", "2022-03-01", "--to", "2022-03-31")
    assert result.exit_code == 0, result.output
    assert "9 incidents, 27 violations (9 reported)." in result.stdout
    assert "6 incidents, 12 violations (6 reported)." in cli("incidents", "--accused", "unknown").stdout
    mortar = cli("incidents", "--means", "mortar", "--monitor-only").stdout
    assert "1 incidents, 1 violations (the monitor's record only)." in mortar
    parukh = cli("incidents", "--place", "Parukh", "--format", "json")
    ids = [i["id"] for i in json.loads(parukh.stdout)["incidents"]]
    assert ids == ["I-rumod-20220324", "I-rumod-20220411"]


def test_incidents_page_by_page(cli) -> None:  # type: ignore[no-untyped-def]
    def ids(*paging: str) -> list[str]:
        shown = cli("incidents", "--format", "json", *paging).stdout
        return [i["id"] for i in json.loads(shown)["incidents"]]

    pages = [ids("--page", str(n), "--per-page", "10") for n in (1, 2, 3, 4)]
    assert [len(p) for p in pages] == [10, 10, 10, 3]
    assert [i for p in pages for i in p] == ids()
    table = cli("incidents", "--from", "2022-03-01", "--to", "2022-03-31", "--page", "2", "--per-page", "4")
    assert "9 incidents, 27 violations (9 reported)." in table.stdout  # the totals of the whole list
    assert "Page 2 of 3: incidents 5 to 8." in table.stdout
    past = cli("incidents", "--page", "5", "--per-page", "10")
    assert past.exit_code != 0
    assert "--page: 5 is past the last page, 4 (at 10 incidents a page)" in past.output


def test_incidents_in_an_admin_unit(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("incidents", "--place", "Askeran province", "--format", "csv")
    province = {r["id"] for r in csv.DictReader(io.StringIO(result.stdout))}
    assert {"I-rumod-20220311", "I-rumod-20221105"} <= province
    # the town's name is also the former province's: both are meant, and the table says so
    town = cli("incidents", "--place", "Askeran")
    assert "Incidents at or in: Asgaran / Askeran (town); Asgaran / Askeran (province)" in town.stdout
    assert all(i in town.stdout for i in province)
    # a country: the incidents at places in it
    armenia = cli("incidents", "--place", "Armenia", "--format", "json")
    assert [i["id"] for i in json.loads(armenia.stdout)["incidents"]] == ["I-rumod-20220806"]


def test_incidents_json_carries_claims_and_precision(cli) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(cli("incidents", "--format", "json", "--names", "hy").stdout)["incidents"]
    assert len(data) == 33
    askeran = next(i for i in data if i["id"] == "I-rumod-20220311")
    assert askeran["location_precision"] == "district" and askeran["lat"] is None
    assert askeran["claims"][0]["source"] == "rumod"
    farukh = next(i for i in data if i["id"] == "I-rumod-20220324")
    assert farukh["place"] == "Parukh" and farukh["date_to"] == "2022-03-25"


def test_incidents_csv(cli) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(cli("incidents", "--format", "csv", "--names", "az").stdout)))
    assert len(rows) == 33
    assert sum(int(r["violations"]) for r in rows) == 60
    assert next(r for r in rows if r["id"] == "I-rumod-20220803")["casualties"] == (
        "NK servicemen killed 2; NK servicemen wounded 14"
    )


def test_bad_dates_and_codes_are_named(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("incidents", "--from", "2022-13-01")
    assert result.exit_code == 2
    assert result.stderr.strip() == "Error: --from: '2022-13-01' is not a date (use YYYY-MM-DD)"
    assert cli("bulletin", "yesterday").stderr.startswith("Error: DATE: 'yesterday' is not a date")
    assert "is not one of" in cli("incidents", "--accused", "XX").stderr
    assert "unknown naming convention" in cli("bulletin", "2022-03-11", "--names", "elvish").stderr
    assert cli("incidents", "--place", "Qwrtzk").stderr.startswith("Error: unknown place 'Qwrtzk'")


def test_database_that_cannot_be_opened_is_one_line() -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", "sqlite:////no/such/folder/x.db"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Error: cannot open database")
    assert "Traceback" not in result.output


def test_uninitialised_database_says_run_init(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["incidents", "--db", str(tmp_path / "blank.db")])
    assert result.exit_code == 1
    assert "run `truce init --db" in result.stderr
    assert not (tmp_path / "blank.db").exists()  # a mistyped path leaves no empty file behind
    (tmp_path / "empty.db").touch()
    result = CliRunner().invoke(app, ["incidents", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 1 and "is not initialised: run `truce init`" in result.stderr


def test_mission(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("mission", "--as-of", "2022-03-11")
    assert result.exit_code == 0
    assert "As of 11 March 2022" in " ".join(result.stdout.split())
    assert "10 November 2020" in result.stdout
    assert "10 November 2025" in result.stdout
    assert "10 May 2025" in result.stdout
    assert "In force that day yes" in " ".join(result.stdout.split())
    before = " ".join(cli("mission", "--as-of", "2019-06-01").stdout.split())
    assert "the mandate had not begun on 1 June 2019" in before and "In force that day no" in before
    after = " ".join(cli("mission", "--as-of", "2025-01-01").stdout.split())
    assert "Mission ended 12 June 2024" in after and "In force that day no" in after


def test_summary(cli) -> None:  # type: ignore[no-untyped-def]
    out = cli("summary").stdout
    assert "33 incidents from 33 claims" in out
    years = {line.split()[0]: line.split()[2:] for line in out.splitlines() if line.strip()[:2] == "20"}
    assert years == {
        "2020": ["1", "│", "0"],
        "2021": ["6", "│", "0"],
        "2022": ["50", "│", "0"],
        "2023": ["3", "│", "0"],
    }


def test_version() -> None:
    assert CliRunner().invoke(app, ["--version"]).stdout.startswith("truce ")
