from __future__ import annotations

from datetime import date

from truce.mandate import add_months, term_on
from truce.model import Mission

MISSION = Mission("t", "test mission", "Asia/Baku", date(2020, 11, 10), 5, 6, "RU", "az+hy")


def test_first_term_and_notice_deadline() -> None:
    term = term_on(MISSION, date(2022, 3, 11))
    assert (term.number, term.start, term.end) == (1, date(2020, 11, 10), date(2025, 11, 10))
    assert term.notice_by == date(2025, 5, 10)
    assert term.notice_open(date(2025, 5, 10)) and not term.notice_open(date(2025, 5, 11))


def test_automatic_renewal() -> None:
    term = term_on(MISSION, date(2026, 11, 22))
    assert (term.number, term.start, term.end, term.notice_by) == (
        2,
        date(2025, 11, 10),
        date(2030, 11, 10),
        date(2030, 5, 10),
    )


def test_ended_mission_stays_in_its_last_term() -> None:
    ended = Mission(**{**MISSION.__dict__, "ended": date(2024, 6, 12)})
    assert term_on(ended, date(2030, 1, 1)).number == 1


def test_add_months_clamps() -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2020, 1, 15), -1) == date(2019, 12, 15)
