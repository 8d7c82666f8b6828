"""Gazetteer speed and accuracy: resolving names (exact, in any script, and with a typo) against the
Nagorno-Karabakh pack, beside the peer's best configuration.

Peer: a dictionary of folded names, then, for what it misses, rapidfuzz's ``process.extractOne`` with
``fuzz.ratio`` over the same folded names (the fastest sound way to write a fuzzy gazetteer lookup). It
finds a name, not a place: it knows nothing of homonyms, sound keys or the context. An answer is right
when it is a place of the name asked for (homonyms share a name: either is right, for both). Both get
the same queries: 2,000 names as the pack has them, 2,000 with one letter dropped, and 40 names of places
far away that the pack does not have (for them, refusing is right). Truce refuses a misspelling that two
places' names are equally close to (the peer takes the first); a refusal is counted apart from a wrong
place. Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from rapidfuzz import fuzz, process

from truce.errors import UnknownPlace
from truce.gazetteer import fold
from truce.packs import load_pack

#: Places far from the theatre, none in the pack (written for the bench): a name that resolves is wrong.
ELSEWHERE = [
    "Atlantis",
    "Springfield",
    "Paris",
    "London",
    "Lisbon",
    "Oslo",
    "Helsinki",
    "Dublin",
    "Madrid",
    "Warsaw",
    "Prague",
    "Vienna",
    "Zagreb",
    "Sofia",
    "Athens",
    "Cairo",
    "Nairobi",
    "Lagos",
    "Lima",
    "Quito",
    "Bogota",
    "Havana",
    "Toronto",
    "Boston",
    "Denver",
    "Seattle",
    "Sydney",
    "Perth",
    "Osaka",
    "Kyoto",
    "Manila",
    "Hanoi",
    "Dhaka",
    "Karachi",
    "Kabul",
    "Riyadh",
    "Muscat",
    "Doha",
    "Tunis",
    "Rabat",
]


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :]


def main() -> None:
    pack = load_pack()
    started = time.process_time()
    gazetteer = pack.gazetteer()
    index_s = time.process_time() - started
    rng = random.Random(7)
    names = [(n.text, p.id) for p in pack.places for n in p.names]
    by_key: dict[str, set[str]] = defaultdict(set)
    for text, place in names:
        by_key[fold(text)].add(place)
    exact = [(text, text, place) for text, place in (rng.choice(names) for _ in range(2000))]
    typos = [(typo(text, rng), text, place) for text, place in (rng.choice(names) for _ in range(2000))]
    elsewhere = [(name, name, "") for name in ELSEWHERE]  # right: refused (no place has the name)
    queries = exact + typos + elsewhere
    print(f"pack: {len(pack.places)} places, {len(names)} names; index built in {index_s:.2f} s CPU")

    def ours(query: str) -> set[str]:
        try:
            return {gazetteer.resolve(query).id}
        except UnknownPlace:
            return set()

    def named(place: str, text: str) -> set[str]:
        """The places of the name asked for: any is right (homonyms share a name)."""
        return by_key.get(fold(text), set()) | {place}

    keys = list(by_key)

    def peer(query: str) -> set[str]:
        key = fold(query)
        if key in by_key:
            return by_key[key]
        found = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=80)
        return by_key[found[0]] if found else set()

    for label, resolve in (("truce Gazetteer.resolve", ours), ("peer: dict + extractOne(ratio)", peer)):
        for part, chosen in (
            ("as named", exact),
            ("one letter dropped", typos),
            ("not in the pack", elsewhere),
            ("all of them", queries),
        ):
            started = time.process_time()
            answers = [(resolve(query), named(place, text)) for query, text, place in chosen]
            seconds = time.process_time() - started
            right = sum(bool(found & wanted) or (not found and wanted == {""}) for found, wanted in answers)
            refused = sum(not found and wanted != {""} for found, wanted in answers)
            n = len(chosen)
            print(
                f"{label:32} {part:19} {n / seconds:7.0f} queries/s CPU: {right / n:6.1%} right, "
                f"{refused / n:5.1%} refused, {1 - (right + refused) / n:5.1%} wrong"
            )
    print(f"({len(queries)} queries in all)")


if __name__ == "__main__":
    main()
