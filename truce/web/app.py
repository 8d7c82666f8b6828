"""The application: FastAPI over the same store the command line uses, its pages and its API, the one
error handler, the limit on what a request may send, and the headers that keep every page to what the
application itself serves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truce.errors import TruceError
from truce.store import Store
from truce.web import errors
from truce.web.security import check_csrf
from truce.web.settings import Settings
from truce.web.site import Site

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"
# Nothing from elsewhere: scripts, styles, images and connections stay with the application.
POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """A request body is bounded (413 beyond the limit, whether announced or streamed), and every
    response carries the security headers."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = HTTPException(413, f"the request is larger than {self.limit // (1024 * 1024)} MB")
        announced = dict(scope["headers"]).get(b"content-length", b"0")
        received = 0

        async def bounded() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise too_large  # inside the route: the error handler answers
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        if not announced.isdigit() or int(announced) > self.limit:  # refused before it is read
            response = await errors.handle(Request(scope), too_large)
            await response(scope, receive, with_headers)
            return
        await self.app(scope, bounded, with_headers)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The application over ``store`` (or the database ``settings.db``, which must be ready)."""
    from truce.web.api import admin as api_admin
    from truce.web.api import reading as api_reading
    from truce.web.api import writing as api_writing
    from truce.web.pages import account, admin, reading, work

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if store is None:
            app.state.site.store.close()

    app = FastAPI(
        title="Truce",
        summary="Ceasefire monitoring: the monitor's record apart from the parties' claims.",
        version=__import__("truce").__version__,
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive docs load their scripts from elsewhere: the document is enough
        redoc_url=None,
        dependencies=[Depends(check_csrf)],
        lifespan=lifespan,
        # no traces, metrics or logs for an OpenTelemetry collector: a mission's server reports to nobody
        # outside, and FastAPI's check for a configured one cost about 7 % of a cached page
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False},
    )
    opened = store
    if opened is None:
        from truce.record.setup import open_store

        opened = open_store(settings.db) if settings.db else open_store(None)
    app.state.site = Site(settings, opened)
    # each class but Exception is answered where it is raised (Starlette re-raises what reaches Exception's
    # handler, and the server then drops the connection): a busy pool is one of them
    for exc in (HTTPException, RequestValidationError, TruceError, errors.PoolTimeout, Exception):
        app.add_exception_handler(exc, errors.handle)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (api_reading, api_writing, api_admin, reading, account, work, admin):
        app.include_router(module.router)
    app.add_middleware(Guard, limit=settings.max_upload)
    return app
