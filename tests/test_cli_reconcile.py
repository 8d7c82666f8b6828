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
    assert sources == {"nk-defence-army", "az-mod"}
    claim = next(c for c in khramort[0]["claims"] if c["source"] == "nk-defence-army")
    assert claim["url"] == "https://example.org/nk/1" and claim["published"] == "2022-03-12"
    avdur = [i for i in incidents.values() if i["place_id"] == "avdur"]
    assert len(avdur) == 1 and len(avdur[0]["claims"]) == 1  # another place: another incident


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
    az_claim = next(c["id"] for c in khramort["claims"] if c["source"] == "az-mod")
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
