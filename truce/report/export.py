"""Incidents as flat records for CSV and JSON output: every field, places named in a convention."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Protocol

from truce.gazetteer import Gazetteer, place_name
from truce.model import Convention, Incident, Party, Source
from truce.report import describe
from truce.report.escape import spreadsheet

__all__ = ["CSV_FIELDS", "flatten", "incident_record"]

CSV_FIELDS = (
    "id",
    "date_from",
    "date_to",
    "date_precision",
    "time",
    "violations",
    "place_id",
    "place",
    "location",
    "location_precision",
    "radius_m",
    "lat",
    "lon",
    "accused",
    "target",
    "means",
    "casualties",
    "no_casualties",
    "consequences",
    "standing",
    "verdict",
    "claimants",
    "sources",
)


def incident_record(
    incident: Incident,
    *,
    gazetteer: Gazetteer,
    convention: Convention,
    timezone: str,
    parties: dict[str, Party],
    sources: dict[str, Source],
    documents: Mapping[str, DocumentLike] | None = None,
) -> dict:
    """One incident as a JSON-ready dict; ``claims`` lists what each source said, with the document it
    was read from (its publication date and address), for other tools."""
    documents = documents or {}
    place = gazetteer.get(incident.place_id or incident.area_ref or "")
    area = incident.location_precision.is_area
    return {
        "id": incident.id,
        "date_from": incident.date_from.isoformat(),
        "date_to": incident.date_to.isoformat(),
        "date_precision": incident.date_precision.value,
        "time": describe.time_window(incident, timezone),
        "violations": incident.violations,
        "place_id": place.id if place else None,
        "place": place_name(place, convention) if place else None,
        "location": describe.location_text(incident, gazetteer, convention),
        "location_precision": incident.location_precision.value,
        "radius_m": incident.radius_m,
        # an incident known only to an area has no point: it must never be drawn as a pin
        "lat": None if area else incident.lat,
        "lon": None if area else incident.lon,
        "accused": incident.accused,
        "target": incident.target,
        "means": list(incident.means),
        "casualties": [
            {"side": c.side, "category": c.category, "status": c.status, "count": c.count}
            for c in incident.casualties
        ],
        "no_casualties": incident.no_casualties,
        "consequences": incident.consequences,
        "breaches": list(incident.breaches),
        # observed or reported by the monitor, or claimed; and whose claims alone it rests on, if nobody
        # of the monitor's
        "standing": incident.standing.value,
        "by_monitor": incident.by_monitor,
        # the verdict of the monitor's finding in force (violation, not_established, unfounded), or null
        "verdict": incident.verdict.value if incident.verdict else None,
        "claimants": [sources[s].name if s in sources else s for s in incident.claimants],
        # where its point stands on its day (truce.geo.locate); null until located
        "siting": dataclasses.asdict(incident.siting) if incident.siting else None,
        "claims": [
            {
                "id": c.id,
                "source": c.source_id,
                "source_name": sources[c.source_id].name if c.source_id in sources else None,
                "url": _url(c.id, c.source_id, documents, sources),
                "published": _published(c.id, documents),
                "document": c.document_id,
                "location_text": c.location_text,
                "accused": c.accused,
                "standing": c.standing.value,
                "stance": c.stance,
                "flags": list(c.flags),
                "confidence": c.confidence,
            }
            for c in incident.claims
        ],
    }


class DocumentLike(Protocol):
    url: str
    published: date | None


def _url(
    claim_id: str, source_id: str, documents: Mapping[str, DocumentLike], sources: dict[str, Source]
) -> str | None:
    document = documents.get(claim_id)
    if document is not None and document.url:
        return document.url
    return (sources[source_id].url or None) if source_id in sources else None


def _published(claim_id: str, documents: Mapping[str, DocumentLike]) -> str | None:
    document = documents.get(claim_id)
    return document.published.isoformat() if document is not None and document.published else None


def flatten(record: dict) -> dict:
    """A record as one CSV row: lists joined, casualties as 'SIDE category status count'."""
    row = {k: spreadsheet(record.get(k)) for k in CSV_FIELDS if k not in ("casualties", "sources")}
    row["means"] = "|".join(record["means"])
    row["casualties"] = "; ".join(
        f"{c['side']} {c['category']} {c['status']} {c['count']}" for c in record["casualties"]
    )
    row["sources"] = "|".join(sorted({c["source"] for c in record["claims"]}))
    row["claimants"] = spreadsheet("|".join(record["claimants"]))
    return row
