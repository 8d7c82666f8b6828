"""The HTML map in a real browser: it draws with nothing from the network, pans, zooms and shows an
item's details on click; filters by date, party and means; writes more labels as the reader zooms in, never
two over each other; and counts dense incidents in one badge that splits as the reader zooms.

It drives Debian's Chromium (package ``chromium``, which ``.ci/run`` installs) through Playwright, never a
browser Playwright downloads. Outside CI, a machine without Chromium skips these tests; in CI its absence
fails them. Screenshots stay in each test's temporary folder, to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TRUCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

#: The boxes of the labels on screen, and how many pairs of them overlap.
LABEL_BOXES = """() => {
  const boxes = [...document.querySelectorAll('#map .label text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom, height: r.height};
  });
  let overlapping = 0;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) { overlapping++; }
    }
  }
  return {boxes: boxes, overlapping: overlapping};
}"""
#: What the markers count: the incidents of each single marker and of each badge.
MARKERS = """() => ({
  singles: [...document.querySelectorAll('#map .symbol')].map(g => Number(g.dataset.count)),
  clusters: [...document.querySelectorAll('#map .cluster')].map(g => Number(g.dataset.count)),
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Chromium ({CHROMIUM} missing): apt-get install chromium")
        pytest.skip(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # no sandbox as root; no background traffic: this machine has no network but the package registries
        quiet = [
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ]
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", *quiet]
        )
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def html_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The map of 2022 (written by ``truce map``): Parukh, the Saribaba heights, the districts, and Sotk in
    Armenia in the inset."""
    from typer.testing import CliRunner

    from truce.cli import app

    folder = tmp_path_factory.mktemp("map")
    db = f"sqlite:///{folder / 'truce.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--db", db]).exit_code == 0
    out = folder / "map.html"
    result = runner.invoke(
        app,
        [
            "map",
            "--from",
            "2022-01-01",
            "--to",
            "2022-12-31",
            "--as-of",
            "2022-06-30",
            "--out",
            str(out),
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def page(browser, html_map: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    opened = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    fetched: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("request", lambda request: fetched.append(request.url))
    opened.goto(html_map.as_uri())
    opened.wait_for_selector("#map[data-ready]")  # the embedded letters loaded, the labels placed in them
    yield opened
    assert errors == []
    assert all(url.startswith("file:") for url in fetched), fetched  # nothing from the network
    opened.close()


def view_box(page) -> list[float]:  # type: ignore[no-untyped-def]
    return [float(v) for v in page.eval_on_selector("#map svg", "s => s.getAttribute('viewBox')").split()]


def map_data(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate("() => JSON.parse(document.getElementById('map-data').textContent)")


def shown(page) -> int:  # type: ignore[no-untyped-def]
    """The incidents the page says it shows."""
    return int(page.inner_text("#shown").split(":")[1].split()[0])


def reveal(page, feature: str, symbol: dict) -> None:  # type: ignore[no-untyped-def]
    """Click the badges that count ``symbol`` until its own marker is on the map."""
    for _ in range(10):
        if page.locator(f"#{feature}").count():
            return
        badges = page.eval_on_selector_all(
            "#map .cluster", "gs => gs.map(g => g.getAttribute('data-bounds').split(' ').map(Number))"
        )
        index = next(
            n
            for n, (x0, y0, x1, y1) in enumerate(badges)
            if x0 <= symbol["x"] <= x1 and y0 <= symbol["y"] <= y1
        )
        badge = page.locator("#map .cluster").nth(index).bounding_box()
        page.mouse.click(badge["x"] + badge["width"] / 2, badge["y"] + badge["height"] / 2)
    raise AssertionError(f"{feature} never shown")


def test_html_map_in_a_browser(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(tmp_path / "map.png"))
    home = view_box(page)
    page.mouse.move(500, 450)
    page.mouse.wheel(0, -500)
    page.wait_for_timeout(100)
    zoomed = view_box(page)
    assert zoomed[2] < home[2]  # narrower: zoomed in
    page.mouse.move(500, 450)
    page.mouse.down()
    page.mouse.move(600, 500, steps=5)
    page.mouse.up()
    panned = view_box(page)
    assert panned[0] < zoomed[0] and panned[2] == zoomed[2]  # dragged right: the view moved left

    page.click("#zoom-reset")
    assert view_box(page) == home
    data = map_data(page)
    farukh = next(
        k for k, v in data["details"].items() if v["items"][0].get("incident") == "I-rumod-20220324"
    )
    reveal(page, farukh, next(s for s in data["symbols"] if s["id"] == farukh))
    box = page.locator(f"#{farukh}").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    details = page.inner_text("#details")
    assert "I-rumod-20220324" in details and "Azerbaijan" in details and "north zone" in details
    page.screenshot(path=str(tmp_path / "parukh.png"))

    # Sotk, in Armenia, is in the inset beside the map, and clickable there
    sotk = next(k for k, v in data["details"].items() if v["items"][0].get("incident") == "I-rumod-20220806")
    page.locator(f"#legend #{sotk}").click()
    assert "I-rumod-20220806" in page.inner_text("#details") and "Sotk" in page.inner_text("#details")


def test_filters_by_date_party_and_means(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = map_data(page)
    members = [m for s in data["symbols"] + data["switched"] for m in s["m"]]
    assert shown(page) == len(members) == 24  # the 25 incidents of 2022 but the one known only to the region

    def expected(start: str = "", end: str = "9", parties: tuple = (), means: tuple = ()) -> int:
        return sum(
            1
            for day_from, day_to, party, group in members
            if day_to >= start and day_from <= end and party not in parties and group not in means
        )

    page.fill("#filter-from", "2022-03-01")
    page.fill("#filter-to", "2022-03-31")
    assert shown(page) == expected("2022-03-01", "2022-03-31") == 9
    page.screenshot(path=str(tmp_path / "march.png"))
    askeran = next(
        k for k, v in data["details"].items() if v["items"][0].get("incident") == "I-rumod-20220311"
    )
    assert page.locator(f"#{askeran}").is_visible()  # the province it is known only to, hatched
    page.fill("#filter-from", "2022-08-01")
    page.fill("#filter-to", "2022-08-31")
    assert shown(page) == expected("2022-08-01", "2022-08-31")
    assert not page.locator(f"#{askeran}").is_visible()  # March's area hidden in August

    page.fill("#filter-from", "2022-01-01")
    page.fill("#filter-to", "2022-12-31")
    page.uncheck("#filter-party input[value='unknown']")
    assert shown(page) == expected(parties=("unknown",)) < len(members)
    page.uncheck("#filter-means input[value='fire']")
    assert shown(page) == expected(parties=("unknown",), means=("fire",))
    markers = page.evaluate(MARKERS)
    assert sum(markers["singles"]) + sum(markers["clusters"]) <= shown(page)
    page.uncheck("#filter-party input[value='AZ']")
    assert shown(page) == 0
    assert page.evaluate(MARKERS) == {"singles": [], "clusters": []}
    page.screenshot(path=str(tmp_path / "nothing.png"))
    page.check("#filter-party input[value='AZ']")
    page.check("#filter-party input[value='unknown']")
    page.check("#filter-means input[value='fire']")
    assert shown(page) == len(members)


def test_labels_declutter_as_it_zooms(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """At every zoom no two labels overlap; closer in, the labels left out further away come back, at
    the same size on screen."""
    page.set_viewport_size({"width": 1000, "height": 640})  # a small window: not every name fits
    page.wait_for_timeout(100)
    page.screenshot(path=str(tmp_path / "small.png"))
    home = page.evaluate(LABEL_BOXES)
    print(f"home: {len(home['boxes'])} labels, {home['overlapping']} overlapping")
    assert home["overlapping"] == 0 and len(home["boxes"]) > 30
    at_home = {b["text"] for b in home["boxes"]}
    everything = {label["t"] for label in map_data(page)["labels"]}
    assert at_home < everything  # some wait for a closer view
    stepanakert = next(b for b in home["boxes"] if b["text"] == "Khankendi / Stepanakert")
    page.mouse.move(stepanakert["x0"], stepanakert["y1"])
    seen = set(at_home)
    for step in range(8):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(50)
        now = page.evaluate(LABEL_BOXES)
        print(f"zoom {step + 1}: {len(now['boxes'])} labels, {now['overlapping']} overlapping")
        assert now["overlapping"] == 0
        seen |= {b["text"] for b in now["boxes"]}
    page.screenshot(path=str(tmp_path / "close.png"))
    assert seen - at_home  # labels left out at home appear closer in
    assert "Khankendi / Stepanakert" in {b["text"] for b in now["boxes"]}
    close = next(b for b in now["boxes"] if b["text"] == "Khankendi / Stepanakert")
    assert abs(close["height"] - stepanakert["height"]) < 1  # the same size on screen at every zoom


def test_clusters_split_as_it_zooms(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    markers = page.evaluate(MARKERS)
    assert markers["clusters"] and max(markers["clusters"]) >= 2
    at_points = sum(len(symbol["m"]) for symbol in map_data(page)["symbols"])  # not the areas, not the inset
    assert sum(markers["singles"]) + sum(markers["clusters"]) == at_points  # each incident counted once
    biggest = markers["clusters"].index(max(markers["clusters"]))
    badge = page.locator("#map .cluster").nth(biggest)
    counted = max(markers["clusters"])
    before = view_box(page)
    box = badge.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # zooms to what it counts
    assert view_box(page)[2] < before[2]
    page.screenshot(path=str(tmp_path / "split.png"))
    after = page.evaluate(MARKERS)
    assert max(after["clusters"], default=0) < counted  # the badge split
    assert sum(after["singles"]) + sum(after["clusters"]) >= counted  # its incidents all still there
    page.click("#zoom-reset")
    assert page.evaluate(MARKERS) == markers  # and joins again
