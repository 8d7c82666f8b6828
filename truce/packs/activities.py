"""The mission's other work (``activities.csv``, optional): escorts, deliveries, returns, demining,
appeals, restrictions of movement and the mission's milestones, each with its source and standing."""

from __future__ import annotations

from truce.model import ACTIVITY_FIGURES, ACTIVITY_KINDS, Activity, Source
from truce.packs.reader import Row

__all__ = ["ACTIVITY_COLUMNS", "activity", "figures"]

ACTIVITY_COLUMNS = (
    "id",
    "kind",
    "date_from",
    "date_to",
    "ongoing",
    "actor",
    "party",
    "addressee",
    "place",
    "area",
    "location_text",
    "figures",
    "summary",
    "summary_ru",
    "source",
    "basis",
)

#: No activity of a ceasefire mission counts more than this of anything: a larger figure is a typo.
MOST = 10_000_000


def activity(
    row: Row, sources: dict[str, Source], parties: set[str], places: set[str], areas: set[str]
) -> Activity:
    """One row of activities.csv, checked against the pack's sources, parties, places and areas."""
    date_from, date_to = row.date("date_from"), row.opt_date("date_to")
    ongoing = row.bool("ongoing")
    if date_to is not None and date_to < date_from:
        raise row.error("date_to", f"{date_to} is before date_from {date_from}")
    if ongoing and date_to is not None:
        raise row.error("ongoing", "an activity with no recorded end has no date_to")
    source = sources.get(row.str("source"))
    if source is None:
        raise row.error("source", f"'{row.str('source')}' is not a source of sources.csv")
    for field in ("party", "addressee"):
        value = row.opt(field)
        if value and value not in parties:
            raise row.error(field, f"'{value}' is not a party of parties.csv")
    place, area = row.opt("place"), row.opt("area")
    if place and place not in places:
        raise row.error("place", f"'{place}' is not a place of the pack")
    if area and area not in areas:
        raise row.error("area", f"'{area}' is not an area of areas.geojson")
    summaries = {"en": row.str("summary")}
    if ru := row.str("summary_ru", False):
        summaries["ru"] = ru
    return Activity(
        id=row.str("id"),
        kind=row.choice("kind", ACTIVITY_KINDS),
        date_from=date_from,
        date_to=date_to,
        ongoing=ongoing,
        summaries=summaries,
        source_id=source.id,
        standing=source.standing,
        actor=row.str("actor", False),
        party=row.opt("party"),
        addressee=row.opt("addressee"),
        place_id=place,
        area_id=area,
        location_text=row.str("location_text", False),
        figures=figures(row),
        basis=row.str("basis"),
    )


def figures(row: Row) -> dict[str, float]:
    """``people=25000|vehicles=12``: what the activity counts, each a known figure and a plausible number."""
    counted: dict[str, float] = {}
    for part in row.list("figures"):
        name, _, text = part.partition("=")
        name = name.strip()
        if name not in ACTIVITY_FIGURES:
            raise row.error("figures", f"'{name}' is not one of {', '.join(ACTIVITY_FIGURES)}")
        if name in counted:
            raise row.error("figures", f"'{name}' is given twice")
        try:
            value = float(text)
        except ValueError:
            raise row.error("figures", f"{name}: '{text.strip()}' is not a number") from None
        if not 0 <= value <= MOST:
            raise row.error("figures", f"{name}: {value:g} is not a plausible count (0 to {MOST:,})")
        counted[name] = int(value) if value.is_integer() else value
    return counted
