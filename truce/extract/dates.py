"""Dates and times in a sentence, resolved against the document's publication date.

"On July 13", "24-25 March 2022", "between March 24 and March 25", "yesterday", "over the past day",
"on Thursday", "from 20:27 to 20:53", "с 24 на 25 марта", "13.07.2021": each becomes a day or a range of
days (and a time window), with the id of the rule that read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from functools import cached_property

from truce.extract.rules import FLAGS, Rules

__all__ = ["DateMention", "DateReader", "TimeMention"]

_DIGIT = re.compile(r"\d")
_ORDINAL = r"(?:st|nd|rd|th|-?го|-?е)?"
_RANGE = r"\s*+(?:-|–|—|to|and|or|through|по|на|и|до)\s*+"
# A date right after these words is the date of a document or an agreement, not of an incident.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:statement|agreement|declaration|document|bulletin|as of|dated|signed|заявлени\w*|соглашени\w*|"
    r"документ\w*|бюллетен\w*|состоянию на|от|"
    # "officials said on Monday": the day of the report, not of the incident
    r"said|says|reported|announced|told reporters|stated|claimed|added|confirmed|took issue|complained|"
    r"заявил\w*|сообщил\w*|сообщает|объявил\w*|подтвердил\w*)\s*(?:of|on|from|в|во)?\s*$",
    re.I,
)
# "Moscow on Saturday blamed...": a day followed by a verb of speech is also the day of a report
_REPORT_AFTER = re.compile(
    r"\s{0,3}+,?\s{0,3}+(?:blamed|accused|said|reported|announced|confirmed|claimed|stated|denied|took issue|"
    r"обвинил\w*|заявил\w*|сообщил\w*|опроверг\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    first: date
    last: date
    rule: str


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    first: time
    last: time | None


class DateReader:
    """Reads dates and times with one language's rules."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules

    @cached_property
    def _patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        month = rf"(?P<month>{self.rules.months.pattern})"
        year = r"(?:,?\s*+(?P<year>(?:19|20)\d\d)(?:\s*(?:г\.|года|году|г(?!\w)))?)?"
        day, day2 = rf"(?P<day>\d{{1,2}}){_ORDINAL}", rf"(?:{_RANGE}(?P<day2>\d{{1,2}}){_ORDINAL})?"
        return [
            ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)")),
            (
                "numeric",
                re.compile(
                    r"(?<![\d.])(?P<day>\d{1,2})(?:\s*[-–]\s*(?P<day2>\d{1,2}))?\.(?P<mnum>\d{1,2})\."
                    r"(?P<year>(?:19|20)?\d\d)(?![\d.]\d)"
                ),
            ),
            ("day_month", re.compile(rf"(?<!\w){day}{day2}\s++(?:of\s++)?{month}(?!\w){year}", FLAGS)),
            ("month_day", re.compile(rf"(?<!\w){month}\s++{day}{day2}(?!\w){year}", FLAGS)),
        ]

    @cached_property
    def _weekday(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{self.rules.weekdays.pattern})(?!\w)", FLAGS)

    def dates(self, text: str, start: int, end: int, published: date | None) -> list[DateMention]:
        """Date mentions in ``text[start:end]``, in order; ranges joined ("between March 24 and 25")."""
        found: list[DateMention] = []
        taken: list[tuple[int, int]] = []
        # every calendar form has a number in it: most sentences have none, and skip four scans
        patterns = self._patterns if _DIGIT.search(text, start, end) else []
        for rule, pattern in patterns:
            for m in pattern.finditer(text, start, end):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                mention = self._calendar(m, rule, published)
                if mention and not self._reported(text, m.start(), m.end()):
                    found.append(mention)
                taken.append((m.start(), m.end()))
        if published is not None:
            for rule in self.rules.relative_days:
                for m in rule.regex.finditer(text, start, end):
                    if not any(a < m.end() and m.start() < b for a, b in taken):
                        day = _shift(published, int(rule.value))  # type: ignore[call-overload]
                        if day is None:
                            continue  # "yesterday" of 1 January of the year 1: no such day
                        found.append(DateMention(m.start(), m.end(), day, day, rule.id))
                        taken.append((m.start(), m.end()))
            for m in self._weekday.finditer(text, start, end):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    weekday = self.rules.weekday(m.group(0))
                    day = (
                        None if weekday is None else _shift(published, -((published.weekday() - weekday) % 7))
                    )
                    if day is not None and not self._reported(text, m.start(), m.end()):
                        found.append(
                            DateMention(m.start(), m.end(), day, day, f"{self.rules.lang}.date.weekday")
                        )
        found.sort(key=lambda d: d.start)
        return _join_ranges(text, found)

    @staticmethod
    def _reported(text: str, start: int, end: int) -> bool:
        """Whether the date at text[start:end] dates a document or a report rather than an incident."""
        before = text[max(0, start - 30) : start]
        return bool(_NOT_EVENT_BEFORE.search(before) or _REPORT_AFTER.match(text, end, end + 40))

    def _calendar(self, m: re.Match[str], rule: str, published: date | None) -> DateMention | None:
        groups = m.groupdict()
        month = int(groups["mnum"]) if groups.get("mnum") else self.rules.month(groups["month"])
        if month is None or not 1 <= month <= 12:
            return None
        year_text = groups.get("year")
        if year_text and len(year_text) == 2:
            year_text = "20" + year_text
        try:
            first_day, last_day = int(groups["day"]), int(groups.get("day2") or groups["day"])
            if year_text:
                first, last = date(int(year_text), month, first_day), date(int(year_text), month, last_day)
            elif published is None:
                return None
            else:  # no year: the latest such day not after publication
                first, last = date(published.year, month, first_day), date(published.year, month, last_day)
                if first > published:
                    first, last = first.replace(year=first.year - 1), last.replace(year=last.year - 1)
        except ValueError:
            return None
        if last < first:
            return None
        return DateMention(m.start(), m.end(), first, last, f"{self.rules.lang}.date.{rule}")

    def times(self, text: str, start: int, end: int) -> list[TimeMention]:
        """Clock times ("20:27", "from 20:27 to 20:53", "около 17:50"), ranges joined."""
        clock = r"(?<![\d:])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:])"
        pattern = re.compile(rf"{clock}(?:\s*(?:-|–|—|to|and|until|till|до|по)\s*{clock})?", FLAGS)
        found = []
        for m in pattern.finditer(text, start, end):
            dotted = "." in m.group(0)[:3]
            hours_after = re.match(r"\s*(?:h|hours|ч|час)", text[m.end() : m.end() + 6])
            clock_before = re.search(
                r"(?:at|около|в|с|from|about)\s*$", text[max(0, m.start() - 8) : m.start()]
            )
            if dotted and not hours_after and not clock_before:
                continue  # "13.07" is a date, not a time
            first = time(int(m.group(1)), int(m.group(2)))
            last = time(int(m.group(3)), int(m.group(4))) if m.group(3) else None
            found.append(TimeMention(m.start(), m.end(), first, last))
        return found


def _shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the ends of the calendar (date.min, date.max)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _join_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "between March 24 and March 25", "from 24 March to 25 March": one range, not two dates."""
    joined: list[DateMention] = []
    for mention in found:
        if joined:
            previous = joined[-1]
            between = text[previous.end : mention.start]
            if (
                len(between) <= 12
                and re.fullmatch(r"\s*(?:-|–|—|to|and|until|till|through|по|до|и|на)\s*", between, re.I)
                and (previous.first <= mention.first <= previous.first + timedelta(days=31))
            ):
                joined[-1] = DateMention(
                    previous.start, mention.end, previous.first, mention.last, previous.rule
                )
                continue
        joined.append(mention)
    return joined
