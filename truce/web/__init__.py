"""The web application and HTTP API (``truce serve``): the same record functions the command line calls,
for observers, analysts, publishers, administrators and readers, with nothing fetched from elsewhere.

    settings   the settings, declared once; the secret that signs sessions
    app        the FastAPI application: routers, the error handler, the body limit, security headers
    site       what requests share: the store, the templates per language, the memo of the record's state
    security   who makes a request (session cookie, token, anonymous) and CSRF
    errors     every error as one JSON envelope (the API) or one HTML page
    views      filters, pages of lists, incidents as rows
    compare    an incident's claims side by side, with its history
    actions    the writes pages and API share, made as the user who asks
    api/       reading, writing, access (users, tokens, keys) under /api/
    pages/     reading, account (login, guests), work (observe, inbox, sign-off), admin
"""

from truce.web.app import create_app
from truce.web.settings import Settings

__all__ = ["Settings", "create_app"]
