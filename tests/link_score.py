"""Linking scored on the real-text corpus (tests/real_corpus): the annotated claims become the claims an
ingest would store, the linker links them, and pairs of claims are scored against the incident groups.

Run it to print the figures (``python tests/link_score.py [dev|test]``); tests/test_link_real.py holds
floors on them.

How an expected claim becomes a :class:`~truce.model.Claim` (as :func:`truce.extract.result.as_claim`
does, with the choices below):

- dates: ``event_date`` (and ``date_end``) with their precision; no date: the publication day, marked
  ``reported``; times are local (the mission's time zone) and stored in UTC;
- places: the named places the gazetteer knows. Settlements and heights make a point claim; several of
  them make one *extent* (:func:`truce.reconcile.link.extent`: the disc holding them all); a relative
  position ("2 km NW of X") its point and spread; only admin units, a district claim; nothing known, the
  whole region;
- standing: the monitor's voice ("RU MoD") is :attr:`~truce.model.Standing.REPORTED`, every other voice
  :attr:`~truce.model.Standing.CLAIMED`;
- source: the *voice*, as an ingest that attributes each account to its speaker stores it ("AZ MoD" is
  one source whichever outlet relays it), except the outlet's own voice, which is the publisher ("outlet"
  of TASS and "outlet" of news.am are two sources). ``relayed=True`` gives instead one source per voice
  *and* publisher ("AZ MoD via Trend"), as an ingest that cannot tell relays apart would;
- document: the passage, so two claims of one passage are two claims of one document.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from truce.gazetteer import Gazetteer
from truce.geo.locate import relative_position
from truce.model import Casualty, Claim, DatePrecision, LocationPrecision, Standing
from truce.reconcile import Linker
from truce.reconcile.link import extent

CORPUS = Path(__file__).parent / "real_corpus"
MONITOR_VOICES = {"RU MoD"}


@dataclass
class Gold:
    claims: list[Claim]
    truth: dict[str, str]  # claim id -> incident group


def load(gazetteer: Gazetteer, split: str, timezone: str = "Asia/Baku", relayed: bool = False) -> Gold:
    """The claims of one split (``dev``, ``test`` or ``all`` of them; ``holdout``, kept in files of its own)
    with their incident groups."""
    claims, truth = [], {}
    zone = ZoneInfo(timezone)
    for name in ("holdout-en.jsonl", "holdout-ru.jsonl") if split == "holdout" else ("en.jsonl", "ru.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if split != "all" and row["split"] != split:
                continue
            for number, item in enumerate(row["expected"], 1):
                claim = as_claim(item, row, f"C-{row['id']}-{number}", gazetteer, zone, relayed)
                claims.append(claim)
                truth[claim.id] = item["incident"]
    return Gold(claims, truth)


def as_claim(
    item: dict, row: dict, claim_id: str, gazetteer: Gazetteer, zone: ZoneInfo, relayed: bool
) -> Claim:
    published = date.fromisoformat(row["published"])
    day = date.fromisoformat(item["event_date"]) if item["event_date"] else published
    last = date.fromisoformat(item["date_end"]) if item["date_end"] else day
    precision = (
        DatePrecision.REPORTED
        if not item["event_date"]
        else DatePrecision.RANGE
        if last != day
        else DatePrecision.DAY
    )

    def utc(clock: str | None, on: date) -> datetime | None:
        if not clock:
            return None
        return datetime.combine(on, time.fromisoformat(clock), tzinfo=zone).astimezone(UTC)

    voice = item["source"]
    source = f"outlet: {row['publisher']}" if voice == "outlet" else voice
    if relayed and voice != "outlet":
        source = f"{voice} via {row['publisher']}"
    claim = Claim(
        date_from=day,
        date_to=last,
        date_precision=precision,
        location_precision=LocationPrecision.REGION,
        radius_m=60000.0,
        area_ref="region",
        accused=item["accused"],
        target=item["target"],
        violations=item["violations"] or 1,
        time_from=utc(item["time_start"], day),
        time_to=utc(item["time_end"], last),
        means=list(item["means"]),
        casualties=[Casualty(c["side"], c["category"], c["status"], c["count"]) for c in item["casualties"]],
        no_casualties=item["no_casualties"],
        stance=item["stance"],
        id=claim_id,
        source_id=source,
        document_id=row["id"],
        standing=Standing.REPORTED if voice in MONITOR_VOICES else Standing.CLAIMED,
    )
    known = [p for p in (gazetteer.get(i) for i in item["places"] if i) if p is not None]
    spots = [p for p in known if not p.is_admin_unit]
    relative = item["relative"]
    anchor = gazetteer.get(relative["of"]) if relative and relative.get("of") else None
    if anchor is not None and relative["km"] is not None and relative["direction"]:
        lat, lon, metres = relative_position(anchor, relative["km"], relative["direction"])
        claim.place_id, claim.area_ref, claim.lat, claim.lon, claim.radius_m = (
            anchor.id,
            None,
            lat,
            lon,
            metres,
        )
        claim.location_precision = LocationPrecision.POINT
        claim.rel_km, claim.rel_dir = relative["km"], relative["direction"]
    elif spots:
        lat, lon, metres = extent([(p.lat, p.lon, max(p.radius_m, 1000.0)) for p in spots])
        claim.place_id, claim.area_ref, claim.lat, claim.lon, claim.radius_m = (
            spots[0].id,
            None,
            lat,
            lon,
            metres,
        )
        claim.location_precision = LocationPrecision.NEAR
    elif known:
        claim.location_precision, claim.area_ref, claim.radius_m = (
            LocationPrecision.DISTRICT,
            known[0].id,
            known[0].radius_m,
        )
    return claim


@dataclass(frozen=True)
class Score:
    claims: int
    incidents: int  # true incident groups
    found: int  # incidents the linker made
    precision: float
    recall: float
    same_day_precision: float  # precision over the pairs whose days overlap
    same_day_apart: float  # of the same-day different-incident pairs, the share kept apart
    same_day_negatives: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (
            f"{self.claims} claims, {self.incidents} incidents, {self.found} found: pairwise precision "
            f"{self.precision:.3f}, recall {self.recall:.3f}, F1 {self.f1:.3f}; same-day pairs: precision "
            f"{self.same_day_precision:.3f}, {self.same_day_apart:.3f} of {self.same_day_negatives} "
            f"different-incident pairs kept apart"
        )


def _overlap(a: Claim, b: Claim) -> bool:
    return a.date_from <= b.date_to and b.date_from <= a.date_to


def score(claims: list[Claim], truth: dict[str, str], predicted: dict[str, str]) -> Score:
    """Pairwise scores; a claim left unlinked (no incident) is alone."""
    tp = fp = fn = sd_tp = sd_fp = sd_neg = sd_apart = 0
    for a, b in itertools.combinations(claims, 2):
        pa, pb = predicted.get(a.id), predicted.get(b.id)
        same_predicted = pa is not None and pa == pb
        same_true = truth[a.id] == truth[b.id]
        tp += same_predicted and same_true
        fp += same_predicted and not same_true
        fn += same_true and not same_predicted
        if _overlap(a, b):
            sd_tp += same_predicted and same_true
            sd_fp += same_predicted and not same_true
            if not same_true:
                sd_neg += 1
                sd_apart += not same_predicted
    return Score(
        claims=len(claims),
        incidents=len(set(truth.values())),
        found=len({predicted.get(c.id) or c.id for c in claims}),
        precision=tp / (tp + fp) if tp + fp else 1.0,
        recall=tp / (tp + fn) if tp + fn else 1.0,
        same_day_precision=sd_tp / (sd_tp + sd_fp) if sd_tp + sd_fp else 1.0,
        same_day_apart=sd_apart / sd_neg if sd_neg else 1.0,
        same_day_negatives=sd_neg,
    )


def errors(claims: Iterable[Claim], truth: dict[str, str], predicted: dict[str, str]) -> list[tuple]:
    """The wrongly joined and wrongly parted pairs, for reading."""
    wrong = []
    for a, b in itertools.combinations(sorted(claims, key=lambda c: c.id), 2):
        pa, pb = predicted.get(a.id), predicted.get(b.id)
        same_predicted = pa is not None and pa == pb
        same_true = truth[a.id] == truth[b.id]
        if same_predicted != same_true:
            wrong.append(("joined" if same_predicted else "parted", a.id, b.id, truth[a.id], truth[b.id]))
    return wrong


def units_of(gazetteer: Gazetteer) -> dict[str, tuple[float, float, float]]:
    """Where each admin unit lies (lat, lon, radius in metres), for the linker."""
    return {p.id: (p.lat, p.lon, p.radius_m) for p in gazetteer.places.values() if p.is_admin_unit}


def linker_for(gazetteer: Gazetteer, geometry: bool = True) -> Linker:
    return Linker(gazetteer.units_of, units=units_of(gazetteer) if geometry else None)


def by_episode(predicted: dict[str, str], episodes: dict[str, str]) -> dict[str, str]:
    """Claim id -> its incident's episode (or its incident when it is in none)."""
    return {claim: episodes.get(incident, incident) for claim, incident in predicted.items()}


def main() -> None:
    from truce.packs import load_pack

    pack = load_pack()
    gazetteer = pack.gazetteer()
    splits = [a for a in sys.argv[1:] if not a.startswith("-")] or ["dev", "test"]
    for split in splits:
        for relayed, geometry in ((False, True), (True, True), (False, False)):
            gold = load(gazetteer, split, pack.mission.timezone, relayed)
            linker = linker_for(gazetteer, geometry)
            predicted = linker.link(gold.claims)
            episodes = by_episode(predicted, linker.episodes(gold.claims, predicted))
            label = ("voice@publisher" if relayed else "voice") + ("" if geometry else " no-units")
            print(f"{split:5} {label:24} incidents {score(gold.claims, gold.truth, predicted)}")
            print(f"{split:5} {label:24} episodes  {score(gold.claims, gold.truth, episodes)}")
            if "-v" in sys.argv and not relayed and geometry:
                level = episodes if "-e" in sys.argv else predicted
                for item in errors(gold.claims, gold.truth, level):
                    print("   ", *item)


if __name__ == "__main__":
    main()
