"""GeoJSON: what Truce writes keeps RFC 7946's rules; what a pack gives is refused, naming the feature and
the problem, when it breaks them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import shapely
from geometries import BROKEN, LINE, SQUARE, SWAPPED
from shapely.geometry import shape

from truce.errors import PackError
from truce.geo.geojson import geometry_dict, problems
from truce.packs import PACKS_DIR, load_pack

REGION = {"lon": (43.0, 51.0), "lat": (38.0, 42.5)}
OUTSIDE = {
    "type": "Polygon",
    "coordinates": [[[40.0, 35.0], [41.0, 35.0], [41.0, 36.0], [40.0, 35.0]]],
}  # Syria


def check_rfc7946(collection: dict) -> None:
    """The RFC's rules, checked here independently of :func:`truce.geo.geojson.problems`."""
    assert collection["type"] == "FeatureCollection" and "crs" not in collection
    for item in collection["features"]:
        assert item["type"] == "Feature" and "crs" not in item
        assert isinstance(item["properties"], dict)
        geometry = item["geometry"]
        if geometry is None:
            continue
        assert "crs" not in geometry
        found = shape(geometry)
        assert found.is_valid, item.get("id")
        xy = shapely.get_coordinates(found)
        # [lon, lat]: in this theatre longitudes (43-51) and latitudes (38-42.5) cannot be confused
        assert ((REGION["lon"][0] <= xy[:, 0]) & (xy[:, 0] <= REGION["lon"][1])).all(), item.get("id")
        assert ((REGION["lat"][0] <= xy[:, 1]) & (xy[:, 1] <= REGION["lat"][1])).all(), item.get("id")
        for polygon in shapely.get_parts(found):
            if polygon.geom_type == "Polygon":
                assert polygon.exterior.is_ccw, f"{item.get('id')}: exterior ring clockwise"
                assert not any(hole.is_ccw for hole in polygon.interiors), (
                    f"{item.get('id')}: hole anticlockwise"
                )
        assert problems(item) == []


def test_incidents_as_geojson(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("incidents", "--format", "geojson", "--names", "hy")
    assert result.exit_code == 0, result.output
    collection = json.loads(result.stdout)
    check_rfc7946(collection)
    by_id = {f["id"]: f for f in collection["features"]}
    assert len(by_id) == 33
    farukh = by_id["I-rumod-20220324"]
    assert farukh["geometry"]["type"] == "Point" and farukh["properties"]["place"] == "Parukh"
    assert farukh["geometry"]["coordinates"] == pytest.approx([46.80142, 40.01862], abs=1e-4)
    assert farukh["properties"]["siting"]["areas"] == ["zone-north-v3"]
    # a district is an area, never a pin; the region alone is nothing to draw
    askeran = by_id["I-rumod-20220311"]
    assert askeran["geometry"]["type"] == "Polygon" and askeran["properties"]["footprint"]["area"]
    assert "no boundary" in askeran["properties"]["footprint"]["basis"]
    assert by_id["I-rumod-20220306"]["geometry"]["type"] in ("Polygon", "MultiPolygon")  # the whole zone
    assert by_id["I-rumod-20220801"]["geometry"] is None


def test_export_geojson_writes_four_valid_layers(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("export-geojson", str(tmp_path / "out"), "--names", "az")
    assert result.exit_code == 0, result.output
    assert "33 incidents" in result.stdout
    for layer in ("places", "posts", "areas", "incidents"):
        collection = json.loads((tmp_path / "out" / f"{layer}.geojson").read_text(encoding="utf-8"))
        check_rfc7946(collection)
    areas = json.loads((tmp_path / "out" / "areas.geojson").read_text(encoding="utf-8"))
    kinds = {f["properties"]["kind"] for f in areas["features"]}
    assert kinds == {"zone", "corridor", "line_of_contact", "country"}
    assert all(f["properties"]["approximate"] and f["properties"]["basis"] for f in areas["features"])
    places = json.loads((tmp_path / "out" / "places.geojson").read_text(encoding="utf-8"))
    parukh = next(f for f in places["features"] if f["id"] == "parukh")
    assert parukh["properties"]["name"] == "Farukh" and parukh["properties"]["names"]["hy"] == "Parukh"


def test_export_geojson_into_a_file_is_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("export-geojson", str(blocker))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: DIR: cannot make folder {blocker}")
    assert cli("export-geojson", str(tmp_path / "layers")).exit_code == 0
    again = cli("export-geojson", str(tmp_path / "layers"))  # never over existing files without --force
    assert again.exit_code == 2 and "exists: use --force" in again.stderr
    assert cli("export-geojson", str(tmp_path / "layers"), "--force").exit_code == 0


def test_written_rings_are_reoriented() -> None:
    clockwise = shapely.Polygon([(46, 39), (46, 39.1), (46.1, 39.1), (46, 39)])
    assert problems(geometry_dict(clockwise)) == []
    assert geometry_dict(None) is None and geometry_dict(shapely.Polygon()) is None


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_problems_name_what_is_broken(name: str) -> None:
    geometry, words = BROKEN[name]
    found = problems(geometry)
    assert found and words in found[0], found


def test_valid_geometry_has_no_problem() -> None:
    assert problems(SQUARE) == []
    assert problems({"type": "Feature", "geometry": None, "properties": None}) == []
    assert problems({"type": "Feature", "properties": {}}) == ["has no 'geometry' member (null is allowed)"]
    assert problems({"type": "Circle"}) == ["unknown GeoJSON type 'Circle'"]


# -- a pack's GeoJSON ---------------------------------------------------------------------------------


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", target)
    return target


def rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        (BROKEN["self-intersecting ring"][0], "not a valid geometry: Self-intersection[46.1 39.1]"),
        (SWAPPED, "position [39.0, 46.0] lies outside the mission region"),
        (BROKEN["out of range"][0], "position [246.0, 39.0] is out of range"),
        (
            BROKEN["clockwise exterior"][0],
            "exterior ring 1 runs clockwise; RFC 7946 wants it counter-clockwise",
        ),
        (OUTSIDE, "position [40.0, 35.0] lies outside the mission region (lat 38.0..42.5, lon 43.0..51.0)"),
        (LINE, "a zone must be a Polygon or MultiPolygon, not 'LineString'"),
    ],
)
def test_bad_area_geometry_is_refused(copy: Path, geometry: dict, message: str) -> None:
    rewrite(copy / "areas.geojson", lambda data: data["features"][0].__setitem__("geometry", geometry))
    with pytest.raises(PackError) as caught:
        load_pack(str(copy))
    assert str(caught.value).startswith(
        f"areas.geojson, field 'features[0] (zone-north-v1).geometry': {message}"
    )
    if geometry is SWAPPED:
        assert str(caught.value).endswith("it looks like [lat, lon]: GeoJSON wants [lon, lat]")


def test_crs_member_is_refused(copy: Path) -> None:
    rewrite(copy / "areas.geojson", lambda data: data.__setitem__("crs", {"type": "name"}))
    with pytest.raises(PackError, match="RFC 7946 removed 'crs'"):
        load_pack(str(copy))


def test_overlapping_versions_are_refused(copy: Path) -> None:
    def overlap(data: dict) -> None:
        data["features"][0]["properties"]["valid_to"] = "2021-01-31"  # zone-north-v1 into v2's time

    rewrite(copy / "areas.geojson", overlap)
    with pytest.raises(PackError, match=r"field 'zone-north-v2.valid_from': overlaps zone-north-v1"):
        load_pack(str(copy))


def test_countries_are_optional(copy: Path) -> None:
    (copy / "countries.geojson").unlink()
    assert not any(a.kind == "country" for a in load_pack(str(copy)).areas)
