"""Case-insensitive patterns scanned faster: as their lower-case form, case-sensitive, over the lowered text.

Python's ``re`` compares every character twice under ``re.IGNORECASE`` and cannot skip ahead to where a
match may start (a literal prefix, or a set of first letters, is used only by case-sensitive patterns): the
same pattern lower-cased and matched case-sensitively in the lower-cased text finds the same spans several
times faster. It finds the same spans only when lowering the text does what ``re.IGNORECASE`` does; when it
does not (see :func:`lowered`), the original pattern is used on the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from truce.extract.rules import any_of, finditer_at, literal_scan, re_compiler, re_parser, start_scan

__all__ = ["Caseless", "lower_pattern", "lowered"]

# Letters that re.IGNORECASE matches with another letter that str.lower() keeps apart (dotless ı and i,
# long ſ and s, the old forms of Cyrillic в, д, о...; Greek letters with two lower-case forms): the letters
# of re._casefix (Python 3.11) other than a-z and а-я. A text that holds one, once lowered, is scanned with
# the original pattern.
_FOLDS_APART = frozenset(
    "\xb5\u0131\u017f\u0345\u0390\u03b0\u03b2\u03b5\u03b8\u03b9\u03ba\u03bc\u03c0\u03c1\u03c2\u03c3\u03c6"
    "\u03d0\u03d1\u03d5\u03d6\u03f0\u03f1\u03f5\u0463\u1c80\u1c81\u1c82\u1c83\u1c84\u1c85\u1c86\u1c87\u1c88"
    "\u1e61\u1e9b\u1fbe\u1fd3\u1fe3\ua64b\ufb05\ufb06"
)

# whether a text holds one, in one scan of a character set (a set's isdisjoint hashes every character of
# the text, several times slower)
_ANY_FOLDS_APART = re.compile(f"[{''.join(map(re.escape, sorted(_FOLDS_APART)))}]")

_last: tuple[str, str | None] = ("", None)


def lowered(text: str) -> str | None:
    """``text`` lower-cased, or None when a case-insensitive pattern would not match the lowered text as it
    matches ``text``: lowering moves characters (the Turkish dotted İ lowers to two), or it leaves a letter
    of :data:`_FOLDS_APART`. The last text's is kept: a text is scanned by many patterns in a row."""
    global _last
    held = _last  # (read once: another thread may replace it meanwhile)
    if held[0] is not text:
        low = text.lower()
        fits = len(low) == len(text) and _ANY_FOLDS_APART.search(low) is None
        held = _last = (text, low if fits else None)
    return held[1]


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


def _ranges_fold_alike(pattern: str) -> bool:
    """Whether every range of a character set in ``pattern`` lies within a-z, A-Z, а-я, А-Я or the digits:
    a range across cases (``[Ā-ſ]``) matches under re.IGNORECASE letters its lowered form misses."""
    if re_parser is None:
        return False
    try:
        tree = re_parser.parse(pattern)
    except re.error:
        return False
    alike = [(ord(a), ord(b)) for a, b in ("09", "az", "AZ", "ая", "АЯ")]

    def walk(node: object) -> bool:
        if isinstance(node, (list, tuple, re_parser.SubPattern)):
            if len(node) == 2 and node[0] is re_parser.RANGE:  # type: ignore[index]
                low, high = node[1]  # type: ignore[index, misc]
                return any(a <= low <= high <= b for a, b in alike)
            return all(walk(item) for item in node)  # type: ignore[union-attr]
        return True

    return walk(tree)


def _lowers_alike(pattern: str) -> bool:
    """Whether lowering ``pattern`` keeps what it matches under re.IGNORECASE: no letter that lowers to two
    (İ) or that folds with a letter its lowered form does not match (the dotless ı of an Azerbaijani name
    matches I and i)."""
    return all(len(c.lower()) == 1 for c in pattern) and _FOLDS_APART.isdisjoint(pattern.lower())


class Caseless:
    """A case-insensitive pattern, searched in its lower-case form wherever :func:`lowered` allows.

    It finds the same spans as the original; the text of a match's groups is the lowered text's (read the
    original at the match's offsets). A pattern with a range of letters across cases is always scanned as
    it is. One that re would try at every position is scanned only where the text holds one of the strings
    its every match holds (:func:`_prefilter`)."""

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.low = (
            re.compile(lower_pattern(regex.pattern), regex.flags & ~re.IGNORECASE)
            if _ranges_fold_alike(regex.pattern) and _lowers_alike(regex.pattern)
            else None
        )
        self.needs = _prefilter(self.low) if self.low is not None else None
        self.starts = start_scan(self.low) if self.low is not None else None

    @classmethod
    def any_of(cls, regexes: list[re.Pattern[str]], flags: int) -> Caseless:
        """One pattern that matches where any of ``regexes`` does: whether any matches, in one scan."""
        return cls(re.compile(any_of([r.pattern for r in regexes]), flags))

    def search(self, text: str, start: int = 0, end: int = 2**63 - 1) -> re.Match[str] | None:
        low = lowered(text) if self.low is not None else None
        if low is None:
            return self.regex.search(text, start, end)
        if self.needs is not None and self.needs.search(low, start, end) is None:
            return None
        return self.low.search(low, start, end)  # type: ignore[union-attr]

    def finditer_written(self, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
        """What the original pattern finds in ``text`` as written (its groups' text too), tried only where
        a match of the lowered pattern may begin in the lowered text (:func:`~truce.extract.rules.
        start_scan`), whose offsets are the text's; at every position where that is not known."""
        low = lowered(text) if self.starts is not None else None
        if low is None:
            return self.regex.finditer(text, start, end)
        at = [m.start() for m in self.starts.finditer(low, start, end)]  # type: ignore[union-attr]
        return finditer_at(self.regex, text, at, end)

    def finditer(self, text: str, start: int = 0, end: int = 2**63 - 1) -> Iterator[re.Match[str]]:
        low = lowered(text) if self.low is not None else None
        if low is None:
            return self.regex.finditer(text, start, end)
        if self.needs is not None and self.needs.search(low, start, end) is None:
            return iter(())
        return self.low.finditer(low, start, end)  # type: ignore[union-attr]


def _prefilter(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A scan for the strings every match of ``regex`` holds (:func:`~truce.extract.rules.literal_scan`),
    when re would try ``regex`` at every position of a text: it skips ahead only to a pattern's first
    letters, when it opens with a string or a set of letters (a look-behind, a word boundary, an
    alternation of groups are tried everywhere: the combined scans, the background...). Most sentences
    hold none of the strings (a denial's words, a direction's) and are not scanned further."""
    if re_parser is None:
        return None
    try:
        tree = re_parser.parse(regex.pattern, regex.flags)
        if re_compiler._get_literal_prefix(tree, regex.flags)[0] or re_compiler._get_charset_prefix(
            tree, regex.flags
        ):
            return None
    except (AttributeError, TypeError):  # (another Python: no skipping ahead known)
        return None
    return literal_scan(regex)
