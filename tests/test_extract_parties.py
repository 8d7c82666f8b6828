"""Extraction finds the parties of the pack in use, beside the rules' Nagorno-Karabakh ones.

Every sentence here is written for these tests (fictitious, like the Lakeland pack they speak of).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from truce.errors import PackError
from truce.extract import Extractor
from truce.extract.parties import party_words
from truce.extract.rules import RULES_DIR, _compile
from truce.packs import Pack, load_pack

LAKELAND = Path(__file__).parent / "packs" / "lakeland"
PUBLISHED = date(2021, 10, 22)


@pytest.fixture(scope="module")
def lakeland() -> Pack:
    return load_pack(str(LAKELAND))


@pytest.fixture(scope="module")
def lake(lakeland: Pack) -> Extractor:
    return Extractor(lakeland.gazetteer(), lakeland.profile, parties=lakeland.parties)


def only(extractor: Extractor, text: str, speaker: str | None = None, lang: str = "en") -> dict:
    claims = extractor.extract(text, PUBLISHED, lang=lang, speaker=speaker)
    assert len(claims) == 1, [c.to_json() for c in claims]
    return claims[0].to_json()


@pytest.mark.parametrize(
    ("text", "accused"),
    [
        # written for the tests (fictitious)
        ("On 21 October 2021 Northlake forces fired mortars at Kveldra.", "NL"),  # the country's name
        ("On 21 October 2021 Northlakish troops shelled Kveldra.", "NL"),  # a word of words_en only
        ("On 21 October 2021 the Southlake side opened fire on Ornaskar.", "SL"),  # a label (side_en)
        ("On 21 October 2021 Kveldra came under fire from the direction of Northlake.", "NL"),  # bare, a cue
        ("On 21 October 2021 Southlaker snipers fired at Ornaskar.", "SL"),
    ],
)
def test_the_packs_parties_are_blamed(lake: Extractor, text: str, accused: str) -> None:
    assert only(lake, text)["accused"] == accused


def test_a_bare_word_blames_nobody_without_a_cue(lake: Extractor) -> None:
    # written for the tests (fictitious): Northlake is only named, not said to have fired
    claim = only(lake, "On 21 October 2021 shots were fired at Kveldra, near the Northlake border.")
    assert claim["accused"] == "unknown"


def test_the_adversary_and_our_positions_with_a_named_party(lake: Extractor) -> None:
    # written for the tests (fictitious): the statement of Southlake's ministry
    text = "On 21 October 2021 Northlake forces fired mortars at our positions near Drumacha."
    claim = only(lake, text, speaker="SL")
    assert (claim["accused"], claim["target"]) == ("NL", "SL")


def test_casualties_take_the_side_the_pack_names(lake: Extractor) -> None:
    # written for the tests (fictitious)
    claim = only(lake, "On 21 October 2021 fire was opened at Kveldra; two Southlake soldiers were wounded.")
    assert {(c["side"], c["status"], c["count"]) for c in claim["casualties"]} == {("SL", "wounded", 2)}


@pytest.mark.parametrize(
    "text",
    [
        # written for the tests (fictitious): a stem of words_ru takes its endings
        "21 октября 2021 года вооружённые силы Нортлейка обстреляли Кверду.",
        "21 октября 2021 года нортлейкские военные открыли огонь по селу Кверда.",
    ],
)
def test_russian_words_are_stems(lake: Extractor, text: str) -> None:
    assert only(lake, text, lang="ru")["accused"] == "NL"


def test_without_the_pack_parties_nobody_is_blamed(lakeland: Pack) -> None:
    plain = Extractor(lakeland.gazetteer(), lakeland.profile)
    assert (
        only(plain, "On 21 October 2021 Northlake forces fired mortars at Kveldra.")["accused"] == "unknown"
    )


def test_the_words_of_each_party(lakeland: Pack, pack: Pack) -> None:
    found = {p.code: p for p in party_words(lakeland.parties, lakeland.profile)}
    assert set(found) == {"NL", "SL"}  # the monitor is never blamed
    assert found["NL"].words["en"] == ("Northlake", "Northlakish", "Northlaker", "Northlakers")
    assert found["NL"].words["ru"] == ("Нортлейк",)
    assert found["NL"].labels["en"] == ("the armed forces of Northlake", "the Northlake side")
    nk = {p.code: p for p in party_words(pack.parties, pack.profile)}
    # Azerbaijan is the country of two sides (AZ and NK): its name is a word of neither; Armenia's is AM's
    assert (nk["AZ"].words["en"], nk["NK"].words["en"], nk["AM"].words["en"]) == ((), (), ("Armenia",))


def test_the_rules_decide_where_they_match(pack: Pack) -> None:
    """The Nagorno-Karabakh pack's own labels add to the rules and never override them."""
    plain = Extractor(pack.gazetteer(), pack.profile)
    with_parties = Extractor(pack.gazetteer(), pack.profile, parties=pack.parties)
    # written for the tests (the incidents are invented)
    known = "On 5 March 2022 Azerbaijani units fired at positions of the Defence Army near Khramort."
    assert only(plain, known) == only(with_parties, known)
    assert only(with_parties, known)["accused"] == "AZ"
    label = "On 5 March 2022 the Nagorno-Karabakh side fired at Azerbaijani positions near Aghdam."
    assert only(with_parties, label)["accused"] == "NK"  # the pack's side_en label
    assert only(plain, label)["accused"] != "NK"


def test_the_words_columns_are_optional(tmp_path: Path) -> None:
    copy = tmp_path / "lakeland"
    shutil.copytree(LAKELAND, copy)
    path = copy / "parties.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line.split(",") for line in lines if not line.startswith("#")]
    kept = [",".join(r[:7] + r[9:]) for r in rows]  # without words_en, words_ru
    path.write_text(
        "\n".join([line for line in lines if line.startswith("#")] + kept) + "\n", encoding="utf-8"
    )
    older = load_pack(str(copy))
    assert {p.code: p.words for p in older.parties} == {"NL": {}, "SL": {}, "LM": {}}
    extractor = Extractor(older.gazetteer(), older.profile, parties=older.parties)
    # written for the tests (fictitious): the country's name is still known, the demonym no more
    assert only(extractor, "On 21 October 2021 Northlake forces fired at Kveldra.")["accused"] == "NL"
    assert only(extractor, "On 21 October 2021 Northlakish troops fired at Kveldra.")["accused"] == "unknown"


def test_a_word_of_one_letter_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "lakeland"
    shutil.copytree(LAKELAND, copy)
    path = copy / "parties.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Northlake|Northlakish", "N|Northlakish"), "utf-8"
    )
    with pytest.raises(PackError, match="words_en"):
        load_pack(str(copy))


def test_a_template_without_its_slot_is_refused(tmp_path: Path) -> None:
    text = (RULES_DIR / "en.toml").read_text(encoding="utf-8")
    broken = tmp_path / "en.toml"
    broken.write_text(text.replace('bare = ["{word}', 'bare = ["{words}'), encoding="utf-8")
    with pytest.raises(PackError, match=r"party_words\.bare\[0\]"):
        _compile(broken)


def test_each_partys_ministry_is_its_own_voice(lake: Extractor) -> None:
    # written for the tests (fictitious): two ministries, one claim each (shared/conventions.md 1)
    text = (
        "On 21 October 2021 the Northlake Defence Ministry said that Southlake forces fired at Ornaskar. "
        "The Southlake Defence Ministry said Northlake troops opened fire on Kveldra."
    )
    claims = lake.extract(text, PUBLISHED, lang="en")
    assert [(c.voice, c.accused) for c in claims] == [("NL MoD", "SL"), ("SL MoD", "NL")]
    # written for the tests (fictitious)
    ru = "21 октября 2021 года Минобороны Нортлейка сообщило, что саутлейкские военные обстреляли Кверду."
    assert [(c.voice, c.accused) for c in lake.extract(ru, PUBLISHED, lang="ru")] == [("NL MoD", "SL")]
