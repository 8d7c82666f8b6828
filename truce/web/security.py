"""Who makes a request, and whether it may: sessions in signed cookies, API tokens, CSRF.

A request is authenticated by an ``Authorization: Bearer`` token, else by the session cookie (signed with
the server's secret, holding the user's name, their epoch and the session's CSRF value), else it is
anonymous: a reader when the record is public. Routes declare the permission they need
(:func:`need`); the check is :meth:`truce.record.access.Principal.require`.

CSRF: a browser sends cookies with any request, so every unsafe request made with the session cookie
must carry the session's CSRF value (the ``csrf`` field of a form, or the ``X-CSRF-Token`` header). A
request with a token carries no ambient credential and needs none; the login form checks its own
(the value of the ``truce_csrf`` cookie).
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, Any

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from truce.record.access import (
    Forbidden,
    Principal,
    Unauthenticated,
    anonymous,
    session_principal,
    token_principal,
)

__all__ = [
    "CSRF_COOKIE",
    "SESSION_COOKIE",
    "Admin",
    "Analyst",
    "Bulk",
    "Observer",
    "Publisher",
    "Reader",
    "check_csrf",
    "csrf_of",
    "need",
    "principal",
    "session_payload",
]

SESSION_COOKIE = "truce_session"
CSRF_COOKIE = "truce_csrf"
SAFE = {"GET", "HEAD", "OPTIONS"}


def serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt="truce-session")


def session_payload(request: Request) -> dict[str, Any] | None:
    """The signed session's contents, if the cookie is there, unaltered and not too old."""
    if "session" in request.scope.get("truce", {}):
        return request.scope["truce"]["session"]  # type: ignore[no-any-return]
    site = request.app.state.site
    cookie = request.cookies.get(SESSION_COOKIE)
    payload = None
    if cookie:
        try:
            loaded = site.sessions.loads(cookie, max_age=site.settings.session_hours * 3600)
            payload = loaded if isinstance(loaded, dict) else None
        except BadSignature:  # tampered with, or expired: as if there were none
            payload = None
    request.scope.setdefault("truce", {})["session"] = payload
    return payload


def principal(request: Request) -> Principal:
    """Who makes the request (once per request)."""
    cached = request.scope.get("truce", {}).get("principal")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    site = request.app.state.site
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthenticated("give the token as: Authorization: Bearer truce_...")
        found = token_principal(site.store, value)
    else:
        payload = session_payload(request)
        found = anonymous(site.settings.public)
        if payload is not None:
            try:
                name, epoch = str(payload.get("u", "")), int(payload.get("e", -1))
                found = session_principal(site.store, name, epoch, str(payload.get("c", "")))
            except Unauthenticated:
                found = anonymous(site.settings.public)  # a session that ended: read on as anonymous
    request.scope.setdefault("truce", {})["principal"] = found
    return found


def csrf_of(request: Request) -> str:
    """The CSRF value a form of this page must carry: the session's, or the browser's own cookie."""
    payload = session_payload(request)
    if payload is not None and payload.get("c"):
        return str(payload["c"])
    state = request.scope.setdefault("truce", {})
    if "csrf" not in state:
        state["csrf"] = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(24)
    return str(state["csrf"])


def _matches(given: str | None, expected: str | None) -> bool:
    return bool(given and expected) and hmac.compare_digest(str(given), str(expected))


async def _given(request: Request) -> str | None:
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get("csrf")
        return value if isinstance(value, str) else None
    return None


async def check_csrf(request: Request) -> None:
    """Every unsafe request made with the session cookie carries the session's CSRF value."""
    if request.method in SAFE or "authorization" in request.headers:
        return
    payload = session_payload(request)
    if payload is None:
        return  # anonymous: the route itself refuses (401), or checks its own form (login)
    if not _matches(await _given(request), payload.get("c")):
        raise Forbidden("the form has expired or was not sent by this site (CSRF): reload the page")


async def check_login_csrf(request: Request) -> None:
    """The login form carries the value of the browser's CSRF cookie (no session yet)."""
    if not _matches(await _given(request), request.cookies.get(CSRF_COOKIE)):
        raise Forbidden("the form has expired or was not sent by this site (CSRF): reload the page")


def need(permission: str) -> Any:
    """A dependency: the principal, if they may ``permission`` (else 401 or 403)."""

    def check(request: Request) -> Principal:
        # in a thread, as every read of the store: a database that makes it wait never stalls the server
        who = principal(request)
        who.require(permission)
        return who

    check.__name__ = f"need_{permission}"
    return Depends(check)


Reader = Annotated[Principal, need("read")]
Bulk = Annotated[Principal, need("bulk")]
Observer = Annotated[Principal, need("observe")]
Analyst = Annotated[Principal, need("analyse")]
Publisher = Annotated[Principal, need("publish")]
Admin = Annotated[Principal, need("admin")]
