"""The monitor's finding on an incident: what an analyst of the operations centre settles, beside the
claims of the parties and the outlets.

A finding says whether the incident was a ceasefire violation (the monitor's record then counts it, in
the values the finding gives), could not be established, or was unfounded (the record does not count it);
a violation finding may settle who fired ("unknown": not established), the means, the place and the
dates, and leaves every other field to the claims. Every finding gives its grounds (``note``). A later
finding supersedes an earlier one; withdrawing one leaves the incident to its claims again. Nothing is
overwritten: the findings of an incident are its history, and each one is a write of the audit log.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date

from truce.errors import FieldError, NotFound, UnknownPlace
from truce.model import MEANS, MonitorFinding, Verdict
from truce.record.linking import Ground, locate
from truce.store import Store, convert, user

__all__ = ["FindingInput", "findings_in_force", "findings_of", "set_finding", "withdraw_finding"]

MAX_NOTE = 2000  # characters of grounds kept with a finding


@dataclass(frozen=True)
class FindingInput:
    """What an analyst enters. Only a ``violation`` settles fields; None leaves a field to the claims."""

    verdict: str
    note: str
    accused: str | None = None  # a party code, or "unknown": who fired was not established
    means: list[str] = field(default_factory=list)
    place: str | None = None  # a place in any of its names and spellings
    date_from: date | None = None
    date_to: date | None = None


def set_finding(
    store: Store, incident_id: str, given: FindingInput, by: str | None = None, today: date | None = None
) -> MonitorFinding:
    """Check and record the monitor's finding on an incident, and show it on the incident, in one
    transaction (logged as ``by``'s)."""
    try:
        verdict = Verdict(given.verdict)
    except ValueError:
        settable = ", ".join(v.value for v in Verdict if v is not Verdict.WITHDRAWN)
        raise FieldError("verdict", f"'{given.verdict[:40]}' is not one of {settable}") from None
    if verdict is Verdict.WITHDRAWN:
        raise FieldError("verdict", "withdraw a finding with withdraw_finding (truce verdict withdraw)")
    settled = {  # by the names of the fields a user fills in (as ``truce observe`` names them)
        "fired-by": given.accused,
        "means": given.means or None,
        "place": given.place,
        "from": given.date_from or given.date_to,
    }
    if verdict is not Verdict.VIOLATION:
        for name, value in settled.items():
            if value is not None:
                raise FieldError(name, f"only a violation finding settles this; this one is {verdict}")
    finding = MonitorFinding(
        incident_id,
        verdict,
        _who(by),
        convert.now(),
        note=_note(given.note),
        accused=_accused(store, given.accused),
        means=_means(given.means),
        **_dates(store, given, today or date.today()),
        **_place(store, given.place),
    )
    return _record(store, finding)


def withdraw_finding(store: Store, incident_id: str, note: str, by: str | None = None) -> MonitorFinding:
    """Withdraw the finding in force on an incident: it rests on its claims again."""
    current = _in_force(store, incident_id)
    if current is None:
        raise NotFound(f"incident '{incident_id}' has no finding in force to withdraw")
    withdrawal = MonitorFinding(incident_id, Verdict.WITHDRAWN, _who(by), convert.now(), _note(note))
    return _record(store, withdrawal)


def findings_of(store: Store, incident_id: str) -> list[MonitorFinding]:
    """The findings made on an incident, oldest first; the last one is in force unless it withdraws."""
    return store.findings([incident_id])


def findings_in_force(store: Store) -> list[MonitorFinding]:
    """The finding in force on each incident that has one, oldest first."""
    latest = {f.incident_id: f for f in store.findings()}
    return sorted((f for f in latest.values() if f.verdict is not Verdict.WITHDRAWN), key=lambda f: f.id or 0)


def _record(store: Store, finding: MonitorFinding) -> MonitorFinding:
    with store.transaction("finding", finding.analyst) as tx:
        if not tx.has_incident(finding.incident_id):
            raise NotFound(f"no incident '{finding.incident_id}'")
        number = tx.add_finding(finding)
        tx.apply_finding(finding.incident_id)
        locate(tx, Ground.of_store(store), [finding.incident_id])
        tx.details = {"incident": finding.incident_id, "verdict": finding.verdict.value, "note": finding.note}
    return dataclasses.replace(finding, id=number)  # as stored (a read replica may not have it yet)


def _in_force(store: Store, incident_id: str) -> MonitorFinding | None:
    found = findings_of(store, incident_id)
    return found[-1] if found and found[-1].verdict is not Verdict.WITHDRAWN else None


def _who(by: str | None) -> str:
    who = " ".join((by or user()).split())
    if not who or len(who) > 200:
        raise FieldError("analyst", "say who makes the finding (up to 200 characters)")
    return who


def _note(note: str) -> str:
    note = " ".join((note or "").split())
    if not note:
        raise FieldError("note", "give the grounds of the finding")
    if len(note) > MAX_NOTE:
        raise FieldError("note", f"is longer than {MAX_NOTE} characters")
    return note


def _accused(store: Store, accused: str | None) -> str | None:
    if accused is None:
        return None
    parties = set(store.parties()) | {"unknown"}
    if accused not in parties:
        raise FieldError("fired-by", f"'{accused[:20]}' is not a party ({', '.join(sorted(parties))})")
    return accused


def _means(means: list[str]) -> tuple[str, ...] | None:
    for term in means:
        if term not in MEANS:
            raise FieldError("means", f"'{term[:40]}' is not in the vocabulary ({', '.join(MEANS)})")
    return tuple(sorted(set(means))) or None


def _dates(store: Store, given: FindingInput, today: date) -> dict[str, date | None]:
    if given.date_from is None and given.date_to is None:
        return {"date_from": None, "date_to": None}
    first = given.date_from or given.date_to
    last = given.date_to or given.date_from
    assert first is not None and last is not None
    if last < first:
        raise FieldError("to", f"{last} is before {first}")
    mission = store.mission()
    end = min(mission.ended or today, today)
    for name, day in (("from", first), ("to", last)):
        if not mission.start <= day <= end:
            raise FieldError(name, f"{day} is outside the mandate ({mission.start} to {end})")
    return {"date_from": first, "date_to": last}


def _place(store: Store, name: str | None) -> dict[str, object]:
    if name is None:
        return {}
    text = " ".join(name.split())
    if not text or len(text) > 200:
        raise FieldError("place", "name a place (up to 200 characters)")
    try:
        place = store.gazetteer().resolve(text)
    except UnknownPlace as exc:
        raise FieldError("place", str(exc)) from None
    return {
        "place_id": place.id,
        "location_text": text,
        "lat": place.lat,
        "lon": place.lon,
        "radius_m": place.radius_m,
    }
