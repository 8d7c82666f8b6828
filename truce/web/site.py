"""What every request shares: the store, the settings, the signed sessions, the pages' templates in each
language, and a memo of what was computed from the record as it stands.

The memo: every write of the record appends to the audit log (and checkpoints only add signatures), so
what a page or an API answer shows changes only when the log's size or the checkpoints do. Results are
kept under that state and the request's key, computed once per state (the first request computes, the
others wait for it), and dropped oldest first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from truce.record.access import Principal, anonymous
from truce.report.language import LANGUAGES, language
from truce.store import Store
from truce.store.access import ActingStore, record_state
from truce.web.errors import Problem
from truce.web.security import CSRF_COOKIE, csrf_of, principal, serializer
from truce.web.settings import Settings
from truce.web.throttle import Throttle

__all__ = ["LANG_COOKIE", "Site", "lang_of"]

TEMPLATES = Path(__file__).parent / "templates"
LANG_COOKIE = "truce_lang"
T = TypeVar("T")


def lang_of(request: Request) -> str:
    """The language of the pages: ``?lang=``, else the reader's choice kept in a cookie, else what the
    browser asks for, else English."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if asked in LANGUAGES:
        return asked  # type: ignore[return-value]
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _query(request: Request, **changes: object) -> str:
    """The request's query string with ``changes`` (None removes a parameter)."""
    params = {k: v for k, v in request.query_params.items()}
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return ("?" + urlencode(params)) if params else ""


class Memo:
    """Results by key, computed once per key even when many requests ask at once."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Any] = OrderedDict()  # type: ignore[type-arg]
        self._flights: dict[tuple, threading.Lock] = {}  # type: ignore[type-arg]
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], T]) -> T:  # type: ignore[type-arg]
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._lock:
                if key in self._items:
                    return self._items[key]  # type: ignore[no-any-return]
            value = make()
            with self._lock:
                self._items[key] = value
                self._flights.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
            return value


class Site:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings, self.store = settings, store
        self.sessions = serializer(settings.secret)
        self.memo = Memo(settings.cache_entries)
        self.logins = Throttle(settings.login_failures, settings.login_window_minutes * 60)

    # -- the record ------------------------------------------------------------------------------------

    def state(self, request: Request) -> tuple[int, int, int]:
        """The record's state for this request (read once per request)."""
        scope = request.scope.setdefault("truce", {})
        if "state" not in scope:
            scope["state"] = record_state(self.store)
        return scope["state"]  # type: ignore[no-any-return]

    def cached(self, request: Request, key: tuple, make: Callable[[], T]) -> T:  # type: ignore[type-arg]
        """``make()`` for the record as it stands, computed once per state of the record."""
        return self.memo.get((self.state(request), *key), make)

    def acting(self, who: Principal) -> Store:
        """The store whose writes are logged as ``who``'s."""
        return ActingStore(self.store, f"{who.name} (web)")

    # -- pages -----------------------------------------------------------------------------------------

    @cache  # noqa: B019 - one environment per language for the life of the site
    def environment(self, lang: str) -> Environment:
        environment = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,  # whatever users and sources wrote is data: escaped in every page
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        environment.install_gettext_translations(language(lang).translations, newstyle=True)  # type: ignore[attr-defined]
        environment.globals["languages"] = tuple(LANGUAGES)
        return environment

    def render(self, request: Request, template: str, **context: Any) -> str:
        lang = lang_of(request)
        try:
            who = principal(request)
        except Exception:  # an error page for a bad token is still shown, to nobody in particular
            who = anonymous(self.settings.public)
        return (
            self.environment(lang)
            .get_template(template)
            .render(
                request=request,
                who=who,
                lang=lang,
                csrf=csrf_of(request),
                query=lambda **changes: _query(request, **changes),
                public=self.settings.public,
                **context,
            )
        )

    def page(
        self,
        request: Request,
        template: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
        **context: Any,
    ) -> Response:
        html = self.render(request, template, **context)
        return self.respond(request, html.encode("utf-8"), "text/html; charset=utf-8", status, headers)

    def respond(
        self,
        request: Request,
        body: bytes,
        media_type: str,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> Response:
        """A response with its ETag (304 when the client has it already) and the cookies pages set."""
        headers = dict(headers or {})
        if status == 200 and request.method in ("GET", "HEAD"):
            etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
            headers.update({"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Cookie"})
            if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
                return Response(status_code=304, headers=headers)
        response = Response(body, status_code=status, media_type=media_type, headers=headers)
        if media_type.startswith("text/html"):
            self._cookies(request, response)
        return response

    def _cookies(self, request: Request, response: Response) -> None:
        secure = request.url.scheme == "https"
        asked = request.query_params.get("lang")
        if asked in LANGUAGES and request.cookies.get(LANG_COOKIE) != asked:
            response.set_cookie(LANG_COOKIE, asked, max_age=365 * 86400, samesite="lax", secure=secure)
        if request.cookies.get(CSRF_COOKIE) is None and "csrf" in request.scope.get("truce", {}):
            response.set_cookie(
                CSRF_COOKIE, request.scope["truce"]["csrf"], httponly=True, samesite="lax", secure=secure
            )

    def error_page(self, request: Request, problem: Problem, headers: dict[str, str] | None) -> Response:
        html = self.render(request, "error.html", problem=problem)
        response = HTMLResponse(html, status_code=problem.status, headers=headers)
        self._cookies(request, response)
        return response


def markup(text: str) -> Markup:
    """HTML Truce itself wrote (the bulletin's body, rendered by its own autoescaping template)."""
    return Markup(text)  # written by Truce's templates: every value in it escaped there
