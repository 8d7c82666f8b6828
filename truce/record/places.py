"""Places by any of their names: the gazetteer's search, as ``truce places search`` and the web
application use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from truce.gazetteer import Match, place_name

if TYPE_CHECKING:
    from truce.model import Place
    from truce.plainread import QuickReader
    from truce.store import Store

__all__ = ["PlaceSearch", "names_of", "search"]


@dataclass(frozen=True)
class PlaceSearch:
    best: Match
    others: list[Match]  # near misses, best first


def search(
    store: Store | QuickReader, name: str, near: str | None = None, within: str | None = None, limit: int = 8
) -> PlaceSearch:
    """The place ``name`` names (in any spelling, transliteration or script, or misspelt when one name is
    clearly closest: :meth:`~truce.gazetteer.Gazetteer.resolve`) and the near misses. A name that
    resolves to no place is :class:`~truce.errors.UnknownPlace` with the nearest names: a near miss is
    never given as if it were the place."""
    gazetteer = store.gazetteer()
    point = None
    if near:
        anchor = gazetteer.resolve(near)
        point = (anchor.lat, anchor.lon)
    unit = None
    if within:
        unit = (gazetteer.resolve_admin(within) or gazetteer.resolve(within)).id
    place = gazetteer.resolve(name, within=unit, near=point)
    matches = gazetteer.search(name, within=unit, near=point, limit=limit + 1)
    best = next((m for m in matches if m.place.id == place.id), Match(place, 0.0, name))
    return PlaceSearch(best, [m for m in matches if m.place.id != place.id][:limit])


def names_of(store: Store | QuickReader, place: Place) -> dict[str, str]:
    """A place's name in every naming convention of the pack (code -> name)."""
    return {code: place_name(place, c) for code, c in store.profile().conventions.items()}
