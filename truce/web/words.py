"""Words the pages show from data (roles, standings, statuses, error codes, field names...): marked here
so that ``make catalogs`` extracts them for translation; the templates translate them with ``_``."""

from __future__ import annotations

__all__ = ["WORDS"]


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


WORDS = (
    # roles
    N_("guest"), N_("reader"), N_("observer"), N_("analyst"), N_("publisher"), N_("administrator"),
    N_("anonymous"),
    # standings and statuses
    N_("observed"), N_("reported"), N_("claimed"), N_("draft"), N_("published"),
    # platforms
    N_("post"), N_("patrol"), N_("uav"),
    # the compare view's fields
    N_("date"), N_("time"), N_("place"), N_("blamed"), N_("means"), N_("casualties"), N_("violations"),
    N_("withdrawal"),
    # trends
    N_("day"), N_("week"), N_("month"), N_("zone"), N_("party"),
    # error codes
    N_("bad_request"), N_("unauthenticated"), N_("forbidden"), N_("not_found"), N_("method_not_allowed"),
    N_("not_acceptable"), N_("conflict"), N_("too_large"), N_("unsupported_media_type"), N_("invalid"),
    N_("internal"), N_("unavailable"), N_("error"), N_("too_many_requests"),
)  # fmt: skip
