"""``export``: incidents as files conflict researchers load (ACLED, UCDP GED, GeoPackage, GeoJSON, CSV)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import (
    DbOption,
    ForceOption,
    MonitorOption,
    NamesOption,
    app,
    command,
    open_store,
    out,
    parse_date,
)

__all__ = ["export"]


@app.command("export")
@command
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="acled, ucdp, geopackage, geojson or csv.", show_default=False)
    ],
    out_path: Annotated[
        Path,
        typer.Option("--out", help="The file to write (a .gpkg for geopackage; a folder for geojson)."),
    ],
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    monitor_only: MonitorOption = False,
    names: NamesOption = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Export incidents for conflict researchers: ACLED- or UCDP-style CSV, a GeoPackage, GeoJSON layers or
    CSV, each with its provenance."""
    from truce.record.exports import export as export_to

    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    report = export_to(
        open_store(db),
        fmt,
        out_path,
        date_from=start,
        date_to=end,
        monitor_only=monitor_only,
        names=names,
        force=force,
    )
    which = "the monitor's record" if report.monitor_only else "all incidents"
    layers = ", ".join(f"{n} {name}" for name, n in report.layers.items())
    out.print(f"Wrote {report.incidents} incidents ({which}) as {report.format} to {report.out}.")
    if layers:
        out.print(f"Layers: {layers}.")
    out.print("Files: " + ", ".join(str(p) for p in report.files), soft_wrap=True)
