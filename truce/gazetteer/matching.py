"""Finding places by any of their names, ranking near misses, and choosing among homonyms by context.

A query is compared three ways: its folded form (script- and case-blind), its sound key
(transliteration-blind) and, failing both, a fuzzy ratio (rapidfuzz) against every known name.
Homonyms (Martuni in Armenia and in Karabakh) score the same on the name; the context decides: a named
admin unit the place lies in, a point it is near, or, by default, the mission's own theatre.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from rapidfuzz import fuzz, process

from truce.errors import UnknownPlace
from truce.gazetteer.names import GENERIC_WORDS, fold, sound_key
from truce.geo import haversine_km
from truce.model import Place

__all__ = ["Gazetteer", "Match"]

EXACT, SOUND = 100.0, 96.0
#: A name score needed to call a match a resolution rather than a suggestion.
RESOLVE_AT = 90.0
SUGGEST_AT = 60.0
#: A misspelt name resolves when one known name is this close (rapidfuzz ``fuzz.ratio``), no other
#: within ``TYPO_MARGIN`` of it, and it has at least ``TYPO_LENGTH`` letters (shorter names are too
#: alike: "Sos" and "Tos").
TYPO_AT, TYPO_MARGIN, TYPO_LENGTH = 85.0, 3.0, 3
#: Score added to a candidate that lies in the context's admin unit.
CONTEXT_BONUS = 5.0


@dataclass(frozen=True)
class Match:
    place: Place
    score: float  # 0-100, on the name alone
    name: str  # the name that matched
    distance_km: float | None = None  # from the context point, when there is one


class Gazetteer:
    """An in-memory index of places by every name they have."""

    def __init__(self, places: Iterable[Place], focus: tuple[float, float] | None = None) -> None:
        self.places: dict[str, Place] = {}
        self.focus = focus
        self._by_fold: dict[str, set[str]] = defaultdict(set)
        self._by_sound: dict[str, set[str]] = defaultdict(set)
        self._names_of_fold: dict[str, str] = {}
        for place in places:
            self.places[place.id] = place
            for name in place.names:
                key = name.key or fold(name.text)  # the store keeps the keys computed when it was loaded
                if not key:
                    continue
                self._by_fold[key].add(place.id)
                self._by_sound[name.sound_key or sound_key(key)].add(place.id)
                self._names_of_fold.setdefault(key, name.text)
        self._keys = list(self._by_fold)

    @cached_property
    def home_country(self) -> str | None:
        """The country the focus lies in (places elsewhere get their country named in reports)."""
        if self.focus is None:
            return None
        lat, lon = self.focus
        places = [p for p in self.places.values() if not p.is_admin_unit]
        nearest = min(places, key=lambda p: haversine_km(lat, lon, p.lat, p.lon), default=None)
        return nearest.country if nearest else None

    @cached_property
    def _focus_order(self) -> dict[str, tuple[bool, float, bool, str]]:
        """Each place's order among its homonyms when the context gives no point (the focus decides)."""
        point = self.focus
        return {
            p.id: _homonym_order(p, haversine_km(*point, p.lat, p.lon) if point else None)
            for p in self.places.values()
        }

    @cached_property
    def former_units(self) -> frozenset[str]:
        """Admin units that places name as their former unit and none as its current one (the NKR
        provinces in the Nagorno-Karabakh pack)."""
        former = {p.admin_former for p in self.places.values() if p.admin_former}
        current = {p.admin_current for p in self.places.values() if p.admin_current}
        return frozenset(former - current)

    @cached_property
    def units_of(self) -> dict[str, set[str]]:
        """Place id -> the admin units (former and current) it lies in."""
        return {p.id: {a for a in (p.admin_former, p.admin_current) if a} for p in self.places.values()}

    def country_unit(self, country: str) -> Place | None:
        """The admin unit that is the country ``country`` (its code), to name it in a convention."""
        return next((p for p in self.places.values() if p.kind == "country" and p.country == country), None)

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)

    def search(
        self,
        query: str,
        *,
        within: str | None = None,
        near: tuple[float, float] | None = None,
        limit: int = 10,
        fuzzy: bool = True,
    ) -> list[Match]:
        """Places whose names resemble ``query``, best first.

        ``within`` is an admin unit id the place should lie in (former or current); ``near`` a point it
        should be close to; without either, the gazetteer's focus (the mission's theatre) breaks ties.
        ``fuzzy=False`` looks names up only (exact and sound): the fuzzy pass is the slow part.
        """
        scores: dict[str, tuple[float, str]] = {}

        def offer(place_id: str, score: float, name: str) -> None:
            if score > scores.get(place_id, (-1.0, ""))[0]:
                scores[place_id] = (score, name)

        forms = _forms(fold(query))
        for key, penalty in forms:
            for place_id in self._by_fold.get(key, ()):
                offer(place_id, EXACT - penalty, self._names_of_fold[key])
            for place_id in self._by_sound.get(sound_key(key), ()):
                offer(place_id, SOUND - penalty, query)
        if fuzzy:
            for key, penalty in forms:
                found = process.extract(
                    key, self._keys, scorer=fuzz.WRatio, limit=25, score_cutoff=SUGGEST_AT
                )
                for other, ratio, _ in found:
                    # fuzzy never reaches the score of an exact or sound match
                    value = min(ratio * 0.95, SOUND - 1) - penalty
                    for place_id in self._by_fold[other]:
                        offer(place_id, value, self._names_of_fold[other])

        point = near or self._point_of(within) or self.focus
        matches = []
        for place_id, (score, name) in scores.items():
            place = self.places[place_id]
            distance = haversine_km(point[0], point[1], place.lat, place.lon) if point else None
            matches.append(Match(place, round(score, 1), name, distance))

        def rank(m: Match) -> tuple[float, bool, float, bool, str]:
            bonus = CONTEXT_BONUS if within and within in (m.place.admin_former, m.place.admin_current) else 0
            return (-(m.score + bonus), *_homonym_order(m.place, m.distance_km))

        matches.sort(key=rank)
        return matches[:limit]

    def resolve(
        self, query: str, *, within: str | None = None, near: tuple[float, float] | None = None
    ) -> Place:
        """The one place ``query`` names in this context, or :class:`UnknownPlace` with suggestions.

        A name as it is known (in any script, case or spelling that sounds the same) resolves by
        lookup. A misspelt name resolves only when it is long enough to tell, a known name is close to
        it (``TYPO_AT`` by ``fuzz.ratio``), and every name about as close names that place too (spellings
        of one place): else suggestions, which are looked for only when the error is read.
        """
        key = fold(query)
        exact = self._by_fold.get(key, ()) if within is None else ()
        if len(exact) == 1:  # one place has the name as given: no other can outrank it
            return self.places[next(iter(exact))]
        if exact:  # homonyms: the point of the context orders them
            if near is None:
                return min((self.places[i] for i in exact), key=lambda p: self._focus_order[p.id])
            return min(
                (self.places[i] for i in exact),
                key=lambda p: _homonym_order(p, haversine_km(*near, p.lat, p.lon)),
            )
        matches = self.search(query, within=within, near=near, fuzzy=False)
        if matches and matches[0].score >= RESOLVE_AT:
            return matches[0].place
        for form, _ in _forms(key):  # the name as given first, then without its generic words
            if len(form) < TYPO_LENGTH:
                continue
            found = process.extract(form, self._keys, scorer=fuzz.ratio, limit=5, score_cutoff=TYPO_AT)
            close = [k for k, ratio, _ in found if ratio >= found[0][1] - TYPO_MARGIN] if found else []
            # the places every close name names (one name, or spellings of the same places): else
            # the names disagree and a guess would be a wrong place
            shared = set.intersection(*(self._by_fold[k] for k in close)) if close else set()
            if shared:
                best = [
                    m
                    for m in self.search(self._names_of_fold[close[0]], within=within, near=near, fuzzy=False)
                    if m.place.id in shared
                ]
                if best:
                    return best[0].place
            if found:
                break  # close names that disagree: the stripped form would only guess further
        raise UnknownPlace(query, lambda: self.suggest(self.search(query, within=within, near=near)))

    def resolve_admin(self, query: str) -> Place | None:
        """An admin unit named by ``query`` ("former Martuni province"), if there is one."""
        for match in self.search(query, limit=20):
            if match.place.is_admin_unit and match.score >= RESOLVE_AT:
                return match.place
        return None

    def suggest(self, matches: list[Match], count: int = 5) -> list[str]:
        names: list[str] = []
        for match in matches:
            if match.score >= SUGGEST_AT and match.name not in names:
                names.append(match.name)
        return names[:count]

    def _point_of(self, place_id: str | None) -> tuple[float, float] | None:
        place = self.places.get(place_id) if place_id else None
        return (place.lat, place.lon) if place else None


def _homonym_order(place: Place, distance_km: float | None) -> tuple[bool, float, bool, str]:
    """How places of equal name score are ordered: a town before the district named after it ("near
    Shusha"), then the nearer to the context's point, a curated place before a GeoNames one, then by id."""
    return (place.is_admin_unit, distance_km or 0.0, not place.curated, place.id)


def _forms(key: str) -> list[tuple[str, float]]:
    """A folded query, then (with a small penalty) the same without its generic words ("village")."""
    forms = [(key, 0.0)] if key else []
    stripped = " ".join(word for word in key.split() if word not in GENERIC_WORDS)
    if stripped and stripped != key:
        forms.append((stripped, 2.0))
    return forms
