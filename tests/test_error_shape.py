"""Every error has one shape: one line starting ``Error:``, the documented exit code (1 a failure, 2 a bad
value), no traceback, no secret, and nothing written. One table covers every command; a new command must
join it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from cli_commands import commands
from typer.testing import CliRunner

from truce.cli import app

SECRET = "s3cret-written-for-the-test"
NO_DATABASE = {"verify-bulletin"}  # it reads a bundle, never a database
UNREACHABLE = f"postgresql+psycopg://truce:{SECRET}@/x?host=/nonexistent&port=1"

# command -> bad invocations: (arguments after the command, exit code, the start of the message)
CASES: dict[str, list[tuple[list[str], int, str]]] = {
    "init": [(["--pack", "{tmp}/no-such-pack"], 1, "Error: {tmp}/no-such-pack: no such mission pack")],
    "incidents": [
        (["--from", "2022-02-30"], 2, "Error: --from: '2022-02-30' is not a date"),
        (["--place", "Qwertyville"], 1, "Error: unknown place 'Qwertyville'"),
        (["--from", "2022-03-02", "--to", "2022-03-01"], 2, "Error: --to: 2022-03-01 is before"),
        (["--format", "xml"], 2, "Error: --format: 'xml' is not one of"),
        (["--accused", "XX"], 2, "Error: --accused: 'XX' is not one of"),
        (["--means", "catapult"], 2, "Error: --means: 'catapult' is not in the vocabulary"),
    ],
    "bulletin": [
        (["2022-13-01"], 2, "Error: DATE: '2022-13-01' is not a date"),
        (["2030-01-01"], 2, "Error: DATE: 2030-01-01 is outside the mission's mandate"),
        (["2022-03-11", "--names", "elvish"], 2, "Error: --names: unknown naming convention 'elvish'"),
        (["2022-03-11", "--format", "docx"], 2, "Error: --format: 'docx' is not one of"),
        (["2022-03-11", "--format", "pdf"], 2, "Error: --out: a PDF is written to a file"),
        (["2022-03-11", "--lang", "fr"], 2, "Error: --lang: 'fr' is not one of"),
        (
            ["2022-03-11", "--format", "pdf", "--out", "{tmp}/existing.svg"],
            2,
            "Error: --out: {tmp}/existing.svg exists",
        ),
    ],
    "mission": [(["--as-of", "tomorrow"], 2, "Error: --as-of: 'tomorrow' is not a date")],
    "summary": [],
    "documents": [(["--source", "nobody"], 2, "Error: --source: no source 'nobody'")],
    "documents show": [(["ffffffffffff"], 1, "Error: no document 'ffffffffffff'")],
    "documents retract": [(["ffffffffffff", "--reason", "x"], 1, "Error: no document 'ffffffffffff'")],
    "observe": [
        (
            ["--post", "pp-n1", "--date", "2022-03-08", "--observer", "x", "--place", "Qwertyville"],
            2,
            "Error: --place: unknown place 'Qwertyville'",
        ),
    ],
    "places search": [(["Qwertyville"], 1, "Error: unknown place 'Qwertyville'")],
    "extract": [
        (["{tmp}/missing.txt"], 2, "Error: {tmp}/missing.txt: cannot read"),
        (["{tmp}"], 2, "Error: {tmp}: is a folder, not a file"),
        (["{tmp}/folder.txt"], 2, "Error: {tmp}/folder.txt: is a folder, not a file"),
        (["{tmp}/binary.txt"], 2, "Error: {tmp}/binary.txt: not a text file"),
        (["-", "--lang", "fr"], 2, "Error: --lang: 'fr' is not one of"),
    ],
    "ingest": [
        (["{tmp}/missing.txt"], 2, "Error: {tmp}/missing.txt: cannot read"),
        (["{tmp}/broken.jsonl"], 2, "Error: {tmp}/broken.jsonl, line 2: not valid JSON"),
        (["{tmp}/empty.txt"], 2, "Error: {tmp}/empty.txt: holds no text"),
    ],
    "reconcile": [],
    "compare": [(["I-nothing"], 1, "Error: no incident 'I-nothing'")],
    "link": [(["C-nothing", "I-rumod-20220311"], 1, "Error: no claim 'C-nothing'")],
    "unlink": [
        (["C-rumod-20220311", "I-nothing"], 0, "")
    ],  # barring an incident that does not exist is harmless
    "areas": [(["--as-of", "2022-3-1x"], 2, "Error: --as-of: '2022-3-1x' is not a date")],
    "locate": [],
    "coverage": [(["--as-of", "never"], 2, "Error: --as-of: 'never' is not a date")],
    "findings": [(["--format", "yaml"], 2, "Error: --format: 'yaml' is not one of")],
    "map": [
        (["--out", "{tmp}/map.pdf"], 2, "Error: --out: 'map.pdf' must end in"),
        (
            ["--out", "{tmp}/no/such/folder/map.svg"],
            2,
            "Error: --out: cannot write {tmp}/no/such/folder/map.svg",
        ),
        (["--out", "{tmp}/existing.svg"], 2, "Error: --out: {tmp}/existing.svg exists: use --force"),
        (["--out", "/proc/truce-map.svg"], 2, "Error: --out: cannot write /proc/truce-map.svg"),
    ],
    "verify": [],  # a record that does not hold is its own test (tests/test_audit_log.py)
    "export": [
        (["--format", "shp", "--out", "{tmp}/x.shp"], 2, "Error: --format: 'shp' is not one of"),
        (
            ["--format", "geopackage", "--out", "{tmp}/x.sqlite"],
            2,
            "Error: --out: 'x.sqlite' must end in .gpkg",
        ),
        (
            ["--format", "acled", "--out", "{tmp}/existing.svg"],
            2,
            "Error: --out: {tmp}/existing.svg exists: use --force",
        ),
        (
            ["--format", "geojson", "--out", "{tmp}/existing.svg"],
            2,
            "Error: --out: cannot make folder {tmp}/existing.svg",
        ),
        (
            ["--format", "ucdp", "--out", "{tmp}/x.csv", "--from", "2022-13-01"],
            2,
            "Error: --from: '2022-13-01' is not a date",
        ),
    ],
    "keys generate": [
        (["--name", "k1", "--side", "XX", "--out", "{tmp}/k1.key"], 2, "Error: --side: 'XX' is not a side"),
        (
            ["--name", "k 1", "--side", "RU", "--out", "{tmp}/k1.key"],
            2,
            "Error: --name: 'k 1' is not a key name",
        ),
    ],
    "keys import": [(["--side", "RU", "not-a-key"], 2, "Error: ")],
    "keys list": [],
    "keys retire": [(["nobody"], 1, "Error: no key 'nobody'")],
    "checkpoint": [
        (["--key", "{tmp}/missing.key"], 2, "Error: "),
        (["--key", "{tmp}/statement.txt"], 2, "Error: "),
    ],
    "publish": [
        (["2030-01-01"], 2, "Error: DATE: 2030-01-01 is outside the mission's mandate"),
        (["2022-03-24", "--lang", "fr"], 2, "Error: --lang: 'fr' is not one of"),
        (
            ["2022-03-24", "--correct", "B-nothing", "--reason", "x"],
            2,
            "Error: --correct: 'B-nothing' is no published",
        ),
    ],
    "sign": [(["B-nothing", "--key", "{tmp}/missing.key"], 2, "Error: ")],
    "bulletins": [(["--day", "someday"], 2, "Error: --day: 'someday' is not a date")],
    "bulletins export": [(["B-nothing", "{tmp}/bundle"], 1, "Error: no bulletin 'B-nothing'")],
    "verify-bulletin": [(["{tmp}"], 1, "Error: {tmp}/manifest.json: missing from the bundle")],
    "activities": [
        (["--kind", "picnic"], 2, "Error: --kind: 'picnic' is not one of escort, passage"),
        (["--from", "2022-13-01"], 2, "Error: --from:"),
        (["--from", "2023-01-10", "--to", "2023-01-01"], 2, "Error: --to: 2023-01-01 is before --from"),
        (["--lang", "fr"], 2, "Error: --lang: 'fr' is not one of en, ru"),
    ],
    "trends": [
        (["--by", "year"], 2, "Error: --by: 'year' is not one of day, week, month"),
        (["--group", "weather"], 2, "Error: --group: 'weather' is not one of zone, party, means"),
        (["--format", "xml"], 2, "Error: --format: 'xml' is not one of table, csv, json"),
        (["--chart", "{tmp}/trends.pdf"], 2, "Error: --chart: 'trends.pdf' must end in .png or .svg"),
        (["--chart", "{tmp}/existing.svg"], 2, "Error: --chart: {tmp}/existing.svg exists: use --force"),
        (["--all", "--monitor-only"], 2, "Error: --all: --all and --monitor-only exclude each other"),
    ],
    "export-geojson": [(["{tmp}/existing.svg"], 2, "Error: DIR: cannot make folder {tmp}/existing.svg")],
    "serve": [(["--port", "0"], 2, "Error: --port: 0 is not a port")],
    "users": [],
    "users add": [
        (["Bad Name", "--role", "reader"], 2, "Error: --name: 'Bad Name' is not a user name"),
        (["x1", "--role", "king"], 2, "Error: --role: 'king' is not one of"),
        (["x1", "--role", "publisher", "--side", "AZ"], 2, "Error: --side: a publisher signs for one side"),
        (["x1", "--role", "observer", "--post", "pp-none"], 2, "Error: --posts: an observer records for"),
    ],
    "users role": [(["nobody", "--role", "reader"], 2, "Error: --name: no user 'nobody'")],
    "users password": [(["nobody"], 2, "Error: --name: no user 'nobody'")],
    "users disable": [(["nobody"], 2, "Error: --name: no user 'nobody'")],
    "users revoke-sessions": [(["nobody"], 2, "Error: --name: no user 'nobody'")],
    "users guest": [(["g1", "--hours", "0"], 2, "Error: --hours: guest access lasts")],
    "users token": [(["nobody"], 2, "Error: --name: no user 'nobody'")],
    "users tokens": [],
    "users revoke": [(["nothing"], 1, "Error: no token 'nothing'")],
    "verdict": [],
    "verdict set": [
        (["I-rumod-20220311", "confirmed", "--note", "x"], 2, "Error: --verdict: 'confirmed' is not one of"),
        (["I-nothing", "violation", "--note", "x"], 1, "Error: no incident 'I-nothing'"),
        (
            ["I-rumod-20220311", "violation", "--note", "x", "--from", "2022-3-1x"],
            2,
            "Error: --from: '2022-3-1x'",
        ),
        (["I-rumod-20220311", "violation", "--note", "x", "--place", "Atlantis"], 2, "Error: --place: "),
    ],
    "verdict withdraw": [
        (["I-rumod-20220311", "--note", "x"], 1, "Error: incident 'I-rumod-20220311' has no finding in force")
    ],
    "verdict show": [(["I-nothing"], 1, "Error: no incident 'I-nothing'")],
}

# the arguments a command needs to reach the database (for the unreachable-database case)
REACH = {
    "bulletin": ["2022-03-11"],
    "documents show": ["ffffffffffff"],
    "documents retract": ["ffffffffffff", "--reason", "x"],
    "observe": ["--post", "pp-n1", "--date", "2022-03-08", "--observer", "x", "--place", "Khramort"],
    "places search": ["Khramort"],
    "extract": ["{tmp}/statement.txt"],
    "ingest": ["{tmp}/statement.txt"],
    "compare": ["I-rumod-20220311"],
    "link": ["C-rumod-20220311", "I-rumod-20220311"],
    "unlink": ["C-rumod-20220311", "I-rumod-20220311"],
    "coverage": ["--as-of", "2022-03-11"],
    "map": ["--out", "{tmp}/map.svg"],
    "verify": [],  # a record that does not hold is its own test (tests/test_audit_log.py)
    "export-geojson": ["{tmp}/layers"],
    "export": ["--format", "csv", "--out", "{tmp}/incidents.csv"],
    "keys generate": ["--name", "k1", "--side", "RU", "--out", "{tmp}/k1.key"],
    "keys import": ["--side", "RU", "k1+00000000+AQ=="],
    "keys retire": ["k1"],
    "checkpoint": ["--key", "{tmp}/missing.key"],
    "publish": ["2022-03-24"],
    "sign": ["B-nothing", "--key", "{tmp}/missing.key"],
    "bulletins export": ["B-nothing", "{tmp}/bundle"],
    "users add": ["x1", "--role", "reader"],
    "users role": ["x1", "--role", "reader"],
    "users password": ["x1"],
    "users disable": ["x1"],
    "users revoke-sessions": ["x1"],
    "users guest": ["g1"],
    "users token": ["x1"],
    "users revoke": ["t1"],
    "verdict set": ["I-rumod-20220311", "violation", "--note", "x"],
    "verdict withdraw": ["I-rumod-20220311", "--note", "x"],
    "verdict show": ["I-rumod-20220311"],
}


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "folder.txt").mkdir()
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (tmp_path / "broken.jsonl").write_text('{"text": "fine"}\n{"text": broken\n', encoding="utf-8")
    (tmp_path / "empty.txt").write_text(" \n\n ", encoding="utf-8")
    (tmp_path / "statement.txt").write_text("Written for the test: shots near Khramort.", encoding="utf-8")
    (tmp_path / "existing.svg").write_text("<svg/>", encoding="utf-8")
    return tmp_path


def _fill(args: list[str], tmp: Path) -> list[str]:
    return [a.replace("{tmp}", str(tmp)) for a in args]


def _state(db: Path, tmp: Path) -> tuple[str, list[str]]:
    """What a failed command must not change: the database's rows, and the files in the folder."""
    from truce.store import Store

    store = Store.open(f"sqlite:///{db}")
    try:
        counts = store.counts()
        rows = str(sorted(counts.items())) + str([(d.id, d.retraction) for d in store.documents()])
    finally:
        store.close()
    files = sorted(
        str(p.relative_to(tmp)) for p in tmp.rglob("*") if "-wal" not in p.name and "-shm" not in p.name
    )
    return hashlib.sha256(rows.encode()).hexdigest(), files


def test_every_command_is_covered() -> None:
    listed = {c.removeprefix("truce ") for c in commands(app)}
    assert listed == set(CASES), "add the new command's bad inputs to CASES"


@pytest.mark.parametrize(
    ("name", "args", "code", "message"),
    [(name, args, code, message) for name, cases in CASES.items() for args, code, message in cases],
)
def test_bad_input_has_one_shape(
    db_url: str, files: Path, name: str, args: list[str], code: int, message: str
) -> None:
    db = Path(db_url.removeprefix("sqlite:///"))
    before = _state(db, files)
    argv = [*name.split(), *_fill(args, files), *([] if name in NO_DATABASE else ["--db", db_url])]
    result = CliRunner().invoke(app, argv, input="Written for the test.")
    assert result.exit_code == code, result.output
    if code:
        assert result.stdout == "", result.stdout
        assert result.stderr.startswith(message.replace("{tmp}", str(files))), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    assert _state(db, files) == before  # nothing written


@pytest.mark.parametrize("name", sorted(set(CASES) - NO_DATABASE))
def test_an_unreachable_database_is_one_line_without_its_password(files: Path, name: str) -> None:
    argv = [*name.split(), *_fill(REACH.get(name, []), files), "--db", UNREACHABLE]
    before = sorted(files.rglob("*"))
    result = CliRunner().invoke(app, argv, input="Written for the test.")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot open database"), result.stderr
    assert result.stderr.count("\n") == 1
    assert SECRET not in result.output
    assert "Traceback" not in result.output
    assert sorted(files.rglob("*")) == before


def test_a_missing_database_file_is_not_made(files: Path) -> None:
    result = CliRunner().invoke(app, ["summary", "--db", str(files / "typo.db")])
    assert result.exit_code == 1 and result.stderr.startswith(f"Error: no database at {files / 'typo.db'}")
    assert not (files / "typo.db").exists()
