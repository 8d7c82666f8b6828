"""Reading documents from files: plain text, Markdown, HTML, and JSON Lines of
``{text, published, source, url, lang}``. Bad input is refused with the file (and line) named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from truce.errors import InputError
from truce.model import Document

__all__ = ["MAX_BYTES", "document", "read_documents", "read_text"]

#: The largest single document Truce reads; a larger file is refused with a message, not read for minutes.
MAX_BYTES = 10 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")


def document(text: str, **fields: object) -> Document:
    """A document whose id is the hash of its text (so the same text is stored once)."""
    return Document(id=hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text, **fields)  # type: ignore[arg-type]


def read_text(data: bytes, name: str) -> str:
    """Bytes as text: refuses binary data and oversized documents, naming the file."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: {len(data) / 2**20:.1f} MB is more than the {MAX_BYTES // 2**20} MB Truce reads as one "
            "document; split it (JSON Lines take one document a line)"
        )
    if b"\0" in data[:65536]:
        raise InputError(f"{name}: not a text file (it contains NUL bytes)")
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 50):
        raise InputError(f"{name}: not UTF-8 text")
    return text


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
        for number, raw in enumerate(handle, 1):
            where = f"{path}, line {number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(read_text(raw, where))
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise InputError(f"{where}: each line needs a 'text' string")
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
