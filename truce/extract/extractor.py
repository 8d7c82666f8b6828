"""Text in, claims out: one claim for each incident a bulletin, statement or report describes, per voice.

The text is cut into sentences; each is attributed to a voice (``truce.extract.voices``: "AZ MoD",
"RU MoD", the outlet's own) and read for dates, times, places, relative positions, parties, means, counts
and casualties. A sentence that reports an incident (a trigger word, and no denial) opens a claim, unless
it only adds to the one before of the same voice (the same day and place, or consequences alone: "As a
result, a serviceman was wounded."). Another voice's account is another claim (shared/conventions.md 1);
a rebuttal that restates the accusation gives the accusation in the accuser's voice and a denial in the
rebutting one (3). A sentence with two dates is two incidents.

What is implausible is kept and flagged (``ExtractedClaim.flags``): dates after publication or outside
the mission's window, counts above their maximum, distances past the region's scale (capped), points
outside the region. Every pattern is bounded and long texts are read in linear time (sentences are cut
at ``MAX_SENTENCE`` characters; a closing sentence speaks for at most ``MAX_SHARED_BACK`` claims).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from truce.extract.caseless import Caseless
from truce.extract.dates import DateMention, DateReader, TimeMention
from truce.extract.discourse import Discourse, Section, TextPart, discourse
from truce.extract.fields import (
    OTHER,
    OWN,
    FieldReader,
    PartyMention,
    RelativeMention,
    add_means,
    prefer_specific,
)
from truce.extract.parties import party_words, voice_parties, with_parties
from truce.extract.places import STOP, PlaceIndex, PlaceMention, road_name
from truce.extract.result import ExtractedClaim, PlaceRef
from truce.extract.rules import EACH_SIDE, FLAGS, Rules, literal_scan, rules_for, speaker_of
from truce.extract.text import detect_language, headline_end, name_tokens, sentences
from truce.extract.voices import OUTLET, VoiceReader, voice_reader
from truce.gazetteer import Gazetteer
from truce.geo import haversine_km
from truce.geo.locate import relative_position
from truce.model import Casualty, Party, Profile

__all__ = ["MAX_CASUALTIES", "MAX_VIOLATIONS", "Extractor"]

CONTESTED = "contested"  # the rule id of an accused field two accounts dispute
#: The most violations one claim is believed to count. The busiest days after the 2020 war were counted in
#: tens by either side; a claim above this is kept as written and flagged ``count_implausible``.
MAX_VIOLATIONS = 1000
#: The most people of one side, category and status one claim is believed to count: the deadliest fighting
#: of the period (September 2022, September 2023) was counted in hundreds per side. Above it, the figure is
#: not taken as a casualty count (it is background, a total of the war, a misread number) and the claim is
#: flagged ``count_implausible``.
MAX_CASUALTIES = 1000
#: How many claims back a closing consequence sentence ("No casualties.") may speak for: a bulletin lists
#: tens of incidents, never hundreds; the bound keeps a long document linear.
MAX_SHARED_BACK = 40
#: How many sentences back another voice's day still dates a claim that names none: the sentence right
#: before ("On 16 November the sides clashed. The ministry said two soldiers were wounded."); a day told
#: further back by another voice is that voice's incident, not this one's.
NEAR_DATE = 1

# Words before a capitalised name that make it a place even when the gazetteer does not know it.
_PLACE_CUE = {
    "en": re.compile(
        r"(?:village|settlement|town|city|hamlet|height) of ([A-Z][\w'’-]+)|(?:near|outside|around) (?:the )?"
        r"(?:village |settlement |Mount |Lake |height )?(?:of )?([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
        # the names before the word: "the Kokhanabi settlement", "(Astaf, Tazakend settlements)"; not a word
        # that qualifies it ("a Karabakh village"; "the Nagorno-Karabakh village of X" names X)
        r"|(?<!\b[Aa] )(?<!\b[Aa]n )"
        r"(?P<list>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?(?:(?:,? and |, )[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?){0,8})"
        r" (?:settlements?|villages?)\b"
        r"(?! of (?:the )?[A-Z][\w'’-]++(?: [A-Z][\w'’-]++)?"
        r"(?! (?:districts?|regions?|provinces?|rayons?)\b))"
    ),
    "ru": re.compile(
        r"(?:н\.\s?п\.|сел[аоеу]|насел[её]нн\w+ пункт\w*|в районе|вблизи|близ|у села|деревн\w+)\s+"
        r"(?:(?:высоты|озера|горы|села|посёлка|поселка)\s+)?"
        r"([А-ЯЁ][\w-]+(?: [А-ЯЁ][\w-]+(?![\w-])(?<!ского)(?<!ской)(?<!ский))?)"
    ),
}
# the strings every match of a cue holds, read from it ("village", "near"...): a sentence with none, most,
# is not scanned for a cue (a slow scan: tried at every position, each name alternative at every capital)
_CUE_NEEDS = {lang: literal_scan(cue) for lang, cue in _PLACE_CUE.items()}


def _place_cues(text: str, start: int, end: int, lang: str) -> Iterator[re.Match[str]]:
    """The place cues of ``text[start:end]``, in order."""
    needs = _CUE_NEEDS[lang]
    if needs is not None and needs.search(text, start, end) is None:
        return iter(())
    return _PLACE_CUE[lang].finditer(text, start, end)


# (the patterns below are searched in every sentence or claim: Caseless scans them lowered, faster)
_STATE_BORDER = Caseless(
    re.compile(
        # the word boundary before "border" is checked behind the word: with a letter starting every
        # alternative, re skips ahead to those letters instead of trying the pattern at every position
        r"border(?<=\bborder)\b|"
        r"границ\w*",
        re.I,
    )
)
# a tally over months or years ("from November 2020 through September 2022", "с 1991 по 2022 год"): figures
# of a period, never of one incident
_TALLY = Caseless(
    re.compile(
        r"\b(?:from|since|between|с|со|за период с)\s+(?:[\w-]+\s+){0,2}?(?:19|20)\d\d\b[^.;!?\n]{0,12}?"
        r"\b(?:through|to|until|till|and|по|до)\s+(?:[\w-]+\s+){0,2}?(?:19|20)\d\d\b",
        re.I,
    )
)
# a clause that sets another account against the one before ("..., although Azerbaijan refuted it")
_CONTRAST = Caseless(
    re.compile(
        r",\s*(?:although|though|but|while|whereas|however|хотя|однако|но|тогда как|в то время как)\s", re.I
    )
)
_TOWARDS = Caseless(re.compile(r"\b(?:towards?|in the direction of|в сторону|в направлении)\b", re.I))
_CLAUSE = re.compile(r"(?:;|,\s*(?:and|а также|а|и)?|\s(?:and|а также|while|whereas)\s)\s*$", re.I)


@dataclass
class _Sentence:
    start: int
    end: int
    dates: list[DateMention]
    times: list[TimeMention]
    places: list[PlaceMention]
    relatives: list[RelativeMention]
    parties: list[PartyMention]
    means: dict[str, str]
    trigger: bool
    denial: bool
    counter: bool = False  # gives the other side's version of the clash ("... opened fire first")
    follow_up: str | None = None  # "withdrew" or "not_withdrawn": it reports on an advance's aftermath
    voice: str = OUTLET  # whose account it gives (truce.extract.voices)
    casualty_words: bool = False  # it names a casualty status or says there were none
    quiet: bool = False  # it denies only by saying all was quiet ("no violations were recorded")
    dateline: bool = False  # a line that only dates the text ("Москва. 27 марта.", "10 Ноября, 2021 21:56")
    # what it does in the text (truce.extract.discourse.KINDS): "incident", "continuation", "background"...
    kind: str = "continuation"
    same_act: bool = False  # it opens by naming the act told before ("The incident took place near X")

    def has_substance(self) -> bool:
        return bool(self.dates or self.places or self.parties)


@dataclass
class _Draft:
    parts: list[_Sentence] = field(default_factory=list)
    inherited_date: DateMention | None = None
    inherited_places: list[PlaceMention] = field(default_factory=list)  # another voice's, by anaphora
    shared: list[_Sentence] = field(default_factory=list)  # consequence sentences that close a report
    # kept as parts are added (recomputing them for every sentence made long documents quadratic)
    date: DateMention | None = field(default=None, init=False)
    place_ids: set[str] = field(default_factory=set, init=False)

    def __post_init__(self) -> None:
        parts, self.parts = self.parts, []
        for part in parts:
            self.add(part)

    def add(self, part: _Sentence) -> None:
        self.parts.append(part)
        if self.date is None and part.dates:
            self.date = part.dates[0]
        self.place_ids.update(m.place.id for m in part.places if m.place)


class Extractor:
    """Extraction with one gazetteer and the mission's profile (who fights, whom each speaker calls "the
    adversary"); build once, use for many texts."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        profile: Profile,
        window: tuple[date, date | None] | None = None,
        parties: Iterable[Party] = (),
    ) -> None:
        """``window``: the first and last day (None: open) of the period the claims should fall in, the
        mission's; an event date outside it is kept and flagged ``date_outside_mission``. ``parties``: the
        pack's, found by their labels and words (the pack's ``words_*``) beside the rules' own
        (``truce.extract.parties``)."""
        self.gazetteer = gazetteer
        self.profile = profile
        self.window = window
        self.parties = party_words(parties, profile)
        self._voice_parties = voice_parties(self.parties)
        self.places = PlaceIndex(gazetteer)
        self._readers: dict[str, _Reader] = {}

    def extract(
        self,
        text: str,
        published: date | None = None,
        lang: str = "auto",
        source: str | None = None,
        denials: bool = False,
        speaker: str | None = None,
    ) -> list[ExtractedClaim]:
        """The claims ``text`` makes; none for a text in no language Truce reads. With ``denials``, also a
        claim (``stance`` "denies") for each denial that says who denies ("Baku said it did not violate").

        ``speaker`` is the party the source speaks for, when known; else it is read from ``source``'s name.
        """
        read = self._read(text, published, lang, source)
        if read is None:
            return []
        reader, pieces, _top = read
        drafts = self._group(text, pieces)
        speaker = speaker or speaker_of(source)
        claims = [reader.claim(text, draft, source, speaker, summary=len(drafts) > 1) for draft in drafts]
        if denials:
            told = [p for p in pieces if p.kind not in ("background", "caption")]
            answers = [reader.denial(text, run, source, speaker) for run in _denial_runs(told)]
            # every sentence of one voice on the aftermath ("withdrew", "did not withdraw") is one claim
            # of that voice (conventions 2), however often the text repeats it
            follow: dict[tuple[str, str], list[_Sentence]] = {}
            for p in told:
                if p.follow_up:
                    follow.setdefault((p.voice, p.follow_up), []).append(p)
            answers += [reader.denial(text, run, source, speaker, key[1]) for key, run in follow.items()]
            claims += [a for a in answers if a is not None]
        for claim in claims:
            self._flag(claim, published)
        return claims

    def parts(
        self, text: str, published: date | None = None, lang: str = "auto", source: str | None = None
    ) -> list[TextPart]:
        """What each part of ``text`` does, as :meth:`extract` reads it (the discourse layer): its kind,
        whose account it gives, the day it tells. A headline that retells the text is a ``frame``."""
        read = self._read(text, published, lang, source)
        if read is None:
            return []
        _reader, pieces, top = read
        shown = [TextPart(0, top, "frame", OUTLET, None)] if top else []
        for p in pieces:
            day = p.dates[0].first if p.dates else None
            shown.append(TextPart(p.start, p.end, p.kind, p.voice, day))
        return shown

    def _read(
        self, text: str, published: date | None, lang: str, source: str | None
    ) -> tuple[_Reader, list[_Sentence], int] | None:
        """The parts of ``text`` as claims are made of them (voiced, dated, split by date, classed), and
        the end of a headline left out (0: none); None for a text in no language Truce reads."""
        language = detect_language(text) if lang == "auto" else lang
        if language not in ("en", "ru"):
            return None
        reader = self._readers.get(language)
        if reader is None:
            rules = with_parties(rules_for(language), self.parties)
            reader = self._readers[language] = _Reader(rules, self.places, self.profile)
        layer = discourse()
        # a photo caption is no part of the account: no claim and no day (truce.extract.discourse)
        captions = layer.captions(text)
        spans = [c for a, b in sentences(text) for c in reader.clauses(text, a, b)]
        sections = layer.sections(text)
        voices = voice_reader(self._voice_parties)
        # background and history are told in the publisher's words: the voice before ends there
        own_words = frozenset(i for i, (a, b) in enumerate(spans) if _background(layer, sections, text, a, b))
        parts = []
        for (a, b), voice in zip(spans, voices.assign(text, spans, source, own_words), strict=True):
            year = layer.year_at(sections, a) if sections else None
            part = reader.sentence(text, a, b, published, voices.former_units(voice), year)
            part.voice = voice
            # a situation report opens no incident, though it names the act told before
            part.trigger = part.trigger and not layer.situation(text, a, b)
            if (
                part.trigger
                and not part.parties
                and layer.demining(text, a, b)
                and not reader.fields.speaks_of_casualties(text, a, b)
            ):
                part.trigger, part.means = False, {}  # the shells sappers cleared: no act, no weapon used
            part.same_act = part.trigger and layer.same_act(text, a, b)
            parts.append(part)
        _anaphoric_days(text, parts, layer, language)
        # a headline in the outlet's words retells what the text below tells (or is a dateline): it sets
        # the lead's voice and makes no claim; one that names who says it ("Azerbaijan reports ...") is
        # that speaker's account
        top = headline_end(text)
        if top and not any(m.speaks for m in voices.mentions(text, 0, top)):
            parts = [p for p in parts if p.start >= top]
        else:
            top = 0
        parts = _rebuttals(text, parts, voices)
        pieces = _split_by_date(text, parts, lambda a, b: reader.fields.means(text, a, b))
        before = None
        for piece in pieces:
            background = _background(layer, sections, text, piece.start, piece.end) or (
                not piece.dates and layer.summary(text, piece.start, piece.end)
            )
            caption = any(x <= piece.start < y for x, y in captions)
            piece.kind = "caption" if caption else layer.kind(text, piece, before, background)
            before = piece
        return reader, pieces, top

    def _flag(self, claim: ExtractedClaim, published: date | None) -> None:
        """Mark what is implausible about a claim (kept as read, never silently dropped)."""
        flags = claim.flags
        days = [d for d in (claim.event_date, claim.date_end) if d is not None]
        if published is not None and any(d > published for d in days):
            flags.append("date_after_publication")
        if self.window is not None:
            first, last = self.window
            if any(d < first or (last is not None and d > last) for d in days):
                flags.append("date_outside_mission")
        if (claim.violations or 0) > MAX_VIOLATIONS and "count_implausible" not in flags:
            flags.append("count_implausible")
        if claim.point is not None:
            lat_min, lat_max, lon_min, lon_max = self.profile.bounds
            if not (lat_min <= claim.point[0] <= lat_max and lon_min <= claim.point[1] <= lon_max):
                flags.append("point_outside_region")

    @staticmethod
    def _group(text: str, parts: list[_Sentence]) -> list[_Draft]:
        drafts: list[_Draft] = []
        last_date: DateMention | None = None
        last_voice, last_at = None, -1
        closed = 0  # drafts before this index were closed by an earlier consequence sentence
        # the draft the text has moved away from by a background passage: nothing more joins it
        sealed: _Draft | None = None
        # the draft before an earlier day was told (a dated sentence of no incident in between): a
        # consequence told after it ("As a result, four people were killed") is not its consequence
        moved: _Draft | None = None
        previous: _Sentence | None = None
        for index, part in enumerate(parts):
            if previous is not None and _consequence_only(previous) and part.trigger:
                closed = len(drafts)
            previous = part
            if part.kind == "frame":
                if not part.dateline:  # a heading: a new section, whose accounts start afresh
                    sealed = drafts[-1] if drafts else None
                    last_date, last_voice, last_at = None, None, -1
                continue  # the day the text was written or published: no incident's day
            if part.kind == "caption":
                continue  # what a photo shows: no claim, and no day for the account around it
            if part.kind == "background":
                # the war before the ceasefire, the conflict's history: no claim, and neither its days nor
                # its figures go to a claim of another episode
                sealed = drafts[-1] if drafts else None
                continue
            if part.denial:
                if part.dates:
                    last_date, last_voice, last_at = part.dates[-1], part.voice, index
                continue
            current = drafts[-1] if drafts else None
            if (
                current is not None
                and part.dates
                and not part.trigger
                and (current.date or current.inherited_date) is not None
                and part.dates[0].last < (current.date or current.inherited_date).first  # type: ignore[union-attr]
            ):
                # an earlier day is told (history, a flashback): the text has moved to another episode; a
                # later one is most often the day of the report ("the ministry said so on Sunday")
                moved = current
            if part.trigger and part.has_substance():
                new_day = (
                    current is not None
                    and bool(part.dates)
                    and current.date is not None
                    and (part.dates[0].first, part.dates[0].last) != (current.date.first, current.date.last)
                )
                # a place named within a district or province told before on the day it names again is the
                # same scene told more precisely ("fired at a position in X province ... near the village
                # of Y"): one episode of one voice (shared/conventions.md 2)
                new_place = (
                    current is not None
                    and bool(part.places)
                    and bool(current.place_ids)
                    and not ({m.place.id for m in part.places if m.place} & current.place_ids)
                    and not (bool(part.dates) and _admins(part) & current.place_ids)
                )
                # the other side's version of the clash, or the act told before named again with its place
                counter = current is not None and not new_day and (part.counter or part.same_act)
                new_voice = current is not None and part.voice != current.parts[0].voice
                if (
                    current is None
                    or current is sealed
                    or new_voice
                    or ((new_day or new_place) and not counter)
                ):
                    near = last_voice == part.voice or index - last_at <= NEAR_DATE
                    drafts.append(_Draft([part], inherited_date=last_date if near else None))
                else:
                    current.add(part)
            elif (
                current is not None
                and current is not sealed
                and part.voice != current.parts[0].voice
                and _consequence_only(part)
                and part.casualty_words
            ):
                # another voice's figures for the incident just told ("Karabakh's ministry said three of
                # its soldiers were killed"): that voice's own claim, of the same day and place
                places = [m for s in current.parts for m in s.places]
                drafts.append(
                    _Draft([part], inherited_date=current.date or last_date, inherited_places=places)
                )
            elif (
                current is not None
                and current is not sealed
                and part.voice == current.parts[0].voice
                and (part.trigger or _consequence_only(part))
                and not (current is moved and _consequence_only(part))
            ):
                current.add(part)
                if _consequence_only(part) and not _item(text, part.start):
                    # "There were no casualties." after several incidents speaks of them all: those
                    # since the last such closing sentence, and never more than MAX_SHARED_BACK (in a
                    # table's row or a list's item, it speaks of that item's incident only)
                    for draft in drafts[max(closed, len(drafts) - 1 - MAX_SHARED_BACK) : -1]:
                        draft.shared.append(part)
            if part.dates:
                last_date, last_voice, last_at = part.dates[-1], part.voice, index
        return _rejoin(drafts)


def _background(layer: Discourse, sections: list[Section], text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` tells background or history (by its words or its section)."""
    return layer.background(text, start, end) or (bool(sections) and layer.in_background(sections, start))


def _admins(part: _Sentence) -> set[str]:
    """The districts and provinces (then and now) the places of a part lie in."""
    return {
        unit for m in part.places if m.place for unit in (m.place.admin_current, m.place.admin_former) if unit
    }


def _told_again(found: dict[tuple[str, str, str], int]) -> dict[tuple[str, str, str], int]:
    """One voice's figures for one incident, with a figure of no category ("three people were killed")
    or of no side ("one serviceman was wounded") that the figures with a category or a side already
    count ("three police officers were shot dead", "a Karabakh soldier was wounded"): the same people
    told again, not more of them (shared/conventions.md 5)."""
    result = dict(found)
    for (side, category, status), count in found.items():
        if category == "unknown" and side != "unknown":
            told = sum(n for (s, c, t), n in found.items() if s == side and t == status and c != "unknown")
        elif side == "unknown":
            told = sum(
                n
                for (s, c, t), n in found.items()
                if s != "unknown" and t == status and category in ("unknown", c)
            )
        else:
            continue
        if told >= count:
            result.pop((side, category, status), None)
    return result


def _rejoin(drafts: list[_Draft]) -> list[_Draft]:
    """A voice's account taken up again after another voice's words (a quote, a rebuttal in between),
    naming no day and no place of its own, goes on with that voice's last account: one episode of one
    voice is one claim (shared/conventions.md 2)."""
    result: list[_Draft] = []
    last: dict[str, _Draft] = {}
    for draft in drafts:
        voice = draft.parts[0].voice
        earlier = last.get(voice)
        day = earlier and (earlier.date or earlier.inherited_date)
        if (
            earlier is not None
            and earlier is not result[-1]
            and draft.date is None
            and _same_scene(earlier, draft)
            and draft.inherited_date in (None, day)
        ):
            for part in draft.parts:
                earlier.add(part)
            earlier.shared += draft.shared
            continue
        result.append(draft)
        last[voice] = draft
    return result


def _same_scene(earlier: _Draft, draft: _Draft) -> bool:
    """Whether ``draft`` may tell the scene of ``earlier`` again: it names no place, or ``earlier`` named
    none (the places it lacked), or they share one."""
    named = any(s.places for s in draft.parts)
    told = any(s.places for s in earlier.parts)
    return not named or not told or bool(draft.place_ids & earlier.place_ids)


def _rebuttals(text: str, parts: list[_Sentence], voices: VoiceReader) -> list[_Sentence]:
    """A rebuttal that restates the accusation ("the statement of ministry X that our units fired at Y
    on 7 March is false") gives the accusation as a claim of the accuser's voice, as reported, and the
    denial of the rebutting voice (shared/conventions.md 3): the sentence is read twice."""
    result: list[_Sentence] = []
    before = OUTLET
    for part in parts:
        # "no violations were recorded" restates no accusation
        accuser = voices.accuser(text, part.start, part.end) if part.denial and not part.quiet else None
        if accuser is None or not part.trigger:
            result.append(part)
            before = part.voice
            continue
        # the rebutting voice: the sentence's own, else the one before, else the text's other voice
        others = [v for v in (part.voice, before, *(p.voice for p in parts)) if v not in (accuser, OUTLET)]
        rebutter = next(iter(others), OUTLET)
        result.append(dataclasses.replace(part, voice=accuser, denial=False, counter=False))
        result.append(dataclasses.replace(part, voice=rebutter))
        before = rebutter
    return result


def _anaphoric_days(text: str, parts: list[_Sentence], layer: Discourse, lang: str) -> None:
    """A sentence that names no day but opens with one told by reference to the day before ("The same
    day, ...", "The next day ...") is dated by the last day told before it (a dateline's excepted)."""
    last: DateMention | None = None
    for part in parts:
        if part.dates:
            if not part.dateline:
                last = part.dates[-1]
            continue
        # (the quick match at the head first: the place cue is a slow scan)
        found = layer.anaphora(text, part.start, part.end) if last is not None else None
        # only a sentence that tells an act at a place (known or cued: "the village of X"): a statement
        # made "the next day" (a threat, a reaction) dates no incident
        told = (
            found is not None
            and part.trigger
            and not part.denial
            and (bool(part.places) or next(_place_cues(text, part.start, part.end, lang), None) is not None)
        )
        if found is None or last is None or not told:
            continue
        a, b, shift = found
        day = last.last + timedelta(days=shift)
        part.dates = [DateMention(a, b, day, day, "date.anaphora")]
        last = part.dates[0]


def _denial_runs(parts: list[_Sentence]) -> list[list[_Sentence]]:
    """The denying sentences of each voice: one denial per voice, however many sentences it takes and
    however they are spread (a statement denies, quotes, and denies again)."""
    runs: dict[str, list[_Sentence]] = {}
    for part in parts:
        if part.denial and not part.follow_up:  # "denied that its troops withdrew" is a follow-up
            runs.setdefault(part.voice, []).append(part)
    return list(runs.values())


_WORDS = re.compile(r"[^\W\d_]{2,}")


def _dateline(text: str, start: int, end: int, dates: list[DateMention]) -> bool:
    """Whether ``text[start:end]`` only dates the text: a short line of its dates, a time and at most a
    city's name ("BAKU, Azerbaijan, Nov. 20", "Москва. 27 марта.", "10 Ноября, 2021 21:56")."""
    if end - start > 60:
        return False
    words, at = 0, start
    for mention in [*dates, DateMention(end, end, dates[0].first, dates[0].last, "")]:
        words += len(_WORDS.findall(text, at, max(at, mention.start)))
        at = max(at, mention.end)
    return words <= 3


# a line that is a table's row or a list's item ("| 05.03.2022 | ...", "- ...", "2) ...")
_ITEM = re.compile(r"[^\S\n]*+(?:\||[-•*–—][^\S\n]|\d{1,3}[.)][^\S\n])")


def _item(text: str, offset: int) -> bool:
    """Whether ``offset`` stands in a table's row or a list's item."""
    return _ITEM.match(text, text.rfind("\n", 0, offset) + 1) is not None


def _consequence_only(part: _Sentence) -> bool:
    return not part.dates and not part.places


def _split_by_date(
    text: str, parts: list[_Sentence], means_of: Callable[[int, int], dict[str, str]]
) -> list[_Sentence]:
    """A sentence naming two different days reports two incidents: cut it before the second day."""
    result = []
    for part in parts:
        part = _overnight(text, part)
        distinct = [d for i, d in enumerate(part.dates) if i == 0 or d.first != part.dates[i - 1].first]
        if len(distinct) < 2:
            result.append(part)
            continue
        cuts = [part.start]
        for mention in distinct[1:]:
            window = text[max(cuts[-1], mention.start - 60) : mention.start]
            clause = max((m.end() for m in re.finditer(r"[;,]|\sand\s|\sи\s|\sа\s", window)), default=None)
            cuts.append(mention.start - len(window) + clause if clause is not None else mention.start)
        cuts.append(part.end)
        pieces = [_subset(part, a, b, means_of(a, b)) for a, b in itertools.pairwise(cuts)]
        for piece in pieces[1:]:
            if not piece.parties:  # "the adversary fired at X, and on 11 February opened fire at Y"
                piece.parties = [p for p in pieces[0].parties if p.role == "accused"]
        result.extend(pieces)
    return result


# what joins the two ends of a range ("from 23:40 on 8 July to 06:05 on 9 July", "late 13 - early 14
# March", "с 23:40 8 июля до 06:05 9 июля")
_RANGE_LINK = re.compile(r"[^.;]{0,25}?(?:\b(?:to|until|till|through|до|по)\b|[-–—])[^.;]{0,20}$", re.I)


def _overnight(text: str, part: _Sentence) -> _Sentence:
    """Two days in a row joined as a range (fire through the night) are one incident's first and last
    day, not two incidents."""
    dates = part.dates
    if len(dates) != 2 or (dates[1].first - dates[0].last).days != 1:
        return part
    between = text[dates[0].end : dates[1].start]
    if len(between) > 45 or not _RANGE_LINK.match(between):
        return part
    first, second = dates
    joined = DateMention(first.start, second.end, first.first, second.last, first.rule)
    return dataclasses.replace(part, dates=[joined])


def _subset(part: _Sentence, a: int, b: int, means: dict[str, str]) -> _Sentence:
    def inside(items: list) -> list:  # type: ignore[type-arg]
        return [x for x in items if a <= x.start < b]

    return dataclasses.replace(
        part,
        start=a,
        end=b,
        dates=inside(part.dates),
        times=inside(part.times),
        places=inside(part.places),
        relatives=inside(part.relatives),
        parties=inside(part.parties),
        means=means,
    )


class _Reader:
    """Reads sentences and builds claims with one language's rules."""

    def __init__(self, rules: Rules, places: PlaceIndex, profile: Profile) -> None:
        self.rules = rules
        self.place_index = places
        self.profile = profile
        lat_min, lat_max, lon_min, lon_max = profile.bounds
        # the farthest two points of the region are apart: no distance from a place in it is longer
        self.region_km = haversine_km(lat_min, lon_min, lat_max, lon_max)
        self.dates = DateReader(rules)
        self.fields = FieldReader(rules)
        # whether any trigger, any denial is in a sentence, each in one scan: most sentences have no denial
        self._any_trigger = Caseless.any_of([rule.regex for rule in rules.triggers], FLAGS)
        self._any_denial = Caseless.any_of([rule.regex for rule in rules.denials], FLAGS)

    def sentence(
        self,
        text: str,
        start: int,
        end: int,
        published: date | None,
        former: bool = False,
        year: int | None = None,
    ) -> _Sentence:
        r = self.rules
        parties = self.fields.parties(text, start, end)
        places = [
            m
            for m in self.place_index.find(text, name_tokens(text, start, end), former)
            if not any(p.start <= m.start < p.end for p in parties)
        ]
        means = self.fields.means(text, start, end)
        dates = self.dates.dates(text, start, end, published, year)
        trigger = bool(means) or self._any_trigger.search(text, start, end) is not None
        denied = (
            {rule.id.endswith(".quiet") for rule in r.denials if rule.regex.search(text, start, end)}
            if self._any_denial.search(text, start, end)
            else set()
        )
        loud, quiet = False in denied, True in denied
        return _Sentence(
            start=start,
            end=end,
            dates=dates,
            times=self.dates.times(text, start, end),
            places=places,
            relatives=self.fields.relatives(text, start, end),
            parties=parties,
            means=means,
            trigger=trigger,
            denial=loud or quiet,
            quiet=quiet and not loud,
            # read only where it is used: a sentence with no day and no place of its own
            casualty_words=not dates and not places and self.fields.speaks_of_casualties(text, start, end),
            counter=self.fields.counter(text, start, end),
            follow_up=self._follow_up(text, start, end),
            dateline=bool(dates) and not trigger and _dateline(text, start, end, dates),
        )

    def clauses(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A sentence that tells an act and then sets a denial against it ("Moscow accused Azerbaijan of
        entering the zone, although Azerbaijan refuted it") as two clauses: the account, and the denial
        (each read for its own voice); any other sentence whole."""
        cut = next(_CONTRAST.finditer(text, start, end), None)
        if cut is None:
            return [(start, end)]  # the common case, in one scan
        for rule in self.rules.denials:
            found = rule.regex.search(text, start, end)
            if found and found.start() < cut.start():
                return [(start, end)]  # the account itself denies
        if not any(rule.regex.search(text, cut.end(), end) for rule in self.rules.denials):
            return [(start, end)]
        acts = itertools.chain(self.rules.triggers, self.rules.means)
        if not any(rule.regex.search(text, start, cut.start()) for rule in acts):
            return [(start, end)]
        return [(start, cut.start()), (cut.start() + 1, end)]

    @cached_property
    def _any_follow_up(self) -> Caseless:
        rules = self.rules.withdrawals + self.rules.withdrawal_denials
        return Caseless.any_of([r.regex for r in rules], FLAGS)

    def _follow_up(self, text: str, start: int, end: int) -> str | None:
        if not self._any_follow_up.search(text, start, end):
            return None  # the common case, in one scan
        if any(rule.regex.search(text, start, end) for rule in self.rules.withdrawal_denials):
            return "not_withdrawn"
        if any(rule.regex.search(text, start, end) for rule in self.rules.withdrawals):
            return "withdrew"
        return None

    def claim(
        self, text: str, draft: _Draft, source: str | None, speaker: str | None, summary: bool
    ) -> ExtractedClaim:
        """The claim a draft makes. ``summary``: the text reports several incidents, so a count in a
        sentence naming no place ("two violations were recorded") sums them and is not this one's."""
        first, last = draft.parts[0], draft.parts[-1]
        claim = ExtractedClaim(span=(first.start, last.end), source=source, voice=first.voice)
        rules = claim.rules
        when = draft.date or draft.inherited_date
        if when:
            claim.event_date = when.first
            claim.date_end = when.last if when.last != when.first else None
            rules["event_date"] = when.rule
        clock = next((t for s in draft.parts for t in s.times), None)
        if clock:
            claim.time_start, claim.time_end = clock.first, clock.last
            rules["time_start"] = f"{self.rules.lang}.time"
        self._where(text, draft, claim)
        self._who(text, draft, claim, speaker)
        means: dict[str, str] = {}
        for part in draft.parts:
            for term, rule in part.means.items():
                add_means(means, term, rule)
        means = prefer_specific(means)
        claim.means = sorted(means)
        if means:
            rules["means"] = ",".join(sorted(set(means.values())))
        for part in draft.parts:
            counted = (
                None if summary and not part.places else self.fields.violations(text, part.start, part.end)
            )
            if counted:
                claim.violations, rules["violations"] = counted
                break
        armenian = self._armenian(claim, text)
        # people a side's own ministry counts with no side word ("three of its soldiers") are its own
        party = claim.voice.split()[0]
        own_side = party if party in self.profile.belligerents and claim.voice != OUTLET else "unknown"
        found: dict[tuple[str, str, str], int] = {}
        none = False
        for part in draft.parts + draft.shared:
            casualties, quiet = self.fields.casualties(
                text, part.start, part.end, claim.target or own_side, armenian, since=first.start
            )
            # a period's tally counts no one of this incident (asked only of a part that counts anyone:
            # most count no one, and the tally is a slow scan)
            if (casualties or quiet) and _TALLY.search(text, part.start, part.end):
                continue
            none = none or quiet
            for c in casualties:
                # one incident's figure told again in a later sentence (a quote, a recap, an update) is
                # the same people, not more of them: the largest figure of a kind stands
                found[(c.side, c.category, c.status)] = max(
                    found.get((c.side, c.category, c.status), 0), c.count
                )
        if any(side == EACH_SIDE for side, _, _ in found):
            found = self._each_side(found, claim, text)
        found = _told_again(found)
        if any(n > MAX_CASUALTIES for n in found.values()):
            claim.flags.append("count_implausible")  # a figure no incident of this theatre counts
            found = {key: n for key, n in found.items() if n <= MAX_CASUALTIES}
        claim.casualties = [
            Casualty(side, cat, status, n) for (side, cat, status), n in sorted(found.items())
        ]
        sides = {c.side for c in claim.casualties} - {"unknown"}
        contested = claim.rules.get("accused") == CONTESTED or (
            claim.accused == "unknown" and any(self.fields.mutual(text, p.start, p.end) for p in draft.parts)
        )  # an exchange of fire hits both sides: nobody in particular was the target
        if claim.target is None and len(sides) == 1 and sides != {claim.accused} and not contested:
            claim.target, rules["target"] = sides.pop(), "casualties"  # only one side was hurt
        claim.no_casualties = none and not found
        if found or none:
            rules["casualties"] = f"{self.rules.lang}.casualties"
        stated = (when, claim.places, claim.accused != "unknown", means, found or none)
        claim.confidence = min(0.95, 0.45 + 0.1 * sum(map(bool, stated)))
        return claim

    def denial(
        self, text: str, run: list[_Sentence], source: str | None, speaker: str | None, stance: str = "denies"
    ) -> ExtractedClaim | None:
        """Denying sentences in a row as one claim: the side that denies, the day and place it speaks of.
        With another ``stance``, a follow-up on an advance: the side that withdrew, or did not."""
        part = dataclasses.replace(
            run[0],
            end=run[-1].end,
            dates=[d for p in run for d in p.dates],
            places=[m for p in run for m in p.places],
            parties=[x for p in run for x in p.parties],
        )
        sides = self.profile.belligerents
        named = [p.code for p in part.parties if p.code in sides]
        voiced = part.voice.split()[0]
        speaker = voiced if voiced in sides else speaker  # the rebutting voice's side denies
        denier = speaker if speaker in sides else (named[0] if named else None)
        if denier is None:
            return None  # nobody to attribute it to: it contests nothing
        if stance == "denies" and voiced not in sides and all(p.quiet for p in run):
            return None  # a monitor's "no violations were recorded" denies nobody's act
        if stance != "denies":  # the side that withdrew is the one named, whoever speaks
            denier = named[0] if named else speaker if speaker in sides else None
            if denier is None:
                return None
        claim = ExtractedClaim(
            span=(part.start, part.end), source=source, accused=denier, stance=stance, voice=part.voice
        )
        if part.dates:
            claim.event_date = part.dates[0].first
            claim.date_end = part.dates[0].last if part.dates[0].last != part.dates[0].first else None
        if stance == "denies":  # the act denied, as the denial words it
            claim.means = sorted(prefer_specific({t: r for p in run for t, r in p.means.items()}))
        self._where(text, _Draft([part]), claim)
        if stance == "denies" and self.rules.denial_target:
            # "our units did not fire at the Azerbaijani positions": the side it denies hitting
            hit = next((p.code for p in part.parties if p.role == "target" and p.code in sides), None)
            across = self.profile.adversary_of(denier, self._where_keys(claim, text))
            target = hit if hit and hit != denier else across
            if target:
                claim.target, claim.rules["target"] = target, f"{self.rules.lang}.denial"
        if stance != "denies" and self.rules.withdrawal_means:
            # a side that withdrew, or did not, from where it had advanced: the advance is the act told,
            # into the other side's ground
            claim.means = sorted(self.rules.withdrawal_means)
            claim.rules["means"] = f"{self.rules.lang}.withdrawal"
            if "incursion" in claim.means:
                across = self.profile.adversary_of(claim.accused, self._where_keys(claim, text))
                if across:
                    claim.target, claim.rules["target"] = across, "incursion"
        claim.rules["stance"] = (
            f"{self.rules.lang}.denial" if stance == "denies" else f"{self.rules.lang}.withdrawal"
        )
        claim.confidence = 0.6
        return claim

    def _each_side(
        self, found: dict[tuple[str, str, str], int], claim: ExtractedClaim, text: str
    ) -> dict[tuple[str, str, str], int]:
        """People counted "on each side": as many of the side blamed and of its adversary there, or of no
        side in particular when the claim blames none."""
        accused = claim.accused if claim.accused in self.profile.belligerents else None
        other = self.profile.adversary_of(accused, self._where_keys(claim, text)) if accused else None
        sides = [accused, other] if accused and other else ["unknown"]
        result: dict[tuple[str, str, str], int] = {}
        for (side, category, status), count in found.items():
            for each in sides if side == EACH_SIDE else [side]:
                key = (each, category, status)
                result[key] = max(result.get(key, 0), count)
        # "four people were wounded ... two on each side": the total is the same people, told once more
        for (side, category, status), count in found.items():
            total = ("unknown", category, status)
            if side == EACH_SIDE and len(sides) == 2 and found.get(total) == count * 2:
                result.pop(total, None)
        return result

    def _where_keys(self, claim: ExtractedClaim, text: str) -> set[str]:
        """The countries of the places a claim names, and "border" when its text speaks of the state
        border: what decides whom "the adversary" and a kin word ("Armenian") mean (the pack's profile)."""
        keys = {c for c in (self._country(p.id) for p in claim.places if p.id) if c}
        party = claim.voice.split()[0]
        if not keys and party in self.profile.countries:
            keys.add(party)  # no place named: a country's own ministry speaks of its own ground
        if text and _STATE_BORDER.search(text, claim.span[0], claim.span[1]):
            keys.add("border")
        return keys

    def _armenian(self, claim: ExtractedClaim, text: str = "") -> str:
        """What a kin word ("Armenian" people and units) means here: in the Nagorno-Karabakh pack,
        Armenia's inside Armenia or on its state border, Karabakh's elsewhere."""
        return self.profile.side_of("armenian", self._where_keys(claim, text)) or "unknown"

    @staticmethod
    def _means_of(draft: _Draft) -> list[str]:
        return [term for part in draft.parts for term in part.means]

    def _country(self, place_id: str) -> str | None:
        place = self.place_index.gazetteer.get(place_id)
        return place.country if place else None

    def _where(self, text: str, draft: _Draft, claim: ExtractedClaim) -> None:
        mentions = [m for s in draft.parts for m in s.places] or draft.inherited_places
        seen: set[str] = set()
        for mention in mentions:
            place = mention.place
            key = place.id if place else mention.text
            if key not in seen:
                seen.add(key)
                claim.places.append(
                    PlaceRef(place.id, mention.text, place.lat, place.lon)
                    if place
                    else PlaceRef(None, mention.text)
                )
        for name in self._unknown_names(text, draft, mentions):
            claim.places.append(PlaceRef(None, name))
        if not claim.places:
            return
        claim.rules["places"] = f"{self.rules.lang}.gazetteer"
        relatives = [r for s in draft.parts for r in s.relatives]
        anchor = None
        for relative in relatives:
            anchor = _anchor(text, relative, mentions)
            if anchor:
                km = relative.km
                if km is not None and km > self.region_km:  # "99999 km north of": capped, and flagged
                    km = round(self.region_km, 3)
                    claim.flags.append("distance_implausible")
                claim.relative = (km, relative.direction, anchor.text)
                claim.location_text = text[relative.start : anchor.end]
                claim.rules["relative"] = f"{self.rules.lang}.dir"
                break
        located = anchor.place if anchor else next((m.place for m in mentions if m.place), None)
        if located is None:
            claim.location_text = claim.location_text or claim.places[0].name
            return
        claim.location_text = claim.location_text or next(m.text for m in mentions if m.place is located)
        radius = max(located.radius_m / 1000, 1.0)
        lat, lon = located.lat, located.lon
        if claim.relative and claim.relative[0] is not None and claim.relative[1]:
            # as the pack's incidents: the place's own uncertainty plus the spread of the direction
            lat, lon, metres = relative_position(located, claim.relative[0], claim.relative[1])
            radius = metres / 1000
        elif claim.relative:  # a direction without a distance: somewhere on that side, within a few km
            radius = 5.0 + located.radius_m / 1000
        claim.point = (lat, lon, round(radius, 2))

    def _unknown_names(self, text: str, draft: _Draft, mentions: list[PlaceMention]) -> list[str]:
        names = []
        for part in draft.parts:
            for m in _place_cues(text, part.start, part.end, self.rules.lang):
                group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g))
                for name, at in _listed(m, group):
                    known = any(x.start <= at < x.end for x in mentions)
                    party = any(p.start <= at < p.end for s in draft.parts for p in s.parties)
                    road = road_name(text, at, at + len(name))  # "near the Lachin corridor": no place
                    stop = name.lower() in STOP
                    if not known and not party and not road and not stop and name not in names:
                        names.append(name)
        return names

    def _who(self, text: str, draft: _Draft, claim: ExtractedClaim, speaker: str | None) -> None:
        """Who is blamed and who was hit. An explicit cue decides ("fire from the Azerbaijani side",
        "at positions of the Defence Army"); "the adversary" is the speaker's other side; a fight between
        the sides with nobody named as its author blames no one."""
        voiced = claim.voice.split()[0]
        speaker_side = voiced if claim.voice != OUTLET and voiced in self.profile.belligerents else None
        speaker = speaker_side or speaker  # "the adversary" of a side's body quoted by an outlet is its own
        where = self._where_keys(claim, text)
        other = self.profile.adversary_of(speaker, where)
        # a speaker with more than one adversary (by where) means the one the text names, if it names one
        possible = set(self.profile.adversary.get(speaker or "", {}).values())
        named = {p.code for part in draft.parts for p in part.parties if p.code in possible}
        if len(possible) > 1 and len(named) == 1:
            other = next(iter(named))
        # a kin word the pack resolves ("armenian" in Nagorno-Karabakh) is the side it means there; one
        # it does not know names no party of this pack
        kin = {word: self.profile.side_of(word, where) or "unknown" for word in self.profile.kin}
        codes = {OTHER: other, OWN: speaker, **kin}
        mentions = []
        for part in draft.parts:
            for p in part.parties:
                code = codes.get(p.code, p.code)
                # in the other side's version, the side it names is the side it blames
                role = "accused" if part.counter and p.role is None and part is not draft.parts[0] else p.role
                if code and (code == "unknown" or code in self.profile.belligerents):
                    mentions.append(PartyMention(p.start, p.end, code, role, p.rule))
        plain = [p for p in mentions if not p.rule.endswith(".bare")]
        blamed = {p.code for p in mentions if p.role == "accused" and p.code != "unknown"}
        if len(blamed) > 1 and any(part.counter for part in draft.parts):
            claim.rules["accused"] = CONTESTED  # each side blames the other for opening fire first
            return
        accused = next((p for p in mentions if p.role == "accused" and p.code != "unknown"), None)
        if accused is None:
            unnamed = next((p for p in mentions if p.code == "unknown"), None)
            mutual = any(self.fields.mutual(text, part.start, part.end) for part in draft.parts)
            accused = unnamed or (None if mutual else next((p for p in plain if p.role is None), None))
        own_hit = None  # the speaker's own side, hit by the side it blames in place of its own
        if accused is not None and accused.code == speaker_side and claim.voice != OUTLET:
            # a side's own body does not blame its own side: the side it names is its own as the target or
            # the one answering ("our positions came under fire of the other side's units", "the soldiers
            # returned fire"); the other side it names is the one it blames
            other_side = next(
                (
                    p
                    for p in mentions
                    if p.code not in (speaker_side, "unknown")
                    and (p.role == "accused" or (p.role is None and not p.rule.endswith(".bare")))
                ),
                None,
            )
            if other_side is not None:
                accused, own_hit = other_side, speaker_side
        if accused is not None:
            claim.accused = accused.code
            claim.rules["accused"] = accused.rule
        target = next(
            (p for p in mentions if p.role == "target" and p.code not in (claim.accused, "unknown")), None
        )
        if target is None and claim.accused != "unknown":
            others = [p for p in plain if p.code not in (claim.accused, "unknown")]
            # a side's own body that names its own side beside a third tells of the fire on its own side
            target = next((p for p in others if p.code == speaker_side), None) or next(iter(others), None)
        if own_hit is not None:
            claim.target, claim.rules["target"] = own_hit, "voice.self"
        elif target is not None:
            claim.target = target.code
            claim.rules["target"] = target.rule
        elif "incursion" in claim.means + self._means_of(draft):
            across = self.profile.adversary_of(claim.accused, self._where_keys(claim, text))
            if across:  # across the line: into the other side's ground
                claim.target, claim.rules["target"] = across, "incursion"
        elif (
            claim.accused in self.profile.belligerents
            and speaker_side in self.profile.belligerents
            and speaker_side != claim.accused
            and not any(self.fields.mutual(text, part.start, part.end) for part in draft.parts)
            and not any(_TOWARDS.search(text, part.start, part.end) for part in draft.parts)
            and not claim.places
        ):
            # a side's own body telling of the other side's fire, at no place it names, tells of fire on
            # its own side (a village fired at, "towards a village", names no side hit: GUIDELINES 8.5)
            claim.target, claim.rules["target"] = speaker_side, "voice"


_LIST_SEPARATOR = re.compile(r",? and |, ")


def _listed(match: re.Match[str], group: int) -> list[tuple[str, int]]:
    """The names a place cue matched, with where each starts: one, or each of a list named before the
    word ("the Bazirkhana and Damirchidam settlements"), a leading word that is no name left off ("In")."""
    at, value = match.start(group), match.group(group)
    if "list" not in match.re.groupindex or match.start("list") != at:
        return [(value, at)]
    names = []
    for piece in _LIST_SEPARATOR.split(value):
        words = piece.split(" ")
        # a leading word that is no name ("In"), or the unit a name is of ("Tovuz’s Koxanabi")
        while len(words) > 1 and (words[0].lower() in STOP or words[0].endswith(("'s", "’s"))):
            words.pop(0)
        name = " ".join(words)
        names.append((name, value.index(piece) + at + len(piece) - len(name)))
    return names


_THE_PLACE = re.compile(
    r"the (?:village|settlement|town|height)\b|(?:этого |того же )?(?:сел[аоу]|деревни|населённого пункта)\b",
    re.I,
)


def _anchor(text: str, relative: RelativeMention, mentions: list[PlaceMention]) -> PlaceMention | None:
    """The place a relative position is measured from: named right after it ("2 km NW of Yeghtsahogh"),
    a few words on ("of the village that Azerbaijan calls Gyrmyzy Bazar"), or, for "of the village" with
    no name, the place named last before it ("... of Khramort ... 1.8 km east of the village")."""
    right_after = next((m for m in mentions if 0 <= m.start - relative.place_start <= 3), None)
    if right_after:
        return right_after
    said = text[relative.start : relative.place_start]
    follows = text[relative.place_start : relative.place_start + 60]
    if not (_THE_PLACE.search(said) or _THE_PLACE.match(follows)):
        return None
    later = next((m for m in mentions if 0 <= m.start - relative.place_start <= 60 and m.place), None)
    if later and not re.search(r"[.;]", text[relative.place_start : later.start]):
        return later
    earlier = [m for m in mentions if m.end <= relative.start and m.place]
    return earlier[-1] if earlier else None
