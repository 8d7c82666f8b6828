"""Extraction rules as data: one TOML file per language beside this module, validated and compiled here.

A broken rule file is a :class:`~truce.errors.PackError` naming the file and the rule, like a broken pack.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from truce.errors import PackError
from truce.model import CASUALTY_CATEGORIES, CASUALTY_STATUSES, MEANS, PARTY_CODES

__all__ = [
    "LANGUAGES",
    "PARTY_WORD_KINDS",
    "WORD",
    "MeansContext",
    "PassiveAgent",
    "Rule",
    "Rules",
    "any_of",
    "checked_pattern",
    "finditer_at",
    "finditer_starts",
    "literal_scan",
    "needed_literals",
    "read_rules",
    "rules_for",
    "speaker_of",
    "start_literals",
    "start_scan",
]

RULES_DIR = Path(__file__).parent
LANGUAGES = ("en", "ru")
FLAGS = re.IGNORECASE | re.UNICODE
DIRECTIONS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")
#: What a number of ten digits or more reads as (see Rules.number).
NUMBER_CEILING = 10**9
#: The kinds of template of ``[party_words]`` (how a pack's words for a party are read), and the slot each
#: template holds for one of the words.
PARTY_WORD_KINDS = ("forces", "agent", "victim", "bare")
WORD = "{word}"


def read_rules(path: Path | str) -> dict:
    """A rule file (a name: of this folder, "voices.toml"), its TOML read; an error names the file."""
    path = RULES_DIR / path if isinstance(path, str) else path
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"extract/rules/{path.name}", None, None, f"is not valid TOML ({exc})") from None


def checked_pattern(value: object, name: str, where: str) -> str:
    """A pattern of the rule file ``name``, checked: a non-empty string that compiles (else the error
    names the file and ``where``, the pattern's key)."""
    file = f"extract/rules/{name}"
    if not isinstance(value, str) or not value:
        raise PackError(file, None, where, "needs a non-empty pattern")
    try:
        re.compile(value)
    except re.error as exc:
        raise PackError(file, None, where, f"pattern does not compile ({exc})") from None
    return value


#: The side of people counted "on each side": as many of either side of the clash (the claim's blamed
#: side and its adversary there).
EACH_SIDE = "each"


def bounded(pattern: str) -> str:
    """A pattern that only matches whole words."""
    return rf"{_WORD_START}(?:{pattern})(?!\w)"


_WORD_START = r"(?<!\w)"

# re's own parser and compiler (private modules, Python 3.11+): the scans below read a pattern's parse tree
# from them, in this one place; on a Python without them (None), no tree is read and every pattern is
# scanned as written: slower, the same matches.
try:
    from re import _compiler as re_compiler
    from re import _constants as re_constants
    from re import _parser as re_parser
except ImportError:  # pragma: no cover (another Python)
    re_compiler = re_constants = re_parser = None  # type: ignore[assignment]


def any_of(patterns: list[str], names: list[str] | None = None) -> str:
    """One pattern that matches where any of ``patterns`` does (the first that matches at a position, as
    an alternation does); "(?!)", never, for none. ``names``: each alternative is a named group, for
    ``match.lastgroup`` to tell which one matched.

    When every one is :func:`bounded`, the look-behind that starts each is put once in front of them all:
    re tries the alternatives one by one at every position, each checking it anew, where one check in
    front skips the positions inside words at once and the alternatives skip it (the scan takes half the
    time or less). What matches is the same: each alternative checked the same at the same position.
    """
    hoisted = bool(patterns) and all(map(_starts_a_word, patterns))
    bodies = [p[len(_WORD_START) :] if hoisted else p for p in patterns]
    joined = (
        "|".join(f"(?P<{name}>{p})" for name, p in zip(names, bodies, strict=True))
        if names is not None
        else "|".join(f"(?:{p})" for p in bodies)
    )
    return f"{_WORD_START}(?:{joined})" if hoisted else joined or "(?!)"


def _starts_a_word(pattern: str) -> bool:
    """Whether all of ``pattern`` matches only at a word's start: it opens with the look-behind of
    :func:`bounded`, outside any alternation (not so "(?<!\\w)a|b")."""
    if re_parser is None:  # none to read: each alternative keeps its own look-behind
        return False
    tree = re_parser.parse(pattern)
    return pattern.startswith(_WORD_START) and tree.data[0][0] is re_constants.ASSERT_NOT


def needed_literals(regex: re.Pattern[str]) -> list[str] | None:
    """Strings of which every match of ``regex`` holds one, read from its parse tree: a stretch of text
    that holds none of them holds no match (None: no such strings are read, as for a case-insensitive
    pattern or one whose every part may match letters of any kind).

    >>> needed_literals(re.compile(r"(?<!\\w)(?:fired|shell\\w*|shot(?:s|gun)?)\\b"))
    ['fired', 'shell', 'shot']
    """
    if re_parser is None or regex.flags & re.IGNORECASE:
        return None
    c = re_constants
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)

    def needed(items: object) -> set[str] | None:
        # of a sequence, the part that needs the longest strings (fewest, of as long): any one would do
        best, run = None, ""
        for op, av in [*items, (None, None)]:  # type: ignore[misc]
            if op is c.LITERAL:
                run += chr(av)
                continue
            found = None
            if op is c.SUBPATTERN and not (av[1] or av[2]):  # a group that sets no flags
                found = needed(av[3])
            elif op is c.ATOMIC_GROUP:
                found = needed(av)
            elif op in repeats and av[0] >= 1:
                found = needed(av[2])
            elif op is c.BRANCH:
                each = [needed(branch) for branch in av[1]]
                found = None if None in each else set().union(*each)  # type: ignore[arg-type]
            # (a look-around may look outside the stretch scanned: its strings are not needed in it)
            for option in ({run} if run else None, found):
                if option and (best is None or _rank(option) > _rank(best)):
                    best = option
            run = ""
        return best

    found = needed(re_parser.parse(regex.pattern, regex.flags))
    # a string that holds another is found where the other is: the shorter one alone will do
    return sorted(s for s in found if not any(o in s and o != s for o in found)) if found else None


def _rank(strings: set[str]) -> tuple[int, int]:
    """Strings rank by the length of their shortest, spaces left out (" of " is in most English
    sentences, "village" in few), then the fewer the better."""
    return min(len(s.strip()) for s in strings), -len(strings)


#: The most strings :func:`literal_scan` looks for: a scan for more stops at most letters of a text, and
#: is no faster than most patterns.
MAX_LITERALS = 18


def literal_scan(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A scan for the strings every match of ``regex`` holds (:func:`needed_literals`), or None: a quick
    test that a stretch of text holds no match, before a slow pattern. re skips ahead to the first
    letters of a pattern of plain strings, where it tries a pattern that opens with a look-around, a
    word boundary or a group at every position."""
    needed = needed_literals(regex)
    if needed is None or len(needed) > MAX_LITERALS:
        return None
    return re.compile("|".join(map(re.escape, needed)))


def start_literals(regex: re.Pattern[str], length: int = 5) -> list[str] | None:
    """Strings of at most ``length`` characters one of which begins every match of ``regex``, read from
    its parse tree (the look-arounds it opens with left aside); None when a match may begin with a letter
    of a class (``\\w``, a range) or of either case.

    >>> start_literals(re.compile(r"(?<!\\w)(?:fire[ds]?|shell\\w*|[0o]b)"))
    ['0b', 'fire', 'ob', 'shell']
    """
    if re_parser is None or regex.flags & re.IGNORECASE:
        return None
    c = re_constants
    zero_width = (c.AT, c.ASSERT, c.ASSERT_NOT)
    repeats = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)

    def starts(items: list, room: int) -> set[str]:  # type: ignore[type-arg]
        """The beginnings of what ``items`` in a row match ("" for one that may begin anyhow)."""
        if room == 0 or not items:
            return {""}  # (a string cut short is still how every match begins)
        (op, av), rest = items[0], items[1:]
        if op is c.LITERAL:
            return {chr(av) + tail for tail in starts(rest, room - 1)}
        if op in zero_width:
            return starts(rest, room)
        if op is c.SUBPATTERN and not (av[1] or av[2]):  # a group that sets no flags
            return starts([*av[3], *rest], room)
        if op is c.ATOMIC_GROUP:
            return starts([*av, *rest], room)
        if op is c.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                found |= starts([*branch, *rest], room)
                if len(found) > _MAX_STARTS:
                    return {""}
            return found
        if op in repeats:  # its first round, then no further: how a match begins is known by then
            first = starts(list(av[2]), room)
            return first | starts(rest, room) if av[0] == 0 else first
        if op is c.IN and len(av) <= 10 and all(o is c.LITERAL for o, _ in av):  # [oо], a few letters
            return set().union(*(starts([item, *rest], room) for item in av))
        return {""}

    found = starts(list(re_parser.parse(regex.pattern, regex.flags)), length)
    # a string that begins another ("fire", "fired") stands for both
    return None if "" in found else sorted(s for s in found if not any(s.startswith(o) for o in found - {s}))


_MAX_STARTS = 500


def start_scan(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A scan that finds every position where a match of ``regex`` may begin (where one of its
    :func:`start_literals` does), for :func:`finditer_at`; None when they are not known. Each match is the
    string's first letter, the rest a look-ahead, so overlapping ones are found too; re skips ahead to the
    first letters, where it tries ``regex`` at every position (each of its alternatives at every word)."""
    found = start_literals(regex)
    if found is None:
        return None
    heads: dict[str, list[str]] = {}
    for string in found:
        heads.setdefault(string[0], []).append(string[1:])
    # a pattern that opens with the look-behind of bounded() (as any_of's do) begins at a word's start only:
    # the scan checks it too, behind the first letter ("f(?<!\wf)"), where re still skips ahead to them
    word = _starts_a_word(regex.pattern)
    return re.compile(
        "|".join(
            (head := re.escape(h))
            + (f"(?<!\\w{head})" if word else "")
            + (f"(?={tails})" if (tails := _trie(rest)) else "")
            for h, rest in heads.items()
        )
    )


def _trie(strings: list[str]) -> str:
    """A pattern for any of ``strings`` with their common beginnings written once ("fir(?:e|ing)"), which re
    tries far faster than the strings one by one; a string that begins others stands for them ("" for
    none)."""
    if "" in strings:
        return ""
    heads: dict[str, list[str]] = {}
    for string in strings:
        heads.setdefault(string[0], []).append(string[1:])
    alternatives = [re.escape(h) + _trie(rest) for h, rest in heads.items()]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def finditer_starts(
    regex: re.Pattern[str], starts: re.Pattern[str] | None, text: str, start: int, end: int
) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text, start, end)`` finds, ``regex`` tried only where ``starts`` (its
    :func:`start_scan`) finds that a match may begin."""
    if starts is None:
        return regex.finditer(text, start, end)
    at = [m.start() for m in starts.finditer(text, start, end)]
    return finditer_at(regex, text, at, end) if at else iter(())


def finditer_at(regex: re.Pattern[str], text: str, at: list[int], end: int) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text, start, end)`` finds, ``regex`` tried only at the positions ``at``: in
    order, every one from ``start`` on where a match may begin (more do no harm), as a look-ahead of it or
    of what every match starts with finds them, in one scan where finditer tries every position. The
    next match is sought from the end of the one before, as finditer does; after an empty match,
    finditer itself goes on.
    """
    after = 0
    for position in at:
        if position >= after:
            m = regex.match(text, position, end)
            if m and m.end() == position:
                yield from regex.finditer(text, position, end)  # from this same empty match on
                return
            if m:
                yield m
                after = m.end()


@dataclass(frozen=True)
class Rule:
    id: str
    regex: re.Pattern[str]
    value: object = None  # a party code, a means term, a day offset...


#: A pattern that never matches: a context rule a language leaves out.
NEVER = re.compile("(?!)")


@dataclass(frozen=True)
class MeansContext:
    """Words around a means or a count that undo it (``[means_context]``, ``[count_context]``)."""

    denied_after: re.Pattern[str] = NEVER  # matched right after the means: "were not", "не было"
    massed_before: re.Pattern[str] = NEVER  # searched in the words before it: weapons massed, not used
    not_a_single: re.Pattern[str] = NEVER  # searched in the words before it: "did not fire a single"
    repeat_ending: re.Pattern[str] = NEVER  # ends a count ("three times") that counts violations only...
    violating: re.Pattern[str] = NEVER  # ...when these words are around it


@dataclass(frozen=True)
class PassiveAgent:
    """How a language marks the agent of a passive by case (``[passive_agent]``, Russian): a party in the
    instrumental near a passive form, with no preposition that governs that case right before it."""

    preposition_before: re.Pattern[str]  # ends the words before the party
    passive: re.Pattern[str]  # a passive form, a whole word
    instrumental: re.Pattern[str]  # ends the party's last word (lower-cased)
    plural_instrumental: re.Pattern[str]  # ends the party's first word (lower-cased)


@dataclass
class Rules:
    lang: str
    months: re.Pattern[str]
    month_values: list[int]
    weekdays: re.Pattern[str]
    weekday_values: list[int]
    numbers: list[tuple[re.Pattern[str], int]]
    number_word: str  # a pattern for any number, digits or words
    units: list[tuple[re.Pattern[str], float]]
    unit_word: str
    relative_days: list[Rule]
    directions: list[tuple[re.Pattern[str], str]]
    direction_word: str
    direction_link: str
    parties: list[Rule]
    target_before: re.Pattern[str]
    accused_before: re.Pattern[str]
    accused_after: re.Pattern[str]
    target_after: re.Pattern[str]
    adversary: re.Pattern[str]
    own: re.Pattern[str]
    mutual: re.Pattern[str]
    counter: re.Pattern[str]
    # a side named as a partner ("jointly with the Azerbaijani and Armenian sides"): no actor of the clash
    partner_before: re.Pattern[str]
    # a side that only answers ("took retaliatory measures", "the advance was halted by"): the side hit
    responder_before: re.Pattern[str]
    responder_after: re.Pattern[str]
    means: list[Rule]
    triggers: list[Rule]
    denials: list[Rule]
    no_casualties: list[Rule]
    withdrawals: list[Rule]
    withdrawal_denials: list[Rule]
    statuses: list[tuple[re.Pattern[str], str]]
    status_word: str
    categories: list[tuple[re.Pattern[str], str]]
    category_word: str
    sides: list[tuple[re.Pattern[str], str]]
    counts: list[Rule]
    ids: set[str] = field(default_factory=set)
    # the means a follow-up on an advance implies ("withdrew its units from the area": it had entered)
    withdrawal_means: tuple[str, ...] = ()
    # whether a denial names the side it says it did not hit: the one named, else the denier's adversary
    denial_target: bool = False
    # kind -> templates with a WORD slot: how the words a pack gives for a party are read
    party_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # the agent of a passive told by case (None: the language has no such rules)
    passive_agent: PassiveAgent | None = None
    means_context: MeansContext = field(default_factory=MeansContext)

    def number(self, text: str) -> int | None:
        """The value of a number written in digits or words ("13", "thirteen", "тринадцать")."""
        text = text.strip()
        if text.isdecimal():
            # a figure longer than NUMBER_CEILING's digits is read as the ceiling: no count is that large
            # (it is flagged where counts are checked), and int() refuses 4,300 digits and more
            return NUMBER_CEILING if len(text) > 9 else int(text)
        for regex, value in self.numbers:
            if regex.fullmatch(text):
                return value
        return None

    def month(self, text: str) -> int | None:
        return _lookup(self.months, self.month_values, text)

    def weekday(self, text: str) -> int | None:
        return _lookup(self.weekdays, self.weekday_values, text)


def _lookup(regex: re.Pattern[str], values: list[int], text: str) -> int | None:
    match = regex.fullmatch(text.strip())
    if not match:
        return None
    index = next(i for i, group in enumerate(match.groups()) if group is not None)
    return values[index]


@cache
def _speakers() -> list[Rule]:
    reader = _Reader(RULES_DIR / "speakers.toml")
    rules = []
    for index, entry in enumerate(reader.data.get("speaker", [])):
        where = f"speaker[{index}]"
        if entry.get("code") not in PARTY_CODES:
            raise reader.error(f"{where}.code", f"{entry.get('code')!r} is not a party code")
        try:
            regex = re.compile(entry["pattern"], FLAGS)
        except (KeyError, re.error) as exc:
            raise reader.error(f"{where}.pattern", f"pattern does not compile ({exc})") from None
        rules.append(Rule(str(entry.get("id", where)), regex, entry["code"]))
    return rules


def speaker_of(source: str | None) -> str | None:
    """The party a source speaks for, from its name ("AZ MoD", "Минобороны Армении"), if it says.

    >>> speaker_of("Минобороны Азербайджана"), speaker_of("NK Defence Army"), speaker_of("Caucasus Wire")
    ('AZ', 'NK', None)
    """
    if not source:
        return None
    return next((str(rule.value) for rule in _speakers() if rule.regex.search(source)), None)


@cache
def rules_for(lang: str) -> Rules:
    """The compiled rules of a language (``en`` or ``ru``), read once."""
    if lang not in LANGUAGES:
        raise PackError(
            "extract/rules", None, "lang", f"no rules for language '{lang}' (have {', '.join(LANGUAGES)})"
        )
    return _compile(RULES_DIR / f"{lang}.toml")


class _Reader:
    """Reads one rule file, raising errors that name the file and the rule."""

    def __init__(self, path: Path) -> None:
        self.name, self.file = path.name, f"extract/rules/{path.name}"
        self.data = read_rules(path)
        self.ids: set[str] = set()

    def error(self, where: str, problem: str) -> PackError:
        return PackError(self.file, None, where, problem)

    def compile(self, pattern: object, where: str) -> re.Pattern[str]:
        return re.compile(bounded(checked_pattern(pattern, self.name, where)), FLAGS)

    def pairs(self, key: str, allowed: tuple[str, ...] | None = None) -> list[tuple[str, object]]:
        value = (
            self.data.get(key)
            if "." not in key
            else self.data.get(key.split(".")[0], {}).get(key.split(".")[1])
        )
        if not isinstance(value, list) or not value:
            raise self.error(key, "must be a list of [pattern, value] pairs")
        for index, pair in enumerate(value):
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise self.error(f"{key}[{index}]", "must be a [pattern, value] pair")
            if allowed is not None and pair[1] not in allowed:
                raise self.error(f"{key}[{index}]", f"'{pair[1]}' is not one of {', '.join(allowed)}")
        return [(p[0], p[1]) for p in value]

    def table(self, key: str, value_key: str | None = None, allowed: tuple | None = None) -> list[Rule]:
        rules = []
        for index, entry in enumerate(self.data.get(key, [])):
            rule_id = entry.get("id")
            where = f"{key}[{index}]"
            if not isinstance(rule_id, str) or not rule_id:
                raise self.error(where, "has no id")
            if rule_id in self.ids and key != "direction":
                raise self.error(where, f"id '{rule_id}' is used twice")
            self.ids.add(rule_id)
            value = entry.get(value_key) if value_key else None
            if allowed is not None and value not in allowed:
                raise self.error(
                    f"{where}.{value_key}", f"{value!r} is not one of {', '.join(map(str, allowed))}"
                )
            rules.append(Rule(rule_id, self.compile(entry.get("pattern"), f"{where}.pattern"), value))
        if not rules:
            raise self.error(key, "has no rules")
        return rules

    def templates(self, key: str, kinds: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        """A table of kind -> patterns with a WORD slot, each checked with a word in the slot."""
        table = self.data.get(key)
        if not isinstance(table, dict) or not table:
            raise self.error(key, f"must be a table of {', '.join(kinds)}")
        result = {}
        for kind, patterns in table.items():
            where = f"{key}.{kind}"
            if kind not in kinds:
                raise self.error(where, f"'{kind}' is not one of {', '.join(kinds)}")
            if not isinstance(patterns, list) or not patterns:
                raise self.error(where, "must be a list of patterns")
            for index, pattern in enumerate(patterns):
                if not isinstance(pattern, str) or WORD not in pattern:
                    raise self.error(f"{where}[{index}]", f"must be a pattern with a {WORD} slot")
                self.compile(pattern.replace(WORD, "word"), f"{where}[{index}]")
            result[kind] = tuple(patterns)
        return result

    def alternation(self, pairs: list[tuple[str, object]], where: str) -> tuple[re.Pattern[str], str]:
        """One pattern with a group per alternative, and the bare alternation to embed elsewhere."""
        for pattern, _ in pairs:
            self.compile(pattern, where)
        grouped = "|".join(f"({p})" for p, _ in pairs)
        return re.compile(grouped, FLAGS), "|".join(f"(?:{p})" for p, _ in pairs)


def _passive_agent(r: _Reader) -> PassiveAgent | None:
    """The ``[passive_agent]`` table, compiled (None when the file has none)."""
    table = r.data.get("passive_agent")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise r.error("passive_agent", "must be a table")

    def get(key: str) -> str:
        return checked_pattern(table.get(key), r.name, f"passive_agent.{key}")

    return PassiveAgent(
        preposition_before=re.compile(rf"(?<!\w)(?:{get('preposition_before')})\s*$", FLAGS),
        passive=r.compile(table.get("passive"), "passive_agent.passive"),
        instrumental=re.compile(rf"(?:{get('instrumental_ending')})$", FLAGS),
        plural_instrumental=re.compile(rf"(?:{get('plural_instrumental_ending')})$", FLAGS),
    )


def _means_context(r: _Reader) -> MeansContext:
    """The ``[means_context]`` and ``[count_context]`` tables, compiled; a pattern left out never matches."""
    found = {}
    for key, names in (
        ("means_context", ("denied_after", "massed_before", "not_a_single")),
        ("count_context", ("repeat_ending", "violating")),
    ):
        table = r.data.get(key, {})
        if not isinstance(table, dict):
            raise r.error(key, "must be a table")
        for name in names:
            if name in table:
                pattern = checked_pattern(table[name], r.name, f"{key}.{name}")
                found[name] = re.compile(f"(?:{pattern})$" if name == "repeat_ending" else pattern, FLAGS)
    return MeansContext(**found)


def _terms(r: _Reader, key: str) -> tuple[str, ...]:
    """A list of means terms (may be absent)."""
    value = r.data.get(key, [])
    if not isinstance(value, list) or any(term not in MEANS for term in value):
        raise r.error(key, f"must be a list of means terms ({', '.join(MEANS)})")
    return tuple(value)


def _compile(path: Path) -> Rules:
    r = _Reader(path)
    lang = r.data.get("lang")
    if lang not in LANGUAGES:
        raise r.error("lang", f"must be one of {', '.join(LANGUAGES)}")
    months = r.pairs("months")
    weekdays = r.pairs("weekdays")
    numbers = r.pairs("numbers")
    units = r.pairs("units")
    month_regex, _ = r.alternation(months, "months")
    weekday_regex, _ = r.alternation(weekdays, "weekdays")
    _, number_words = r.alternation(numbers, "numbers")
    _, unit_words = r.alternation(units, "units")
    direction_entries = r.data.get("direction") or []
    if not direction_entries:
        raise r.error("direction", "is missing")
    directions = [(str(p[0]), str(p[1])) for p in direction_entries[0].get("names", []) if len(p) == 2]
    if not directions:
        raise r.error("direction.names", "must list [pattern, compass point] pairs")
    for index, (_, code) in enumerate(directions):
        if code not in DIRECTIONS:
            raise r.error(f"direction.names[{index}]", f"'{code}' is not a compass direction")
    _, direction_words = r.alternation(directions, "direction.names")
    roles = r.data.get("roles") or {}
    casualties = r.data.get("casualties") or {}
    statuses = r.pairs("casualties.status", CASUALTY_STATUSES)
    categories = r.pairs("casualties.category", CASUALTY_CATEGORIES)
    sides = r.pairs("casualties.side", (*PARTY_CODES, "armenian", EACH_SIDE))
    _, status_words = r.alternation(statuses, "casualties.status")
    _, category_words = r.alternation(categories, "casualties.category")
    if not casualties:
        raise r.error("casualties", "is missing")
    rules = Rules(
        lang=lang,
        months=month_regex,
        month_values=[int(v) for _, v in months],  # type: ignore[call-overload]
        weekdays=weekday_regex,
        weekday_values=[int(v) for _, v in weekdays],  # type: ignore[call-overload]
        numbers=[(r.compile(p, "numbers"), int(v)) for p, v in numbers],  # type: ignore[call-overload]
        number_word=rf"\d+|{number_words}",
        units=[(r.compile(p, "units"), float(v)) for p, v in units],  # type: ignore[arg-type]
        unit_word=unit_words,
        relative_days=r.table("relative_day", "offset", (0, -1, -2)),
        directions=[(r.compile(p, "direction.names"), str(v)) for p, v in directions],
        direction_word=direction_words,
        direction_link=str(direction_entries[0].get("link", "")),
        parties=sorted(
            r.table("party", "code", (*PARTY_CODES, "armenian")), key=lambda rule: -len(rule.regex.pattern)
        ),
        target_before=r.compile(roles.get("target_before"), "roles.target_before"),
        accused_before=r.compile(roles.get("accused_before"), "roles.accused_before"),
        accused_after=r.compile(roles.get("accused_after"), "roles.accused_after"),
        target_after=r.compile(roles.get("target_after"), "roles.target_after"),
        adversary=r.compile(roles.get("adversary"), "roles.adversary"),
        own=r.compile(roles.get("own"), "roles.own"),
        mutual=r.compile(roles.get("mutual"), "roles.mutual"),
        counter=r.compile(roles.get("counter"), "roles.counter"),
        partner_before=r.compile(roles.get("partner_before"), "roles.partner_before"),
        responder_before=r.compile(roles.get("responder_before"), "roles.responder_before"),
        responder_after=r.compile(roles.get("responder_after"), "roles.responder_after"),
        means=r.table("means", "term", MEANS),
        triggers=r.table("trigger"),
        denials=r.table("denial"),
        no_casualties=r.table("no_casualties"),
        withdrawals=r.table("withdrawal"),
        withdrawal_denials=r.table("withdrawal_denial"),
        withdrawal_means=_terms(r, "withdrawal_means"),
        denial_target=bool(r.data.get("denial_target", False)),
        statuses=[(r.compile(p, "casualties.status"), str(v)) for p, v in statuses],
        status_word=status_words,
        categories=[(r.compile(p, "casualties.category"), str(v)) for p, v in categories],
        category_word=category_words,
        sides=[(r.compile(p, "casualties.side"), str(v)) for p, v in sides],
        counts=r.table("count"),
    )
    rules.ids = r.ids
    rules.party_words = r.templates("party_words", PARTY_WORD_KINDS)
    rules.passive_agent = _passive_agent(r)
    rules.means_context = _means_context(r)
    return rules
