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
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from truce.gazetteer import Gazetteer, place_name
from truce.geo.findings import Finding
from truce.model import (
    Activity,
    Area,
    CeasefirePoint,
    Convention,
    Incident,
    Mission,
    Party,
    Post,
    Profile,
    Source,
    Standing,
    Verdict,
    local,
)
from truce.reconcile.counts import itemise, total_violations
from truce.reconcile.view import CONTESTED, field_view
from truce.report import describe
from truce.report.activities import ActivityLine, activity_lines
from truce.report.escape import clean, markdown
from truce.report.language import ENGLISH, Language, language

__all__ = [
    "FORMATS",
    "Bulletin",
    "BulletinItem",
    "Comparison",
    "DeploymentLine",
    "Theatre",
    "build_bulletin",
    "pdf",
    "render",
    "unreported_days",
]

FORMATS = ("md", "text", "html", "pdf")
TEMPLATES = Path(__file__).parent / "templates"
FONTS = Path(__file__).parent / "fonts"


@dataclass(frozen=True)
class Theatre:
    """What a bulletin reads beyond the day's incidents: the mission, its profile and vocabularies."""

    mission: Mission
    profile: Profile
    parties: dict[str, Party]
    sources: dict[str, Source]
    ceasefire: dict[int, CeasefirePoint]
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
class Comparison:
    """Violations of the monitor's record, each counted on its first day: the day before, the last seven
    days (the bulletin's day with them) and the seven days before those."""

    day_before: int
    last_week: int
    week_before: int
    unreported: int = 0  # of the fourteen days, those the record holds no report of the monitor for


@dataclass(frozen=True)
class Bulletin:
    day: date
    published: date
    cutoff: str  # "as of" this local time on the day of publication
    lang: str
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
    activities: list[ActivityLine]  # the monitor's other work and restrictions it reports, under way
    activity_statements: list[ActivityLine]  # the same, said by others: attributed
    approximate_posts: bool
    day_text: str = ""  # the day, the day of publication, as the language writes them
    published_text: str = ""
    comparison: Comparison | None = None  # the day against the days before it, in the monitor's record


def build_bulletin(
    day: date,
    incidents: list[Incident],
    theatre: Theatre,
    *,
    convention: Convention,
    findings: Sequence[Finding] = (),
    monitor_published: Sequence[date] = (),
    activities: Sequence[Activity] = (),
    comparison: Comparison | None = None,
    lang: Language = ENGLISH,
) -> Bulletin:
    """The bulletin for ``day`` from the incidents that may have happened that day, in ``lang``.
    ``monitor_published`` are the days the monitor's reports in the record were published on (a report
    published on the day or the next morning covers it, even when it records no violation).
    ``comparison``: the day against the days before it (none without)."""
    todays = sorted(
        (i for i in incidents if i.on(day)), key=lambda i: (i.time_from is None, i.time_from, i.id)
    )
    monitor = [i for i in todays if i.by_monitor]
    first = [i for i in monitor if i.date_from == day]
    later = [i for i in monitor if i.date_from < day]
    claimed = [i for i in todays if not i.by_monitor and i.date_from == day]
    units = theatre.gazetteer.units_of
    notes = _count_notes(first, units, lang)
    checked: dict[str, list[Finding]] = {}
    for finding in findings:
        checked.setdefault(finding.incident_id, []).append(finding)
    item = partial(
        _item,
        theatre=theatre,
        convention=convention,
        lang=lang,
        areas={a.id: a for a in theatre.areas},
        posts={p.id: p for p in theatre.posts},
    )
    items = [item(n, i, checked.get(i.id, ()), notes.get(i.id, "")) for n, i in enumerate(first, 1)]
    continuing = [item(n, i, (), "") for n, i in enumerate(later, len(items) + 1)]
    statements = [item(n, i, (), "") for n, i in enumerate(claimed, 1)]
    has_report = bool(monitor) or any(d in (day, day + timedelta(days=1)) for d in monitor_published)
    active = [p for p in theatre.posts if p.active_on(day)]
    profile = theatre.profile
    published = day + timedelta(days=1)
    other_work = activity_lines(
        activities,
        gazetteer=theatre.gazetteer,
        convention=convention,
        sources=theatre.sources,
        areas=theatre.areas,
        day=day,
        lang=lang,
    )
    return Bulletin(
        day=day,
        published=published,
        cutoff=profile.cutoff,
        lang=lang.code,
        mission=local(profile.mission_names, lang.code) or theatre.mission.name,
        publisher=local(profile.publisher, lang.code),
        basis=local(profile.publisher_basis, lang.code),
        speaks_as_monitor=profile.speaks_as_monitor,
        convention_label=local(convention.labels, lang.code),
        timezone=_zone(day, theatre.mission.timezone, lang),
        has_report=has_report,
        violations=total_violations(first, units),
        items=items,
        continuing=continuing,
        statements=statements,
        deployment=_deployment(day, theatre, convention, lang),
        activities=[a for a in other_work if a.by_monitor],
        activity_statements=[a for a in other_work if not a.by_monitor],
        comparison=comparison,
        approximate_posts=any(p.approximate for p in active),
        day_text=lang.date(day),
        published_text=lang.date(published),
    )


def _zone(day: date, timezone: str, lang: Language) -> str:
    """The mission's time zone as the language writes it: its name in English ("Asia/Baku"), its offset
    from UTC that day in any other language ("UTC+4"), whose text a Latin zone name would break into."""
    if lang.code == "en":
        return timezone
    offset = datetime.combine(day, time(12), tzinfo=ZoneInfo(timezone)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")


def _item(
    number: int,
    incident: Incident,
    own: Sequence[Finding],  # the findings on this incident
    count_note: str,
    *,
    theatre: Theatre,
    convention: Convention,
    lang: Language,
    areas: dict[str, Area],
    posts: dict[str, Post],
) -> BulletinItem:
    point = lang.gettext("point {number}: {summary}")
    consequences = incident.consequences_in.get(lang.code, incident.consequences if lang.code == "en" else "")
    return BulletinItem(
        number=number,
        incident_id=incident.id,
        violations=incident.violations,
        when=describe.date_text(incident.date_from, incident.date_to, lang),
        time=describe.time_window(incident, theatre.mission.timezone),
        where=describe.location_text(incident, theatre.gazetteer, convention, lang),
        means=describe.means_text(incident, lang),
        blamed=_blamed(incident, theatre, lang),
        consequences=consequences,
        casualties=describe.casualties_text(
            incident.casualties, incident.no_casualties, theatre.parties, lang
        ),
        basis=_basis(incident, theatre.sources, lang),
        breaches=[
            point.format(number=p, summary=theatre.ceasefire[p].summary_in(lang.code))
            for p in incident.breaches
            if p in theatre.ceasefire
        ],
        checks=[
            _sentence(describe.finding_text(f, areas, posts, lang, theatre.parties)) for f in own if f.clear
        ],
        count_note=count_note,
        unsettled=sum(not f.clear for f in own),
    )


def _blamed(incident: Incident, theatre: Theatre, lang: Language) -> str:
    """Who is blamed, and, when the claims disagree, that it is contested and by whom."""
    _ = lang.gettext
    text = describe.blamed(incident, theatre.parties, lang)
    if field_view(incident, "accused").status != CONTESTED:
        return text
    name = _speaker_names(theatre.sources, lang)
    denied = sorted({name(c.source_id) for c in incident.claims if c.denies})
    others = sorted(
        {
            name(c.source_id)
            for c in incident.claims
            if not c.denies and c.accused not in (incident.accused, "unknown")
        }
    )
    parts = [_("denied by {speakers}").format(speakers=", ".join(denied))] if denied else []
    if others:
        parts.append(
            lang.ngettext(
                "{speakers} blames another side", "{speakers} blame another side", len(others)
            ).format(speakers=", ".join(others))
        )
    return _("{blamed} (contested: {why})").format(blamed=text, why="; ".join(parts))


def _speaker_names(sources: dict[str, Source], lang: Language):  # type: ignore[no-untyped-def]
    return lambda source_id: sources[source_id].name_in(lang.code) if source_id in sources else source_id


def _basis(incident: Incident, sources: dict[str, Source], lang: Language) -> str:
    """How the record knows it: the monitor observed it, reported it, or a speaker claims it; and who
    else speaks of it."""
    _ = lang.gettext
    name = _speaker_names(sources, lang)
    claimants = [name(s) for s in incident.claimants]
    reporters = sorted({name(c.source_id) for c in incident.claims if c.standing is Standing.REPORTED})
    if incident.standing is Standing.OBSERVED:
        text = _("observed by the monitor")
    elif incident.standing is Standing.REPORTED and reporters:
        text = _("reported by the monitor: {sources}").format(sources=", ".join(reporters))
    elif incident.standing is Standing.REPORTED:  # the monitor's finding alone puts it on the record
        text = _("established by the monitor's finding")
    elif incident.verdict is Verdict.UNFOUNDED:  # even the monitor's own report, where it was wrong
        speakers = claimants or sorted({name(c.source_id) for c in incident.claims})
        return _("according to {sources}; found unfounded by the monitor").format(
            sources=_(" and ").join(speakers)
        )
    elif incident.verdict is Verdict.NOT_ESTABLISHED:
        return _("according to {sources}; the monitor could not establish it").format(
            sources=_(" and ").join(claimants)
        )
    else:
        return _("according to {sources}; not confirmed by the monitor").format(
            sources=_(" and ").join(claimants)
        )
    if incident.verdict is Verdict.VIOLATION and (incident.standing is Standing.OBSERVED or reporters):
        text = _("{basis}; confirmed by the monitor's finding").format(basis=text)
    if claimants:
        text = _("{basis}; also claimed by {sources}").format(basis=text, sources=", ".join(claimants))
    return text


def unreported_days(day: date, covered: set[date], published: Sequence[date]) -> int:
    """Of the fortnight ending on ``day``, the days the record holds no report of the monitor for: no
    monitor's incident is under way on it (``covered``: the days they are), and no report came out that
    day or the next."""
    fortnight = {day - timedelta(days=n) for n in range(14)}
    reported = {d for d in fortnight if d in published or d + timedelta(days=1) in published}
    return len(fortnight - reported - covered)


def _count_notes(incidents: list[Incident], units: dict[str, set[str]], lang: Language) -> dict[str, str]:
    """For a count without items and the items it covers, a note saying so: the total counts each once."""
    _ = lang.gettext
    notes = {}
    numbers = {i.id: n for n, i in enumerate(incidents, 1)}
    for item in itemise(incidents, units):
        if item.itemised:
            listed = ", ".join(_("item {number}").format(number=numbers[i]) for i in item.itemised)
            notes[item.incident_id] = _(
                "{itemised} of these {count} violations are itemised in this bulletin ({items}); "
                "{unitemised} are not"
            ).format(
                itemised=item.itemised_violations, count=item.count, items=listed, unitemised=item.unitemised
            )
            for covered in item.itemised:
                notes[covered] = _("counted within the {count} violations of item {number}").format(
                    count=item.count, number=numbers[item.incident_id]
                )
    return notes


def _deployment(day: date, theatre: Theatre, convention: Convention, lang: Language) -> list[DeploymentLine]:
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
            label = _post_label_for(theatre.gazetteer, convention, lang)
            lines.append(
                DeploymentLine(
                    local(group.titles, lang.code),
                    len(active),
                    [label(p) for p in opened],
                    [label(p) for p in closed],
                )
            )
    return lines


def _post_label_for(gazetteer: Gazetteer, convention: Convention, lang: Language):  # type: ignore[no-untyped-def]
    def label(post: Post) -> str:
        near = gazetteer.get(post.near_place or "")
        where = lang.gettext(" (near {place})").format(place=place_name(near, convention)) if near else ""
        return (post.names.get(lang.code) or post.names.get("en", post.id)) + where

    return label


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _environment(escape: object, lang: Language) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=escape is None,  # HTML: Jinja's own escaping
        finalize=escape,  # text and Markdown: every value printed passes through it: data, never markup
        extensions=["jinja2.ext.i18n"],
    )
    environment.install_gettext_translations(lang.translations, newstyle=True)  # type: ignore[attr-defined]
    return environment


@cache
def _environment_for(fmt: str, code: str) -> Environment:
    escape = {"md": markdown, "text": clean}.get(fmt)
    return _environment(escape, language(code))


def render(
    bulletin: Bulletin, fmt: str = "md", map_svg: str = "", fonts: dict[str, str] | None = None
) -> str:
    """The bulletin as Markdown (``md``), plain text (``text``) or one self-contained HTML page (``html``,
    with the day's map when ``map_svg`` is given), in its language."""
    template = _environment_for(fmt, bulletin.lang).get_template(f"bulletin.{fmt}.j2")
    if fmt != "html":
        return template.render(b=bulletin)
    # the map is drawn by Truce (matplotlib escapes every text it writes into the SVG): markup, not data
    return template.render(b=bulletin, map_svg=Markup(_svg_element(map_svg)), fonts=fonts)


def pdf(bulletin: Bulletin, map_svg: str = "") -> bytes:
    """The bulletin as a PDF: the HTML page laid out by WeasyPrint with the fonts Truce ships (Latin,
    Azerbaijani, Cyrillic and Armenian); the same bulletin gives the same bytes."""
    from weasyprint import HTML  # only when a PDF is asked for: it is slow to import

    fonts = {"regular": (FONTS / "DejaVuSans.ttf").as_uri(), "bold": (FONTS / "DejaVuSans-Bold.ttf").as_uri()}
    page = render(bulletin, "html", map_svg, fonts)
    return HTML(string=page, base_url=str(FONTS)).write_pdf(pdf_identifier=bulletin.day.isoformat().encode())


def _svg_element(svg: str) -> str:
    """The <svg> element of an SVG document (no XML prologue or DOCTYPE inside an HTML page)."""
    return svg[svg.index("<svg") :] if "<svg" in svg else ""
