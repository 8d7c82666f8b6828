"""The daily information bulletin: what the monitor's record says about one day, published the next
morning.

The day's total counts only what the monitor observed or reported, each violation once (an incident over
several days is reported on its first day, and as continuing after). The parties' statements that the
monitor has not confirmed come in a section of their own, each attributed to its speaker. A day the record
holds no monitor report for says exactly that. The deployment is summarised (posts by group, changes since
the day before); the record's own references (incident ids, unsettled spatial checks) go to an annex.

``build_bulletin`` takes model objects and returns a :class:`Bulletin`; ``render`` turns it into Markdown
or plain text through the templates beside this module, escaping every value a source supplied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from truce.gazetteer import Gazetteer, place_name
from truce.geo.findings import Finding
from truce.model import Area, Convention, Incident, Mission, Party, Post, Profile, Source, Standing
from truce.reconcile.counts import itemise, total_violations
from truce.reconcile.view import CONTESTED, incident_view
from truce.report import describe
from truce.report.escape import clean, markdown

__all__ = [
    "FORMATS",
    "Bulletin",
    "BulletinItem",
    "DeploymentLine",
    "Theatre",
    "build_bulletin",
    "render",
]

FORMATS = ("md", "text")
TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Theatre:
    """What a bulletin reads beyond the day's incidents: the mission, its profile and vocabularies."""

    mission: Mission
    profile: Profile
    parties: dict[str, Party]
    sources: dict[str, Source]
    ceasefire: dict[int, str]
    gazetteer: Gazetteer
    posts: list[Post]
    areas: list[Area]


@dataclass(frozen=True)
class BulletinItem:
    number: int
    incident_id: str
    violations: int
    when: str
    time: str | None
    where: str
    means: str
    blamed: str
    consequences: str
    casualties: str
    basis: str  # how the monitor knows it, and who else speaks of it
    breaches: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # spatial findings the map settles
    count_note: str = ""  # how a count without items and the itemised incidents it covers relate
    unsettled: int = 0  # spatial checks the map does not settle (named in the annex)


@dataclass(frozen=True)
class DeploymentLine:
    title: str
    active: int
    opened: list[str]  # posts that opened on the day
    closed: list[str]  # posts that closed the day before


@dataclass(frozen=True)
class Bulletin:
    day: date
    published: date
    mission: str
    publisher: str
    basis: str  # on what the bulletin rests ("compiled from ...")
    speaks_as_monitor: bool
    convention_label: str
    timezone: str
    has_report: bool  # the record holds a report of the monitor for this day
    violations: int  # the monitor's record, each violation once
    items: list[BulletinItem]
    continuing: list[BulletinItem]  # the monitor's incidents that began before the day
    statements: list[BulletinItem]  # claims alone, not confirmed by the monitor, attributed
    deployment: list[DeploymentLine]
    approximate_posts: bool


def build_bulletin(
    day: date,
    incidents: list[Incident],
    theatre: Theatre,
    *,
    convention: Convention,
    findings: Sequence[Finding] = (),
    monitor_published: Sequence[date] = (),
) -> Bulletin:
    """The bulletin for ``day`` from the incidents that may have happened that day. ``monitor_published``
    are the days the monitor's reports in the record were published on (a report published on the day or
    the next morning covers it, even when it records no violation)."""
    todays = sorted(
        (i for i in incidents if i.on(day)), key=lambda i: (i.time_from is None, i.time_from, i.id)
    )
    monitor = [i for i in todays if i.by_monitor]
    first = [i for i in monitor if i.date_from == day]
    later = [i for i in monitor if i.date_from < day]
    claimed = [i for i in todays if not i.by_monitor and i.date_from == day]
    units = theatre.gazetteer.units_of
    notes = _count_notes(first, units)
    items = [_item(n, i, theatre, convention, findings, notes.get(i.id, "")) for n, i in enumerate(first, 1)]
    continuing = [_item(n, i, theatre, convention, (), "") for n, i in enumerate(later, len(items) + 1)]
    statements = [_item(n, i, theatre, convention, (), "") for n, i in enumerate(claimed, 1)]
    has_report = bool(monitor) or any(d in (day, day + timedelta(days=1)) for d in monitor_published)
    active = [p for p in theatre.posts if p.active_on(day)]
    profile = theatre.profile
    return Bulletin(
        day=day,
        published=day + timedelta(days=1),
        mission=theatre.mission.name,
        publisher=profile.publisher,
        basis=profile.publisher_basis,
        speaks_as_monitor=profile.speaks_as_monitor,
        convention_label=convention.label,
        timezone=theatre.mission.timezone,
        has_report=has_report,
        violations=total_violations(first, units),
        items=items,
        continuing=continuing,
        statements=statements,
        deployment=_deployment(day, theatre, convention),
        approximate_posts=any(p.approximate for p in active),
    )


def _item(
    number: int,
    incident: Incident,
    theatre: Theatre,
    convention: Convention,
    findings: Sequence[Finding],
    count_note: str,
) -> BulletinItem:
    own = [f for f in findings if f.incident_id == incident.id]
    areas, posts = {a.id: a for a in theatre.areas}, {p.id: p for p in theatre.posts}
    return BulletinItem(
        number=number,
        incident_id=incident.id,
        violations=incident.violations,
        when=describe.date_text(incident.date_from, incident.date_to),
        time=describe.time_window(incident, theatre.mission.timezone),
        where=describe.location_text(incident, theatre.gazetteer, convention),
        means=describe.means_text(incident),
        blamed=_blamed(incident, theatre),
        consequences=incident.consequences,
        casualties=describe.casualties_text(incident.casualties, incident.no_casualties, theatre.parties),
        basis=_basis(incident, theatre.sources),
        breaches=[f"point {p}: {theatre.ceasefire[p]}" for p in incident.breaches if p in theatre.ceasefire],
        checks=[_sentence(describe.finding_text(f, areas, posts)) for f in own if f.clear],
        count_note=count_note,
        unsettled=sum(not f.clear for f in own),
    )


def _blamed(incident: Incident, theatre: Theatre) -> str:
    """Who is blamed, and, when the claims disagree, that it is contested and by whom."""
    text = describe.blamed(incident, theatre.parties)
    if incident_view(incident).fields["accused"].status != CONTESTED:
        return text
    name = _speaker_names(theatre.sources)
    denied = sorted({name(c.source_id) for c in incident.claims if c.denies})
    others = sorted(
        {
            name(c.source_id)
            for c in incident.claims
            if not c.denies and c.accused not in (incident.accused, "unknown")
        }
    )
    parts = [f"denied by {', '.join(denied)}"] if denied else []
    parts += [f"{', '.join(others)} blame{'s' if len(others) == 1 else ''} another side"] if others else []
    return f"{text} (contested: {'; '.join(parts)})"


def _speaker_names(sources: dict[str, Source]):  # type: ignore[no-untyped-def]
    return lambda source_id: sources[source_id].name if source_id in sources else source_id


def _basis(incident: Incident, sources: dict[str, Source]) -> str:
    """How the record knows it: the monitor observed it, reported it, or a speaker claims it; and who
    else speaks of it."""
    name = _speaker_names(sources)
    claimants = [name(s) for s in incident.claimants]
    if incident.standing is Standing.OBSERVED:
        text = "observed by the monitor"
    elif incident.standing is Standing.REPORTED:
        reporters = sorted({name(c.source_id) for c in incident.claims if c.standing is Standing.REPORTED})
        text = "reported by the monitor" + (f": {', '.join(reporters)}" if reporters else "")
    else:
        return "according to " + " and ".join(claimants) + "; not confirmed by the monitor"
    return text + (f"; also claimed by {', '.join(claimants)}" if claimants else "")


def _count_notes(incidents: list[Incident], units: dict[str, set[str]]) -> dict[str, str]:
    """For a count without items and the items it covers, a note saying so: the total counts each once."""
    notes = {}
    numbers = {i.id: n for n, i in enumerate(incidents, 1)}
    for item in itemise(incidents, units):
        if item.itemised:
            listed = ", ".join(f"item {numbers[i]}" for i in item.itemised)
            notes[item.incident_id] = (
                f"{item.itemised_violations} of these {item.count} violations are itemised in this bulletin "
                f"({listed}); {item.unitemised} are not"
            )
            for covered in item.itemised:
                notes[covered] = (
                    f"counted within the {item.count} violations of item {numbers[item.incident_id]}"
                )
    return notes


def _deployment(day: date, theatre: Theatre, convention: Convention) -> list[DeploymentLine]:
    """Posts by group on the day, and the changes since the day before."""
    before = day - timedelta(days=1)
    lines = []
    for group in theatre.profile.post_groups:
        members = [
            p for p in theatre.posts if p.kind == group.kind and (group.zone is None or p.zone == group.zone)
        ]
        active = [p for p in members if p.active_on(day)]
        opened = [p for p in active if not p.active_on(before)]
        closed = [p for p in members if p.active_on(before) and not p.active_on(day)]
        if active or closed:
            label = _post_label_for(theatre.gazetteer, convention)
            lines.append(
                DeploymentLine(
                    group.title, len(active), [label(p) for p in opened], [label(p) for p in closed]
                )
            )
    return lines


def _post_label_for(gazetteer: Gazetteer, convention: Convention):  # type: ignore[no-untyped-def]
    def label(post: Post) -> str:
        near = gazetteer.get(post.near_place or "")
        where = f" (near {place_name(near, convention)})" if near else ""
        return post.names.get("en", post.id) + where

    return label


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _environment(escape: object) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=escape,  # every value printed passes through it: data, never markup
    )
    environment.filters["longdate"] = lambda day: describe.date_text(day)
    return environment


_ENVIRONMENTS = {"md": _environment(markdown), "text": _environment(clean)}


def render(bulletin: Bulletin, fmt: str = "md") -> str:
    """The bulletin as Markdown (``md``) or plain text (``text``)."""
    return _ENVIRONMENTS[fmt].get_template(f"bulletin.{fmt}.j2").render(b=bulletin)
