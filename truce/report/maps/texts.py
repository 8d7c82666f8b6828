"""Every word a map prints goes through the publications' gettext catalogs (``truce/report/language``):
English messages in the code, marked with :func:`N_` for the extractor; their translations in
``tools/translations/<lang>.py``, compiled by ``make catalogs``. A message missing from a catalog prints
in English. No message of a map depends on a count's plural form.

What the pack supplies (party names, country names, its notes) comes from the pack, in the language when
the pack has it.
"""

from __future__ import annotations

from datetime import date

from truce.report.describe import N_
from truce.report.language import LANGUAGES, language

__all__ = ["MAP_LANGUAGES", "N_", "check_language", "date_range", "day_text", "gettext", "period"]

MAP_LANGUAGES = tuple(LANGUAGES)
#: The area labels of the shipped pack (truce.geo.areas.area_label), marked for the catalogs: a map
#: translates an area's label where it has a translation. A pack's own area names in several languages
#: would make these unnecessary.
AREA_LABELS = (N_("north zone"), N_("south zone"), N_("Lachin corridor"))


def check_language(lang: str) -> str:
    """``lang`` if maps are written in it; else a :class:`~truce.errors.FieldError` naming ``--lang``."""
    return language(lang).code


def gettext(message: str, lang: str) -> str:
    """``message`` in ``lang``; English when the language has no translation of it.

    >>> gettext("Legend", "ru"), gettext("Legend", "en"), gettext("no such message", "ru")
    ('Условные обозначения', 'Legend', 'no such message')
    """
    return language(lang).gettext(message)


def day_text(day: date, lang: str) -> str:
    """A day as the language writes it.

    >>> day_text(date(2022, 3, 11), "en"), day_text(date(2022, 3, 11), "ru")
    ('11 March 2022', '11 марта 2022 г.')
    """
    return language(lang).date(day)


def date_range(start: date, end: date | None, lang: str) -> str:
    """One day, or a range as short as it reads unambiguously.

    >>> date_range(date(2022, 3, 1), date(2022, 3, 31), "en")
    '1-31 March 2022'
    >>> date_range(date(2022, 3, 1), date(2022, 4, 30), "ru")
    '1 марта 2022 г. - 30 апреля 2022 г.'
    """
    return language(lang).date_range(start, end)


def period(date_from: date | None, date_to: date | None, lang: str) -> str:
    """The period a map covers.

    >>> period(None, None, "en"), period(date(2022, 3, 1), None, "ru")
    ('the whole record', 'с 1 марта 2022 г.')
    """
    if date_from and date_to:
        return date_range(date_from, date_to, lang)
    if date_from:
        return gettext("from {day}", lang).format(day=day_text(date_from, lang))
    if date_to:
        return gettext("to {day}", lang).format(day=day_text(date_to, lang))
    return gettext("the whole record", lang)
