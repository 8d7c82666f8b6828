"""``truce serve``: the web application and HTTP API over the same database."""

from __future__ import annotations

from typing import Annotated

import typer

from truce.cli.common import READ_ENV_VAR, DbOption, app, command, err, open_store
from truce.errors import FieldError

__all__ = ["serve"]


@app.command()
@command
def serve(
    host: Annotated[str, typer.Option("--host", help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="The port to listen on.")] = 8000,
    private: Annotated[
        bool, typer.Option("--private", help="Readers log in too (default: reading is public).")
    ] = False,
    workers: Annotated[int, typer.Option("--workers", help="Processes serving requests.")] = 1,
    db: DbOption = None,
) -> None:
    """Serve the web application and the HTTP API (/api/, described at /api/openapi.json)."""
    import os

    import uvicorn

    from truce.web import Settings
    from truce.web.settings import SECRET_VAR, load_secret

    if not 0 < port < 65536:
        raise FieldError("--port", f"{port} is not a port (1-65535)")
    if not 1 <= workers <= 64:
        raise FieldError("--workers", f"{workers} is not between 1 and 64")
    store = open_store(db)  # a database that cannot be read is refused before anything listens
    url = store.engine.url.render_as_string(hide_password=False)
    settings = Settings(db=url, secret=load_secret(), public=not private)
    # the workers build their own application from these (uvicorn imports the factory in each)
    os.environ.update(
        {"TRUCE_DB": url, SECRET_VAR: settings.secret, "TRUCE_WEB_PUBLIC": "1" if settings.public else "0"}
    )
    reads = ""
    if store.reader is not store.engine:  # --read-db: the workers open their stores with it too
        os.environ[READ_ENV_VAR] = store.reader.url.render_as_string(hide_password=False)
        reads = f", reading from {store.reader.url.render_as_string(hide_password=True)}"
    err.print(f"Truce serves {store.url}{reads} at http://{host}:{port}/ (Ctrl-C stops it).")
    store.close()
    uvicorn.run(
        "truce.web.serving:application",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
    )
