"""Splitting a text into sentences and words, keeping character offsets so every claim can say which span
of the document it comes from."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from typing import NamedTuple

from truce.gazetteer.names import fold

__all__ = ["Token", "detect_language", "headline_end", "name_tokens", "sentences", "stem", "tokens"]

# A sentence ends at . ! ? or a line break, unless the dot closes an abbreviation or a number.
_ABBREVIATIONS = {
    "н",
    "п",
    "т",
    "е",
    "г",
    "гг",
    "ул",
    "с",
    "им",
    "т.е",
    "св",
    "mt",
    "st",
    "no",
    "gen",
    "lt",
    "maj",
    "col",
    "mr",
    "mrs",
    "dr",
    "vs",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.n",
    "нп",
    "н.п",
    "т.д",
    "т.п",
    "пгт",
    "р",
    "обл",
    "ок",
    "прим",
}
# Possessive quantifiers (``*+``, ``++``): a run of whitespace is read once, never re-split on a failed
# match (a lookahead that backtracks through every split of 16 KB of blanks is quadratic).
_BREAK = re.compile(
    r"(?<=[.!?…])[\"»”')\]]*+\s++(?=[\"«“(\[]?[A-ZА-ЯЁ0-9])|\n(?:[^\S\n]*+\n)++|\n(?=[^\S\n]*+[-•*–—]?\s*+[A-ZА-ЯЁ0-9\"«])"
)
#: The longest sentence read as one: a longer run of text with no sentence end is cut at a space (real
#: sentences in the corpora stay under 600 characters); it bounds the work of every per-sentence reader.
MAX_SENTENCE = 2000
_LAST_WORD = re.compile(r"([\w.]{1,20})\.$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z]")
# Russian case endings, longest first: "Шуши", "Шуше" and "Шуша" share the stem "шуш".
_RU_ENDINGS = re.compile(
    r"(?:ами|ями|ого|его|ому|ему|ыми|ими|ов|ев|ей|ой|ом|ем|ах|ях|ию|ия|ии|ий|ый|ая|яя|ое|ее|ую|юю|ых|их|ым|им|а|я|у|ю|е|ы|и|о|ь)$"
)

# Function words that are English (or Russian) and rarely anything else: a text without them is neither.
_EN_COMMON = frozenset("the of and to was were with from that has have by is said for at which this".split())
_RU_COMMON = frozenset("и в на с по не что из от у к о за был была были это как его".split())


# A headline: the text's first line, set apart by a blank line, ending in no sentence mark
_HEADLINE = re.compile(r"[^\S\n]*+[^\n]{1,240}?(?<![.!?…:;,])[\"'»”’)]*+[^\S\n]*+\n[^\S\n]*+\n")


def headline_end(text: str) -> int:
    """Where the text's headline ends (0 when it has none): a first line set apart by a blank line that
    ends in no sentence mark ("Azerbaijan opens fire, damages civilian homes in Karabakh"). It retells the
    story told below it, or names its dateline ("BAKU, Azerbaijan, Nov. 20"), and tells nothing of its own.

    >>> headline_end("Fire near Taghavard\\n\\nOn 19 February fire was opened.")
    19
    >>> headline_end("Fire.\\n\\nMore.")
    0
    """
    m = _HEADLINE.match(text)
    if m is None or not text[m.end() :].strip():
        return 0
    return len(text[: m.end()].rstrip())


class Token(NamedTuple):
    """A word of a text (a named tuple, not a frozen dataclass: a passage makes hundreds, and a tuple is
    made several times faster)."""

    text: str
    start: int
    end: int
    key: str  # the form the gazetteer index is searched by

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper() or self.text[:1].isdigit()


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of ``text``.

    >>> t = "On 5 March fire was opened near the village. No casualties (н.п. Храморт)."
    >>> [t[a:b] for a, b in sentences(t)]
    ['On 5 March fire was opened near the village.', 'No casualties (н.п. Храморт).']
    """
    spans, start = [], 0
    for match in _BREAK.finditer(text):
        # only the last word before the break can be an abbreviation: look at a few characters, not at
        # everything since the sentence began (a long run of "Mr. Mr. ..." would be quadratic)
        before = text[max(start, match.start() - 40) : match.start()].rstrip("\"»”')]")
        last = _LAST_WORD.search(before)
        if last and last.group(1).lower() in _ABBREVIATIONS and "\n" not in match.group(0):
            continue
        spans.extend(_cut(text, start, match.start()))
        start = match.end()
    spans.extend(_cut(text, start, len(text)))
    return [(a, b) for a, b in ((_lead(text, a, b), _trail(text, a, b)) for a, b in spans) if b > a]


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most :data:`MAX_SENTENCE` characters, cut after a space."""
    pieces = []
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        space = max(text.rfind(" ", start + MAX_SENTENCE // 2, limit), text.rfind("\n", start, limit))
        cut = space + 1 if space > start else limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def _lead(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trail(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The index key of a word: folded to ASCII, and for Cyrillic words without the case ending.

    >>> stem("Шуши") == stem("Шуша") == stem("Шуше"), stem("Аскеранского") == stem("Аскеранский")
    (True, True)
    >>> stem("Farukh")
    'farukh'
    """
    if _CYRILLIC.search(word):
        lowered = word.lower()
        stripped = _RU_ENDINGS.sub("", lowered)
        word = stripped if len(stripped) >= 3 else lowered
    return fold(word).replace(" ", "")


def tokens(text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with their offsets in ``text`` (the first ``limit`` of them)."""
    end = len(text) if end is None else end
    words = itertools.islice(_WORD.finditer(text, start, end), limit)
    return [Token(m.group(0), m.start(), m.end(), stem(m.group(0))) for m in words]


# Words that can begin or continue a place name in running text: capitalised words, numbers, and the
# word "height" before a number ("height 2054.0"). Skipping the rest keeps the place search cheap.
_NAME_WORD = re.compile(
    r"(?<![^\W_])(?:[A-ZÀ-ÖØ-ÞĀ-ſƏА-ЯЁ\d][^\W_]*(?:['’][^\W_]+)?|[Hh]eight|[Вв]ысот[аеуы])(?![^\W_])"
)


def name_tokens(text: str, start: int, end: int) -> list[Token]:
    """The words of ``text[start:end]`` that may belong to a place name.

    >>> [t.text for t in name_tokens("fire near Karmir Shuka at height 2054.0", 0, 39)]
    ['Karmir', 'Shuka', 'height', '2054', '0']
    """
    return [
        Token(m.group(0), m.start(), m.end(), stem(m.group(0))) for m in _NAME_WORD.finditer(text, start, end)
    ]


def detect_language(text: str) -> str | None:
    """``en``, ``ru``, or None when the text is in neither (or is no text at all).

    >>> detect_language("Fire was opened at the positions of the army"), detect_language("Обстрел позиций")
    ('en', 'ru')
    >>> detect_language("Le cessez-le-feu a été violé hier soir près du village") is None
    True
    """
    sample = text[:20000]
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    if cyrillic + latin < 3:
        return None
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None
    if cyrillic > latin:
        common = sum(w in _RU_COMMON for w in words)
        # short texts (a headline) carry few function words: judge them by script alone
        return "ru" if common / len(words) >= 0.04 or len(words) < 6 else None
    common = sum(w in _EN_COMMON for w in words)
    return "en" if common / len(words) >= 0.06 or len(words) < 6 else None
