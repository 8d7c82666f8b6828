"""Interrupted work resumes: ``kill -9`` at several points of an ingest and of an init leaves a record
that the next run completes into the record an uninterrupted run makes. The statements are written for
the test."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from truce.store import Store

TRUCE = [str(Path(sys.executable).parent / "truce")]
PLACES = ["Khramort", "Avdur", "Taghavard", "Karmir Shuka", "Chartar", "Khachmach"]


def statements(path: Path, count: int = 150) -> Path:
    records = [
        {
            "text": f"Written for the test. On {1 + n % 28} May the armed forces of Azerbaijan fired at "
            f"positions near {PLACES[n % len(PLACES)]} with small arms (report {n}). Nobody was hurt.",
            "published": f"2021-05-{1 + n % 28:02d}",
            "source": "NK MoD",
        }
        for n in range(count)
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def snapshot(url: str) -> tuple:
    """The record as comparable values: counts, incidents as sets of claims, and where each stands."""
    store = Store.open(url, create=False)
    try:
        incidents = store.incidents()
        groups = sorted(sorted(c.id for c in i.claims) for i in incidents)
        sitings = sorted((i.id, i.siting) for i in incidents)
        return store.counts(), groups, sitings
    finally:
        store.close()


def killed_after(argv: list[str], seconds: float) -> bool:
    """Run ``argv`` and kill it with SIGKILL after ``seconds``; True if it was still running."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    alive = process.poll() is None
    if alive:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return alive


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    folder = tmp_path_factory.mktemp("whole")
    url = f"sqlite:///{folder / 'whole.db'}"
    path = statements(folder / "statements.jsonl")
    subprocess.run([*TRUCE, "init", "--db", url], check=True, capture_output=True)
    subprocess.run([*TRUCE, "ingest", str(path), "--db", url], check=True, capture_output=True)
    return path, snapshot(url)


@pytest.mark.parametrize("seconds", [0.5, 1.5, 3.0, 5.0])
def test_a_killed_ingest_resumes(tmp_path: Path, uninterrupted: tuple[Path, tuple], seconds: float) -> None:
    path, whole = uninterrupted
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    subprocess.run([*TRUCE, "init", "--db", url], check=True, capture_output=True)
    killed_after([*TRUCE, "ingest", str(path), "--db", url], seconds)
    counts = snapshot(url)[0]
    assert counts["documents"] in (0, whole[0]["documents"])  # one transaction: all or nothing
    subprocess.run([*TRUCE, "ingest", str(path), "--db", url], check=True, capture_output=True)
    assert snapshot(url) == whole
    assert all(siting is not None for _, siting in snapshot(url)[2])  # every incident located


@pytest.mark.parametrize("seconds", [0.5, 1.5, 3.0])
def test_a_killed_init_resumes(tmp_path: Path, uninterrupted: tuple[Path, tuple], seconds: float) -> None:
    url = f"sqlite:///{tmp_path / 'killed-init.db'}"
    killed_after([*TRUCE, "init", "--db", url], seconds)
    subprocess.run([*TRUCE, "init", "--db", url], check=True, capture_output=True)
    whole_init = f"sqlite:///{tmp_path / 'whole-init.db'}"
    subprocess.run([*TRUCE, "init", "--db", whole_init], check=True, capture_output=True)
    assert snapshot(url) == snapshot(whole_init)
