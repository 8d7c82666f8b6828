"""The writes the pages and the API share, each one record call made as the user who asks (so the audit
log names them), after the checks of their role: an observer's posts, a publisher's side."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from truce.errors import FieldError, InputError
from truce.record.access import Principal, check_post, check_side
from truce.web.site import Site
from truce.web.views import parse_date, text_field

__all__ = [
    "ObservationForm",
    "checkpoint_as",
    "decide_as",
    "draft_as",
    "find_as",
    "generate_key",
    "ingest_as",
    "observe_as",
    "retract_as",
    "sign_as",
    "withdraw_finding_as",
]

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


@dataclass
class ObservationForm:
    """What the observer's form (or the API) sends: text, as typed."""

    post: str
    day: str
    platform: str = "post"
    time_from: str | None = None
    time_to: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    means: list[str] = field(default_factory=list)
    fire_from: str | None = None
    fired_by: str | None = None
    target: str | None = None
    casualties: list[str] = field(default_factory=list)
    no_casualties: bool = False
    consequences: str = ""


def observe_as(site: Site, who: Principal, form: ObservationForm):  # type: ignore[no-untyped-def]
    """Record an observation for one of the observer's posts (``truce observe``)."""
    from truce.record.observe import ObservationInput, observe

    check_post(who, form.post)
    day = parse_date(form.day, "date")
    if day is None:
        raise FieldError("date", "give the day of the observation")
    if (form.lat is None) != (form.lon is None):
        raise FieldError("at", "give both the latitude and the longitude, or neither")
    given = ObservationInput(
        post=form.post,
        day=day,
        observer=who.name,
        platform=form.platform,
        time_from=text_field(form.time_from, "from", 5),
        time_to=text_field(form.time_to, "to", 5),
        place=text_field(form.place, "place", 200),
        at=(form.lat, form.lon) if form.lat is not None and form.lon is not None else None,
        radius_m=form.radius_m,
        means=[m for m in form.means if m],
        fire_from=text_field(form.fire_from, "fire-from", 20),
        fired_by=text_field(form.fired_by, "fired-by", 10),
        target=text_field(form.target, "target", 10),
        casualties=[c.strip() for c in form.casualties if c.strip()][:50],
        no_casualties=form.no_casualties,
        consequences=form.consequences or "",
    )
    return observe(site.acting(who), given)


def decide_as(site: Site, who: Principal, claim: str, incident: str, kind: str, note: str = ""):  # type: ignore[no-untyped-def]
    """An analyst links or unlinks a claim and an incident (``truce link`` / ``truce unlink``)."""
    from truce.record.decisions import decide

    who.require("analyse")
    if kind not in ("link", "unlink"):
        raise FieldError("kind", f"'{kind[:20]}' is not link or unlink")
    return decide(site.acting(who), claim.strip(), incident.strip(), kind, note)


def find_as(  # type: ignore[no-untyped-def]
    site: Site,
    who: Principal,
    incident: str,
    verdict: str,
    note: str,
    accused: str | None = None,
    means: list[str] | None = None,
    place: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
):
    """An analyst sets the monitor's finding on an incident (``truce verdict set``)."""
    from truce.record.findings import FindingInput, set_finding

    who.require("analyse")
    given = FindingInput(
        verdict=text_field(verdict, "verdict", 20) or "",
        note=note,
        accused=text_field(accused, "fired-by", 20),
        means=[m.strip() for m in means or [] if m.strip()][:20],
        place=text_field(place, "place", 200),
        date_from=parse_date(date_from, "from"),
        date_to=parse_date(date_to, "to"),
    )
    return set_finding(site.acting(who), incident.strip(), given, who.name)


def withdraw_finding_as(site: Site, who: Principal, incident: str, note: str):  # type: ignore[no-untyped-def]
    from truce.record.findings import withdraw_finding

    who.require("analyse")
    return withdraw_finding(site.acting(who), incident.strip(), note, who.name)


def retract_as(site: Site, who: Principal, document: str, reason: str):  # type: ignore[no-untyped-def]
    from truce.record.documents import retract

    who.require("analyse")
    return retract(site.acting(who), document.strip(), reason, who.name)


def ingest_as(  # type: ignore[no-untyped-def]
    site: Site,
    who: Principal,
    data: bytes,
    filename: str,
    source: str | None = None,
    published: str | None = None,
    lang: str = "auto",
):
    """Ingest an uploaded file (``truce ingest FILE``): read with the same checks as a file on disk."""
    from truce.record.ingest import ingest, read

    who.require("analyse")
    name = re.sub(r"[^\w.-]+", "-", Path(filename or "pasted.txt").name)[:100] or "pasted.txt"
    if not name.lower().endswith(DOCUMENT_SUFFIXES):
        raise FieldError("file", f"'{name}' is not a document Truce reads ({', '.join(DOCUMENT_SUFFIXES)})")
    if lang not in ("auto", "en", "ru"):
        raise FieldError("lang", f"'{lang[:10]}' is not one of auto, en, ru")
    day = parse_date(published, "published")
    with tempfile.TemporaryDirectory(prefix="truce-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            documents = read([path], text_field(source, "source", 200), day)
        except InputError as exc:  # name the file as the user named it, not where it was kept
            raise type(exc)(*_renamed(exc, f"{folder}/")) from None
    return ingest(site.acting(who), documents, lang)


def _renamed(exc: InputError, folder: str) -> tuple[str, ...]:
    if isinstance(exc, FieldError):
        return exc.field, exc.problem.replace(folder, "")
    return (str(exc).replace(folder, ""),)


def draft_as(  # type: ignore[no-untyped-def]
    site: Site,
    who: Principal,
    day: str,
    langs: list[str],
    names: str | None = None,
    correct: str | None = None,
    reason: str = "",
):
    """A publisher drafts the bulletin of a day (``truce publish``)."""
    from truce.record.publish import publish
    from truce.report.language import language

    who.require("publish")
    when = parse_date(day, "day")
    if when is None:
        raise FieldError("day", "give the day of the bulletin")
    chosen = tuple(dict.fromkeys(langs or ["en"]))
    for code in chosen:
        language(code)
    return publish(
        site.acting(who),
        when,
        chosen,
        text_field(names, "names", 20),
        text_field(correct, "correct", 40),
        reason,
    )


def _key(site: Site, who: Principal, key_text: str):  # type: ignore[no-untyped-def]
    """The signer's private key, read from what they sent (never stored, never quoted in an error),
    registered for their own side."""
    from truce.audit.errors import FormatError
    from truce.audit.keys import parse_private_key

    who.require("publish")
    if not key_text.strip():
        raise FieldError("key", "give the private key of your side (the key file's one line)")
    if len(key_text) > 4096:
        raise FieldError("key", "a private key is one short line")
    try:
        key = parse_private_key(key_text)
    except FormatError as exc:
        raise FieldError("key", str(exc)) from None
    check_side(site.store, who, key_text)
    return key


def sign_as(site: Site, who: Principal, bulletin: str, key_text: str):  # type: ignore[no-untyped-def]
    """A publisher signs a draft for their side (``truce sign``); the key is used and forgotten."""
    from truce.record.publish import sign

    key = _key(site, who, key_text)
    return sign(site.acting(who), bulletin.strip(), key)


def checkpoint_as(site: Site, who: Principal, key_text: str) -> tuple[int, list[str]]:
    """A publisher signs a checkpoint of the log for their side (``truce checkpoint``)."""
    from truce.record.publish import checkpoint

    key = _key(site, who, key_text)
    return checkpoint(site.acting(who), key)


def generate_key(store, name: str, side: str) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    """A new key for a side (``truce keys generate``): the public key registered, the private key given
    back once, its file removed."""
    import tempfile
    from pathlib import Path as FilePath

    from truce.record.publish import generate

    with tempfile.TemporaryDirectory(prefix="truce-key-") as folder:
        out = FilePath(folder) / "key"
        key = generate(store, name, side, out)
        return key, out.read_text(encoding="utf-8").strip()
