"""Extraction speed, one core (CPU time of this process, so a busy machine does not skew it).

1. End to end on the real-text corpus (tests/real_corpus: published passages): each passage read as a
   JSON Lines document, extracted with every component (sentences, voices, rebuttals, dates and times,
   places, parties, means, casualties, denials and follow-ups, flags), turned into the store's claims
   and into the JSON interface. Goal (issue 9): 500 passages per second per core.
2. On generated passages (written by this script, not real reports): the whole extraction, and the date
   part alone side by side with the peer, dateparser's ``search_dates`` (timed on the first 1,000).
"""

from __future__ import annotations

import json
import random
import time
import warnings
from datetime import date, timedelta
from pathlib import Path

from truce.documents import json_lines
from truce.extract import Extractor
from truce.extract.dates import DateReader
from truce.extract.result import as_claim
from truce.extract.rules import rules_for
from truce.extract.text import sentences
from truce.packs import load_pack

EN = [
    "On {d:%d %B}, from {h1} to {h2}, {party} opened fire with {weapon} on positions near {place}. {outcome}",
    "Over the past day {n} ceasefire violations were recorded near {place}; {party} is blamed. {outcome}",
    "{party} shelled {place} on {d:%B %d}, the ministry said, adding that {outcome_lc}",
    "The peacekeepers reported that {km} km north-west of {place} {party} used {weapon} yesterday. {outcome}",
]
RU = [
    "{d.day} {month} в районе н.п. {place_ru} {party_ru} открыли огонь из {weapon_ru}. {outcome_ru}",
    "За прошедшие сутки зафиксировано {n} нарушений режима прекращения огня у села {place_ru}. {outcome_ru}",
    "Вчера в {km} км восточнее {place_ru} {party_ru} применили {weapon_ru}. {outcome_ru}",
]
MONTHS_RU = "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
PARTIES = [
    "units of the Azerbaijani armed forces",
    "illegal Armenian armed formations",
    "the Azerbaijani side",
    "the Nagorno-Karabakh Defence Army",
]
PARTIES_RU = ["подразделения вооружённых сил Азербайджана", "незаконные армянские вооружённые формирования"]
WEAPONS = ["small arms", "mortars", "a sniper rifle", "attack quadcopters", "grenade launchers"]
WEAPONS_RU = ["стрелкового оружия", "минометов", "гранатомётов", "БПЛА"]
OUTCOMES = [
    "No casualties.",
    "Two servicemen were wounded.",
    "A resident was slightly injured.",
    "Nobody was hurt.",
]
OUTCOMES_RU = ["Жертв нет.", "Ранены два военнослужащих.", "Пострадавших нет."]


def passages(count: int, seed: int = 11) -> list[tuple[str, date]]:
    rng = random.Random(seed)
    places = ["Shusha", "Khramort", "Farukh", "Karmir Shuka", "Taghavard", "Avdur", "Yeghtsahogh", "Martuni"]
    places_ru = ["Храморт", "Фарух", "Шуша", "Аветараноц", "Тагавард", "Мартуни"]
    out = []
    for _ in range(count):
        day = date(2021, 1, 1) + timedelta(days=rng.randrange(900))
        values = {
            "d": day,
            "h1": f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
            "h2": "23:59",
            "n": rng.randrange(1, 15),
            "km": rng.choice(["1.8", "2", "3.5"]),
            "party": rng.choice(PARTIES),
            "weapon": rng.choice(WEAPONS),
            "place": rng.choice(places),
            "outcome": rng.choice(OUTCOMES),
            "month": MONTHS_RU[day.month - 1],
            "place_ru": rng.choice(places_ru),
            "party_ru": rng.choice(PARTIES_RU),
            "weapon_ru": rng.choice(WEAPONS_RU),
            "outcome_ru": rng.choice(OUTCOMES_RU),
        }
        values["outcome_lc"] = values["outcome"].lower()
        template = rng.choice(EN + RU)
        out.append((template.format(**values), day + timedelta(days=1)))
    return out


def end_to_end(extractor: Extractor, gazetteer, rounds: int = 5) -> None:  # type: ignore[no-untyped-def]
    """Real passages, read, extracted, stored as claims and printed as JSON, per CPU second."""
    corpus = Path(__file__).parent.parent / "tests" / "real_corpus"
    lines = [
        line.encode("utf-8")
        for name in ("en.jsonl", "ru.jsonl")
        if (corpus / name).exists()
        for line in (corpus / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    if not lines:
        print("no real-text corpus found: end-to-end figure skipped")
        return

    def once() -> int:
        claims = 0
        for number, doc in enumerate(json_lines(lines, "real corpus"), 1):
            found = extractor.extract(doc.text, doc.published, doc.lang or "auto", doc.source, denials=True)
            for index, claim in enumerate(found, 1):
                json.dumps(claim.to_json())
                if claim.event_date or doc.published:
                    as_claim(claim, f"C-{number}-{index}", doc, gazetteer, "Asia/Baku")
            claims += len(found)
        return claims

    once()  # compile rules and caches outside the timing
    started = time.process_time()
    claims = sum(once() for _ in range(rounds))
    seconds = time.process_time() - started
    count = len(lines) * rounds
    print(f"real passages: {len(lines)} x {rounds}, claims: {claims}")
    print(f"end to end, every component:       {count / seconds:8.0f} passages/s per core (goal 500)")


def main() -> None:
    pack = load_pack()
    gazetteer = pack.gazetteer()
    extractor = Extractor(gazetteer, pack.profile)
    end_to_end(extractor, gazetteer)
    data = passages(10_000)
    extractor.extract(*data[0])  # compile rules and caches outside the timing
    started = time.process_time()
    claims = sum(len(extractor.extract(text, published)) for text, published in data)
    whole = time.process_time() - started
    print(f"passages: {len(data)}, claims: {claims}")
    print(f"truce extraction (all fields):      {len(data) / whole:8.0f} passages/s")

    readers = {lang: DateReader(rules_for(lang)) for lang in ("en", "ru")}
    started = time.perf_counter()
    for text, published in data:
        reader = readers["ru" if any("\u0400" <= ch <= "\u04ff" for ch in text[:40]) else "en"]
        for a, b in sentences(text):
            reader.dates(text, a, b, published)
    ours = time.perf_counter() - started
    print(f"truce dates only:                   {len(data) / ours:8.0f} passages/s")

    try:
        from dateparser.search import search_dates
    except ImportError:
        print("dateparser is not installed (pip install dateparser): no peer figures")
        return
    sample = data[:1000]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search_dates(*sample[0][:1])
        started = time.perf_counter()
        for text, published in sample:
            search_dates(text, languages=["en", "ru"], settings={"RELATIVE_BASE": _midnight(published)})
        peer = time.perf_counter() - started
    print(f"dateparser search_dates (peer):     {len(sample) / peer:8.0f} passages/s (first {len(sample)})")


def _midnight(day: date):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(day.year, day.month, day.day)


if __name__ == "__main__":
    main()
