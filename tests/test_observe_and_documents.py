"""The monitor's own observations, and documents listed, shown and retracted. Observations and statements
here are written for the tests; the places and posts are the pack's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

OBSERVED = [
    "observe",
    "--post",
    "pp-n6",
    "--date",
    "2022-03-08",
    "--observer",
    "duty officer, post N6 (written for the test)",
    "--place",
    "2 km north-west of Khramort",
    "--from",
    "21:10",
    "--to",
    "21:25",
    "--means",
    "mortar",
    "--fire-from",
    "north-east",
    "--fired-by",
    "AZ",
    "--no-casualties",
]


def incidents_on(cli, day: str) -> list[dict]:  # type: ignore[no-untyped-def]
    return json.loads(cli("incidents", "--from", day, "--to", day, "--format", "json").stdout)["incidents"]


def test_an_observation_is_the_monitors_own_claim(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*OBSERVED)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recorded observation C-obs-")
    [incident] = [
        i for i in incidents_on(cli, "2022-03-08") if any(c["source"] == "observers" for c in i["claims"])
    ]
    assert incident["standing"] == "observed" and incident["by_monitor"]
    assert incident["time"] == "21:10-21:25" and incident["means"] == ["mortar"]
    assert incident["location_precision"] == "point" and incident["accused"] == "AZ"
    # it joined the monitor's report of that day at Khramort: one incident, two claims
    assert incident["id"] == "I-rumod-20220308"
    assert {c["standing"] for c in incident["claims"]} == {"observed", "reported"}
    bulletin = cli("bulletin", "2022-03-08", "--format", "text").stdout
    assert "Basis:            observed by the monitor" in bulletin


def test_an_observation_far_from_any_report_is_an_incident_of_its_own(cli) -> None:  # type: ignore[no-untyped-def]
    args = ["observe", "--post", "Temporary post L5", "--date", "2021-05-02", "--observer", "patrol 3"]
    result = cli(
        *args, "--at", "39.7172,46.6761", "--radius", "300", "--platform", "patrol", "--means", "small_arms"
    )
    assert result.exit_code == 0, result.output
    [incident] = incidents_on(cli, "2021-05-02")
    assert incident["standing"] == "observed" and incident["radius_m"] == 300
    text = cli("bulletin", "2021-05-02").stdout
    assert "1 ceasefire violation." in text and "Blamed: not indicated" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--post": "pp-x9"}, "Error: --post: no post 'pp-x9'"),
        ({"--post": "tp-l1", "--date": "2023-01-05"}, "Error: --post: tp-l1 was not active on 2023-01-05"),
        ({"--date": "2019-01-01"}, "Error: --date: 2019-01-01 is outside the mandate"),
        ({"--date": "2022-02-30"}, "Error: --date: '2022-02-30' is not a date"),
        ({"--place": "Qwertyville"}, "Error: --place: unknown place 'Qwertyville'"),
        (
            {"--place": "99999 km north of Khramort"},
            "Error: --place: 99999 km from Khramort is not a distance",
        ),
        ({"--place": "2 km upwards of Khramort"}, "Error: --place: 'upwards' is not a compass direction"),
        ({"--from": "25:00"}, "Error: --from: '25:00' is not a time"),
        ({"--to": "20:00"}, "Error: --to: 20:00 is before 21:10"),
        ({"--means": "catapult"}, "Error: --means: 'catapult' is not in the vocabulary"),
        ({"--fire-from": "up"}, "Error: --fire-from: 'up' is not a compass direction"),
        ({"--fired-by": "XX"}, "Error: --fired-by: 'XX' is not a party"),
    ],
)
def test_bad_observations_are_refused_naming_the_field(cli, change: dict, message: str) -> None:  # type: ignore[no-untyped-def]
    args = list(OBSERVED)
    for option, value in change.items():
        args[args.index(option) + 1] = value
    before = cli("summary").stdout
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert cli("summary").stdout == before  # nothing written


def test_coordinates_outside_the_region_are_refused(cli) -> None:  # type: ignore[no-untyped-def]
    args = [a for a in OBSERVED if a not in ("--place", "2 km north-west of Khramort")]
    result = cli(*args, "--at", "46.80,39.95")  # lat and lon swapped
    assert result.exit_code == 2 and "outside the mission's region" in result.stderr


STATEMENTS = [
    {
        "text": "Written for the test. Yesterday units of the armed forces of Azerbaijan fired at positions "
        "of the Defence Army near Khramort with mortars. One serviceman was wounded.",
        "published": "2022-03-09",
        "source": "NK MoD",
        "url": "https://example.org/nk/written-for-the-test",
    },
    {
        "text": "Written for the test. On 8 March a drone struck a farm near Avdur, the outlet's "
        "correspondent was told. Nobody was hurt.",
        "published": "2022-03-09",
        "source": "Caucasus Wire (written for the test)",
    },
]


@pytest.fixture
def ingested(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "statements.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in STATEMENTS) + "\n", encoding="utf-8")
    assert cli("ingest", str(path)).exit_code == 0
    return path


def test_documents_are_listed_and_shown(cli, ingested) -> None:  # type: ignore[no-untyped-def]
    listed = cli("documents")
    assert listed.exit_code == 0, listed.output
    assert "2 documents, 0 retracted." in listed.stdout
    assert "Defence Army of Nagorno-Karabakh" in listed.stdout
    only = cli("documents", "--source", "nkmod").stdout
    assert "1 documents" in only
    document_id = listed.stdout.split("\n")[2].split()[0]
    shown = cli("documents", "show", document_id)
    assert shown.exit_code == 0, shown.output
    assert "Written for the test." in shown.stdout and "claims" in shown.stdout
    assert cli("documents", "show", "0000000000").stderr.strip() == "Error: no document '0000000000'"
    assert "give at least 8 characters" in cli("documents", "show", "abc").stderr


def test_a_retracted_document_stays_but_stops_counting(cli, ingested) -> None:  # type: ignore[no-untyped-def]
    khramort = next(i for i in incidents_on(cli, "2022-03-08") if i["id"] == "I-rumod-20220308")
    nk = next(c for c in khramort["claims"] if c["source"] == "nkmod")
    retracted = cli(
        "documents",
        "retract",
        nk["document"][:12],
        "--reason",
        "a hoax, written for the test",
        "--by",
        "analyst 2",
    )
    assert retracted.exit_code == 0, retracted.output
    assert "1 claims no longer count" in retracted.stdout
    after = next(i for i in incidents_on(cli, "2022-03-08") if i["id"] == "I-rumod-20220308")
    assert [c["source"] for c in after["claims"]] == ["rumod"]  # the incident rests on the monitor alone
    listed = cli("documents", "--retracted").stdout
    assert "retracted" in listed and "analyst 2" in listed and "1 documents, 1 retracted." in listed
    shown = cli("documents", "show", nk["document"]).stdout
    assert "a hoax, written for the test; its claims do not count" in shown
    again = cli("ingest", str(ingested))  # re-ingesting does not bring it back silently
    assert "0 documents added, 2 already stored" in again.stdout
    assert "1 of the documents already stored were retracted and stay retracted" in again.stdout
    assert [
        c["source"]
        for c in next(i for i in incidents_on(cli, "2022-03-08") if i["id"] == "I-rumod-20220308")["claims"]
    ] == ["rumod"]
    twice = cli("documents", "retract", nk["document"], "--reason", "again")
    assert twice.exit_code == 2 and "was already retracted" in twice.stderr
    assert cli("documents", "retract", nk["document"], "--reason", "  ").exit_code == 2


def test_a_document_resting_alone_leaves_no_incident_when_retracted(cli, ingested) -> None:  # type: ignore[no-untyped-def]
    avdur = next(i for i in incidents_on(cli, "2022-03-08") if i["place_id"] == "avdur")
    document = avdur["claims"][0]["document"]
    assert cli("documents", "retract", document, "--reason", "written for the test").exit_code == 0
    assert not [i for i in incidents_on(cli, "2022-03-08") if i["place_id"] == "avdur"]


def test_the_same_text_from_another_source_keeps_its_attribution(cli, ingested, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    relayed = tmp_path / "relayed.jsonl"
    record = {
        **STATEMENTS[0],
        "source": "South Caucasus Daily (written for the test)",
        "url": "https://example.org/relay",
    }
    relayed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("ingest", str(relayed))
    assert "0 documents added, 1 already stored" in result.stdout
    assert "1 new publications of documents already stored were recorded" in result.stdout
    assert (
        "1 new publications" not in cli("ingest", str(relayed)).stdout
    )  # the same publication twice: nothing
    document = next(i for i in incidents_on(cli, "2022-03-08") if i["id"] == "I-rumod-20220308")
    nk = next(c for c in document["claims"] if c["source"] == "nkmod")
    shown = cli("documents", "show", nk["document"]).stdout
    assert (
        "published by South Caucasus Daily (written for the test), 2022-03-09, https://example.org/relay"
        in shown
    )
