"""Finding place names in running text, whatever their spelling, script or grammatical case.

Every name of every gazetteer place is indexed by the stems of its words (``text.stem``: Шуши, Шуше and
Шуша share one); a text's capitalised word sequences are looked up longest first. Homonyms are settled
as the gazetteer settles them (the mission's theatre first), and a following "district"/"района" picks
the admin unit of that name.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from truce.extract.text import Token, tokens
from truce.gazetteer import Gazetteer
from truce.geo import haversine_km
from truce.model import Place

__all__ = ["PlaceIndex", "PlaceMention"]

MAX_WORDS = 4
# Kinds of place a claim never means by a bare name: the countries and the theatre as a whole are parties'
# names too ("the armed forces of Azerbaijan").
NOT_PLACES = ("country", "region")
# Capitalised words that are never places in these texts, though some gazetteer entry carries the name.
STOP = frozenset(
    """on in at the a an as by of to from and but for with during between since after before near over under
    this that these those it its he she they we our their his her there then when while also later earlier
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
    september october november december ministry defence defense army armed forces russian russia turkish
    statement report reports according president prime minister bulletin information units military
    в на с по у от до из за при около после перед между и а но или также как это он она они мы
    министерство армия армии силы сил вооруженные вооружённые российский российского
    mount height village town city district province region""".split()
)
# "the Dashkasan, Kalbajar and Lachin districts": the admin word may come after a list of names; so may
# "directions" (the ministries' sectors of the border, each named after its district)
_ADMIN_AFTER = re.compile(
    r"(?:\s*(?:,\s*and|,|and|,\s*и|и)\s*[A-ZА-ЯЁ][\w-]*)*\W{0,3}"
    r"(?:districts?|provinces?|regions?|rayons?|directions?|autonomous republic|"
    r"район\w*|област\w*|провинци\w*|направлени\w*)",
    re.I,
)
# "the districts of Kalbajar and Lachin", "in the directions Kalbajar and Lachin": the admin word before the
# names (not "in the direction of X": fire towards a place, whatever its kind)
_ADMIN_BEFORE = re.compile(
    r"(?i:(?:districts?|provinces?|regions?|rayons?)[^\S\n]+of|directions)[^\S\n]+(?i:the[^\S\n]+)?"
    r"(?:[A-Z][\w'’-]*(?:[^\S\n]*,[^\S\n]*(?i:and[^\S\n]+)?|[^\S\n]+(?i:and)[^\S\n]+))*$"
)
# "the Basarkechar region", "the Gorus and Ordubad regions": a region the gazetteer has no unit for is a
# unit it lacks, not the town the unit is named after (a "district" of a town's name is the written
# corpus's town; "X, Y province" is X inside the province Y)
_UNIT_AFTER = re.compile(
    r"[^\S\n]{1,3}(?:regions?|rayons?|район\w*)\b"
    r"|(?:\s*(?:,\s*and|,|and|,\s*и|и)\s*[A-ZА-ЯЁ][\w-]*)+[^\S\n]{1,3}(?:regions|rayons|районах|районов|районы)\b",
    re.I,
)
# Stems of the words that say a name is an admin unit's ("район", "district", "области")
ADMIN_WORDS = frozenset(
    {"raion", "rayon", "district", "province", "region", "oblast", "oblasti", "provintsi"}
)
_FORMER = re.compile(r"(?:former(?:ly)?|бывш\w*|прежн\w*)\W+(?:\w+\W+)?$", re.I)
_HEIGHT_WORD = re.compile(r"height|высот[аеуы]", re.I)
# A capital named as a speaker ("Baku said", "сообщили в Ереване") is a government, not a place.
_SPEAKS_AFTER = re.compile(
    r"\W{0,3}(?:(?:on \w+|also|later|then|has|had|have|is|was|will|в свою очередь|также)\s+)?"
    r"(?:said|says|say|reported|claimed|claims|accused|accuses|accuse|alleged|alleges|denied|denies|rejected|"
    r"rejects|responded|insisted|insists|stated|blamed|blames|"
    # "In Baku, authorities said"
    r",\s*(?:the\s+)?(?:authorities|officials)\s+(?:said|say|claimed|claim|reported|stated)|"
    r"condemned|refuted|['’]s\b|and (?:Baku|Yerevan|Moscow)|"
    r"did not|has not|took issue|called|urged|demanded|warned|"
    r"заявил\w*|сообщил\w*|утвержда\w*|опроверг\w*|обвинил\w*|эту информацию|,? в свою очередь|\s*—\s*что)",
    re.I,
)
_SPEAKS_BEFORE = re.compile(
    r"(?:ministry|government|authorities|officials|leadership|spokesman|spokeswoman|defen[cs]e ministry|"
    r"сообщили|заявили|обвинили|министерств\w*|власти|say|says|said)\s+(?:in|в|во)\s*$|"
    # "alleged by Stepanakert", "according to Baku"
    r"(?:alleged|claimed|reported|stated|denied)\s+by\s+$|according to\s+$|"
    # the capital as the government accused, urged or met ("accused Baku of", "between Baku and Yerevan")
    r"(?:accus\w+|condemn\w+|blam\w+|urg\w+|called on|official|between|обвин\w+|официальн\w+|между)\s+$",
    re.I,
)
# "лейтенант Арарат Гаспарян", "Ararat Gasparyan": a first name the gazetteer also has, before a surname
_SURNAME_AFTER = re.compile(
    r"[^\S\n]{1,3}(?:[А-ЯЁ][а-яё]{1,30}(?:ян|янц|ов|ова|ев|ева|ин|ина|заде)|"
    r"[A-Z][a-z]{1,30}(?:yan|yants|ian|ov|ova|ev|eva|zade))\b"
)
_CYRILLIC_WORD = re.compile(r"[А-ЯЁа-яё]")
_NATURAL_AFTER = re.compile(r"\W{0,3}(?:height|heights|mount|mountain|высот\w*|гор\w*)\b", re.I)
_NATURAL_BEFORE = re.compile(r"(?:mount|mt|height|heights|гор[аыеуой]|высот\w*)\W{0,3}$", re.I)


SETTLEMENTS = ("city", "town", "village", "settlement")
_ROAD_WORDS = frozenset({"road", "highway", "dirt"})
# "the Lachin corridor", "the Khankendi-Shusha highway", "the Lachin-Khandi road": a road named after the
# places it joins is not one of them (a road the gazetteer knows is matched by its own name)
_ROAD_AFTER = re.compile(
    r"(?:[-–][A-Z][\w'’]*){0,4}\s{1,3}(?:(?:dirt|mountain|main|old|new)\s+)?"
    r"(?:road|highway|corridor|route|дорог\w*|трасс\w*|коридор\w*)\b",
    re.I,
)
# "Lake Sevan", "the Araks river": the lake or river, not the town of that name
_WATER_BEFORE = re.compile(r"\b(?:lake|river|озер\w*|рек\w*)\s{1,3}$", re.I)
_WATER_AFTER = re.compile(r"\s{1,3}(?:lake|river)\b", re.I)
# "BAKU (Sputnik) –", "YEREVAN, May 13. /TASS/.": a dateline names where the news was filed
_DATELINE_AFTER = re.compile(r"[^\S\n]{0,3}(?:\([^()\n]{1,40}\)[^\S\n]{0,3})?[,–—-]")


def road_name(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is (part of) a road's ("the Lachin Corridor")."""
    return bool(_ROAD_AFTER.match(text, end, end + 80) or _ROAD_AFTER.search(text[start:end]))


def _not_the_settlement(text: str, start: int, end: int) -> bool:
    """Whether a settlement's name at ``text[start:end]`` names something else: a road, a lake or river
    after it, or the place a news item was filed from (its dateline)."""
    if road_name(text, start, end):
        return True
    if _WATER_BEFORE.search(text, max(0, start - 8), start) or _WATER_AFTER.match(text, end, end + 8):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return (
        not text[line_start:start].strip()
        and text[start:end].isupper()
        and _DATELINE_AFTER.match(text, end, end + 48) is not None
    )


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: Place | None  # None: a name the gazetteer lacks, kept as text


class PlaceIndex:
    """Every name of a gazetteer's places, by the stems of its words."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self._index: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._roads: dict[tuple[str, ...], set[str]] = defaultdict(set)
        # names with a word in lower case after the first ("Черное озеро", "Сев лич"): the text's
        # lower-case words must be read to find them
        self._lower_keys: set[tuple[str, ...]] = set()
        for place in gazetteer.places.values():
            if place.kind in NOT_PLACES and not self._outlying(place):
                continue
            for name in place.names:
                key = tuple(t.key for t in tokens(name.text))
                if place.is_admin_unit and len(key) > 1 and key[-1] in ADMIN_WORDS:
                    self._index[key[:-1]].add(place.id)  # "Дашкесанского (района)", listed before "районов"
                if place.kind == "road":
                    # "the Khankendi-Khalfali-Turshsu dirt road": the road's places, then a road word
                    bare = key
                    while bare and bare[-1] in _ROAD_WORDS:
                        bare = bare[:-1]
                    if 1 < len(bare) <= MAX_WORDS and bare != key:
                        self._roads[bare].add(place.id)
                if (
                    key
                    and len(key) <= MAX_WORDS
                    and not (len(key) == 1 and (key[0] in STOP or len(key[0]) < 3))
                ):
                    self._index[key].add(place.id)
                    if len(key) > 1 and any(w[:1].islower() for w in name.text.split()[1:]):
                        self._lower_keys.add(key)

    @cached_property
    def _lower_first(self) -> frozenset[str]:
        return frozenset(key[0] for key in self._lower_keys)

    @cached_property
    def _first_words(self) -> frozenset[str]:
        """The first word of every name the index has (of places, of roads, with lower-case words)."""
        return frozenset(key[0] for keys in (self._index, self._roads, self._lower_keys) for key in keys)

    def _outlying(self, place: Place) -> bool:
        """A region away from the theatre (an exclave, an autonomous republic) is a place a text names like
        any district; a country, or the region the theatre lies in, is a party's name."""
        focus = self.gazetteer.focus
        return (
            place.kind == "region"
            and focus is not None
            and haversine_km(focus[0], focus[1], place.lat, place.lon) > place.radius_m / 1000
        )

    def find(self, text: str, words: list[Token], former: bool = False) -> list[PlaceMention]:
        """Place mentions among ``words`` (tokens of ``text``), longest match first, not overlapping.
        ``former``: the speaker names districts as they were before 2020 (the Russian MoD's and the
        Karabakh side's "Шушинский район" is the NKR's Shushi province, not today's Shusha district)."""
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(words):
            word = words[i]
            height = _HEIGHT_WORD.fullmatch(word.text) and i + 1 < len(words) and words[i + 1].text.isdigit()
            if not height and (not word.capitalised or word.text.lower() in STOP):
                i += 1
                continue
            # no name begins with the word, and it is no Russian adjective of one ("Соткском"): no span from
            # it is in the index (most capitalised words: "The", "Armed"), none is looked up
            if word.key not in self._first_words and not word.key.endswith("sk"):
                i += 1
                continue
            # words of one name are separated by spaces or hyphens only: the run of such words from here
            # bounds the spans tried (read once, not again for each span)
            run, limit = 1, min(MAX_WORDS, len(words) - i)
            while run < limit and not text[words[i + run - 1].end : words[i + run].start].strip(" -"):
                run += 1
            spans = [words[i : i + n] for n in range(run, 0, -1)]
            lowercase = self._lowercase_spans(text, word) if word.key in self._lower_first else []  # (rare)
            for index, span in enumerate(lowercase + spans):
                size = len(span)
                if index < len(lowercase) and any(
                    text[a.end : b.start].strip(" -") for a, b in itertools.pairwise(span)
                ):
                    continue
                key = tuple(t.key for t in span)
                ids = self._index.get(key)
                if (
                    not ids
                    and key in self._roads
                    and _ROAD_AFTER.match(text, span[-1].end, span[-1].end + 40)
                ):
                    ids = self._roads[key]
                adjective = not ids and size == 1 and self._adjective(span[0])
                if adjective:
                    ids = adjective
                if ids:
                    start, end = span[0].start, span[-1].end
                    place = self._choose(ids, text, start, end, former)
                    if not (
                        (place.kind == "city" and self._speaker(text, start, end))
                        or (size == 1 and _SURNAME_AFTER.match(text, end, end + 40))
                        or (place.kind in SETTLEMENTS and _not_the_settlement(text, start, end))
                    ):
                        # a Russian adjective of a village's name ("в Соткском районе") is the village
                        unit_lacking = (
                            not place.is_admin_unit
                            and not adjective
                            and _UNIT_AFTER.match(text, end, end + 60)
                        )
                        found = None if unit_lacking else place
                        mentions.append(PlaceMention(start, end, text[start:end], found))
                    while i < len(words) and words[i].start < end:
                        i += 1
                    break
            else:
                i += 1
        return mentions

    def _adjective(self, word: Token) -> set[str] | None:
        """The places a Russian adjective made of a name stands for ("Соткском" of Сотк, "Горисского" of
        Горис, "Мартунинский" of Мартуни), when the gazetteer has no unit named by the adjective."""
        key = word.key
        if len(key) < 5 or not key.endswith("sk") or not _CYRILLIC_WORD.match(word.text):
            return None
        for bare in (key[:-2], key[:-4] if key.endswith(("insk", "ensk")) else ""):
            ids = self._index.get((bare,)) if len(bare) >= 3 else None
            if ids:
                return ids
        return None

    def _lowercase_spans(self, text: str, word: Token) -> list[list[Token]]:
        """The words from ``word`` on, whatever their case, that make a name with lower-case words the
        gazetteer has ("у Черного озера"), longest first."""
        following = tokens(text, word.start, min(len(text), word.start + 80), MAX_WORDS)
        return [
            following[:size]
            for size in range(len(following), 1, -1)
            if tuple(t.key for t in following[:size]) in self._lower_keys
        ]

    @staticmethod
    def _speaker(text: str, start: int, end: int) -> bool:
        return bool(_SPEAKS_AFTER.match(text, end) or _SPEAKS_BEFORE.search(text[max(0, start - 40) : start]))

    def _choose(self, ids: set[str], text: str, start: int, end: int, usage: bool = False) -> Place:
        """One place among homonyms: the kind the words around ask for, then curated and nearest first."""
        places = [self.gazetteer.places[i] for i in ids]
        follow = text[end : end + 60]
        if (
            _ADMIN_AFTER.match(follow)
            or _ADMIN_BEFORE.search(text, max(0, start - 80), start)
            or all(p.is_admin_unit for p in places)
        ):
            wanted = [p for p in places if p.is_admin_unit]
            # "the former Shusha district" is a unit of the past (the NKR's); a district named plainly
            # is today's one, unless the voice names the districts as they were (the Russian MoD's, the
            # Karabakh side's)
            former = usage or bool(_FORMER.search(text[max(0, start - 25) : start]))
            past = self.gazetteer.former_units
            wanted = [p for p in wanted if (p.id in past) == former] or wanted
        elif _NATURAL_AFTER.match(follow) or _NATURAL_BEFORE.search(text[max(0, start - 12) : start]):
            wanted = [p for p in places if p.kind in ("height", "mountain")]
        else:
            wanted = [p for p in places if not p.is_admin_unit]
            if not any(p.curated for p in wanted):
                # a name the project's own places carry (the Dashkasan district, the Syunik province) is
                # that place, not a GeoNames homonym of another kind nobody checked
                wanted = [p for p in places if p.curated] or wanted
        focus = self.gazetteer.focus or (0.0, 0.0)
        former = usage or bool(_FORMER.search(text[max(0, start - 25) : start]))
        named_former = self._named_former
        # a unit some place names as its former one (the NKR's Shahumyan, Kashatagh) is meant only by "the
        # former ..."; ties end on the id, so the choice never depends on the order of a set
        return min(
            wanted or places,
            key=lambda p: (
                p.is_admin_unit and (p.id in named_former) != former,
                not p.curated,
                haversine_km(focus[0], focus[1], p.lat, p.lon),
                p.id,
            ),
        )

    @cached_property
    def _named_former(self) -> frozenset[str]:
        return frozenset(p.admin_former for p in self.gazetteer.places.values() if p.admin_former)
