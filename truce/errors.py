"""The errors Truce raises. The cores raise them; the CLI (and later the HTTP API) turn them into one
line for the user and a non-zero exit.

    TruceError
     ├── PackError        a pack file is broken: names the file, the line and the field
     ├── InputError       a value given by the user is not valid (a date that is not a date...)
     │    └── FieldError       ... naming the field it was given for
     ├── NotFound         something asked for does not exist
     │    └── UnknownPlace     no place by that name; carries the nearest names
     └── StoreError       the database cannot be opened, or is not initialised
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["FieldError", "InputError", "NotFound", "PackError", "StoreError", "TruceError", "UnknownPlace"]


class TruceError(Exception):
    """Base of every error Truce reports to a user."""

    exit_code = 1


class PackError(TruceError):
    def __init__(self, file: str, line: int | None, field: str | None, problem: str) -> None:
        self.file, self.line, self.field, self.problem = file, line, field, problem
        where = (
            file + (f", line {line}" if line is not None else "") + (f", field '{field}'" if field else "")
        )
        super().__init__(f"{where}: {problem}")


class InputError(TruceError):
    exit_code = 2


class NotFound(TruceError):
    pass


class UnknownPlace(NotFound):
    """No place by that name. The nearest names are looked for only when they are read (the message, or
    ``suggestions``): a caller that only tries a name, as the extractor does, does not pay for them."""

    def __init__(self, query: str, suggestions: Sequence[str] | Callable[[], Sequence[str]]) -> None:
        self.query = query
        self._suggestions = suggestions
        super().__init__(query)

    @property
    def suggestions(self) -> list[str]:
        if callable(self._suggestions):
            self._suggestions = self._suggestions()
        return list(self._suggestions)

    def __str__(self) -> str:
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        return f"unknown place '{self.query}'.{hint}"

    def __reduce__(self) -> tuple[type[UnknownPlace], tuple[str, list[str]]]:
        return (UnknownPlace, (self.query, self.suggestions))


class StoreError(TruceError):
    pass


class FieldError(InputError):
    """A value given for a named field is not valid (an observation's post, a bulletin's date...)."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")
