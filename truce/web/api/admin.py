"""Users, tokens, guests and keys through the API (the administrator's), and the sides' public keys (a
reader's: they verify what the sides signed). Passwords, tokens and private keys made here are in the
answer that made them, and nowhere else."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from truce.web.api.reading import answer, as_json, key_of, site_of
from truce.web.errors import RESPONSES
from truce.web.security import Admin, Reader

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["access"], responses=RESPONSES)
Role = Literal["reader", "observer", "analyst", "publisher", "administrator"]
UserName = Annotated[str, Path(max_length=64)]


def user_json(user) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": user.name,
        "role": user.role,
        "side": user.side,
        "posts": list(user.posts),
        "created_at": user.created_at,
        "expires_at": user.expires_at,
        "disabled_at": user.disabled_at,
    }


def token_json(token) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": token.id,
        "user": token.user,
        "label": token.label,
        "scopes": list(token.scopes),
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def created(payload: dict) -> Response:
    return Response(as_json(payload), status_code=201, media_type="application/json")


@router.get("/users", summary="The users and their roles")
def users(request: Request, who: Admin) -> Response:
    from truce.store.access import users as listed

    return Response(
        as_json({"users": [user_json(u) for u in listed(site_of(request).store)]}),
        media_type="application/json",
    )


class UserIn(BaseModel):
    name: str = Field(max_length=64)
    role: Role
    password: str | None = Field(None, max_length=1024, description="Empty: one is made, and answered once")
    side: str | None = Field(None, max_length=40)
    posts: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=200)


@router.post("/users", status_code=201, summary="Add a user (the password is in this answer only)")
def add_user(request: Request, who: Admin, body: UserIn) -> Response:
    from truce.record.access import create_user

    store = site_of(request).acting(who)
    user, password = create_user(store, body.name, body.role, body.password, body.side, tuple(body.posts))
    return created({**user_json(user), "password": password})


class RoleIn(BaseModel):
    role: Role
    side: str | None = Field(None, max_length=40)
    posts: list[Annotated[str, Field(max_length=64)]] = Field(default_factory=list, max_length=200)


@router.post("/users/{name}/role", summary="Change a user's role (their sessions end)")
def set_role(request: Request, who: Admin, name: UserName, body: RoleIn) -> Response:
    from truce.record.access import set_role as change

    user = change(site_of(request).acting(who), name, body.role, body.side, tuple(body.posts))
    return Response(as_json(user_json(user)), media_type="application/json")


class PasswordIn(BaseModel):
    password: str = Field(max_length=1024)


@router.post("/users/{name}/password", summary="Set a user's password (their sessions end)")
def set_password(request: Request, who: Admin, name: UserName, body: PasswordIn) -> Response:
    from truce.record.access import set_password as change

    change(site_of(request).acting(who), name, body.password)
    return Response(as_json({"name": name}), media_type="application/json")


@router.post("/users/{name}/disable", summary="Disable a user: sessions and tokens stop working")
def disable(request: Request, who: Admin, name: UserName) -> Response:
    from truce.record.access import disable_user

    return Response(
        as_json(user_json(disable_user(site_of(request).acting(who), name))), media_type="application/json"
    )


@router.post("/users/{name}/sessions/revocation", summary="End every session of a user (not their tokens)")
def revoke_sessions(request: Request, who: Admin, name: UserName) -> Response:
    from truce.record.access import end_sessions

    return Response(
        as_json(user_json(end_sessions(site_of(request).acting(who), name))), media_type="application/json"
    )


class GuestIn(BaseModel):
    name: str = Field(max_length=64)
    hours: float = Field(gt=0, le=24 * 366)
    label: str = Field("", max_length=200)


@router.post("/guests", status_code=201, summary="A guest: read-only, no bulk downloads, for some hours")
def add_guest(request: Request, who: Admin, body: GuestIn) -> Response:
    from truce.record.access import create_guest

    guest, token = create_guest(site_of(request).acting(who), body.name, body.hours, body.label)
    link = str(request.base_url) + f"guest/{token}"
    return created({**user_json(guest), "token": token, "link": link})


@router.get("/tokens", summary="The API tokens (never their secrets)")
def tokens(request: Request, who: Admin) -> Response:
    from truce.store.access import tokens as listed

    return Response(
        as_json({"tokens": [token_json(t) for t in listed(site_of(request).store)]}),
        media_type="application/json",
    )


class TokenIn(BaseModel):
    user: str = Field(max_length=64)
    scopes: list[Literal["read", "bulk", "observe", "analyse", "publish", "admin"]] = Field(
        min_length=1, max_length=6
    )
    days: int = Field(90, ge=1, le=366)
    label: str = Field("", max_length=200)


@router.post("/tokens", status_code=201, summary="Issue a token (its text is in this answer only)")
def add_token(request: Request, who: Admin, body: TokenIn) -> Response:
    from truce.record.access import issue_token

    issued, text = issue_token(
        site_of(request).acting(who), body.user, tuple(body.scopes), body.days, body.label
    )
    return created({**token_json(issued), "token": text})


@router.post("/tokens/{token_id}/revocation", status_code=201, summary="Revoke a token, for good")
def revoke(request: Request, who: Admin, token_id: Annotated[str, Path(max_length=32)]) -> Response:
    from truce.record.access import revoke_token

    return created(token_json(revoke_token(site_of(request).acting(who), token_id)))


def key_json(key) -> dict:  # type: ignore[no-untyped-def]
    return {
        "name": key.name,
        "side": key.side,
        "verifier": key.verifier,
        "created_at": key.created_at,
        "retired_at": key.retired_at,
    }


@router.get("/keys", summary="The sides' public keys, to verify what they signed")
def keys(request: Request, who: Reader) -> Response:
    site = site_of(request)
    body = site.cached(
        request, key_of(request), lambda: as_json({"keys": [key_json(k) for k in site.store.public_keys()]})
    )
    return answer(request, body)


class KeyIn(BaseModel):
    name: str = Field(max_length=100)
    side: str = Field(max_length=40)


@router.post("/keys", status_code=201, summary="Make a side's key (the private key is in this answer only)")
def add_key(request: Request, who: Admin, body: KeyIn) -> Response:
    from truce.web.actions import generate_key

    key, private = generate_key(site_of(request).acting(who), body.name, body.side)
    return created({**key_json(key), "private_key": private})


class VerifierIn(BaseModel):
    side: str = Field(max_length=40)
    verifier: str = Field(max_length=1000)


@router.post("/keys/import", status_code=201, summary="Register a side's public key made elsewhere")
def import_key(request: Request, who: Admin, body: VerifierIn) -> Response:
    from truce.record.publish import import_key as register

    return created(key_json(register(site_of(request).acting(who), body.side, body.verifier)))


@router.post("/keys/{name}/retirement", status_code=201, summary="Retire a key: it signs nothing more")
def retire(request: Request, who: Admin, name: Annotated[str, Path(max_length=100)]) -> Response:
    from truce.record.publish import retire as retire_key

    return created(key_json(retire_key(site_of(request).acting(who), name)))
