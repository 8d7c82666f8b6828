"""Every error, everywhere, has one shape. Under ``/api/`` it is one JSON envelope::

    {"status": 422, "code": "invalid", "message": "to: 2022-03-01 is before --from 2022-03-02", "field": "to"}

and a page shows the same as an HTML page. Truce's own errors (:mod:`truce.errors`) map to statuses here,
once: a value refused naming its field is 422 with that field, something missing 404, no credentials
401, a role that may not 403, too many failed logins 429 (with Retry-After), a database that cannot be
reached 503, and anything unexpected 500 with no detail (the detail goes to the server's log, never to
the client).
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from http import HTTPStatus

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException

from truce.errors import FieldError, InputError, NotFound, StoreError, TruceError
from truce.record.access import Forbidden, Unauthenticated

__all__ = ["CODES", "RESPONSES", "Envelope", "Problem", "handle", "is_api", "problem_of"]

log = logging.getLogger("truce.web")

#: status -> the envelope's stable code
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    500: "internal",
    503: "unavailable",
}


@dataclass(frozen=True)
class Problem:
    status: int
    code: str
    message: str
    field: str | None = None


def _field(name: str) -> str:
    """A field as the API names it: no option dashes ("--from" is the query's "from")."""
    return name.lstrip("-").lower() if not name.isupper() else name.lower()


def problem_of(exc: Exception) -> Problem:
    """The status, code, message and field an exception is shown as."""
    if isinstance(exc, Unauthenticated):
        return Problem(401, "unauthenticated", str(exc))
    if isinstance(exc, Forbidden):
        return Problem(403, "forbidden", str(exc))
    if isinstance(exc, HTTPException):
        message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        return Problem(exc.status_code, CODES.get(exc.status_code, "error"), message)
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "header", "form")]
        field = ".".join(where) or None
        message = str(first.get("msg", "invalid request"))
        return Problem(422, "invalid", f"{field}: {message}" if field else message, field)
    if isinstance(exc, FieldError):
        field = _field(exc.field)
        return Problem(422, "invalid", f"{field}: {exc.problem}", field)
    if isinstance(exc, NotFound):
        return Problem(404, "not_found", str(exc))
    if isinstance(exc, StoreError):
        return Problem(503, "unavailable", str(exc))
    if isinstance(exc, PoolTimeout):  # every connection of the pool in use, for longer than its wait
        return Problem(503, "unavailable", "the database is busy: try again in a moment")
    if isinstance(exc, InputError) or (isinstance(exc, TruceError) and exc.exit_code == 2):
        return Problem(422, "invalid", str(exc))
    if isinstance(exc, TruceError):
        return Problem(409, "conflict", str(exc))
    return Problem(500, "internal", "internal error: the server's log has the details")


def is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


async def handle(request: Request, exc: Exception) -> Response:
    """The one handler of every error: the envelope for the API, an HTML page for the pages."""
    problem = problem_of(exc)
    if problem.status >= 500 and not isinstance(exc, StoreError | PoolTimeout):
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 and is_api(request) else None
    if isinstance(exc, HTTPException) and exc.headers:
        headers = {**(headers or {}), **exc.headers}
    if is_api(request) or request.app.state.site is None:
        return JSONResponse(asdict(problem), status_code=problem.status, headers=headers)
    return request.app.state.site.error_page(request, problem, headers)


class Envelope(BaseModel):
    """Every error of the API."""

    status: int
    code: str
    message: str
    field: str | None = None


#: What every route of the API may answer besides its own result (for the OpenAPI document).
RESPONSES: dict[int | str, dict] = {
    status: {"model": Envelope, "description": CODES[status]} for status in (401, 403, 404, 422, 500)
}
