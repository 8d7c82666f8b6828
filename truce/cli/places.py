"""``truce places``: the gazetteer from the command line."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from truce.cli.common import DbOption, app, command, open_reader, out, text

if TYPE_CHECKING:
    from truce.gazetteer import Match
    from truce.model import Convention, Place

__all__ = ["places_app"]

places_app = typer.Typer(help="The gazetteer: every name of every place.", no_args_is_help=True)
app.add_typer(places_app, name="places")


@places_app.command("search")
@command
def places_search(
    name: Annotated[str, typer.Argument(help="Any name, spelling, transliteration or script of the place.")],
    near: Annotated[str | None, typer.Option("--near", help="Prefer places near this place.")] = None,
    within: Annotated[str | None, typer.Option("--in", help="Prefer places in this admin unit.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many near misses to list.")] = 8,
    db: DbOption = None,
) -> None:
    """Find a place by any of its names and print all its names, kind, position and admin units.

    A name that resolves to no place (no exact, phonetic or close spelling) is an error that lists the
    nearest names: a near miss is never printed as if it were the place."""
    from rich.table import Table

    from truce.record.places import search

    store = open_reader(db)
    gazetteer = store.gazetteer()
    profile = store.profile()
    default = profile.convention(store.mission().default_names)
    found = search(store, name, near, within, limit)
    best, others = found.best, found.others
    _print_place(best, gazetteer, profile.conventions.values(), default)
    if others:
        table = Table(title="Other matches", title_justify="left", show_edge=False)
        for column in ("score", "name", "kind", "where", "id"):
            table.add_column(column)
        for match in others:
            where = _admin_names(match.place, gazetteer, default)
            table.add_row(
                f"{match.score:.0f}", text(match.name), match.place.kind, text(where), match.place.id
            )
        out.print()
        out.print(table)


def _admin_names(place: Place, gazetteer: Any, convention: Convention) -> str:
    from truce.gazetteer import place_name

    units = []
    for unit_id in (place.admin_current, place.admin_former):
        unit = gazetteer.get(unit_id or "")
        if unit and place_name(unit, convention) not in units:
            units.append(place_name(unit, convention))
    return "; ".join(units) or place.country


def _print_place(match: Match, gazetteer: Any, conventions: Any, default: Convention) -> None:
    from rich.table import Table

    from truce.gazetteer import place_name

    place = match.place
    out.print(
        f"{text(place_name(place, default))}  ({place.kind}, {place.country}, id {place.id})", style="bold"
    )
    if match.score < 100:
        out.print(f"  matched '{text(match.name)}' (score {match.score:.0f})")
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for convention in conventions:
        table.add_row(f"names: {convention.code}", text(place_name(place, convention)))
    if not place.disputed:
        table.add_row(
            "names used", "outside the disputed area: its official name in every neutral convention"
        )
    variants = sorted({n.text for n in place.names if n.role in ("variant", "alternate")})
    if variants:
        table.add_row("other names", ", ".join(variants))
    approx = f" approximate, within {place.radius_m:g} m" if place.approximate else ""
    table.add_row("position", f"{place.lat:.5f}, {place.lon:.5f}{approx} ({place.basis})")
    for label, unit_id in (("admin (current)", place.admin_current), ("admin (former)", place.admin_former)):
        unit = gazetteer.get(unit_id or "")
        table.add_row(label, text(place_name(unit, default)) if unit else "-")
    if place.source:
        table.add_row("source", place.source)
    if place.notes:
        table.add_row("notes", place.notes)
    out.print(table)
