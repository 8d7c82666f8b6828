"""Logging in and out, and a guest's link: a session is a signed cookie holding the user's name, their
epoch (a change of password or role ends it) and its CSRF value."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from truce.errors import NotFound
from truce.record.access import Principal, Unauthenticated, authenticate, token_principal
from truce.web.api.reading import site_of
from truce.web.security import CSRF_COOKIE, SESSION_COOKIE, check_login_csrf

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _next(target: str | None) -> str:
    """Where to go after logging in: a path of this site, never another site's address."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target[:500]
    return "/"


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
    try:
        who = authenticate(site.store, name.strip(), password)
    except Unauthenticated as exc:
        return site.page(request, "login.html", status=401, target=_next(next), error=str(exc), name=name)
    return start_session(request, who, _next(next))


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


@router.get("/guest/{token}")
def guest(request: Request, token: Annotated[str, Path(max_length=100)]) -> Response:
    """A guest's link: it opens a session for the guest, which ends when their access does."""
    from datetime import UTC, datetime

    try:
        who = token_principal(site_of(request).store, token)
    except Unauthenticated:
        who = None
    if who is None or who.role != "guest":  # a link that was never made, or has ended
        raise NotFound("no guest link at this address, or its time is up")
    left = int(((who.expires_at or datetime.now(UTC)) - datetime.now(UTC)).total_seconds())
    return start_session(request, who, "/", max(left, 1))
