"""The daily information bulletin: what the monitor publishes the next morning about one day.

``build_bulletin`` takes model objects and returns a :class:`Bulletin`; ``render`` turns it into Markdown
or plain text through the templates beside this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from truce.gazetteer import CONVENTIONS, Gazetteer, place_name
from truce.geo.findings import Finding
from truce.model import Area, Incident, Mission, Party, Post, Source
from truce.reconcile.counts import itemise, total_violations
from truce.reconcile.view import CONTESTED, incident_view
from truce.report import describe

__all__ = ["FORMATS", "Bulletin", "BulletinItem", "DeploymentGroup", "build_bulletin", "render"]

FORMATS = ("md", "text")
TEMPLATES = Path(__file__).parent / "templates"

# The order and titles of the deployment section: (post kind, zone) -> title.
DEPLOYMENT_GROUPS = (
    ("hq", None, "Headquarters"),
    ("permanent_post", "north", "Northern zone of responsibility: permanent observation posts"),
    ("permanent_post", "south", "Southern zone of responsibility: permanent observation posts"),
    ("temporary_post", "corridor", "Lachin corridor: temporary observation posts"),
    ("checkpoint", None, "Checkpoints"),
    ("monitoring_centre", None, "Joint monitoring centre"),
)


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
    basis: str  # whether the monitor reported it or it rests on one party's claim
    breaches: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)  # spatial findings (truce.geo.findings)
    count_note: str = ""  # how a count without items and the itemised incidents it covers relate


@dataclass(frozen=True)
class DeploymentGroup:
    title: str
    posts: list[str]


@dataclass(frozen=True)
class Bulletin:
    day: date
    published: date
    mission: str
    monitor: str
    convention: str
    convention_label: str
    timezone: str
    violations: int
    items: list[BulletinItem]
    deployment: list[DeploymentGroup]
    approximate_posts: bool


def build_bulletin(
    day: date,
    incidents: list[Incident],
    posts: list[Post],
    *,
    mission: Mission,
    parties: dict[str, Party],
    sources: dict[str, Source],
    ceasefire: dict[int, str],
    gazetteer: Gazetteer,
    convention: str,
    findings: Sequence[Finding] = (),
    areas: Sequence[Area] = (),
    areas_of: dict[str, set[str]] | None = None,
) -> Bulletin:
    """The bulletin for ``day``: the incidents that may have happened that day, the posts active then,
    and what the map says of them (``findings``, worded with the ``areas`` they name)."""
    todays = sorted(
        (i for i in incidents if i.on(day)), key=lambda i: (i.time_from is None, i.time_from, i.id)
    )
    areas_by_id, posts_by_id = {a.id: a for a in areas}, {p.id: p for p in posts}
    notes = _count_notes(todays, areas_of or {})
    items = [
        BulletinItem(
            number=n,
            incident_id=i.id,
            violations=i.violations,
            when=describe.date_text(i.date_from, i.date_to),
            time=describe.time_window(i, mission.timezone),
            where=describe.location_text(i, gazetteer, convention),
            means=describe.means_text(i),
            blamed=_blamed(i, parties, sources),
            consequences=i.consequences,
            casualties=describe.casualties_text(i.casualties, i.no_casualties, parties),
            basis=_basis(i, sources, parties),
            breaches=[f"point {p}: {ceasefire[p]}" for p in i.breaches if p in ceasefire],
            checks=_checks(i.id, findings, areas_by_id, posts_by_id),
            count_note=notes.get(i.id, ""),
        )
        for n, i in enumerate(todays, 1)
    ]
    active = [p for p in posts if p.active_on(day)]
    groups = []
    for kind, zone, title in DEPLOYMENT_GROUPS:
        members = [p for p in active if p.kind == kind and (zone is None or p.zone == zone)]
        if members:
            groups.append(DeploymentGroup(title, [_post_label(p, gazetteer, convention) for p in members]))
    monitor = parties.get(mission.monitor)
    return Bulletin(
        day=day,
        published=day + timedelta(days=1),
        mission=mission.name,
        monitor=monitor.name("en") if monitor else mission.monitor,
        convention=convention,
        convention_label=CONVENTIONS[convention][1],
        timezone=mission.timezone,
        violations=total_violations(todays, areas_of or {}),
        items=items,
        deployment=groups,
        approximate_posts=any(p.approximate for p in active),
    )


def _blamed(incident: Incident, parties: dict[str, Party], sources: dict[str, Source]) -> str:
    """Who is blamed, and, when the claims disagree, that it is contested and by whom."""
    text = describe.blamed(incident, parties)
    if incident_view(incident, sources).fields["accused"].status != CONTESTED:
        return text

    def name(source_id: str) -> str:
        return sources[source_id].name if source_id in sources else source_id

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


def _count_notes(incidents: list[Incident], areas_of: dict[str, set[str]]) -> dict[str, str]:
    """For a count without items and the incidents it covers, a note saying so: the day's total counts
    each violation once."""
    notes = {}
    for item in itemise(incidents, areas_of):
        if item.itemised:
            notes[item.incident_id] = (
                f"{item.itemised_violations} of these {item.count} violations are itemised in this bulletin "
                f"({', '.join(item.itemised)}); {item.unitemised} are not"
            )
            for covered in item.itemised:
                notes[covered] = f"counted within the {item.count} violations of incident {item.incident_id}"
    return notes


def _checks(
    incident_id: str, findings: Sequence[Finding], areas: dict[str, Area], posts: dict[str, Post]
) -> list[str]:
    """The spatial findings a bulletin can state: those the map settles. The others are only counted:
    with positions drawn to within kilometres, a published bulletin must not read them as established."""
    own = [f for f in findings if f.incident_id == incident_id]
    lines = [_sentence(describe.finding_text(f, areas, posts)) for f in own if f.clear]
    unsettled = sum(not f.clear for f in own)
    if unsettled:
        lines.append(
            f"{unsettled} spatial check{'s' if unsettled > 1 else ''} not settled at the map's precision "
            "(see `truce findings`)."
        )
    return lines


def _basis(incident: Incident, sources: dict[str, Source], parties: dict[str, Party]) -> str:
    if incident.confirmed_by_monitor:
        return "reported by the monitor"

    def speaker(source_id: str) -> str:
        source = sources.get(source_id)
        if source is None:
            return source_id
        party = parties.get(source.party or "")
        return party.name("en") if party else source.name

    speakers = sorted({speaker(c.source_id) for c in incident.claims})
    if len(speakers) == 1:
        return f"rests on the claim of {speakers[0]} alone"
    return "claimed by " + ", ".join(speakers)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _post_label(post: Post, gazetteer: Gazetteer, convention: str) -> str:
    near = gazetteer.get(post.near_place or "")
    where = f" (near {place_name(near, convention)})" if near else ""
    return post.names.get("en", post.id) + where + (" *" if post.approximate else "")


def _date(day: date) -> str:
    return describe.date_text(day)


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,
)
_environment.filters["longdate"] = _date


def render(bulletin: Bulletin, fmt: str = "md") -> str:
    """The bulletin as Markdown (``md``) or plain text (``text``)."""
    return _environment.get_template(f"bulletin.{fmt}.j2").render(b=bulletin)
