"""Writing the record through the API, each write one record call made as the caller (so the audit log
names them): observations, documents, link decisions, retractions, bulletins drafted and signed,
checkpoints. What a call sends is bounded in size; a refused value is 422 naming its field."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

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
from truce.web.api.reading import bulletin_json, site_of
from truce.web.compare import finding_record
from truce.web.errors import RESPONSES
from truce.web.security import Analyst, Observer, Publisher

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["writing"], responses=RESPONSES)

Short = Annotated[str | None, Field(max_length=200)]


class ObservationIn(BaseModel):
    post: str = Field(max_length=64)
    date: date
    platform: Literal["post", "patrol", "uav"] = "post"
    time_from: str | None = Field(None, max_length=5, description="HH:MM, local")
    time_to: str | None = Field(None, max_length=5)
    place: Short = Field(None, description="A place, or '2 km north-west of X'")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    radius_m: float | None = Field(None, gt=0, le=50_000)
    means: list[Annotated[str, Field(max_length=40)]] = Field(default_factory=list, max_length=20)
    fire_from: str | None = Field(None, max_length=20)
    fired_by: str | None = Field(None, max_length=10)
    target: str | None = Field(None, max_length=10)
    casualties: list[Annotated[str, Field(max_length=100)]] = Field(default_factory=list, max_length=50)
    no_casualties: bool = False
    consequences: str = Field("", max_length=2000)


def link_json(report) -> dict:  # type: ignore[no-untyped-def]
    return {"claims": report.claims, "incidents": report.incidents, "moved": report.moved}


@router.post("/observations", status_code=201, summary="Record an observation for one of one's posts")
def observe(request: Request, who: Observer, body: ObservationIn) -> JSONResponse:
    form = ObservationForm(
        body.post, body.date.isoformat(), body.platform, body.time_from, body.time_to, body.place,
        body.lat, body.lon, body.radius_m, body.means, body.fire_from, body.fired_by, body.target,
        body.casualties, body.no_casualties, body.consequences,
    )  # fmt: skip
    report = observe_as(site_of(request), who, form)
    return JSONResponse(
        {"claim": report.claim.id, "incident": report.incident_id, "link": link_json(report.link)},
        status_code=201,
    )


class DocumentIn(BaseModel):
    text: str = Field(min_length=1, max_length=1_000_000)
    published: date | None = None
    source: Short = None
    url: str = Field("", max_length=2000)
    lang: Literal["en", "ru"] | None = None


class DocumentsIn(BaseModel):
    documents: list[DocumentIn] = Field(min_length=1, max_length=1000)


@router.post("/documents", status_code=201, summary="Ingest documents (as `truce ingest` a JSON Lines file)")
def ingest(request: Request, who: Analyst, body: DocumentsIn) -> JSONResponse:
    lines = "\n".join(json.dumps(d.model_dump(exclude_none=True, mode="json")) for d in body.documents)
    report = ingest_as(site_of(request), who, lines.encode("utf-8"), "documents.jsonl")
    return JSONResponse(
        {
            "added": report.added,
            "known": report.known,
            "republished": report.republished,
            "retracted": report.retracted,
            "claims": report.claims,
            "undated": report.undated,
            "link": link_json(report.link) if report.link else None,
        },
        status_code=201,
    )


class DecisionIn(BaseModel):
    claim: str = Field(max_length=100)
    incident: str = Field(max_length=100)
    kind: Literal["link", "unlink"]
    note: str = Field("", max_length=2000)


@router.post("/decisions", status_code=201, summary="Link or unlink a claim and an incident")
def decide(request: Request, who: Analyst, body: DecisionIn) -> JSONResponse:
    report = decide_as(site_of(request), who, body.claim, body.incident, body.kind, body.note)
    return JSONResponse(link_json(report), status_code=201)


class FindingIn(BaseModel):
    verdict: Literal["violation", "not_established", "unfounded"]
    note: str = Field(min_length=1, max_length=2000)
    accused: str | None = Field(None, max_length=20)
    means: list[str] = Field(default_factory=list, max_length=20)
    place: str | None = Field(None, max_length=200)
    date_from: date | None = None
    date_to: date | None = None


@router.post(
    "/incidents/{incident_id}/findings", status_code=201, summary="Set the monitor's finding on an incident"
)
def find(
    request: Request, who: Analyst, incident_id: Annotated[str, Path(max_length=100)], body: FindingIn
) -> JSONResponse:
    dates = [d.isoformat() if d else None for d in (body.date_from, body.date_to)]
    found = find_as(
        site_of(request),
        who,
        incident_id,
        body.verdict,
        body.note,
        body.accused,
        body.means,
        body.place,
        *dates,
    )
    return JSONResponse(finding_record(found), status_code=201)


class WithdrawalIn(BaseModel):
    note: str = Field(min_length=1, max_length=2000)


@router.post(
    "/incidents/{incident_id}/findings/withdrawal",
    status_code=201,
    summary="Withdraw the monitor's finding on an incident",
)
def withdraw(
    request: Request, who: Analyst, incident_id: Annotated[str, Path(max_length=100)], body: WithdrawalIn
) -> JSONResponse:
    found = withdraw_finding_as(site_of(request), who, incident_id, body.note)
    return JSONResponse(finding_record(found), status_code=201)


class RetractionIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


@router.post("/documents/{document_id}/retraction", status_code=201, summary="Retract a document")
def retract(
    request: Request, who: Analyst, document_id: Annotated[str, Path(max_length=64)], body: RetractionIn
) -> JSONResponse:
    report = retract_as(site_of(request), who, document_id, body.reason)
    return JSONResponse(
        {"document": report.document.id, "claims": report.claims, "link": link_json(report.link)},
        status_code=201,
    )


class DraftIn(BaseModel):
    day: date
    langs: list[Literal["en", "ru"]] = Field(default_factory=lambda: ["en"], min_length=1, max_length=2)
    names: str | None = Field(None, max_length=20)
    correct: str | None = Field(None, max_length=40)
    reason: str = Field("", max_length=2000)


@router.post("/bulletins", status_code=201, summary="Draft the bulletin of a day for the sides to sign")
def draft(request: Request, who: Publisher, body: DraftIn) -> JSONResponse:
    drafted = draft_as(
        site_of(request), who, body.day.isoformat(), list(body.langs), body.names, body.correct, body.reason
    )
    return JSONResponse(json.loads(json.dumps(bulletin_json(drafted), default=str)), status_code=201)


class KeyIn(BaseModel):
    key: str = Field(min_length=1, max_length=4096, description="The private key's one line (never stored)")


@router.post("/bulletins/{bulletin_id}/signatures", status_code=201, summary="Sign a draft for one's side")
def sign(
    request: Request, who: Publisher, bulletin_id: Annotated[str, Path(max_length=40)], body: KeyIn
) -> JSONResponse:
    signed = sign_as(site_of(request), who, bulletin_id, body.key)
    return JSONResponse(json.loads(json.dumps(bulletin_json(signed), default=str)), status_code=201)


@router.post("/checkpoints", status_code=201, summary="Sign a checkpoint of the audit log for one's side")
def checkpoint(request: Request, who: Publisher, body: KeyIn) -> JSONResponse:
    size, names = checkpoint_as(site_of(request), who, body.key)
    return JSONResponse({"size": size, "signed_by": names}, status_code=201)
