"""The audit log: ``truce verify`` re-hashes the log and checks the record against it."""

from __future__ import annotations

from truce.cli.common import DbOption, app, command, open_store, out
from truce.errors import TruceError

__all__ = ["verify"]


class RecordDoesNotHold(TruceError):
    """The log or the record was changed behind the log's back."""


@app.command()
@command
def verify(db: DbOption = None) -> None:
    """Re-hash the whole audit log and check every entity of the record against it."""
    from truce.record.audit import verify as verify_record

    result = verify_record(open_store(db))
    if result.holds:
        out.print(
            f"The log holds: {result.entries} entries, head {result.head[:16]}, consistent with its "
            f"{result.checkpoints} signed checkpoints; {result.entities} entities of the record match it."
        )
        return
    for problem in result.problems:
        by = (
            f" (last written by entry {problem.entry}, {problem.entry_action}, {problem.entry_at})"
            if problem.entry and problem.what not in ("entry", "checkpoint")
            else ""
        )
        out.print(f"{problem.what} {problem.key} {problem.problem}{by}")
    raise RecordDoesNotHold(
        f"the record does not hold: {len(result.problems)} problems, the first at {result.problems[0].what} "
        f"{result.problems[0].key}"
    )
