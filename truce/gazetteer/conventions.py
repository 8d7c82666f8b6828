"""Naming conventions: which of a place's names an output uses.

The same village is Farukh in Baku's texts, Parukh in Stepanakert's and Парух in Moscow's. A bulletin
picks one convention (or two side by side) and keeps to it. The conventions are the mission pack's
(``[naming]`` in ``pack.toml``): a :class:`~truce.model.Convention` lists the name roles it shows.
Outside the disputed area a place has one name, its official one, in every convention but the
single-side ones (conventions.md, section 8).
"""

from __future__ import annotations

from truce.model import Convention, Place

__all__ = ["place_name"]


def place_name(place: Place, convention: Convention) -> str:
    """The place's name in ``convention``; two names side by side only where they differ.

    A place without a name in the convention's roles falls back to its English name, so every place
    is always named.

    >>> from truce.model import PlaceName
    >>> paired = Convention("az+hy", ("az", "hy"), {}, official={"AM": ("hy",), "AZ": ("az",)})
    >>> names = [PlaceName("Goris", "en"), PlaceName("Gorus", "az"), PlaceName("Goris", "hy")]
    >>> goris = Place("goris", "town", "AM", 39.5, 46.3, names)
    >>> place_name(goris, paired), place_name(goris, Convention("az", ("az",), {}, single_side=True))
    ('Goris', 'Gorus')
    >>> names = [PlaceName("Shusha", "en"), PlaceName("Shusha", "az"), PlaceName("Shushi", "hy")]
    >>> place_name(Place("shusha", "town", "AZ", 39.8, 46.8, names, disputed=True), paired)
    'Shusha / Shushi'
    """
    roles = convention.roles
    if not convention.single_side and not place.disputed:
        own = [r for r in roles if r in convention.official.get(place.country, ())]
        roles = tuple(own) or roles
    shown: list[str] = []
    for role in roles:
        text = place.name_for(role)
        if text and text not in shown:
            shown.append(text)
    if not shown:
        shown.append(place.name_for("en") or place.names[0].text if place.names else place.id)
    return " / ".join(shown)
