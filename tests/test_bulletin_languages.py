"""The bulletin in English and Russian, each entirely in its language (gettext catalogs), and as Markdown,
text, one HTML page and a PDF with the day's map."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from truce.report.language import LOCALE_DIR

# words of a Russian bulletin that may be Latin: identifiers, names of things, the tool's own command
LATIN_ALLOWED = {"I", "rumod", "truce", "findings", "UTC", "Bayraktar", "TB", "Truce"}


def test_every_message_has_its_translation_and_the_catalog_is_compiled() -> None:
    with (LOCALE_DIR / "ru" / "LC_MESSAGES" / "truce.po").open("rb") as handle:
        source = read_po(handle, locale="ru")
    with (LOCALE_DIR / "ru" / "LC_MESSAGES" / "truce.mo").open("rb") as handle:
        compiled = read_mo(handle)
    with (LOCALE_DIR / "truce.pot").open("rb") as handle:
        template = read_po(handle)
    wanted = {m.id for m in template if m.id}
    missing = [
        m.id for m in source if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    assert missing == [], "run `make catalogs` and translate in tools/translations/ru.py"
    assert wanted <= {m.id for m in source if m.id}, "the catalog lacks messages: run `make catalogs`"

    def strings(catalog):  # type: ignore[no-untyped-def]
        def text(value):  # type: ignore[no-untyped-def]
            return tuple(value) if isinstance(value, list | tuple) else value

        return {text(m.id): text(m.string) for m in catalog if m.id}

    assert strings(source) == strings(compiled), "run `make catalogs`"


@pytest.mark.parametrize(
    ("day", "count"),
    [("2022-03-24", "1 нарушение"), ("2022-08-03", "4 нарушения"), ("2022-03-11", "13 нарушений")],
)
def test_russian_plurals(cli, day: str, count: str) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", day, "--lang", "ru").stdout
    assert f"{count} режима прекращения огня." in text


@pytest.mark.parametrize("fmt", ["md", "text"])
def test_the_russian_bulletin_is_entirely_in_russian(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    for day in ("2022-03-11", "2022-03-24", "2022-08-03", "2022-11-12", "2023-03-25", "2023-09-19"):
        result = cli("bulletin", day, "--lang", "ru", "--format", fmt)
        assert result.exit_code == 0, result.output
        latin = set(re.findall(r"[A-Za-z]+", result.stdout)) - LATIN_ALLOWED
        assert latin == set(), (day, sorted(latin))
    assert "в районе населённого пункта Фарух" in cli("bulletin", "2022-03-24", "--lang", "ru").stdout
    assert (
        "в 1,8 км восточнее населённого пункта Храморт"
        in cli("bulletin", "2022-11-12", "--lang", "ru").stdout
    )
    assert "в районе горы Сарыбаба" in cli("bulletin", "2022-08-03", "--lang", "ru").stdout
    assert "2 погибли, 14 ранены" in cli("bulletin", "2022-08-03", "--lang", "ru").stdout


def test_the_english_bulletin_is_unchanged_by_the_catalogs(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-08-03", "--lang", "en").stdout
    assert "4 ceasefire violations." in text and "2 killed, 14 wounded" in text
    assert "near Saribaba" in text and not re.search(r"[А-Яа-я]", text.split("## Deployment")[0])


def test_html_is_one_page_with_its_map(cli) -> None:  # type: ignore[no-untyped-def]
    page = cli("bulletin", "2023-03-25", "--format", "html", "--lang", "ru").stdout
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ru">' in page
    assert "<svg" in page and "Сарыбаба" in page
    assert not re.search(r"(?:src|href)=[\"']?(?:https?:)?//", page)  # nothing fetched from elsewhere


def test_pdf_in_both_languages_read_back(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install poppler-utils (pdftotext)")
        pytest.skip("pdftotext (poppler-utils) is not installed")
    texts = {}
    for lang in ("en", "ru"):
        out = tmp_path / f"bulletin-{lang}.pdf"
        result = cli("bulletin", "2023-03-25", "--format", "pdf", "--lang", lang, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(b"%PDF")
        texts[lang] = subprocess.run(
            ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "Information bulletin: 25 March 2023" in texts["en"] and "2.9 km north-east of" in texts["en"]
    assert "Информационный бюллетень: 25 марта 2023 г." in texts["ru"] and "горы Сарыбаба" in texts["ru"]
    again = tmp_path / "again.pdf"
    cli("bulletin", "2023-03-25", "--format", "pdf", "--lang", "ru", "--out", str(again))
    first = (tmp_path / "bulletin-ru.pdf").read_bytes()
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(first).digest()  # the same bytes
    assert cli("bulletin", "2023-03-25", "--format", "pdf").exit_code == 2  # a PDF needs --out
    assert cli("bulletin", "2023-03-25", "--lang", "fr").stderr.startswith(
        "Error: --lang: 'fr' is not one of"
    )


def test_the_russian_bulletin_gives_the_zone_as_its_offset(cli) -> None:  # type: ignore[no-untyped-def]
    shown = " ".join(cli("bulletin", "2023-03-25", "--lang", "ru").stdout.split())
    assert "За 25 марта 2023 г. (время UTC+4)" in shown and "Asia/Baku" not in shown
