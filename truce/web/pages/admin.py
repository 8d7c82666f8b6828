"""The administrator's page: users and their roles, API tokens, guests' links, and the sides' keys.
Passwords, tokens and private keys made here are shown once, on the page that made them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import Response

from truce.web.actions import generate_key
from truce.web.api.reading import site_of
from truce.web.pages.work import _attempt
from truce.web.security import Admin

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Name = Annotated[str, Form(max_length=64)]


def _context(request: Request) -> dict:
    from truce.record.access import ROLES, SCOPES
    from truce.store.access import tokens, users

    store = site_of(request).store
    return {
        "users": users(store),
        "tokens": tokens(store),
        "keys": store.public_keys(),
        "roles": ROLES,
        "scopes": SCOPES,
        "sides": store.profile().signers,
        "posts": store.posts(),
    }


def _page(request: Request, run, action: str) -> Response:  # type: ignore[no-untyped-def]
    return _attempt(request, "admin.html", lambda: {**_context(request), "action": action}, run)


@router.get("/admin")
def admin(request: Request, who: Admin) -> Response:
    return site_of(request).page(
        request, "admin.html", error=None, done=None, action=None, **_context(request)
    )


def _posts(posts: str | None) -> tuple[str, ...]:
    return tuple(p for p in (posts or "").replace(",", " ").split() if p)


@router.post("/admin/users")
def add_user(
    request: Request,
    who: Admin,
    name: Name,
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str | None, Form(max_length=1024)] = None,
    side: Annotated[str | None, Form(max_length=40)] = None,
    posts: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    from truce.record.access import create_user

    store = site_of(request).acting(who)
    return _page(
        request, lambda: create_user(store, name, role, password or None, side or None, _posts(posts)), "user"
    )


@router.post("/admin/role")
def set_role(
    request: Request,
    who: Admin,
    name: Name,
    role: Annotated[str, Form(max_length=20)],
    side: Annotated[str | None, Form(max_length=40)] = None,
    posts: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    from truce.record.access import set_role as change

    store = site_of(request).acting(who)
    return _page(request, lambda: change(store, name, role, side or None, _posts(posts)), "role")


@router.post("/admin/password")
def set_password(
    request: Request,
    who: Admin,
    name: Name,
    password: Annotated[str, Form(max_length=1024)],
) -> Response:
    from truce.record.access import set_password as change

    store = site_of(request).acting(who)
    return _page(request, lambda: change(store, name, password), "password")


@router.post("/admin/users/{name}/disable")
def disable(request: Request, who: Admin, name: Annotated[str, Path(max_length=64)]) -> Response:
    from truce.record.access import disable_user

    store = site_of(request).acting(who)
    return _page(request, lambda: disable_user(store, name), "disable")


@router.post("/admin/users/{name}/revoke-sessions")
def revoke_sessions(request: Request, who: Admin, name: Annotated[str, Path(max_length=64)]) -> Response:
    from truce.record.access import end_sessions

    store = site_of(request).acting(who)
    return _page(request, lambda: end_sessions(store, name), "sessions")


@router.post("/admin/guests")
def add_guest(
    request: Request,
    who: Admin,
    name: Name,
    hours: Annotated[float, Form(gt=0, le=24 * 366)],
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    from truce.record.access import create_guest

    store = site_of(request).acting(who)
    return _page(request, lambda: create_guest(store, name, hours, label), "guest")


@router.post("/admin/tokens")
def add_token(
    request: Request,
    who: Admin,
    name: Name,
    scopes: Annotated[list[str] | None, Form(max_length=10)] = None,
    days: Annotated[int, Form(ge=1, le=10_000)] = 90,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    from truce.record.access import issue_token

    store = site_of(request).acting(who)
    return _page(request, lambda: issue_token(store, name, tuple(scopes or ()), days, label), "token")


@router.post("/admin/tokens/{token_id}/revoke")
def revoke(request: Request, who: Admin, token_id: Annotated[str, Path(max_length=32)]) -> Response:
    from truce.record.access import revoke_token

    store = site_of(request).acting(who)
    return _page(request, lambda: revoke_token(store, token_id), "revoke")


@router.post("/admin/keys")
def add_key(
    request: Request,
    who: Admin,
    name: Annotated[str, Form(max_length=100)],
    side: Annotated[str, Form(max_length=40)],
) -> Response:
    store = site_of(request).acting(who)
    return _page(request, lambda: generate_key(store, name, side), "key")


@router.post("/admin/keys/import")
def import_key(
    request: Request,
    who: Admin,
    side: Annotated[str, Form(max_length=40)],
    verifier: Annotated[str, Form(max_length=1000)],
) -> Response:
    from truce.record.publish import import_key as register

    store = site_of(request).acting(who)
    return _page(request, lambda: register(store, side, verifier), "import")


@router.post("/admin/keys/{name}/retire")
def retire(request: Request, who: Admin, name: Annotated[str, Path(max_length=100)]) -> Response:
    from truce.record.publish import retire as retire_key

    store = site_of(request).acting(who)
    return _page(request, lambda: retire_key(store, name), "retire")
