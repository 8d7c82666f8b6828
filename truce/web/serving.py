"""The application as ``truce serve`` starts it in each worker: its settings from the environment the
command set (``TRUCE_DB``, ``TRUCE_SECRET``, ``TRUCE_WEB_PUBLIC``)."""

from __future__ import annotations

import os

from fastapi import FastAPI

from truce.web.app import create_app
from truce.web.settings import Settings, load_secret

__all__ = ["application"]


def application() -> FastAPI:
    settings = Settings(
        db=os.environ.get("TRUCE_DB"),
        secret=load_secret(),
        public=os.environ.get("TRUCE_WEB_PUBLIC", "1") == "1",
    )
    return create_app(settings)
