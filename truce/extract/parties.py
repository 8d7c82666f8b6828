"""The parties of the pack in use, as extraction finds them in a text.

The hand-written party rules of ``rules/*.toml`` know the Nagorno-Karabakh parties by their many names
and codes (the shared vocabulary). Any pack's fighting parties are also known by the pack's own words:
each party's neutral labels (``name_*``, ``side_*`` of parties.csv), read as written; the English name of
its country when no other fighting party comes from that country; and the words a text uses of it
(``words_*`` of parties.csv: "Northlake", "northlakish"), each read in the templates of the rules'
``[party_words]``. They are tried after the hand-written rules, so that where both match those decide
(the Nagorno-Karabakh scores do not move), and they give casualties their side ("two Northlake soldiers")
and voices their party ("the Northlake Defence Ministry said": ``truce.extract.voices``).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from truce.extract.rules import FLAGS, LANGUAGES, PARTY_WORD_KINDS, WORD, Rule, Rules, bounded, rules_for
from truce.model import Party, Profile

__all__ = ["PartyWords", "party_words", "voice_parties", "with_parties"]


@dataclass(frozen=True)
class PartyWords:
    """What a text may call one party, per language."""

    code: str
    labels: dict[str, tuple[str, ...]]  # language -> phrases read as written ("the Northlake side")
    words: dict[str, tuple[str, ...]]  # language -> words read in the [party_words] templates


def party_words(parties: Iterable[Party], profile: Profile) -> list[PartyWords]:
    """The words of each fighting party (``profile.belligerents``) of a pack: its labels, its country's
    name, and the pack's own words (parties.csv ``words_*``). Monitors are left out: they are not blamed.
    """
    sides = [p for p in parties if p.code in profile.belligerents]
    # a country two sides come from (Azerbaijan: AZ and NK) names neither of them
    origins = Counter(p.country for p in sides if p.country)
    found = []
    for party in sides:
        by_lang = {lang: [w.strip() for w in party.words.get(lang, ()) if w.strip()] for lang in LANGUAGES}
        country = profile.countries.get(party.country or "")
        if country and origins[party.country] == 1:
            by_lang["en"].append(country)  # the profile names countries in English
        labels = {
            lang: tuple(dict.fromkeys(t for t in (party.names.get(lang), party.sides.get(lang)) if t))
            for lang in LANGUAGES
        }
        found.append(PartyWords(party.code, labels, {k: tuple(dict.fromkeys(v)) for k, v in by_lang.items()}))
    return found


def with_parties(rules: Rules, parties: Sequence[PartyWords]) -> Rules:
    """``rules`` with the pack's parties after the hand-written ones: party rules and casualty sides."""
    lang = rules.lang
    extra: list[Rule] = []
    sides: list[tuple[re.Pattern[str], str]] = []
    for party in parties:
        base = f"{lang}.pack.{party.code}"
        labels = _alternation(party.labels.get(lang, ()))
        words = _alternation(party.words.get(lang, ()))
        if labels:
            extra.append(Rule(f"{base}.label", re.compile(bounded(labels), FLAGS), party.code))
            sides.append((re.compile(bounded(labels), FLAGS), party.code))
        if not words:
            continue
        for kind in PARTY_WORD_KINDS:
            templates = rules.party_words.get(kind, ())
            if templates:
                pattern = "|".join(f"(?:{t.replace(WORD, f'(?:{words})')})" for t in templates)
                # the rule id's ending gives the role the words alone imply (truce.extract.fields)
                rule_id = base if kind == "forces" else f"{base}.{kind}"
                extra.append(Rule(rule_id, re.compile(bounded(pattern), FLAGS), party.code))
        for template in rules.party_words.get("bare", ()):
            sides.append((re.compile(bounded(template.replace(WORD, f"(?:{words})")), FLAGS), party.code))
    if not extra:
        return rules
    # the bare words last: a force or an act named with the word is read before the word alone
    extra.sort(key=lambda rule: rule.id.endswith(".bare"))
    return dataclasses.replace(rules, parties=[*rules.parties, *extra], sides=[*rules.sides, *sides])


def voice_parties(parties: Sequence[PartyWords]) -> tuple[tuple[str, str], ...]:
    """(code, pattern) of each party as it qualifies a speaker (a body: "the Northlake Defence Ministry",
    "Минобороны Нортлейка"), in every language at once as the voices are read: its labels and its words
    alone (the ``bare`` templates)."""
    found = []
    for party in parties:
        patterns = [_alternation(label for lang in LANGUAGES for label in party.labels.get(lang, ()))]
        for lang in LANGUAGES:
            words = _alternation(party.words.get(lang, ()))
            if words:
                bare = rules_for(lang).party_words.get("bare", ())
                patterns += [template.replace(WORD, f"(?:{words})") for template in bare]
        pattern = "|".join(f"(?:{p})" for p in patterns if p)
        if pattern:
            found.append((party.code, pattern))
    return tuple(found)


def _alternation(phrases: Iterable[str]) -> str:
    """The phrases as one pattern, longest first, each read as written (whatever its spacing)."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(part) for part in phrase.split()) for phrase in unique)
