"""Logging in and out, and a guest's link: a session is a signed cookie holding the user's name, their
epoch (a change of password, role or state ends it) and its CSRF value (logging out ends that session
alone: the record keeps its key until the cookie would have expired).

Failed logins are counted per user name and per client address (:class:`truce.web.throttle.Throttle`):
beyond the limit, logging in answers 429 with Retry-After, before any password is checked."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from truce.errors import NotFound
from truce.record.access import Principal, Unauthenticated, authenticate, log_out, token_principal
from truce.web.api.reading import site_of
from truce.web.security import CSRF_COOKIE, SESSION_COOKIE, check_login_csrf, principal

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _next(target: str | None) -> str:
    """Where to go after logging in: a path of this site, never another site's address."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target[:500]
    return "/"


def _address(request: Request) -> str:
    return f"addr:{request.client.host if request.client else 'unknown'}"


def _not_throttled(request: Request, *keys: str) -> None:
    """Refuse (429) while too many logins failed under ``keys``: the same answer whichever key it is,
    and whether or not the name is a user's."""
    wait = site_of(request).logins.wait(*keys)
    if wait:
        minutes = -(-wait // 60)
        raise HTTPException(
            429,
            f"too many failed logins: try again in {minutes} minute{'s' * (minutes != 1)}",
            headers={"Retry-After": str(wait)},
        )


def start_session(request: Request, who: Principal, target: str, max_age: int | None = None) -> Response:
    site = site_of(request)
    csrf = secrets.token_urlsafe(24)
    cookie = site.sessions.dumps({"u": who.name, "e": who.epoch, "c": csrf})
    age = min(max_age or site.settings.session_hours * 3600, site.settings.session_hours * 3600)
    secure = request.url.scheme == "https"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, cookie, max_age=age, httponly=True, samesite="lax", secure=secure)
    response.set_cookie(CSRF_COOKIE, csrf, httponly=True, samesite="lax", secure=secure)
    return response


@router.get("/login")
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    return site_of(request).page(request, "login.html", target=_next(next), error=None, name="")


@router.post("/login", dependencies=[Depends(check_login_csrf)])
def login(
    request: Request,
    name: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    site = site_of(request)
    keys = (f"name:{name.strip().lower()}", _address(request))
    _not_throttled(request, *keys)
    try:
        who = authenticate(site.store, name.strip(), password)
    except Unauthenticated as exc:
        site.logins.fail(*keys)
        return site.page(request, "login.html", status=401, target=_next(next), error=str(exc), name=name)
    site.logins.reset(keys[0])  # the address keeps its count: one good account must not reset it
    return start_session(request, who, _next(next))


@router.post("/logout")
def logout(request: Request) -> Response:
    """Ends the session server-side too: a copy of its cookie no longer works (the user's other
    sessions go on)."""
    who = principal(request)
    if who.via == "session":
        site = site_of(request)
        log_out(site.acting(who), who, timedelta(hours=site.settings.session_hours))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/guest/{token}")
def guest(request: Request, token: Annotated[str, Path(max_length=100)]) -> Response:
    """A guest's link: it opens a session for the guest, which ends when their access does."""
    from datetime import UTC, datetime

    # a link opens a session, so failed ones are counted too (apart: a stale link blocks no password)
    key = "guest-" + _address(request)
    _not_throttled(request, key)
    try:
        who = token_principal(site_of(request).store, token)
    except Unauthenticated:
        who = None
    if who is None or who.role != "guest":  # a link that was never made, or has ended
        site_of(request).logins.fail(key)
        raise NotFound("no guest link at this address, or its time is up")
    left = int(((who.expires_at or datetime.now(UTC)) - datetime.now(UTC)).total_seconds())
    return start_session(request, who, "/", max(left, 1))
