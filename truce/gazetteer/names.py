"""Name keys for matching: one spelling-, script- and case-blind form of a name.

``fold`` turns any script into lower-case ASCII (Степанакерт, Ստեփանակերտ and Stepanakert meet);
``sound`` goes further and merges the spellings that transliteration conventions disagree on
(Xankəndi / Khankendi, Dzhanatag / Janyatag, Qubadli / Gubadly).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["GENERIC_WORDS", "fold", "sound", "sound_key", "strip_generic"]

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['ʻʼ’`´\"]")

# Ordered: longer clusters first, so "dzh" is not read as "d" + "zh".
_SOUND_RULES = (
    ("dzh", "j"),
    ("kh", "x"),
    ("gh", "g"),
    ("zh", "j"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("yu", "u"),
    ("ya", "a"),
    ("ye", "e"),
    ("yo", "o"),
    ("q", "g"),
    ("w", "v"),
    ("y", "i"),
)

#: Words that say what kind of place a name is, not which place: dropped from a query as a fallback.
GENERIC_WORDS = frozenset(
    [
        "the",
        "of",
        "near",
        "village",
        "settlement",
        "city",
        "town",
        "height",
        "heights",
        "mount",
        "mountain",
        "area",
        "territory",
        "former",
        "province",
        "district",
        "region",
        "rayon",
        "state",
        "farm",
        "reservoir",
        "vicinity",
        "community",
    ]
)


def fold(text: str) -> str:
    """Lower-case ASCII form with punctuation reduced to single spaces.

    >>> fold("Xankəndi"), fold("Степанакерт"), fold("Karmir  Shuka!")
    ('xankendi', 'stepanakert', 'karmir shuka')
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", text))
    return _NON_ALNUM.sub(" ", anyascii(text).lower()).strip()


def sound(text: str) -> str:
    """A coarse key on which transliteration variants of one name agree.

    >>> sound("Khankendi") == sound("Xankəndi"), sound("Dzhanatag") == sound("Janyatag")
    (True, True)
    """
    return sound_key(fold(text))


def sound_key(folded: str) -> str:
    """:func:`sound` of a name already folded (:func:`fold`)."""
    key = folded.replace(" ", "")
    for old, new in _SOUND_RULES:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def strip_generic(text: str) -> str:
    """The folded name without generic words ("near the village of Avdur" -> "avdur")."""
    return " ".join(word for word in fold(text).split() if word not in GENERIC_WORDS)
