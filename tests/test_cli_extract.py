"""``truce extract`` and ``truce ingest`` from the command line. Texts written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from truce.cli import app

BULLETIN = (
    "Over the past day, the Russian peacekeeping contingent recorded one ceasefire violation. "
    "2 km north-west of Yeghtsahogh, units of the Azerbaijani armed forces carried out two strikes with "
    "attack quadcopters on positions of the Nagorno-Karabakh Defence Army. No casualties."
)


def test_extract_json_interface(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "bulletin.txt"
    path.write_text(BULLETIN, encoding="utf-8")
    result = cli("extract", str(path), "--published", "2021-08-12", "--source", "test bulletin", "--json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)["claims"]
    assert len(claims) == 1
    claim = claims[0]
    expected_keys = {
        "event_date",
        "date_end",
        "time_start",
        "time_end",
        "location_text",
        "places",
        "point",
        "relative",
        "accused",
        "target",
        "means",
        "violations",
        "casualties",
        "no_casualties",
        "source",
        "span",
        "confidence",
    }
    assert expected_keys <= set(claim)
    assert claim["event_date"] == "2021-08-11"
    assert claim["accused"] == "AZ" and claim["target"] == "NK"
    assert claim["means"] == ["quadcopter"]
    assert claim["source"] == "test bulletin"
    assert claim["relative"]["direction"] == "NW" and claim["relative"]["km"] == 2.0
    start, end = claim["span"]
    assert BULLETIN[start:end].startswith("Over the past day")


def test_extract_from_standard_input_as_a_table(db_url: str) -> None:
    result = CliRunner().invoke(
        app,
        ["extract", "-", "--published", "2022-03-09", "--db", db_url],
        input="Вчера у н.п. Храморт обстрел из миномёта.",
    )
    assert result.exit_code == 0, result.output
    assert "8 March 2022" in result.stdout and "mortar" in result.stdout


def test_extract_shows_what_each_sentence_does(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # written for the test: an incident, a caption, a background sentence and a denial
    path = tmp_path / "news.txt"
    path.write_text(
        "On 5 March, Azerbaijani forces fired mortars at Khramort.\n\n"
        "In this photo released on 4 March 2022, soldiers fire a mortar near Talish.\n\n"
        "The war that ended in 2020 claimed more than 6,000 lives.\n\n"
        "The Azerbaijani ministry denied that its forces opened fire.\n",
        encoding="utf-8",
    )
    found = cli("extract", str(path), "--published", "2022-03-06", "--sentences", "--json")
    assert found.exit_code == 0, found.output
    parts = json.loads(found.stdout)["documents"][0]["parts"]
    assert [(p["kind"], p["day"]) for p in parts] == [
        ("incident", "2022-03-05"),
        ("caption", "2022-03-04"),
        ("background", None),
        ("denial", None),
    ]
    assert parts[0]["text"] == "On 5 March, Azerbaijani forces fired mortars at Khramort."
    table = cli("extract", str(path), "--published", "2022-03-06", "--sentences").stdout
    assert "caption" in table and "background" in table and "fired mortars at Khramort" in table


def test_ingest_is_idempotent_and_feeds_the_bulletin(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    docs = tmp_path / "docs.jsonl"
    records = [
        {
            "text": BULLETIN,
            "published": "2021-08-12",
            "source": "Test monitor",
            "url": "https://example.org/1",
        },
        {
            "text": "Вчера у н.п. Храморт зафиксирован обстрел из миномёта.",
            "published": "2021-08-12",
            "lang": "ru",
        },
    ]
    docs.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    first = cli("ingest", str(docs))
    assert first.exit_code == 0, first.output
    assert "2 documents added, 0 already stored; 2 claims." in first.stdout
    again = cli("ingest", str(docs))
    assert "0 documents added, 2 already stored; 0 claims." in again.stdout
    bulletin = cli("bulletin", "2021-08-11", "--names", "hy").stdout
    assert "Khramort" in bulletin and "Yeghtsahogh" in bulletin
    data = json.loads(
        cli("incidents", "--from", "2021-08-11", "--to", "2021-08-11", "--format", "json").stdout
    )
    sources = {c["source_name"] for i in data["incidents"] for c in i["claims"]}
    # the account is the contingent's, whoever published it (conventions 1): the publisher keeps the text
    assert "Ministry of Defence of the Russian Federation (peacekeeping contingent bulletins)" in sources
    assert "Test monitor" in cli("documents").stdout


def test_ingest_html(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Report</title><script>var x = 'Shusha';</script></head>"
        "<body><p>On 18 September, Azerbaijani forces opened fire near Shusha.</p>"
        "<p>Two servicemen of the Defence Army were wounded.</p></body></html>",
        encoding="utf-8",
    )
    result = cli("ingest", str(page), "--published", "2021-09-19", "--source", "Test paper")
    assert "1 documents added" in result.stdout
    data = json.loads(
        cli("incidents", "--from", "2021-09-18", "--to", "2021-09-18", "--format", "json").stdout
    )
    ingested = [i for i in data["incidents"] if i["claims"][0]["source"] == "test-paper"]
    assert len(ingested) == 1
    assert ingested[0]["casualties"] == [
        {"side": "NK", "category": "servicemen", "status": "wounded", "count": 2}
    ]


def test_a_claim_dated_outside_the_mandate_is_flagged(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # written for the test: a bulletin that speaks of a day long before the mission
    path = tmp_path / "old.txt"
    path.write_text(
        "On 3 May 1999, 2 km north-west of Yeghtsahogh, units of the Azerbaijani armed forces fired small "
        "arms at positions of the Nagorno-Karabakh Defence Army. No casualties.",
        encoding="utf-8",
    )
    result = cli("extract", str(path), "--published", "2021-08-12", "--source", "test bulletin", "--json")
    claims = json.loads(result.stdout)["claims"]
    assert claims and claims[0]["event_date"] == "1999-05-03"
    assert "date_outside_mission" in claims[0]["flags"]


def test_each_account_of_a_news_text_is_its_speakers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # written for the test: an outlet reports two ministries' accounts of one day
    path = tmp_path / "news.txt"
    path.write_text(
        "The Azerbaijani Defence Ministry said on Tuesday that Armenian units had fired mortars at its "
        "positions near Sotk on 12 September 2022. The Armenian Defence Ministry said Azerbaijani forces "
        "shelled Jermuk on the same day, and that two of its servicemen were killed.",
        encoding="utf-8",
    )
    result = cli("ingest", str(path), "--source", "Caucasus Wire", "--published", "2022-09-13")
    assert result.exit_code == 0, result.output
    day = ("--from", "2022-09-12", "--to", "2022-09-12", "--format", "json")
    found = json.loads(cli("incidents", *day).stdout)["incidents"]
    speakers = {(i["place_id"], i["accused"], c["source"], c["standing"]) for i in found for c in i["claims"]}
    assert speakers == {("sotk", "AM", "azmod", "claimed"), ("jermuk", "AZ", "ammod", "claimed")}
