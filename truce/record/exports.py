"""Exports: the incidents of a period (all of them, or the monitor's record alone) as ACLED-style or UCDP
GED-style CSV, Truce's flat incident CSV, a GeoPackage or GeoJSON layers. This reads the store, hands
the model objects to :mod:`truce.report.exports`, and writes what comes back safely: atomically, never
through a link, never over an existing file without ``force``, and every file checked before the
first is written.

A CSV export is two files: the CSV itself, which any CSV reader loads as it is, and its provenance
beside it (``NAME.provenance.txt``). A GeoPackage holds its provenance in a ``provenance`` table; a
GeoJSON folder in each layer and in ``provenance.txt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from truce.errors import FieldError
from truce.files import write_output
from truce.model import Incident
from truce.record.bulletin import convention
from truce.record.geography import incident_records, projection
from truce.record.incidents import IncidentQuery
from truce.record.incidents import find as find_incidents
from truce.report.export import CSV_FIELDS, flatten
from truce.report.exports import (
    ACLED_FIELDS,
    UCDP_FIELDS,
    UCDP_LEFT_EMPTY,
    ExportContext,
    Provenance,
    acled_rows,
    csv_bytes,
    geo_layers,
    geojson_files,
    geopackage_bytes,
    ucdp_rows,
)
from truce.store import Store

__all__ = ["FORMATS", "ExportReport", "export"]

#: The formats, and what each writes.
FORMATS = {
    "acled": "ACLED-style CSV (ACLED's columns and codes)",
    "ucdp": "UCDP GED-style CSV (GED's columns; deaths best, low and high)",
    "geopackage": "a GeoPackage: one layer per geometry type, and a provenance table",
    "geojson": "a folder of GeoJSON layers with Shapefile-safe field names and their field map",
    "csv": "Truce's flat incident CSV",
}

NOTES = {
    "acled": (
        ("format", "ACLED-style CSV: ACLED's column names and codes, one row per incident"),
        (
            "mappings",
            "Truce's means to ACLED's event types, party kinds to inter codes, and the precision codes "
            "are chosen and documented in truce/report/exports/acled.py (from the ACLED codebook)",
        ),
        (
            "left_empty",
            "assoc_actor_1, assoc_actor_2, admin2, admin3 (the pack holds first-order units only), "
            "civilian_targeting (the record says who was hit, not whom the fire was aimed at)",
        ),
        ("event_id_cnty", "Truce's incident id: ACLED's own ids do not exist for these events"),
    ),
    "ucdp": (
        ("format", "UCDP GED-style CSV: the GED's 49 columns, one row per incident"),
        (
            "deaths",
            "best: the killed the lead claim counts; low and high: the lowest and highest the claims give",
        ),
        ("left_empty", ", ".join(UCDP_LEFT_EMPTY) + ": only UCDP assigns them; adm_2: not in the pack"),
        ("id", "id and relid hold Truce's incident id"),
        (
            "coverage",
            "UCDP's GED holds only lethal events of dyads above 25 deaths a year; this export holds every "
            "incident selected",
        ),
    ),
    "csv": (("format", "Truce's flat incident CSV (the columns of `truce incidents --format csv`)"),),
    "geopackage": (
        ("format", "GeoPackage 1.3, WGS 84: one table per geometry type"),
        (
            "incidents",
            "incidents_points (a position or a place), incidents_areas (a district or the zone: never a "
            "position), incidents_not_drawn (known only to the region: no geometry)",
        ),
    ),
    "geojson": (
        ("format", "GeoJSON (RFC 7946) layers, one geometry type each"),
        (
            "field_names",
            "10 characters at most, so that a Shapefile conversion keeps them whole: fields.csv maps each "
            "to its full name",
        ),
        (
            "incidents",
            "incidents_points (a position or a place), incidents_areas (a district or the zone: never a "
            "position), incidents_not_drawn (known only to the region: null geometry)",
        ),
    ),
}


@dataclass(frozen=True)
class ExportReport:
    format: str
    out: Path
    files: tuple[Path, ...]  # every file written
    incidents: int
    monitor_only: bool
    layers: Mapping[str, int]  # for the GIS formats: layer -> features


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    monitor_only: bool = False,
    names: str | None = None,
    force: bool = False,
    now: datetime | None = None,
) -> ExportReport:
    """Export the incidents of a period in ``fmt`` to ``out`` (a file, or a folder for ``geojson``)."""
    if fmt not in FORMATS:
        raise FieldError("--format", f"'{fmt}' is not one of {', '.join(FORMATS)}")
    if fmt == "geopackage" and out.suffix.lower() != ".gpkg":
        raise FieldError("--out", f"'{out.name}' must end in .gpkg for a GeoPackage")
    found = find_incidents(store, IncidentQuery(date_from, date_to, monitor_only=monitor_only))
    incidents = found.incidents
    context = _context(store, names, incidents)
    exported_at = (now or datetime.now(UTC)).replace(microsecond=0)
    mission = store.mission()
    profile = context.profile
    provenance = Provenance(
        packs=tuple(store.loaded_packs()),
        mission=mission.name,
        publisher=_english(profile.publisher),
        publisher_basis=_english(profile.publisher_basis),
        convention=context.convention.code,
        convention_label=context.convention.label,
        exported_at=exported_at,
        date_from=date_from,
        date_to=date_to,
        monitor_only=monitor_only,
        incidents=len(incidents),
        by_standing={s.value: n for s, n in found.by_standing.items()},
        notes=NOTES[fmt],
    )
    layers: dict[str, int] = {}
    if fmt in ("geopackage", "geojson"):
        built = geo_layers(
            incidents,
            incident_records(store, incidents, names),
            context,
            posts=store.posts(),
            places=context.gazetteer.places.values(),
        )
        layers = {layer.name: len(layer.features) for layer in built}
        provenance = _with_layers(provenance, layers)
        if fmt == "geopackage":
            files = {out: geopackage_bytes(built, provenance)}
        else:
            files = {out / name: data for name, data in geojson_files(built, provenance).items()}
    else:
        if fmt == "acled":
            data = csv_bytes(ACLED_FIELDS, acled_rows(incidents, context, int(exported_at.timestamp())))
        elif fmt == "ucdp":
            data = csv_bytes(UCDP_FIELDS, ucdp_rows(incidents, context))
        else:
            data = csv_bytes(CSV_FIELDS, (flatten(r) for r in incident_records(store, incidents, names)))
        files = {out: data, out.with_name(out.name + ".provenance.txt"): provenance.text().encode("utf-8")}
    _check_free(files, force)
    if fmt == "geojson":
        _make_folder(out)
    for path, content in files.items():
        write_output(path, content, force=force)
    return ExportReport(fmt, out, tuple(files), len(incidents), monitor_only, layers)


def _english(text: str | Mapping[str, str]) -> str:
    """A text of the profile in English (a profile may hold it per language)."""
    if isinstance(text, str):
        return text
    return text.get("en") or next(iter(text.values()), "")


def _context(store: Store, names: str | None, incidents: list[Incident]) -> ExportContext:
    return ExportContext(
        gazetteer=store.gazetteer(),
        convention=convention(store, names),
        profile=store.profile(),
        parties=store.parties(),
        sources=store.sources(),
        timezone=store.mission().timezone,
        documents=store.documents_of([c.id for i in incidents for c in i.claims]),
        areas=tuple(store.areas()),
        projection=projection(store),
    )


def _with_layers(provenance: Provenance, layers: Mapping[str, int]) -> Provenance:
    from dataclasses import replace

    counts = ", ".join(f"{name} {n}" for name, n in layers.items())
    return replace(provenance, notes=(*provenance.notes, ("layers", counts)))


def _check_free(files: Mapping[Path, bytes], force: bool) -> None:
    """Refuse before writing anything when one of the files cannot be written over."""
    for path in files:
        if path.is_symlink():
            raise FieldError("--out", f"{path} is a symbolic link: Truce does not write through links")
        if path.is_dir():
            raise FieldError("--out", f"{path} is a folder, not a file")
        if path.exists() and not force:
            raise FieldError("--out", f"{path} exists: use --force to replace it")


def _make_folder(folder: Path) -> None:
    if folder.is_symlink():
        raise FieldError("--out", f"{folder} is a symbolic link: Truce does not write through links")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FieldError("--out", f"cannot make folder {folder} ({exc.strerror})") from None
