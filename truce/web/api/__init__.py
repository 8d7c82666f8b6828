"""The HTTP API under ``/api/``: the record's resources as JSON (GeoJSON and CSV where they fit),
paginated and filterable, with ETags; writes through the record functions the command line calls."""
