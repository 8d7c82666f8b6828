"""Reading the record through the API: incidents (JSON, GeoJSON, CSV), an incident with its claims and
history, places, bulletins (the day's, and the published ones with their signatures and verification),
documents, observations, activities, map layers and trends."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from truce.record.access import Principal
from truce.web.errors import RESPONSES
from truce.web.security import Bulk, Reader
from truce.web.site import Site
from truce.web.views import incident_query, paging, parse_date

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["reading"], responses=RESPONSES)

Day = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
Names = Annotated[str | None, Query(max_length=20, description="A naming convention of the pack.")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PerPage = Annotated[int | None, Query(ge=1, le=10_000, description="Items per page (guests: the default).")]
IncidentId = Annotated[str, Path(max_length=100)]


def site_of(request: Request) -> Site:
    return request.app.state.site  # type: ignore[no-any-return]


def key_of(request: Request, *extra: object) -> tuple:  # type: ignore[type-arg]
    return (request.url.path, tuple(sorted(request.query_params.multi_items())), *extra)


def as_json(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")


def answer(request: Request, body: bytes, media_type: str = "application/json") -> Response:
    return site_of(request).respond(request, body, media_type)


def _next(request: Request, page: int, pages: int) -> str | None:
    if page >= pages:
        return None
    return str(request.url.include_query_params(page=page + 1))


@router.get("/incidents", summary="Incidents, filtered; JSON (paginated), GeoJSON or CSV")
def incidents(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10, description="First day")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10, description="Last day")] = None,
    place: Annotated[str | None, Query(max_length=500, description="A place or unit, any name")] = None,
    accused: Annotated[str | None, Query(max_length=20, description="A party code, or unknown")] = None,
    means: Annotated[str | None, Query(max_length=40)] = None,
    monitor_only: bool = False,
    names: Names = None,
    format: Literal["json", "geojson", "csv"] = "json",
    page: Page = 1,
    per_page: PerPage = None,
) -> Response:
    if format != "json":
        who.require("bulk")  # a whole list in one file: not for guests
    query = incident_query(date_from, date_to, place, accused, means, monitor_only)
    site = site_of(request)

    def make() -> bytes:
        from truce.record.geography import incident_records
        from truce.record.incidents import find

        store = site.store
        if format != "json":
            found = find(store, query)
            return _bulk(
                store, format, found.incidents, incident_records(store, found.incidents, names), names
            )
        asked = paging(site.settings, who, page, per_page)  # checked before anything is read
        found = find(store, query, page=(asked.start, asked.per_page))
        chosen = asked.of(found.total)
        return as_json(
            {
                "incidents": incident_records(store, found.incidents, names),
                "violations": found.violations,
                "monitor_only": found.monitor_only,
                "places": [p.id for p in found.places],
                "page": chosen.page,
                "per_page": chosen.per_page,
                "total": chosen.total,
                "pages": chosen.pages,
                "next": _next(request, chosen.page, chosen.pages),
            }
        )

    body = site.cached(request, key_of(request, who.may("bulk")), make)
    media = {"json": "application/json", "geojson": "application/geo+json", "csv": "text/csv; charset=utf-8"}
    return answer(request, body, media[format])


def _bulk(store, fmt: str, chosen, records: list[dict], names: str | None) -> bytes:  # type: ignore[no-untyped-def]
    """The incidents as ``truce incidents --format geojson|csv`` writes them."""
    if fmt == "geojson":
        from truce.record.bulletin import convention
        from truce.record.geography import projection
        from truce.report.geojson import incidents_layer

        layer = incidents_layer(
            chosen,
            records,
            areas=store.areas(),
            gazetteer=store.gazetteer(),
            projection=projection(store),
            convention=convention(store, names),
        )
        return as_json(layer)
    from truce.report.export import CSV_FIELDS, flatten

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flatten(r) for r in records)
    return buffer.getvalue().encode("utf-8")


@router.get("/incidents/{incident_id}", summary="An incident with its claims side by side and its history")
def incident(request: Request, who: Reader, incident_id: IncidentId, names: Names = None) -> Response:
    site = site_of(request)

    def make() -> bytes:
        from truce.web.compare import comparison

        return as_json(comparison(site.store, incident_id, names))

    return answer(request, site.cached(request, key_of(request), make))


@router.get("/places", summary="A place by any of its names, with the near misses")
def places(
    request: Request,
    who: Reader,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Any name of the place")],
    near: Annotated[str | None, Query(max_length=200)] = None,
    within: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 8,
) -> Response:
    site = site_of(request)

    def make() -> bytes:
        from truce.record.places import search

        found = search(site.store, q, near, within, limit)
        return as_json(
            {
                "place": _place(site, found.best.place, found.best.score, found.best.name),
                "others": [_place(site, m.place, m.score, m.name) for m in found.others],
            }
        )

    return answer(request, site.cached(request, key_of(request), make))


def _place(site: Site, place, score: float, matched: str) -> dict:  # type: ignore[no-untyped-def]
    from truce.record.places import names_of

    return {
        "id": place.id,
        "kind": place.kind,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "approximate": place.approximate,
        "radius_m": place.radius_m,
        "names": names_of(site.store, place),
        "other_names": sorted({n.text for n in place.names if n.role in ("variant", "alternate")}),
        "matched": matched,
        "score": round(score, 1),
        "admin_current": place.admin_current,
        "admin_former": place.admin_former,
    }


def bulletin_json(bulletin, check=None) -> dict:  # type: ignore[no-untyped-def]
    found = {
        "id": bulletin.id,
        "day": bulletin.day.isoformat(),
        "version": bulletin.version,
        "status": bulletin.status,
        "corrects": bulletin.corrects,
        "reason": bulletin.reason,
        "drafted_at": bulletin.drafted_at,
        "published_at": bulletin.published_at,
        "signatures": [
            {"side": s.side, "key": s.key_name, "signature": s.signature, "signed_at": s.signed_at}
            for s in bulletin.signatures
        ],
        "manifest": json.loads(bulletin.manifest),
        "files": sorted(bulletin.files),
    }
    if check is not None:
        found["verification"] = {
            "holds": check.holds,
            "note": check.note,
            "checks": [{"what": w, "passed": p, "detail": d} for w, p, d in check.checks],
        }
    return found


@router.get("/bulletins", summary="The bulletins published (and, for publishers, those drafted)")
def bulletins(
    request: Request,
    who: Reader,
    day: Day = None,
    status: Literal["published", "draft", "all"] = "published",
) -> Response:
    if status != "published":
        who.require("publish")
    site = site_of(request)
    when = parse_date(day, "day")

    def make() -> bytes:
        found = site.store.bulletins(when)
        chosen = [b for b in found if status == "all" or b.status == status]
        return as_json({"bulletins": [bulletin_json(b) for b in chosen]})

    return answer(request, site.cached(request, key_of(request), make))


def published(site: Site, who: Principal, bulletin_id: str):  # type: ignore[no-untyped-def]
    """A bulletin a reader may see: published, or drafted when the reader is a publisher."""
    from truce.errors import NotFound

    found = site.store.bulletin(bulletin_id)
    if found.status != "published" and not who.may("publish"):
        raise NotFound(f"no published bulletin '{bulletin_id}'")
    return found


@router.get("/bulletins/{bulletin_id}", summary="A bulletin: manifest, signatures, files, verification")
def bulletin(request: Request, who: Reader, bulletin_id: Annotated[str, Path(max_length=40)]) -> Response:
    site = site_of(request)

    def make() -> bytes:
        from truce.record.verification import check_bulletin

        found = published(site, who, bulletin_id)
        check = check_bulletin(site.store, bulletin_id) if found.status == "published" else None
        return as_json(bulletin_json(found, check))

    return answer(request, site.cached(request, key_of(request, who.may("publish")), make))


@router.get("/bulletins/{bulletin_id}/files/{name}", summary="A file of a bulletin, as signed")
def bulletin_file(
    request: Request,
    who: Reader,
    bulletin_id: Annotated[str, Path(max_length=40)],
    name: Annotated[str, Path(max_length=100)],
) -> Response:
    found = published(site_of(request), who, bulletin_id)
    if name not in found.files:
        from truce.errors import NotFound

        raise NotFound(f"no file '{name}' in {bulletin_id}")
    media = "application/pdf" if name.endswith(".pdf") else "text/markdown; charset=utf-8"
    return Response(
        found.files[name], media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/bulletins/{bulletin_id}/bundle", summary="A published bulletin's bundle (zip), to verify")
def bundle(request: Request, who: Reader, bulletin_id: Annotated[str, Path(max_length=40)]) -> Response:
    site = site_of(request)
    published(site, who, bulletin_id)
    from truce.record.verification import bundle_zip

    data = site.cached(request, key_of(request), lambda: bundle_zip(site.store, bulletin_id))
    return Response(
        data,
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{bulletin_id}.zip"'},
    )


@router.get("/days/{day}/bulletin", summary="The bulletin of a day, from the record as it stands")
def day_bulletin(
    request: Request,
    who: Reader,
    day: Annotated[str, Path(max_length=10, description="YYYY-MM-DD")],
    lang: Literal["en", "ru"] = "en",
    names: Names = None,
    format: Literal["md", "text", "html", "pdf"] = "md",
) -> Response:
    when = parse_date(day, "day")
    site = site_of(request)

    def make() -> bytes:
        from truce.record.bulletin import publication

        return publication(site.store, when, format, names, lang)  # type: ignore[arg-type]

    body = site.cached(request, key_of(request), make)
    media = {
        "md": "text/markdown; charset=utf-8",
        "text": "text/plain; charset=utf-8",
        "html": "text/html; charset=utf-8",
        "pdf": "application/pdf",
    }[format]
    suffix = {"text": "txt"}.get(format, format)
    headers = {"Content-Disposition": f'attachment; filename="bulletin-{when}-{lang}.{suffix}"'}
    return site.respond(request, body, media, headers=headers)


def document_json(document, claims: list[str] | None = None, sources=None) -> dict:  # type: ignore[no-untyped-def]
    found = {
        "id": document.id,
        "published": document.published,
        "source": document.source,
        "source_name": sources[document.source].name if sources and document.source in sources else None,
        "lang": document.lang,
        "title": document.title,
        "url": document.url,
        "ingested_at": document.ingested_at,
        "claims": document.claims,
        "retraction": (
            {"by": document.retraction.by, "at": document.retraction.at, "reason": document.retraction.reason}
            if document.retraction
            else None
        ),
    }
    if claims is not None:
        found["text"] = document.text
        found["claim_ids"] = claims
        found["publications"] = [{"source": s, "url": u, "published": p} for s, u, p in document.publications]
    return found


@router.get("/documents", summary="The documents ingested, newest first")
def documents(
    request: Request,
    who: Reader,
    source: Annotated[str | None, Query(max_length=100)] = None,
    retracted: bool | None = None,
    page: Page = 1,
    per_page: PerPage = None,
) -> Response:
    site = site_of(request)

    def make() -> bytes:
        from truce.record.documents import documents as listed

        found = listed(site.store, source, retracted)
        chosen = paging(site.settings, who, page, per_page, len(found))
        sources = site.store.sources()
        return as_json(
            {
                "documents": [document_json(d, sources=sources) for d in chosen.slice(found)],
                "page": chosen.page,
                "per_page": chosen.per_page,
                "total": chosen.total,
                "pages": chosen.pages,
                "next": _next(request, chosen.page, chosen.pages),
            }
        )

    return answer(request, site.cached(request, key_of(request, who.may("bulk")), make))


@router.get("/documents/{document_id}", summary="A document: its text, claims and publications")
def document(request: Request, who: Reader, document_id: Annotated[str, Path(max_length=64)]) -> Response:
    site = site_of(request)

    def make() -> bytes:
        from truce.record.documents import show

        found, claims = show(site.store, document_id)
        return as_json(document_json(found, claims, site.store.sources()))

    return answer(request, site.cached(request, key_of(request), make))


@router.get("/observations", summary="The observers' records, newest first")
def observations(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    post: Annotated[str | None, Query(max_length=64)] = None,
    page: Page = 1,
    per_page: PerPage = None,
) -> Response:
    first, last = parse_date(date_from, "from"), parse_date(date_to, "to")
    site = site_of(request)

    def make() -> bytes:
        from truce.record.observed import observations as recorded

        found = recorded(site.store, first, last, post)
        chosen = paging(site.settings, who, page, per_page, len(found))
        return as_json(
            {
                "observations": [_observation(o) for o in chosen.slice(found)],
                "page": chosen.page,
                "per_page": chosen.per_page,
                "total": chosen.total,
                "pages": chosen.pages,
                "next": _next(request, chosen.page, chosen.pages),
            }
        )

    return answer(request, site.cached(request, key_of(request, who.may("bulk")), make))


def _observation(found) -> dict:  # type: ignore[no-untyped-def]
    claim, seen = found.claim, found.observation
    return {
        "claim": claim.id,
        "incident": found.incident_id,
        "post": seen.post_id,
        "platform": seen.platform,
        "observer": seen.observer,
        "recorded_at": seen.recorded_at,
        "date": claim.date_from,
        "time_from": claim.time_from,
        "time_to": claim.time_to,
        "location_text": claim.location_text,
        "lat": claim.lat,
        "lon": claim.lon,
        "radius_m": claim.radius_m,
        "means": claim.means,
        "fire_from": seen.fire_from,
        "fired_by": seen.fired_by,
        "casualties": [str(c) for c in claim.casualties],
        "no_casualties": claim.no_casualties,
        "consequences": claim.consequences,
    }


@router.get("/layers/{layer}", summary="A map layer as GeoJSON: places, posts or areas (as of a day)")
def layer(
    request: Request,
    who: Reader,
    layer: Literal["places", "posts", "areas", "countries"],
    as_of: Day = None,
    names: Names = None,
) -> Response:
    day = parse_date(as_of, "as_of")
    site = site_of(request)

    def make() -> bytes:
        from truce.record.bulletin import convention
        from truce.report.geojson import areas_layer, places_layer, posts_layer

        store = site.store
        if layer == "places":
            chosen = [p for p in store.gazetteer().places.values() if not p.is_admin_unit]
            return as_json(places_layer(chosen, convention(store, names)))
        if layer == "posts":
            return as_json(posts_layer(store.posts(day), store.gazetteer(), convention(store, names)))
        areas = store.areas(day)
        wanted = [a for a in areas if (a.kind == "country") == (layer == "countries")]
        return as_json(areas_layer(wanted))

    return answer(request, site.cached(request, key_of(request), make), "application/geo+json")


@router.get("/trends", summary="Violations by period (and zone, party or means), change points, warnings")
def trends(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    by: Literal["day", "week", "month"] = "month",
    group: Literal["zone", "party", "means"] | None = None,
    all_claims: Annotated[bool, Query(alias="all", description="The parties' claims too")] = False,
) -> Response:
    query = _trends_query(date_from, date_to, by, group, all_claims)
    site = site_of(request)

    def make() -> bytes:
        from truce.record.trends import trends as analyse
        from truce.report.trends.output import json_text

        return json_text(analyse(site.store, query)).encode("utf-8")

    return answer(request, site.cached(request, key_of(request), make))


def _trends_query(date_from: str | None, date_to: str | None, by: str, group: str | None, all_claims: bool):  # type: ignore[no-untyped-def]
    from truce.record.trends import TrendsQuery

    return TrendsQuery(parse_date(date_from, "from"), parse_date(date_to, "to"), by, group, not all_claims)


@router.get("/activities", summary="The mission's other work and restrictions of movement, attributed")
def activities(
    request: Request,
    who: Reader,
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    kind: Annotated[list[str] | None, Query(max_length=20, description="escort, return...")] = None,
    monitor_only: Annotated[bool, Query(description="Only what the monitor reported")] = False,
    lang: Literal["en", "ru"] = "en",
    names: Names = None,
    fmt: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
) -> Response:
    from truce.record import activities as record

    query = record.ActivityQuery(
        parse_date(date_from, "from"), parse_date(date_to, "to"), tuple(kind or ()), monitor_only
    )
    site = site_of(request)

    def make() -> bytes:
        found = record.find(site.store, query)
        return record.text(site.store, found, fmt, names, lang).encode("utf-8")

    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return answer(request, site.cached(request, key_of(request), make), media)


@router.get("/exports/{fmt}", summary="An export for researchers: ACLED, UCDP, CSV, GeoPackage")
def export(
    request: Request,
    who: Bulk,
    fmt: Literal["acled", "ucdp", "csv", "geopackage"],
    date_from: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    monitor_only: bool = False,
    names: Names = None,
) -> Response:
    first, last = parse_date(date_from, "from"), parse_date(date_to, "to")
    site = site_of(request)

    def make() -> bytes:
        import tempfile
        from pathlib import Path as FilePath

        from truce.record.exports import export as write

        suffix = "gpkg" if fmt == "geopackage" else "csv"
        with tempfile.TemporaryDirectory(prefix="truce-export-") as folder:
            out = FilePath(folder) / f"truce-{fmt}.{suffix}"
            write(site.store, fmt, out, date_from=first, date_to=last, monitor_only=monitor_only, names=names)
            return out.read_bytes()

    data = site.cached(request, key_of(request), make)
    suffix = "gpkg" if fmt == "geopackage" else "csv"
    media = "application/geopackage+sqlite3" if fmt == "geopackage" else "text/csv; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="truce-{fmt}.{suffix}"'}
    return site.respond(request, data, media, headers=headers)


@router.get("/me", summary="Who the request is made as, and what they may do")
def me(request: Request, who: Reader) -> Response:
    return Response(
        as_json(
            {
                "name": who.name or None,
                "role": who.role,
                "permissions": sorted(who.permissions),
                "side": who.side,
                "posts": list(who.posts),
                "via": who.via,
                "expires_at": who.expires_at,
            }
        ),
        media_type="application/json",
    )
