"""The observations of the mission's own observers, as recorded (``truce observe``, the web form): what
each saw, from which post, by whom, and the incident it joined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from truce.model import Claim, Observation, Standing
from truce.store import IncidentFilter, Store

__all__ = ["Observed", "observations"]


@dataclass(frozen=True)
class Observed:
    claim: Claim
    observation: Observation
    incident_id: str | None


def observations(
    store: Store, date_from: date | None = None, date_to: date | None = None, post: str | None = None
) -> list[Observed]:
    """The observations of a period (of one post), newest recorded first."""
    claims = [
        claim
        for incident in store.incidents(IncidentFilter(date_from, date_to))
        for claim in incident.claims
        if claim.standing is Standing.OBSERVED
    ]
    recorded = store.observations([c.id for c in claims])
    found = [
        Observed(c, recorded[c.id], c.incident_id)
        for c in claims
        if c.id in recorded and (post is None or recorded[c.id].post_id == post)
    ]
    return sorted(found, key=lambda o: (o.observation.recorded_at, o.claim.id), reverse=True)
