"""Opening a database by URL, and bringing its schema up to date with the Alembic migrations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from truce.database import (
    ENV_VAR,
    READ_ENV_VAR,
    SCHEMA_REVISION,
    database_url,
    default_database_path,
    read_database_url,
)
from truce.errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

__all__ = [
    "ENV_VAR",
    "READ_ENV_VAR",
    "SCHEMA_REVISION",
    "WRITE_OPTION",
    "current_revision",
    "database_url",
    "default_database_path",
    "head_revision",
    "hide_password",
    "make_engine",
    "read_database_url",
    "upgrade",
]

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_S = 60.0
#: SQLite connections kept open: one for each request thread of the server (anyio runs 40). They are
#: cheap; one opened for a request beyond the pool and closed after it cost its pragmas every time.
SQLITE_POOL = 40
#: The execution option that marks a connection as a writer's (see ``Store.transaction``).
WRITE_OPTION = "truce_writer"


def make_engine(url: str, create: bool = True, read_only: bool = False) -> Engine:
    """An engine for ``url``, checked by connecting once; any failure is one clear :class:`StoreError`.

    With ``create=False`` a missing SQLite file is refused rather than made (an empty file left behind
    by a mistyped path helps nobody). With ``read_only`` every connection refuses writes (a replica's
    engine: a write sent there by mistake fails at once, even on a server that would accept it)."""
    try:
        parsed = make_url(url)
        sqlite = parsed.get_backend_name() == "sqlite"
        # SQLite: writers wait for each other (up to a minute) rather than fail at once
        connect_args: dict[str, object] = {"timeout": BUSY_TIMEOUT_S} if sqlite else {}
        if read_only and parsed.get_backend_name() == "postgresql":
            given = parsed.query.get("options", "")
            options = " ".join([*([given] if isinstance(given, str) else given), READ_ONLY_OPTION])
            connect_args["options"] = options.strip()
        pool = {"pool_size": SQLITE_POOL, "max_overflow": SQLITE_POOL} if sqlite and _on_disk(parsed) else {}
        engine = create_engine(parsed, connect_args=connect_args, **pool)  # type: ignore[arg-type]
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        reason = hide_password(str(exc))
        raise StoreError(
            f"'{hide_password(url)}' is not a database URL this Truce can use ({reason})"
        ) from None
    except ImportError as exc:
        raise StoreError(
            f"the database driver for '{hide_password(url)}' is not installed ({exc.name})"
        ) from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        if read_only:
            event.listen(engine, "connect", _sqlite_query_only)
        event.listen(engine, "begin", _sqlite_begin)
        database = parsed.database
        if database and database != ":memory:" and not Path(database).parent.is_dir():
            raise StoreError(
                f"cannot open database {database}: folder {Path(database).parent} does not exist"
            )
        if database and database != ":memory:" and not create and not Path(database).exists():
            raise StoreError(f"no database at {database}: run `truce init --db {database}` to create it")
        if database and Path(database).is_dir():
            raise StoreError(f"cannot open database {database}: it is a folder")
    try:
        with engine.connect() as connection:
            refuses = _refuses_writes(connection) if read_only else True
    except SQLAlchemyError as exc:
        reason = hide_password(str(getattr(exc, "orig", None) or exc).splitlines()[0])
        raise StoreError(
            f"cannot open database {engine.url.render_as_string(hide_password=True)}: {reason}"
        ) from None
    if not refuses:  # a driver or server that ignored the setting: never let reads write
        raise StoreError(
            f"the read database {engine.url.render_as_string(hide_password=True)} does not refuse writes"
        )
    return engine


def _on_disk(url: URL) -> bool:
    return url.database not in (None, "", ":memory:") and not str(url.database).startswith("file::memory:")


#: PostgreSQL's setting that makes every transaction of a session read-only (a hot standby is so anyway).
READ_ONLY_OPTION = "-c default_transaction_read_only=on"


def _refuses_writes(connection) -> bool:  # type: ignore[no-untyped-def]
    """Whether a read engine's connection is read-only, as the server says."""
    if connection.dialect.name == "postgresql":
        return connection.exec_driver_sql("SHOW transaction_read_only").scalar() == "on"
    if connection.dialect.name == "sqlite":
        return connection.exec_driver_sql("PRAGMA query_only").scalar() == 1
    return False


_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@|(password=)\S+", re.IGNORECASE)


def hide_password(text: str) -> str:
    """``text`` with any password of a database URL or connection string masked.

    >>> hide_password("postgresql://truce:s3cret@db/truce and password=s3cret")
    'postgresql://truce:***@db/truce and password=***'
    """
    return _PASSWORD.sub(lambda m: (m.group(1) + "***@") if m.group(1) else m.group(2) + "***", text)


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # the driver begins no transaction of its own: SQLAlchemy's "begin" event does it (_sqlite_begin)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers don't block the writer
    cursor.close()


def _sqlite_query_only(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")  # after the pragmas above: WAL mode is set by writing
    cursor.close()


def _pragma(connection, setting: str) -> None:  # type: ignore[no-untyped-def]
    """Set an SQLite pragma on the driver's connection, outside any transaction."""
    cursor = connection.connection.dbapi_connection.cursor()
    cursor.execute(f"PRAGMA {setting}")
    cursor.close()


def _sqlite_begin(connection) -> None:  # type: ignore[no-untyped-def]
    """Begin a transaction: IMMEDIATE for a writer (it takes the write lock before its first read, so two
    writers never read the same state and then both write), DEFERRED for a reader."""
    mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _config() -> Config:
    from alembic.config import Config  # Alembic only where the schema changes: reading needs none of it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The head of the migration scripts (what :data:`SCHEMA_REVISION` must say)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The migration a database is at; None for a database Truce never initialised."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations the database lacks (none if it is up to date)."""
    from alembic import command

    config = _config()
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:  # SQLite alters a table by copying it: references are checked once, at the end
                _pragma(connection, "foreign_keys=OFF")  # outside any transaction, or SQLite ignores it
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise StoreError("cannot bring the database schema up to date: a reference does not hold")
            if sqlite:
                _pragma(connection, "foreign_keys=ON")
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot bring the database schema up to date: {reason}") from None
