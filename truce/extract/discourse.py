"""The discourse layer: what each part of a text does, before any claim is made of it.

A news text, a bulletin or a long reference article mixes parts that report an incident with parts that
do something else. Each part (a sentence or a clause, ``truce.extract.extractor``) is classed as one of
:data:`KINDS`:

- ``caption``: a photo caption ("In this image taken from video released by ...", "... (AP Photo)",
  "Фото: ..."): no claim, no speaker, no date;
- ``background``: the war before the ceasefire or the conflict's history (a sentence on "the war that
  claimed thousands of lives", a section headed "Background"), or an undated summary of the sides' accounts
  ("both sides accuse the other of ..."): no claim, and it gives no casualties and no day to a claim of
  another episode;
- ``frame``: a line that only dates the text (a dateline);
- ``denial``: it denies, refutes or says all was quiet (``truce.extract.voices`` finds whose denial);
- ``response``: it tells a side's answer to the other's act (retaliation, "took adequate measures");
- ``other_voice``: it opens another speaker's account;
- ``incident``: it reports an act (a trigger word and a day, a place or a side);
- ``continuation``: it adds to the account before (consequences, a quote going on).

The layer also dates in context: a long article's year headings ("=== 2021 ===", "### 2023", a line
that is only a year) give their year to the dates of their section that name none
(:meth:`Discourse.year_at`). The patterns are data (``rules/discourse.toml``); the structure (lines,
sections, their levels) is here.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Protocol

from truce.extract.caseless import Caseless
from truce.extract.rules import FLAGS, checked_pattern, read_rules

__all__ = ["KINDS", "Discourse", "Section", "TextPart", "discourse"]

KINDS = (
    "incident",
    "continuation",
    "other_voice",
    "background",
    "caption",
    "denial",
    "frame",
    "response",
)


@dataclass(frozen=True)
class TextPart:
    """A part of a text as the extractor reads it: its span, its kind (:data:`KINDS`), whose account it
    gives (a voice label, ``truce.extract.voices``) and the first day it names (None: none)."""

    start: int
    end: int
    kind: str
    voice: str
    day: date | None


#: The longest line read as a caption by its credit alone: a caption is a line or two, never a paragraph.
MAX_CAPTION = 400
# A heading line: "== Title ==" (wiki), "### Title" (markdown); its level is the count of its marks
_HEADING = re.compile(
    r"[^\S\n]*+(?:(?P<eq>={1,6})[^\S\n]*+(?P<t1>[^=\n]{1,120}?)[^\S\n]*+=*|(?P<hash>#{1,6})[^\S\n]++(?P<t2>[^\n]{1,120}?)[^\S\n]*+#*)[^\S\n]*+"
)
# a heading or a line that is only a year ("2021", "2021 год")
_YEAR = re.compile(r"(?P<year>(?:19|20)\d\d)(?:[^\S\n]*+(?:год|г\.))?")
#: The level of a line that is only a year (below every marked heading: any heading closes its section).
_BARE_LEVEL = 9


class Part(Protocol):
    """What the layer reads of a part (``truce.extract.extractor._Sentence``)."""

    start: int
    end: int
    dates: list
    places: list
    trigger: bool
    denial: bool
    dateline: bool
    voice: str


@dataclass(frozen=True)
class Section:
    start: int
    end: int
    year: int | None  # the year its heading names, if the heading is a year
    background: bool  # its heading names background or history


class Discourse:
    def __init__(self, data: dict) -> None:
        def compile_(section: str, key: str) -> re.Pattern[str]:
            value = checked_pattern(data.get(section, {}).get(key), "discourse.toml", f"{section}.{key}")
            return re.compile(value, FLAGS | re.MULTILINE)

        self._caption_start = compile_("caption", "start")
        self._credit = compile_("caption", "credit")
        # searched in every part of every text: lowered, they are scanned several times faster
        self._background = Caseless(compile_("background", "pattern"))
        self._response = Caseless(compile_("response", "pattern"))
        self._situation = compile_("situation", "pattern")
        self._demining = Caseless(compile_("demining", "pattern"))
        self._summary = compile_("summary", "pattern")
        self._background_heading = re.compile(rf"(?:{compile_('heading', 'background').pattern})", FLAGS)
        self._act = re.compile(rf"[\s\"“«]*(?:{compile_('anaphora', 'act').pattern})", FLAGS)
        # matched at the head of a part only (a leading word allowed before it: "And the next day")
        lead = compile_("anaphora", "lead").pattern
        self._anaphora = [
            (
                re.compile(
                    rf"[\s\"“«]*+(?:(?:{lead})\s++)?(?:{compile_('anaphora', key).pattern})(?!\w)", FLAGS
                ),
                shift,
            )
            for key, shift in (("same", 0), ("next", 1))
        ]

    def same_act(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` opens by naming the act told before it ("The incident took place
        near X", "Инцидент произошёл ..."): it adds to that account."""
        return self._act.match(text, start, end) is not None

    def anaphora(self, text: str, start: int, end: int) -> tuple[int, int, int] | None:
        """A day told by reference to the day told before, at the head of ``text[start:end]`` ("The same
        day, ...", "The next day ..."): its span and how many days after the day before it is."""
        for regex, shift in self._anaphora:
            m = regex.match(text, start, end)
            if m:
                return m.start(), m.end(), shift
        return None

    def situation(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` only reports how the situation stands ("As of 10:00 the situation on
        the border is relatively stable"): it tells of no act of its own."""
        return self._situation.match(text, start, end) is not None

    def demining(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` tells of demining ("обезвредили 10 снарядов", "defused mines"): the
        weapons it names were cleared, not used."""
        return self._demining.search(text, start, end) is not None

    def summary(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` sums up the sides' accounts ("both sides accuse the other of ..."):
        undated, it makes no claim of its own (each account is told by its voice, if at all)."""
        return self._summary.search(text, start, end) is not None

    def captions(self, text: str) -> list[tuple[int, int]]:
        """The spans of the caption lines of ``text``, in order."""
        found = []
        at = 0
        while at <= len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[at:end]
            stripped = line.strip()
            if stripped and (
                self._caption_start.match(stripped)
                or (len(stripped) <= MAX_CAPTION and self._credit.search(stripped))
            ):
                found.append((at, end))
            at = end + 1
        return found

    def background(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` tells of the war before the ceasefire or the conflict's history."""
        return self._background.search(text, start, end) is not None

    def sections(self, text: str) -> list[Section]:
        """The sections of ``text`` that a heading dates (a year) or classes (background), in order: each
        from its heading to the next heading of its level or above."""
        headings: list[tuple[int, int, int, int | None, bool]] = []  # start, end, level, year, background
        at = 0
        while at < len(text):
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            heading = _HEADING.fullmatch(text, at, end)
            if heading:
                level = len(heading.group("eq") or heading.group("hash"))
                title = (heading.group("t1") or heading.group("t2") or "").strip()
                year = _YEAR.fullmatch(title)
                background = self._background_heading.fullmatch(title) is not None
                headings.append((at, end, level, int(year.group("year")) if year else None, background))
            else:
                year = _YEAR.fullmatch(text[at:end].strip())
                if year:
                    headings.append((at, end, _BARE_LEVEL, int(year.group("year")), False))
            at = end + 1
        result = []
        for index, (start, _, level, year, background) in enumerate(headings):
            if year is None and not background:
                continue
            stop = next((h[0] for h in headings[index + 1 :] if h[2] <= level), len(text))
            result.append(Section(start, stop, year, background))
        return result

    @staticmethod
    def year_at(sections: list[Section], offset: int) -> int | None:
        """The year of the innermost year section that holds ``offset``, if any."""
        starts = [s.start for s in sections]
        index = bisect.bisect_right(starts, offset)
        for section in reversed(sections[:index]):
            if section.year is not None and section.start <= offset < section.end:
                return section.year
        return None

    @staticmethod
    def heading(text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is a section heading ("== Title ==", "### 2021", a year alone); a
        markdown title ("# Title") is the text's headline, not a section's."""
        heading = _HEADING.fullmatch(text, start, end)
        if heading and heading.group("hash") == "#":
            return _YEAR.fullmatch(heading.group("t2").strip()) is not None
        return bool(heading or _YEAR.fullmatch(text, start, end))

    def kind(self, text: str, part: Part, before: Part | None, background: bool) -> str:
        """The kind (one of :data:`KINDS`) of ``part``, the part before it being ``before``; ``background``:
        it stands in a background section or tells of the war (:meth:`background`). A heading or a
        dateline is a ``frame``: it tells nothing, and no account runs on across a heading."""
        if part.dateline or self.heading(text, part.start, part.end):
            return "frame"
        if background:
            return "background"
        if part.denial:
            return "denial"
        if not part.trigger:
            return "continuation"
        if before is not None and part.voice != before.voice:
            return "other_voice"
        if not (part.dates or part.places):
            return "continuation"  # consequences of the act before ("As a result, ...")
        if self._response.search(text, part.start, part.end):
            return "response"
        return "incident"

    @staticmethod
    def in_background(sections: list[Section], offset: int) -> bool:
        return any(s.background and s.start <= offset < s.end for s in sections)


@cache
def discourse() -> Discourse:
    """The discourse rules of ``rules/discourse.toml``, read once."""
    return Discourse(read_rules("discourse.toml"))
