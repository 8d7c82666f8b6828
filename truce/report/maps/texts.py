"""Every word a map prints, in one place: English messages in the code, one dict per other language.

The dicts are catalogs in all but format: the key is the English message (the gettext ``msgid``), the
value its translation (``msgstr``), placeholders in ``{braces}`` (``python-brace-format``). Moving them
into the bulletin's gettext catalogs is mechanical: each entry becomes a ``msgid``/``msgstr`` pair (the
messages are marked with :func:`N_` where they are defined, for the extractor), and :func:`gettext` becomes
the catalog's. A message missing from a language's dict prints in English. No message of a map depends on
a count's plural form.

What the pack supplies (party names, country names, its notes) comes from the pack, in the language when
the pack has it.
"""

from __future__ import annotations

from datetime import date

from truce.errors import FieldError

__all__ = ["MAP_LANGUAGES", "N_", "check_language", "date_range", "day_text", "gettext", "period"]


def N_(message: str) -> str:
    """Mark a message for the catalogs; it is translated where it is used (the gettext convention)."""
    return message


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: language -> {English message: translation}
TRANSLATIONS: dict[str, dict[str, str]] = {
    "en": {},
    "ru": {
        # dates: the month in the genitive, as a day is written ("11 марта 2022 г.")
        "{day} {month} {year}": "{day} {month} {year} г.",
        "January": "января",
        "February": "февраля",
        "March": "марта",
        "April": "апреля",
        "May": "мая",
        "June": "июня",
        "July": "июля",
        "August": "августа",
        "September": "сентября",
        "October": "октября",
        "November": "ноября",
        "December": "декабря",
        # title and subtitle
        "Ceasefire violations, {period}": "Нарушения режима прекращения огня: {period}",
        "the whole record": "весь период наблюдения",
        "from {day}": "с {day}",
        "to {day}": "по {day}",
        # the day ends with "г.", which ends the sentence too
        "Areas and posts as of {day}. Place names: {names}. Metres in {crs}.": (
            "Зоны и посты по состоянию на {day} Названия: {names}. Метры в системе {crs}."
        ),
        "The monitor's record only.": "Только данные наблюдателя.",
        # notes under the map
        "Areas and posts marked approximate were not surveyed (each says its basis). Incident symbols sit "
        "where the source places them; circles show how far off that may be.": (
            "Зоны и посты с пометкой «приблизительно» не измерялись на местности (у каждой указано "
            "основание). Знаки нарушений стоят там, где их помещает источник; круги показывают возможную "
            "погрешность."
        ),
        "Not drawn ({n}): {items}": "Не нанесены ({n}): {items}",
        "Not labelled for want of room: {names}.": "Подписи, для которых не хватило места: {names}.",
        # the map's furniture
        "Legend": "Условные обозначения",
        "N": "С",
        "grid north": "север сетки",
        "{km} km": "{km} км",
        "Incidents outside the main map": "Нарушения за пределами основной карты",
        "main map": "основная карта",
        # legend entries
        "headquarters": "штаб",
        "permanent observation post": "постоянный наблюдательный пост",
        "temporary observation post": "временный наблюдательный пост",
        "checkpoint": "контрольно-пропускной пункт",
        "monitoring centre": "центр мониторинга",
        "observation range (assumed)": "дальность наблюдения (предположительно)",
        "{area} (approximate)": "{area} (приблизительно)",
        "line of contact (approximate)": "линия соприкосновения (приблизительно)",
        "incident: {means}": "нарушение: {means}",
        "advance, post set up, engineering works": "продвижение, установка поста, инженерные работы",
        "drone strike, quadcopter": "удар БПЛА, квадрокоптер",
        "mortar, artillery, rockets, tank, shelling": "миномёт, артиллерия, РСЗО, танк, обстрел",
        "small arms, sniper, grenades": "стрелковое оружие, снайпер, гранаты",
        "other means": "иные средства",
        "means not indicated": "средства не указаны",
        "several incidents, differing means": "несколько нарушений, разные средства",
        "blamed: {party}": "обвиняемая сторона: {party}",
        "not indicated": "не указана",
        "several, differing": "несколько, сведения расходятся",
        "where it may have been (radius)": "возможное место (радиус)",
        "known only to a district or the zone": "место известно лишь до района или зоны",
        # areas as the packs name them (a pack's own names would come from the pack)
        "north zone": "северная зона",
        "south zone": "южная зона",
        "Lachin corridor": "Лачинский коридор",
        # the HTML page
        "Drag to pan, wheel or buttons to zoom. Click an incident, a post, an area or the line of contact "
        "for its details; click a number to zoom into the incidents it counts.": (
            "Перетаскивайте карту мышью, масштаб меняйте колесом или кнопками. Щёлкните нарушение, пост, "
            "зону или линию соприкосновения, чтобы увидеть подробности; щёлкните число, чтобы приблизить "
            "нарушения, которые оно объединяет."
        ),
        "Zoom in": "Приблизить",
        "Zoom out": "Отдалить",
        "Whole map": "Вся карта",
        "Show": "Показать",
        "From": "С",
        "To": "По",
        "Blamed": "Обвиняемая сторона",
        "Means": "Средства",
        "Incidents shown: {shown} of {total}": "Показано нарушений: {shown} из {total}",
        # the keys of an item's details (the values are the record's)
        "incident": "нарушение",
        "date": "дата",
        "where": "место",
        "precision": "точность",
        "violations": "нарушений",
        "means": "средства",
        "blamed": "обвиняемая сторона",
        "casualties": "потери",
        "sources": "источники",
        "details": "подробности",
        "on the map": "на карте",
        "area": "зона",
        "version": "версия",
        "valid": "действует",
        "basis": "основание",
        "drawn to within": "точность построения",
        "post": "пост",
        "kind": "вид",
        "active": "действует",
        "position": "положение",
        "observation range": "дальность наблюдения",
        "near": "рядом с",
    },
}
MAP_LANGUAGES = tuple(TRANSLATIONS)


def check_language(lang: str) -> str:
    """``lang`` if maps are written in it; else a :class:`~truce.errors.FieldError` naming ``--lang``."""
    if lang not in TRANSLATIONS:
        raise FieldError("--lang", f"'{lang}' is not one of {', '.join(MAP_LANGUAGES)}")
    return lang


def gettext(message: str, lang: str) -> str:
    """``message`` in ``lang``; English when the language has no translation of it.

    >>> gettext("Legend", "ru"), gettext("Legend", "en"), gettext("no such message", "ru")
    ('Условные обозначения', 'Legend', 'no such message')
    """
    return TRANSLATIONS[check_language(lang)].get(message, message)


def day_text(day: date, lang: str) -> str:
    """A day as the language writes it.

    >>> day_text(date(2022, 3, 11), "en"), day_text(date(2022, 3, 11), "ru")
    ('11 March 2022', '11 марта 2022 г.')
    """
    month = gettext(MONTHS[day.month - 1], lang)
    return gettext("{day} {month} {year}", lang).format(day=day.day, month=month, year=day.year)


def date_range(start: date, end: date | None, lang: str) -> str:
    """One day, or a range as short as it reads unambiguously.

    >>> date_range(date(2022, 3, 1), date(2022, 3, 31), "en")
    '1-31 March 2022'
    >>> date_range(date(2022, 3, 1), date(2022, 4, 30), "ru")
    '1 марта 2022 г. - 30 апреля 2022 г.'
    """
    if end is None or end == start:
        return day_text(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{day_text(end, lang)}"
    return f"{day_text(start, lang)} - {day_text(end, lang)}"


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
