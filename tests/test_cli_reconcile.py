"""Reconciliation from the command line: ingested statements join the monitor's incidents, compare shows
them side by side, and an analyst's link or unlink survives later runs. Texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RECORDS = [
    {
        "text": "Over the past day, the armed forces of Azerbaijan fired mortars at Khramort. "
        "Two servicemen of the Defence Army were wounded.",
        "published": "2022-03-12",
        "source": "NK Defence Army",
        "url": "https://example.org/nk/1",
    },
    {
        "text": "Over the past day, illegal Armenian armed formations fired at our positions near Pirlar. "
        "No losses.",
        "published": "2022-03-12",
        "source": "AZ MoD",
        "url": "https://example.org/az/1",
    },
    {
        "text": "On 11 March an Azerbaijani drone struck a position near Avdur, the Karabakh army said.",
        "published": "2022-03-12",
        "source": "Caucasus Wire",
    },
]


@pytest.fixture
def ingested(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    result = cli("ingest", str(path))
    assert result.exit_code == 0, result.output
    data = json.loads(
        cli("incidents", "--from", "2022-03-11", "--to", "2022-03-11", "--format", "json").stdout
    )
    return cli, {i["id"]: i for i in data["incidents"]}


def test_claims_of_one_incident_are_linked(ingested) -> None:  # type: ignore[no-untyped-def]
    _, incidents = ingested
    khramort = [i for i in incidents.values() if i["place_id"] == "khramort"]
    assert len(khramort) == 1
    sources = {c["source"] for c in khramort[0]["claims"]}
    assert sources == {"nkmod", "azmod"}  # "NK Defence Army" and "AZ MoD" are aliases of the pack's sources
    claim = next(c for c in khramort[0]["claims"] if c["source"] == "nkmod")
    assert claim["url"] == "https://example.org/nk/1" and claim["published"] == "2022-03-12"
    avdur = [i for i in incidents.values() if i["place_id"] == "avdur"]
    assert len(avdur) == 1 and len(avdur[0]["claims"]) == 1  # another place: another incident
    assert avdur[0]["claims"][0]["source"] == "caucasus-wire"  # a new name: a new source, a claimant
    assert khramort[0]["standing"] == avdur[0]["standing"] == "claimed"
    assert avdur[0]["claimants"] == ["Caucasus Wire"]


def test_compare_marks_what_is_contested(ingested) -> None:  # type: ignore[no-untyped-def]
    cli, incidents = ingested
    khramort = next(i["id"] for i in incidents.values() if i["place_id"] == "khramort")
    result = cli("compare", khramort, "--names", "hy")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "blamed ≠" in out and "casualties ≠" in out
    assert "near Khramort" in out  # the chosen convention beside the source's words
    assert "Pirlar" in out  # the source's own words, as it wrote them
    assert "Casualties (low-high): 0-2 NK servicemen wounded" in out
    assert (
        "Counted within the 13 violations of incident I-rumod-20220311" in out
    )  # the monitor's count for the district covers it


def test_count_is_matched_against_items(ingested) -> None:  # type: ignore[no-untyped-def]
    cli, _ = ingested
    out = cli("compare", "I-rumod-20220311").stdout
    assert "Of its 13 violations, 1 are itemised" in out


def test_unlink_and_link_survive_reconciliation(ingested) -> None:  # type: ignore[no-untyped-def]
    cli, incidents = ingested
    khramort = next(i for i in incidents.values() if i["place_id"] == "khramort")
    az_claim = next(c["id"] for c in khramort["claims"] if c["source"] == "azmod")
    assert cli("unlink", az_claim, khramort["id"], "--note", "different post").exit_code == 0
    assert "0 claims moved" in cli("reconcile").stdout
    data = json.loads(
        cli("incidents", "--from", "2022-03-11", "--to", "2022-03-11", "--format", "json").stdout
    )
    where = {c["id"]: i["id"] for i in data["incidents"] for c in i["claims"]}
    assert where[az_claim] != khramort["id"]
    assert cli("link", az_claim, khramort["id"]).exit_code == 0
    data = json.loads(
        cli("incidents", "--from", "2022-03-11", "--to", "2022-03-11", "--format", "json").stdout
    )
    where = {c["id"]: i["id"] for i in data["incidents"] for c in i["claims"]}
    assert where[az_claim] == khramort["id"]


def test_unknown_ids_are_named(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("link", "C-nothing", "I-rumod-20220311")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no claim 'C-nothing'"
    assert cli("compare", "I-nothing").stderr.strip() == "Error: no incident 'I-nothing'"


def test_the_bulletin_counts_the_monitor_and_attributes_the_claims(ingested) -> None:  # type: ignore[no-untyped-def]
    cli, _ = ingested
    text = cli("bulletin", "2022-03-11", "--format", "text").stdout
    monitor, statements = text.split("STATEMENTS OF THE PARTIES NOT CONFIRMED BY THE MONITOR")
    assert "13 ceasefire violations." in monitor  # the monitor's count alone: claims do not add to it
    assert "Khramort" not in monitor and "Avdur" not in monitor
    khramort = next(line for line in statements.splitlines() if "Khramort" in line)
    assert (
        "according to Ministry of Defence of the Republic of Azerbaijan and Defence Army of Nagorno-"
        in khramort
    )
    assert "; not confirmed by the monitor: 1 violation, near Pirlar / Khramort" in khramort
    assert (
        "Blamed: the armed forces of Azerbaijan (contested: Ministry of Defence of the Republic of "
        in khramort
    )
    assert "according to Caucasus Wire; not confirmed by the monitor" in statements


def test_summary_and_lists_keep_the_monitor_apart(ingested) -> None:  # type: ignore[no-untyped-def]
    cli, _ = ingested
    years = {line.split()[0]: line.split() for line in cli("summary").stdout.splitlines() if "2022" in line}
    assert years["2022"][1:] == [
        "│",
        "50",
        "│",
        "2",
    ]  # the monitor's 50; two incidents claimed by others alone
    table = cli("incidents", "--from", "2022-03-11", "--to", "2022-03-11").stdout
    assert "3 incidents, 14 violations (1 reported; 2 claimed)." in table  # Khramort is in the count
    monitor = cli("incidents", "--from", "2022-03-11", "--to", "2022-03-11", "--monitor-only").stdout
    assert "1 incidents, 13 violations (the monitor's record only)." in monitor


def test_a_denial_is_a_claim_that_contests_the_blame(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "denial.jsonl"
    records = [
        RECORDS[0],
        {
            "text": "The information spread by the Armenian side that Azerbaijani units fired at Khramort is "
            "false. The Azerbaijani Army did not violate the ceasefire.",
            "published": "2022-03-12",
            "source": "AZ MoD",
        },
        {
            "text": "Yerevan's claims are baseless, the ministry said.",
            "published": "2021-01-05",
            "source": "AZ MoD",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert "3 claims" in cli("ingest", str(path)).stdout  # the assertion and two denials
    text = cli("bulletin", "2022-03-11", "--format", "text").stdout
    assert "Blamed: the armed forces of Azerbaijan (contested: denied by Ministry of Defence of the " in text
    # the denial of nothing on record makes no incident
    quiet = cli("bulletin", "2021-01-04").stdout
    assert "The record holds no report of the monitor" in quiet
    assert "## Statements of the parties not confirmed by the monitor\n\nNone in the record." in quiet


def test_extract_lists_denials_apart(db_url: str) -> None:
    from typer.testing import CliRunner

    from truce.cli import app

    text = "The information spread by the Armenian side that Azerbaijani units fired at Khramort is false."
    result = CliRunner().invoke(
        app,
        ["extract", "-", "--json", "--source", "AZ MoD", "--published", "2022-03-12", "--db", db_url],
        input=text,
    )
    data = json.loads(result.stdout)
    assert data["claims"] == []
    assert [(d["accused"], d["stance"], d["places"][0]["id"]) for d in data["denials"]] == [
        ("AZ", "denies", "khramort")
    ]


def test_withdrawal_and_its_denial_follow_up_the_advance(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "withdrawal.jsonl"
    records = [
        {
            "text": "On 27 March the Russian defence ministry reported that, following talks, the "
            "Azerbaijani units had left the village of Parukh.",
            "published": "2022-03-27",
            "source": "RU MoD bulletin",
        },
        {
            "text": "The Azerbaijani defence ministry refuted the statement, denying that its troops had "
            "withdrawn from Farukh.",
            "published": "2022-03-28",
            "source": "AZ MoD",
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert "2 claims" in cli("ingest", str(path)).stdout
    out = cli("compare", "I-rumod-20220324").stdout
    assert "withdrawal ≠" in out and "did not withdraw" in out
    assert "Contested: withdrawal" in out
    # neither is an incident of its own: 27 March stays quiet, and the monitor's report covers the day
    quiet = cli("bulletin", "2022-03-27").stdout
    assert "The monitor reported no ceasefire violation." in quiet and "None in the record." in quiet
