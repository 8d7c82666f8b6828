"""Reading one field of a claim from a stretch of text: parties and their roles, means, counts and
relative positions (casualties: ``truce.extract.casualties``). Each reader takes the text and a span and
returns what it found, with the rule ids that found it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from truce.extract.caseless import Caseless, lower_pattern
from truce.extract.casualties import NEGATION, CasualtyReader
from truce.extract.rules import FLAGS, Rules, any_of, finditer_at, finditer_starts, start_scan
from truce.model import WEAPONS

__all__ = ["OTHER", "OWN", "FieldReader", "PartyMention", "RelativeMention", "prefer_specific"]

# Placeholder codes of "the adversary" and "our (positions)", resolved with the speaker's party.
OTHER, OWN = "other", "own"


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


class FieldReader:
    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._last: tuple[str, str | None] = ("", None)
        self._casualty_reader = CasualtyReader(rules)
        self.casualties = self._casualty_reader.read

    def speaks_of_casualties(self, text: str, start: int, end: int) -> bool:
        """Whether the text names a casualty status ("wounded", "погиб") or says there were none."""
        reader = self._casualty_reader
        return bool(reader.status_words.search(text, start, end) or reader.any_none.search(text, start, end))

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

    @cached_property
    def _party_starts(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]:
        """Every position where some party rule matches, as written and lowered: one scan (a look-ahead
        of every rule at once) instead of one per rule; the rules are then tried there only. Half the
        sentences name no party, and the others name one or two. Third, where one may begin in the
        lowered text: the look-ahead is tried there only."""
        any_party = any_of([rule.regex.pattern for rule in self.rules.parties])
        combined = re.compile(f"(?={any_party})", FLAGS)
        return (
            combined,
            re.compile(lower_pattern(combined.pattern)),
            start_scan(re.compile(lower_pattern(any_party))),
        )

    @cached_property
    def _adversary_own(self) -> tuple[Caseless, Caseless]:
        return Caseless(self.rules.adversary), Caseless(self.rules.own)

    # -- parties -----------------------------------------------------------------------------------

    @cached_property
    def _roles(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """Role cues anchored where they stand: ending the words before a party, or opening those after."""
        r = self.rules

        def before(p: re.Pattern[str]) -> re.Pattern[str]:
            return re.compile(rf"(?:{p.pattern})\s*$", FLAGS)

        def after(p: re.Pattern[str]) -> re.Pattern[str]:
            # "servicemen of Azerbaijan's armed forces were killed": the possessive ends the mention
            return re.compile(rf"(?:['’]s\b)?\s*(?:\w+\s+){{0,3}}?(?:{p.pattern})", FLAGS)

        return (
            before(r.accused_before),
            before(r.target_before),
            after(r.target_after),
            after(r.accused_after),
        )

    @cached_property
    def _answers(self) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
        """Cues of a side named as a partner ("jointly with the ... sides"), and of a side that only
        answers the other's act ("took retaliatory measures", "halted by"), before and after it."""
        r = self.rules
        return (
            re.compile(rf"(?:{r.partner_before.pattern})\s*$", FLAGS),
            re.compile(rf"(?:{r.responder_before.pattern})\s*$", FLAGS),
            re.compile(rf"\s*(?:\w+\s+){{0,3}}?(?:{r.responder_after.pattern})", FLAGS),
        )

    def parties(self, text: str, start: int, end: int) -> list[PartyMention]:
        accused_before, target_before, target_after, accused_after = self._roles
        partner, responder_before, responder_after = self._answers
        found: list[PartyMention] = []
        partners: list[tuple[int, int]] = []  # spans of sides named as partners: no mention at all
        low = self._lowered(text)
        starts, starts_low, may_start = self._party_starts
        if low is None:
            at = [m.start() for m in starts.finditer(text, start, end)]
        elif may_start is None:
            at = [m.start() for m in starts_low.finditer(low, start, end)]
        else:
            at = [
                m.start()
                for m in may_start.finditer(low, start, end)
                if starts_low.match(low, m.start(), end)
            ]
        for rule, lowered in zip(self.rules.parties, self._party_rules_low, strict=True) if at else ():
            for m in (
                finditer_at(rule.regex, text, at, end) if low is None else finditer_at(lowered, low, at, end)
            ):
                if any(p.start < m.end() and m.start() < p.end for p in found) or any(
                    a < m.end() and m.start() < b for a, b in partners
                ):
                    continue
                if partner.search(text[max(start, m.start() - 90) : m.start()]):
                    partners.append((m.start(), m.end()))
                    continue
                before = text[max(start, m.start() - 60) : m.start()]
                after = text[m.end() : min(end, m.end() + 40)]
                role = None
                if responder_before.search(before) or responder_after.match(after):
                    role = "target"  # it answered the other side's act
                elif accused_before.search(before) or _passive_agent(m.group(0), before, after, self.rules):
                    role = "accused"
                elif target_before.search(before) or target_after.match(after):
                    role = "target"
                elif accused_after.match(after) or _instrumental(m.group(0), self.rules):
                    role = "accused"
                elif rule.id.endswith(".agent"):
                    role = "accused"  # "Azerbaijani shelling": the act names its author
                elif rule.value == "armenian" or rule.id.endswith(".victim"):
                    role = "target"  # Armenian people and positions named with no act of theirs were hit
                found.append(PartyMention(m.start(), m.end(), str(rule.value), role, rule.id))
        # "the adversary" and "our positions": parties only the speaker's identity resolves
        adversary, own = self._adversary_own
        for regex, code, default in ((adversary, OTHER, "accused"), (own, OWN, "target")):
            for m in regex.finditer(text, start, end):
                if not any(p.start < m.end() and m.start() < p.end for p in found):
                    before = text[max(start, m.start() - 60) : m.start()]
                    answers = responder_before.search(before) or responder_after.match(
                        text, m.end(), min(end, m.end() + 40)
                    )
                    role = "target" if answers or target_before.search(before) else default
                    found.append(
                        PartyMention(m.start(), m.end(), code, role, f"{self.rules.lang}.party.{code}")
                    )
        found.sort(key=lambda p: p.start)
        return found

    @cached_property
    def _counter(self) -> Caseless:
        return Caseless(self.rules.counter)

    @cached_property
    def _mutual(self) -> Caseless:
        return Caseless(self.rules.mutual)

    def counter(self, text: str, start: int, end: int) -> bool:
        """Whether the text gives the other side's version ("accused Armenia of opening fire first")."""
        return self._counter.search(text, start, end) is not None

    def mutual(self, text: str, start: int, end: int) -> bool:
        """Whether the text describes fire between the sides ("an exchange of fire"), blaming neither."""
        return self._mutual.search(text, start, end) is not None

    # -- means -------------------------------------------------------------------------------------

    @cached_property
    def _means(self) -> re.Pattern[str]:
        """Every means rule in one pattern, one named group each, so a text is scanned once."""
        means = self.rules.means
        return re.compile(
            any_of([rule.regex.pattern for rule in means], [f"m{i}" for i in range(len(means))]), FLAGS
        )

    @cached_property
    def _means_low(self) -> re.Pattern[str]:
        return re.compile(lower_pattern(self._means.pattern))

    @cached_property
    def _means_starts(self) -> re.Pattern[str] | None:
        """Where a means may begin in the lowered text: the scan tries every means there only."""
        return start_scan(self._means_low)

    def means(self, text: str, start: int, end: int) -> dict[str, str]:
        """Means found, each with its rule; unspecified shelling only when no weapon is named."""
        found: dict[str, str] = {}
        low = self._lowered(text)
        matches = (
            self._means.finditer(text, start, end)
            if low is None
            else finditer_starts(self._means_low, self._means_starts, low, start, end)
        )
        context = self.rules.means_context
        for m in matches:
            if (
                NEGATION.search(text[max(start, m.start() - 16) : m.start()])
                or context.denied_after.match(text, m.end(), min(end, m.end() + 40))
                or context.massed_before.search(text[max(start, m.start() - 90) : m.start()])
                or context.not_a_single.search(text[max(start, m.start() - 40) : m.start()])
            ):
                continue
            rule = self.rules.means[int((m.lastgroup or "m0")[1:])]
            add_means(found, str(rule.value), rule.id)
        return prefer_specific(found)

    # -- counts ------------------------------------------------------------------------------------

    @cached_property
    def _count(self) -> re.Pattern[str]:
        words = self._count_words.regex.pattern
        return re.compile(
            rf"(?<!\w)(?P<num>{self.rules.number_word})\s+(?:[\w-]+\s+){{0,2}}?(?:{words})", FLAGS
        )

    @cached_property
    def _count_words(self) -> Caseless:
        """The words a count ends with ("violations", "strikes", "раз"): a scan for them alone (no number
        words) tells the stretches with none, most, before the scan that reads the number too."""
        return Caseless(re.compile(any_of([rule.regex.pattern for rule in self.rules.counts]), FLAGS))

    def violations(self, text: str, start: int, end: int) -> tuple[int, str] | None:
        """The number of violations stated ("13 violations", "two strikes"), if any."""
        if self._count_words.search(text, start, end) is None:
            return None
        for m in self._count.finditer(text, start, end):
            if m.group("num").lower() in ("a", "an"):
                continue  # "a violation" is an article, not a count ("a single violation" is)
            context = self.rules.means_context
            if context.repeat_ending.search(m.group(0).lower()) and not context.violating.search(
                text[max(start, m.start() - 40) : m.end() + 20]
            ):
                continue  # "three times" counts violations only when violating is what was done
            value = self.rules.number(m.group("num"))
            if value:
                return value, f"{self.rules.lang}.count"
        return None

    # -- relative positions -----------------------------------------------------------------------

    @cached_property
    def _relative(self) -> Caseless:
        r = self.rules
        distance = (
            rf"(?:(?P<num>\d+(?:[.,]\d+)?|{r.number_word})\s*(?P<unit>{r.unit_word})\.?\s+(?:to the\s+)?)?"
        )
        return Caseless(
            re.compile(
                rf"(?<!\w){distance}(?P<dir>{r.direction_word})(?!\w)\s*(?:{r.direction_link})\s*", FLAGS
            )
        )

    @cached_property
    def _direction(self) -> Caseless:
        """A direction and the word that links it to a place ("north-west of"), which every relative
        position holds at a word's start (it opens the match, or follows a space): a scan that reads no
        distances, twice as fast, tells the sentences with none (nearly all) before the scan that does."""
        r = self.rules
        return Caseless(re.compile(rf"(?<!\w)(?:{r.direction_word})(?!\w)\s*(?:{r.direction_link})", FLAGS))

    def relatives(self, text: str, start: int, end: int) -> list[RelativeMention]:
        """Relative positions ("2 km north-west of", "в 1,8 км восточнее н.п.") up to the place's name."""
        found: list[RelativeMention] = []
        if self._direction.search(text, start, end) is None:
            return found
        for m in self._relative.finditer(text, start, end):
            # the words as written: the match may be of the lowered text
            num, unit_word, dir_word = (text[m.start(g) : m.end(g)] for g in ("num", "unit", "dir"))
            km = None
            if m.group("num"):
                value = num.replace(",", ".")
                number = (
                    _decimal(value) if re.fullmatch(r"\d+(?:\.\d+)?", value) else self.rules.number(value)
                )
                unit = next(f for regex, f in self.rules.units if regex.fullmatch(unit_word))
                km = None if number is None else round(min(number * unit, MAX_KM), 3)
            direction = next(code for regex, code in self.rules.directions if regex.fullmatch(dir_word))
            if km is None and len(m.group("dir")) <= 2:
                continue  # a bare "N" or "E" is a letter, not a direction
            found.append(RelativeMention(m.start(), m.end(), km, direction, m.end()))
        return found


#: A distance is read no larger than this (km): a longer figure ("99999 km", or 309 digits, which a float
#: reads as infinity) is capped here, then at the region's scale where the claim is built (and flagged).
MAX_KM = 1.0e6


def _decimal(value: str) -> float:
    """A decimal number as written, never infinite ("1" followed by 400 zeros is read as MAX_KM)."""
    whole = value.split(".")[0]
    return MAX_KM if len(whole) > 9 else float(value)


def add_means(found: dict[str, str], term: str, rule: str) -> None:
    """Add ``term`` found by ``rule``: the first rule that found it, unless a specific rule finds what a
    generic one did ("перестрелка" in a headline, "стрелковое оружие" in the body: the weapon is named)."""
    if term not in found or (found[term].endswith("generic") and not rule.endswith("generic")):
        found[term] = rule


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


def _instrumental(mention: str, rules: Rules) -> bool:
    """A party in the instrumental is the agent of a passive ("применён азербайджанской стороной"), in a
    language whose rules tell the agent by case (``[passive_agent]``)."""
    agent = rules.passive_agent
    return agent is not None and bool(agent.instrumental.search(mention.split()[-1].lower()))


def _passive_agent(mention: str, before: str, after: str, rules: Rules) -> bool:
    """A party in the instrumental (its last word, or a plural heading it), with a passive form before or
    after it and no preposition right before it, is the agent of that passive, whatever else the words
    before it say ("позиции были обстреляны подразделениями ВС Армении", "подверглись обстрелу
    азербайджанской стороной"). The words are the language's ``[passive_agent]`` rules."""
    agent = rules.passive_agent
    if (
        agent is None
        or agent.preposition_before.search(before)
        or not (agent.passive.search(before) or agent.passive.search(after))
    ):
        return False
    return _instrumental(mention, rules) or bool(agent.plural_instrumental.search(mention.split()[0].lower()))
