"""Exports conflict researchers load: ACLED-style and UCDP GED-style CSV rows, a GeoPackage with one
layer per geometry type, GeoJSON layers a Shapefile conversion keeps whole, each with its provenance.

    common    the context incidents are read in, the provenance, where an incident is, who says it
    codes     country codes the datasets use (ISO 3166-1 numeric, Gleditsch-Ward, their regions)
    acled     ACLED's columns and codes, and the table of how Truce's means map to ACLED's event types
    ucdp      UCDP GED's columns, precision codes and deaths (best, low, high), and what is left empty
    layers    the record as layers of one geometry type each, with Shapefile-safe field names
    writers   rows and layers as bytes: CSV, GeoJSON files, a GeoPackage (pyogrio and GDAL)

These take model objects and return rows or bytes; :mod:`truce.record.exports` reads the store and
writes the files.
"""

from truce.report.exports.acled import ACLED_FIELDS, EVENT_TYPES, acled_rows
from truce.report.exports.common import APPROXIMATE, ExportContext, Provenance
from truce.report.exports.layers import FIELD_MAP, Layer, geo_layers
from truce.report.exports.ucdp import UCDP_FIELDS, UCDP_LEFT_EMPTY, priogrid_gid, ucdp_rows
from truce.report.exports.writers import csv_bytes, geojson_files, geopackage_bytes

__all__ = [
    "ACLED_FIELDS",
    "APPROXIMATE",
    "EVENT_TYPES",
    "FIELD_MAP",
    "UCDP_FIELDS",
    "UCDP_LEFT_EMPTY",
    "ExportContext",
    "Layer",
    "Provenance",
    "acled_rows",
    "csv_bytes",
    "geo_layers",
    "geojson_files",
    "geopackage_bytes",
    "priogrid_gid",
    "ucdp_rows",
]
