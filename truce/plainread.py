"""The gazetteer and the mission read in plain SQL, without SQLAlchemy.

The store reads them through these functions (over its own connection), and so does
:class:`QuickReader`, the command line's read of a SQLite file with the standard library's ``sqlite3``:
importing SQLAlchemy and mapping the schema costs more CPU than a place search itself
(``bench/bench_startup.py``), so ``truce places search`` reads through it when it can."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date

from truce.database import SCHEMA_REVISION, database_url, sqlite_file
from truce.gazetteer import Gazetteer
from truce.model import Convention, Mission, Place, PlaceName, PostGroup, Profile

__all__ = [
    "PLACE_COLUMNS",
    "MissionRecord",
    "QuickReader",
    "profile_from_json",
    "read_mission",
    "read_places",
]

#: Runs one SQL statement (no parameters) and gives its rows as tuples: a DB-API connection's
#: ``execute`` (sqlite3) or SQLAlchemy's ``Connection.exec_driver_sql``.
Query = Callable[[str], Iterable[Sequence]]

PLACE_COLUMNS = tuple(f.name for f in fields(Place) if f.name != "names")
_MISSION_COLUMNS = tuple(f.name for f in fields(Mission))


def read_places(query: Query) -> list[Place]:
    """Every place with its names, in the order of their ids."""
    names: dict[str, list[PlaceName]] = defaultdict(list)
    for place_id, *name in query(
        "SELECT place_id, text, role, key, sound_key FROM place_names ORDER BY place_id, position"
    ):
        names[place_id].append(PlaceName(*name))
    rows = query(f"SELECT {', '.join(PLACE_COLUMNS)} FROM places ORDER BY id")
    return [
        Place(**dict(zip(PLACE_COLUMNS, row, strict=True)), names=names[row[0]])  # type: ignore[arg-type]
        for row in rows
    ]


@dataclass(frozen=True)
class MissionRecord:
    """The mission row: the mandate, the pack's profile and the focus of its theatre."""

    mission: Mission
    profile: Profile
    focus: tuple[float, float]


def read_mission(query: Query) -> MissionRecord | None:
    """The mission of the database; None when no pack is loaded."""
    columns = (*_MISSION_COLUMNS, "focus_lat", "focus_lon", "profile")
    row = next(iter(query(f"SELECT {', '.join(columns)} FROM mission")), None)
    if row is None:
        return None
    values = dict(zip(columns, row, strict=True))
    for name in ("start", "ended"):  # SQLite gives dates as text
        if isinstance(values[name], str):
            values[name] = date.fromisoformat(values[name])
    mission = Mission(**{c: values[c] for c in _MISSION_COLUMNS})
    return MissionRecord(
        mission, profile_from_json(values["profile"]), (values["focus_lat"], values["focus_lon"])
    )


def profile_from_json(text: str) -> Profile:
    """The pack's profile as stored with the mission (``truce.store.convert.profile_to_json``)."""
    values = json.loads(text)
    values["bounds"] = tuple(values["bounds"])
    values["official_roles"] = official = {k: tuple(v) for k, v in values["official_roles"].items()}
    values["conventions"] = {
        k: Convention(v["code"], tuple(v["roles"]), v["labels"], v["single_side"], official)
        for k, v in values["conventions"].items()
    }
    values["post_groups"] = tuple(PostGroup(**g) for g in values["post_groups"])
    values["zones"] = tuple(values["zones"])
    values["belligerents"] = tuple(values["belligerents"])
    values["map_notes"] = tuple(values.get("map_notes", ()))
    values["signers"] = dict(values.get("signers", {}))
    return Profile(**values)


class QuickReader:
    """The gazetteer and the mission of an initialised SQLite file, read-only, with ``sqlite3``: what the
    store gives for them (``gazetteer``, ``mission``, ``profile``, ``focus``), for commands that need
    nothing else."""

    def __init__(self, connection: sqlite3.Connection, mission: MissionRecord) -> None:
        self._connection = connection
        self._mission = mission
        self._gazetteer: Gazetteer | None = None

    @classmethod
    def open(cls, db: str | None) -> QuickReader | None:
        """The reader of ``db`` (else ``TRUCE_DB``, else the default file) when it is an SQLite file at this
        code's schema with a mission loaded; None otherwise (the store opens it, and says what is wrong)."""
        path = sqlite_file(database_url(db))
        if path is None or not path.is_file():
            return None
        try:
            connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            try:
                (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                mission = read_mission(connection.execute) if revision == SCHEMA_REVISION else None
            except (sqlite3.Error, TypeError):
                mission = None
            if mission is None:
                connection.close()
                return None
        except sqlite3.Error:
            return None
        return cls(connection, mission)

    def mission(self) -> Mission:
        return self._mission.mission

    def profile(self) -> Profile:
        return self._mission.profile

    def focus(self) -> tuple[float, float]:
        return self._mission.focus

    def places(self) -> list[Place]:
        self._connection.execute("BEGIN")  # the names and the places of one state of the file
        try:
            return read_places(self._connection.execute)
        finally:
            self._connection.rollback()

    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.places(), focus=self.focus())
        return self._gazetteer

    def close(self) -> None:
        self._connection.close()
