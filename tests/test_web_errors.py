"""Every error has one shape: under /api/ one JSON envelope {status, code, message, field} with the
status it says; on a page, an HTML page with that status and the message. One table walks every kind of
error path: an unknown route, a wrong method, a value refused by the framework or by the record, no
credentials, a role that may not, a body too large, the database gone, and a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import USERS, Client, add_users, client, copy_db, log_in

import truce.record.incidents

#: (who, method, url, body, status, code, field, the start of the message)
CASES = [
    ("anonymous", "GET", "/api/nothing", None, 404, "not_found", None, "Not Found"),
    ("anonymous", "GET", "/api/incidents/I-nothing", None, 404, "not_found", None, "no incident 'I-nothing'"),
    ("anonymous", "GET", "/api/places?q=Qwertyville", None, 404, "not_found", None, "unknown place"),
    ("anonymous", "DELETE", "/api/incidents", None, 405, "method_not_allowed", None, "Method Not Allowed"),
    ("anonymous", "GET", "/api/incidents?page=zero", None, 422, "invalid", "page", "page: "),
    (
        "anonymous",
        "GET",
        "/api/incidents?from=2022-02-30",
        None,
        422,
        "invalid",
        "from",
        "from: '2022-02-30'",
    ),
    (
        "anonymous",
        "GET",
        "/api/incidents?from=2022-03-02&to=2022-03-01",
        None,
        422,
        "invalid",
        "to",
        "to: 2022-03-01 is before",
    ),
    ("anonymous", "GET", "/api/incidents?means=catapult", None, 422, "invalid", "means", "means: 'catapult'"),
    (
        "anonymous",
        "GET",
        "/api/activities?from=2022-12-32",
        None,
        422,
        "invalid",
        "from",
        "from: '2022-12-32'",
    ),
    ("anonymous", "GET", "/api/incidents?accused=XX", None, 422, "invalid", "accused", "accused: 'XX'"),
    ("anonymous", "GET", "/api/incidents?place=" + "x" * 600, None, 422, "invalid", "place", "place: "),
    ("anonymous", "GET", "/api/days/2030-01-01/bulletin", None, 422, "invalid", "date", "date: 2030-01-01"),
    ("anonymous", "GET", "/api/days/2022-03-11/bulletin?names=elvish", None, 422, "invalid", None, "--names"),
    ("anonymous", "GET", "/api/me", {"Authorization": "Bearer nonsense"}, 401, "unauthenticated", None, ""),
    ("anonymous", "GET", "/api/me", {"Authorization": "Basic abc"}, 401, "unauthenticated", None, "give the"),
    ("anonymous", "POST", "/api/decisions", {}, 401, "unauthenticated", None, "log in"),
    ("reader", "POST", "/api/decisions", {}, 403, "forbidden", None, "the reader role may not"),
    ("analyst", "POST", "/api/decisions", {"claim": "C-x"}, 422, "invalid", "incident", "incident: "),
    (
        "analyst",
        "POST",
        "/api/decisions",
        {"claim": "C-nothing", "incident": "I-rumod-20220311", "kind": "link"},
        404,
        "not_found",
        None,
        "no claim 'C-nothing'",
    ),
    (
        "observer",
        "POST",
        "/api/observations",
        {"post": "pp-n6", "date": "2022-03-08", "place": "Qwertyville"},
        422,
        "invalid",
        "place",
        "place: unknown place 'Qwertyville'",
    ),
    (
        "publisher",
        "POST",
        "/api/bulletins/B-nothing/signatures",
        {"key": "not a key"},
        422,
        "invalid",
        "key",
        "key: not a private key",
    ),
    ("analyst", "POST", "/api/documents", "x" * (11 * 1024 * 1024), 413, "too_large", None, "the request is"),
    ("anonymous", "GET", "/api/incidents?crash=1", None, 500, "internal", None, "internal error"),
    ("anonymous", "GET", "/api/incidents?gone=1", None, 503, "unavailable", None, "cannot open"),
]


@pytest.fixture(scope="module")
def clients(_initialised_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Client]:
    url = copy_db(_initialised_db, tmp_path_factory.mktemp("web-errors"))
    add_users(url)
    made = {"anonymous": client(url)}
    for role, (name, _, _) in USERS.items():
        made[role] = log_in(client(url), name)
    return made


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """``?crash=1`` in a case's address makes the incident finder fail as a bug would; ``?gone=1`` as a
    database that went away."""
    from truce.errors import StoreError

    url = request.node.callspec.params["url"]
    failure: Exception | None = None
    if "crash=1" in url:
        failure = RuntimeError("a bug written for the test: the secret is s3cret")
    elif "gone=1" in url:
        failure = StoreError("cannot open database sqlite:///gone.db: written for the test")
    if failure is not None:

        def find(store, query, page=None):  # type: ignore[no-untyped-def]
            raise failure

        monkeypatch.setattr(truce.record.incidents, "find", find)


def _send(made: Client, method: str, url: str, body: object, page: bool = False):  # type: ignore[no-untyped-def]
    headers = body if isinstance(body, dict) and "Authorization" in body else None
    if method == "GET":
        return made.get(url, headers=headers)
    if isinstance(body, str):
        return made.request(method, url, content=body, headers={"Content-Type": "application/json"})
    return made.request(method, url, json=None if headers else body, headers=headers)


@pytest.mark.parametrize(("who", "method", "url", "body", "status", "code", "field", "message"), CASES)
def test_every_api_error_is_one_envelope(
    clients: dict[str, Client],
    faults: None,
    who: str,
    method: str,
    url: str,
    body: object,
    status: int,
    code: str,
    field: str | None,
    message: str,
) -> None:
    answer = _send(clients[who], method, url, body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    envelope = answer.json()
    assert set(envelope) == {"status", "code", "message", "field"}
    assert envelope["status"] == status and envelope["code"] == code and envelope["field"] == field
    assert envelope["message"].startswith(message), envelope["message"]
    assert "Traceback" not in answer.text and "s3cret" not in answer.text
    if status == 401:
        assert answer.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("who", "method", "url", "status", "text"),
    [
        ("anonymous", "GET", "/nothing", 404, "Not Found"),
        ("anonymous", "GET", "/incidents/I-nothing", 404, "no incident"),
        ("anonymous", "POST", "/incidents", 405, "Method Not Allowed"),
        ("anonymous", "GET", "/incidents?from=2022-02-30", 422, "is not a date"),
        ("anonymous", "GET", "/incidents?page=zero", 422, "page"),
        ("anonymous", "GET", "/activities?from=2022-12-32", 422, "from: &#39;2022-12-32&#39; is not a date"),
        ("anonymous", "GET", "/activities?from=2022-12-31&to=2022-12-01", 422, "to: 2022-12-01 is before"),
        ("anonymous", "GET", "/observe", 401, "Log in"),
        ("reader", "GET", "/observe", 403, "may not"),
        ("anonymous", "GET", "/incidents?crash=1", 500, "internal error"),
    ],
)
def test_every_page_error_is_one_page(
    clients: dict[str, Client], faults: None, who: str, method: str, url: str, status: int, text: str
) -> None:
    answer = clients[who].request(method, url)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert f"<h1>{status}: " in answer.text and text in answer.text
    assert "Traceback" not in answer.text and "s3cret" not in answer.text


def test_a_refused_form_shows_itself_again_with_the_problem(clients: dict[str, Client]) -> None:
    answer = clients["observer"].post(
        "/observe",
        data={"post": "pp-n6", "day": "2022-03-08", "place": "Qwertyville", "means": "mortar"},
    )
    assert answer.status_code == 422
    assert 'data-field="place"' in answer.text and "unknown place" in answer.text
    assert 'value="Qwertyville"' in answer.text  # what was typed stays


def test_a_busy_pool_is_a_503_envelope() -> None:
    # every connection of the pool in use past its wait: "try again", not an internal error whose
    # connection the server drops
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    from truce.web.errors import problem_of

    problem = problem_of(PoolTimeout("QueuePool limit of size 5 overflow 10 reached"))
    assert (problem.status, problem.code) == (503, "unavailable")
    assert "busy" in problem.message and "QueuePool" not in problem.message
