"""Start-up cost of the command line: CPU seconds of ``truce --version``, ``truce places search Khankendi``
and ``truce bulletin 2022-03-11`` against ``python -c pass``, and against importing the libraries they
cannot do without (Typer and SQLAlchemy), which bound what any Truce command can reach.

Each command runs as a fresh process several times on an initialised SQLite database in a temporary
folder; the figure is the median CPU time (user + system) of the child. Prints figures; asserts nothing.
Goal (issue 8): the first two under 0.3 s of CPU.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 7
BIN = Path(sys.executable).parent


def cpu(argv: list[str], env: dict[str, str]) -> float:
    """Median CPU seconds of ``argv`` as a child process."""
    spent = []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return statistics.median(spent)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "TRUCE_DB": f"sqlite:///{Path(folder) / 'truce.db'}"}
        subprocess.run([str(BIN / "truce"), "init"], env=env, check=True, stdout=subprocess.DEVNULL)
        python = str(BIN / "python")
        rows = [
            ("python -c pass", [python, "-c", "pass"]),
            ("python -c 'import typer' (the CLI library)", [python, "-c", "import typer, rich.console"]),
            ("python -c 'import sqlalchemy.orm' (the store)", [python, "-c", "import sqlalchemy.orm"]),
            ("truce --version", [str(BIN / "truce"), "--version"]),
            ("truce places search Khankendi", [str(BIN / "truce"), "places", "search", "Khankendi"]),
            ("truce bulletin 2022-03-11", [str(BIN / "truce"), "bulletin", "2022-03-11"]),
        ]
        print(f"median CPU seconds of {RUNS} runs (goal: the two first truce commands under 0.3 s)")
        for label, argv in rows:
            print(f"  {label:<48} {cpu(argv, env):6.3f} s")


if __name__ == "__main__":
    main()
