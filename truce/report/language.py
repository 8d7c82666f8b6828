"""The languages Truce writes its publications in: gettext catalogs (Babel) and dates as each language
writes them. A third language is a catalog (``truce/report/locale/<code>/LC_MESSAGES/truce.po``, compiled
by ``make catalogs``), not code.

Messages are English in the code; English needs no catalog.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from truce.errors import FieldError

__all__ = ["ENGLISH", "LANGUAGES", "LOCALE_DIR", "Language", "language"]

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "truce"
#: code -> how a day is written (a Babel/CLDR pattern)
LANGUAGES = {"en": "d MMMM y", "ru": "d MMMM y 'г'."}


@dataclass(frozen=True)
class Language:
    code: str
    translations: gettext.NullTranslations
    date_pattern: str

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def number(self, value: float) -> str:
        """A number as the language writes it: 1.8, 1,8.

        >>> ENGLISH.number(1.8), language("ru").number(1.8), ENGLISH.number(2.0)
        ('1.8', '1,8', '2')
        """
        from babel.numbers import format_decimal

        return format_decimal(value, format="#,##0.###", locale=self.code)

    def date(self, day: date) -> str:
        """A day as the language writes it: '12 March 2022', '12 марта 2022 г.'."""
        return _written(day, self.date_pattern, self.code)

    def date_range(self, start: date, end: date | None = None) -> str:
        """'11 March 2022', '24-25 March 2022', '31 December 2022 - 1 January 2023'.

        >>> ENGLISH.date_range(date(2022, 3, 24), date(2022, 3, 25))
        '24-25 March 2022'
        >>> language("ru").date_range(date(2022, 3, 24))
        '24 марта 2022 г.'
        """
        if end is None or end == start:
            return self.date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}-{self.date(end)}"
        return f"{self.date(start)} - {self.date(end)}"


@lru_cache(maxsize=4096)  # a bulletin or a list writes the same few days thousands of times
def _written(day: date, pattern: str, code: str) -> str:
    from babel.dates import format_date

    return format_date(day, pattern, locale=code)


@cache
def language(code: str) -> Language:
    """The language ``code`` (en, ru); an unknown code is a :class:`FieldError` naming ``--lang``."""
    if code not in LANGUAGES:
        raise FieldError("--lang", f"'{code}' is not one of {', '.join(LANGUAGES)}")
    if code == "en":
        translations: gettext.NullTranslations = gettext.NullTranslations()
    else:
        translations = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code])
    return Language(code, translations, LANGUAGES[code])


ENGLISH = language("en")
