"""Move the names a gold corpus left unknown to the places the gazetteer has gained for them (issue 9).

The real-text corpus (tests/real_corpus/*.jsonl) was annotated against a gazetteer that lacked many border
villages and heights: their names went to a claim's ``unknown_places`` (with a ``null`` in ``places`` for
each). Places have since been added to the pack's ``places.csv`` (their notes say "added for issue 9"), and
names to existing places (their notes list them after "issue 9 variants:"). This moves an unknown name to
``places`` when, read as the extractor reads it (``PlaceIndex.find``), it holds one mention of a place (the
words the extractor reads as the name: "Сев" of "Сев лич") and

- the place was added for issue 9, or
- the words read are one of the place's issue 9 variants (same words, same stems: "Норабакском" is
  "Норабак").

The name leaves ``unknown_places`` and the ``null`` of ``places`` it held (the first one left, as
tests/real_score.py pairs them) becomes the place's id; a place the claim already names is not repeated
(the ``null`` is dropped). Nothing else changes: one JSON object a line, keys in their order. Running it
twice changes nothing the second time.

Usage (prints counts only; without ``--write`` nothing is written)::

    PYTHONPATH=. python tests/gold_unknown_places.py tests/real_corpus/en.jsonl [--write]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from truce.extract.places import PlaceIndex
from truce.extract.text import name_tokens
from truce.model import Place
from truce.packs import load_pack

ADDED = "added for issue 9"
VARIANTS = re.compile(r"issue 9 variants:\s*([^;()\"]+)")


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in name_tokens(name, 0, len(name)))


def issue9_names(place: Place) -> set[tuple[str, ...]] | None:
    """The keys of the names a place gained for issue 9; None when the whole place was added."""
    notes = place.notes or ""
    if ADDED in notes:
        return None
    found = VARIANTS.search(notes)
    return {_key(v.strip()) for v in found.group(1).split("|") if v.strip()} if found else set()


def resolved(index: PlaceIndex, name: str) -> str | None:
    """The id of the issue 9 place ``name`` now names, if it names one (one mention)."""
    words = name_tokens(name, 0, len(name))
    if not words:
        return None
    mentions = [m for m in index.find(name, words) if m.place]
    if len(mentions) != 1:  # no place, or several ("Ahmetbeyli-Fuzuli-Shusha"): left as annotated
        return None
    place = mentions[0].place
    names = issue9_names(place)
    if names is None or _key(mentions[0].text) in names:
        return place.id
    return None


def upgrade(claim: dict, index: PlaceIndex) -> int:
    """Move the resolved unknown names of one expected claim; the number moved."""
    places, unknown, moved = list(claim["places"]), [], 0
    for name in claim["unknown_places"]:
        new = resolved(index, name)
        if new is None:
            unknown.append(name)
            continue
        moved += 1
        at = places.index(None)
        if new in places:
            del places[at]
        else:
            places[at] = new
    if moved:
        claim["places"], claim["unknown_places"] = places, unknown
    return moved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a corpus file, one JSON passage a line")
    parser.add_argument("--write", action="store_true", help="write the file back (else only count)")
    args = parser.parse_args()
    pack = load_pack()
    index = PlaceIndex(pack.gazetteer())
    lines = args.path.read_text(encoding="utf-8").split("\n")
    names = claims = passages = 0
    out = []
    for line in lines:
        if not line.strip():
            out.append(line)
            continue
        passage = json.loads(line)
        changed = 0
        for claim in passage["expected"]:
            moved = upgrade(claim, index)
            names += moved
            claims += bool(moved)
            changed += moved
        passages += bool(changed)
        out.append(json.dumps(passage, ensure_ascii=False) if changed else line)
    left = sum(len(c["unknown_places"]) for line in out if line.strip() for c in json.loads(line)["expected"])
    print(f"{args.path.name}: {names} names moved, {claims} claims, {passages} passages changed; {left} left")
    if args.write and names:
        args.path.write_text("\n".join(out), encoding="utf-8")
    elif not args.write and names:
        print("(not written: --write to write)", file=sys.stderr)


if __name__ == "__main__":
    main()
