"""The reader's pages: the day's bulletin and the archive of published ones with their signatures and
verification; the incidents with filters beside the map; an incident's claims side by side and its
history; places; documents; trends."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from truce.web.api.reading import published, site_of
from truce.web.security import Reader
from truce.web.views import incident_query, incident_rows, paging, parse_date, text_field

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=500)]
Day = Annotated[str | None, Query(max_length=10)]
Names = Annotated[str | None, Query(max_length=20)]


def _last_day(request: Request) -> date:
    """The last day a bulletin can report on: today, or the end of the mandate."""
    from truce.record.bulletin import mandate_days

    return mandate_days(site_of(request).store.mission(), date.today())[1]


@router.get("/")
def home(request: Request, who: Reader) -> Response:
    site = site_of(request)

    def make() -> dict:
        store = site.store
        found = [b for b in store.bulletins() if b.status == "published"]
        return {"mission": store.mission(), "published": found[-10:][::-1], "last_day": _last_day(request)}

    return site.page(request, "home.html", **site.cached(request, ("home",), make))


@router.get("/bulletins")
def bulletins(request: Request, who: Reader, day: Day = None) -> Response:
    site = site_of(request)
    if day:  # the form of the archive asks for a day: go to its page
        return RedirectResponse(f"/bulletins/{parse_date(day, 'day')}", status_code=303)

    def make() -> dict:
        found = site.store.bulletins()
        return {
            "published": [b for b in found if b.status == "published"][::-1],
            "drafts": [b for b in found if b.status == "draft"],
            "last_day": _last_day(request),
        }

    return site.page(request, "bulletins.html", **site.cached(request, ("bulletins",), make))


@router.get("/bulletins/{day}")
def bulletin_day(
    request: Request,
    who: Reader,
    day: Annotated[str, Path(max_length=10)],
    names: Names = None,
) -> Response:
    from truce.web.site import lang_of

    when = parse_date(day, "day")
    lang = lang_of(request)
    site = site_of(request)

    def make() -> dict:
        from truce.record.bulletin import publication

        page = publication(site.store, when, "html", names, lang).decode("utf-8")  # type: ignore[arg-type]
        return {
            "day": when,
            "body": _body(page),
            "versions": site.store.bulletins(when),
            "conventions": site.store.profile().conventions,
        }

    context = site.cached(request, ("bulletin", when, names, lang), make)
    return site.page(request, "bulletin.html", names=names, **context)


def _body(page: str) -> str:
    """The body of the bulletin's own HTML page (written by Truce's autoescaping template), without the
    map's metadata, which names addresses no page of this site refers to."""
    import re

    from truce.web.site import markup

    inner = page[page.index("<body>") + len("<body>") : page.rindex("</body>")]
    return markup(re.sub(r"<metadata>.*?</metadata>", "", inner, flags=re.DOTALL))


@router.get("/published/{bulletin_id}")
def published_bulletin(
    request: Request, who: Reader, bulletin_id: Annotated[str, Path(max_length=40)]
) -> Response:
    site = site_of(request)

    def make() -> dict:
        import json

        from truce.record.verification import check_bulletin

        found = published(site, who, bulletin_id)
        check = check_bulletin(site.store, bulletin_id) if found.status == "published" else None
        manifest = json.loads(found.manifest)
        return {"bulletin": found, "check": check, "manifest": manifest}

    context = site.cached(request, ("published", bulletin_id, who.may("publish")), make)
    return site.page(request, "published.html", **context)


@router.get("/incidents")
def incidents(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    place: Text = None,
    accused: Annotated[str | None, Query(max_length=20)] = None,
    means: Annotated[str | None, Query(max_length=40)] = None,
    monitor_only: bool = False,
    names: Names = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    from truce.model import MEANS
    from truce.web.site import lang_of

    query = incident_query(date_from, date_to, place, accused, means, monitor_only)
    lang = lang_of(request)
    site = site_of(request)

    def make() -> dict:
        from truce.record.incidents import find

        store = site.store
        asked = paging(site.settings, who, page, None)  # checked before anything is read
        found = find(store, query, page=(asked.start, asked.per_page))
        chosen = asked.of(found.total)
        return {
            "rows": incident_rows(store, found.incidents, names, lang),
            "found": found,
            "paging": chosen,
            "parties": store.parties(),
            "conventions": store.profile().conventions,
        }

    context = site.cached(request, ("incidents", query, names, page, lang), make)
    return site.page(request, "incidents.html", q=query, names=names, means_list=MEANS, **context)


@router.get("/incidents/{incident_id}")
def incident(
    request: Request, who: Reader, incident_id: Annotated[str, Path(max_length=100)], names: Names = None
) -> Response:
    from truce.web.compare import comparison, finding_choices

    site = site_of(request)
    context = site.cached(
        request, ("incident", incident_id, names), lambda: comparison(site.store, incident_id, names)
    )
    choices = site.cached(request, ("finding-choices",), lambda: finding_choices(site.store))
    return site.page(request, "incident.html", names=names, **context, **choices)


@router.get("/places")
def places(
    request: Request,
    who: Reader,
    q: Annotated[str | None, Query(max_length=200)] = None,
    near: Annotated[str | None, Query(max_length=200)] = None,
    within: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    site = site_of(request)
    name = text_field(q, "q", 200)
    if name is None:
        return site.page(request, "places.html", q="", near=near or "", within=within or "", found=None)

    def make() -> dict:
        from truce.record.places import names_of, search

        found = search(site.store, name, text_field(near, "near"), text_field(within, "within"))
        gazetteer = site.store.gazetteer()
        units = [
            gazetteer.get(u or "") for u in (found.best.place.admin_current, found.best.place.admin_former)
        ]
        return {
            "found": found,
            "names": names_of(site.store, found.best.place),
            "units": [u for u in units if u is not None],
            "others": [(m, names_of(site.store, m.place)) for m in found.others],
        }

    context = site.cached(request, ("places", name, near, within), make)
    return site.page(request, "places.html", q=name, near=near or "", within=within or "", **context)


@router.get("/documents")
def documents(
    request: Request,
    who: Reader,
    source: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    site = site_of(request)

    def make() -> dict:
        from truce.record.documents import documents as listed

        found = listed(site.store, text_field(source, "source", 100))
        chosen = paging(site.settings, who, page, None, len(found))
        return {"documents": chosen.slice(found), "paging": chosen, "sources": site.store.sources()}

    context = site.cached(request, ("documents", source, page), make)
    return site.page(request, "documents.html", source=source or "", **context)


@router.get("/documents/{document_id}")
def document(request: Request, who: Reader, document_id: Annotated[str, Path(max_length=64)]) -> Response:
    site = site_of(request)

    def make() -> dict:
        from truce.record.documents import show

        found, claims = show(site.store, document_id)
        return {"document": found, "claims": claims, "sources": site.store.sources()}

    return site.page(request, "document.html", **site.cached(request, ("document", document_id), make))


@router.get("/activities")
def activities(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    kind: Annotated[list[str] | None, Query(max_length=20)] = None,
    monitor_only: bool = False,
    names: Names = None,
) -> Response:
    """The activities of a period as ``truce activities`` lists them, each with who reports it."""
    from truce.record.activities import ActivityQuery
    from truce.report.activities import KIND_LABELS
    from truce.web.site import lang_of

    kinds = tuple(k for k in kind or () if k)  # the form's "any" sends an empty kind
    query = ActivityQuery(parse_date(date_from, "from"), parse_date(date_to, "to"), kinds, monitor_only)
    lang = lang_of(request)
    site = site_of(request)

    def make() -> dict:
        from truce.record import activities as record

        found = record.find(site.store, query)
        return {
            "lines": record.lines(site.store, found, names or None, lang),
            "standings": {a.id: a.standing.value for a in found},
            "conventions": site.store.profile().conventions,
        }

    context = site.cached(request, ("activities", query, names, lang), make)
    return site.page(request, "activities.html", q=query, names=names, kinds=KIND_LABELS, **context)


@router.get("/trends")
def trends(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    by: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
    group: Annotated[str | None, Query(pattern="^(zone|party|means|)$")] = None,
) -> Response:
    from truce.record.trends import TrendsQuery

    query = TrendsQuery(parse_date(date_from, "from"), parse_date(date_to, "to"), by, group or None, True)
    site = site_of(request)

    def make() -> dict:
        from truce.record.trends import trends as analyse

        return {"trends": analyse(site.store, query)}

    context = site.cached(request, ("trends", query), make)
    return site.page(request, "trends.html", asked=query, **context)
