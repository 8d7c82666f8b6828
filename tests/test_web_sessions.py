"""Logging in, held back and ended: failed logins counted per user name and per client address (429 with
Retry-After beyond the limit, the same answer whether or not the user exists, memory bounded, a success
resets the user's count), and sessions ended server-side by logging out, by an administrator (page, API
and ``truce users revoke-sessions``), by disabling a user and by a new password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner
from web_helpers import PASSWORD, USERS, Client, add_users, client, log_in

from truce.cli import app as cli_app
from truce.record.access import create_guest, issue_token, log_out, session_principal
from truce.record.audit import verify
from truce.store.access import user
from truce.web.security import CSRF_COOKIE, SESSION_COOKIE
from truce.web.throttle import Throttle

READER = USERS["reader"][0]
ADMIN = USERS["administrator"][0]


@pytest.fixture
def url(db_url: str) -> str:
    """A fresh database with one user of each role, and so a fresh application (its own counts)."""
    add_users(db_url)
    return db_url


def at(url: str, address: str) -> Client:
    """A client of the application over ``url`` that connects from ``address``."""
    made = Client(client(url).app, raise_server_exceptions=False, client=(address, 50000))
    made.get("/login")  # the CSRF cookie of the login form
    return made


def attempt(made: Client, name: str, password: str = "a wrong password, written for the test"):  # type: ignore[no-untyped-def]
    return made.post(
        "/login", data={"name": name, "password": password, "csrf": made.csrf}, follow_redirects=False
    )


def whoami(made: Client) -> str:
    return str(made.get("/api/me").json()["role"])


def log(made: Client) -> list[tuple[str, str]]:
    return [(row.who, row.action) for row in made.app.state.site.store.log_entries()]


# -- the counts ----------------------------------------------------------------------------------------


def test_a_throttle_counts_failures_in_a_window_and_forgets_them_after() -> None:
    now = [1000.0]
    logins = Throttle(limit=3, window=60, clock=lambda: now[0])
    for _ in range(2):
        logins.fail("name:ana")
        now[0] += 1
    assert logins.wait("name:ana") == 0  # two of three
    logins.fail("name:ana")
    assert logins.wait("name:ana") == 60 - 2  # until the first failure leaves the window
    assert logins.wait("name:bob") == 0 and logins.wait("name:bob", "name:ana") == 58
    now[0] += 58
    assert logins.wait("name:ana") == 0
    logins.fail("name:ana")  # the window slides: the second and third failures are still in it
    assert logins.wait("name:ana") == 1
    logins.reset("name:ana")
    assert logins.wait("name:ana") == 0


def test_a_throttle_keeps_at_most_its_capacity() -> None:
    logins = Throttle(limit=5, window=900, capacity=100)
    for n in range(5000):
        logins.fail(f"name:user{n}")
    assert len(logins) == 100
    assert all(len(times) <= 5 for times in logins._failures.values())
    for _ in range(50):
        logins.fail("addr:10.0.0.1")
    assert len(logins._failures["addr:10.0.0.1"]) == 5  # no more than the limit, however many


# -- failed logins -------------------------------------------------------------------------------------


def _refused(answer) -> str:  # type: ignore[no-untyped-def]
    """The message of a 429 page, checked for the app's error page and its Retry-After."""
    assert answer.status_code == 429, answer.text[-300:]
    assert answer.headers["content-type"].startswith("text/html")
    assert 1 <= int(answer.headers["retry-after"]) <= 15 * 60
    assert "<h1>429: " in answer.text
    return str(answer.text.split('role="alert">')[1].split("<")[0])


def test_five_failures_for_a_name_hold_it_back_whether_or_not_it_exists(url: str) -> None:
    messages = []
    for name in (READER, "nobody"):
        for n in range(5):  # five addresses: only the name's count reaches the limit
            assert attempt(at(url, f"10.0.{len(messages)}.{n}"), name).status_code == 401
        held = attempt(at(url, f"10.1.{len(messages)}.1"), name, PASSWORD)  # even the right password
        messages.append(_refused(held))
        assert held.cookies.get(SESSION_COOKIE) is None
    assert messages[0] == messages[1] and "too many failed logins" in messages[0]
    assert READER not in messages[0] and "nobody" not in messages[0]
    assert attempt(at(url, "10.2.0.1"), USERS["analyst"][0], PASSWORD).status_code == 303  # others log in


def test_five_failures_from_an_address_hold_it_back_for_every_name(url: str) -> None:
    made = at(url, "192.0.2.7")
    for n in range(5):
        assert attempt(made, f"guess{n}").status_code == 401
    _refused(attempt(made, READER, PASSWORD))
    assert attempt(at(url, "192.0.2.8"), READER, PASSWORD).status_code == 303  # from elsewhere


def test_a_success_resets_the_users_count(url: str) -> None:
    for n in range(4):
        assert attempt(at(url, f"10.3.0.{n}"), READER).status_code == 401
    assert attempt(at(url, "10.3.1.0"), READER, PASSWORD).status_code == 303
    for n in range(4):  # four more: eight failures in all, but only four since the success
        assert attempt(at(url, f"10.3.2.{n}"), READER).status_code == 401
    assert attempt(at(url, "10.3.3.0"), READER, PASSWORD).status_code == 303


def test_logging_in_is_possible_again_once_the_window_has_passed(url: str) -> None:
    made = at(url, "10.4.0.1")
    now = [0.0]
    made.app.state.site.logins.clock = lambda: now[0]
    for _ in range(5):
        attempt(made, READER)
    now[0] += 14 * 60
    wait = _refused(attempt(made, READER, PASSWORD))
    assert "1 minute" in wait
    now[0] += 60
    assert attempt(made, READER, PASSWORD).status_code == 303


def test_failed_guest_links_are_held_back_apart_from_passwords(url: str) -> None:
    made = at(url, "10.5.0.1")
    store = made.app.state.site.store
    _, link = create_guest(store, "guest9", 2)
    for n in range(5):
        assert made.get(f"/guest/truce_{n:016x}_{'A' * 43}").status_code == 404
    _refused(made.get(f"/guest/{link}", follow_redirects=False))
    assert attempt(made, READER, PASSWORD).status_code == 303  # a stale link blocks no password
    assert at(url, "10.5.0.2").get(f"/guest/{link}", follow_redirects=False).status_code == 303


# -- sessions that end ---------------------------------------------------------------------------------


def _copy(made: Client) -> Client:
    """Another browser holding a copy of ``made``'s cookies (as someone who took them would)."""
    thief = Client(made.app, raise_server_exceptions=False)
    for name in (SESSION_COOKIE, CSRF_COOKIE):
        thief.cookies.set(name, made.cookies[name])
    return thief


def test_logging_out_ends_the_session_server_side(url: str) -> None:
    made = log_in(client(url), READER)
    copy = _copy(made)
    assert whoami(copy) == "reader"
    out = made.post("/logout", follow_redirects=False)
    assert out.status_code == 303 and made.cookies.get(SESSION_COOKIE) is None
    assert whoami(copy) == "anonymous"  # the copy of the cookie no longer works
    assert copy.post("/api/observations", json={}).status_code == 401
    assert log(made)[-1] == (f"{READER} (web)", "logout")
    assert whoami(log_in(client(url), READER)) == "reader"  # a new login makes a new session


def test_logging_out_ends_that_session_alone(url: str) -> None:
    phone, laptop = log_in(client(url), READER), log_in(client(url), READER)
    copy, laptop_copy = _copy(phone), _copy(laptop)
    assert phone.post("/logout", follow_redirects=False).status_code == 303
    assert whoami(copy) == "anonymous"
    assert whoami(laptop) == whoami(laptop_copy) == "reader"  # the user's other session goes on
    assert laptop.post("/logout", follow_redirects=False).status_code == 303
    assert whoami(laptop_copy) == "anonymous"
    store = phone.app.state.site.store
    with store.engine.connect() as connection:  # each logout remembered by its key, never the cookie
        keys = [k for (k,) in connection.execute(text("SELECT key FROM ended_sessions"))]
    assert len(keys) == 2 and all(len(k) == 64 for k in keys)
    assert log(phone)[-2:] == [(f"{READER} (web)", "logout")] * 2


def test_logging_out_forgets_sessions_past_their_cookies_age(url: str) -> None:
    made = client(url)
    store = made.app.state.site.store
    epoch = user(store, READER).epoch  # type: ignore[union-attr]
    log_out(store, session_principal(store, READER, epoch, "csrf-1"), timedelta(hours=-1))  # long past
    later = session_principal(store, READER, epoch, "csrf-2")
    log_out(store, later, timedelta(hours=12))
    with store.engine.connect() as connection:
        ended = [k for (k,) in connection.execute(text("SELECT key FROM ended_sessions"))]
    assert ended == [later.session]
    assert verify(store).holds  # the purge is a logged write like the ending
    assert session_principal(store, READER, epoch, "csrf-1").name == READER  # its cookie's age refuses it


def test_logging_out_with_a_token_or_anonymously_writes_nothing(url: str) -> None:
    made = client(url)
    store = made.app.state.site.store
    _, token = issue_token(store, READER, ("read",), 1)
    before = len(log(made))
    assert made.post("/logout", follow_redirects=False).status_code == 303
    bearer = {"Authorization": f"Bearer {token}"}
    assert made.post("/logout", headers=bearer, follow_redirects=False).status_code == 303
    assert len(log(made)) == before
    assert made.get("/api/me", headers=bearer).json()["role"] == "reader"  # a token is no session


def test_an_administrator_ends_every_session_of_a_user_from_the_page(url: str) -> None:
    admin = log_in(client(url), ADMIN)
    phone, laptop = log_in(client(url), READER), log_in(client(url), READER)
    _, token = issue_token(admin.app.state.site.store, READER, ("read",), 1)
    page = admin.get("/admin").text
    assert f'action="/admin/users/{READER}/revoke-sessions"' in page
    done = admin.post(f"/admin/users/{READER}/revoke-sessions", data={"csrf": admin.csrf})
    assert done.status_code == 200 and f"Every session of {READER} has ended" in done.text
    assert whoami(phone) == "anonymous" and whoami(laptop) == "anonymous"
    assert whoami(admin) == "administrator"  # only that user's
    assert made_by_token(admin, token) == "reader"  # tokens stay: they are revoked one by one
    assert log(admin)[-1] == (f"{ADMIN} (web)", "user-sessions-end")
    refused = admin.post("/admin/users/nobody/revoke-sessions", data={"csrf": admin.csrf})
    assert refused.status_code == 422 and "no user" in refused.text


def made_by_token(made: Client, token: str) -> str:
    return str(made.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["role"])


def test_an_administrator_ends_every_session_of_a_user_through_the_api(url: str) -> None:
    admin = log_in(client(url), ADMIN)
    reader = log_in(client(url), READER)
    answer = admin.post(f"/api/users/{READER}/sessions/revocation")
    assert answer.status_code == 200 and answer.json()["name"] == READER
    assert whoami(reader) == "anonymous"
    missing = admin.post("/api/users/nobody/sessions/revocation").json()
    assert (missing["status"], missing["field"]) == (422, "name")


def test_truce_users_revoke_sessions_ends_them_from_the_command_line(url: str) -> None:
    reader = log_in(client(url), READER)
    runner = CliRunner()
    done = runner.invoke(cli_app, ["users", "revoke-sessions", READER, "--db", url])
    assert done.exit_code == 0 and f"Ended every session of {READER}." in done.output
    assert whoami(reader) == "anonymous"
    assert log(reader)[-1][1] == "user-sessions-end"
    missing = runner.invoke(cli_app, ["users", "revoke-sessions", "nobody", "--db", url])
    assert missing.exit_code != 0 and "Error: " in missing.output and "no user 'nobody'" in missing.output


def test_disabling_a_user_or_a_new_password_ends_their_sessions(url: str) -> None:
    admin = log_in(client(url), ADMIN)
    reader, analyst = log_in(client(url), READER), log_in(client(url), USERS["analyst"][0])
    changed = admin.post(
        "/admin/password", data={"csrf": admin.csrf, "name": READER, "password": PASSWORD + " anew"}
    )
    assert changed.status_code == 200 and whoami(reader) == "anonymous"
    assert whoami(log_in(client(url), READER, PASSWORD + " anew")) == "reader"
    disabled = admin.post(f"/admin/users/{USERS['analyst'][0]}/disable", data={"csrf": admin.csrf})
    assert disabled.status_code == 200 and whoami(analyst) == "anonymous"
    assert attempt(client(url), USERS["analyst"][0], PASSWORD).status_code == 401
    assert [a for _, a in log(admin)][-2:] == ["user-password", "user-disable"]
