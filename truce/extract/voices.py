"""Whose account a sentence gives: its voice ("AZ MoD", "RU MoD", "NK ombudsman", "outlet").

A news text reports several accounts; each gives its own claim (shared/conventions.md 1). A sentence that
names a speaker ("the Azerbaijani Defence Ministry said", "Минобороны Армении сообщило") speaks in that
voice; a sentence that names none goes on in the voice before it (a statement's later sentences, a quote),
unless it tells background or history in the publisher's words (the discourse layer), which ends the voice
before; the text's lead sets the first voice, and a text that names no speaker is the outlet's own. People
and outlets a report quotes ("Armenian sources claimed", "a resident told") are voices of their own
("other: ...").

The speakers are data (``rules/voices.toml``): bodies (MoD, MFA, ombudsman...) qualified by a party word
before or after them, and whole voices named at once (the peacekeepers speak for the Russian MoD).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from truce.errors import PackError
from truce.extract.caseless import Caseless, lower_pattern
from truce.extract.rules import (
    FLAGS,
    any_of,
    bounded,
    checked_pattern,
    finditer_starts,
    read_rules,
    speaker_of,
    start_scan,
)

__all__ = ["OUTLET", "VoiceMention", "VoiceReader", "voice_reader"]

OUTLET = "outlet"  # the publisher's own voice
_FILE = "extract/rules/voices.toml"
# a party word right after a body ("Ministry of Defence of Armenia", "Минобороны Азербайджана")
_AFTER_GAP = re.compile(
    r"\s*(?:(?:of|in)\s+)?(?:the\s+)?(?:(?:unrecognized|self-proclaimed|непризнанн\w+|самопровозглаш[её]нн\w+)\s+)?"
    r"(?:republic\s+of\s+|республики\s+)?",
    re.I,
)
_HEADLINE_COLON = re.compile(r"[^\S\n]{0,2}:")
# "Об этом сообщили в Минобороны", "This was reported by the ministry": the sentence attributes the ones
# before it
_BACKWARD = re.compile(
    r"\W{0,3}(?:об этом|о чем|о чём|как (?:сообщили|заявили|сообщает|сообщило)|this was|that was|"
    r"this is what|this is according to|such (?:is|was) the)(?!\w)",
    re.I,
)
# a sentence or clause end between a party word and a body: the word belongs elsewhere
_APART = re.compile(r"[.;:!?\n]")
# the parties of the rules' voices; a pack's own parties are added to a reader's (VoiceReader.codes)
_PARTIES = frozenset({"AZ", "AM", "NK", "RU", "EU"})
# a quotation: typographic pairs, or straight double quotes read in pairs; bounded so that a quote left
# open does not swallow the rest of a long text
_QUOTE = re.compile(r"«[^«»]{1,3000}»|“[^“”]{1,3000}”|\"[^\"]{1,3000}\"")


# "Name, the head of the village of X in Y province, said": a speaker's title in an apposition, its verb after
_NAMED_BEFORE = re.compile(r"[A-ZА-ЯЁ][\w'-]+,\s*(?:the\s+|a\s+)?$")
_APPOSITION = re.compile(r"[^.;:!?\n\"“”«»]{0,120}?,\s*(?:s?he\s+|they\s+)?(?=\w)")


def _appositive_speaks(reporting: re.Pattern[str], text: str, a: int, b: int, end: int) -> bool:
    """Whether the body at ``text[a:b]`` is the title of a person named before it (``Name, ``) whose verb of
    speech follows the apposition (``..., said``)."""
    if not _NAMED_BEFORE.search(text, max(0, a - 40), a):
        return False
    m = _APPOSITION.match(text, b, end)
    return bool(m and reporting.match(text, m.end(), end))


def _pattern(value: object, where: str) -> str:
    """A pattern of the rules, checked (else the error names ``where``)."""
    return checked_pattern(value, "voices.toml", where)


def _quotes(text: str) -> list[tuple[int, int]]:
    """The spans of the quotations in ``text`` (from the opening mark to just after the closing one)."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


#: The longest line read as a dateline, a byline or a heading when it stands alone ("Yerevan /Mediamax/.",
#: "BAKU, November 17. /TASS/.", "Information from Baku").
MAX_SHORT_LINE = 60
#: The longest sentence read as a dateline wherever it stands ("BAKU, November 17. /TASS/.").
MAX_DATELINE = 30


def _short_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole line of at most :data:`MAX_SHORT_LINE` characters, or a
    dateline before the lead on its line ("Yerevan /Mediamax/. On September 13, ...")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    sentence = text[start:end].strip()
    return (len(line) <= MAX_SHORT_LINE and line == sentence) or len(sentence) <= MAX_DATELINE


def _inside(quotes: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` stands inside one of the quotations ``quotes`` (after its opening mark)."""
    return any(a < offset < b for a, b in quotes)


@dataclass(frozen=True)
class VoiceMention:
    start: int
    end: int
    voice: str  # "AZ MoD"; a body without its party is "? MoD", resolved by the voices around it
    speaks: bool  # a verb of speech or a statement word is near: it is the sentence's speaker
    whole: bool = False  # named whole ("the peacekeepers"), not as a body of a party


class VoiceReader:
    def __init__(self, data: dict, parties: tuple[tuple[str, str], ...] = ()) -> None:
        """``parties``: a pack's own (code, pattern) pairs, after the ``[[party]]`` entries of the rules."""

        def compile_(entry: dict, where: str) -> re.Pattern[str]:
            return re.compile(bounded(_pattern(entry.get("pattern"), where)), FLAGS)

        self.parties = [
            (compile_(e, f"party[{i}]"), str(e.get("code"))) for i, e in enumerate(data.get("party", []))
        ]
        self.parties += [(re.compile(bounded(pattern), FLAGS), code) for code, pattern in parties]
        self.codes = _PARTIES | {code for _, code in self.parties}
        self.bodies = [
            (compile_(e, f"body[{i}]"), str(e.get("body"))) for i, e in enumerate(data.get("body", []))
        ]
        self.voices = [
            (compile_(e, f"voice[{i}]"), str(e.get("voice"))) for i, e in enumerate(data.get("voice", []))
        ]
        # the voices whose pattern holds their own verb of speech ("locals have reported", "a resident
        # told"): named so, they are the sentence's speaker
        self._speaking = frozenset(i for i, e in enumerate(data.get("voice", [])) if e.get("speaks") is True)
        if not (self.parties and self.bodies and self.voices):
            raise PackError(_FILE, None, None, "needs [[party]], [[body]] and [[voice]] entries")
        self.reporting = compile_(data.get("reporting", {}), "reporting")
        self.labels = {str(k): str(v) for k, v in data.get("labels", {}).items()}
        self._former_parties = frozenset(str(p) for p in data.get("former_units", {}).get("parties", []))
        # every voice and body in one scan, one named group each
        self._any = re.compile(
            any_of(
                [r.pattern for r, _ in self.voices] + [r.pattern for r, _ in self.bodies],
                [f"v{i}" for i in range(len(self.voices))] + [f"b{i}" for i in range(len(self.bodies))],
            ),
            FLAGS,
        )
        self._any_low = re.compile(lower_pattern(self._any.pattern))
        # where one may begin: the scan tries all of them only there (at few words of a sentence)
        self._any_starts = start_scan(self._any_low)
        self._chain = self._title_chain(data.get("title_chain", {}))
        self._last: tuple[str, str | None] = ("", None)
        self._cue_before = compile_(data.get("cue_before", {}), "cue_before")
        # a verb of denial and its object's head right before a body ("опровергло заявление", "refuted the
        # report of the"): the body's words are denied, it does not speak
        denied = _pattern(data.get("denied_object", {}).get("pattern"), "denied_object")
        self._denied_object = re.compile(rf"(?<!\w)(?:{denied})\s*$", FLAGS)
        # a verb of denial between a speaker and "that" ("the ministry denied that ..."): it rebuts, it
        # does not accuse
        self._denying = re.compile(_pattern(data.get("denying", {}).get("pattern"), "denying"), FLAGS)
        # a speaker who says that another's claims are untrue ("the ministry states that the information
        # of the other side about ... is not true"): it rebuts
        self._rebuts = re.compile(_pattern(data.get("rebutting", {}).get("pattern"), "rebutting"), FLAGS)
        # what follows the accuser's name in a restated accusation ("... of Azerbaijan that", "о том, что")
        self._restates = re.compile(
            r"\W{0,3}+(?:\w++\W{1,3}+){0,6}?(?:that|about|alleging|according to which|claiming|which claimed|"
            r"что|о том|якобы|согласно которому|будто)(?!\w)",
            FLAGS,
        )
        party = any_of([p.pattern for p, _ in self.parties])
        self._party_any = re.compile(party, FLAGS)
        said_in = r"(?:said|reported|сообщили|заявили|утверждают|считают|обвинили)(?P<in>\s+(?:in|в|во))"
        self._speaks_in = re.compile(rf"(?<!\w){said_in}\s+(?=(?:{party})(?!\w))", FLAGS)
        # "Baku said", "Armenia accused", "Ереван заявил": a party as a speaker is its government
        verb = (
            r"(?:said|says|claimed|claims|accused|accuses|stated|reported|is reporting|reports|announced|"
            r"denied|denies|refuted|refutes|rejected|rejects|insisted|blamed|blames|"
            r"заявил\w*|сообщил\w*|обвинил\w*|обвиня\w+|утвержда\w+|опроверг\w*)(?!\w)"
        )
        # (tried only where a party's name begins: Caseless.finditer_written)
        self._party_speaks = Caseless(
            re.compile(
                rf"(?:{party})\s+(?:(?:has|had|also|later|then|on \w+|в свою очередь|также)\s+)?{verb}", FLAGS
            )
        )
        # what each of the two needs in a sentence, found in one quick scan (a case-sensitive list of
        # words skips ahead to their first letters): most sentences have neither, and skip the slow scans
        self._speaks_in_cue = Caseless(re.compile(rf"{said_in}\s", FLAGS))
        self._speech_verb = Caseless(re.compile(verb, FLAGS))

    def _title_chain(self, data: dict) -> re.Pattern[str]:
        """ "said deputy head of the press service of the [Azerbaijani Defence Ministry]": a verb of speech,
        then the words of a title (a party word among them) up to the body (``[title_chain]`` of the rules);
        searched so that it ends where the body begins."""
        words = {key: _pattern(data.get(key), f"title_chain.{key}") for key in ("speech", "title")}
        party = any_of([p.pattern for p, _ in self.parties])
        title = rf"(?<!\w)(?:{words['title']}|{party})(?!\w)(?:['’]s)?"
        gap = r"(?:[^\S\n]{1,3}|[^\S\n]{0,2},[^\S\n]{1,3}|-)"
        return re.compile(rf"(?<!\w)(?:{words['speech']}){gap}(?:{title}{gap}){{1,12}}$", FLAGS)

    def mentions(self, text: str, start: int, end: int) -> list[VoiceMention]:
        """The speakers named in ``text[start:end]``, in order."""
        found: list[VoiceMention] = []

        def free(a: int, b: int) -> bool:
            return not any(m.start < b and a < m.end for m in found)

        def speaks(a: int, b: int) -> bool:
            """A word of speech just after the speaker ("the ministry said", "сообщили в Минобороны")
            or a cue just before it ("according to the ministry", "по данным Минобороны")."""
            # the object of a denial ("опровергло заявление Минобороны России", "refuted the report of the
            # ministry") is whose words are denied, not who speaks
            denied = self._denied_object.search(text, max(start, a - 40), a) is not None
            return bool(
                self.reporting.search(text, b, min(end, b + 50))
                or _appositive_speaks(self.reporting, text, a, b, end)
                or (not denied and self._cue_before.search(text, max(start, a - 30), a))
                or _HEADLINE_COLON.match(text, b, min(end, b + 4))  # "Армия обороны: ..."
                or self._chain.search(text, max(start, a - 160), a)  # "said deputy head of the ..."
            )

        # every voice and body in one scan (a voice named whole comes first in the alternation and wins)
        low = self._lowered(text)
        scan = (
            self._any.finditer(text, start, end)
            if low is None
            else finditer_starts(self._any_low, self._any_starts, low, start, end)
        )
        for m in scan:
            kind, index = m.lastgroup[0], int(m.lastgroup[1:])  # type: ignore[index]
            if kind == "v":
                label = self.voices[index][1]
            else:
                party = self._party(text, m.start(), m.end(), start, end)
                label = f"{party or '?'} {self.bodies[index][1]}"
            # an impersonal report ("ранее сообщалось") is the outlet's own word of speech
            said = label == OUTLET or (kind == "v" and index in self._speaking) or speaks(m.start(), m.end())
            found.append(VoiceMention(m.start(), m.end(), label, said, kind == "v"))
        said_in = self._speaks_in_cue.search(text, start, end) is not None
        for m in self._speaks_in.finditer(text, start, end) if said_in else ():  # "сообщили в Степанакерте"
            if free(m.start(), m.end()):
                party = self._party(text, m.end("in"), m.end("in"), start, end, after_only=True)
                if party:
                    found.append(VoiceMention(m.start(), m.end(), f"{party} government", True))
        verb = self._speech_verb.search(text, start, end) is not None
        for m in self._party_speaks.finditer_written(text, start, end) if verb else ():
            if free(m.start(), m.end()):
                party = self._party(text, m.start(), m.start(), start, end, after_only=True)
                if party:
                    found.append(VoiceMention(m.start(), m.end(), f"{party} government", True))
        found.sort(key=lambda v: v.start)
        return found

    def _lowered(self, text: str) -> str | None:
        """``text`` lower-cased once for the case-sensitive (faster) scan, or None when lowering moves
        characters (the Turkish dotted İ lowers to two)."""
        if self._last[0] is not text:
            low = text.lower()
            self._last = (text, low if len(low) == len(text) else None)
        return self._last[1]

    def _party(self, text: str, a: int, b: int, start: int, end: int, after_only: bool = False) -> str | None:
        """The party qualifying the body at ``text[a:b]``: a party word right after it, else the last one
        in the few words before it (in the same clause)."""
        gap = _AFTER_GAP.match(text, b, min(end, b + 30))
        at = gap.end() if gap else b
        for regex, code in self.parties:
            if regex.match(text, at, min(end, at + 60)):
                return code
        if after_only:
            return None
        before = max(start, a - 45)
        last: tuple[int, str] | None = None
        for regex, code in self.parties:
            for m in regex.finditer(text, before, a):
                if not _APART.search(text, m.end(), a) and (last is None or m.start() > last[0]):
                    last = (m.start(), code)
        return last[1] if last else None

    def assign(
        self,
        text: str,
        spans: list[tuple[int, int]],
        source: str | None = None,
        own_words: frozenset[int] = frozenset(),
    ) -> list[str]:
        """The voice of each sentence (``spans``, in order): its named speaker, else the voice before it;
        the first voice is the lead's speaker (named in the first two sentences), else the outlet's.
        ``own_words``: the sentences that tell background or history, in the publisher's own words (the
        discourse layer): one that names no speaker and stands in no quotation ends the voice before, and
        the sentences after it are the publisher's until another speaker is named."""
        voices: list[str] = []
        quotes = _quotes(text) if own_words else []
        # a body or a side named with no word of speech near it is not speaking ("positions of the
        # Defence Army", "where Russian peacekeepers are stationed")
        every = [self.mentions(text, a, b) for a, b in spans]
        named = [[m for m in mentions if m.speaks] for mentions in every]
        quoted = self._quoted(text, spans, named)
        for index, speaker in quoted.items():
            named[index] = [speaker]  # a quote is its speaker's, whatever bodies it names
        default_party = speaker_of(source)
        own = self.source_voice(source)
        # every speaker named with its party, then every body named with its party: a body named alone
        # ("the ministry said") is one of them, even when its party is only named further on
        known = [
            self.labels.get(m.voice, m.voice)
            for group in (named, every)
            for vs in group
            for m in vs
            if not m.voice.startswith("?") and (group is named or not m.whole)
        ]
        # the lead: a speaker of the first two sentences, else any body named in the first (a headline,
        # a bulletin's title)
        # (a short line of its own, a dateline or a heading, is no sentence of the lead)
        told = [i for i, (a, b) in enumerate(spans) if not _short_line(text, a, b)][:2]
        lead = next((v for i in told for v in named[i]), None) or next(iter(every[:1] and every[0]), None)
        current = own or (self._resolve(lead.voice, [], default_party, known) if lead else OUTLET)
        last_named = -1  # the last sentence that named its own speaker
        heard: list[
            str
        ] = []  # bodies named so far where they do not speak ("a bulletin of the peacekeepers")
        for index, mentions in enumerate(named):
            heard += [self.labels.get(m.voice, m.voice) for m in every[index] if not m.voice.startswith("?")]
            if index in own_words and not mentions and not _inside(quotes, spans[index][0]):
                current = own or OUTLET
            if mentions:
                current = self._resolve(mentions[0].voice, voices, default_party, heard + known)
                if _BACKWARD.match(text, spans[index][0], spans[index][1]):
                    # "... . Об этом сообщили в Минобороны РФ": the sentences since the last named
                    # speaker are this speaker's too
                    for back in range(last_named + 1, index):
                        voices[back] = current
                last_named = index
            voices.append(current)
        return voices

    def accuser(self, text: str, start: int, end: int) -> str | None:
        """In a rebuttal ("the statement of the Azerbaijani ministry that our units opened fire is false"),
        the voice whose accusation is restated."""
        for mention in self.mentions(text, start, end):
            label = self.labels.get(mention.voice, mention.voice)
            restated = self._restates.match(text, mention.end, end)
            if label.startswith("?") or restated is None:
                continue
            rebuts = self._rebuts.search(text, mention.end, min(end, restated.end() + 40))
            if self._denying.search(text, mention.start, restated.end()) or (
                rebuts and rebuts.start() < restated.end()
            ):
                continue  # "the ministry denied that ...": the denying voice, not the accuser
            return label
        return None

    def former_units(self, voice: str) -> bool:
        """Whether this voice names districts as they were before 2020 (``[former_units]`` of the rules)."""
        return voice.split()[0] in self._former_parties

    def source_voice(self, source: str | None) -> str | None:
        """The voice a source's name gives ("AZ MoD", "Минобороны России, бюллетень"), if it names one."""
        if not source:
            return None
        found = self.mentions(source, 0, len(source))
        party = speaker_of(source)
        for mention in found:
            if not mention.voice.startswith("?"):
                return self.labels.get(mention.voice, mention.voice)
            if party:
                label = f"{party} {mention.voice[2:]}"
                return self.labels.get(label, label)
        return None

    def _resolve(
        self, voice: str, before: list[str], default_party: str | None, known: list[str] | None = None
    ) -> str:
        label = self._resolve_body(voice, before, default_party, known or [], self.codes)
        return self.labels.get(label, label)

    @staticmethod
    def _resolve_body(
        voice: str, before: list[str], default_party: str | None, known: list[str], parties: frozenset[str]
    ) -> str:
        """A body named without its party ("the ministry said") is the last voice of that body, else the
        one of that body the text names with its party anywhere, else the source's party's, else the
        party of the text's first voice that has one (a lead "Armenia reports ..." then "the foreign
        ministry said"; a side's report is not turned to the other side's by an aside quoting it)."""
        if not voice.startswith("? "):
            return voice
        body = voice[2:]
        for pool in (reversed(before), known):
            same = next((v for v in pool if v.endswith(f" {body}") and not v.startswith("?")), None)
            if same:
                return same
        if default_party:
            return f"{default_party} {body}"
        party = next((v.split()[0] for v in before if v.split()[0] in parties), None)
        return f"{party} {body}" if party else OUTLET

    def _quoted(
        self, text: str, spans: list[tuple[int, int]], named: list[list[VoiceMention]]
    ) -> dict[int, VoiceMention]:
        """The sentences inside a quotation whose speaker is named just after it closes (``..." the
        ministry said``) or just before it opens (``the ministry said: "...``): the quote is that speaker's
        (a quote that runs over several sentences names its speaker once)."""
        result: dict[int, VoiceMention] = {}
        starts = [a for a, _ in spans]
        for qa, qb in _quotes(text):
            first = bisect.bisect_right(starts, qa) - 1
            last = bisect.bisect_right(starts, qb) - 1
            if first < 0 or last <= first:
                continue  # within one sentence: its own speaker is already read
            after = [m for m in named[last] if qb <= m.start <= qb + 60]
            before = [m for m in named[first] if m.end <= qa]
            speaker = after[0] if after else before[-1] if before else None
            if speaker is None:
                continue
            for index in range(first, last + 1):
                result.setdefault(index, speaker)
        return result


@cache
def voice_reader(parties: tuple[tuple[str, str], ...] = ()) -> VoiceReader:
    """The voices of ``rules/voices.toml``, read once for each set of a pack's own ``parties`` ((code,
    pattern) pairs: truce.extract.parties.voice_parties)."""
    return VoiceReader(read_rules("voices.toml"), parties)
