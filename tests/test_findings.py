"""The monitor's finding on an incident: set from the command line, the library, a page and the API; it
decides what the monitor's record counts, survives relinking, is withdrawn, keeps its history, refuses bad
values naming the field, and is a write of the audit log. Statements and grounds here are written for the
tests; the places and incidents are the pack's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_helpers import USERS, Client, add_users, client, copy_db, log_in

from truce.errors import FieldError, NotFound
from truce.record.findings import FindingInput, findings_of, set_finding, withdraw_finding
from truce.store import Store

CLAIMED = (
    "Written for the test. The Ministry of Defence of Azerbaijan said on 3 May 2021 that on the evening of "
    "2 May units of the Armenian armed forces fired at Azerbaijani positions near Kalbajar with small "
    "arms. There were no casualties."
)
REPORTED = "I-rumod-20220311"  # the monitor's report of 11 March 2022, in the pack


def incidents_on(cli, day: str, *extra: str) -> list[dict]:  # type: ignore[no-untyped-def]
    found = cli("incidents", "--from", day, "--to", day, "--format", "json", *extra)
    assert found.exit_code == 0, found.output
    return json.loads(found.stdout)["incidents"]


def claimed_incident(cli, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """Ingest a party's claim on a day the monitor reported nothing; the incident it founds."""
    path = tmp_path / "claim.txt"
    path.write_text(CLAIMED, encoding="utf-8")
    added = cli("ingest", str(path), "--source", "azmod", "--published", "2021-05-03")
    assert added.exit_code == 0, added.output
    [incident] = incidents_on(cli, "2021-05-02")
    assert incident["standing"] == "claimed" and incident["verdict"] is None
    return incident["id"]


def test_a_violation_finding_puts_a_claim_on_the_monitors_record(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    incident = claimed_incident(cli, tmp_path)
    assert incidents_on(cli, "2021-05-02", "--monitor-only") == []
    found = cli(
        *("verdict", "set", incident, "violation", "--fired-by", "unknown"),
        *("--means", "mortar", "--place", "Karvachar", "--by", "duty analyst"),
        *("--note", "UAV footage of the evening shows mortar fire; who fired is not established"),
    )
    assert found.exit_code == 0, found.output
    assert "duty analyst: a ceasefire violation; fired by not established; means mortar" in found.stdout
    [shown] = incidents_on(cli, "2021-05-02", "--monitor-only")
    assert shown["id"] == incident and shown["verdict"] == "violation" and shown["by_monitor"]
    # the finding's values over the claim's: who fired not established, mortar instead of small arms
    assert shown["accused"] == "unknown" and shown["means"] == ["mortar"]
    assert shown["place_id"] == "kalbajar" and shown["claimants"]  # the party's claim is still there
    bulletin = cli("bulletin", "2021-05-02", "--format", "text").stdout
    assert "established by the monitor's finding" in bulletin
    assert "also claimed by Ministry of Defence of the Republic of Azerbaijan" in bulletin

    withdrawn = cli("verdict", "withdraw", incident, "--note", "the footage was of another day")
    assert withdrawn.exit_code == 0, withdrawn.output
    [back] = incidents_on(cli, "2021-05-02")
    assert back["standing"] == "claimed" and back["verdict"] is None
    assert back["accused"] == "AM" and back["means"] == ["small_arms"]
    history = cli("verdict", "show", incident).stdout
    assert history.index("a ceasefire violation") < history.index("finding withdrawn")
    assert "2 findings; now claimed" in history
    assert "0 findings in force." in cli("verdict").stdout
    assert "2 findings." in cli("verdict", "--all").stdout


def test_an_unfounded_finding_takes_a_report_off_the_monitors_count(cli) -> None:  # type: ignore[no-untyped-def]
    day = "2022-03-11"
    assert "13 ceasefire violations." in cli("bulletin", day, "--format", "text").stdout
    found = cli("verdict", "set", REPORTED, "unfounded", "--note", "the post's log shows no firing")
    assert found.exit_code == 0, found.output
    [shown] = [i for i in incidents_on(cli, day) if i["id"] == REPORTED]
    assert shown["standing"] == "claimed" and shown["verdict"] == "unfounded"
    assert REPORTED not in {i["id"] for i in incidents_on(cli, day, "--monitor-only")}
    text = cli("bulletin", day, "--format", "text").stdout
    assert "13 ceasefire violations." not in text
    statements = text[text.index("STATEMENTS OF THE PARTIES") :]
    assert "found unfounded by the monitor" in statements
    # a later finding supersedes it
    again = cli("verdict", "set", REPORTED, "violation", "--note", "the log was misread")
    assert again.exit_code == 0, again.output
    assert REPORTED in {i["id"] for i in incidents_on(cli, day, "--monitor-only")}


def test_a_finding_survives_relinking_and_new_claims(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    incident = claimed_incident(cli, tmp_path)
    assert cli("verdict", "set", incident, "violation", "--means", "mortar", "--note", "seen").exit_code == 0
    assert cli("reconcile").exit_code == 0
    other = tmp_path / "other.txt"
    other.write_text(
        "Written for the test. Armenia's Ministry of Defence on 3 May 2021 called the Azerbaijani claim of "
        "fire near Kalbajar on 2 May false.",
        encoding="utf-8",
    )
    assert cli("ingest", str(other), "--source", "ammod", "--published", "2021-05-03").exit_code == 0
    [shown] = [i for i in incidents_on(cli, "2021-05-02") if i["id"] == incident]
    assert shown["verdict"] == "violation" and shown["means"] == ["mortar"] and shown["by_monitor"]


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["confirmed", "--note", "x"], "--verdict"),
        (["unfounded", "--fired-by", "AZ", "--note", "x"], "--fired-by"),
        (["violation", "--place", "Xyzzyville", "--note", "x"], "--place"),
        (["violation", "--fired-by", "XX", "--note", "x"], "--fired-by"),
        (["violation", "--means", "catapult", "--note", "x"], "--means"),
        (["violation", "--from", "1999-01-01", "--note", "x"], "--from"),
        (["violation", "--from", "2022-03-11", "--to", "2022-03-10", "--note", "x"], "--to"),
        (["violation", "--note", "   "], "--note"),
    ],
)
def test_a_bad_finding_is_refused_naming_its_field_and_writes_nothing(
    cli, args: list[str], field: str
) -> None:  # type: ignore[no-untyped-def]
    before = cli("verify").stdout
    refused = cli("verdict", "set", REPORTED, *args)
    assert refused.exit_code != 0
    assert field in refused.output, refused.output
    assert cli("verify").stdout == before  # not one entry more in the log
    assert "0 findings." in cli("verdict", "--all").stdout


def test_findings_are_logged_and_the_unknown_is_refused(store: Store) -> None:
    with pytest.raises(NotFound):
        set_finding(store, "I-nothing", FindingInput("violation", "x"), by="analyst")
    with pytest.raises(NotFound):
        withdraw_finding(store, REPORTED, "nothing to withdraw", by="analyst")
    with pytest.raises(FieldError):
        set_finding(store, REPORTED, FindingInput("withdrawn", "x"), by="analyst")
    made = set_finding(store, REPORTED, FindingInput("not_established", "no post saw it"), by="analyst B")
    assert made.id is not None and made.analyst == "analyst B"
    entries = list(store.log_entries())
    assert (entries[-1].who, entries[-1].action) == ("analyst B", "finding")
    assert store.incident(REPORTED).verdict.value == "not_established"  # type: ignore[union-attr]
    assert store.incident(REPORTED).by_monitor  # not established leaves the monitor's report as it is
    assert [f.note for f in findings_of(store, REPORTED)] == ["no post saw it"]


def test_findings_on_postgresql_are_logged_and_verify(pg_fresh: str) -> None:
    from truce.record.audit import verify
    from truce.record.setup import init

    init(pg_fresh, "nagorno_karabakh")
    store = Store.open(pg_fresh)
    try:
        given = FindingInput(
            "violation", "the post's log (written for the test)", accused="unknown", place="Khramort"
        )
        set_finding(store, REPORTED, given, by="analyst P")
        shown = store.incident(REPORTED)
        assert shown.verdict is not None and shown.accused == "unknown" and shown.place_id == "khramort"
        withdraw_finding(store, REPORTED, "premature", by="analyst P")
        assert store.incident(REPORTED).verdict is None
        assert [f.verdict.value for f in findings_of(store, REPORTED)] == ["violation", "withdrawn"]
        checked = verify(store)
        assert checked.holds, checked.problems
        assert [e.action for e in store.log_entries()][-2:] == ["finding", "finding"]
    finally:
        store.close()


@pytest.fixture
def web(_initialised_db: Path, tmp_path: Path) -> dict[str, Client]:
    url = copy_db(_initialised_db, tmp_path)
    add_users(url)
    return {role: log_in(client(url), name) for role, (name, _, _) in USERS.items()}


def test_an_analyst_sets_and_withdraws_a_finding_on_the_incident_page(web: dict[str, Client]) -> None:
    analyst, reader = web["analyst"], web["reader"]
    page = analyst.get(f"/incidents/{REPORTED}")
    assert page.status_code == 200 and 'id="finding-form"' in page.text
    assert 'id="finding-form"' not in reader.get(f"/incidents/{REPORTED}").text
    form = {"verdict": "violation", "fired_by": "AZ", "means": ["mortar"], "note": "<script>x</script>"}
    done = analyst.post(f"/incidents/{REPORTED}/finding", data={**form, "csrf": analyst.csrf})
    assert done.status_code == 200 and 'id="done"' in done.text
    assert "<script>x</script>" not in done.text and "&lt;script&gt;x&lt;/script&gt;" in done.text
    bad = analyst.post(
        f"/incidents/{REPORTED}/finding", data={"verdict": "violation", "place": "Xyzzyville", "note": "x"}
    )
    assert bad.status_code == 422 and 'data-field="place"' in bad.text
    shown = reader.get(f"/api/incidents/{REPORTED}").json()
    assert shown["verdict"] == "violation" and shown["findings"][-1]["accused"] == "AZ"
    assert shown["findings"][-1]["analyst"] == USERS["analyst"][0]
    assert reader.post(f"/incidents/{REPORTED}/finding", data=form).status_code == 403
    withdrawn = analyst.post(f"/incidents/{REPORTED}/finding/withdraw", data={"note": "premature"})
    assert withdrawn.status_code == 200
    assert reader.get(f"/api/incidents/{REPORTED}").json()["verdict"] is None


def test_the_api_sets_and_withdraws_a_finding(web: dict[str, Client]) -> None:
    analyst = web["analyst"]
    url = f"/api/incidents/{REPORTED}/findings"
    made = analyst.post(url, json={"verdict": "unfounded", "note": "no post saw it"})
    assert made.status_code == 201 and made.json()["verdict"] == "unfounded", made.text
    refused = analyst.post(url, json={"verdict": "violation", "note": "x", "means": ["catapult"]})
    assert refused.status_code == 422 and refused.json()["field"] == "means"
    assert web["observer"].post(url, json={"verdict": "unfounded", "note": "x"}).status_code == 403
    withdrawn = analyst.post(url + "/withdrawal", json={"note": "premature"})
    assert withdrawn.status_code == 201 and withdrawn.json()["verdict"] == "withdrawn"
    assert [f["verdict"] for f in analyst.get(f"/api/incidents/{REPORTED}").json()["findings"]] == [
        "unfounded",
        "withdrawn",
    ]
