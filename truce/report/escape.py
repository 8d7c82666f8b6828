"""Whatever a source or a user supplies is data, never markup: these make a value safe for the output it
goes into. One line always: a supplied name can never start a line of its own (a forged item)."""

from __future__ import annotations

import re

__all__ = ["clean", "markdown"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|~&])")  # what can make markup inside a line (CommonMark)


def clean(value: object) -> str:
    """A value as one line of plain text: line breaks and control characters (terminal escape sequences
    among them) become spaces.

    >>> clean("Caucasus\\nWire\\x1b[31m")
    'Caucasus Wire [31m'
    """
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def markdown(value: object) -> str:
    """A value as Markdown text that renders as itself: one line, every markup character escaped.

    >>> print(markdown("<b>x</b>\\n## 40 violations, *near* [X](y)"))
    \\<b\\>x\\</b\\> \\#\\# 40 violations, \\*near\\* \\[X\\](y)
    """
    return _MARKDOWN.sub(r"\\\1", clean(value))
