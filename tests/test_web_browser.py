"""The web application as its users use it: Debian's Chromium, driven by Playwright, against `truce serve`
started on a free loopback port (and stopped after): a reader's search and the map, the observer's form
on a phone (its draft survives a reload; a map click gives the position), the analyst's unlinking and
linking, and a two-side sign-off on the Lakeland pack, down to the bundle that verifies. Nothing is
fetched from anywhere but the server. Screenshots stay in each test's temporary folder.

Outside CI, a machine without Chromium skips these tests; in CI its absence fails them."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import PASSWORD, USERS, add_users, copy_db, server

from truce.record.access import create_user
from truce.record.setup import init
from truce.store import Store

CHROMIUM = os.environ.get("TRUCE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
LAKELAND = Path(__file__).parent / "packs" / "lakeland"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must install Chromium ({CHROMIUM} missing): apt-get install chromium")
        pytest.skip(f"Chromium is not installed ({CHROMIUM}): apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def nk(_initialised_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-browser")
    url = copy_db(_initialised_db, folder)
    add_users(url)
    with server(url, folder) as base:
        yield base


class Visit:
    """A browser context (one user's cookies) that records every address its pages ask for."""

    def __init__(self, browser, base: str, shots: Path, phone: bool = False) -> None:  # type: ignore[no-untyped-def]
        size = {"width": 390, "height": 844} if phone else {"width": 1300, "height": 900}
        self.context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
        self.page = self.context.new_page()
        self.base, self.shots, self.asked, self.errors = base, shots, [], []
        self.page.on("request", lambda r: self.asked.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def log_in(self, name: str) -> None:
        self.go("/login")
        self.page.fill("input[name=name]", name)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form[action='/login'] button[type=submit]")
        self.page.wait_for_selector(".account .who")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(self.shots / f"{name}.png"), full_page=True)

    def close(self) -> None:
        self.context.close()
        assert self.errors == []
        assert all(url.startswith(self.base) for url in self.asked), [
            u for u in self.asked if not u.startswith(self.base)
        ]


def test_a_reader_searches_and_sees_the_map(browser, nk: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = Visit(browser, nk, tmp_path)
    visit.go("/")
    visit.page.fill("input[name=q]", "Степанакерт")
    visit.page.press("input[name=q]", "Enter")
    visit.page.wait_for_selector("#place")
    assert "Khankendi / Stepanakert" in visit.page.inner_text("#place")
    visit.shot("place")
    visit.go("/incidents")
    visit.page.fill("input[name=from]", "2022-03-01")
    visit.page.fill("input[name=to]", "2022-03-31")
    visit.page.fill("input[name=place]", "Askeran")
    visit.page.click("form.filters button[type=submit]")
    visit.page.wait_for_selector("#map[data-ready=true]")
    rows = visit.page.locator("#incidents tbody tr")
    assert rows.count() >= 1 and "I-rumod-20220311" in visit.page.inner_text("#incidents")
    assert visit.page.locator("#map .leaflet-interactive").count() >= 1  # drawn from the record's layers
    visit.shot("incidents")
    visit.page.click("#incidents a[href^='/incidents/I-rumod-20220311']")
    visit.page.wait_for_selector("#compare")
    assert "load-pack" in visit.page.inner_text("#history")
    visit.go("/bulletins/2022-03-11?lang=ru")
    assert "Нарушения режима прекращения огня" in visit.page.inner_text("article.bulletin")
    visit.shot("bulletin-ru")
    visit.close()


def test_the_observers_form_on_a_phone(browser, nk: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = Visit(browser, nk, tmp_path, phone=True)
    visit.log_in(USERS["observer"][0])
    visit.go("/observe")
    page = visit.page
    page.select_option("select[name=post]", "pp-n6")
    page.fill("input[name=day]", "2022-03-08")
    page.fill("input[name=place]", "2 km north-west of Khramort")
    page.check("input[name=means][value=mortar]")
    page.select_option("select[name=fire_from]", "NE")
    page.reload()  # the connection dropped, the page came back: the draft is still there
    assert page.input_value("input[name=place]") == "2 km north-west of Khramort"
    assert page.is_checked("input[name=means][value=mortar]")
    assert page.input_value("input[name=day]") == "2022-03-08"
    page.wait_for_selector("#pick[data-ready=true]")
    box = page.locator("#pick").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # a position on the map
    assert page.input_value("input[name=lat]") and page.input_value("input[name=lon]")
    assert page.input_value("input[name=place]") == ""
    visit.shot("observe-picked")
    page.fill("input[name=lat]", "")  # the place named is what this observer means after all
    page.fill("input[name=lon]", "")
    page.fill("input[name=place]", "2 km north-west of Khramort")
    page.click("#observe-form button[type=submit]")
    page.wait_for_selector("#recorded")
    visit.shot("observe-recorded")
    page.click("#recorded a")
    page.wait_for_selector("#history")
    assert USERS["observer"][0] in page.inner_text("#history")
    visit.go("/observe")
    assert page.input_value("input[name=place]") == ""  # recorded: the draft is gone
    visit.close()


def test_the_analyst_links_and_unlinks_a_claim(browser, nk: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = Visit(browser, nk, tmp_path)
    visit.log_in(USERS["analyst"][0])
    page = visit.page
    shown = []
    for kind in ("link", "unlink"):  # pin a claim to another incident, then bar it from there
        visit.go("/inbox?incident=I-rumod-20220324")
        page.fill("#decide-form input[name=claim]", "C-rumod-20220311")
        page.select_option("#decide-form select[name=kind]", kind)
        page.fill("#decide-form input[name=note]", f"{kind}: written for the test")
        page.click("#decide-form button[type=submit]")
        page.wait_for_selector("#done")
        visit.shot(f"inbox-{kind}")
        visit.go("/incidents/I-rumod-20220324")
        shown.append(page.inner_text("#compare"))
    assert "C-rumod-20220311" in shown[0] and "C-rumod-20220311" not in shown[1]
    history = page.inner_text("#history")
    assert "unlink" in history and "link" in history and USERS["analyst"][0] in history
    visit.shot("incident-history")
    visit.close()


def test_the_analyst_sets_and_withdraws_the_monitors_finding(browser, nk: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    visit = Visit(browser, nk, tmp_path)
    visit.log_in(USERS["analyst"][0])
    page = visit.page
    visit.go("/incidents/I-rumod-20220308")
    page.select_option("#finding-form select[name=verdict]", "violation")
    page.select_option("#finding-form select[name=fired_by]", "unknown")
    page.check("#finding-form input[name=means][value=mortar]")
    page.fill("#finding-form input[name=place]", "Xramort")  # a misspelling the gazetteer still finds
    page.fill("#finding-form textarea[name=note]", "the post's log of the evening (written for the test)")
    page.click("#finding-form button[type=submit]")
    page.wait_for_selector("#done")
    finding = page.inner_text("#finding")
    assert "the post's log of the evening" in finding and USERS["analyst"][0] in finding
    visit.shot("incident-finding")
    page.fill("#withdraw-form input[name=note]", "premature (written for the test)")
    page.click("#withdraw-form button[type=submit]")
    page.wait_for_selector("#done")
    assert "No finding in force" in page.inner_text("#finding")
    visit.close()


@pytest.fixture(scope="module")
def lakeland(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web-lakeland")
    url = f"sqlite:///{folder / 'lakeland.db'}"
    init(url, str(LAKELAND))
    store = Store.open(url)
    create_user(store, "admin1", "administrator", PASSWORD)
    create_user(store, "north1", "publisher", PASSWORD, "LM-N")
    create_user(store, "south1", "publisher", PASSWORD, "LM-S")
    store.close()
    with server(url, folder) as base:
        yield base


def test_two_sides_sign_off_a_bulletin(browser, lakeland: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = Visit(browser, lakeland, tmp_path)
    admin.log_in("admin1")
    keys = {}
    for side, name in (("LM-N", "north-web-1"), ("LM-S", "south-web-1")):
        admin.go("/admin")
        form = admin.page.locator("form[action='/admin/keys']")
        form.locator("input[name=name]").fill(name)
        form.locator("select[name=side]").select_option(side)
        form.locator("button[type=submit]").click()
        admin.page.wait_for_selector("#done code.secret")
        keys[side] = admin.page.inner_text("#done code.secret").strip()
    admin.shot("admin-keys")
    admin.close()
    assert keys["LM-N"].startswith("PRIVATE+KEY+north-web-1+")
    bulletin = "B-2021-10-19-1"
    north, south = Visit(browser, lakeland, tmp_path), Visit(browser, lakeland, tmp_path)
    north.log_in("north1")
    south.log_in("south1")
    north.go("/sign-off")
    north.page.fill("#draft-form input[name=day]", "2021-10-19")
    north.page.click("#draft-form button[type=submit]")
    north.page.wait_for_selector("#done")
    for turn, (visit, side) in enumerate(((north, "LM-N"), (south, "LM-S"))):
        visit.go("/sign-off")
        draft = visit.page.locator(f"article#{bulletin}")
        draft.locator("input[name=key]").fill(keys[side])
        draft.locator("button[type=submit]").click()
        visit.page.wait_for_selector("#done")
        said = visit.page.inner_text("#done")
        assert ("Published." in said) == (turn == 1), said
        visit.shot(f"sign-off-{side}")
    for visit, side in ((south, "LM-S"), (north, "LM-N")):  # each side signs the log as it now stands
        visit.go("/sign-off")
        visit.page.locator("form[action='/sign-off/checkpoint'] input[name=key]").fill(keys[side])
        visit.page.click("form[action='/sign-off/checkpoint'] button[type=submit]")
        visit.page.wait_for_selector("#done")
    assert "north-web-1" in north.page.inner_text("#done") and "south-web-1" in north.page.inner_text("#done")
    north.close()
    south.close()
    reader = Visit(browser, lakeland, tmp_path)
    reader.go(f"/published/{bulletin}")
    assert "The bundle holds" in reader.page.inner_text("#verdict")
    assert "LM-N" in reader.page.inner_text("main") and "LM-S" in reader.page.inner_text("main")
    reader.shot("published")
    reader.close()
