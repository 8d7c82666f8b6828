"""Publication with sign-off: keys, drafts, signatures, corrections, checkpoints, and bundles anyone can
verify offline; every tampering with a bundle or the signatures detected. On the Nagorno-Karabakh pack
(one signing side) and on the fictitious Lakeland pack (two sides on parity)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truce.cli import app
from truce.record.setup import init

LAKELAND = Path(__file__).parent / "packs" / "lakeland"


class Run:
    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, *args: str, ok: bool = True):  # type: ignore[no-untyped-def]
        result = CliRunner().invoke(
            app, [*args, "--db", self.url] if args[0] != "verify-bulletin" else list(args)
        )
        if ok:
            assert result.exit_code == 0, result.output
        return result


@pytest.fixture
def nk(db_url: str, tmp_path: Path) -> tuple[Run, Path]:
    run = Run(db_url)
    run("keys", "generate", "--name", "ru-duty-1", "--side", "RU", "--out", str(tmp_path / "ru.key"))
    return run, tmp_path


def test_publish_sign_checkpoint_export_and_verify(nk) -> None:  # type: ignore[no-untyped-def]
    run, tmp = nk
    assert (
        "waiting for the sides' signatures"
        in run("publish", "2022-03-24", "--lang", "en", "--lang", "ru").stdout
    )
    assert "published" in run("sign", "B-2022-03-24-1", "--key", str(tmp / "ru.key")).stdout
    assert (
        "checkpoint at" not in run("bulletins", "export", "B-2022-03-24-1", str(tmp / "b0"), ok=False).stdout
    )
    run("checkpoint", "--key", str(tmp / "ru.key"))
    run("bulletins", "export", "B-2022-03-24-1", str(tmp / "bundle"))
    result = run("verify-bulletin", str(tmp / "bundle"))
    assert "The bundle holds" in result.stdout and "FAIL" not in result.stdout
    pinned = tmp / "trusted.txt"
    pinned.write_text((tmp / "bundle" / "keys.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert (
        "signed by keys you trust"
        in run("verify-bulletin", str(tmp / "bundle"), "--trust", str(pinned)).stdout
    )
    listed = run("bulletins").stdout
    assert "B-2022-03-24-1" in listed and "published" in listed and "RU (ru-duty-1)" in listed
    assert "consistent with its 1 signed checkpoints" in run("verify").stdout


def test_a_published_bulletin_never_changes_a_correction_is_a_new_version(nk) -> None:  # type: ignore[no-untyped-def]
    run, tmp = nk
    run("publish", "2022-03-24")
    refused = run("publish", "2022-03-24", ok=False)
    assert refused.exit_code == 2 and "waiting for signatures" in refused.stderr
    run("sign", "B-2022-03-24-1", "--key", str(tmp / "ru.key"))
    again = run("sign", "B-2022-03-24-1", "--key", str(tmp / "ru.key"), ok=False)
    assert again.exit_code == 2 and "is published: it never changes" in again.stderr
    refused = run("publish", "2022-03-24", ok=False)
    assert "a correction is a new version: --correct B-2022-03-24-1" in refused.stderr
    assert run("publish", "2022-03-24", "--correct", "B-2022-03-24-1", ok=False).exit_code == 2  # no reason
    run("publish", "2022-03-24", "--correct", "B-2022-03-24-1", "--reason", "written for the test: the time")
    run("sign", "B-2022-03-24-2", "--key", str(tmp / "ru.key"))
    listed = run("bulletins", "--day", "2022-03-24").stdout
    assert "B-2022-03-24-2" in listed and "written for the test: the time" in listed
    assert "2 bulletins, 2 published" in listed  # both versions stay readable


def test_a_retired_key_signs_nothing_more_and_still_verifies(nk) -> None:  # type: ignore[no-untyped-def]
    run, tmp = nk
    run("publish", "2022-03-24")
    run("sign", "B-2022-03-24-1", "--key", str(tmp / "ru.key"))
    run("checkpoint", "--key", str(tmp / "ru.key"))
    run("keys", "retire", "ru-duty-1")
    refused = run("checkpoint", "--key", str(tmp / "ru.key"), ok=False)
    assert refused.exit_code == 2 and "was retired" in refused.stderr
    run("bulletins", "export", "B-2022-03-24-1", str(tmp / "bundle"))
    assert "The bundle holds" in run("verify-bulletin", str(tmp / "bundle")).stdout
    assert "The log holds" in run("verify").stdout
    assert "retired" in run("keys", "list").stdout or "-" in run("keys", "list").stdout


def test_keys_are_refused_when_they_should_be(nk) -> None:  # type: ignore[no-untyped-def]
    run, tmp = nk
    unknown = run("keys", "generate", "--name", "x", "--side", "TR", "--out", str(tmp / "x.key"), ok=False)
    assert (
        unknown.exit_code == 2
        and "is not a side that signs" in unknown.stderr
        and not (tmp / "x.key").exists()
    )
    twice = run(
        "keys", "generate", "--name", "ru-duty-1", "--side", "RU", "--out", str(tmp / "y.key"), ok=False
    )
    assert twice.exit_code == 2 and not (tmp / "y.key").exists()
    over = run(
        "keys", "generate", "--name", "ru-duty-2", "--side", "RU", "--out", str(tmp / "ru.key"), ok=False
    )
    assert over.exit_code == 2  # never over an existing file
    assert oct((tmp / "ru.key").stat().st_mode & 0o777) == "0o600"
    stranger = tmp / "stranger.key"
    from truce.audit.keys import generate_key, write_private_key

    write_private_key(stranger, generate_key("stranger")[0])
    refused = run("publish", "2022-03-24") and run("sign", "B-2022-03-24-1", "--key", str(stranger), ok=False)
    assert refused.exit_code == 2 and "is not registered" in refused.stderr
    assert "PRIVATE" not in run("keys", "list").stdout  # private keys never reach the database


def test_two_sides_on_parity_both_sign(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lakeland.db'}"
    init(url, str(LAKELAND))
    run = Run(url)
    for side, name in (("LM-N", "north-1"), ("LM-S", "south-1")):
        run("keys", "generate", "--name", name, "--side", side, "--out", str(tmp_path / f"{name}.key"))
    run("publish", "2021-10-19")
    first = run("sign", "B-2021-10-19-1", "--key", str(tmp_path / "north-1.key"))
    assert "waiting for the other sides" in first.stdout
    refused = run("bulletins", "export", "B-2021-10-19-1", str(tmp_path / "early"), ok=False)
    assert "is not published yet" in refused.stderr
    assert "published" in run("sign", "B-2021-10-19-1", "--key", str(tmp_path / "south-1.key")).stdout
    run("checkpoint", "--key", str(tmp_path / "north-1.key"))
    half = run("bulletins", "export", "B-2021-10-19-1", str(tmp_path / "half"), ok=False)
    assert "no checkpoint signed by every side" in half.stderr
    both = run("checkpoint", "--key", str(tmp_path / "south-1.key")).stdout
    assert "north-1" in both and "south-1" in both
    run("bulletins", "export", "B-2021-10-19-1", str(tmp_path / "bundle"))
    checked = run("verify-bulletin", str(tmp_path / "bundle")).stdout
    assert (
        "signature of side LM-N" in checked and "signature of side LM-S" in checked and "FAIL" not in checked
    )


def _tamper(bundle: Path, what: str) -> None:
    if what == "edit a file":
        md = next((bundle / "files").glob("*.md"))
        md.write_text(md.read_text(encoding="utf-8").replace("1 ", "2 ", 1), encoding="utf-8")
    elif what == "edit the manifest":
        text = (bundle / "manifest.json").read_text(encoding="utf-8")
        (bundle / "manifest.json").write_text(text.replace('"version":1', '"version":2'), encoding="utf-8")
    elif what == "forge a signature":
        signatures = json.loads((bundle / "signatures.json").read_text(encoding="utf-8"))
        signatures[0]["signature"] = signatures[0]["signature"][::-1]
        (bundle / "signatures.json").write_text(json.dumps(signatures), encoding="utf-8")
    elif what == "replace the public key":
        from truce.audit.keys import generate_key

        (bundle / "keys.txt").write_text(generate_key("ru-duty-1")[1] + "\n", encoding="utf-8")
    elif what == "forge the checkpoint":
        note = (bundle / "checkpoint.txt").read_text(encoding="utf-8")
        lines = note.split("\n")
        lines[1] = str(int(lines[1]) + 1)
        (bundle / "checkpoint.txt").write_text("\n".join(lines), encoding="utf-8")
    elif what == "alter the proof":
        proof = json.loads((bundle / "proof.json").read_text(encoding="utf-8"))
        proof["leaf_index"] += 1
        (bundle / "proof.json").write_text(json.dumps(proof), encoding="utf-8")
    elif what == "swap the log entry":
        entry = json.loads((bundle / "entry.json").read_text(encoding="utf-8"))
        entry["change"] = entry["change"].replace('"published":true', '"published":false')
        (bundle / "entry.json").write_text(json.dumps(entry), encoding="utf-8")


TAMPERINGS = [
    "edit a file",
    "edit the manifest",
    "forge a signature",
    "replace the public key",
    "forge the checkpoint",
    "alter the proof",
    "swap the log entry",
]


def test_tampering_with_a_bundle_is_detected(nk, capsys) -> None:  # type: ignore[no-untyped-def]
    run, tmp = nk
    run("publish", "2022-03-24")
    run("sign", "B-2022-03-24-1", "--key", str(tmp / "ru.key"))
    run("checkpoint", "--key", str(tmp / "ru.key"))
    run("bulletins", "export", "B-2022-03-24-1", str(tmp / "bundle"))
    detected = 0
    for what in TAMPERINGS:
        copy = tmp / what.replace(" ", "-")
        shutil.copytree(tmp / "bundle", copy)
        _tamper(copy, what)
        result = run("verify-bulletin", str(copy), ok=False)
        assert result.exit_code != 0, what
        assert "Traceback" not in result.output and result.stderr.startswith("Error:"), (what, result.output)
        detected += 1
    with capsys.disabled():
        print(f"\ntampering with a bundle: {detected} of {len(TAMPERINGS)} detected")
    assert detected == len(TAMPERINGS)


def test_cutting_or_rewriting_the_log_after_a_checkpoint_is_detected(nk, db_url: str) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine, text

    run, tmp = nk
    run("publish", "2022-03-24")
    run("checkpoint", "--key", str(tmp / "ru.key"))
    path = Path(db_url.removeprefix("sqlite:///"))
    backup = path.read_bytes()
    for statements in (
        ["delete from audit_log where seq = (select max(seq) from audit_log)"],
        ["update checkpoints set note = replace(note, 'nagorno', 'Nagorno')"],
    ):
        engine = create_engine(db_url)
        with engine.begin() as connection:
            for statement in statements:
                connection.execute(text(statement))
        engine.dispose()
        result = run("verify", ok=False)
        assert result.exit_code == 1 and "checkpoint" in result.stdout, result.output
        path.write_bytes(backup)
    assert "The log holds" in run("verify").stdout
