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

from truce.extract.caseless import Caseless
from truce.extract.rules import FLAGS, Rules, checked_pattern, finditer_at, read_rules

__all__ = ["DateMention", "DateReader", "TimeMention"]

_DIGIT = re.compile(r"\d")
_ORDINAL = r"(?:st|nd|rd|th|-?го|-?е)?"
_RANGE = r"\s*+(?:-|–|—|to|and|or|through|по|на|и|до)\s*+"
# A date right after these words is the date of a document or an agreement, not of an incident.
_NOT_EVENT_BEFORE = re.compile(
    r"(?:statement|agreement|declaration|document|bulletin|dated|signed|"
    # "as of 9:30am on June 23": the time of a situation report
    r"as of(?:\s+\d{1,2}[:.]\d\d\s*(?:[ap]\.?\s?m\.?)?(?:\s+local time)?,?\s+on)?|заявлени\w*|соглашени\w*|"
    r"документ\w*|бюллетен\w*|состоянию на|от|"
    # "officials said on Monday": the day of the report, not of the incident
    r"said|says|reported|announced|told reporters|stated|claimed|added|confirmed|took issue|complained|"
    r"заявил\w*|сообщил\w*|сообщает|объявил\w*|подтвердил\w*)\s*(?:of|on|from|в|во)?\s*$",
    re.I,
)
# a date after these words, with the name of a document a little before, dates the document ("the
# trilateral declaration signed on November 10, 2020", "reached on the night of November 10")
_SIGNED_BEFORE = re.compile(
    r"(?:signed|reached|adopted|concluded|agreed|issued|подписан\w*|достигнут\w*|принят\w*)"
    r"(?:\s+(?:by|on|in|the|night|of|в|ночь|на))*\s*$|\(\s*(?:на|as of)\s*$",
    re.I,
)
# "the tripartite statement concluded between the leaders of Azerbaijan, Armenia and Russia on November 10,
# 2020": the signatories stand between the verb and the date
_SIGNED_BY_BEFORE = re.compile(
    r"\b(?:signed|concluded|reached|adopted|agreed|подписан\w*|заключ[её]нн?\w*|достигнут\w*|принят\w*)\s+"
    r"(?:by|between|among|лидерами|между|главами)\b[^.;!?\n]{0,90}?\s(?:on|in|в)\s*$",
    re.I,
)
# "the trilateral statement of the leaders of the three countries from November 9, 2020": the name of a
# document, its authors between its word and its date (no verb of speech or "that" between: "the statement
# said that from 24 March ..." tells what it says)
_DOCUMENT_OF_BEFORE = re.compile(
    r"\b(?:statement|agreement|declaration|accords?|memorandum|заявлени\w*|соглашени\w*|декларац\w*|"
    r"меморандум\w*)\b(?:(?!\b(?:that|said|says|say|stated|states|reported|reports|notes|noted|which|"
    r"what|who|when|где|что|когда|котор\w+|сообщ\w+|заяв\w+|говорится)\b)[^.;!?\n\"“”«»]){0,100}?"
    r"\s(?:of|from|dated|от)\s*$",
    re.I,
)
_DOCUMENT_WORD = re.compile(
    r"statement|agreement|declaration|document|accords?|deal|bulletin|заявлени|соглашени|документ|договор|"
    r"бюллетен",
    re.I,
)
_DOCUMENT_AFTER = re.compile(
    r"(?:,?\s*(?:г\.|года))?\s*(?:trilateral |tripartite |ceasefire |peace )?"
    r"(?:agreement|statement|declaration|accords?|deal)\b",
    re.I,
)
# "MOSCOW, February 21 – RIA Novosti.", "BAKU, September 13. /TASS/.": a news agency's dateline
_DATELINE = re.compile(r"(?:^|\n)[^\S\n]{0,3}[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{2,30},[^\S\n]{0,3}$")
# "On March 9, the Ministry of Defence of Azerbaijan issued a statement": the day of the statement
_SPEAKER_AFTER = re.compile(
    r"\s{0,3},?\s{0,3}(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:ministry|mod|government|ombudsman|spokes\w+|"
    r"office|service|министерств\w*|минобороны|ведомств\w*|омбудсмен\w*)\b[^.;\n]{0,40}?\b(?:said|says|"
    r"reported|stated|announced|issued|claimed|informed|told|released|mentioned|заявил\w*|сообщил\w*|распространил\w*)",
    re.I,
)
# "the ministry announced yesterday", "said in a statement today": the day of the report, not of the act
_SAID_BEFORE = re.compile(
    r"\b(?:said|says|announced|reported|stated|mentioned|confirmed|claimed|noted|informed|told reporters|"
    r"заявил\w*|сообщил\w*|объявил\w*)(?:\s+(?:in|on)\s+(?:a|an|its|the)\s+(?:statement|post|briefing|report))?"
    r"\s*$",
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
    def _patterns(self) -> list[tuple[str, re.Pattern[str], bool]]:
        """The calendar forms: name, pattern, and whether it starts with a digit (tried at digits only)."""
        month = rf"(?P<month>{self.rules.months.pattern})"
        year = r"(?:,?\s*+(?P<year>(?:19|20)\d\d)(?:\s*(?:г\.|года|году|г(?!\w)))?)?"
        day = rf"(?P<day>\d{{1,2}}){_ORDINAL}"
        # "July 8 to 06:05 on July 9": a number with minutes after it is a clock time, not a second day
        day2 = rf"(?:{_RANGE}(?P<day2>\d{{1,2}}){_ORDINAL}(?![:.]\d))?"
        return [
            ("iso", re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)(?!\d)"), True),
            (
                "numeric",
                re.compile(
                    r"(?<![\d.])(?P<day>\d{1,2})(?:\s*[-–]\s*(?P<day2>\d{1,2}))?\.(?P<mnum>\d{1,2})\."
                    r"(?P<year>(?:19|20)?\d\d)(?![\d.]\d)"
                ),
                True,
            ),
            ("day_month", re.compile(rf"(?<!\w){day}{day2}\s++(?:of\s++)?{month}(?!\w){year}", FLAGS), True),
            ("month_day", re.compile(rf"(?<!\w){month}\s++{day}{day2}(?!\w){year}", FLAGS), False),
        ]

    @cached_property
    def _month_day(self) -> Caseless:
        """The form that opens with a month ("March 8"), tried only where a month's name begins (not at
        every position: Caseless.finditer_written)."""
        return Caseless(next(p for rule, p, _ in self._patterns if rule == "month_day"))

    @cached_property
    def _weekday(self) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w)(?:{self.rules.weekdays.pattern})(?!\w)", FLAGS)

    @cached_property
    def _any_day_word(self) -> Caseless:
        """Whether a stretch names a relative day or a weekday: one quick scan, where most stretches have
        neither, before the scans rule by rule."""
        return Caseless.any_of([rule.regex for rule in self.rules.relative_days] + [self._weekday], FLAGS)

    def dates(
        self, text: str, start: int, end: int, published: date | None, year: int | None = None
    ) -> list[DateMention]:
        """Date mentions in ``text[start:end]``, in order; ranges joined ("between March 24 and 25").
        ``year``: the year the context gives (a section heading of a long article, truce.extract.discourse)
        to a date that names none; without it, such a date is the latest such day not after publication."""
        found: list[DateMention] = []
        taken: list[tuple[int, int]] = []
        # every calendar form has a number in it: most sentences have none, and skip four scans; a form that
        # starts with the number is tried at the digits only (its look-behind, at every position, was most
        # of the time of its scan)
        digits = [m.start() for m in _DIGIT.finditer(text, start, end)]
        for rule, pattern, at_digit in self._patterns if digits else ():
            if at_digit:
                matches = finditer_at(pattern, text, digits, end)
            elif rule == "month_day":
                matches = self._month_day.finditer_written(text, start, end)
            else:
                matches = pattern.finditer(text, start, end)
            for m in matches:
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                mention = self._calendar(m, rule, published, year)
                if mention and not self._reported(text, m.start(), m.end()):
                    found.append(mention)
                taken.append((m.start(), m.end()))
        if published is not None and self._any_day_word.search(text, start, end):
            for rule in self.rules.relative_days:
                for m in rule.regex.finditer(text, start, end):
                    if not any(a < m.end() and m.start() < b for a, b in taken):
                        day = _shift(published, int(rule.value))  # type: ignore[call-overload]
                        if day is None:
                            continue  # "yesterday" of 1 January of the year 1: no such day
                        if _SAID_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                            taken.append((m.start(), m.end()))
                            continue  # "the ministry announced yesterday": the day of the report
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
        return _join_ranges(text, _named_days(text, found))

    @staticmethod
    def _reported(text: str, start: int, end: int) -> bool:
        """Whether the date at text[start:end] dates a document or a report rather than an incident:
        "the statement of 10 November 2020", "the agreement signed by the leaders on November 9, 2020",
        "the November 9, 2020 agreement", "(на 03 августа 2022 г.)" in a bulletin's title."""
        before = text[max(0, start - 30) : start]
        return bool(
            _NOT_EVENT_BEFORE.search(before)
            or _REPORT_AFTER.match(text, end, end + 40)
            or _DOCUMENT_AFTER.match(text, end, end + 40)
            or _DATELINE.search(text, max(0, start - 40), start)
            or _stamp(text, start, end)
            or _SPEAKER_AFTER.match(text, end, end + 120)
            or (
                _SIGNED_BEFORE.search(text, max(0, start - 24), start)
                and _DOCUMENT_WORD.search(text, max(0, start - 100), start)
            )
            or _DOCUMENT_OF_BEFORE.search(text, max(0, start - 120), start)
            or (
                _SIGNED_BY_BEFORE.search(text, max(0, start - 120), start)
                and _DOCUMENT_WORD.search(text, max(0, start - 200), start)
            )
        )

    def _calendar(
        self, m: re.Match[str], rule: str, published: date | None, context: int | None = None
    ) -> DateMention | None:
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
            elif context is not None:  # the year of the section it stands in
                first, last = date(context, month, first_day), date(context, month, last_day)
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
        """Clock times, ranges joined: "20:27", "from 20:27 to 20:53", "около 17:50", "3:25 pm",
        "10-10:30 a.m.", "at 2130 and 2150", "around 0300 hours", "в районе 22.40 по местному времени".
        The time of a report ("as of 10:00", "по состоянию на 08:30") and a time given again in another
        zone ("(09:00 Moscow time)") are not times of the incident."""
        found: list[tuple[int, int, int, int, str | None, bool]] = []  # start, end, hour, minute, am/pm, bare
        # a clock starts at a digit or at a word for noon: tried there only, not at every position
        at = [m.start() for m in _CLOCK_START.finditer(text, start, end)]
        for m in finditer_at(_CLOCK, text, at, end):
            ap = (m.group("ap") or "").lower() or None
            if m.group("h") is not None:
                hour, minute = int(m.group("h")), int(m.group("m"))
                dotted = m.group("sep") == "."
                if (
                    dotted
                    and not ap
                    and not (_TIME_AFTER.match(text, m.end(), m.end() + 24) or _cued(text, m))
                ):
                    continue  # "13.07" is a date, not a time
            elif m.group("mil") is not None:
                hour, minute = int(m.group("mil")[:2]), int(m.group("mil")[2:])
                hours_after = _TIME_AFTER.match(text, m.end(), m.end() + 24)
                if not hours_after and not (_cued(text, m) and not 1900 <= int(m.group("mil")) <= 2035):
                    continue  # "in 2021" is a year; "at 2130" a time
            elif m.group("noon") is not None:
                hour, minute = 12, 0
            elif m.group("word") is not None:
                # "в 12 часов", "около 3 часов дня": a clock only with a time of day or a zone after it,
                # or "в" right before it ("около 2 часов" alone is as often a duration)
                hour, minute = int(m.group("hh")), 0
                after = _HOURS_OF_DAY.match(text, m.end(), m.end() + 40)
                if not (after or _AT_HOUR.search(text, max(0, m.start() - 4), m.start())):
                    continue
                if after and after.group("pm") and hour < 12:
                    hour += 12
            else:
                hour, minute = int(m.group("hh")), 0
                if not 1 <= hour <= 12:
                    continue  # a bare hour before a.m./p.m. is one of a 12-hour clock
            if ap and not 1 <= hour <= 12:
                continue
            if _stamp(text, m.start(), m.end()):
                continue  # "February 13 2024, 12:36": when the page was published
            if _REPORT_TIME.search(text, max(start, m.start() - 24), m.start()):
                continue  # "as of 10:00": when the report was written
            if _OTHER_ZONE.match(text, m.end(), m.end() + 30) and found:
                continue  # "10 a.m. local time (09:00 Moscow time)"
            bare = m.group("hh") is not None and m.group("word") is None
            found.append((m.start(), m.end(), hour, minute, ap, bare))
        mentions: list[TimeMention] = []
        index = 0
        while index < len(found):
            a_start, a_end, a_hour, a_minute, a_ap, bare = found[index]
            nxt = found[index + 1] if index + 1 < len(found) else None
            joined = nxt is not None and _TIME_RANGE.fullmatch(text, a_end, nxt[0]) is not None
            b_ap = nxt[4] if joined and nxt else None
            if bare and not a_ap and not b_ap:
                index += 1
                continue  # a bare number is a time only with a.m./p.m. ("10 am", "10-10:30 a.m.")
            first = _clock(a_hour, a_minute, a_ap or b_ap)
            if joined and nxt is not None:
                last = _clock(nxt[2], nxt[3], nxt[4])
                if first is not None and last is not None:
                    mentions.append(TimeMention(a_start, nxt[1], first, last))
                index += 2
                continue
            if first is not None:
                mentions.append(TimeMention(a_start, a_end, first, None))
            index += 1
        return mentions


def _clock_words() -> dict[str, str]:
    """The word forms of times of day (``rules/clock.toml``), checked: each key a pattern that compiles."""
    data = read_rules("clock.toml").get("clock", {})
    keys = ("noon", "hours", "hours_after", "at_hour")
    return {key: checked_pattern(data.get(key), "clock.toml", f"clock.{key}") for key in keys}


_WORDS = _clock_words()
_CLOCK = re.compile(
    r"(?<![\d:.,])(?:"
    r"(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<m>[0-5]\d)(?![\d:]|\.\d)"  # 20:27, 22.40
    r"|(?P<mil>(?:[01]\d|2[0-3])[0-5]\d)(?![\d:.,])"  # 2130, 0300 hours
    # "10 am", "10-10:30 a.m."; "около 12 часов" (a word of hours after it: the group "word")
    r"|(?P<hh>[01]?\d|2[0-3])(?=\s{0,2}(?:[ap]\.?\s?m(?![a-z])|[-–]\s{0,2}\d{1,2}(?::\d\d)?\s{0,2}[ap]\.?\s?m(?![a-z])"
    rf"|(?P<word>{_WORDS['hours']})(?!\w)))"
    rf"|(?P<noon>{_WORDS['noon']})(?!\w)"  # "с полудня"
    r")(?:\s{0,2}(?P<ap>[ap])\.?\s?m(?![a-zа-я])\.?)?",
    re.I,
)
_CLOCK_START = Caseless(re.compile(rf"\d|(?:{_WORDS['noon']})", re.I))
# what follows "N часов" when it is a clock: a time of day or a zone ("12 часов по местному времени",
# "3 часов дня"; the group "pm": after noon), or the word before it that makes it one ("в 12 часов")
_HOURS_OF_DAY = re.compile(rf"\s{{0,2}}(?:{_WORDS['hours']})(?!\w)(?:{_WORDS['hours_after']})", re.I)
_AT_HOUR = re.compile(rf"(?<!\w)(?:{_WORDS['at_hour']})\s{{1,2}}$", re.I)
_TIME_AFTER = re.compile(r"\s{0,2}(?:h\b|hrs\b|hours\b|ч\b|час|local time|по местному|мск|\(?local)", re.I)
_TIME_CUE = re.compile(
    r"(?:\bat|\baround|\babout|\bapproximately|\bfrom|\bsince|\buntil|\btill|\bto|\band|около|\bв|\bс|\bдо|"
    r"\bпо|районе|примерно|ориентировочно)\s{0,3}$",
    re.I,
)
_REPORT_TIME = re.compile(r"(?:\bas of|\bas at|состоянию на)\s{0,3}$", re.I)
_OTHER_ZONE = re.compile(r"\s{0,3}(?:moscow time|\(?gmt|\(?utc|по московскому|мск)", re.I)
_TIME_RANGE = re.compile(r"\s{0,3}(?:-|–|—|to|and|until|till|through|до|по|и)\s{0,3}", re.I)


def _stamp(text: str, start: int, end: int) -> bool:
    """Whether the date or time at text[start:end] is in a page's time stamp, a line of a date and a time
    alone ("20:55, 2 мая 2023", "February 13 2024, 12:36"): when the page was published, neither the day
    nor the time of an incident."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    return len(line) <= 40 and _STAMP_LINE.fullmatch(line.strip()) is not None


_STAMP_DAY = r"(?:\d{1,2}\s+[^\W\d]+|[^\W\d]+\s+\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
_STAMP_LINE = re.compile(
    rf"(?:\d{{1,2}}:\d\d,?\s{{0,3}}{_STAMP_DAY},?\s{{0,2}}(?:\d{{4}})?"
    rf"|{_STAMP_DAY},?\s{{0,2}}(?:\d{{4}})?,?\s{{0,3}}\d{{1,2}}:\d\d)"
)


def _cued(text: str, m: re.Match[str]) -> bool:
    return _TIME_CUE.search(text, max(0, m.start() - 14), m.start()) is not None


def _clock(hour: int, minute: int, ap: str | None) -> time | None:
    """A time of day, from a 24-hour clock or a 12-hour one with a.m./p.m."""
    if ap:
        hour = hour % 12 + (12 if ap == "p" else 0)
    return time(hour, minute) if 0 <= hour <= 23 else None


def _shift(day: date, days: int) -> date | None:
    """``day`` moved by ``days``, or None past the ends of the calendar (date.min, date.max)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


# "on Saturday, March 5", "Sunday (5 March)", "March 5 (Sunday)": a weekday beside a calendar date names
# the same day; the date is what counts (a weekday that contradicts it is the writer's slip)
_WEEKDAY_BESIDE = re.compile(
    r"[^\S\n]{0,2}(?:morning|afternoon|evening|night)?[^\S\n]{0,2}[,(]?[^\S\n]{0,2}\)?$"
)


def _named_days(text: str, found: list[DateMention]) -> list[DateMention]:
    """The mentions without a weekday written right beside a calendar date (``found`` in order)."""
    if not any(d.rule.endswith(".weekday") for d in found):
        return found
    kept = []
    for index, mention in enumerate(found):
        if mention.rule.endswith(".weekday"):
            after = found[index + 1] if index + 1 < len(found) else None
            before = found[index - 1] if index else None
            if (
                after is not None
                and not after.rule.endswith(
                    (".weekday", "day.yesterday", "day.today", "day.before_yesterday")
                )
                and after.start - mention.end <= 16
                and _WEEKDAY_BESIDE.fullmatch(text, mention.end, after.start)
            ) or (
                before is not None
                and not before.rule.endswith(".weekday")
                and ".day." not in before.rule
                and mention.start - before.end <= 4
                and re.fullmatch(r"[^\S\n]{0,2}[,(][^\S\n]{0,2}", text[before.end : mention.start])
            ):
                continue
        kept.append(mention)
    return kept


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
                and (0 <= (mention.first - previous.first).days <= 31)
            ):
                joined[-1] = DateMention(
                    previous.start, mention.end, previous.first, mention.last, previous.rule
                )
                continue
        joined.append(mention)
    return joined
