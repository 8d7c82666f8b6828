"""The database schema (SQLAlchemy 2 declarative). Only ``truce.store`` imports this.

Changes to it go with an Alembic migration in ``migrations/versions``; the test suite checks that the
migrations and this module agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base"]

# Named constraints, so migrations can alter them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PackRow(Base):
    """A loaded mission pack and the hash of its files: loading the same files again changes nothing."""

    __tablename__ = "packs"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MissionRow(Base):
    __tablename__ = "mission"
    id: Mapped[str] = mapped_column(String(50), primary_key=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.name"))
    name: Mapped[str] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(String(64))
    start: Mapped[date] = mapped_column(Date)
    term_years: Mapped[int] = mapped_column(Integer)
    notice_months: Mapped[int] = mapped_column(Integer)
    monitor: Mapped[str] = mapped_column(String(10))
    default_names: Mapped[str] = mapped_column(String(20))
    ended: Mapped[date | None] = mapped_column(Date)
    ended_note: Mapped[str] = mapped_column(Text, default="")
    focus_lat: Mapped[float] = mapped_column(Float)
    focus_lon: Mapped[float] = mapped_column(Float)
    profile: Mapped[str] = mapped_column(Text, default="{}")  # the pack's profile, JSON (truce.model.Profile)


class PartyRow(Base):
    __tablename__ = "parties"
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name_en: Mapped[str] = mapped_column(Text)
    name_ru: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str | None] = mapped_column(String(10))
    side_en: Mapped[str] = mapped_column(Text, default="")
    side_ru: Mapped[str] = mapped_column(Text, default="")
    # the words a text uses of the party, "|"-separated (parties.csv words_en, words_ru), for extraction
    words_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    words_ru: Mapped[str] = mapped_column(Text, default="", server_default="")


class PlaceRow(Base):
    __tablename__ = "places"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.name"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean)
    basis: Mapped[str] = mapped_column(Text)
    geonames_id: Mapped[int | None] = mapped_column(Integer)
    admin_former: Mapped[str | None] = mapped_column(String(64))
    admin_current: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    curated: Mapped[bool] = mapped_column(Boolean)
    disputed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class PlaceNameRow(Base):
    __tablename__ = "place_names"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    place_id: Mapped[str] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    # the gazetteer's matching keys (fold, sound), computed once when the pack is loaded
    key: Mapped[str] = mapped_column(Text, default="", server_default="")
    sound_key: Mapped[str] = mapped_column(Text, default="", server_default="")


class PostRow(Base):
    __tablename__ = "posts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.name"), index=True)
    name_en: Mapped[str] = mapped_column(Text)
    name_ru: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30))
    zone: Mapped[str | None] = mapped_column(String(20))
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    radius_m: Mapped[float] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean)
    basis: Mapped[str] = mapped_column(Text)
    active_from: Mapped[date] = mapped_column(Date)
    active_to: Mapped[date | None] = mapped_column(Date)
    near_place: Mapped[str | None] = mapped_column(ForeignKey("places.id"))
    source: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    observation_range_m: Mapped[float | None] = mapped_column(Float)


class AreaRow(Base):
    __tablename__ = "areas"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.name"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(64))
    geometry: Mapped[str] = mapped_column(Text)  # GeoJSON
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    approximate: Mapped[bool] = mapped_column(Boolean)
    basis: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text, default="")
    error_m: Mapped[float | None] = mapped_column(Float)


class CeasefirePointRow(Base):
    __tablename__ = "ceasefire_points"
    point: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pack: Mapped[str] = mapped_column(ForeignKey("packs.name"), index=True)
    topic: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)
    summaries: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # JSON: lang -> text


class ActivityRow(Base):
    """The mission's other work, or a restriction of it (truce.model.Activity)."""

    __tablename__ = "activities"
    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    pack: Mapped[str | None] = mapped_column(ForeignKey("packs.name"))
    kind: Mapped[str] = mapped_column(String(20))
    date_from: Mapped[date] = mapped_column(Date, index=True)
    date_to: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10))
    ongoing: Mapped[bool] = mapped_column(Boolean)  # no end is recorded
    place_id: Mapped[str | None] = mapped_column(String(64))
    area_id: Mapped[str | None] = mapped_column(String(64))
    location_text: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)  # who did it, in the source's terms
    party: Mapped[str | None] = mapped_column(String(10))  # the actor's party, when it is one
    addressee: Mapped[str | None] = mapped_column(String(10))  # the party an appeal goes to
    figures: Mapped[str] = mapped_column(Text)  # JSON: what was counted -> number
    summaries: Mapped[str] = mapped_column(Text)  # JSON: lang -> text
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    standing: Mapped[str] = mapped_column(String(10))
    basis: Mapped[str] = mapped_column(Text)


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    party: Mapped[str | None] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    aliases: Mapped[str] = mapped_column(Text, default="", server_default="")  # "|"-separated
    names: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # JSON: lang -> name


class DocumentRow(Base):
    """One published text. Never edited: its id is the hash of its content."""

    __tablename__ = "documents"
    # the few retracted documents, without a scan: their claims are those that do not count (0008)
    __table_args__ = (
        Index(
            "ix_documents_retracted",
            "id",
            sqlite_where=text("retracted_at IS NOT NULL"),
            postgresql_where=text("retracted_at IS NOT NULL"),
        ),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    published: Mapped[date | None] = mapped_column(Date)
    lang: Mapped[str | None] = mapped_column(String(8))
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # a retracted document stays, marked; its claims stop counting (truce.model.Retraction)
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retracted_by: Mapped[str | None] = mapped_column(Text)
    retraction_reason: Mapped[str | None] = mapped_column(Text)


class LogRow(Base):
    """One entry of the append-only audit log: each write transaction appends one, in the same
    transaction, chained to the one before by its hash (see truce.audit.log and truce.store.ledger)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # UTC, ISO 8601, as hashed
    who: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    change: Mapped[str] = mapped_column(Text)  # canonical JSON (RFC 8785): what, and the entities' digests
    prev: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class PublicationRow(Base):
    """Another publication of a document already stored (the same text from another source or address):
    recorded, so that no source's attribution is lost; its claims are the document's, read once."""

    __tablename__ = "publications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    url: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[date | None] = mapped_column(Date)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class EventColumns:
    """The fields a claim states and an incident reconciles (see ``truce.model.Event``)."""

    date_from: Mapped[date] = mapped_column(Date, index=True)
    date_to: Mapped[date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(10))
    time_from: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    time_to: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    location_text: Mapped[str] = mapped_column(Text, default="")
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"), index=True)
    area_ref: Mapped[str | None] = mapped_column(String(64))
    rel_km: Mapped[float | None] = mapped_column(Float)
    rel_dir: Mapped[str | None] = mapped_column(String(4))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    location_precision: Mapped[str] = mapped_column(String(10))
    radius_m: Mapped[float] = mapped_column(Float)
    accused: Mapped[str] = mapped_column(String(10), index=True)
    target: Mapped[str | None] = mapped_column(String(10))
    violations: Mapped[int] = mapped_column(Integer)
    means: Mapped[str] = mapped_column(Text, default="")  # "|"-separated vocabulary terms
    consequences: Mapped[str] = mapped_column(Text, default="")
    consequences_in: Mapped[str] = mapped_column(
        Text, default="{}", server_default="{}"
    )  # JSON: lang -> text
    no_casualties: Mapped[bool] = mapped_column(Boolean, default=False)
    breaches: Mapped[str] = mapped_column(Text, default="")  # "|"-separated statement points


class IncidentRow(EventColumns, Base):
    __tablename__ = "incidents"
    # the few incidents still to locate, without a scan (migration 0008): each condition is the query's
    # ``~sited`` as that backend writes it, or the planner would not see that the index answers it
    __table_args__ = (
        Index(
            "ix_incidents_unsited", "id", sqlite_where=text("sited = 0"), postgresql_where=text("NOT sited")
        ),
        # the few incidents of more than one day, by first day: those that began before a window (0012),
        # with their last day (0016: one index answers "lasts into the window")
        Index(
            "ix_incidents_multiday",
            "date_from",
            "date_to",
            sqlite_where=text("date_to > date_from"),
            postgresql_where=text("date_to > date_from"),
        ),
        # in list order, with the columns a list's totals count: a page and its totals from the index (0013)
        Index("ix_incidents_by_day", "date_from", "id", "standing", "violations", "lat", "means"),
    )
    date_from: Mapped[date] = mapped_column(Date)  # indexed first in ix_incidents_by_day
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str | None] = mapped_column(ForeignKey("packs.name"), index=True)
    # observed, reported (by the monitor) or claimed (truce.model.Standing): what a bulletin counts
    standing: Mapped[str] = mapped_column(String(10), default="claimed", server_default="claimed", index=True)
    # the claim whose values the incident shows (the monitor's, else the first); NULL before reconciliation
    lead_claim: Mapped[str | None] = mapped_column(String(64))
    # the verdict of the monitor's finding in force (truce.model.Verdict); NULL: none
    verdict: Mapped[str | None] = mapped_column(String(20))
    # where its point stands on its day (truce.model.Siting); nothing is known until ``sited``
    sited: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    areas: Mapped[str | None] = mapped_column(Text)  # "|"-separated area version ids; NULL: no point
    line_of_contact_m: Mapped[float | None] = mapped_column(Float)
    nearest_post: Mapped[str | None] = mapped_column(String(64))  # no foreign key: posts are the pack's
    nearest_post_m: Mapped[float | None] = mapped_column(Float)
    observable: Mapped[bool | None] = mapped_column(Boolean)


class ClaimRow(EventColumns, Base):
    __tablename__ = "claims"
    # the few claims of more than one day, by first day and last: those that began before a span of days
    # (0014, 0016)
    __table_args__ = (
        Index(
            "ix_claims_multiday",
            "date_from",
            "date_to",
            sqlite_where=text("date_to > date_from"),
            postgresql_where=text("date_to > date_from"),
        ),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    pack: Mapped[str | None] = mapped_column(ForeignKey("packs.name"), index=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"), index=True)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    document_id: Mapped[str | None] = mapped_column(ForeignKey("documents.id"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    stance: Mapped[str] = mapped_column(String(20), default="asserts", server_default="asserts")
    standing: Mapped[str] = mapped_column(String(10), default="claimed", server_default="claimed")
    flags: Mapped[str] = mapped_column(Text, default="", server_default="")  # "|"-separated


class ObservationRow(Base):
    """Who of the mission's own observers saw an incident (the claim holds what was seen)."""

    __tablename__ = "observations"
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(64))  # no foreign key: posts are the pack's
    platform: Mapped[str] = mapped_column(String(10))
    observer: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    fire_from: Mapped[str | None] = mapped_column(String(4))
    fired_by: Mapped[str | None] = mapped_column(String(10))


class CasualtyRow(Base):
    __tablename__ = "casualties"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    side: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    count: Mapped[int] = mapped_column(Integer)


class LinkDecisionRow(Base):
    """An analyst's link or unlink of a claim and an incident: every reconciliation obeys it."""

    __tablename__ = "link_decisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_id: Mapped[str] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[str] = mapped_column(String(64))  # no foreign key: the incident may be rebuilt
    kind: Mapped[str] = mapped_column(String(10))  # "link" or "unlink"
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    note: Mapped[str] = mapped_column(Text, default="")


class FindingRow(Base):
    """The monitor's finding on an incident (truce.model.MonitorFinding); the latest per incident is in
    force, the earlier ones are its history."""

    __tablename__ = "findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(String(64), index=True)  # no foreign key: kept if emptied
    verdict: Mapped[str] = mapped_column(String(20))
    accused: Mapped[str | None] = mapped_column(String(20))
    means: Mapped[str | None] = mapped_column(Text)  # "|"-separated; NULL: left to the claims
    place_id: Mapped[str | None] = mapped_column(String(64))
    location_text: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_m: Mapped[float | None] = mapped_column(Float)
    date_from: Mapped[date | None] = mapped_column(Date)
    date_to: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    analyst: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class KeyRow(Base):
    """A monitoring side's public signing key (its private half lives in a file the user names, never
    here). A retired key signs nothing more and still verifies what it signed."""

    __tablename__ = "keys"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    side: Mapped[str] = mapped_column(String(40))
    verifier: Mapped[str] = mapped_column(Text)  # the verifier key text (c2sp.org/signed-note)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CheckpointRow(Base):
    """A signed checkpoint of the log (c2sp.org/tlog-checkpoint in a signed note): self-authenticating,
    so not itself logged."""

    __tablename__ = "checkpoints"
    size: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BulletinRow(Base):
    """A published (or drafted) bulletin: its manifest and files never change once published; a
    correction is a new version that names what it corrects."""

    __tablename__ = "bulletins"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # B-2022-03-11-1
    day: Mapped[date] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    corrects: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20))  # draft, published
    manifest: Mapped[str] = mapped_column(Text)  # canonical JSON: what is signed
    drafted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class BulletinFileRow(Base):
    __tablename__ = "bulletin_files"
    bulletin_id: Mapped[str] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class SignatureRow(Base):
    """One side's signature of a bulletin's manifest (Ed25519, base64)."""

    __tablename__ = "bulletin_signatures"
    bulletin_id: Mapped[str] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), primary_key=True)
    side: Mapped[str] = mapped_column(String(40), primary_key=True)
    key_name: Mapped[str] = mapped_column(String(100))
    signature: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person who uses the web application, with one role (truce.record.access). The password is kept
    as an Argon2 hash; ``epoch`` grows whenever the password, role or state changes, which ends every
    session signed before (logging out ends one session: :class:`EndedSessionRow`). A guest's access
    ends at ``expires_at``."""

    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(20))
    side: Mapped[str | None] = mapped_column(String(40))  # a publisher's monitoring side
    posts: Mapped[str] = mapped_column(Text, default="")  # an observer's posts, "|"-joined
    password_hash: Mapped[str | None] = mapped_column(Text)  # None: no password login (a guest)
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class EndedSessionRow(Base):
    """A session its user logged out of, by the SHA-256 of its CSRF value (which that session's cookie
    alone holds): a copy of the cookie no longer works, while the user's other sessions go on. Kept
    until the cookie would have expired anyway (``until``), then purged."""

    __tablename__ = "ended_sessions"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    ended_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class TokenRow(Base):
    """An API token: its public id, and the SHA-256 of its secret (never the secret). Revocation is one
    way: ``revoked_at`` is set once and never cleared."""

    __tablename__ = "tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_name: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(Text, default="")
    secret_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(Text)  # "|"-joined
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
