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
) -> Bulletin:
    """The bulletin for ``day``: the incidents that may have happened that day, the posts active then,
    and what the map says of them (``findings``, worded with the ``areas`` they name)."""
    todays = sorted(
        (i for i in incidents if i.on(day)), key=lambda i: (i.time_from is None, i.time_from, i.id)
    )
    areas_by_id, posts_by_id = {a.id: a for a in areas}, {p.id: p for p in posts}
    items = [
        BulletinItem(
            number=n,
            incident_id=i.id,
            violations=i.violations,
            when=describe.date_text(i.date_from, i.date_to),
            time=describe.time_window(i, mission.timezone),
            where=describe.location_text(i, gazetteer, convention),
            means=describe.means_text(i),
            blamed=describe.blamed(i, parties),
            consequences=i.consequences,
            casualties=describe.casualties_text(i.casualties, i.no_casualties, parties),
            basis=_basis(i, sources, parties),
            breaches=[f"point {p}: {ceasefire[p]}" for p in i.breaches if p in ceasefire],
            checks=[
                _sentence(describe.finding_text(f, areas_by_id, posts_by_id))
                for f in findings
                if f.incident_id == i.id
            ],
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
        violations=sum(i.violations for i in todays),
        items=items,
        deployment=groups,
        approximate_posts=any(p.approximate for p in active),
    )


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
