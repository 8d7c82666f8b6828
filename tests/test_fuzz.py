"""Hostile input to extraction and to the document readers: nothing crashes, hangs, or passes nonsense
on unflagged. Texts here are written for the tests (and mutated real-corpus passages).

Three parts:

- the measured bugs of issue 10, each a test (huge counts and distances, "yesterday" of the year 1,
  whitespace runs, long documents, a point in the Pacific, Latin-1 files, non-string fields, lone
  surrogates and NUL bytes);
- linear time: the cost per KB of a 1 MB and a 10 MB document, printed and compared (no timing is
  asserted, only the ratio of the two, with a factor a quadratic reader could never meet);
- a fuzz suite: Hypothesis strategies (Unicode, domain-word soup, mutated corpus passages, numbers and
  dates at their limits, whitespace runs) over the extractor and the readers, each call under a CPU
  budget. ``make test`` runs a few hundred cases; ``make fuzz`` (this file as a script) runs for minutes
  on every core and prints cases per second, crashes, hangs and flagged outputs.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import math
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from truce.documents import html_text, json_lines, read_documents, read_text
from truce.errors import InputError
from truce.extract import Extractor
from truce.extract.extractor import MAX_CASUALTIES, MAX_VIOLATIONS
from truce.extract.result import as_claim
from truce.geo import haversine_km
from truce.model import Document

REAL = Path(__file__).parent / "real_corpus"
#: Every flag a claim may carry (truce.model.Claim.flags).
FLAGS = {
    "date_after_publication",
    "date_outside_mission",
    "count_implausible",
    "distance_implausible",
    "point_outside_region",
}
#: CPU seconds one call may take on the fuzzed inputs (at most a few KB): a normal call takes
#: milliseconds, so a call over it is a hang, whatever the machine.
BUDGET = 5.0
#: The mission's period, as a caller that knows the mission passes it.
WINDOW = (date(2020, 11, 10), date(2024, 12, 31))


class Hang(Exception):
    """A call ran over its CPU budget."""


@contextmanager
def cpu_budget(seconds: float):  # type: ignore[no-untyped-def]
    """Interrupt the block after ``seconds`` of CPU time (SIGPROF; the regex engine checks signals)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise Hang(f"over {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def cpu_seconds(call: Callable[[], object]) -> float:
    started = time.process_time()
    call()
    return time.process_time() - started


# -- the measured bugs -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor(pack) -> Extractor:  # type: ignore[no-untyped-def]
    return Extractor(pack.gazetteer(), pack.profile, window=WINDOW)


def _one(extractor: Extractor, text: str, published: date = date(2022, 3, 12), lang: str = "en"):  # type: ignore[no-untyped-def]
    with cpu_budget(60):
        claims = extractor.extract(text, published, lang, "AZ MoD", denials=True)
    for claim in claims:
        json.dumps(claim.to_json())
    return claims


def test_counts_of_thousands_of_digits_are_read_and_flagged(extractor: Extractor) -> None:
    for digits in (4400, 20000):  # int() refuses 4,300 digits and more
        _one(extractor, f"On 5 March {'9' * digits} servicemen were killed near Khramort.")
        _one(extractor, f"On 5 March there were {'9' * digits} violations near Khramort.")
    (claim,) = _one(extractor, f"On 5 March there were {'9' * 1500} violations near Khramort.")
    assert "count_implausible" in claim.flags and claim.violations is not None
    (claim,) = _one(extractor, "On 5 March there were 5000 violations near Khramort.")
    assert claim.violations == 5000 and claim.violations > MAX_VIOLATIONS
    assert claim.flags == ["count_implausible"]
    (claim,) = _one(extractor, "On 5 March 4000 servicemen were killed near Khramort.")
    assert claim.casualties == [] and claim.flags == ["count_implausible"]
    assert MAX_CASUALTIES < 4000


def test_distances_past_the_region_are_capped_and_flagged(extractor: Extractor, pack) -> None:  # type: ignore[no-untyped-def]
    lat_min, lat_max, lon_min, lon_max = pack.profile.bounds
    scale = haversine_km(lat_min, lon_min, lat_max, lon_max)
    for distance in ("99999", "1" + "0" * 320, "1" + "0" * 400 + ".5"):  # 309 digits: a float's inf
        (claim,) = _one(extractor, f"On 5 March fire was opened {distance} km north of Khramort.")
        assert claim.flags == ["distance_implausible", "point_outside_region"]
        assert claim.relative is not None and claim.relative[0] == pytest.approx(scale, abs=0.01)
        assert claim.point is not None and math.isfinite(claim.point[2]) and claim.point[2] < scale
    (claim,) = _one(extractor, "Вчера в 99999 км севернее н.п. Храморт зафиксирован обстрел.", lang="ru")
    assert "distance_implausible" in claim.flags
    (claim,) = _one(extractor, "On 5 March fire was opened 2 km north of Khramort.")
    assert claim.flags == [] and claim.relative == (2.0, "N", "Khramort")


def test_relative_days_at_the_ends_of_the_calendar(extractor: Extractor) -> None:
    (claim,) = _one(extractor, "Yesterday fire was opened near Khramort.", date(1, 1, 1))
    assert claim.event_date is None
    _one(extractor, "On Monday fire was opened near Khramort.", date(1, 1, 1))
    _one(extractor, "Today and on Sunday fire was opened near Khramort.", date.max)
    _one(extractor, "Вчера и в понедельник у н.п. Храморт обстрел.", date(1, 1, 1), "ru")


def test_dates_outside_the_period_are_flagged(extractor: Extractor) -> None:
    (claim,) = _one(extractor, "On 5 March 2099 fire was opened near Khramort.")
    assert claim.event_date == date(2099, 3, 5)
    assert claim.flags == ["date_after_publication", "date_outside_mission"]
    (claim,) = _one(extractor, "On 5 March 1999 fire was opened near Khramort.")
    assert claim.flags == ["date_outside_mission"]
    (claim,) = _one(extractor, "On 5 March 2022 fire was opened near Khramort.")
    assert claim.flags == []
    (claim,) = _one(extractor, "On 5 March 2022 fire was opened near Khramort.", date(2022, 3, 1))
    assert claim.flags == ["date_after_publication"]


def test_no_window_flags_only_what_publication_says(pack) -> None:  # type: ignore[no-untyped-def]
    plain = Extractor(pack.gazetteer(), pack.profile)
    (claim,) = plain.extract("On 5 March 1999 fire was opened near Khramort.", date(2022, 3, 12), "en")
    assert claim.flags == []


def test_whitespace_after_a_date_is_read_in_linear_time(extractor: Extractor) -> None:
    """16 KB of newlines after a date took 17 s (a pattern backtracked through every split of them)."""
    costs = {}
    for blank in ("\n", " ", " \t", "\n \n", "\u00a0", "\u2028"):
        for size in (16_384, 131_072):
            text = "On 5 March" + blank * (size // len(blank)) + "x"
            costs[blank, size] = cpu_seconds(lambda t=text: _one(extractor, t))  # type: ignore[misc]
        small, large = costs[blank, 16_384], costs[blank, 131_072]
        # eight times the text: a linear reader takes about eight times as long, a quadratic one 64
        assert large <= 8 * 4 * max(small, 0.01), (repr(blank), small, large)


def test_a_long_word_in_a_rebuttal_does_not_backtrack(extractor: Extractor) -> None:
    """Found by the fuzz suite: a long word after a speaker in a denying sentence made the pattern that
    finds a restated accusation ("the statement of X that ...") split it every way (polynomial)."""
    text = "The statement of the Ministry of Defense of Azerbaijan {} that fire was opened is false."
    for unit in ("a", "9", "я"):
        small = cpu_seconds(lambda u=unit: _one(extractor, text.format(u * 200)))  # type: ignore[misc]
        large = cpu_seconds(lambda u=unit: _one(extractor, text.format(u * 1600)))  # type: ignore[misc]
        assert large <= 8 * 4 * max(small, 0.01), (unit, small, large)


def test_report_markers_and_abbreviations_do_not_backtrack(extractor: Extractor) -> None:
    for unit in ("Mr. ", "a" * 50 + ". ", "5 March , ", "Shusha  ", "no!"):
        small = cpu_seconds(lambda u=unit: _one(extractor, u * 400))  # type: ignore[misc]
        large = cpu_seconds(lambda u=unit: _one(extractor, u * 3200))  # type: ignore[misc]
        assert large <= 8 * 4 * max(small, 0.01), (unit, small, large)


# -- the document readers ---------------------------------------------------------------------------


def _refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        list(read_documents(path, published=date(2022, 3, 12)))
    return str(caught.value)


def test_latin1_text_is_refused_naming_the_file(tmp_path: Path) -> None:
    latin = tmp_path / "statement.txt"
    latin.write_bytes("Fire near Khramort.\nLe ministère a déclaré.".encode("latin-1"))
    assert _refusal(latin) == (f"{latin}, line 2: not UTF-8 text (byte 0xe8 at 9); convert the file to UTF-8")
    lines = tmp_path / "statements.jsonl"
    lines.write_bytes(b'{"text": "fine"}\n' + '{"text": "déclaré"}\n'.encode("latin-1"))
    assert _refusal(lines).startswith(f"{lines}, line 2: not UTF-8 text")


def test_utf8_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    marked = tmp_path / "statement.txt"
    marked.write_bytes(b"\xef\xbb\xbfFire near Khramort.")
    (doc,) = read_documents(marked)
    assert doc.text == "Fire near Khramort."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x", "published": 12345}', "field 'published': must be a string, not int (12345)"),
        ('{"text": "x", "source": 12345}', "field 'source': must be a string, not int (12345)"),
        ('{"text": "x", "source": ["AZ MoD"]}', "field 'source': must be a string, not array (['AZ MoD'])"),
        ('{"text": "x", "url": {"a": 1}}', "field 'url': must be a string, not object ({'a': 1})"),
        ('{"text": "x", "lang": true}', "field 'lang': must be a string, not bool (True)"),
        ('{"text": "a \\ud800 b"}', "field 'text': contains a lone surrogate (\\ud800), not text"),
        (
            '{"text": "x", "source": "\\udfff"}',
            "field 'source': contains a lone surrogate (\\udfff), not text",
        ),
        ('{"text": "a \\u0000 b"}', "field 'text': contains a NUL character (\\u0000), not text"),
        ("[" * 100_000 + "]" * 100_000, ": not valid JSON (nested too deep)"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", ": not valid JSON (a number too long to read)"),
    ],
)
def test_json_lines_fields_are_checked(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text('{"text": "fine", "published": "2022-03-12"}\n' + line + "\n", encoding="utf-8")
    separator = "" if message.startswith(":") else ", "
    assert _refusal(path) == f"{path}, line 2{separator}{message}"


def test_nul_bytes_anywhere_are_refused_naming_file_and_line(tmp_path: Path) -> None:
    late = tmp_path / "long.txt"
    late.write_bytes(b"Fire near Khramort.\n" * 5000 + b"a\x00b\n")
    assert _refusal(late) == f"{late}, line 5001: not text (it contains a NUL byte at 1)"
    early = tmp_path / "early.txt"
    early.write_bytes(b"Fire\x00 near Khramort.\n")
    assert _refusal(early) == f"{early}: not a text file (it contains NUL bytes)"
    lines = tmp_path / "batch.jsonl"
    lines.write_bytes(b'{"text": "fine"}\n{"text": "a\x00b"}\n')
    assert _refusal(lines) == f"{lines}, line 2: not text (it contains a NUL byte at 11)"


def test_stored_text_is_what_the_file_holds(tmp_path: Path) -> None:
    """No replacement characters: what is read is exactly the file's text."""
    path = tmp_path / "statement.txt"
    path.write_text("Обстрел у н.п. Храморт. Fire near Khramort – “no casualties”.", encoding="utf-8")
    (doc,) = read_documents(path)
    assert "\ufffd" not in doc.text and doc.text == path.read_text(encoding="utf-8")


# -- linear time -------------------------------------------------------------------------------------


@functools.cache
def _corpus_texts() -> list[str]:
    texts = []
    for name in ("en.jsonl", "ru.jsonl"):
        path = REAL / name
        if path.exists():
            texts += [
                json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line
            ]
    return texts


# hostile pieces written for the tests, mixed into real text: long runs, many mentions, no sentence end
_HOSTILE = [
    "On 5 March" + "\n" * 3000 + "x. ",
    "Azerbaijani army shelled Khramort 2 km north of Shusha, 3 servicemen were wounded. No casualties. " * 20,
    "Mr. " * 300,
    "shelling " * 400,
    "9" * 500 + " km north of Khramort. ",
    "В 1,8 км восточнее н.п. Храморт обстрел, ранены два военнослужащих. Жертв нет. " * 20,
]


def _document(size: int) -> str:
    texts = _corpus_texts() or ["Fire was opened near Khramort on 5 March. No casualties."]
    rng = random.Random(size)
    unit = "\n\n".join(texts[:60] + _HOSTILE)
    parts, total = [], 0
    while total < size:
        piece = unit[rng.randrange(len(unit) // 2) :]
        parts.append(piece)
        total += len(piece) + 2
    return "\n\n".join(parts)[:size]


def test_extraction_is_linear_in_the_length_of_a_document(extractor: Extractor) -> None:
    """The time per KB of a 1 MB and a 10 MB document, printed; their ratio held under 2.5 (a quadratic
    reader's would be 10). No time is asserted: only how the cost grows."""
    per_kb = {}
    for megabytes in (1, 10):
        text = _document(megabytes << 20)
        started = time.process_time()
        with cpu_budget(600):
            claims = extractor.extract(text, date(2022, 3, 12), "auto", "AZ MoD", denials=True)
        seconds = time.process_time() - started
        per_kb[megabytes] = seconds / (len(text) / 1024)
        cost = per_kb[megabytes] * 1000
        print(f"\n{megabytes} MB: {seconds:.1f} s, {cost:.2f} ms per KB, {len(claims)} claims")
    assert per_kb[10] <= 2.5 * per_kb[1], per_kb


# -- the fuzz suite ----------------------------------------------------------------------------------

_WORDS = (
    "On|13|July|2022|fire|opened|near|Shusha|Khramort|Farukh|Фарух|Храморт|ранен|погибли|2 km|"
    "north-west of|в 1,8 км восточнее н.п.|violations|нарушений|Azerbaijani|Armenian|side|servicemen|"
    "military|the adversary|противник|were wounded|was killed|mortally wounded|no casualties|жертв нет|"
    ".|,|;|—|(|)|«|»|between|and|и|from|to|25.03.2022|20:27|at 2130 and 2150|3:25 pm|в 22.40|"
    "yesterday|вчера|over the past day|за прошедшие сутки|Monday|в понедельник|the statement of 10 November "
    "2020|denied|is false|опровергло|mortar|sniper|quadcopter|БПЛА|height|высоты|Сарыбаба|Saribaba|"
    "Mr.|Ararat|Yerevan|Baku said|Defence Army|illegal Armenian armed formations|ВС Азербайджана|"
    "18 Bayraktar|0|00|99999|-1|1e309|nan|inf|\n|\n\n|   |\t"
).split("|")
_BLANKS = [" ", "\n", "\t", "\r\n", "\u00a0", "\u2028", "\u3000", "\u200b", "\x0b", "\x0c"]


def _corpus_passages() -> list[str]:
    return _corpus_texts() or ["Fire was opened near Khramort on 5 March. No casualties."]


@st.composite
def _mutated(draw: st.DrawFn) -> str:
    """A real passage, cut, spliced, repeated and sprinkled with hostile pieces."""
    passages = _corpus_passages()
    text = passages[draw(st.integers(0, len(passages) - 1))]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "digits", "blanks", "case", "word"]))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(0, 200)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.text(max_size=40)) + text[at:]
        elif kind == "repeat":
            text = text[:at] + text[at : at + 60] * draw(st.integers(2, 30)) + text[at:]
        elif kind == "digits":
            text = text[:at] + "9" * draw(st.sampled_from([1, 4, 10, 309, 400, 4301])) + text[at:]
        elif kind == "blanks":
            text = text[:at] + draw(st.sampled_from(_BLANKS)) * draw(st.integers(1, 5000)) + text[at:]
        elif kind == "case":
            text = text.upper() if draw(st.booleans()) else text.lower()
        else:
            text = text[:at] + " " + draw(st.sampled_from(_WORDS)) + " " + text[at:]
    return text


@st.composite
def _limits(draw: st.DrawFn) -> str:
    """Numbers and dates at their limits in the shapes the rules read."""
    number = draw(
        st.one_of(
            st.sampled_from(["0", "00", "-1", "1e309", "9" * 309, "9" * 4301, "0." + "0" * 400 + "1"]),
            st.integers(0, 10**12).map(str),
            st.integers(1, 5000).map(lambda n: "9" * n),
        )
    )
    day = draw(st.sampled_from(["0", "00", "31", "32", "29", "99", "1", "5-4", "31-1"]))
    month = draw(st.sampled_from(["February", "March", "13", "00", "марта", "Feb.", "0"]))
    year = draw(st.sampled_from(["", " 0001", " 1900", " 2020", " 2099", " 9999", " 20", " 1899"]))
    shape = draw(
        st.sampled_from(
            [
                "On {d} {m}{y} {n} violations were recorded {n} km north of Khramort.",
                "{d}.{m}.{y} в {n} км северо-западнее н.п. Храморт ранены {n} военнослужащих.",
                "Between {m} {d} and {m} {n}{y}, {n} servicemen were killed at {n}:{n}.",
                "From {n}:{d} to {d}.{n} hours, at {n} and {n}, {n} m east of Shusha, fire was opened.",
                "{y}-{m}-{d}: {n} people, {n} drones, {n} times.",
            ]
        )
    )
    return shape.format(d=day, m=month, y=year, n=number)


def _soup(words: list[str]) -> str:
    return " ".join(words)


_TEXTS = st.one_of(
    st.text(max_size=600),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from(_WORDS), max_size=80).map(_soup),
    _mutated(),
    _limits(),
    st.tuples(
        st.sampled_from(["On 5 March", "13.07.2021", "Вчера", "Shusha", "no"]),
        st.sampled_from(_BLANKS),
        st.integers(1, 20000),
        st.text(max_size=10),
    ).map(lambda t: t[0] + t[1] * t[2] + t[3]),
)
_PUBLISHED = st.one_of(
    st.none(),
    st.sampled_from([date.min, date.max, date(1, 1, 2), date(2020, 11, 10), date(2022, 3, 12)]),
    st.dates(),
)
_BYTES = st.one_of(
    st.binary(max_size=400),
    _TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _TEXTS.map(lambda t: t.encode("latin-1", "replace")),
    st.builds(
        lambda text, published, source: json.dumps(
            {"text": text, "published": published, "source": source}
        ).encode(),
        _TEXTS,
        st.one_of(
            st.none(), st.integers(), st.text(max_size=12), st.just("2022-03-12"), st.just("0001-01-01")
        ),
        st.one_of(st.none(), st.integers(), st.text(max_size=12), st.lists(st.text(max_size=3), max_size=2)),
    ),
    st.lists(
        st.sampled_from(
            [b"{", b"}", b'"text"', b":", b'"\\ud800"', b'"\\u0000"', b"\x00", b"\n", b"[", b"]", b","]
        ),
        max_size=40,
    ).map(b"".join),
)


@dataclass
class Tally:
    cases: int = 0
    crashes: int = 0
    hangs: int = 0
    flagged: int = 0
    claims: int = 0
    refused: int = 0
    flags: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def fail(self, kind: str, case: object, detail: str) -> None:
        if kind == "hang":
            self.hangs += 1
        else:
            self.crashes += 1
        if len(self.failures) < 50:
            self.failures.append(
                json.dumps({"kind": kind, "case": repr(case)[:200_000], "detail": detail[-3000:]})
            )


class Target:
    """The calls under test and the invariants of what they return."""

    def __init__(self, extractor: Extractor, gazetteer, profile, tally: Tally) -> None:  # type: ignore[no-untyped-def]
        self.extractor, self.gazetteer, self.profile, self.tally = extractor, gazetteer, profile, tally

    def run(self, case: object, call: Callable[[], None]) -> None:
        self.tally.cases += 1
        try:
            with cpu_budget(BUDGET):
                call()
        except Hang as exc:
            self.tally.fail("hang", case, str(exc))
        except Exception:
            self.tally.fail("crash", case, traceback.format_exc())

    def extract(self, text: str, published: date | None, lang: str) -> None:
        claims = self.extractor.extract(text, published, lang, "AZ MoD", denials=True)
        self.tally.claims += len(claims)
        for number, claim in enumerate(claims, 1):
            data = json.loads(json.dumps(claim.to_json()))
            assert set(claim.flags) <= FLAGS, claim.flags
            assert 0 <= claim.span[0] <= claim.span[1] <= len(text)
            if claim.flags:
                self.tally.flagged += 1
                self.tally.flags.update(claim.flags)
            if published is not None:
                assert (
                    claim.event_date is None
                    or claim.event_date <= published
                    or ("date_after_publication" in claim.flags)
                )
            assert (claim.violations or 0) <= MAX_VIOLATIONS or "count_implausible" in claim.flags
            assert all(0 < c.count <= MAX_CASUALTIES for c in claim.casualties)
            if claim.point is not None:
                assert all(math.isfinite(x) for x in claim.point)
                lat_min, lat_max, lon_min, lon_max = self.profile.bounds
                inside = lat_min <= claim.point[0] <= lat_max and lon_min <= claim.point[1] <= lon_max
                assert inside or "point_outside_region" in claim.flags
            assert data["flags"] == claim.flags
            if claim.event_date is not None or published is not None:
                doc = Document(id="x" * 64, text=text, published=published, source="AZ MoD")
                as_claim(claim, f"C-x-{number}", doc, self.gazetteer, "Asia/Baku")

    def read(self, data: bytes, kind: str) -> None:
        try:
            if kind == "text":
                docs = [read_text(data, "fuzz.txt")]
            elif kind == "html":
                docs = [html_text(read_text(data, "fuzz.html"))[1]]
            else:
                docs = [d.text for d in json_lines(io.BytesIO(data), "fuzz.jsonl")]
        except InputError as exc:
            assert str(exc).startswith("fuzz.")
            self.tally.refused += 1
            return
        for text in docs:
            text.encode("utf-8")  # no lone surrogate
            assert "\0" not in text


def _target(pack) -> Target:  # type: ignore[no-untyped-def]
    gazetteer = pack.gazetteer()
    return Target(Extractor(gazetteer, pack.profile, window=WINDOW), gazetteer, pack.profile, Tally())


def _fuzz_test(target: Target, examples: int, raise_failures: bool) -> Callable[[], None]:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate] if not raise_failures else [Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(
        case=st.one_of(
            st.tuples(st.just("extract"), _TEXTS, _PUBLISHED, st.sampled_from(["auto", "en", "ru"])),
            st.tuples(st.just("read"), _BYTES, st.sampled_from(["text", "html", "jsonl"])),
        )
    )
    def fuzz(case: tuple) -> None:  # type: ignore[type-arg]
        before = (target.tally.crashes, target.tally.hangs)
        if case[0] == "extract":
            target.run(case, lambda: target.extract(case[1], case[2], case[3]))
        else:
            target.run(case, lambda: target.read(case[1], case[2]))
        if raise_failures and (target.tally.crashes, target.tally.hangs) != before:
            raise AssertionError(target.tally.failures[-1])

    return fuzz


def test_fuzz_extraction_and_readers(pack) -> None:  # type: ignore[no-untyped-def]
    """A few hundred fuzzed cases in every run of the suite (``make fuzz`` runs a million)."""
    target = _target(pack)
    _fuzz_test(target, examples=int(os.environ.get("TRUCE_FUZZ_EXAMPLES", "300")), raise_failures=True)()
    tally = target.tally
    print(
        f"\nfuzz: {tally.cases} cases, {tally.crashes} crashes, {tally.hangs} hangs, {tally.flagged} flagged"
    )
    assert tally.crashes == tally.hangs == 0, tally.failures


def test_fuzz_ingest_into_the_store(store) -> None:  # type: ignore[no-untyped-def]
    """Fuzzed texts ingested into a store, each its own write: a refusal is a clear error of Truce's own,
    never a crash; whatever is stored keeps the log whole and every counting claim in an incident."""
    from truce.documents import document
    from truce.errors import TruceError
    from truce.record.audit import verify
    from truce.record.ingest import ingest

    refused = stored = 0

    @settings(
        max_examples=int(os.environ.get("TRUCE_FUZZ_INGEST_EXAMPLES", "40")),
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate],
    )
    @given(text=_TEXTS, published=_PUBLISHED, source=st.one_of(st.none(), st.text(max_size=60)))
    def fuzz(text: str, published: date | None, source: str | None) -> None:
        nonlocal refused, stored
        try:
            report = ingest(store, [document(text, published=published, source=source)])
        except TruceError:
            refused += 1
            return
        stored += report.added

    fuzz()
    checked = verify(store)
    print(f"\ningest fuzz: {stored} documents stored, {refused} refused; log of {checked.entries} entries")
    assert checked.holds, checked.problems[:3]
    with store.transaction("check") as tx:  # read inside a transaction that writes nothing
        unlinked = [c.id for c in tx.claims() if c.stance == "asserts" and not c.incident_id]
    assert not unlinked, f"claims in no incident: {unlinked[:5]}"


# -- make fuzz ---------------------------------------------------------------------------------------


def _worker(seed: int, seconds: float, cases: int, queue) -> None:  # type: ignore[no-untyped-def]
    from hypothesis import seed as hypothesis_seed

    from truce.packs import load_pack

    target = _target(load_pack())
    started = time.monotonic()
    round_ = 0
    while time.monotonic() - started < seconds and target.tally.cases < cases:
        test = hypothesis_seed(seed * 1_000_003 + round_)(_fuzz_test(target, 2000, raise_failures=False))
        test()
        round_ += 1
        queue.put(
            (
                seed,
                target.tally.cases,
                target.tally.crashes,
                target.tally.hangs,
                target.tally.flagged,
                target.tally.claims,
                target.tally.refused,
                dict(target.tally.flags),
                target.tally.failures[-5:],
            )
        )
    queue.put(None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz extraction and the document readers for a while.")
    parser.add_argument("--minutes", type=float, default=20.0)
    parser.add_argument("--cases", type=int, default=1_000_000, help="stop after this many cases in all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--failures", default="fuzz-failures.jsonl", help="where failing cases are written")
    args = parser.parse_args(argv)
    queue: multiprocessing.Queue = multiprocessing.Queue()
    per_worker = -(-args.cases // args.workers)
    workers = [
        multiprocessing.Process(
            target=_worker, args=(seed, args.minutes * 60, per_worker, queue), daemon=True
        )
        for seed in range(1, args.workers + 1)
    ]
    for worker in workers:
        worker.start()
    started, latest, running, last_print = time.monotonic(), {}, len(workers), 0.0
    failures: list[str] = []
    while running:
        item = queue.get()
        if item is None:
            running -= 1
            continue
        latest[item[0]] = item
        fresh = [f for f in item[8] if f not in failures]
        if fresh:  # written as they come: a long run stopped early keeps what it found
            failures += fresh
            Path(args.failures).write_text("\n".join(failures) + "\n", encoding="utf-8")
        if time.monotonic() - last_print > 30 or running == 0:
            last_print = time.monotonic()
            _report(latest, time.monotonic() - started, final=False)
    for worker in workers:
        worker.join()
    crashes, hangs = _report(latest, time.monotonic() - started, final=True)
    if failures:
        print(f"failing cases written to {args.failures}")
    return 1 if crashes or hangs else 0


def _report(latest: dict, elapsed: float, final: bool) -> tuple[int, int]:  # type: ignore[type-arg]
    cases, crashes, hangs, flagged, claims, refused = (
        sum(v[i] for v in latest.values()) for i in range(1, 7)
    )
    flags: Counter = Counter()
    for v in latest.values():
        flags.update(v[7])
    head = "fuzz, done" if final else "fuzz"
    print(
        f"{head}: {cases} cases in {elapsed:.0f} s ({cases / max(elapsed, 1e-9):.0f} cases/s), "
        f"{crashes} crashes, {hangs} hangs, {flagged} flagged outputs of {claims} claims, "
        f"{refused} inputs refused; flags: {dict(flags)}",
        flush=True,
    )
    return crashes, hangs


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main())
