"""Who may do what: the users of the web application, their roles, API tokens and guests.

Roles, each a set of permissions (a user has one role):

    guest          read, for a time, without bulk downloads (exports, CSV and GeoJSON lists)
    reader         read and download: bulletins, incidents, places, the map, exports
    observer       a reader who records observations for the posts assigned to them
    analyst        a reader who ingests documents, links and unlinks claims, retracts documents
    publisher      a reader who drafts bulletins and signs them with the key of their side
    administrator  a reader who manages users, tokens and keys

Passwords are kept as Argon2 hashes (pwdlib). A token is ``truce_<id>_<secret>``: the id is stored as it
is, the secret only as its SHA-256 (it is 32 random bytes: a fast hash is enough), and a token's scopes
are a subset of its user's permissions, checked again on every use (a role lowered later lowers the
token). Revoking a token is one way. Every change here is a write of the record, logged.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from truce.errors import FieldError, InputError, TruceError
from truce.store import Store
from truce.store import access as rows
from truce.store.access import Token, User

if TYPE_CHECKING:
    from pwdlib import PasswordHash

__all__ = [
    "GUEST_MAX_HOURS",
    "PERMISSIONS",
    "ROLES",
    "SCOPES",
    "Forbidden",
    "Principal",
    "Token",
    "Unauthenticated",
    "User",
    "anonymous",
    "authenticate",
    "check_post",
    "check_side",
    "create_guest",
    "create_user",
    "disable_user",
    "end_sessions",
    "issue_token",
    "log_out",
    "revoke_token",
    "session_key",
    "session_principal",
    "set_password",
    "set_role",
    "token_principal",
]

#: permission -> what it allows
SCOPES = {
    "read": "read the record: bulletins, incidents, places, the map",
    "bulk": "download in bulk: exports, CSV and GeoJSON lists, large pages",
    "observe": "record observations for one's posts",
    "analyse": "ingest documents, link and unlink claims, retract documents",
    "publish": "draft bulletins and sign them for one's side",
    "admin": "manage users, tokens and keys",
}
PERMISSIONS: dict[str, frozenset[str]] = {
    "guest": frozenset({"read"}),
    "reader": frozenset({"read", "bulk"}),
    "observer": frozenset({"read", "bulk", "observe"}),
    "analyst": frozenset({"read", "bulk", "analyse"}),
    "publisher": frozenset({"read", "bulk", "publish"}),
    "administrator": frozenset({"read", "bulk", "admin"}),
}
ROLES = tuple(PERMISSIONS)
GUEST_MAX_HOURS = 24 * 30  # guest access is time-boxed: a month at most
TOKEN_MAX_DAYS = 366
MIN_PASSWORD = 10
_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
_TOKEN = re.compile(r"^truce_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$")


class Unauthenticated(TruceError):
    """No valid credentials: not logged in, a wrong password, an unknown, expired or revoked token."""


class Forbidden(TruceError):
    """Logged in, but the role or the token's scopes do not allow it."""


@dataclass(frozen=True)
class Principal:
    """Who makes a request, and what they may do."""

    name: str  # "" for an anonymous reader
    role: str  # a role, or "anonymous"
    permissions: frozenset[str]
    side: str | None = None
    posts: tuple[str, ...] = ()
    epoch: int = 0
    via: str = "anonymous"  # session, token or anonymous
    expires_at: datetime | None = None
    session: str = ""  # a session's key (:func:`session_key`): what logging out ends

    @property
    def known(self) -> bool:
        return bool(self.name)

    def may(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Refuse what this principal may not do: 401 when nobody is logged in, else 403."""
        if permission in self.permissions:
            return
        if not self.known:
            raise Unauthenticated("log in to do this")
        raise Forbidden(f"the {self.role} role{' (with this token)' * (self.via == 'token')} may not do this")


def anonymous(public: bool) -> Principal:
    """Someone not logged in: a reader when the record is public, else nobody."""
    return Principal("", "anonymous", PERMISSIONS["reader"] if public else frozenset())


@cache
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(),))


def _now() -> datetime:
    return datetime.now(UTC)


def _principal(user: User, via: str, permissions: frozenset[str] | None = None) -> Principal:
    allowed = PERMISSIONS.get(user.role, frozenset())
    return Principal(
        user.name,
        user.role,
        allowed if permissions is None else allowed & permissions,
        user.side,
        user.posts,
        user.epoch,
        via,
        user.expires_at,
    )


def _usable(user: User | None, now: datetime) -> User:
    if user is None or user.disabled_at is not None:
        raise Unauthenticated("unknown user or wrong password")
    if user.expires_at is not None and user.expires_at <= now:
        raise Unauthenticated(f"the access of '{user.name}' ended on {user.expires_at:%Y-%m-%d %H:%M} UTC")
    return user


@cache
def _dummy() -> str:
    """A hash to check a password against when the user does not exist, so that the time taken does not
    tell whether a name is known."""
    return _hasher().hash(secrets.token_hex(16))


def authenticate(store: Store, name: str, password: str) -> Principal:
    """The user ``name`` if ``password`` is theirs; else :class:`Unauthenticated`, saying no more."""
    found = rows.user(store, name[:64]) if _NAME.match(name or "") else None
    stored = found.password_hash if found is not None else None
    try:
        ok = _hasher().verify(password[:1024], stored or _dummy())
    except Exception:  # a damaged hash is a wrong password, not a crash
        ok = False
    if not ok or stored is None:
        raise Unauthenticated("unknown user or wrong password")
    return _principal(_usable(found, _now()), "session")


def session_key(csrf: str) -> str:
    """What the record knows a session by: the SHA-256 of its CSRF value, a random value its cookie alone
    holds (the value itself is the session's secret, not kept)."""
    return hashlib.sha256(csrf.encode("utf-8")).hexdigest()


def session_principal(store: Store, name: str, epoch: int, csrf: str) -> Principal:
    """The user a signed session names, if the session is still theirs: no change of password, role or
    state since it was signed, and not logged out of (``csrf``: the session's CSRF value)."""
    key = session_key(csrf)
    user, ended = rows.user_of_session(store, name, key)
    found = _usable(user, _now())
    if found.epoch != epoch or ended:
        raise Unauthenticated("the session has ended: log in again")
    return dataclasses.replace(_principal(found, "session"), session=key)


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def token_principal(store: Store, text: str) -> Principal:
    """The user and scopes of an API token (``truce_<id>_<secret>``)."""
    matched = _TOKEN.match(text.strip())
    found = rows.token(store, matched.group(1)) if matched else None
    if found is None or not hmac.compare_digest(found.secret_hash, _secret_hash(matched.group(2))):  # type: ignore[union-attr]
        raise Unauthenticated("unknown token")
    now = _now()
    if found.revoked_at is not None:
        raise Unauthenticated(f"the token {found.id} was revoked")
    if found.expires_at is not None and found.expires_at <= now:
        raise Unauthenticated(f"the token {found.id} expired on {found.expires_at:%Y-%m-%d}")
    owner = _usable(rows.user(store, found.user), now)
    return _principal(owner, "token", frozenset(found.scopes))


# -- managing users and tokens --------------------------------------------------------------------------


def _check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise FieldError("name", f"'{name}' is not a user name (2-64 of a-z, 0-9, '.', '_', '-')")
    return name


def _check_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= 1024:
        raise FieldError("password", f"a password has {MIN_PASSWORD} to 1024 characters")
    return password


def _role_fields(
    store: Store, role: str, side: str | None, posts: tuple[str, ...]
) -> tuple[str | None, tuple[str, ...]]:
    """A role's own settings, checked: a publisher signs for a side; an observer records for posts."""
    if role not in PERMISSIONS:
        raise FieldError("role", f"'{role}' is not one of {', '.join(ROLES)}")
    if role == "publisher":
        sides = store.profile().signers
        if side not in sides:
            raise FieldError("side", f"a publisher signs for one side of {', '.join(sides) or '(none)'}")
    elif side is not None:
        raise FieldError("side", "only a publisher has a side")
    if role == "observer":
        known = {p.id for p in store.posts()}
        unknown = [p for p in posts if p not in known]
        if not posts or unknown:
            raise FieldError("posts", f"an observer records for known posts (not: {', '.join(unknown)})")
    elif posts:
        raise FieldError("posts", "only an observer has posts")
    return side, tuple(sorted(set(posts)))


def create_user(
    store: Store,
    name: str,
    role: str,
    password: str | None = None,
    side: str | None = None,
    posts: tuple[str, ...] = (),
) -> tuple[User, str]:
    """A new user; returns it and its password (a generated one when none is given: shown once)."""
    _check_name(name)
    if role == "guest":
        raise FieldError("role", "guests are made with create_guest: their access is time-boxed")
    side, posts = _role_fields(store, role, side, posts)
    password = _check_password(password) if password is not None else secrets.token_urlsafe(12)
    new = User(name, role, side, posts, _hasher().hash(password), 0, _now())
    with store.transaction("user-add") as tx:
        rows.add_user(tx, new)
        tx.details = {"user": name, "role": role, "side": side, "posts": list(posts)}
    return new, password


def create_guest(store: Store, name: str, hours: float, label: str = "") -> tuple[User, str]:
    """A guest: read-only, no bulk download, for ``hours``; returns the guest and the token of their
    link (shown once)."""
    _check_name(name)
    if not 0 < hours <= GUEST_MAX_HOURS:
        raise FieldError("hours", f"guest access lasts between a minute and {GUEST_MAX_HOURS} hours")
    now = _now()
    expires = now + timedelta(hours=hours)
    guest = User(name, "guest", None, (), None, 0, now, expires)
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    with store.transaction("guest-add") as tx:
        rows.add_user(tx, guest)
        rows.add_token(
            tx, Token(token_id, name, label or "guest link", _secret_hash(secret), ("read",), now, expires)
        )
        tx.details = {"user": name, "role": "guest", "expires": expires.isoformat(), "token": token_id}
    return guest, f"truce_{token_id}_{secret}"


def _existing(store: Store, name: str) -> User:
    found = rows.user(store, name)
    if found is None:
        raise FieldError("name", f"no user '{name}'")
    return found


def set_password(store: Store, name: str, password: str) -> None:
    """A new password; the user's sessions end."""
    if _existing(store, name).role == "guest":
        raise InputError("a guest has no password: give them a new guest link")
    hashed = _hasher().hash(_check_password(password))
    with store.transaction("user-password") as tx:
        rows.update_user(tx, name, password_hash=hashed)
        tx.details = {"user": name}


def set_role(
    store: Store, name: str, role: str, side: str | None = None, posts: tuple[str, ...] = ()
) -> User:
    """Another role (with its side or posts); the user's sessions end, and their tokens keep only the
    scopes the new role allows."""
    if _existing(store, name).role == "guest" or role == "guest":
        raise FieldError("role", "a guest stays a guest: make a user for other roles")
    side, posts = _role_fields(store, role, side, posts)
    with store.transaction("user-role") as tx:
        changed = rows.update_user(tx, name, role=role, side=side, posts=posts)
        tx.details = {"user": name, "role": role, "side": side, "posts": list(posts)}
    return changed


def disable_user(store: Store, name: str) -> User:
    """Disable a user: they log in no more, their sessions and tokens stop working."""
    found = _existing(store, name)
    if found.disabled_at is not None:
        raise InputError(f"user '{name}' was disabled on {found.disabled_at:%Y-%m-%d} already")
    with store.transaction("user-disable") as tx:
        changed = rows.update_user(tx, name, disabled_at=_now())
        tx.details = {"user": name}
    return changed


def end_sessions(store: Store, name: str) -> User:
    """End every session of a user, wherever it was opened (their API tokens are revoked one by one)."""
    _existing(store, name)
    with store.transaction("user-sessions-end") as tx:
        changed = rows.update_user(tx, name)  # the epoch grows: every cookie signed before names an old one
        tx.details = {"user": name}
    return changed


def log_out(store: Store, who: Principal, lasts: timedelta) -> None:
    """End, server-side, the session ``who`` made the request with: a copy of its cookie no longer works,
    and the user's other sessions go on (:func:`end_sessions` ends them all). ``lasts``: how long a
    session's cookie is accepted, so long the record remembers it ended. A token or an anonymous reader
    has no session to end."""
    if who.via != "session" or not who.known or not who.session:
        return
    now = _now()
    with store.transaction("logout") as tx:
        rows.end_session(tx, who.session, who.name, now, now + lasts)
        tx.details = {"user": who.name}


def issue_token(
    store: Store, name: str, scopes: tuple[str, ...], days: int = 90, label: str = ""
) -> tuple[Token, str]:
    """A new API token of user ``name`` with ``scopes`` (a subset of the role's permissions), valid for
    ``days``; returns it and its text (shown once)."""
    owner = _existing(store, name)
    allowed = PERMISSIONS[owner.role]
    if not scopes or not set(scopes) <= allowed:
        raise FieldError("scopes", f"a {owner.role}'s token has scopes among {', '.join(sorted(allowed))}")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise FieldError("days", f"a token lasts 1 to {TOKEN_MAX_DAYS} days")
    label = " ".join(label.split())[:200]
    now = _now()
    expires = now + timedelta(days=days)
    if owner.expires_at is not None:
        expires = min(expires, owner.expires_at)
    token_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    issued = Token(token_id, name, label, _secret_hash(secret), tuple(sorted(set(scopes))), now, expires)
    with store.transaction("token-add") as tx:
        rows.add_token(tx, issued)
        tx.details = {"token": token_id, "user": name, "scopes": list(issued.scopes), "label": label}
    return issued, f"truce_{token_id}_{secret}"


def revoke_token(store: Store, token_id: str) -> Token:
    """Revoke a token for good."""
    with store.transaction("token-revoke") as tx:
        revoked = rows.revoke_token(tx, token_id, _now())
        tx.details = {"token": token_id, "user": revoked.user}
    return revoked


# -- what a role's own settings allow -------------------------------------------------------------------


def check_post(principal: Principal, post: str) -> None:
    """An observer records only for the posts assigned to them."""
    principal.require("observe")
    if post not in principal.posts:
        raise Forbidden(f"post '{post}' is not assigned to {principal.name} ({', '.join(principal.posts)})")


def check_side(store: Store, principal: Principal, key_text: str) -> None:
    """A publisher signs only with a key registered for their own side (an unregistered key is left to
    the signing itself to refuse, with its own message)."""
    from truce.audit.keys import parse_private_key

    principal.require("publish")
    key = parse_private_key(key_text)
    registered = next((k for k in store.public_keys() if k.verifier == key.verifier_key()), None)
    if registered is not None and registered.side != principal.side:
        raise Forbidden(f"the key '{key.name}' signs for side {registered.side}, not {principal.side}")
