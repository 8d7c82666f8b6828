"""Reading pack data files: CSV with ``#`` provenance lines, and field parsers that name the file, the
line and the field of whatever is wrong."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from truce.errors import PackError

__all__ = ["Row", "check_unique", "read_csv"]


class Row:
    """One data row of a pack CSV file, with typed getters that raise :class:`PackError`."""

    def __init__(self, file: str, line: int, values: dict[str, str]) -> None:
        self.file, self.line, self.values = file, line, values

    def error(self, field: str | None, problem: str) -> PackError:
        return PackError(self.file, self.line, field, problem)

    def str(self, field: str, required: bool = True) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.error(field, "is empty")
        return value

    def opt(self, field: str) -> str | None:
        return self.str(field, required=False) or None

    def float(self, field: str, lo: float | None = None, hi: float | None = None) -> float:
        text = self.str(field)
        try:
            value = float(text)
        except ValueError:
            raise self.error(field, f"'{text}' is not a number") from None
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise self.error(field, f"{value} is outside {lo}..{hi}")
        return value

    def opt_float(self, field: str) -> float | None:
        return self.float(field) if self.str(field, required=False) else None

    def int(self, field: str) -> int:
        text = self.str(field)
        try:
            return int(text)
        except ValueError:
            raise self.error(field, f"'{text}' is not a whole number") from None

    def opt_int(self, field: str) -> int | None:
        return self.int(field) if self.str(field, required=False) else None

    def bool(self, field: str) -> bool:
        text = self.str(field, required=False) or "0"
        if text not in ("0", "1"):
            raise self.error(field, f"'{text}' must be 0 or 1")
        return text == "1"

    def date(self, field: str) -> date:
        text = self.str(field)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(field, f"'{text}' is not a date (YYYY-MM-DD)") from None

    def opt_date(self, field: str) -> date | None:
        return self.date(field) if self.str(field, required=False) else None

    def choice(self, field: str, allowed: tuple[str, ...] | list[str], required: bool = True) -> str:
        value = self.str(field, required)
        if value and value not in allowed:
            raise self.error(field, f"'{value}' is not one of {', '.join(allowed)}")
        return value

    def list(self, field: str, sep: str = "|") -> list[str]:
        return [part.strip() for part in self.str(field, required=False).split(sep) if part.strip()]


def read_csv(
    path: Path, columns: tuple[str, ...], delimiter: str = ",", optional: tuple[str, ...] = ()
) -> Iterator[Row]:
    """Yield the data rows of a pack CSV file whose header must be exactly ``columns``, but that the
    ``optional`` ones among them may be left out (their fields then read empty).

    Leading ``#`` lines (provenance) are skipped but counted, so errors name the line an editor shows.
    """
    name = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(name, None, None, "file is missing from the pack") from None
    except UnicodeDecodeError as exc:
        raise PackError(name, None, None, f"is not UTF-8 text ({exc.reason})") from None
    lines = text.splitlines()
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    # tab-separated extracts (GeoNames) carry quote marks inside names and never quote fields
    quoting = csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL
    reader = csv.reader(lines[skipped:], delimiter=delimiter, quoting=quoting)
    header = next(reader, None)
    if header is None:
        raise PackError(name, skipped + 1, None, "has no header row")
    present = tuple(c for c in columns if c not in optional or c in header)
    if tuple(header) != present:
        missing = [c for c in present if c not in header]
        extra = [c for c in header if c not in columns]
        detail = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unexpected {', '.join(extra)}" if extra else "",
                "columns out of order" if not missing and not extra else "",
            )
            if part
        )
        raise PackError(name, skipped + 1, None, f"header does not match the pack format: {detail}")
    for values in reader:
        line = skipped + reader.line_num
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(present):
            raise PackError(name, line, None, f"has {len(values)} fields, expected {len(present)}")
        yield Row(name, line, dict(zip(present, values, strict=True)))


def check_unique(file: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise PackError(file, None, "id", f"'{value}' is used twice")
        seen.add(value)
