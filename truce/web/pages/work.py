"""The pages of the mission's work: the observer's form, the analyst's inbox (ingest, link and unlink,
retract) and the publisher's sign-off. A refused value shows the form again with the message and what
was typed; access is refused as everywhere (401, 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import Response

from truce.errors import TruceError
from truce.record.access import Forbidden, Principal, Unauthenticated
from truce.web.actions import (
    ObservationForm,
    checkpoint_as,
    decide_as,
    draft_as,
    find_as,
    ingest_as,
    observe_as,
    retract_as,
    sign_as,
    withdraw_finding_as,
)
from truce.web.api.reading import site_of
from truce.web.errors import problem_of
from truce.web.security import Analyst, Observer, Publisher

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

Short = Annotated[str | None, Form(max_length=200)]
Long = Annotated[str, Form(max_length=2000)]


def _attempt(
    request: Request, template: str, context: Callable[[], dict], run: Callable[[], Any]
) -> Response:
    """Run a write; on a refused value, show the form again with the problem (and its status)."""
    site = site_of(request)
    try:
        done = run()
    except (Unauthenticated, Forbidden):
        raise
    except TruceError as exc:
        problem = problem_of(exc)
        return site.page(request, template, status=problem.status, error=problem, done=None, **context())
    return site.page(request, template, error=None, done=done, **context())


# -- the observer ------------------------------------------------------------------------------------


def _observe_context(request: Request, who: Principal, form: dict | None = None) -> dict:
    from truce.model import MEANS
    from truce.record.observe import PLATFORMS
    from truce.report.describe import DIRECTIONS

    store = site_of(request).store
    posts = {p.id: p for p in store.posts()}
    return {
        "posts": [posts[p] for p in who.posts if p in posts],
        "platforms": PLATFORMS,
        "means_list": MEANS,
        "directions": DIRECTIONS,
        "parties": store.parties(),
        "form": form or vars(ObservationForm("", "")),
    }


@router.get("/observe")
def observe_form(request: Request, who: Observer) -> Response:
    return site_of(request).page(
        request, "observe.html", error=None, done=None, **_observe_context(request, who)
    )


@router.post("/observe")
def observe(
    request: Request,
    who: Observer,
    post: Annotated[str, Form(max_length=64)],
    day: Annotated[str, Form(max_length=10)],
    platform: Annotated[str, Form(max_length=10)] = "post",
    time_from: Annotated[str | None, Form(max_length=5)] = None,
    time_to: Annotated[str | None, Form(max_length=5)] = None,
    place: Short = None,
    lat: Annotated[float | None, Form(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Form(ge=-180, le=180)] = None,
    radius_m: Annotated[float | None, Form(gt=0, le=50_000)] = None,
    means: Annotated[list[str] | None, Form(max_length=20)] = None,
    fire_from: Annotated[str | None, Form(max_length=20)] = None,
    fired_by: Annotated[str | None, Form(max_length=10)] = None,
    target: Annotated[str | None, Form(max_length=10)] = None,
    casualties: Annotated[str | None, Form(max_length=2000)] = None,
    no_casualties: Annotated[bool, Form()] = False,
    consequences: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    form = ObservationForm(
        post, day, platform, time_from, time_to, place, lat, lon, radius_m, means or [],
        fire_from, fired_by, target, (casualties or "").splitlines(), no_casualties, consequences,
    )  # fmt: skip
    site = site_of(request)
    return _attempt(
        request,
        "observe.html",
        lambda: _observe_context(request, who, vars(form)),
        lambda: observe_as(site, who, form),
    )


# -- the analyst -------------------------------------------------------------------------------------


def _inbox_context(request: Request, incident: str | None = None) -> dict:
    from truce.record.inbox import inbox

    site = site_of(request)
    found = site.cached(request, ("inbox",), lambda: inbox(site.store))
    return {"inbox": found, "sources": site.store.sources(), "incident": incident or ""}


@router.get("/inbox")
def inbox(
    request: Request, who: Analyst, incident: Annotated[str | None, Query(max_length=100)] = None
) -> Response:
    context = _inbox_context(request, incident)
    return site_of(request).page(request, "inbox.html", error=None, done=None, action=None, **context)


@router.post("/inbox/ingest")
async def ingest(
    request: Request,
    who: Analyst,
    file: UploadFile | None = None,
    text: Annotated[str | None, Form(max_length=1_000_000)] = None,
    source: Short = None,
    published: Annotated[str | None, Form(max_length=10)] = None,
    lang: Annotated[str, Form(max_length=5)] = "auto",
) -> Response:
    from starlette.concurrency import run_in_threadpool

    if file is not None and file.filename:
        data, name = await file.read(), file.filename
    else:
        data, name = (text or "").encode("utf-8"), "pasted.txt"
    site = site_of(request)

    def run() -> Response:
        return _attempt(
            request,
            "inbox.html",
            lambda: {**_inbox_context(request), "action": "ingest"},
            lambda: ingest_as(site, who, data, name, source, published, lang),
        )

    return await run_in_threadpool(run)


@router.post("/inbox/decide")
def decide(
    request: Request,
    who: Analyst,
    claim: Annotated[str, Form(max_length=100)],
    incident: Annotated[str, Form(max_length=100)],
    kind: Annotated[str, Form(max_length=10)],
    note: Long = "",
) -> Response:
    site = site_of(request)
    return _attempt(
        request,
        "inbox.html",
        lambda: {**_inbox_context(request, incident), "action": "decide"},
        lambda: decide_as(site, who, claim, incident, kind, note),
    )


def _incident_context(request: Request, incident_id: str) -> Callable[[], dict]:
    """The incident page's context, to show the finding form again with its problem."""
    from truce.web.compare import comparison, finding_choices

    store = site_of(request).store
    return lambda: {"names": None, **comparison(store, incident_id, None), **finding_choices(store)}


@router.post("/incidents/{incident_id}/finding")
def find(
    request: Request,
    who: Analyst,
    incident_id: Annotated[str, Path(max_length=100)],
    verdict: Annotated[str, Form(max_length=20)],
    note: Long,
    fired_by: Annotated[str | None, Form(max_length=20)] = None,
    means: Annotated[list[str] | None, Form(max_length=40)] = None,
    place: Annotated[str | None, Form(max_length=200)] = None,
    date_from: Annotated[str | None, Form(max_length=10)] = None,
    date_to: Annotated[str | None, Form(max_length=10)] = None,
) -> Response:
    site = site_of(request)
    return _attempt(
        request,
        "incident.html",
        _incident_context(request, incident_id),
        lambda: find_as(site, who, incident_id, verdict, note, fired_by, means, place, date_from, date_to),
    )


@router.post("/incidents/{incident_id}/finding/withdraw")
def withdraw_finding(
    request: Request, who: Analyst, incident_id: Annotated[str, Path(max_length=100)], note: Long
) -> Response:
    site = site_of(request)
    return _attempt(
        request,
        "incident.html",
        _incident_context(request, incident_id),
        lambda: withdraw_finding_as(site, who, incident_id, note),
    )


@router.post("/documents/{document_id}/retract")
def retract(
    request: Request, who: Analyst, document_id: Annotated[str, Path(max_length=64)], reason: Long
) -> Response:
    site = site_of(request)
    return _attempt(
        request,
        "inbox.html",
        lambda: {**_inbox_context(request), "action": "retract"},
        lambda: retract_as(site, who, document_id, reason),
    )


# -- the publisher -----------------------------------------------------------------------------------


def _sign_off_context(request: Request) -> dict:
    import json

    from truce.record.bulletin import mandate_days

    store = site_of(request).store
    found = store.bulletins()
    drafts = [(b, json.loads(b.manifest)) for b in found if b.status == "draft"]
    last = mandate_days(store.mission(), __import__("datetime").date.today())[1]
    return {
        "drafts": drafts,
        "published": [b for b in found if b.status == "published"][-10:][::-1],
        "sides": store.profile().signers,
        "keys": store.public_keys(),
        "conventions": store.profile().conventions,
        "last_day": last,
    }


@router.get("/sign-off")
def sign_off(request: Request, who: Publisher) -> Response:
    return site_of(request).page(
        request, "sign_off.html", error=None, done=None, action=None, **_sign_off_context(request)
    )


@router.post("/sign-off/draft")
def draft(
    request: Request,
    who: Publisher,
    day: Annotated[str, Form(max_length=10)],
    langs: Annotated[list[str] | None, Form(max_length=5)] = None,
    names: Annotated[str | None, Form(max_length=20)] = None,
    correct: Annotated[str | None, Form(max_length=40)] = None,
    reason: Long = "",
) -> Response:
    site = site_of(request)
    return _attempt(
        request,
        "sign_off.html",
        lambda: {**_sign_off_context(request), "action": "draft"},
        lambda: draft_as(site, who, day, langs or ["en"], names, correct, reason),
    )


async def _key_text(key_file: UploadFile | None, key: str | None) -> str:
    if key_file is not None and key_file.filename:
        return (await key_file.read(4097)).decode("utf-8", errors="replace")
    return key or ""


@router.post("/sign-off/{bulletin_id}/sign")
async def sign(
    request: Request,
    who: Publisher,
    bulletin_id: Annotated[str, Path(max_length=40)],
    key_file: UploadFile | None = None,
    key: Annotated[str | None, Form(max_length=4096)] = None,
) -> Response:
    site = site_of(request)
    return await _with_key(request, "sign", key_file, key, lambda text: sign_as(site, who, bulletin_id, text))


@router.post("/sign-off/checkpoint")
async def checkpoint(
    request: Request,
    who: Publisher,
    key_file: UploadFile | None = None,
    key: Annotated[str | None, Form(max_length=4096)] = None,
) -> Response:
    site = site_of(request)
    return await _with_key(request, "checkpoint", key_file, key, lambda text: checkpoint_as(site, who, text))


async def _with_key(
    request: Request,
    action: str,
    key_file: UploadFile | None,
    key: str | None,
    run: Callable[[str], Any],
) -> Response:
    """A publisher's write with the private key sent (a file or pasted text), on the sign-off page; the
    signing runs off the event loop."""
    from starlette.concurrency import run_in_threadpool

    text = await _key_text(key_file, key)
    return await run_in_threadpool(
        _attempt,
        request,
        "sign_off.html",
        lambda: {**_sign_off_context(request), "action": action},
        lambda: run(text),
    )
