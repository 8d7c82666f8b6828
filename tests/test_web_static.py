"""Nothing from elsewhere: no page, template or script of Truce's refers to an address outside the
application (XML namespace names are names, not addresses); the scripts and styles it ships are the
npm packages' files as their checksums say, with their licences."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from web_helpers import USERS, add_users, client, copy_db, log_in

from truce.web.app import STATIC
from truce.web.site import TEMPLATES

ADDRESS = re.compile(r"""(?:https?:)?//[\w.-]+(?::\d+)?[^\s"'<>)]*""")
NAMESPACE = re.compile(r"""xmlns(?::\w+)?=["'][^"']*["']""")
OWN = ("http://testserver",)  # the application itself, as the test client calls it
PAGES = [
    "/",
    "/bulletins",
    "/bulletins/2022-03-11",
    "/bulletins/2022-03-11?lang=ru",
    "/incidents?from=2022-03-01&to=2022-03-31",
    "/incidents/I-rumod-20220311",
    "/places?q=Khankendi",
    "/documents",
    "/trends",
    "/login",
    "/observe",
    "/inbox",
    "/sign-off",
    "/admin",
]


def outside(text: str) -> list[str]:
    """The addresses in ``text`` that are not the application's own."""
    text = NAMESPACE.sub("", text)
    return [a for a in ADDRESS.findall(text) if not a.startswith(OWN) and not a.startswith("//-")]


def test_the_address_finder_finds_addresses() -> None:
    page = '<script src="https://cdn.example.org/x.js"></script><img src=//tiles.example.org/1.png>'
    assert len(outside(page)) == 2
    assert outside('<svg xmlns="http://www.w3.org/2000/svg"><a href="/incidents">x</a></svg>') == []


def test_no_page_refers_to_an_address_elsewhere(_initialised_db: Path, tmp_path: Path) -> None:
    url = copy_db(_initialised_db, tmp_path)
    add_users(url)
    by_role = {role: log_in(client(url), name) for role, (name, _, _) in USERS.items()}
    for page in PAGES:
        for made in by_role.values():
            answer = made.get(page)
            if answer.status_code == 200:
                assert outside(answer.text) == [], (page, outside(answer.text))
                assert "default-src 'self'" in answer.headers["content-security-policy"]


def test_no_template_or_script_refers_to_an_address_elsewhere() -> None:
    files = [*TEMPLATES.glob("*.html"), *STATIC.glob("*.js"), *STATIC.glob("*.css")]
    assert len(files) > 10
    for path in files:
        assert outside(path.read_text(encoding="utf-8")) == [], path


def test_the_shipped_scripts_are_the_packages_files_with_their_licences() -> None:
    vendor = STATIC / "vendor"
    sums = dict(
        reversed(line.split(maxsplit=1)) for line in (vendor / "SHA256SUMS").read_text().splitlines() if line
    )
    shipped = {str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file()}
    assert shipped - {"SHA256SUMS", "SOURCES.txt"} == set(sums)
    for name, digest in sums.items():
        assert hashlib.sha256((vendor / name).read_bytes()).hexdigest() == digest, name
    assert {"htmx/LICENSE", "leaflet/LICENSE"} <= set(sums)
    for css in vendor.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
