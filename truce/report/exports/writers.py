"""Rows and layers as the bytes of a file: CSV (every text cell a spreadsheet shows and never runs),
GeoJSON layers (RFC 7946, Shapefile-safe property names, a field map beside them) and a GeoPackage
(written by GDAL through pyogrio), each carrying its provenance."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import shapely

from truce.geo.geojson import feature, feature_collection
from truce.report.escape import spreadsheet
from truce.report.exports.common import Provenance
from truce.report.exports.layers import FIELD_MAP, Layer

__all__ = ["csv_bytes", "field_map_csv", "geojson_files", "geopackage_bytes"]


def csv_bytes(fields: Sequence[str], rows: Iterable[dict]) -> bytes:
    """Rows as UTF-8 CSV with a header; missing values empty, text that would start a formula quoted.

    >>> print(csv_bytes(["a", "b"], [{"a": "=1+1", "b": None}, {"a": -2, "b": "x, y"}]).decode(), end="")
    a,b
    '=1+1,
    -2,"x, y"
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fields), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else spreadsheet(row[k]) for k in fields})
    return buffer.getvalue().encode("utf-8")


def field_map_csv() -> bytes:
    """The field map of the GeoJSON layers: layer, full name, Shapefile-safe name, type, meaning."""
    return csv_bytes(
        ("layer", "field", "geojson_name", "type", "meaning"),
        (
            dict(zip(("layer", "field", "geojson_name", "type", "meaning"), row, strict=True))
            for row in FIELD_MAP
        ),
    )


def geojson_files(layers: list[Layer], provenance: Provenance) -> dict[str, bytes]:
    """One GeoJSON file per layer (property names of 10 characters at most, the provenance and the
    field names as members beside the features), the field map (``fields.csv``) and the provenance
    (``provenance.txt``)."""
    files = {}
    about = dict(provenance.items())
    for layer in layers:
        features = [
            feature(geometry, {f.short: properties.get(f.name) for f in layer.fields})
            for geometry, properties in layer.features
        ]
        collection = feature_collection(
            features,
            name=layer.name,
            description=layer.description,
            provenance=about,
            fields={f.short: f.name for f in layer.fields},
        )
        files[f"{layer.name}.geojson"] = (json.dumps(collection, ensure_ascii=False) + "\n").encode("utf-8")
    files["fields.csv"] = field_map_csv()
    files["provenance.txt"] = provenance.text().encode("utf-8")
    return files


def geopackage_bytes(layers: list[Layer], provenance: Provenance) -> bytes:
    """A GeoPackage (1.3, which GDAL 3.1 and later read without warning) with one table per layer,
    WGS 84, and a ``provenance`` table (key, value)."""
    from pyogrio.raw import write  # GDAL: only when writing a GeoPackage

    with tempfile.TemporaryDirectory(prefix="truce-gpkg-") as folder:
        path = Path(folder) / "export.gpkg"
        first = True
        for layer in layers:
            data, masks = [], []
            for f in layer.fields:
                values, mask = _column([properties.get(f.name) for _, properties in layer.features], f.kind)
                data.append(values)
                masks.append(mask)
            geometry = None
            if layer.geometry_type is not None:
                geometry = shapely.to_wkb(np.array([g for g, _ in layer.features], dtype=object))
            write(
                str(path),
                geometry,
                data,
                [f.name for f in layer.fields],
                field_mask=masks,
                layer=layer.name,
                driver="GPKG",
                geometry_type=layer.geometry_type,
                crs="EPSG:4326" if layer.geometry_type else None,
                promote_to_multi=layer.geometry_type is not None and layer.geometry_type.startswith("Multi"),
                append=not first,
                dataset_options={"VERSION": "1.3"} if first else None,
                layer_options={"DESCRIPTION": layer.description},
            )
            first = False
        items = provenance.items()
        write(
            str(path),
            None,
            [np.array([k for k, _ in items], dtype=object), np.array([v for _, v in items], dtype=object)],
            ["key", "value"],
            layer="provenance",
            driver="GPKG",
            append=not first,
            layer_options={"DESCRIPTION": "Where this GeoPackage comes from and what it holds."},
        )
        return path.read_bytes()


def _column(values: list, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """A field's values as a typed array and its mask of missing values."""
    mask = np.array([v is None for v in values], dtype=bool)
    if kind == "int":
        return np.array([0 if v is None else int(v) for v in values], dtype=np.int64), mask
    if kind == "float":
        return np.array([0.0 if v is None else float(v) for v in values], dtype=np.float64), mask
    if kind == "bool":
        return np.array([bool(v) for v in values], dtype=bool), mask
    return np.array(["" if v is None else str(v) for v in values], dtype=object), mask
