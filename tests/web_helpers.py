"""What the web application's tests share: a database with one user of each role (written for the tests),
in-process clients logged in as each, and a real server started on a free loopback port and stopped."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from truce.record.access import create_user
from truce.store import Store
from truce.web import Settings, create_app
from truce.web.security import CSRF_COOKIE

SECRET = "written-for-the-tests-" + "0123456789abcdef" * 2
PASSWORD = "a password written for the tests"
#: role -> (user name, side, posts)
USERS = {
    "reader": ("reader1", None, ()),
    "observer": ("observer1", None, ("pp-n6", "pp-n7")),
    "analyst": ("analyst1", None, ()),
    "publisher": ("publisher1", "RU", ()),
    "administrator": ("admin1", None, ()),
}


def add_users(url: str) -> None:
    store = Store.open(url)
    try:
        for role, (name, side, posts) in USERS.items():
            create_user(store, name, role, PASSWORD, side, posts)
    finally:
        store.close()


def copy_db(source: Path, folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "truce.db"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


class Client(TestClient):
    """A test client that sends the CSRF value of its session with every unsafe request."""

    @property
    def csrf(self) -> str:
        return self.cookies.get(CSRF_COOKIE) or ""

    def request(self, method: str, url, **kwargs):  # type: ignore[no-untyped-def,override]
        if method.upper() not in ("GET", "HEAD", "OPTIONS"):
            headers = dict(kwargs.pop("headers", None) or {})
            if "authorization" not in {k.lower() for k in headers}:
                headers.setdefault("X-CSRF-Token", self.csrf)
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)


_APPS: dict[tuple[str, bool], FastAPI] = {}


def client(url: str, public: bool = True) -> Client:
    """A client of the application over ``url`` (one application per database: its memo is shared, as
    the users of one server share it)."""
    if (url, public) not in _APPS:
        _APPS[(url, public)] = create_app(Settings(db=url, secret=SECRET, public=public), Store.open(url))
    made = Client(_APPS[(url, public)], raise_server_exceptions=False)
    made.get("/login")  # the CSRF cookie of the login form
    return made


def log_in(made: Client, name: str, password: str = PASSWORD) -> Client:
    answer = made.post(
        "/login", data={"name": name, "password": password, "csrf": made.csrf}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    return made


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(url: str, folder: Path) -> Iterator[str]:
    """``truce serve`` on a free loopback port; stopped (and waited for) when the block ends."""
    import urllib.request

    port = free_port()
    environment = {**os.environ, "TRUCE_SECRET": SECRET, "XDG_DATA_HOME": str(folder)}
    log = (folder / f"server-{port}.log").open("wb")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "truce"), "serve", "--port", str(port), "--db", url],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # until it answers (bounded: about 30 s), or it died
            if process.poll() is not None:
                raise AssertionError((folder / f"server-{port}.log").read_text())
            try:
                with urllib.request.urlopen(base + "/api/me", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server never answered")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
