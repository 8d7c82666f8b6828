"""Reading one field of a claim from a stretch of text: parties and their roles, means, casualties,
counts and relative positions. Each reader takes the text and a span and returns what it found, with the
rule ids that found it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from truce.extract.rules import FLAGS, Rules
from truce.model import WEAPONS, Casualty

__all__ = ["OTHER", "OWN", "FieldReader", "PartyMention", "RelativeMention", "prefer_specific"]

# After a number, these make it a distance, a time, a count of violations: not people.
_NOT_PEOPLE_AFTER = re.compile(
    r"\s*(?:km|км|m\b|м\b|:|\.\d|%|violations|нарушени|strikes|удар|times|раз\b|-?years?|-?летн|лет\b|-(?:week|day|month|hour))",
    re.I,
)
# Placeholder codes of "the adversary" and "our (positions)", resolved with the speaker's party.
OTHER, OWN = "other", "own"
_NEGATION = re.compile(r"(?:\bnot|\bno|\bnever|\bне|\bни|\bбез)\W+(?:\w+\W+)?$", re.I)


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    code: str
    role: str | None  # "accused", "target" or None when the words around do not say
    rule: str


@dataclass(frozen=True)
class RelativeMention:
    start: int
    end: int
    km: float | None
    direction: str | None
    place_start: int  # where the reference place's name begins


def lower_pattern(pattern: str) -> str:
    """A pattern for lower-cased text: its letters lowered, escapes and group syntax ("(?P<") kept.

    >>> print(lower_pattern(r"(?P<m0>РСЗО|\\W+Bayraktar)"))
    (?P<m0>рсзо|\\W+bayraktar)
    """
    out, escaped = [], False
    for index, char in enumerate(pattern):
        if escaped or pattern[max(0, index - 2) : index] == "(?":
            out.append(char)
            escaped = False
        elif char == "\\":
            out.append(char)
            escaped = True
        else:
            out.append(char.lower())
    return "".join(out)


class FieldReader:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._last: tuple[str, str | None] = ("", None)

    def _lowered(self, text: str) -> str | None:
        """The text lower-cased for the case-sensitive (faster) patterns, or None when lowering would move
        its characters (a few letters, like the Turkish dotted İ, lower to two)."""
        if self._last[0] is not text:
            low = text.lower()
            self._last = (text, low if len(low) == len(text) else None)
        return self._last[1]

    @cached_property
    def _party_rules_low(self) -> list[re.Pattern[str]]:
        return [re.compile(lower_pattern(rule.regex.pattern)) for rule in self.rules.parties]

    # -- parties -----------------------------------------------------------------------------------

    @cached_property
    def _roles(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """Role cues anchored where they stand: ending the words before a party, or opening those after."""
        r = self.rules

        def before(p: re.Pattern[str]) -> re.Pattern[str]:
            return re.compile(rf"(?:{p.pattern})\s*$", FLAGS)

        def after(p: re.Pattern[str]) -> re.Pattern[str]:
            return re.compile(rf"\s*(?:\w+\s+){{0,3}}?(?:{p.pattern})", FLAGS)

        return (
            before(r.accused_before),
            before(r.target_before),
            after(r.target_after),
            after(r.accused_after),
        )

    def parties(self, text: str, start: int, end: int) -> list[PartyMention]:
        accused_before, target_before, target_after, accused_after = self._roles
        found: list[PartyMention] = []
        low = self._lowered(text)
        for rule, lowered in zip(self.rules.parties, self._party_rules_low, strict=True):
            for m in (
                rule.regex.finditer(text, start, end) if low is None else lowered.finditer(low, start, end)
            ):
                if any(p.start < m.end() and m.start() < p.end for p in found):
                    continue
                before = text[max(start, m.start() - 60) : m.start()]
                after = text[m.end() : min(end, m.end() + 40)]
                role = None
                if accused_before.search(before):
                    role = "accused"
                elif target_before.search(before) or target_after.match(after):
                    role = "target"
                elif accused_after.match(after) or _instrumental(m.group(0), self.rules.lang):
                    role = "accused"
                elif rule.id.endswith(".agent"):
                    role = "accused"  # "Azerbaijani shelling": the act names its author
                elif rule.value == "armenian" or rule.id.endswith(".victim"):
                    role = "target"  # Armenian people and positions named with no act of theirs were hit
                found.append(PartyMention(m.start(), m.end(), str(rule.value), role, rule.id))
        # "the adversary" and "our positions": parties only the speaker's identity resolves
        for regex, code, default in (
            (self.rules.adversary, OTHER, "accused"),
            (self.rules.own, OWN, "target"),
        ):
            for m in regex.finditer(text, start, end):
                if not any(p.start < m.end() and m.start() < p.end for p in found):
                    role = (
                        "target"
                        if target_before.search(text[max(start, m.start() - 60) : m.start()])
                        else default
                    )
                    found.append(
                        PartyMention(m.start(), m.end(), code, role, f"{self.rules.lang}.party.{code}")
                    )
        found.sort(key=lambda p: p.start)
        return found

    def counter(self, text: str, start: int, end: int) -> bool:
        """Whether the text gives the other side's version ("accused Armenia of opening fire first")."""
        return self.rules.counter.search(text, start, end) is not None

    def mutual(self, text: str, start: int, end: int) -> bool:
        """Whether the text describes fire between the sides ("an exchange of fire"), blaming neither."""
        return self.rules.mutual.search(text, start, end) is not None

    # -- means -------------------------------------------------------------------------------------

    @cached_property
    def _means(self) -> re.Pattern[str]:
        """Every means rule in one pattern, one named group each, so a text is scanned once."""
        return re.compile(
            "|".join(f"(?P<m{i}>{rule.regex.pattern})" for i, rule in enumerate(self.rules.means)), FLAGS
        )

    @cached_property
    def _means_low(self) -> re.Pattern[str]:
        return re.compile(lower_pattern(self._means.pattern))

    def means(self, text: str, start: int, end: int) -> dict[str, str]:
        """Means found, each with its rule; unspecified shelling only when no weapon is named."""
        found: dict[str, str] = {}
        low = self._lowered(text)
        matches = (
            self._means.finditer(text, start, end)
            if low is None
            else self._means_low.finditer(low, start, end)
        )
        for m in matches:
            if not _NEGATION.search(text[max(start, m.start() - 16) : m.start()]):
                rule = self.rules.means[int((m.lastgroup or "m0")[1:])]
                found.setdefault(str(rule.value), rule.id)
        return prefer_specific(found)

    # -- counts ------------------------------------------------------------------------------------

    @cached_property
    def _count(self) -> re.Pattern[str]:
        words = "|".join(f"(?:{rule.regex.pattern})" for rule in self.rules.counts)
        return re.compile(
            rf"(?<!\w)(?P<num>{self.rules.number_word})\s+(?:[\w-]+\s+){{0,2}}?(?:{words})", FLAGS
        )

    def violations(self, text: str, start: int, end: int) -> tuple[int, str] | None:
        """The number of violations stated ("13 violations", "two strikes"), if any."""
        for m in self._count.finditer(text, start, end):
            if m.group("num").lower() in ("a", "an"):
                continue  # "a violation" is an article, not a count ("a single violation" is)
            if m.group(0).lower().endswith(("times", "раз", "раза")) and not re.search(
                r"violat|breach|наруш", text[max(start, m.start() - 40) : m.end() + 20], re.I
            ):
                continue  # "three times" counts violations only when violating is what was done
            value = self.rules.number(m.group("num"))
            if value:
                return value, f"{self.rules.lang}.count"
        return None

    # -- casualties --------------------------------------------------------------------------------

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
    def _pronoun(self) -> re.Pattern[str]:
        words = r"he|she|the man|the woman|он|она" if self.rules.lang in ("en", "ru") else "(?!)"
        return re.compile(rf"(?<!\w)(?:{words})(?=\s+(?:was|had been|has been|получил|был|была)\b)", FLAGS)

    @cached_property
    def _bare_number(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?P<num>{self.rules.number_word})(?!\w)", FLAGS)

    def casualties(
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
        quiet = [m.span() for rule in r.no_casualties for m in rule.regex.finditer(text, start, end)]

        def silenced(at: int) -> bool:
            return any(a <= at < b for a, b in quiet) or bool(
                _NEGATION.search(text[max(start, at - 14) : at])
            )

        statuses = [
            (m.start(), m.end(), self._status_of(m.group(0)))
            for m in self._status.finditer(text, start, end)
            if not silenced(m.start())
        ]
        if not statuses:
            return [], bool(quiet)
        groups: list[tuple[int, int, int, str | None]] = []
        for m in self._group.finditer(text, start, end):
            number = m.group("num")
            if number and not self._people_count(text, m.start("num"), m.end("num"), end):
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
        after = [s for s in statuses if g_end <= s[0] < following and s[0] - g_end <= 120]
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

    def _people_count(self, text: str, start: int, end: int, limit: int) -> bool:
        """Whether the number at text[start:end] counts people: not a distance, an age, a time, a year."""
        if re.search(r"\d[,.]$", text[max(0, start - 2) : start]):
            return False  # the tail of "6,500" or "2054.0"
        value = self.rules.number(text[start:end])
        return bool(value and value < 1000) and not _NOT_PEOPLE_AFTER.match(text, end, min(limit, end + 16))

    def _status_of(self, word: str) -> str:
        return next(status for regex, status in self.rules.statuses if regex.fullmatch(word))

    def _category_of(self, word: str) -> str:
        return next(
            (category for regex, category in self.rules.categories if regex.fullmatch(word)), "unknown"
        )

    def _side_of(self, context: str, armenian: str) -> str | None:
        for regex, side in self.rules.sides:
            if regex.search(context):
                return armenian if side == "armenian" else side
        return None

    # -- relative positions -----------------------------------------------------------------------

    @cached_property
    def _relative(self) -> re.Pattern[str]:
        r = self.rules
        distance = (
            rf"(?:(?P<num>\d+(?:[.,]\d+)?|{r.number_word})\s*(?P<unit>{r.unit_word})\.?\s+(?:to the\s+)?)?"
        )
        return re.compile(
            rf"(?<!\w){distance}(?P<dir>{r.direction_word})(?!\w)\s*(?:{r.direction_link})\s*",
            FLAGS,
        )

    def relatives(self, text: str, start: int, end: int) -> list[RelativeMention]:
        """Relative positions ("2 km north-west of", "в 1,8 км восточнее н.п.") up to the place's name."""
        found = []
        for m in self._relative.finditer(text, start, end):
            km = None
            if m.group("num"):
                value = m.group("num").replace(",", ".")
                number = float(value) if re.fullmatch(r"\d+(?:\.\d+)?", value) else self.rules.number(value)
                unit = next(f for regex, f in self.rules.units if regex.fullmatch(m.group("unit")))
                km = None if number is None else round(number * unit, 3)
            direction = next(code for regex, code in self.rules.directions if regex.fullmatch(m.group("dir")))
            if km is None and len(m.group("dir")) <= 2:
                continue  # a bare "N" or "E" is a letter, not a direction
            found.append(RelativeMention(m.start(), m.end(), km, direction, m.end()))
        return found


def prefer_specific(found: dict[str, str]) -> dict[str, str]:
    """A named weapon wins over a general word: "mortar shelling" is a mortar, "shots from a sniper rifle"
    a sniper, a quadcopter is not also a drone strike."""
    found = dict(found)
    if "shelling_unspecified" in found and any(w in found for w in WEAPONS):
        del found["shelling_unspecified"]
    if (
        "small_arms" in found
        and found["small_arms"].endswith("generic")
        and any(w in found for w in WEAPONS if w != "small_arms")
    ):
        del found["small_arms"]
    if "quadcopter" in found:
        found.pop("uav_strike", None)
    return found


def _clause_start(text: str, at: int, floor: int) -> int:
    """Where the clause holding ``at`` begins: after the last sentence end, semicolon or dash before it."""
    marks = [m.end() for m in re.finditer(r"[.;!?—–]\s|\n", text[floor:at])]
    return floor + marks[-1] if marks else floor


def _instrumental(mention: str, lang: str) -> bool:
    """A Russian party in the instrumental is the agent of a passive ("применён азербайджанской стороной")."""
    if lang != "ru":
        return False
    return bool(re.search(r"(?:ой|ей|ом|ем|ами|ями|ыми|ими)$", mention.split()[-1].lower()))


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
