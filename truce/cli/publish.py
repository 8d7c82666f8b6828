"""Publication with sign-off: ``keys``, ``checkpoint``, ``publish``, ``sign``, ``bulletins`` and
``verify-bulletin``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import DbOption, ForceOption, app, command, open_store, out, parse_date, text
from truce.errors import TruceError

__all__ = ["bulletins_app", "checkpoint", "keys_app", "publish", "sign", "verify_bulletin"]

keys_app = typer.Typer(help="The monitoring sides' signing keys: generate, import, list, retire.")
app.add_typer(keys_app, name="keys")
bulletins_app = typer.Typer(
    help="The bulletins drafted and published: list them with their status, export a bundle.",
    invoke_without_command=True,
)
app.add_typer(bulletins_app, name="bulletins")

KeyOption = Annotated[
    str,
    typer.Option(
        "--key", help="The private key: a file, or env:NAME (a variable holding a path or the key)."
    ),
]
SideOption = Annotated[
    str, typer.Option("--side", help="The monitoring side the key signs for (the pack's).")
]


@keys_app.command("generate")
@command
def keys_generate(
    name: Annotated[str, typer.Option("--name", help="The key's name (e.g. ru-duty-officer-1).")],
    side: SideOption,
    out_file: Annotated[
        Path, typer.Option("--out", help="The file to write the private key to (mode 0600).")
    ],
    db: DbOption = None,
) -> None:
    """Make a new key: the private key goes to a file you keep, the public key into the record."""
    from truce.record.publish import generate

    key = generate(open_store(db), name, side, out_file)
    out.print(f"Wrote the private key of '{key.name}' to {out_file}: keep it; it is not in the database.")
    out.print(f"Public key, registered for side {key.side}: {key.verifier}")


@keys_app.command("import")
@command
def keys_import(
    side: SideOption,
    verifier: Annotated[str, typer.Argument(help="The public (verifier) key text: NAME+ID+KEY.")],
    db: DbOption = None,
) -> None:
    """Register the public key of a side whose private key is kept elsewhere."""
    from truce.record.publish import import_key

    key = import_key(open_store(db), side, verifier)
    out.print(f"Registered '{key.name}' for side {key.side}.")


@keys_app.command("list")
@command
def keys_list(db: DbOption = None) -> None:
    """The keys registered, by side, and whether they are retired."""
    from rich.table import Table

    table = Table(show_edge=False)
    for column in ("side", "name", "registered", "retired", "public key"):
        table.add_column(column, overflow="fold")
    for key in open_store(db).public_keys():
        retired = f"{key.retired_at:%Y-%m-%d}" if key.retired_at else "-"
        table.add_row(key.side, text(key.name), f"{key.created_at:%Y-%m-%d}", retired, key.verifier)
    out.print(table)


@keys_app.command("retire")
@command
def keys_retire(name: Annotated[str, typer.Argument(help="The key's name.")], db: DbOption = None) -> None:
    """Retire a key: it signs nothing more; what it signed still verifies."""
    from truce.record.publish import retire

    key = retire(open_store(db), name)
    out.print(f"Retired '{key.name}' (side {key.side}).")


@app.command()
@command
def checkpoint(key: KeyOption, db: DbOption = None) -> None:
    """Sign a checkpoint of the audit log as it stands (or add your side's signature to it)."""
    from truce.record.publish import checkpoint as sign_checkpoint

    size, names = sign_checkpoint(open_store(db), key)
    out.print(f"Checkpoint of the log at {size} entries, signed by {', '.join(names)}.")


@app.command()
@command
def publish(
    day: Annotated[str, typer.Argument(help="The day of the bulletin, YYYY-MM-DD.", metavar="DATE")],
    lang: Annotated[
        list[str] | None,
        typer.Option("--lang", help="A language of the bulletin (repeat): en, ru. Default: en."),
    ] = None,
    names: Annotated[str | None, typer.Option("--names", help="A naming convention of the pack.")] = None,
    correct: Annotated[
        str | None, typer.Option("--correct", help="The published bulletin this version corrects (B-...).")
    ] = None,
    reason: Annotated[str, typer.Option("--reason", help="What the correction corrects, and why.")] = "",
    db: DbOption = None,
) -> None:
    """Draft the bulletin of a day (its files and manifest) for the monitoring sides to sign."""
    from truce.record.publish import publish as draft
    from truce.report.language import language

    languages = tuple(lang or ["en"])
    for code in languages:
        language(code)
    bulletin = draft(open_store(db), parse_date(day, "DATE"), languages, names, correct, reason)  # type: ignore[arg-type]
    out.print(f"Drafted {bulletin.id}: {len(bulletin.files)} files; waiting for the sides' signatures.")


@app.command()
@command
def sign(
    bulletin: Annotated[str, typer.Argument(help="The bulletin (B-...).", metavar="BULLETIN")],
    key: KeyOption,
    db: DbOption = None,
) -> None:
    """Sign a drafted bulletin for your side; the last side to sign publishes it."""
    from truce.record.publish import sign as sign_bulletin

    signed = sign_bulletin(open_store(db), bulletin, key)
    sides = ", ".join(s.side for s in signed.signatures)
    state = "published" if signed.status == "published" else "waiting for the other sides"
    out.print(f"{signed.id} signed by {sides}: {state}.")


@bulletins_app.callback()
@command
def bulletins(
    context: typer.Context,
    day: Annotated[str | None, typer.Option("--day", help="Only the bulletins of this day.")] = None,
    db: DbOption = None,
) -> None:
    """The bulletins drafted and published, with their signatures and what they correct."""
    if context.invoked_subcommand is not None:
        return
    from rich.table import Table

    store = open_store(db)
    found = store.bulletins(parse_date(day, "--day"))
    corrected = {b.corrects: b.id for b in found if b.corrects}
    table = Table(show_edge=False)
    for column in ("bulletin", "day", "status", "signed by", "corrects", "corrected by"):
        table.add_column(column, overflow="fold")
    for b in found:
        signed = ", ".join(f"{s.side} ({s.key_name})" for s in b.signatures) or "-"
        corrects = f"{b.corrects}: {b.reason}" if b.corrects else "-"
        table.add_row(
            b.id, b.day.isoformat(), b.status, text(signed), text(corrects), corrected.get(b.id, "-")
        )
    out.print(table)
    out.print(f"{len(found)} bulletins, {sum(b.status == 'published' for b in found)} published.")


@bulletins_app.command("export")
@command
def bulletins_export(
    bulletin: Annotated[str, typer.Argument(help="The published bulletin (B-...).", metavar="BULLETIN")],
    folder: Annotated[Path, typer.Argument(help="The folder to write the bundle into.", metavar="DIR")],
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write a published bulletin's bundle: its files, manifest, signatures, keys, checkpoint and proof."""
    from truce.record.publish import export_bundle

    bundle = export_bundle(open_store(db), bulletin, folder, force)
    out.print(
        f"Wrote the bundle of {bulletin} to {folder}: {len(bundle.files)} files, "
        f"checkpoint at {bundle.checkpoint_size} entries."
    )


class BundleDoesNotHold(TruceError):
    """A bundle whose files, signatures, checkpoint or proof do not hold."""


@app.command("verify-bulletin")
@command
def verify_bulletin(
    bundle: Annotated[Path, typer.Argument(help="The bundle's folder.", metavar="BUNDLE")],
    trust: Annotated[
        list[Path] | None,
        typer.Option("--trust", help="A file of public keys to pin (one per line; repeat)."),
    ] = None,
) -> None:
    """Check a published bulletin's bundle offline, with nothing but the bundle (and keys you trust)."""
    from truce.audit.bundle import verify_bundle
    from truce.errors import FieldError

    trusted = None
    if trust:
        try:
            trusted = [line for path in trust for line in path.read_text(encoding="utf-8").splitlines()]
        except OSError as exc:
            raise FieldError("--trust", f"cannot read {exc.filename} ({exc.strerror})") from None
    report = verify_bundle(bundle, trusted)
    for what, passed, detail in report.checks:
        out.print(f"{'ok  ' if passed else 'FAIL'} {what}" + (f": {text(detail)}" if detail else ""))
    if not report.holds:
        raise BundleDoesNotHold(f"the bundle of {report.bulletin or bundle} does not hold")
    if trusted is None:
        out.print(
            "The bundle holds, with the keys it carries: compare their ids with the keys the mission "
            "publishes."
        )
    else:
        out.print(f"The bundle of {report.bulletin} holds, signed by keys you trust.")
