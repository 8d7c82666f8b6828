"""Scoring extraction against the hand-checked corpus (tests/extract_corpus/corpus.jsonl): claims are
paired with expected claims passage by passage, then each field is counted right, wrong or missing."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from truce.extract import ExtractedClaim, Extractor

CORPUS = Path(__file__).parent / "extract_corpus" / "corpus.jsonl"
FIELDS = (
    "event_date",
    "date_end",
    "time_start",
    "time_end",
    "places",
    "relative",
    "accused",
    "target",
    "means",
    "violations",
    "casualties",
    "no_casualties",
    "unknown_places",
)


def load_corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def predicted_fields(claim: ExtractedClaim) -> dict:
    """A claim in the corpus's own terms: place ids, relative position by the id of its place."""
    data = claim.to_json()
    ids = [p["id"] for p in data["places"] if p["id"]]
    relative = None
    if data["relative"]:
        anchor = next((p["id"] for p in data["places"] if p["name"] == data["relative"]["of"]), None)
        relative = {"km": data["relative"]["km"], "direction": data["relative"]["direction"], "of": anchor}
    return {**data, "places": ids, "relative": relative}


def normalise(name: str, value: object) -> object:
    """Comparable form of a field; None and empty mean 'not stated'."""
    if name in ("means", "unknown_places"):
        return tuple(sorted(value or [])) or None  # type: ignore[arg-type]
    if name == "places":
        return tuple(p for p in (value or []) if p) or None  # type: ignore[union-attr]
    if name == "casualties":
        items = value or []
        return tuple(sorted((c["side"], c["category"], c["status"], c["count"]) for c in items)) or None  # type: ignore[union-attr]
    if name == "relative" and value:
        return (value.get("km"), value.get("direction"), value.get("of"))  # type: ignore[union-attr]
    if name == "no_casualties":
        return True if value else None
    return value if value not in ("", [], {}) else None


@dataclass
class Score:
    right: Counter = field(default_factory=Counter)
    wrong_or_extra: Counter = field(default_factory=Counter)
    missed: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def precision(self, name: str) -> float:
        total = self.right[name] + self.wrong_or_extra[name]
        return self.right[name] / total if total else 1.0

    def recall(self, name: str) -> float:
        total = self.right[name] + self.missed[name]
        return self.right[name] / total if total else 1.0

    def table(self) -> str:
        lines = [f"{'field':15} {'precision':>9} {'recall':>7} {'right':>6} {'wrong':>6} {'missed':>6}"]
        for name in ("claims", *FIELDS):
            lines.append(
                f"{name:15} {self.precision(name):9.3f} {self.recall(name):7.3f} {self.right[name]:6d} "
                f"{self.wrong_or_extra[name]:6d} {self.missed[name]:6d}"
            )
        return "\n".join(lines)


def _similarity(expected: dict, got: dict) -> int:
    score = 0
    if expected["event_date"] and expected["event_date"] == got["event_date"]:
        score += 3
    if set(expected["places"] or []) & set(got["places"] or []):
        score += 3
    if expected["accused"] == got["accused"]:
        score += 1
    if set(expected["means"] or []) & set(got["means"] or []):
        score += 1
    return score


def score_corpus(extractor: Extractor, passages: list[dict]) -> Score:
    score = Score()
    for passage in passages:
        published = date.fromisoformat(passage["published"])
        claims = extractor.extract(passage["text"], published, passage["lang"], passage["source"])
        got = [predicted_fields(c) for c in claims]
        expected = list(passage["expected"])
        pairs, free = [], list(range(len(got)))
        for e in expected:
            best = max(free, key=lambda i: _similarity(e, got[i]), default=None)
            if best is not None and (_similarity(e, got[best]) > 0 or (len(expected) == 1 and len(got) == 1)):
                pairs.append((e, got[best]))
                free.remove(best)
            else:
                pairs.append((e, None))
        score.right["claims"] += sum(1 for _, g in pairs if g is not None)
        score.missed["claims"] += sum(1 for _, g in pairs if g is None)
        score.wrong_or_extra["claims"] += len(free)
        if free or any(g is None for _, g in pairs):
            score.errors.append(f"{passage['id']}: claims expected {len(expected)}, got {len(got)}")
        for e, g in pairs:
            for name in FIELDS:
                want = normalise(name, e.get(name))
                have = normalise(name, g.get(name)) if g is not None else None
                if want is not None and have == want:
                    score.right[name] += 1
                    continue
                if have is not None:
                    score.wrong_or_extra[name] += 1
                if want is not None:
                    score.missed[name] += 1
                if g is not None and have != want:
                    score.errors.append(f"{passage['id']} {name}: expected {want}, got {have}")
        for index in free:
            for name in FIELDS:
                if normalise(name, got[index].get(name)) is not None:
                    score.wrong_or_extra[name] += 1
    return score
