"""Every route of the web application, with every role: allowed, or refused (401 to nobody, 403 to a role
that may not). The table says what each route needs; a route missing from it fails the test, so no route
is reachable by a role that should not reach it. Then the rules a role alone does not settle: an
observer's posts, a publisher's side, a guest's bulk downloads and time box, tokens' scopes and
revocation, sessions that end, CSRF, and a private site."""

from __future__ import annotations

from pathlib import Path

import fastapi.routing
import pytest
from web_helpers import PASSWORD, USERS, Client, add_users, client, copy_db, log_in

from truce.record.access import PERMISSIONS, create_guest, issue_token, revoke_token, set_password
from truce.store import Store

PUBLIC = None
#: (method, path) -> the permission it needs (None: anyone, even when reading is not public)
ROUTES: dict[tuple[str, str], str | None] = {
    ("GET", "/api/openapi.json"): PUBLIC,
    ("GET", "/api/incidents"): "read",
    ("GET", "/api/incidents/{incident_id}"): "read",
    ("GET", "/api/places"): "read",
    ("GET", "/api/bulletins"): "read",
    ("GET", "/api/bulletins/{bulletin_id}"): "read",
    ("GET", "/api/bulletins/{bulletin_id}/files/{name}"): "read",
    ("GET", "/api/bulletins/{bulletin_id}/bundle"): "read",
    ("GET", "/api/days/{day}/bulletin"): "read",
    ("GET", "/api/documents"): "read",
    ("GET", "/api/documents/{document_id}"): "read",
    ("GET", "/api/observations"): "read",
    ("GET", "/api/layers/{layer}"): "read",
    ("GET", "/api/trends"): "read",
    ("GET", "/api/activities"): "read",
    ("GET", "/api/exports/{fmt}"): "bulk",
    ("GET", "/api/me"): "read",
    ("POST", "/api/observations"): "observe",
    ("POST", "/api/documents"): "analyse",
    ("POST", "/api/decisions"): "analyse",
    ("POST", "/api/incidents/{incident_id}/findings"): "analyse",
    ("POST", "/api/incidents/{incident_id}/findings/withdrawal"): "analyse",
    ("POST", "/api/documents/{document_id}/retraction"): "analyse",
    ("POST", "/api/bulletins"): "publish",
    ("POST", "/api/bulletins/{bulletin_id}/signatures"): "publish",
    ("POST", "/api/checkpoints"): "publish",
    ("GET", "/api/users"): "admin",
    ("POST", "/api/users"): "admin",
    ("POST", "/api/users/{name}/role"): "admin",
    ("POST", "/api/users/{name}/password"): "admin",
    ("POST", "/api/users/{name}/disable"): "admin",
    ("POST", "/api/users/{name}/sessions/revocation"): "admin",
    ("POST", "/api/guests"): "admin",
    ("GET", "/api/tokens"): "admin",
    ("POST", "/api/tokens"): "admin",
    ("POST", "/api/tokens/{token_id}/revocation"): "admin",
    ("GET", "/api/keys"): "read",
    ("POST", "/api/keys"): "admin",
    ("POST", "/api/keys/import"): "admin",
    ("POST", "/api/keys/{name}/retirement"): "admin",
    ("GET", "/"): "read",
    ("GET", "/bulletins"): "read",
    ("GET", "/bulletins/{day}"): "read",
    ("GET", "/published/{bulletin_id}"): "read",
    ("GET", "/incidents"): "read",
    ("GET", "/incidents/{incident_id}"): "read",
    ("GET", "/places"): "read",
    ("GET", "/documents"): "read",
    ("GET", "/documents/{document_id}"): "read",
    ("GET", "/trends"): "read",
    ("GET", "/activities"): "read",
    ("GET", "/login"): PUBLIC,
    ("POST", "/login"): PUBLIC,
    ("POST", "/logout"): PUBLIC,
    ("GET", "/guest/{token}"): PUBLIC,
    ("GET", "/observe"): "observe",
    ("POST", "/observe"): "observe",
    ("GET", "/inbox"): "analyse",
    ("POST", "/inbox/ingest"): "analyse",
    ("POST", "/inbox/decide"): "analyse",
    ("POST", "/incidents/{incident_id}/finding"): "analyse",
    ("POST", "/incidents/{incident_id}/finding/withdraw"): "analyse",
    ("POST", "/documents/{document_id}/retract"): "analyse",
    ("GET", "/sign-off"): "publish",
    ("POST", "/sign-off/draft"): "publish",
    ("POST", "/sign-off/{bulletin_id}/sign"): "publish",
    ("POST", "/sign-off/checkpoint"): "publish",
    ("GET", "/admin"): "admin",
    ("POST", "/admin/users"): "admin",
    ("POST", "/admin/role"): "admin",
    ("POST", "/admin/password"): "admin",
    ("POST", "/admin/users/{name}/disable"): "admin",
    ("POST", "/admin/users/{name}/revoke-sessions"): "admin",
    ("POST", "/admin/guests"): "admin",
    ("POST", "/admin/tokens"): "admin",
    ("POST", "/admin/tokens/{token_id}/revoke"): "admin",
    ("POST", "/admin/keys"): "admin",
    ("POST", "/admin/keys/import"): "admin",
    ("POST", "/admin/keys/{name}/retire"): "admin",
}
# Path parameters that reach the route's own checks without changing the record (nothing by these
# names exists): an allowed role gets 404 or 422, never 401 or 403.
SAMPLES = {
    "incident_id": "I-rumod-20220311",
    "bulletin_id": "B-nothing",
    "name": "nobody",
    "day": "2022-03-11",
    "document_id": "ffffffffffffffff",
    "token_id": "0000000000000000",
    "layer": "areas",
    "fmt": "csv",
    "token": "truce_0000000000000000_" + "A" * 43,
}
QUERIES = {"/api/places": "?q=Khramort"}
ROLES = ("anonymous", "guest", *USERS)
GUEST_LINK: dict[str, str] = {}  # the guest's link, to log the guest in again after the walk logs out


def routes(app) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    found = set()
    for context in fastapi.routing.iter_route_contexts(app.routes):
        for method in context.methods or ():
            if method != "HEAD" and context.path != "/static":
                found.add((method, context.path))
    return found


@pytest.fixture(scope="module")
def clients(_initialised_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Client]:
    url = copy_db(_initialised_db, tmp_path_factory.mktemp("web-access"))
    add_users(url)
    store = Store.open(url)
    _, guest_link = create_guest(store, "guest1", 2)
    store.close()
    GUEST_LINK["guest"] = f"/guest/{guest_link}"
    made = {"anonymous": client(url)}
    guest = client(url)
    assert guest.get(f"/guest/{guest_link}", follow_redirects=False).status_code == 303
    made["guest"] = guest
    for role, (name, _, _) in USERS.items():
        made[role] = log_in(client(url), name)
    return made


def test_the_table_names_every_route(clients: dict[str, Client]) -> None:
    assert routes(clients["anonymous"].app) == set(ROUTES), "add the new route to ROUTES"


def _allowed(role: str, permission: str | None) -> bool:
    if permission is None:
        return True
    granted = PERMISSIONS["reader"] if role == "anonymous" else PERMISSIONS[role]
    return permission in granted


@pytest.mark.parametrize("role", ROLES)
def test_every_route_with_every_role(clients: dict[str, Client], role: str) -> None:
    made = clients[role]
    wrong = []
    for (method, path), permission in sorted(ROUTES.items(), key=lambda r: r[0] == ("POST", "/logout")):
        url = path.format(**SAMPLES) + QUERIES.get(path, "")
        if method == "GET":
            answer = made.get(url, follow_redirects=False)
        elif path.startswith("/api/"):
            answer = made.post(url, json={}, follow_redirects=False)
        else:
            answer = made.post(url, data={"csrf": made.csrf}, follow_redirects=False)
        if _allowed(role, permission):
            ok = answer.status_code not in (401, 403) and answer.status_code < 500
        else:
            ok = answer.status_code == (401 if role == "anonymous" else 403)
        if not ok:
            wrong.append((method, path, answer.status_code, answer.text[:120]))
    _log_in_again(made, role)  # logging out is walked too (last), and it ends the session for good
    assert wrong == []


def _log_in_again(made: Client, role: str) -> None:
    made.get("/login")  # the login form's CSRF cookie
    if role == "guest":
        assert made.get(GUEST_LINK["guest"], follow_redirects=False).status_code == 303
    elif role != "anonymous":
        log_in(made, USERS[role][0])


def test_a_private_site_lets_nobody_read_without_logging_in(clients: dict[str, Client]) -> None:
    url = str(clients["anonymous"].app.state.site.store.engine.url)
    private = client(url, public=False)
    for (method, path), permission in ROUTES.items():
        if method == "GET" and permission == "read":
            answer = private.get(path.format(**SAMPLES) + QUERIES.get(path, ""), follow_redirects=False)
            assert answer.status_code == 401, path
    assert private.get("/login").status_code == 200
    assert log_in(private, USERS["reader"][0]).get("/incidents").status_code == 200


def test_an_observer_records_only_for_their_posts(clients: dict[str, Client]) -> None:
    observer = clients["observer"]
    body = {"post": "pp-n1", "date": "2022-03-08", "place": "Khramort", "means": ["mortar"]}
    refused = observer.post("/api/observations", json=body)
    assert refused.status_code == 403 and "not assigned" in refused.json()["message"]
    page = observer.get("/observe").text
    assert 'value="pp-n6"' in page and 'value="pp-n1"' not in page


def test_a_guest_reads_but_downloads_nothing_in_bulk(clients: dict[str, Client]) -> None:
    guest = clients["guest"]
    assert guest.get("/api/incidents").status_code == 200
    assert guest.get("/incidents").status_code == 200
    for url in ("/api/incidents?format=csv", "/api/incidents?format=geojson", "/api/exports/acled"):
        assert guest.get(url).status_code == 403, url
    assert guest.get("/api/incidents?per_page=500").status_code == 422  # a page larger than the default
    assert clients["reader"].get("/api/incidents?per_page=500").status_code == 200
    assert "CSV</a>" not in guest.get("/incidents").text


def test_guest_access_ends_when_its_time_is_up(clients: dict[str, Client], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime, timedelta

    import truce.record.access as access

    assert clients["guest"].get("/api/me").json()["role"] == "guest"
    later = datetime.now(UTC) + timedelta(hours=3)
    monkeypatch.setattr(access, "_now", lambda: later)
    assert clients["guest"].get("/api/me").json()["role"] == "anonymous"  # the session no longer holds


def test_tokens_carry_their_scopes_and_revocation_is_for_good(clients: dict[str, Client]) -> None:
    site = clients["anonymous"].app.state.site
    _, text = issue_token(site.store, USERS["analyst"][0], ("read",), 1)
    bearer = {"Authorization": f"Bearer {text}"}
    anonymous = clients["anonymous"]
    assert anonymous.get("/api/me", headers=bearer).json()["role"] == "analyst"
    decision = {"claim": "C-nothing", "incident": "I-nothing", "kind": "link"}
    assert anonymous.post("/api/decisions", json=decision, headers=bearer).status_code == 403  # read only
    with pytest.raises(Exception, match="among"):
        issue_token(site.store, USERS["reader"][0], ("analyse",), 1)  # beyond the role
    token_id = text.split("_")[1]
    revoke_token(site.store, token_id)
    assert anonymous.get("/api/me", headers=bearer).status_code == 401
    with pytest.raises(Exception, match="already"):
        revoke_token(site.store, token_id)  # one way: a revoked token stays revoked
    forged = text[:-4] + ("AAAA" if not text.endswith("AAAA") else "BBBB")
    assert anonymous.get("/api/me", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_a_new_password_ends_the_sessions(clients: dict[str, Client]) -> None:
    url = str(clients["anonymous"].app.state.site.store.engine.url)
    session = log_in(client(url), USERS["reader"][0])
    assert session.get("/api/me").json()["name"] == USERS["reader"][0]
    store = Store.open(url)
    set_password(store, USERS["reader"][0], PASSWORD + " again")
    store.close()
    assert session.get("/api/me").json()["role"] == "anonymous"
    set_password(store, USERS["reader"][0], PASSWORD)  # as it was, for the other tests


def test_a_form_without_the_session_csrf_value_is_refused(clients: dict[str, Client]) -> None:
    analyst = clients["analyst"]
    form = {"claim": "C-nothing", "incident": "I-nothing", "kind": "link"}
    bare = analyst.post("/inbox/decide", data=form, headers={"X-CSRF-Token": ""})
    assert bare.status_code == 403 and "CSRF" in bare.text
    forged = analyst.post("/inbox/decide", data={**form, "csrf": "forged"}, headers={"X-CSRF-Token": ""})
    assert forged.status_code == 403
    assert analyst.post("/inbox/decide", data={**form, "csrf": analyst.csrf}).status_code == 404


def test_a_wrong_password_says_no_more_than_that(clients: dict[str, Client]) -> None:
    url = str(clients["anonymous"].app.state.site.store.engine.url)
    made = client(url)
    for name in (USERS["reader"][0], "nobody"):
        answer = made.post("/login", data={"name": name, "password": "wrong password", "csrf": made.csrf})
        assert answer.status_code == 401 and "unknown user or wrong password" in answer.text
    bare = made.post("/login", data={"name": "x", "password": "y"}, headers={"X-CSRF-Token": ""})
    assert bare.status_code == 403  # no CSRF value
