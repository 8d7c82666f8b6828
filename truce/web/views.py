"""What pages and the API share: reading the filters of a request into the record's queries, pages of a
list, and incidents as rows of text in a language. Parsing and presentation only: every value is the
record layer's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from truce.errors import FieldError
from truce.model import Incident
from truce.record.access import Principal
from truce.record.incidents import IncidentQuery
from truce.report import describe
from truce.report.language import language
from truce.store import Store
from truce.web.settings import Settings

__all__ = ["Paging", "incident_query", "incident_rows", "paging", "parse_date", "text_field"]

MAX_FIELD = 500  # characters of a filter or a short form field


def parse_date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(field, f"'{value[:40]}' is not a date (use YYYY-MM-DD)") from None


def text_field(value: str | None, field: str, most: int = MAX_FIELD) -> str | None:
    """A short text from a form or a query, bounded; empty is None."""
    if value is None or not value.strip():
        return None
    if len(value) > most:
        raise FieldError(field, f"is longer than {most} characters")
    return value.strip()


def incident_query(
    date_from: str | None,
    date_to: str | None,
    place: str | None,
    accused: str | None,
    means: str | None,
    monitor_only: bool,
) -> IncidentQuery:
    """The incident filters of a request, as ``truce incidents`` takes them."""
    party = text_field(accused, "accused", 20)
    return IncidentQuery(
        parse_date(date_from, "from"),
        parse_date(date_to, "to"),
        text_field(place, "place"),
        party if party in (None, "unknown") else party.upper(),  # type: ignore[union-attr]
        text_field(means, "means", 40),
        monitor_only,
    )


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def start(self) -> int:
        return (self.page - 1) * self.per_page

    def of(self, total: int) -> Paging:
        """This page of a list of ``total`` items."""
        return Paging(self.page, self.per_page, total)

    def slice(self, items: list[Any]) -> list[Any]:
        return items[self.start : self.start + self.per_page]


def paging(settings: Settings, who: Principal, page: int, per_page: int | None, total: int = 0) -> Paging:
    """A page of a list (of ``total`` items, when known); a page larger than the default is a bulk download
    (not for guests)."""
    size = per_page or settings.page_size
    most = settings.max_page_size if who.may("bulk") else settings.page_size
    if not 1 <= size <= most:
        raise FieldError("per_page", f"a page holds 1 to {most} items")
    if page < 1:
        raise FieldError("page", "pages are numbered from 1")
    return Paging(page, size, total)


def incident_rows(store: Store, incidents: list[Incident], names: str | None, lang: str) -> list[dict]:
    """Incidents as rows of text in ``lang``, places named in the convention ``names``."""
    from truce.record.bulletin import convention

    written, parties, sources = language(lang), store.parties(), store.sources()
    gazetteer, chosen = store.gazetteer(), convention(store, names)
    return [
        {
            "id": incident.id,
            "date": describe.date_text(incident.date_from, incident.date_to, written),
            "violations": incident.violations,
            "where": describe.location_text(incident, gazetteer, chosen, written),
            "blamed": describe.blamed(incident, parties, written),
            "means": describe.means_text(incident, written),
            "casualties": describe.casualties_text(
                incident.casualties, incident.no_casualties, parties, written
            ),
            "standing": incident.standing.value,
            "by_monitor": incident.by_monitor,
            "claimants": [sources[s].name_in(lang) if s in sources else s for s in incident.claimants],
        }
        for incident in incidents
    ]
