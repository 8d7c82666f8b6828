"""``truce users``: the web application's users, roles, guests and API tokens, from the command line."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from truce.cli.common import DbOption, app, command, open_store, out, text

__all__ = ["users_app"]

users_app = typer.Typer(
    help="The web application's users (roles: reader, observer, analyst, publisher, administrator), "
    "guests and API tokens.",
    invoke_without_command=True,
)
app.add_typer(users_app, name="users")

NameArg = Annotated[str, typer.Argument(help="The user's name (a-z, 0-9, '.', '_', '-').", metavar="NAME")]
RoleOption = Annotated[
    str, typer.Option("--role", help="reader, observer, analyst, publisher or administrator.")
]
SideOption = Annotated[str | None, typer.Option("--side", help="A publisher's signing side (the pack's).")]
PostOption = Annotated[
    list[str] | None, typer.Option("--post", help="A post an observer records for (repeat).")
]
PasswordOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input (else one is made)."),
]


def _password(from_stdin: bool) -> str | None:
    return sys.stdin.readline().rstrip("\n") if from_stdin else None


@users_app.callback()
@command
def users(context: typer.Context, db: DbOption = None) -> None:
    """The users, their roles, sides or posts, and whether they can log in."""
    if context.invoked_subcommand is not None:
        return
    from rich.table import Table

    from truce.store.access import users as listed

    table = Table(show_edge=False)
    for column in ("name", "role", "side or posts", "until", "state"):
        table.add_column(column, overflow="fold")
    found = listed(open_store(db))
    for u in found:
        until = f"{u.expires_at:%Y-%m-%d %H:%M}" if u.expires_at else "-"
        state = f"disabled {u.disabled_at:%Y-%m-%d}" if u.disabled_at else "active"
        table.add_row(u.name, u.role, text(u.side or ", ".join(u.posts) or "-"), until, state)
    out.print(table)
    out.print(f"{len(found)} users.")


@users_app.command("add")
@command
def add(
    name: NameArg,
    role: RoleOption,
    side: SideOption = None,
    post: PostOption = None,
    password_stdin: PasswordOption = False,
    db: DbOption = None,
) -> None:
    """Add a user with one role; a password made for them is printed once."""
    from truce.record.access import create_user

    user, password = create_user(
        open_store(db), name, role, _password(password_stdin), side, tuple(post or ())
    )
    out.print(f"Added {user.name} ({user.role}).")
    if not password_stdin:
        out.print(f"Password (shown once): {password}")


@users_app.command("role")
@command
def role(
    name: NameArg, role: RoleOption, side: SideOption = None, post: PostOption = None, db: DbOption = None
) -> None:
    """Change a user's role (and side or posts); their sessions end."""
    from truce.record.access import set_role

    user = set_role(open_store(db), name, role, side, tuple(post or ()))
    out.print(f"{user.name} is now {user.role}.")


@users_app.command("password")
@command
def password(name: NameArg, password_stdin: PasswordOption = False, db: DbOption = None) -> None:
    """Set a user's password (read from standard input, or made and printed once); sessions end."""
    import secrets

    from truce.record.access import set_password

    chosen = _password(password_stdin) or secrets.token_urlsafe(12)
    set_password(open_store(db), name, chosen)
    out.print(f"New password of {name}" + ("." if password_stdin else f" (shown once): {chosen}"))


@users_app.command("disable")
@command
def disable(name: NameArg, db: DbOption = None) -> None:
    """Disable a user: they log in no more; their sessions and tokens stop working."""
    from truce.record.access import disable_user

    disable_user(open_store(db), name)
    out.print(f"Disabled {name}.")


@users_app.command("revoke-sessions")
@command
def revoke_sessions(name: NameArg, db: DbOption = None) -> None:
    """End every session of a user in the web application (they log in again; tokens stay)."""
    from truce.record.access import end_sessions

    end_sessions(open_store(db), name)
    out.print(f"Ended every session of {name}.")


@users_app.command("guest")
@command
def guest(
    name: NameArg,
    hours: Annotated[float, typer.Option("--hours", help="How long the guest may read.")] = 48,
    note: Annotated[str, typer.Option("--note", help="Who the guest is, or why.")] = "",
    db: DbOption = None,
) -> None:
    """A guest: reads for some hours, without bulk downloads; prints their link's token once."""
    from truce.record.access import create_guest

    user, token = create_guest(open_store(db), name, hours, note)
    out.print(f"Guest {user.name} may read until {user.expires_at:%Y-%m-%d %H:%M} UTC.")
    out.print(f"Their link (shown once): http://HOST:PORT/guest/{token}")


@users_app.command("token")
@command
def token(
    name: NameArg,
    scope: Annotated[
        list[str] | None,
        typer.Option(
            "--scope", help="read, bulk, observe, analyse, publish or admin (repeat). Default: read."
        ),
    ] = None,
    days: Annotated[int, typer.Option("--days", help="How long the token lasts.")] = 90,
    note: Annotated[str, typer.Option("--note", help="What the token is for.")] = "",
    db: DbOption = None,
) -> None:
    """Issue an API token of a user (scopes within their role); prints it once."""
    from truce.record.access import issue_token

    issued, secret = issue_token(open_store(db), name, tuple(scope or ("read",)), days, note)
    out.print(
        f"Token {issued.id} of {name} ({', '.join(issued.scopes)}), until {issued.expires_at:%Y-%m-%d}."
    )
    out.print(f"Token (shown once): {secret}")
    out.print("Send it as: Authorization: Bearer TOKEN")


@users_app.command("tokens")
@command
def tokens(db: DbOption = None) -> None:
    """The API tokens: their user, scopes, expiry and whether revoked (never their secrets)."""
    from rich.table import Table

    from truce.store.access import tokens as listed

    table = Table(show_edge=False)
    for column in ("token", "user", "scopes", "until", "state", "note"):
        table.add_column(column, overflow="fold")
    for t in listed(open_store(db)):
        state = f"revoked {t.revoked_at:%Y-%m-%d}" if t.revoked_at else "active"
        until = f"{t.expires_at:%Y-%m-%d}" if t.expires_at else "-"
        table.add_row(t.id, t.user, ", ".join(t.scopes), until, state, text(t.label or "-"))
    out.print(table)


@users_app.command("revoke")
@command
def revoke(
    token_id: Annotated[
        str, typer.Argument(help="The token's id (as `truce users tokens` lists it).", metavar="TOKEN")
    ],
    db: DbOption = None,
) -> None:
    """Revoke an API token, for good."""
    from truce.record.access import revoke_token

    revoked = revoke_token(open_store(db), token_id)
    out.print(f"Revoked token {revoked.id} of {revoked.user}.")
