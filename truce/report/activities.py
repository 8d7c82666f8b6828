"""The mission's other work as a reader reads it: one line per activity, in a language and a naming
convention, saying who reports it. Takes model objects, returns text and rows: no I/O.

What the monitor reported is kept apart from what others say (their lines say "according to ...; not
confirmed by the monitor"), as for violations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from truce.gazetteer import Gazetteer, place_name
from truce.model import ACTIVITY_FIGURES, Activity, Area, Convention, Party, Source, Standing
from truce.report.describe import N_, Np_, near_text
from truce.report.language import ENGLISH, Language

__all__ = ["FIGURE_LABELS", "KIND_LABELS", "ActivityLine", "activity_lines", "figures_text", "rows"]

KIND_LABELS = {
    "escort": N_("Escort"),
    "passage": N_("Passage"),
    "delivery": N_("Humanitarian delivery"),
    "return": N_("Return of displaced people"),
    "demining": N_("Demining"),
    "medical": N_("Medical aid"),
    "exchange": N_("Exchange of bodies or detainees"),
    "appeal": N_("Appeal to a party"),
    "restriction": N_("Restriction of freedom of movement"),
    "mission": N_("The mission"),
}
FIGURE_LABELS = {
    "people": Np_("{n} person", "{n} people"),
    "vehicles": Np_("{n} vehicle", "{n} vehicles"),
    "tonnes": Np_("{n} tonne", "{n} tonnes"),
    "bodies": Np_("{n} body", "{n} bodies"),
    "detainees": Np_("{n} detainee", "{n} detainees"),
    "objects": Np_("{n} explosive object", "{n} explosive objects"),
    "hectares": Np_("{n} hectare", "{n} hectares"),
    "personnel": Np_("{n} serviceman", "{n} servicemen"),
}
AREA_WORDS = {
    "corridor": N_("in the corridor"),
    "zone": N_("in the zone of responsibility"),
}


@dataclass(frozen=True)
class ActivityLine:
    id: str
    kind: str
    label: str  # the kind, as the language says it
    when: str
    continuing: bool  # began before the day it is reported on
    where: str
    figures: str
    summary: str
    basis: str  # who reports it
    by_monitor: bool


def activity_lines(
    activities: Iterable[Activity],
    *,
    gazetteer: Gazetteer,
    convention: Convention,
    sources: dict[str, Source],
    areas: Sequence[Area] = (),
    day: date | None = None,
    lang: Language = ENGLISH,
) -> list[ActivityLine]:
    """A line for each activity (under way on ``day`` when one is given: those that began earlier are
    ``continuing``), by start."""
    kinds = {a.id: a.kind for a in areas}
    chosen = [a for a in activities if day is None or a.on(day)]
    return [
        ActivityLine(
            id=a.id,
            kind=a.kind,
            label=lang.gettext(KIND_LABELS[a.kind]),
            when=_when(a, lang),
            continuing=day is not None and a.date_from < day,
            where=_where(a, gazetteer, convention, kinds, lang),
            figures=figures_text(a.figures, lang),
            summary=a.summary_in(lang.code),
            basis=basis(a, sources, lang),
            by_monitor=a.standing.monitor,
        )
        for a in sorted(chosen, key=lambda a: (a.date_from, a.id))
    ]


def figures_text(figures: dict[str, float], lang: Language = ENGLISH) -> str:
    """'25,000 people; 60 servicemen', in the language's plural forms.

    >>> figures_text({"people": 25000, "personnel": 1})
    '25,000 people; 1 serviceman'
    """
    parts = []
    for name in ACTIVITY_FIGURES:
        if name in figures:
            value = figures[name]
            singular, plural = FIGURE_LABELS[name]
            count = int(value) if float(value).is_integer() else 2  # a fraction takes the plural
            parts.append(lang.ngettext(singular, plural, count).format(n=lang.number(value)))
    return "; ".join(parts)


def basis(activity: Activity, sources: dict[str, Source], lang: Language = ENGLISH) -> str:
    """Who reports it: the monitor, or a speaker it is attributed to."""
    source = sources.get(activity.source_id)
    name = source.name_in(lang.code) if source else activity.source_id
    if activity.standing is Standing.OBSERVED:
        return lang.gettext("observed by the monitor")
    if activity.standing is Standing.REPORTED:
        return lang.gettext("reported by the monitor: {sources}").format(sources=name)
    return lang.gettext("according to {sources}; not confirmed by the monitor").format(sources=name)


def rows(
    activities: Iterable[Activity],
    *,
    gazetteer: Gazetteer,
    convention: Convention,
    sources: dict[str, Source],
    parties: dict[str, Party],
    lang: Language = ENGLISH,
) -> list[dict[str, object]]:
    """One flat row per activity for CSV and JSON: the record's codes beside the text a reader reads."""
    found = []
    for a in activities:
        place = gazetteer.get(a.place_id or "")
        source = sources.get(a.source_id)
        found.append(
            {
                "id": a.id,
                "kind": a.kind,
                "date_from": a.date_from.isoformat(),
                "date_to": a.date_to.isoformat() if a.date_to else "",
                "ongoing": a.ongoing,
                "place_id": a.place_id or "",
                "place": place_name(place, convention) if place else "",
                "area_id": a.area_id or "",
                "actor": a.actor,
                "party": a.party or "",
                "addressee": a.addressee or "",
                "addressee_name": parties[a.addressee].side(lang.code) if a.addressee in parties else "",
                **{f"figure_{name}": a.figures.get(name, "") for name in ACTIVITY_FIGURES},
                "summary": a.summary_in(lang.code),
                "source_id": a.source_id,
                "source": source.name_in(lang.code) if source else "",
                "standing": a.standing.value,
                "basis": a.basis,
            }
        )
    return found


def _when(activity: Activity, lang: Language) -> str:
    if activity.ongoing:
        return lang.gettext("since {day} (no end recorded)").format(day=lang.date(activity.date_from))
    return lang.date_range(activity.date_from, activity.date_to)


def _where(
    activity: Activity, gazetteer: Gazetteer, convention: Convention, kinds: dict[str, str], lang: Language
) -> str:
    place = gazetteer.get(activity.place_id or "")
    if place is not None:
        return near_text(place, gazetteer, convention, lang)
    word = AREA_WORDS.get(kinds.get(activity.area_id or "", ""))
    return lang.gettext(word) if word else lang.gettext("in the mission's area")
