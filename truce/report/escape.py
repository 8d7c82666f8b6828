"""Whatever a source or a user supplies is data, never markup: these make a value safe for the output it
goes into. One line always: a supplied name can never start a line of its own (a forged item)."""

from __future__ import annotations

import re

__all__ = ["clean", "markdown", "printable", "spreadsheet"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")  # line breaks and tabs kept
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~&])")  # what can make markup inside a line (CommonMark)


def clean(value: object) -> str:
    """A value as one line of plain text: line breaks and control characters (terminal escape sequences
    among them) become spaces.

    >>> clean("Caucasus\\nWire\\x1b[31m")
    'Caucasus Wire [31m'
    """
    return _CONTROL.sub(" ", str(value))


def markdown(value: object) -> str:
    """A value as Markdown text that renders as itself: one line, every markup character escaped.

    >>> print(markdown("<b>x</b>\\n## 40 violations, *near* [X](y)"))
    \\<b\\>x\\</b\\> \\#\\# 40 violations, \\*near\\* \\[X\\](y)
    """
    return _MARKDOWN.sub(r"\\\1", clean(value))


def printable(value: object) -> str:
    """A text to print whole (a document's text): its lines kept, every other control character (a
    terminal escape sequence) made a space.

    >>> printable("one\\ntwo\\x1b]0;title\\x07")
    'one\\ntwo ]0;title '
    """
    return _CONTROL_IN_TEXT.sub(" ", str(value))


def spreadsheet(value: object) -> object:
    """A CSV cell that a spreadsheet shows and never runs: text that would start a formula is quoted.

    >>> spreadsheet("=HYPERLINK(1)"), spreadsheet(-3), spreadsheet("near Khramort")
    ("'=HYPERLINK(1)", -3, 'near Khramort')
    """
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA) else value
