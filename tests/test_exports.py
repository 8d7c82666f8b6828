"""``truce export``: every format written in-process on a real SQLite file, opened by GDAL's ``ogrinfo`` (the
tool GIS readers use), and checked for what it holds: one row per incident, the codes of the Farukh/Parukh
incident of 24-25 March 2022, the fatalities of 3 August 2022, the provenance, hostile text kept as data.

GDAL's command-line tools come from Debian's ``gdal-bin``, which ``.ci/run`` installs; a machine without
them skips the tests that open files with them, and in CI their absence fails.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from truce.geo.geojson import problems
from truce.model import Casualty, Claim, DatePrecision, Incident, LocationPrecision, Standing
from truce.packs import Pack
from truce.report.exports import ACLED_FIELDS, FIELD_MAP, UCDP_FIELDS, UCDP_LEFT_EMPTY, ExportContext
from truce.report.exports.ucdp import ucdp_row

INCIDENTS = 33  # the pack's incidents (its table of the violations the Russian side reported)
FARUKH = "I-rumod-20220324"  # 24-25 March 2022, near Farukh / Parukh: a range of two days, near a village
SARIBABA = "I-rumod-20220803"  # 3 August 2022: two servicemen of the Nagorno-Karabakh side killed
ASKERAN = "I-rumod-20220311"  # known only to the former Askeran province (a district)
ZONE = "I-rumod-20220306"  # known only to the zone of responsibility
REGION = "I-rumod-20220801"  # known only to the region
INCIDENT_LAYERS = ("incidents_points", "incidents_areas", "incidents_not_drawn")
# a party's claim the monitor never reported, from a source whose name would start a spreadsheet formula
HOSTILE_SOURCE = '=HYPERLINK("http://example.test/x","written for the test")'
CLAIM = (
    "Written for the test. Yesterday the armed forces of Azerbaijan fired mortars at positions near "
    "Khramort. Two servicemen were killed."
)


def gdal(tool: str, *args: str) -> str:
    """Run one of GDAL's tools; what it prints on standard output (a warning on stderr fails the test)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install GDAL's {tool}: apt-get install gdal-bin")
        pytest.skip(f"GDAL's {tool} is not installed (apt-get install gdal-bin)")
    done = subprocess.run([path, *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr and "Warning" not in done.stderr, done.stderr
    return done.stdout


def layer_counts(ogrinfo_output: str) -> dict[str, int]:
    """Layer name -> feature count, from ``ogrinfo -so -al``."""
    names = re.findall(r"^Layer name: (\S+)", ogrinfo_output, re.M)
    counts = [int(n) for n in re.findall(r"^Feature Count: (\d+)", ogrinfo_output, re.M)]
    return dict(zip(names, counts, strict=True))


def export(cli, fmt: str, out: Path, *args: str):  # type: ignore[no-untyped-def]
    result = cli("export", "--format", fmt, "--out", str(out), *args)
    assert result.exit_code == 0, result.output
    return result


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def claimed(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The record with one more incident: a claim of 2 May 2021 by a source with a hostile name."""
    path = tmp_path / "claim.jsonl"
    record = {
        "text": CLAIM,
        "published": "2021-05-03",
        "source": HOSTILE_SOURCE,
        "url": "https://example.test/a",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert cli("ingest", str(path)).exit_code == 0
    return cli


@pytest.mark.parametrize(("fmt", "name"), [("acled", "acled.csv"), ("ucdp", "ucdp.csv"), ("csv", "flat.csv")])
def test_csv_exports_open_in_gdal_with_one_row_per_incident(cli, tmp_path: Path, fmt: str, name: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / name
    result = export(cli, fmt, out)
    assert f"Wrote {INCIDENTS} incidents (all incidents) as {fmt} to {out}." in result.stdout
    assert len(rows(out)) == INCIDENTS
    assert layer_counts(gdal("ogrinfo", "-so", "-al", str(out))) == {out.stem: INCIDENTS}
    provenance = (tmp_path / f"{name}.provenance.txt").read_text(encoding="utf-8")
    for line in ("pack: nagorno_karabakh", "names: az+hy", "period: the whole record", "exported_at: 20"):
        assert line in provenance, line
    assert (
        f"holds: {INCIDENTS} incidents, all of the record: {INCIDENTS} reported by the monitor" in provenance
    )
    assert "positions: Positions drawn from descriptions are approximate" in provenance


def test_acled_columns_and_codes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "acled.csv"
    export(cli, "acled", out)
    found = rows(out)
    assert tuple(found[0]) == ACLED_FIELDS
    by_id = {r["event_id_cnty"]: r for r in found}
    farukh = by_id[FARUKH]
    assert (farukh["event_date"], farukh["year"], farukh["time_precision"]) == ("2022-03-24", "2022", "2")
    assert farukh["geo_precision"] == "2"  # near a named village
    assert (farukh["event_type"], farukh["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert farukh["disorder_type"] == "Political violence"
    assert (farukh["actor1"], farukh["inter1"]) == ("Armed forces of Azerbaijan", "1")
    assert (farukh["actor2"], farukh["inter2"], farukh["interaction"]) == (
        "Nagorno-Karabakh forces",
        "2",
        "12",
    )
    assert (farukh["iso"], farukh["country"], farukh["region"]) == (
        "31",
        "Azerbaijan",
        "Caucasus and Central Asia",
    )
    assert (farukh["location"], farukh["admin1"]) == ("Farukh / Parukh", "Khojaly")
    assert float(farukh["latitude"]) == pytest.approx(40.0186, abs=1e-3)
    assert "Reported by the monitor (Ministry of Defence of the Russian Federation" in farukh["notes"]
    assert "date_range=2022-03-24/2022-03-25" in farukh["tags"]
    assert by_id[SARIBABA]["fatalities"] == "2"
    assert all(r["fatalities"].isdigit() for r in found)  # a number, never empty
    askeran = by_id[ASKERAN]
    assert askeran["geo_precision"] == "3" and askeran["admin1"] == ""  # a former province is no admin1
    assert "the centre of" in askeran["notes"] and "means=not indicated" in askeran["tags"]
    for area in (ZONE, REGION):
        assert (by_id[area]["geo_precision"], by_id[area]["latitude"], by_id[area]["longitude"]) == (
            "3",
            "",
            "",
        )
    assert {r["time_precision"] for r in found} == {"1", "2"}
    # GDAL reads the columns as numbers and the coordinates as points
    info = gdal(
        "ogrinfo",
        "-so",
        "-al",
        "-oo",
        "AUTODETECT_TYPE=YES",
        "-oo",
        "X_POSSIBLE_NAMES=longitude",
        "-oo",
        "Y_POSSIBLE_NAMES=latitude",
        str(out),
    )
    assert "Geometry: Point" in info
    assert re.search(r"^fatalities: Integer", info, re.M) and re.search(
        r"^geo_precision: Integer", info, re.M
    )


def test_ucdp_columns_precision_and_deaths(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "ged.csv"
    export(cli, "ucdp", out)
    found = rows(out)
    assert tuple(found[0]) == UCDP_FIELDS and len(UCDP_FIELDS) == 49
    by_id = {r["id"]: r for r in found}
    farukh = by_id[FARUKH]
    assert (farukh["date_start"], farukh["date_end"], farukh["date_prec"]) == (
        "2022-03-24",
        "2022-03-25",
        "2",
    )
    assert (farukh["where_prec"], farukh["where_coordinates"], farukh["adm_1"]) == (
        "2",
        "Farukh / Parukh",
        "Khojaly",
    )
    assert farukh["priogrid_gid"] == "187654"  # row 260, column 453 of the 0.5-degree grid
    assert farukh["geom_wkt"] == "POINT (46.8014 40.0186)"
    assert (farukh["country"], farukh["country_id"], farukh["region"]) == ("Azerbaijan", "373", "Europe")
    assert (farukh["side_a"], farukh["side_b"], farukh["type_of_violence"]) == (
        "Armed forces of Azerbaijan",
        "Nagorno-Karabakh forces",
        "1",
    )
    assert (farukh["gwnoa"], farukh["gwnob"]) == ("373", "")  # the de facto side has no state number
    saribaba = by_id[SARIBABA]
    deaths = [saribaba[k] for k in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")]
    assert deaths == ["0", "2", "0", "0"]
    assert (saribaba["best"], saribaba["low"], saribaba["high"]) == ("2", "2", "2")
    assert saribaba["event_clarity"] == "2"  # four violations reported together
    assert by_id[ASKERAN]["where_prec"] == "4" and by_id[ASKERAN]["latitude"]
    assert (by_id[ZONE]["where_prec"], by_id[ZONE]["latitude"], by_id[ZONE]["priogrid_gid"]) == ("5", "", "")
    assert all(r[column] == "" for r in found for column in UCDP_LEFT_EMPTY)  # never invented


def test_ucdp_deaths_range_over_the_claims(pack: Pack) -> None:
    """best is the lead claim's count; low and high the range the claims give."""
    day = date(2022, 8, 3)

    def claim(claim_id: str, source: str, standing: Standing, killed: int) -> Claim:
        dead = [Casualty("NK", "servicemen", "killed", killed)]
        near = LocationPrecision.NEAR
        return Claim(
            day, day, DatePrecision.DAY, near, 5000, "AZ", "NK", casualties=dead,
            place_id="saribaba-mount", lat=39.7, lon=46.605, id=claim_id, source_id=source, standing=standing,
        )  # fmt: skip

    incident = Incident.from_claims(
        "I-written-for-the-test",
        [claim("C-1", "rumod", Standing.REPORTED, 2), claim("C-2", "nkmod", Standing.CLAIMED, 3)],
    )
    context = ExportContext(
        gazetteer=pack.gazetteer(),
        convention=pack.profile.conventions["en"],
        profile=pack.profile,
        parties={p.code: p for p in pack.parties},
        sources={s.id: s for s in pack.sources},
        timezone="Asia/Baku",
    )
    row = ucdp_row(incident, context)
    assert (row["best"], row["low"], row["high"], row["deaths_b"]) == (2, 2, 3, 2)
    assert row["number_of_sources"] == 2 and row["source_original"].startswith("Ministry of Defence")


def test_geopackage_has_one_layer_per_geometry_type(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "record.gpkg"
    result = export(cli, "geopackage", out)
    assert "Layers: 24 incidents_points, 8 incidents_areas, 1 incidents_not_drawn" in result.stdout
    info = gdal("ogrinfo", "-so", "-al", str(out))
    counts = layer_counts(info)
    assert sum(counts[name] for name in INCIDENT_LAYERS) == INCIDENTS
    assert counts["posts"] == 27 and counts["areas"] > 0 and counts["area_lines"] == 4
    geometry = dict(re.findall(r"^Layer name: (\S+)\n(?:Metadata:\n(?:  .*\n)*)?Geometry: (.+)$", info, re.M))
    assert geometry["incidents_points"] == "Point" and geometry["incidents_areas"] == "Multi Polygon"
    assert geometry["area_lines"] == "Multi Line String" and geometry["incidents_not_drawn"] == "None"
    assert geometry["provenance"] == "None"
    provenance = gdal("ogrinfo", "-al", str(out), "provenance")
    assert "nagorno_karabakh" in provenance and "approximate" in provenance and "GeoPackage 1.3" in provenance
    drawn = gdal("ogrinfo", "-al", "-q", "-where", f"id = '{FARUKH}'", str(out), "incidents_points")
    assert "location_precision (String) = near" in drawn and "POINT (46.8014171 40.0186228)" in drawn
    assert f"id (String) = {ASKERAN}" in gdal("ogrinfo", "-al", "-q", str(out), "incidents_areas")
    assert f"id (String) = {REGION}" in gdal("ogrinfo", "-al", "-q", str(out), "incidents_not_drawn")


def test_geojson_layers_keep_their_names_in_a_shapefile(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "layers"
    export(cli, "geojson", folder, "--names", "hy")
    total = 0
    for layer in (
        "incidents_points",
        "incidents_areas",
        "incidents_not_drawn",
        "areas",
        "area_lines",
        "posts",
    ):
        path = folder / f"{layer}.geojson"
        collection = json.loads(path.read_text(encoding="utf-8"))
        assert collection["provenance"]["names"].startswith("hy:") and problems(collection) == []  # RFC 7946
        names = {k for f in collection["features"] for k in f["properties"]}
        assert names and all(len(n) <= 10 for n in names), names
        kinds = {f["geometry"]["type"] if f["geometry"] else None for f in collection["features"]}
        assert len(kinds) <= 2 and not ({"Point"} & kinds and {"Polygon", "MultiPolygon"} & kinds)
        counts = layer_counts(gdal("ogrinfo", "-so", "-al", str(path)))
        assert counts == {layer: len(collection["features"])}
        if layer in INCIDENT_LAYERS:
            total += counts[layer]
    assert total == INCIDENTS
    farukh = next(
        f for f in json.loads((folder / "incidents_points.geojson").read_text())["features"]
        if f["properties"]["id"] == FARUKH
    )  # fmt: skip
    assert farukh["properties"]["place"] == "Parukh" and farukh["properties"]["loc_prec"] == "near"
    mapped = rows(folder / "fields.csv")
    assert {(r["layer"], r["field"], r["geojson_name"]) for r in mapped} == {m[:3] for m in FIELD_MAP}
    assert "holds: 33 incidents" in (folder / "provenance.txt").read_text(encoding="utf-8")
    # converted to a Shapefile (UTF-8), every name stays whole
    shapefile = tmp_path / "shp" / "incidents_points.shp"
    shapefile.parent.mkdir()
    source = str(folder / "incidents_points.geojson")
    gdal("ogr2ogr", "-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", str(shapefile), source)
    fields = re.findall(r"^(\w+): \w+", gdal("ogrinfo", "-so", str(shapefile), "incidents_points"), re.M)
    expected = [short for layer, _, short, _, _ in FIELD_MAP if layer == "incidents_points"]
    assert [f for f in fields if f in expected] == expected


def test_monitor_only_and_a_period(claimed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    everything = tmp_path / "all.csv"
    export(claimed, "acled", everything, "--from", "2021-05-01", "--to", "2021-05-31")
    (row,) = rows(everything)
    assert row["event_date"] == "2021-05-02" and row["fatalities"] == "2"
    assert "not confirmed by the monitor" in row["notes"] and "standing=claimed" in row["tags"]
    assert row["sub_event_type"] == "Shelling/artillery/missile attack"
    about = (tmp_path / "all.csv.provenance.txt").read_text(encoding="utf-8")
    assert "period: 2021-05-01 to 2021-05-31" in about
    assert "holds: 1 incidents, all of the record: 1 claimed by a party or an outlet alone" in about
    monitor = tmp_path / "monitor.gpkg"
    result = export(claimed, "geopackage", monitor, "--monitor-only")
    assert f"Wrote {INCIDENTS} incidents (the monitor's record)" in result.stdout
    counts = layer_counts(gdal("ogrinfo", "-so", "-al", str(monitor)))
    assert sum(counts[name] for name in INCIDENT_LAYERS) == INCIDENTS  # the claim is left out
    assert "the monitor's record only" in gdal("ogrinfo", "-al", str(monitor), "provenance")


def test_hostile_text_stays_data(claimed, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("acled", "ucdp", "csv"):
        out = tmp_path / f"{fmt}.csv"
        export(claimed, fmt, out)
        found = rows(out)
        assert len(found) == INCIDENTS + 1
        cells = [value for row in found for value in row.values()]
        assert not [v for v in cells if v.startswith(("=", "+", "-", "@"))], fmt
        assert any(v.startswith("'=HYPERLINK(") for v in cells), fmt  # shown, quoted, never run
    assert layer_counts(gdal("ogrinfo", "-so", "-al", str(tmp_path / "ucdp.csv"))) == {"ucdp": INCIDENTS + 1}


def test_never_over_a_file_unasked(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "acled.csv"
    export(cli, "acled", out)
    before = out.read_bytes()
    again = cli("export", "--format", "acled", "--out", str(out))
    assert again.exit_code == 2 and again.stderr == f"Error: --out: {out} exists: use --force to replace it\n"
    assert out.read_bytes() == before
    export(cli, "acled", out, "--force")
    # the provenance beside it is checked before anything is written
    lone = tmp_path / "ged.csv"
    (tmp_path / "ged.csv.provenance.txt").write_text("kept", encoding="utf-8")
    refused = cli("export", "--format", "ucdp", "--out", str(lone))
    assert refused.exit_code == 2 and "ged.csv.provenance.txt exists" in refused.stderr
    assert not lone.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "shp", "--out", "{tmp}/x.shp"], "Error: --format: 'shp' is not one of acled, ucdp, "),
        (["--format", "geopackage", "--out", "{tmp}/x.sqlite"], "Error: --out: 'x.sqlite' must end in .gpkg"),
        (
            ["--format", "csv", "--out", "{tmp}/x.csv", "--from", "2022-03-02", "--to", "2022-03-01"],
            "Error: --to:",
        ),
        (["--format", "csv", "--out", "{tmp}/x.csv", "--names", "elvish"], "Error: --names: unknown naming"),
        (
            ["--format", "csv", "--out", "{tmp}/no/such/x.csv"],
            "Error: --out: cannot write {tmp}/no/such/x.csv",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(cli, tmp_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("export", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(message.replace("{tmp}", str(tmp_path))), result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith("truce.db")] == []
