"""Reading documents from files: plain text, Markdown, HTML, and JSON Lines of
``{text, published, source, url, lang}``. Bad input is refused with the file (and line) named.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from truce.errors import InputError
from truce.model import Document

__all__ = ["MAX_BYTES", "document", "json_lines", "read_documents", "read_text"]

#: The largest single document Truce reads; a larger file is refused with a message, not read for minutes.
MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
_SURROGATE = re.compile("[\ud800-\udfff]")
#: The fields of a JSON Lines record that, when present, must be strings (or null).
STRING_FIELDS = ("text", "published", "source", "url", "lang", "title")


def document(text: str, **fields: object) -> Document:
    """A document whose id is the hash of its text (so the same text is stored once)."""
    return Document(id=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text, **fields)  # type: ignore[arg-type]


def read_text(data: bytes, name: str, line: int | None = None) -> str:
    """Bytes as text: refuses binary data, text that is not UTF-8 and oversized documents, naming the file
    and the line (``line``: the number of the first line of ``data`` in its file, when it is one line of
    a larger file: that line is named as it is).

    >>> read_text("Храморт".encode(), "a.txt")
    'Храморт'
    >>> read_text("Khramort, 1\\nCafé".encode("latin-1"), "a.txt")
    Traceback (most recent call last):
    truce.errors.InputError: a.txt, line 2: not UTF-8 text (byte 0xe9 at 3); convert the file to UTF-8
    """
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: {len(data) / 2**20:.1f} MB is more than the {MAX_BYTES // 2**20} MB Truce reads as one "
            "document; split it (JSON Lines take one document a line)"
        )

    def where(offset: int) -> tuple[str, int]:
        """The file and line of a byte, and its column (in bytes) on that line."""
        number = line if line is not None else data.count(b"\n", 0, offset) + 1
        column = offset - (data.rfind(b"\n", 0, offset) + 1)
        return f"{name}, line {number}", column

    nul = data.find(b"\0")
    if 0 <= nul < 65536 and line is None:  # a binary file: its lines mean nothing
        raise InputError(f"{name}: not a text file (it contains NUL bytes)")
    if nul >= 0:
        at, column = where(nul)
        raise InputError(f"{at}: not text (it contains a NUL byte at {column})")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        at, column = where(exc.start)
        raise InputError(
            f"{at}: not UTF-8 text (byte 0x{data[exc.start]:02x} at {column}); convert the file to UTF-8"
        ) from None
    return text.removeprefix("\ufeff")  # a byte-order mark is no part of the text


def _checked(value: str, where: str, field: str) -> str:
    """A string of a JSON record, refused when it holds what no text holds: a NUL character or a lone
    surrogate (JSON's escapes can write both; neither can be stored or printed)."""
    if "\0" in value:
        raise InputError(f"{where}, field '{field}': contains a NUL character (\\u0000), not text")
    lone = _SURROGATE.search(value)
    if lone:
        code = f"\\u{ord(lone.group(0)):04x}"
        raise InputError(f"{where}, field '{field}': contains a lone surrogate ({code}), not text")
    return value


def read_documents(
    path: Path, *, published: date | None = None, source: str | None = None
) -> Iterator[Document]:
    """The documents in one file; ``published`` and ``source`` apply where the file does not say."""
    name = str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        raise InputError(f"{name}: is a folder, not a file")
    if suffix not in SUFFIXES:
        raise InputError(f"{name}: unsupported file type '{suffix or 'none'}' (use {', '.join(SUFFIXES)})")
    try:
        if suffix == ".jsonl":
            yield from _jsonl(path, published, source)
            return
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    text = read_text(data, name)
    title = ""
    if suffix in (".html", ".htm"):
        title, text = html_text(text)
    if not text.strip():
        raise InputError(f"{name}: holds no text")
    yield document(text, published=published, source=source, title=title, origin=name)


def _jsonl(path: Path, published: date | None, source: str | None) -> Iterator[Document]:
    with path.open("rb") as handle:
        yield from json_lines(handle, str(path), published=published, source=source)


def json_lines(
    lines: Iterable[bytes], name: str, *, published: date | None = None, source: str | None = None
) -> Iterator[Document]:
    """The documents of JSON Lines (``{text, published, source, url, lang, title}`` a line) read from
    ``name``; a bad line is refused naming ``name``, the line and the field."""
    for number, raw in enumerate(lines, 1):
        where = f"{name}, line {number}"
        if not raw.strip():
            continue
        try:
            record = json.loads(read_text(raw, name, number))
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise InputError(f"{where}: not valid JSON (nested too deep)") from None
        except ValueError:  # int() refuses a number of 4,300 digits or more
            raise InputError(f"{where}: not valid JSON (a number too long to read)") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise InputError(f"{where}: each line needs a 'text' string")
        for key in STRING_FIELDS:
            value = record.get(key)
            if value is not None and not isinstance(value, str):
                kind = type(value).__name__.replace("dict", "object").replace("list", "array")
                raise InputError(f"{where}, field '{key}': must be a string, not {kind} ({value!r:.40})")
            if value is not None:
                _checked(value, where, key)
        if not record["text"].strip():
            raise InputError(f"{where}, field 'text': holds no text")
        day = record.get("published")
        try:
            day = date.fromisoformat(day[:10]) if isinstance(day, str) and day else published
        except ValueError:
            raise InputError(f"{where}, field 'published': '{day}' is not a date (YYYY-MM-DD)") from None
        lang = record.get("lang")
        if lang not in (None, "en", "ru", "auto"):
            raise InputError(f"{where}, field 'lang': '{lang}' is not en, ru or auto")
        yield document(
            record["text"],
            published=day,
            source=record.get("source") or source,
            url=record.get("url") or "",
            lang=None if lang == "auto" else lang,
            title=record.get("title") or "",
            origin=where,
        )


class _TextOf(HTMLParser):
    """The visible text of an HTML page, with block elements as line breaks."""

    BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr section article header footer blockquote".split())
    HIDDEN = frozenset("script style noscript template".split())

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, str]:
    """(title, text) of an HTML page.

    >>> html_text("<html><title>T</title><script>x()</script><p>One.</p><p>Two &amp; three.</p></html>")
    ('T', 'One.\\n\\nTwo & three.')
    """
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return " ".join("".join(parser.title).split()), text.strip()
