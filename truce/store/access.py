"""The store's side of access to the web application: users and API tokens as rows, and the store as one
user sees it (its writes logged as theirs).

Users and tokens are entities of the audit log (``user``, ``token``): every change to them is written in
a :meth:`~truce.store.Store.transaction` and logged like any other write. Secrets never reach this
module: a user's password arrives as its Argon2 hash, a token's secret as its SHA-256.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from truce.errors import InputError, NotFound
from truce.store import Store, Tx
from truce.store.schema import CheckpointRow, EndedSessionRow, LogRow, TokenRow, UserRow

__all__ = [
    "ActingStore",
    "Token",
    "User",
    "add_token",
    "add_user",
    "end_session",
    "record_state",
    "revoke_token",
    "token",
    "tokens",
    "update_user",
    "user",
    "user_of_session",
    "users",
]


@dataclass(frozen=True)
class User:
    name: str
    role: str
    side: str | None
    posts: tuple[str, ...]
    password_hash: str | None
    epoch: int
    created_at: datetime
    expires_at: datetime | None = None
    disabled_at: datetime | None = None


@dataclass(frozen=True)
class Token:
    id: str
    user: str
    label: str
    secret_hash: str
    scopes: tuple[str, ...]
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives times back without their zone: they were written in UTC."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _user(row: UserRow) -> User:
    posts = tuple(p for p in row.posts.split("|") if p)
    return User(
        row.name,
        row.role,
        row.side,
        posts,
        row.password_hash,
        row.epoch,
        _utc(row.created_at),  # type: ignore[arg-type]
        _utc(row.expires_at),
        _utc(row.disabled_at),
    )


def _token(row: TokenRow) -> Token:
    return Token(
        row.id,
        row.user_name,
        row.label,
        row.secret_hash,
        tuple(s for s in row.scopes.split("|") if s),
        _utc(row.created_at),  # type: ignore[arg-type]
        _utc(row.expires_at),
        _utc(row.revoked_at),
    )


# -- reading -----------------------------------------------------------------------------------------
# Users and tokens are read from the database written (``store.engine``), never from a replica that may
# lag it: a disabled user, a changed password or a revoked token must take effect at once.


def users(store: Store) -> list[User]:
    with Session(store.engine) as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def user(store: Store, name: str) -> User | None:
    with Session(store.engine) as session:
        row = session.get(UserRow, name)
        return _user(row) if row is not None else None


def user_of_session(store: Store, name: str, key: str) -> tuple[User | None, bool]:
    """The user a session names, and whether that session was logged out of (``key``: its
    :func:`end_session` key), in one statement: every request made with a session asks it."""
    ended = select(EndedSessionRow.key).where(EndedSessionRow.key == key).exists()
    with Session(store.engine) as session:
        found = session.execute(select(UserRow, ended).where(UserRow.name == name)).first()
        return (None, False) if found is None else (_user(found[0]), bool(found[1]))


def tokens(store: Store, user_name: str | None = None) -> list[Token]:
    query = select(TokenRow).order_by(TokenRow.created_at, TokenRow.id)
    if user_name is not None:
        query = query.where(TokenRow.user_name == user_name)
    with Session(store.engine) as session:
        return [_token(r) for r in session.scalars(query)]


def token(store: Store, token_id: str) -> Token | None:
    with Session(store.engine) as session:
        row = session.get(TokenRow, token_id)
        return _token(row) if row is not None else None


def record_state(store: Store) -> tuple[int, int, int]:
    """(the log's size, the checkpoints, their signatures' length): whatever a page shows changes only
    when one of them does, since every write of the record appends to the log, and checkpoints (which are
    not logged) only grow in number or in signatures. Read where the pages are read (a replica), so that
    a page cached under a state shows that state."""
    with store.reader.connect() as connection:  # one statement, no ORM session: asked by every request
        size, count, signed = connection.execute(_STATE).one()
        return int(size or 0), int(count), int(signed)


_STATE = select(
    select(func.max(LogRow.seq)).scalar_subquery(),
    select(func.count()).select_from(CheckpointRow).scalar_subquery(),
    select(func.coalesce(func.sum(func.length(CheckpointRow.note)), 0)).scalar_subquery(),
)


# -- writing, inside a transaction ---------------------------------------------------------------------


def add_user(tx: Tx, new: User) -> None:
    if tx.session.get(UserRow, new.name) is not None:
        raise InputError(f"a user named '{new.name}' exists already")
    tx.session.add(
        UserRow(
            name=new.name,
            role=new.role,
            side=new.side,
            posts="|".join(new.posts),
            password_hash=new.password_hash,
            epoch=new.epoch,
            created_at=new.created_at,
            expires_at=new.expires_at,
            disabled_at=new.disabled_at,
        )
    )
    tx.session.flush()
    tx.changes.touch("user", [new.name])


def update_user(tx: Tx, name: str, **values: object) -> User:
    """Change a user's columns (role, side, posts, password_hash, disabled_at, expires_at); the epoch
    grows, so that sessions signed before end."""
    row = tx.session.get(UserRow, name)
    if row is None:
        raise NotFound(f"no user '{name}'")
    for column, value in values.items():
        if column == "posts":
            value = "|".join(value)  # type: ignore[call-overload]
        setattr(row, column, value)
    row.epoch += 1
    tx.session.flush()
    tx.changes.touch("user", [name])
    return _user(row)


def end_session(tx: Tx, key: str, user_name: str, now: datetime, until: datetime) -> None:
    """End one session of ``user_name`` (``key``: the SHA-256 of its CSRF value) until ``until``, when its
    cookie expires anyway; the sessions ended that are past it go (a copy of their cookie is refused by
    its age already)."""
    past = list(tx.session.scalars(select(EndedSessionRow.key).where(EndedSessionRow.until < now)))
    if past:
        tx.session.execute(delete(EndedSessionRow).where(EndedSessionRow.until < now))
        tx.changes.touch("session", past)
    if tx.session.get(EndedSessionRow, key) is None:
        tx.session.add(EndedSessionRow(key=key, user_name=user_name, ended_at=now, until=until))
        tx.session.flush()
        tx.changes.touch("session", [key])


def add_token(tx: Tx, new: Token) -> None:
    if tx.session.get(UserRow, new.user) is None:
        raise NotFound(f"no user '{new.user}'")
    tx.session.add(
        TokenRow(
            id=new.id,
            user_name=new.user,
            label=new.label,
            secret_hash=new.secret_hash,
            scopes="|".join(new.scopes),
            created_at=new.created_at,
            expires_at=new.expires_at,
            revoked_at=None,
        )
    )
    tx.session.flush()
    tx.changes.touch("token", [new.id])


def revoke_token(tx: Tx, token_id: str, at: datetime) -> Token:
    """Revoke a token, for good: a revoked token is never valid again."""
    row = tx.session.get(TokenRow, token_id)
    if row is None:
        raise NotFound(f"no token '{token_id}'")
    if row.revoked_at is not None:
        raise InputError(f"token '{token_id}' was revoked on {row.revoked_at:%Y-%m-%d} already")
    row.revoked_at = at
    tx.session.flush()
    tx.changes.touch("token", [token_id])
    return _token(row)


# -- the store as one user sees it ---------------------------------------------------------------------


class ActingStore(Store):
    """The store for one user of the web application: the same engine, caches and writers' queue, but
    every write transaction is logged as that user's (the record functions name no author of their own)."""

    def __init__(self, base: Store, who: str) -> None:
        super().__init__(base.engine, base.reader)
        self.base, self.who = base, who
        self._writers = base._writers  # one queue per process: a lock per request would queue nobody
        self._from_packs = base._from_packs  # the gazetteer and areas: read once per server, not per request

    @contextmanager
    def transaction(self, what: str, who: str | None = None) -> Iterator[Tx]:
        with super().transaction(what, who or self.who) as tx:
            yield tx
