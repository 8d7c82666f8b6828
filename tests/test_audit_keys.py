"""Keys and signed notes: the published example of golang.org/x/mod/sumdb/note (the PeterNeumann and
EnochRoot keys, note and signatures) and the key pairs of transparency-dev/formats, as vectors; co-signing
by two sides; and key files: mode 0600, never overwritten nor written through a link, refused when others
can read them, read from a path or an environment variable, and never shown in an error."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from truce.audit.errors import FormatError, KeyFileError, SignatureError
from truce.audit.keys import SigningKey, generate_key, load_private_key, parse_private_key, write_private_key
from truce.audit.note import (
    MAX_SIGNATURES,
    VerifierKey,
    add_signature,
    key_id,
    parse_verifier_key,
    sign_note,
    split_note,
    verifier_key_text,
    verify_note,
)

NOTES = json.loads((Path(__file__).parent / "audit_vectors" / "signed_note.json").read_text(encoding="utf-8"))
GO = NOTES["sumdb_note"]
PETER, ENOCH = GO["peter_verifier"], GO["enoch_verifier"]


def secret(private_text: str) -> str:
    """The base64 of the seed: the part of a private key text that no message may show."""
    return private_text.split("+", 4)[4]


def peter() -> SigningKey:
    return parse_private_key(GO["peter_private"])


def manglings(text: str) -> list[str]:
    """What note_test.go tries: every proper substring, and every character one code higher."""
    data = text.encode()
    cut = {
        data[i:j].decode("utf-8", "replace")
        for i in range(len(data) + 1)
        for j in range(i + 1, len(data) + 1)
    }
    cut.discard(text)
    bumped = [
        (data[:i] + bytes([data[i] + 1]) + data[i + 1 :]).decode("utf-8", "replace") for i in range(len(data))
    ]
    return [*cut, *bumped]


# --- verifier keys and private keys -------------------------------------------------------------------


def test_the_peter_neumann_verifier_key() -> None:
    key = parse_verifier_key(PETER)
    assert (key.name, f"{key.key_id:08x}") == ("PeterNeumann", "c74f20a3")
    assert verifier_key_text(key.name, key.public_key) == PETER
    assert key_id(key.name, key.public_key) == key.key_id


def test_every_mangled_verifier_key_is_refused() -> None:
    for text in manglings(PETER):
        with pytest.raises(FormatError):
            parse_verifier_key(text)


@pytest.mark.parametrize("text", GO["bad_verifiers"], ids=lambda t: GO["bad_verifiers"][t])
def test_the_bad_verifier_keys_of_note_test(text: str) -> None:
    with pytest.raises(FormatError):
        parse_verifier_key(text)


SMALL_ORDER = [
    "00" * 32,
    "01" + "00" * 31,
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",  # p - 1, sign bit set
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
]


@pytest.mark.parametrize("public_hex", SMALL_ORDER)
def test_weak_public_keys_are_refused(public_hex: str) -> None:
    """A key of small order makes a forged signature verify on any text ("replace a public key")."""
    encoded = b"\x01" + bytes.fromhex(public_hex)
    hex_id = hashlib.sha256(b"ru-side\n" + encoded).hexdigest()[:8]
    text = "ru-side+" + hex_id + "+" + base64.b64encode(encoded).decode()
    with pytest.raises(FormatError, match="weak Ed25519 public key"):
        parse_verifier_key(text)
    with pytest.raises(FormatError, match="weak Ed25519 public key"):
        verify_note(GO["signed_by_peter"], [VerifierKey("PeterNeumann", 0xC74F20A3, encoded[1:])])


def test_the_peter_neumann_private_key() -> None:
    key = peter()
    assert (key.name, key.key_id) == ("PeterNeumann", 0xC74F20A3)
    assert key.verifier_key() == PETER


def test_every_mangled_private_key_is_refused_without_showing_it() -> None:
    seed = secret(GO["peter_private"])
    for text in manglings(GO["peter_private"]):
        with pytest.raises(FormatError) as caught:
            parse_private_key(text)
        assert seed[4:16] not in str(caught.value)


@pytest.mark.parametrize("pair", NOTES["formats_keys"]["pairs"], ids=lambda p: p[1].split("+")[0])
def test_the_key_pairs_of_transparency_dev_formats(pair: list[str]) -> None:
    private, public = pair
    assert parse_private_key(private).verifier_key() == public
    assert parse_verifier_key(public).key_id == parse_private_key(private).key_id


def test_generated_keys_are_in_the_sumdb_formats_and_work() -> None:
    private, public = generate_key("truce.example/ru-side")
    key = parse_private_key(private)
    assert key.verifier_key() == public
    assert private.split("+")[:4] == ["PRIVATE", "KEY", "truce.example/ru-side", public.split("+")[1]]
    note = sign_note("checkpoint\n", key.name, key.private_key)
    assert verify_note(note, [public]) == ["truce.example/ru-side"]


@pytest.mark.parametrize("name", ["", "RU side", "ru+tr", "tab\there", "new\nline", "nbsp\u00a0"])
def test_names_with_spaces_or_plus_are_refused(name: str) -> None:
    with pytest.raises(FormatError, match="cannot name a key"):
        generate_key(name)
    with pytest.raises(FormatError, match="cannot name a key"):
        sign_note("text\n", name, Ed25519PrivateKey.generate())


def test_a_signing_key_never_shows_its_secret() -> None:
    key = peter()
    assert repr(key) == "SigningKey(name='PeterNeumann', key_id=3343851683)"
    assert secret(GO["peter_private"])[:12] not in repr(key) + str(key)


# --- signed notes: the sumdb/note vectors -------------------------------------------------------------


def test_sign_gives_the_published_note() -> None:
    key = peter()
    assert sign_note(GO["text"], key.name, key.private_key) == GO["signed_by_peter"]


def test_signing_again_replaces_a_signature_of_the_same_key() -> None:
    key = peter()
    assert add_signature(GO["signed_by_peter"], key.name, key.private_key) == GO["signed_by_peter"]
    assert add_signature(GO["invalid_signature"], key.name, key.private_key) == GO["signed_by_peter"]


def test_a_second_side_adds_its_signature_after_the_first() -> None:
    enoch = Ed25519PrivateKey.generate()
    note = add_signature(GO["signed_by_peter"], "EnochRoot", enoch)
    text, signatures = split_note(note)
    assert text == GO["text"] and [s.name for s in signatures] == ["PeterNeumann", "EnochRoot"]
    assert note.startswith(GO["signed_by_peter"])
    enoch_key = verifier_key_text("EnochRoot", enoch.public_key())
    assert verify_note(note, [PETER, enoch_key]) == ["PeterNeumann", "EnochRoot"]


@pytest.mark.parametrize("text", ["abc", "", "no final newline\nhere", "a\x01b\n", "lone \ud800\n"])
def test_only_well_formed_texts_are_signed(text: str) -> None:
    with pytest.raises(FormatError):
        sign_note(text, "PeterNeumann", peter().private_key)


def test_open_with_one_known_key_of_two() -> None:
    """TestOpen: Enoch's signature is by a key the reader does not know: ignored."""
    assert verify_note(GO["signed_by_both"], [PETER]) == ["PeterNeumann"]
    assert split_note(GO["signed_by_both"])[0] == GO["text"]


def test_open_with_both_keys() -> None:
    assert verify_note(GO["signed_by_both"], [PETER, ENOCH]) == ["PeterNeumann", "EnochRoot"]
    assert verify_note(GO["signed_by_both"].encode(), [parse_verifier_key(ENOCH)]) == ["EnochRoot"]


def test_open_with_no_known_key_verifies_no_name() -> None:
    assert verify_note(GO["signed_by_both"], []) == []


def test_a_duplicated_identical_key_is_harmless_a_conflicting_one_is_refused() -> None:
    assert verify_note(GO["signed_by_peter"], [ENOCH, PETER, ENOCH]) == ["PeterNeumann"]
    impostor = VerifierKey("PeterNeumann", 0xC74F20A3, parse_verifier_key(ENOCH).public_key)
    with pytest.raises(FormatError, match="two different verifier keys named PeterNeumann"):
        verify_note(GO["signed_by_peter"], [PETER, impostor])


def test_a_bad_signature_of_a_known_key_is_an_error() -> None:
    with pytest.raises(SignatureError, match="PeterNeumann\\+c74f20a3 does not verify"):
        verify_note(GO["invalid_signature"], [PETER])


def test_a_bad_signature_of_an_unknown_key_is_ignored() -> None:
    peter_line, enoch_line = GO["peter_signature_line"], GO["enoch_signature_line"]
    enoch_bad = enoch_line[:60] + "ABCD" + enoch_line[60:]
    note = GO["text"] + "\n" + peter_line + peter_line + enoch_line + enoch_line + enoch_bad
    assert verify_note(note, [PETER]) == ["PeterNeumann"]
    with pytest.raises(SignatureError, match="EnochRoot"):
        verify_note(note, [PETER, ENOCH])


def test_signatures_under_another_name_or_key_id_are_not_the_known_key() -> None:
    misnamed = GO["signed_by_peter"].replace("PeterNeumann", "CarmenSandiego")
    assert verify_note(misnamed, [PETER]) == []
    other_id = GO["signed_by_peter"].replace("x08g", "xxxx")
    assert verify_note(other_id, [PETER]) == []


def test_an_altered_text_fails() -> None:
    altered = GO["signed_by_peter"].replace("cryptography", "cryptograhpy")
    with pytest.raises(SignatureError):
        verify_note(altered, [PETER])


@pytest.mark.parametrize("note", GO["malformed"], ids=range(len(GO["malformed"])))
def test_malformed_notes(note: str) -> None:
    with pytest.raises(FormatError, match="signed note"):
        verify_note(note, [PETER])


def test_a_note_that_is_not_utf8() -> None:
    with pytest.raises(FormatError, match="not UTF-8"):
        split_note(bytes.fromhex(GO["malformed_bytes_hex"][0]))


def test_as_many_signatures_as_allowed() -> None:
    note = GO["text"] + "\n" + GO["peter_signature_line"] * MAX_SIGNATURES
    assert verify_note(note, [PETER]) == ["PeterNeumann"]


def test_the_c2sp_example_note_whose_text_holds_a_blank_line() -> None:
    example = NOTES["c2sp_signed_note_example"]
    text, signatures = split_note(example["note"])
    assert text == example["text"]
    assert [s.name for s in signatures] == [example["name"]] and len(signatures[0].signature) == 64
    assert verify_note(example["note"], [PETER]) == []


# --- key files ----------------------------------------------------------------------------------------


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "ru.key"
    write_private_key(path, GO["peter_private"])
    return path


def test_a_key_file_is_written_0600_and_read_back(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text() == GO["peter_private"] + "\n"
    assert load_private_key(key_file).verifier_key() == PETER
    assert load_private_key(str(key_file)).key_id == 0xC74F20A3


def test_the_umask_does_not_widen_the_mode(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_private_key(tmp_path / "k", GO["peter_private"])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "k").stat().st_mode) == 0o600


def test_a_key_file_is_never_overwritten(key_file: Path) -> None:
    private, _ = generate_key("another")
    with pytest.raises(KeyFileError, match=f"{key_file}: exists: a key file is never overwritten"):
        write_private_key(key_file, private)
    assert load_private_key(key_file).name == "PeterNeumann"


def test_a_key_is_never_written_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    link = tmp_path / "link.key"
    link.symlink_to(target)  # dangling: writing through it would create the target
    with pytest.raises(KeyFileError, match="symbolic link"):
        write_private_key(link, GO["peter_private"])
    assert not target.exists()


def test_writing_into_a_missing_folder_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "ru.key"
    with pytest.raises(KeyFileError, match=f"{path}: cannot write the key file"):
        write_private_key(path, GO["peter_private"])


def test_only_a_private_key_is_written(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="not a private key"):
        write_private_key(tmp_path / "k", PETER)
    assert not (tmp_path / "k").exists()


def test_a_missing_key_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match=f"{tmp_path / 'none.key'}: no such key file"):
        load_private_key(tmp_path / "none.key")


def test_a_key_file_others_can_read_is_refused(key_file: Path) -> None:
    key_file.chmod(0o644)
    with pytest.raises(
        KeyFileError, match=f"others can read or write this private key file: chmod 600 {key_file}"
    ):
        load_private_key(key_file)


def test_a_folder_is_not_a_key_file(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError, match="not a regular file"):
        load_private_key(tmp_path)


def test_a_damaged_key_file_is_named_and_not_shown(tmp_path: Path) -> None:
    path = tmp_path / "damaged.key"
    damaged = GO["peter_private"][:-6] + "AAAAAA"
    path.write_text(damaged + "\n")
    path.chmod(0o600)
    with pytest.raises(
        KeyFileError, match=f"{path}: private key PeterNeumann: the key ID does not match"
    ) as caught:
        load_private_key(path)
    assert secret(damaged)[:12] not in str(caught.value)


def test_a_public_key_in_a_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "public.key"
    path.write_text(PETER)
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="not a private key: it should start with PRIVATE"):
        load_private_key(path)


def test_a_key_from_an_environment_variable_holding_the_key(key_file: Path) -> None:
    environ = {"TRUCE_KEY_RU": GO["peter_private"] + "\n"}
    assert load_private_key("env:TRUCE_KEY_RU", environ=environ).name == "PeterNeumann"


def test_a_key_from_an_environment_variable_holding_a_path(key_file: Path) -> None:
    assert load_private_key("env:KEY", environ={"KEY": str(key_file)}).name == "PeterNeumann"
    with pytest.raises(KeyFileError, match=r"/nowhere \(from environment variable KEY\): no such key file"):
        load_private_key("env:KEY", environ={"KEY": "/nowhere"})


def test_a_damaged_key_in_an_environment_variable_is_not_shown() -> None:
    damaged = GO["peter_private"][:-6] + "AAAAAA"
    with pytest.raises(KeyFileError, match="environment variable KEY: private key PeterNeumann") as caught:
        load_private_key("env:KEY", environ={"KEY": damaged})
    assert secret(damaged)[:12] not in str(caught.value)


@pytest.mark.parametrize("environ", [{}, {"KEY": ""}, {"KEY": "  \n"}])
def test_an_unset_environment_variable(environ: dict[str, Any]) -> None:
    with pytest.raises(KeyFileError, match="environment variable KEY: not set"):
        load_private_key("env:KEY", environ=environ)


def test_the_real_environment_is_read_by_default(key_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUCE_TEST_KEY", str(key_file))
    assert load_private_key("env:TRUCE_TEST_KEY").name == "PeterNeumann"


def test_key_errors_are_one_line_with_the_bad_value_exit_code() -> None:
    error = KeyFileError("ru.key", "no such key file")
    assert (str(error), error.exit_code) == ("ru.key: no such key file", 2)
    assert SignatureError("ru", 1).exit_code == 1
