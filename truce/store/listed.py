"""The rows whose key is among many values, asked with one bound value whatever their number."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Text, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY

__all__ = ["among"]


def among(
    column: ColumnElement[Any], values: Iterable[str], bind: Engine | Connection
) -> ColumnElement[bool]:
    """``column IN (values)`` with the values bound as one: a JSON array that SQLite's ``json_each`` reads,
    a text array on PostgreSQL (``= ANY``). An IN list binds each value apart: the backends limit their
    number (so lists were cut into chunks, a statement each) and SQLAlchemy processes every one (0.15 s
    for the 9,000 claims an ingest reads back). The column's index is used either way (query plans in
    tests/test_store_indexes.py). ``bind``: where the query will run (its backend decides the form)."""
    listed = list(values)
    if bind.dialect.name == "postgresql":
        return column == any_(bindparam(None, listed, type_=ARRAY(Text), unique=True))
    rows = func.json_each(bindparam(None, json.dumps(listed), type_=Text, unique=True)).table_valued("value")
    return column.in_(select(rows.c.value))
