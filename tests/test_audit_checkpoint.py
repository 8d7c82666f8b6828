"""What a checkpoint commits to, and the checkpoint itself: RFC 8785 canonical JSON (the JCS test data of
its author, and the fast path checked against the rfc8785 package on generated values), the log's hash
chain (every kind of tampering found at the first entry it breaks, with what that entry claims), the
checkpoint text (the C2SP example, the checkpoint tests of transparency-dev/formats, a checkpoint signed by
sum.golang.org), and the whole path: a log, its checkpoint signed by two sides, verified by a third."""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from truce.audit.canonical import canonical, canonical_text, digest
from truce.audit.checkpoint import Checkpoint, checkpoint_body, parse_checkpoint
from truce.audit.errors import ChainError, FormatError
from truce.audit.log import (
    FIELDS,
    GENESIS,
    ChainBreak,
    chain,
    entry_bytes,
    entry_hash,
    entry_leaf,
    format_at,
    verify_chain,
)
from truce.audit.merkle import consistency_proof, inclusion_proof, root, verify_consistency, verify_inclusion
from truce.audit.note import add_signature, sign_note, split_note, verifier_key_text, verify_note

VECTORS = Path(__file__).parent / "audit_vectors"
JCS = json.loads((VECTORS / "jcs_cyberphone.json").read_text(encoding="utf-8"))
CHECKPOINTS = json.loads((VECTORS / "checkpoint.json").read_text(encoding="utf-8"))
NOTES = json.loads((VECTORS / "signed_note.json").read_text(encoding="utf-8"))

# --- canonical JSON -----------------------------------------------------------------------------------


@pytest.mark.parametrize("case", JCS["cases"], ids=lambda c: c["name"])
def test_jcs_test_data(case: dict[str, Any]) -> None:
    value = json.loads(case["input"])
    assert canonical(value) == case["output"].encode("utf-8")
    assert canonical_text(value) == case["output"]


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
    | st.sampled_from(
        [0.0, -0.0, 1e-7, 1e-6, 0.0001, 9.999999999999999e-05, -0.00012, 1e16, 1e21, 123.0, 39.7172]
    )
    | st.sampled_from(
        [1e15 + 0.5, 9007199254740991.0, 2**53 - 1, -(2**53), 2**53, 5e-324, 1.7976931348623157e308]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=1500, deadline=None)
@given(json_values)
def test_canonical_is_rfc8785_on_any_value(value: Any) -> None:
    """The C encoder's fast path and rfc8785 agree byte for byte, and refuse the same values."""
    try:
        expected = rfc8785.dumps(value)
    except Exception:  # any refusal by the reference must be a refusal here too
        with pytest.raises(FormatError):
            canonical(value)
        return
    assert canonical(value) == expected
    assert digest(value) == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize(
    "value",
    [
        math.nan,
        math.inf,
        -math.inf,
        2**53,
        -(2**53),
        {"a": [1, 2**64]},
        "\ud800",
        {"\udfff": 1},
        {1: "a"},
        {1, 2},
    ],
    ids=repr,
)
def test_what_json_cannot_hold_is_refused(value: object) -> None:
    with pytest.raises(FormatError, match="not canonical JSON"):
        canonical(value)


def test_keys_are_sorted_by_utf16_code_units_not_code_points() -> None:
    # U+FB33 sorts after U+1F602 by code point, before it by UTF-16 (0xD83D < 0xFB33).
    assert canonical({"\ufb33": 1, "\U0001f602": 2}) == '{"\U0001f602":2,"\ufb33":1}'.encode()


# --- the hash chain of the log ------------------------------------------------------------------------

START = datetime(2022, 3, 11, 21, 10, tzinfo=UTC)


def make_log(n: int, first_seq: int = 0) -> list[dict[str, Any]]:
    entries, prev = [], GENESIS
    for i in range(n):
        change = {"claim": f"C-{i}", "incident": "I-rumod-20220311", "point": [39.7172, 46.6761]}
        entry = chain(prev, first_seq + i, START + timedelta(minutes=i), f"analyst {i % 3}", "link", change)
        prev = entry_hash(entry)
        entries.append(entry)
    return entries


def broken(entries: list[dict[str, Any]], **kwargs: Any) -> ChainBreak:
    with pytest.raises(ChainError) as caught:
        verify_chain(entries, **kwargs)
    return caught.value.brk


def test_an_intact_log_verifies_to_its_size_head_and_merkle_root() -> None:
    entries = make_log(25)
    head = verify_chain(entries)
    assert head.size == 25
    assert head.head == entry_hash(entries[-1])
    assert head.root == root([entry_leaf(e) for e in entries])
    assert verify_chain([]) == (0, GENESIS, root([]))


def test_entry_bytes_are_the_rfc8785_bytes_of_the_entry() -> None:
    for entry in make_log(5):
        assert entry_bytes(entry) == rfc8785.dumps(entry)
        assert list(json.loads(entry_bytes(entry))) == sorted(FIELDS)


@settings(max_examples=500, deadline=None)
@given(
    json_values,
    st.text(min_size=1).filter(str.strip),
    st.text(min_size=1).filter(str.strip),
    st.integers(0, 2**40),
)
def test_entry_bytes_match_rfc8785_for_any_change(change: Any, who: str, action: str, seq: int) -> None:
    try:
        entry = chain(GENESIS, seq, START, who, action, change)
    except FormatError:
        with pytest.raises(Exception):  # noqa: B017 - the reference refuses it too
            rfc8785.dumps(
                {"seq": seq, "at": format_at(START), "who": who, "action": action, "change": change}
            )
        return
    assert entry_bytes(entry) == rfc8785.dumps(entry)


def test_a_store_that_counts_from_one() -> None:
    entries = make_log(4, first_seq=1)
    assert verify_chain(entries, first_seq=1).size == 4
    assert broken(entries).reason == "seq-gap"


def test_editing_an_entry_breaks_the_chain_at_the_next_one() -> None:
    entries = make_log(10)
    entries[4]["change"]["claim"] = "C-forged"
    brk = broken(entries)
    assert (brk.due, brk.seq, brk.reason) == (5, 5, "prev-mismatch")
    assert (brk.action, brk.who, brk.at) == ("link", "analyst 2", "2022-03-11T21:15:00.000Z")
    assert "entry 4 was changed" in str(brk)


@pytest.mark.parametrize("field", ["who", "at", "action", "change"])
def test_editing_any_field_is_found(field: str) -> None:
    entries = make_log(6)
    entries[2][field] = {"who": "someone else", "at": "2022-03-12T00:00:00.000Z", "action": "unlink"}.get(
        field, 7
    )
    assert broken(entries).due == 3


def test_deleting_an_entry_is_a_gap() -> None:
    entries = make_log(8)
    del entries[3]
    brk = broken(entries)
    assert (brk.due, brk.seq, brk.reason) == (3, 4, "seq-gap")
    assert "entries 3 to 3 are missing" in brk.detail


def test_deleting_and_renumbering_is_a_broken_link() -> None:
    entries = make_log(8)
    del entries[3]
    for i, entry in enumerate(entries):
        entry["seq"] = i
    brk = broken(entries)
    assert (brk.due, brk.reason) == (3, "prev-mismatch")


def test_inserting_an_entry_is_found() -> None:
    entries = make_log(6)
    forged = chain(entry_hash(entries[2]), 3, START, "intruder", "retract", {"document": "d"})
    brk = broken([*entries[:3], forged, *entries[3:]])
    assert (brk.due, brk.seq, brk.reason) == (4, 3, "reordered")


def test_inserting_and_rechaining_the_next_is_still_found() -> None:
    entries = make_log(6)
    forged = chain(entry_hash(entries[2]), 3, START, "intruder", "retract", {"document": "d"})
    tail = [dict(e, seq=e["seq"] + 1) for e in entries[3:]]
    brk = broken([*entries[:3], forged, *tail])
    assert (brk.due, brk.seq, brk.reason, brk.who) == (4, 4, "prev-mismatch", "analyst 0")


def test_reordering_is_found() -> None:
    entries = make_log(6)
    entries[2], entries[3] = entries[3], entries[2]
    brk = broken(entries)
    assert (brk.due, brk.seq, brk.reason) == (2, 3, "seq-gap")


def test_a_repeated_entry_is_found() -> None:
    entries = make_log(5)
    brk = broken([*entries[:3], entries[2], *entries[3:]])
    assert (brk.due, brk.seq, brk.reason) == (3, 2, "reordered")


def test_a_log_missing_its_beginning_is_found() -> None:
    entries = make_log(5)
    brk = broken(entries[2:], first_seq=2)
    assert (brk.due, brk.reason) == (2, "prev-mismatch")
    assert "64 zeros" in brk.detail


def test_truncation_and_the_last_entry_show_only_against_the_checkpoint() -> None:
    """The chain cannot see a cut end, nor a change to its last entry: the size and root can."""
    entries = make_log(6)
    signed = verify_chain(entries)
    assert verify_chain(entries[:4]).size != signed.size
    entries[-1]["who"] = "someone else"
    assert verify_chain(entries).root != signed.root


@pytest.mark.parametrize(
    "entry",
    [
        "not a mapping",
        {"seq": 0},
        {**make_log(1)[0], "extra": 1},
        {**make_log(1)[0], "seq": "0"},
        {**make_log(1)[0], "seq": True},
        {**make_log(1)[0], "who": None},
        {**make_log(1)[0], "change": {"x": math.nan}},
    ],
    ids=["string", "fields-missing", "extra-field", "seq-text", "seq-bool", "who-none", "change-nan"],
)
def test_a_malformed_entry_is_named(entry: Any) -> None:
    brk = broken([entry])
    assert (brk.due, brk.reason) == (0, "malformed")


def test_chain_refuses_what_it_could_not_hash() -> None:
    with pytest.raises(FormatError, match="at:"):
        chain(GENESIS, 0, "11 March 2022", "analyst", "link", {})
    with pytest.raises(FormatError, match="timezone-aware"):
        chain(GENESIS, 0, datetime(2022, 3, 11), "analyst", "link", {})  # naive: the point of the test
    with pytest.raises(FormatError, match="who"):
        chain(GENESIS, 0, START, " ", "link", {})
    with pytest.raises(FormatError, match="previous hash"):
        chain("ABC", 0, START, "analyst", "link", {})
    with pytest.raises(FormatError, match="not canonical JSON"):
        chain(GENESIS, 0, START, "analyst", "link", {"n": 2**60})


def test_times_are_utc_to_the_millisecond() -> None:
    yerevan = timezone(timedelta(hours=4))
    entry = chain(GENESIS, 0, datetime(2022, 3, 12, 1, 10, 0, 999999, tzinfo=yerevan), "a", "b", None)
    assert entry["at"] == "2022-03-11T21:10:00.999Z"


# --- the checkpoint text ------------------------------------------------------------------------------


def test_the_c2sp_example() -> None:
    example = CHECKPOINTS["c2sp_example"]
    text, signatures = split_note(example["note"])
    root_hash = base64.b64decode(example["root_base64"])
    assert parse_checkpoint(text) == Checkpoint(example["origin"], example["size"], root_hash, ())
    assert checkpoint_body(example["origin"], example["size"], root_hash) == text
    assert [s.name for s in signatures] == [example["origin"]]


@pytest.mark.parametrize("case", CHECKPOINTS["formats_invalid"]["cases"].items(), ids=lambda c: c[0])
def test_the_invalid_checkpoints_of_transparency_dev(case: tuple[str, str]) -> None:
    with pytest.raises(FormatError, match="checkpoint"):
        parse_checkpoint(case[1])


@pytest.mark.parametrize("case", CHECKPOINTS["formats_stricter"]["cases"].items(), ids=lambda c: c[0])
def test_checkpoints_go_accepts_and_truce_refuses(case: tuple[str, str]) -> None:
    with pytest.raises(FormatError, match="checkpoint"):
        parse_checkpoint(case[1])


def test_a_checkpoint_signed_by_sum_golang_org() -> None:
    vector = NOTES["sumdb_checkpoint"]
    assert verify_note(vector["note"], [vector["verifier"]]) == ["sum.golang.org"]
    text, _ = split_note(vector["note"])
    origin, size, root_hash, extensions = parse_checkpoint(text)
    assert (origin, size, extensions) == (vector["origin"], vector["size"], ())
    assert root_hash == base64.b64decode(vector["root_base64"])


ROOT = bytes(range(32))
ROOT64 = base64.b64encode(ROOT).decode()
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
# The same 32 bytes with other (ignored) padding bits in the last character: not the canonical base64.
LOOSE64 = ROOT64[:42] + _ALPHABET[_ALPHABET.index(ROOT64[42]) ^ 1] + "="


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (f"log\n5\n{ROOT64}", "does not end in a newline"),
        (f"log\n05\n{ROOT64}\n", "leading zeros"),
        (f"log\n+5\n{ROOT64}\n", "line 2"),
        (f"log\n 5\n{ROOT64}\n", "line 2"),
        (f"log\n{2**64}\n{ROOT64}\n", "line 2"),
        (f"log\n5\n{base64.b64encode(ROOT[:31]).decode()}\n", "32 bytes"),
        (f"log\n5\n{LOOSE64}\n", "32 bytes"),
        (f"log\n5\n{ROOT64.rstrip('=')}\n", "not base64"),
        (f"log\r\n5\n{ROOT64}\n", "control character"),
        (f"log\n5\n{ROOT64}\n\n", "extension line"),
        (f"\n5\n{ROOT64}\n", "origin"),
    ],
)
def test_strict_parsing(text: str, problem: str) -> None:
    with pytest.raises(FormatError, match=problem):
        parse_checkpoint(text)


def test_body_refuses_what_would_not_parse() -> None:
    with pytest.raises(FormatError, match="origin"):
        checkpoint_body("two\nlines", 1, ROOT)
    with pytest.raises(FormatError, match="tree size"):
        checkpoint_body("log", -1, ROOT)
    with pytest.raises(FormatError, match="32 bytes"):
        checkpoint_body("log", 1, ROOT[:8])
    with pytest.raises(FormatError, match="extension line"):
        checkpoint_body("log", 1, ROOT, [""])


@settings(max_examples=300, deadline=None)
@given(
    st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cs",)), min_size=1),
    st.integers(0, 2**64 - 1),
    st.binary(min_size=32, max_size=32),
    st.lists(st.text(st.characters(min_codepoint=0x20, exclude_categories=("Cs",)), min_size=1), max_size=3),
)
def test_body_and_parse_round_trip(origin: str, size: int, root_hash: bytes, extensions: list[str]) -> None:
    body = checkpoint_body(origin, size, root_hash, extensions)
    assert parse_checkpoint(body) == (origin, size, root_hash, tuple(extensions))


# --- the whole path -----------------------------------------------------------------------------------


def test_a_log_checkpointed_signed_by_two_sides_and_verified_by_a_reader() -> None:
    """The Russian-Turkish centre's two sides sign one checkpoint; a reader holding their public keys
    verifies the signatures, the checkpoint against the log, an entry's inclusion and the log's growth."""
    ru, tr = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = [
        verifier_key_text("ru.monitor.example", ru.public_key()),
        verifier_key_text("tr.monitor.example", tr.public_key()),
    ]
    entries = make_log(40)
    head = verify_chain(entries[:30])
    body = checkpoint_body("truce.example/nagorno-karabakh", head.size, head.root)
    note = add_signature(sign_note(body, "ru.monitor.example", ru), "tr.monitor.example", tr)

    assert verify_note(note, keys) == ["ru.monitor.example", "tr.monitor.example"]
    checkpoint = parse_checkpoint(split_note(note)[0])
    leaves = [entry_leaf(e) for e in entries]
    assert (checkpoint.size, checkpoint.root) == (30, root(leaves[:30]))
    proof = inclusion_proof(leaves[: checkpoint.size], 17)
    assert verify_inclusion(entry_leaf(entries[17]), 17, checkpoint.size, proof, checkpoint.root)
    later = verify_chain(entries)
    growth = consistency_proof(leaves, checkpoint.size)
    assert verify_consistency(checkpoint.size, later.size, checkpoint.root, later.root, growth)

    entries[17]["who"] = "someone else"
    assert not verify_inclusion(entry_leaf(entries[17]), 17, checkpoint.size, proof, checkpoint.root)
