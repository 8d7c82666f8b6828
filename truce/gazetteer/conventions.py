"""Naming conventions: which of a place's names an output uses.

The same village is Farukh in Baku's texts, Parukh in Stepanakert's and Парух in Moscow's. A bulletin
picks one convention (or two side by side) and keeps to it.
"""

from __future__ import annotations

from truce.model import Place

__all__ = ["CONVENTIONS", "check_convention", "place_name"]

#: convention -> (the name roles it shows, in order; a description for help texts)
CONVENTIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "az": (("az",), "Azerbaijani official names (Khankendi, Shusha, Farukh)"),
    "hy": (("hy",), "Armenian-derived names (Stepanakert, Shushi, Parukh)"),
    "ru": (("ru",), "Russian names (Степанакерт, Шуша, Фарух)"),
    "en": (("en",), "common English names"),
    "az+hy": (("az", "hy"), "Azerbaijani official name, Armenian-derived name beside it"),
    "hy+az": (("hy", "az"), "Armenian-derived name, Azerbaijani official name beside it"),
    "native": (("native_az", "native_hy"), "names in the local scripts (Xankəndi / Ստեփանակերտ)"),
}


def check_convention(convention: str) -> str:
    """Return ``convention`` if known, else raise :class:`~truce.errors.InputError` listing the known."""
    from truce.errors import InputError

    if convention not in CONVENTIONS:
        raise InputError(f"unknown naming convention '{convention}'; use one of {', '.join(CONVENTIONS)}")
    return convention


def place_name(place: Place, convention: str) -> str:
    """The place's name in ``convention``; two names side by side only where they differ.

    A place without a name in the convention's role falls back to its English name, so every place
    is always named.
    """
    roles, _ = CONVENTIONS[convention]
    shown: list[str] = []
    for role in roles:
        text = place.name_for(role)
        if text and text not in shown:
            shown.append(text)
    if not shown:
        shown.append(place.name_for("en") or place.names[0].text if place.names else place.id)
    return " / ".join(shown)
