"""Bring the translation catalogs up to date: extract the messages of the publications, merge them into
each language's catalog, fill in what ``tools/translations/<lang>.py`` gives, and compile.

``make catalogs`` runs it. The catalogs (``truce/report/locale``) are committed, compiled; the tests fail
when a message has no translation or a compiled catalog is older than its source.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "truce" / "report" / "locale"
TEMPLATE = LOCALE / "truce.pot"
EXTRACT = [
    *("-k", "N_", "-k", "Np_:1,2", "-k", "_", "-k", "gettext", "-k", "ngettext:1,2"),
    *("--no-location", "--sort-output", "--omit-header"),
]


def pybabel(*args: str) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), *args], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )


def main() -> None:
    pybabel("extract", "-F", "babel.cfg", *EXTRACT, "-o", str(TEMPLATE), ".")
    for folder in sorted(p for p in LOCALE.iterdir() if p.is_dir()):
        code = folder.name
        po = folder / "LC_MESSAGES" / "truce.po"
        pybabel(
            "update",
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALE),
            "-D",
            "truce",
            "-l",
            code,
            "--no-fuzzy-matching",
            "--omit-header",
        )
        source = ROOT / "tools" / "translations" / f"{code}.py"
        if source.exists():
            spec = importlib.util.spec_from_file_location(f"translations_{code}", source)
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            spec.loader.exec_module(module)  # type: ignore[union-attr]
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=code)
            for message in catalog:
                key = message.id[0] if isinstance(message.id, tuple) else message.id
                if isinstance(message.id, tuple) and key in module.PLURALS:
                    message.string = module.PLURALS[key]
                    message.flags.discard("fuzzy")
                elif isinstance(message.id, str) and key in module.RU:
                    message.string = module.RU[key]
                    message.flags.discard("fuzzy")
            catalog.fuzzy = False  # the translations are ours, reviewed: the catalog is to be used
            with po.open("wb") as handle:
                write_po(handle, catalog, omit_header=False, no_location=True, sort_output=True)
        pybabel("compile", "-d", str(LOCALE), "-D", "truce", "-l", code)
    print(f"catalogs up to date in {LOCALE}")


if __name__ == "__main__":
    main()
