"""Casualties in a stretch of text: killed, wounded, missing and captured, by side and category, and an
explicit "no casualties". Groups of people ("two Azerbaijani servicemen", "трое", "he") are paired with
the status words near them; the side is read from the words of the group or, failing that, is the side
hit."""

from __future__ import annotations

import re
from functools import cached_property

from truce.extract.caseless import Caseless
from truce.extract.rules import FLAGS, Rules
from truce.model import Casualty

__all__ = ["NEGATION", "CasualtyReader"]

# After a number, these make it a distance, a time, a count of violations: not people.
_NOT_PEOPLE_AFTER = re.compile(
    r"\s*(?:km|км|m\b|м\b|:|\.\d|%|violations|нарушени|strikes|удар|times|раз\b|-?years?|-?летн|лет\b"
    r"|-(?:week|day|month|hour))",
    re.I,
)
#: Words just before a status or a means that turn it round ("not injured", "без потерь").
NEGATION = re.compile(r"(?:\bnot|\bno|\bnever|\bне|\bни|\bбез)\W+(?:\w+\W+)?$", re.I)


class CasualtyReader:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    @cached_property
    def _group(self) -> re.Pattern[str]:
        r = self.rules
        # up to three words between the number and the people ("two Armenian servicemen"), but never
        # another number, a status or "and" ("двое и ранены четырнадцать военнослужащих" is two groups)
        gap = rf"(?:(?!(?:{r.number_word}|{r.status_word}|and|и|or|или)\b)[\w-]+\s+){{0,3}}?"
        return re.compile(
            rf"(?<!\w)(?:(?P<num>{r.number_word})\s+{gap}(?P<cat>{r.category_word})"
            rf"|(?P<cat1>{r.category_word}))(?!\w)",
            FLAGS,
        )

    @cached_property
    def _status(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{self.rules.status_word})(?!\w)", FLAGS)

    @cached_property
    def status_words(self) -> Caseless:
        """The status words, found by a quick scan (their offsets; the words are read in the text)."""
        return Caseless(self._status)

    @cached_property
    def any_none(self) -> Caseless:
        """Whether a stretch says there were no casualties, in one quick scan."""
        return Caseless.any_of([rule.regex for rule in self.rules.no_casualties], FLAGS)

    @cached_property
    def _pronoun(self) -> re.Pattern[str]:
        words = r"he|she|the man|the woman|он|она" if self.rules.lang in ("en", "ru") else "(?!)"
        return re.compile(rf"(?<!\w)(?:{words})(?=\s+(?:was|had been|has been|получил|был|была)\b)", FLAGS)

    @cached_property
    def _bare_number(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?P<num>{self.rules.number_word})(?!\w)", FLAGS)

    def read(
        self,
        text: str,
        start: int,
        end: int,
        default_side: str,
        armenian: str = "NK",
        since: int | None = None,
    ) -> tuple[list[Casualty], bool]:
        """Casualties by side, category and status; and whether the text says explicitly there were none.

        A side word decides the side ("two Azerbaijani servicemen"); "Armenian" means ``armenian`` (AM
        inside Armenia, NK in Karabakh); without one, the side hit (``default_side``) is meant. A bare
        number ("... and fourteen were wounded") takes the kind of people named just before it.
        """
        r = self.rules
        # most stretches say nothing of casualties: one quick scan each tells, before the scans rule by rule
        quiet = (
            [m.span() for rule in r.no_casualties for m in rule.regex.finditer(text, start, end)]
            if self.any_none.search(text, start, end)
            else []
        )

        def silenced(at: int) -> bool:
            return any(a <= at < b for a, b in quiet) or bool(NEGATION.search(text[max(start, at - 14) : at]))

        statuses = [
            (m.start(), m.end(), self._status_of(text, m.start(), m.end(), end))
            for m in self.status_words.finditer(text, start, end)
            if not silenced(m.start())
        ]
        if not statuses:
            return [], bool(quiet)
        groups: list[tuple[int, int, int, str | None]] = []
        for m in self._group.finditer(text, start, end):
            number = m.group("num")
            if number and not self._people_count(text, m.start("num"), m.end("num"), end, named=True):
                continue
            count = r.number(number) if number else (1 if _singular(m.group("cat1"), r.lang) else None)
            if count and not silenced(m.start()):
                groups.append(
                    (m.start(), m.end(), count, self._category_of(m.group("cat") or m.group("cat1")))
                )
        # "He was lightly wounded": one person, of the kind named before
        for m in self._pronoun.finditer(text, start, end):
            if not any(g[0] <= m.start() < g[1] for g in groups) and not silenced(m.start()):
                groups.append((m.start(), m.end(), 1, None))
        # "погибли трое", "fourteen were wounded": a number with no category word beside a status word
        for m in self._bare_number.finditer(text, start, end):
            if any(g[0] <= m.start() < g[1] for g in groups) or silenced(m.start()):
                continue
            if m.group("num").lower() in ("a", "an"):
                continue  # an article before something that is not a person ("an Azerbaijani sniper")
            near = any(0 <= m.start() - s[1] <= 3 or 0 <= s[0] - m.end() <= 25 for s in statuses)
            count = r.number(m.group("num"))
            if near and count and self._people_count(text, m.start(), m.end(), end):
                groups.append((m.start(), m.end(), count, None))
        groups.sort()
        # a bare number shares the kind of the group it is joined to: "погибли двое и ранены четырнадцать
        # военнослужащих" are servicemen both
        for index, group in enumerate(groups):
            following_group = groups[index + 1] if index + 1 < len(groups) else None
            joined = following_group and not re.search(r"[.!?;]", text[group[1] : following_group[0]])
            if group[3] is None and following_group and following_group[3] and joined:
                earlier = index and not re.search(r"[.!?]", text[groups[index - 1][1] : group[0]])
                if not earlier:
                    groups[index] = (*group[:3], following_group[3])
        found: dict[tuple[str, str, str], int] = {}
        previous: tuple[str, str] | None = None  # the side and category of the group before, in this sentence
        last_status: tuple[str, bool, int] | None = None
        for index, (g_start, g_end, count, category) in enumerate(groups):
            following = groups[index + 1][0] if index + 1 < len(groups) else end
            preceding = groups[index - 1][1] if index else start
            chosen = self._status_for(text, statuses, g_start, g_end, preceding, following, groups, index)
            if chosen is None and last_status and re.fullmatch(r"\s*(?:,|and|и)\s*", text[preceding:g_start]):
                chosen = last_status  # "погибли трое полицейских и двое военнослужащих"
            if chosen is None:
                continue
            last_status = chosen
            status, status_after, status_at = chosen
            # the side is said inside the group ("two Azerbaijani soldiers"), just after it ("of the
            # Defence Army"), or, when the status follows, just before it ("On the Azerbaijani side, two
            # people were killed"); before a status that precedes stands its agent ("a sniper wounded")
            tail = text[g_end : min(status_at if status_after else g_end + 40, following)]
            # "one of its servicemen": the side is the one named before "its", further back
            reach = (
                90 if re.search(r"\b(?:its|their|our|своих|свои|наших)\b", text[g_start:g_end], re.I) else 40
            )
            head = text[max(preceding, g_start - reach, _clause_start(text, g_start, start)) : g_start]
            contexts = (text[g_start:g_end], tail, head if status_after else "")
            if index and re.search(r"[.!?]\s", text[groups[index - 1][1] : g_start]):
                previous = None  # a new sentence: nothing to inherit
            side = next((x for x in (self._side_of(c, armenian) for c in contexts) if x), None)
            if category is None and previous is not None:
                side, category = side or previous[0], previous[1]
            elif category is None:
                category = self._last_category(text, start if since is None else since, g_start)
            side = side or default_side
            category = category or "unknown"
            previous = (side, category)
            if index and _part_of_total(text, preceding, g_start, g_end):
                continue  # "four were killed, two of them civilians": the two are inside the four
            found[(side, category, status)] = found.get((side, category, status), 0) + count
        casualties = [Casualty(side, cat, status, n) for (side, cat, status), n in sorted(found.items())]
        return casualties, bool(quiet) and not casualties

    def _status_for(
        self,
        text: str,
        statuses: list[tuple[int, int, str]],
        g_start: int,
        g_end: int,
        preceding: int,
        following: int,
        groups: list,  # type: ignore[type-arg]
        index: int,
    ) -> tuple[str, bool, int] | None:
        """The status of a group of people and whether it follows them. English puts it after ("two
        soldiers were wounded"), Russian often before ("погибли трое"): the nearest wins there. Groups
        joined by "and" share the status after the last ("two soldiers and a civilian were wounded")."""
        # "seven servicemen, including <their names>, were killed": the list of names stands between
        reach = 400 if _NAMED_LIST.match(text, g_end, following) else 120
        after = [s for s in statuses if g_end <= s[0] < following and s[0] - g_end <= reach]
        before = [s for s in statuses if max(preceding, g_start - 40) <= s[1] <= g_start]
        if (
            not after
            and index + 1 < len(groups)
            and re.fullmatch(r"\s*(?:,|and|и)\s*", text[g_end:following])
        ):
            beyond = groups[index + 1][1]
            after = [s for s in statuses if beyond <= s[0] <= beyond + 60]
        if before and not text[before[-1][1] : g_start].strip():
            return before[-1][2], False, before[-1][0]  # "killed three servicemen", "погибли трое"
        if after and before and self.rules.lang == "ru":
            # the nearer status, but one across a comma is farther than it looks ("погиб, 13 взяты в плен")
            def apart(gap: str) -> int:
                return len(gap) + (20 if re.search(r"[,;:—]", gap) else 0)

            if apart(text[before[-1][1] : g_start]) < apart(text[g_end : after[0][0]]):
                return before[-1][2], False, before[-1][0]
            return after[0][2], True, after[0][0]
        if after:
            return after[0][2], True, after[0][0]
        if before:
            return before[-1][2], False, before[-1][0]
        return None

    def _last_category(self, text: str, start: int, at: int) -> str | None:
        """The kind of people last named before ``at`` ("a resident ... He was wounded" -> civilians)."""
        last = None
        for m in self._category_word.finditer(text, start, at):
            last = self._category_of(m.group(0))
        return last

    @cached_property
    def _category_word(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{self.rules.category_word})(?!\w)", FLAGS)

    def _people_count(self, text: str, start: int, end: int, limit: int, named: bool = False) -> bool:
        """Whether the number at text[start:end] counts people: not a distance, an age, a time, a year.
        A bare number counts people below 1000; one ``named`` people ("2500 servicemen") at any size but a
        year's (the claim flags a count above its maximum rather than silently reading none)."""
        if re.search(r"\d[,.]$", text[max(0, start - 2) : start]):
            return False  # the tail of "6,500" or "2054.0"
        value = self.rules.number(text[start:end])
        if (
            value
            and value <= 31
            and (
                self._month_beside.search(text[max(0, start - 16) : start])
                or self._month_after.match(text, end, min(limit, end + 16))
            )
        ):
            return False  # a day of a month ("November 16", "16 ноября")
        plausible = bool(value and (value < 1000 or (named and not 1900 <= value <= 2100)))
        return plausible and not _NOT_PEOPLE_AFTER.match(text, end, min(limit, end + 16))

    @cached_property
    def _month_beside(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{self.rules.months.pattern})\s+$", FLAGS)

    @cached_property
    def _month_after(self) -> re.Pattern[str]:
        return re.compile(rf"\s+(?:{self.rules.months.pattern})(?!\w)", FLAGS)

    def _status_of(self, text: str, a: int, b: int, end: int) -> str:
        """The status of the word at ``text[a:b]``, matched where it stands (a status word may look on:
        "communication with [24 servicemen] was lost")."""
        statuses = self.rules.statuses
        word = next((status for regex, status in statuses if regex.fullmatch(text, a, b)), None)
        if word is not None:
            return word
        looking = (status for regex, status in statuses if (m := regex.match(text, a, end)) and m.end() == b)
        return next(looking, statuses[0][1])

    def _category_of(self, word: str) -> str:
        return next(
            (category for regex, category in self.rules.categories if regex.fullmatch(word)), "unknown"
        )

    def _side_of(self, context: str, armenian: str) -> str | None:
        for regex, side in self.rules.sides:
            if regex.search(context):
                return armenian if side == "armenian" else side
        return None


def _clause_start(text: str, at: int, floor: int) -> int:
    """Where the clause holding ``at`` begins: after the last sentence end, semicolon or dash before it."""
    marks = [m.end() for m in re.finditer(r"[.;!?—–]\s|\n", text[floor:at])]
    return floor + marks[-1] if marks else floor


def _singular(word: str | None, lang: str) -> bool:
    """Whether a bare category word names one person ("a serviceman was wounded" counts one)."""
    if not word:
        return False
    lowered = word.lower()
    if lang == "en":
        return not (
            lowered.endswith("s")
            or lowered.endswith("men")
            or lowered in ("people", "troops", "military", "personnel", "children")
        )
    return bool(re.fullmatch(r"\w+(?:ий|ый|ой|ец|ь|ин|ор|ик|ат|ист|ер)", lowered.split()[-1]))


# a group followed by the names of its members ("seven servicemen, including A, B and C, were killed")
_NAMED_LIST = re.compile(r"\s*,\s*(?:including|namely|among them)\s+[^.!?;:]{0,300}?,\s*(?:were|was)\b", re.I)

# a group that is a part of the total told before it ("two of them", "из них трое", "including a child")
_PART_BEFORE = re.compile(
    r"(?:of them|of whom|among them|including|из них|из которых|среди них|в том числе)\W{0,3}$", re.I
)
_PART_WITHIN = re.compile(r"\b(?:of them|of whom|из них)\b", re.I)


def _part_of_total(text: str, preceding: int, g_start: int, g_end: int) -> bool:
    """Whether the group at ``text[g_start:g_end]`` counts part of the group before it."""
    return bool(
        _PART_BEFORE.search(text[max(preceding, g_start - 30) : g_start])
        or _PART_WITHIN.search(text, g_start, g_end + 10)
    )
