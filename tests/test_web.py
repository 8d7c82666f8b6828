"""The web application in-process: what each page and API route gives, from the same record functions the
command line calls; writes through them, each logged as the user who made it; ETags, pages of lists,
GeoJSON and CSV; English and Russian; and whatever users and sources wrote, escaped in every page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_helpers import USERS, Client, add_users, client, copy_db, log_in

from truce.record.incidents import IncidentQuery, find

HOSTILE = '<script>alert("written for the test")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def web(_initialised_db: Path, tmp_path: Path) -> dict[str, Client]:
    """A fresh database for a test that writes: anonymous and one client per role."""
    url = copy_db(_initialised_db, tmp_path)
    add_users(url)
    made = {"anonymous": client(url)}
    for role, (name, _, _) in USERS.items():
        made[role] = log_in(client(url), name)
    return made


@pytest.fixture(scope="module")
def reader(_initialised_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Client:
    return client(copy_db(_initialised_db, tmp_path_factory.mktemp("web-read")))


def log(made: Client) -> list[tuple[str, str]]:
    store = made.app.state.site.store
    return [(row.who, row.action) for row in store.log_entries()]


# -- reading ----------------------------------------------------------------------------------------


def test_the_incidents_api_is_the_incident_finder(reader: Client) -> None:
    store = reader.app.state.site.store
    for params, query in (
        (
            "from=2022-03-01&to=2022-03-31",
            IncidentQuery(date_from=_d("2022-03-01"), date_to=_d("2022-03-31")),
        ),
        ("place=Askeran", IncidentQuery(place="Askeran")),
        ("place=Аскеран", IncidentQuery(place="Аскеран")),
        ("accused=az&means=mortar", IncidentQuery(accused="AZ", means="mortar")),
        ("monitor_only=true&from=2022-01-01", IncidentQuery(date_from=_d("2022-01-01"), monitor_only=True)),
    ):
        answer = reader.get(f"/api/incidents?{params}&per_page=500").json()
        expected = find(store, query)
        assert [i["id"] for i in answer["incidents"]] == [i.id for i in expected.incidents], params
        assert answer["violations"] == expected.violations and answer["total"] == len(expected.incidents)
    assert reader.get("/api/incidents?place=Askeran").json()["total"] > 0


def _d(text: str):  # type: ignore[no-untyped-def]
    from datetime import date

    return date.fromisoformat(text)


def test_pages_of_a_list_and_etags(reader: Client) -> None:
    first = reader.get("/api/incidents?per_page=10")
    body = first.json()
    assert len(body["incidents"]) == 10 and body["pages"] == -(-body["total"] // 10)
    second = reader.get(body["next"].replace("http://testserver", ""))
    assert second.json()["page"] == 2
    assert not {i["id"] for i in body["incidents"]} & {i["id"] for i in second.json()["incidents"]}
    etag = first.headers["etag"]
    again = reader.get("/api/incidents?per_page=10", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    page = reader.get("/incidents")
    assert reader.get("/incidents", headers={"If-None-Match": page.headers["etag"]}).status_code == 304


def test_geojson_and_csv_of_the_incidents(reader: Client) -> None:
    layer = reader.get("/api/incidents?format=geojson&from=2022-03-01&to=2022-03-31")
    assert layer.headers["content-type"] == "application/geo+json"
    features = layer.json()["features"]
    assert features and {f["properties"]["id"] for f in features} >= {"I-rumod-20220311"}
    table = reader.get("/api/incidents?format=csv&from=2022-03-01&to=2022-03-31")
    assert table.headers["content-type"].startswith("text/csv")
    assert table.text.splitlines()[0].startswith("id,") and "I-rumod-20220311" in table.text
    areas = reader.get("/api/layers/areas?as_of=2022-03-11").json()
    assert areas["type"] == "FeatureCollection" and areas["features"]


def test_an_incident_with_its_claims_side_by_side_and_its_history(reader: Client) -> None:
    found = reader.get("/api/incidents/I-rumod-20220311").json()
    assert found["incident"]["id"] == "I-rumod-20220311"
    assert found["claims"] and {"date", "place", "accused"} <= {f["name"] for f in found["fields"]}
    assert found["history"] and found["history"][0]["action"] == "load-pack"
    page = reader.get("/incidents/I-rumod-20220311").text
    assert "The claims side by side" in page and 'id="history"' in page and "load-pack" in page


def test_places_by_any_name(reader: Client) -> None:
    for name in ("Khankendi", "Stepanakert", "Степанакерт", "Xankəndi"):
        found = reader.get("/api/places", params={"q": name}).json()
        assert found["place"]["names"]["az+hy"] == "Khankendi / Stepanakert", name
    page = reader.get("/places?q=Фарух").text
    assert "Farukh / Parukh" in page


def test_the_bulletin_of_a_day_in_english_and_russian(reader: Client) -> None:
    english = reader.get("/bulletins/2022-03-11").text
    assert "Ceasefire violations recorded by the monitor" in english and "<svg" in english
    russian = reader.get("/bulletins/2022-03-11?lang=ru")
    assert "Нарушения режима прекращения огня" in russian.text and 'lang="ru"' in russian.text
    assert russian.cookies.get("truce_lang") == "ru"
    markdown = reader.get("/api/days/2022-03-11/bulletin?format=md").text
    assert markdown.startswith("# ") and "13 ceasefire violations" in markdown


def test_trends_and_documents(reader: Client) -> None:
    trends = reader.get("/api/trends?by=month&from=2022-01-01&to=2022-12-31").json()
    assert trends and "total" in json.dumps(trends)
    assert reader.get("/trends?by=month&from=2022-01-01&to=2022-12-31").status_code == 200
    assert reader.get("/api/documents").json()["documents"] == []


def test_the_activities_api_is_the_activities_command(reader: Client) -> None:
    found = reader.get("/api/activities?from=2022-12-01&to=2022-12-31").json()["activities"]
    assert [(a["id"], a["standing"], a["ongoing"]) for a in found] == [
        ("act-20221212-corridor", "claimed", True)
    ]
    russian = reader.get("/api/activities?kind=appeal&lang=ru&names=hy").json()["activities"]
    assert [a["place"] for a in russian] == ["Parukh", "Mount Saribaba"] and russian[0]["summary"].startswith(
        "Наблюдатель"
    )
    assert reader.get("/api/activities?kind=return&format=csv").text.startswith("id,kind,date_from")
    refused = reader.get("/api/activities?kind=picnic")
    assert refused.status_code in (400, 422) and refused.json()["field"]


def test_the_activities_page_shows_the_activities_of_a_period(reader: Client) -> None:
    december = reader.get("/activities?from=2022-12-01&to=2022-12-31&lang=en")
    assert december.status_code == 200
    rows = december.text.split('<table id="activities">')[1]
    assert rows.count("<tr id=") == 1 and 'id="act-20221212-corridor"' in rows  # the blockade alone
    assert 'data-standing="claimed"' in rows and "not confirmed by the monitor" in rows
    assert "since 12 December 2022 (no end recorded)" in rows
    appeals = reader.get("/activities?kind=appeal&lang=ru&names=hy").text
    assert 'lang="ru"' in appeals and "Деятельность" in appeals
    assert appeals.count("<tr id=") == 2 and "Parukh" in appeals and "Наблюдатель обратился" in appeals
    assert 'data-standing="reported"' in appeals and "сообщено наблюдателем" in appeals
    monitor = reader.get("/activities?monitor_only=true&lang=en").text
    assert "act-20221212-corridor" not in monitor and 'data-standing="claimed"' not in monitor
    assert 'id="act-20220326-appeal"' in monitor
    assert '<a href="/activities">' in reader.get("/?lang=en").text  # in the navigation


def test_the_activities_page_escapes_what_the_record_gives(reader: Client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    import truce.record.activities as record

    written = record.lines

    def hostile(*args, **kwargs):  # type: ignore[no-untyped-def]
        fields = ("when", "label", "where", "figures", "summary", "basis")
        return [
            dataclasses.replace(line, **dict.fromkeys(fields, HOSTILE)) for line in written(*args, **kwargs)
        ]

    monkeypatch.setattr(record, "lines", hostile)
    page = reader.get("/activities?from=2020-11-17&to=2020-11-17&lang=en").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert") == 6
    refused = reader.get("/activities", params={"kind": HOSTILE})
    assert refused.status_code == 422 and "<script>alert" not in refused.text


# -- writing ----------------------------------------------------------------------------------------


def test_an_observation_through_the_api_is_the_observe_command(web: dict[str, Client]) -> None:
    observer = web["observer"]
    body = {
        "post": "pp-n6",
        "date": "2022-03-08",
        "place": "2 km north-west of Khramort",
        "time_from": "21:10",
        "time_to": "21:25",
        "means": ["mortar"],
        "fire_from": "north-east",
        "fired_by": "AZ",
        "no_casualties": True,
    }
    made = observer.post("/api/observations", json=body)
    assert made.status_code == 201, made.text
    claim, incident = made.json()["claim"], made.json()["incident"]
    assert claim.startswith("C-obs-") and incident
    assert log(observer)[-1] == (USERS["observer"][0], "observe")
    listed = web["anonymous"].get("/api/observations?from=2022-03-08&to=2022-03-08").json()
    assert [o["claim"] for o in listed["observations"]] == [claim]
    assert listed["observations"][0]["observer"] == USERS["observer"][0]
    # the page of the incident shows it at once: the memo follows the record
    assert claim in web["anonymous"].get(f"/incidents/{incident}").text


def test_the_observer_form_records_and_says_where_it_went(web: dict[str, Client]) -> None:
    observer = web["observer"]
    form = {
        "post": "pp-n6",
        "day": "2022-03-08",
        "place": "Khramort",
        "means": "mortar",
        "csrf": observer.csrf,
    }
    answer = observer.post("/observe", data=form)
    assert answer.status_code == 200 and 'id="recorded"' in answer.text
    assert log(observer)[-1] == (USERS["observer"][0], "observe")


def test_the_analyst_ingests_links_unlinks_and_retracts(web: dict[str, Client]) -> None:
    analyst = web["analyst"]
    statement = {
        "text": "Written for the test. On 11 March 2022 the armed forces of Azerbaijan fired mortars at "
        "positions near Khramort. Nobody was hurt.",
        "published": "2022-03-12",
        "source": "Caucasus Wire (written for the test)",
    }
    added = analyst.post("/api/documents", json={"documents": [statement]})
    assert added.status_code == 201 and added.json()["added"] == 1, added.text
    documents = analyst.get("/api/documents").json()["documents"]
    document = documents[0]["id"]
    claims = analyst.get(f"/api/documents/{document}").json()["claim_ids"]
    assert claims
    claim = claims[0]
    name = USERS["analyst"][0]
    unlinked = analyst.post(
        "/api/decisions", json={"claim": claim, "incident": "I-rumod-20220311", "kind": "unlink", "note": "x"}
    )
    assert unlinked.status_code == 201
    linked = analyst.post(
        "/api/decisions", json={"claim": claim, "incident": "I-rumod-20220311", "kind": "link"}
    )
    assert linked.status_code == 201
    shown = analyst.get("/api/incidents/I-rumod-20220311").json()
    assert claim in {c["claim_id"] for c in shown["claims"]}
    assert {"unlink", "link"} <= {h["action"] for h in shown["history"]}
    retracted = analyst.post(f"/api/documents/{document}/retraction", json={"reason": "a hoax, for the test"})
    assert retracted.status_code == 201 and retracted.json()["claims"] == len(claims)
    assert log(analyst)[-4:] == [
        (f"{name} (web)", "ingest"),
        (f"{name} (web)", "unlink"),
        (f"{name} (web)", "link"),
        (name, "retract"),
    ]


def test_the_analyst_ingests_a_file_through_the_form(web: dict[str, Client]) -> None:
    analyst = web["analyst"]
    text = "Written for the test. Вчера у н.п. Храморт зафиксирован обстрел из миномёта."
    answer = analyst.post(
        "/inbox/ingest",
        data={"csrf": analyst.csrf, "source": "NK MoD", "published": "2022-03-09"},
        files={"file": ("statement.txt", text.encode(), "text/plain")},
    )
    assert answer.status_code == 200 and 'id="done"' in answer.text, answer.text[-500:]
    broken = analyst.post(
        "/inbox/ingest",
        data={"csrf": analyst.csrf},
        files={"file": ("batch.jsonl", b'{"text": "fine"}\n{"text": broken\n', "application/json")},
    )
    assert broken.status_code == 422 and "batch.jsonl" in broken.text and "truce-upload" not in broken.text


def test_a_publisher_drafts_and_signs_with_the_key_of_their_side(
    web: dict[str, Client], tmp_path: Path
) -> None:
    admin, publisher = web["administrator"], web["publisher"]
    key = admin.post("/api/keys", json={"name": "ru-web-1", "side": "RU"})
    assert key.status_code == 201
    private = key.json()["private_key"]
    assert private.startswith("PRIVATE+KEY+ru-web-1+")
    assert "PRIVATE" not in admin.get("/api/keys").text  # never kept
    drafted = publisher.post("/api/bulletins", json={"day": "2022-03-24", "langs": ["en"]})
    assert drafted.status_code == 201 and drafted.json()["status"] == "draft", drafted.text
    signed = publisher.post(f"/api/bulletins/{drafted.json()['id']}/signatures", json={"key": private})
    assert signed.status_code == 201 and signed.json()["status"] == "published"
    assert publisher.post("/api/checkpoints", json={"key": private}).status_code == 201
    shown = web["anonymous"].get(f"/api/bulletins/{drafted.json()['id']}").json()
    assert shown["verification"]["holds"] is True and shown["signatures"][0]["side"] == "RU"
    bundle = web["anonymous"].get(f"/api/bulletins/{drafted.json()['id']}/bundle")
    assert bundle.headers["content-type"] == "application/zip"
    page = web["anonymous"].get(f"/published/{drafted.json()['id']}").text
    assert 'id="verdict"' in page and "The bundle holds" in page
    assert [a for _, a in log(publisher)][-3:] == ["key-add", "publish-draft", "sign"]


def test_users_tokens_and_guests_through_the_api(web: dict[str, Client]) -> None:
    admin = web["administrator"]
    made = admin.post("/api/users", json={"name": "analyst2", "role": "analyst"})
    assert made.status_code == 201 and len(made.json()["password"]) >= 10
    assert "password" not in admin.get("/api/users").text
    token = admin.post("/api/tokens", json={"user": "analyst2", "scopes": ["read"], "days": 7}).json()
    assert (
        web["anonymous"].get("/api/me", headers={"Authorization": f"Bearer {token['token']}"}).json()["name"]
        == "analyst2"
    )
    assert token["token"] not in admin.get("/api/tokens").text  # stored hashed, never listed
    guest = admin.post("/api/guests", json={"name": "journalist1", "hours": 24}).json()
    visitor = client(str(admin.app.state.site.store.engine.url))
    assert visitor.get(guest["link"].replace("http://testserver", "")).status_code == 200
    assert visitor.get("/api/me").json()["role"] == "guest"
    actions = [a for _, a in log(admin)]
    assert actions[-3:] == ["user-add", "token-add", "guest-add"]


# -- hostile input ----------------------------------------------------------------------------------


def test_what_users_and_sources_wrote_is_escaped_in_every_page(web: dict[str, Client]) -> None:
    analyst, observer = web["analyst"], web["observer"]
    statement = {
        "text": f"Written for the test. {HOSTILE} On 11 March 2022 shots were fired near Khramort.",
        "published": "2022-03-12",
        "source": f"Outlet {HOSTILE}",
    }
    assert analyst.post("/api/documents", json={"documents": [statement]}).status_code == 201
    body = {"post": "pp-n6", "date": "2022-03-08", "place": "Khramort", "consequences": HOSTILE}
    incident = observer.post("/api/observations", json=body).json()["incident"]
    document = analyst.get("/api/documents").json()["documents"][0]["id"]
    pages = ["/documents", f"/documents/{document}", f"/incidents/{incident}", "/incidents", "/inbox"]
    for page in pages:
        text = analyst.get(page).text
        assert "<script>alert" not in text and "<img src=x" not in text, page
    assert "&lt;script&gt;alert" in analyst.get(f"/documents/{document}").text
    assert analyst.get("/places", params={"q": HOSTILE}).status_code == 404  # and escaped there too
    assert "<script>alert" not in analyst.get("/places", params={"q": HOSTILE}).text
