"""The HTML map in a real browser: it draws with nothing from the network, pans, zooms and shows an
incident's details on click.

It drives Debian's Chromium (package ``chromium``, which ``.ci/run`` installs) through Playwright, never a
browser Playwright downloads. Outside CI, a machine without Chromium skips these tests; in CI its absence
fails them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TRUCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


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
    from typer.testing import CliRunner

    from truce.cli import app

    folder = tmp_path_factory.mktemp("map")
    db = f"sqlite:///{folder / 'truce.db'}"
    runner = CliRunner()
    assert runner.invoke(app, ["init", "--db", db]).exit_code == 0
    out = folder / "map.html"
    result = runner.invoke(
        app, ["map", "--from", "2022-03-01", "--to", "2022-04-30", "--out", str(out), "--db", db]
    )
    assert result.exit_code == 0, result.output
    return out


def test_html_map_in_a_browser(browser, html_map: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    fetched: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(html_map.as_uri())
    page.screenshot(path=str(tmp_path / "map.png"))  # kept with the test's files, to look at
    assert errors == []
    assert all(url.startswith("file:") for url in fetched), fetched  # nothing from the network

    def view_box() -> list[float]:
        return [float(v) for v in page.eval_on_selector("#map svg", "s => s.getAttribute('viewBox')").split()]

    home = view_box()
    page.mouse.move(500, 450)
    page.mouse.wheel(0, -500)
    page.wait_for_timeout(100)
    zoomed = view_box()
    assert zoomed[2] < home[2]  # narrower: zoomed in
    page.mouse.move(500, 450)
    page.mouse.down()
    page.mouse.move(600, 500, steps=5)
    page.mouse.up()
    panned = view_box()
    assert panned[0] < zoomed[0] and panned[2] == zoomed[2]  # dragged right: the view moved left

    page.click("#zoom-reset")
    assert view_box() == home
    details = page.evaluate("() => JSON.parse(document.getElementById('feature-details').textContent)")
    farukh = next(k for k, v in details.items() if v["items"][0].get("incident") == "I-rumod-20220324")
    box = page.locator(f"#{farukh}").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    shown = page.inner_text("#details")
    assert "I-rumod-20220324" in shown and "Azerbaijan" in shown and "north zone" in shown
    page.close()
