"""Reconciliation: the claims of several sources become incidents, with what is agreed and contested.

``link`` decides which claims speak of one incident; ``view`` shows, field by field, what they say;
``counts`` matches counts without items ("13 violations in the district") against itemised incidents.
``Linker.episodes`` groups the incidents of one multi-day offensive or exchange into an episode, which
``episode_views`` shows.
"""

from truce.reconcile.link import Decision, Linker, compatible_means, incident_id_for, is_count
from truce.reconcile.view import (
    CasualtyRange,
    EpisodeView,
    FieldView,
    IncidentView,
    episode_views,
    incident_view,
)

__all__ = [
    "CasualtyRange",
    "Decision",
    "EpisodeView",
    "FieldView",
    "IncidentView",
    "Linker",
    "compatible_means",
    "episode_views",
    "incident_id_for",
    "incident_view",
    "is_count",
]
