"""The web application under load: `truce serve` on a loopback port, 200 concurrent clients (each one
keep-alive connection) in a bounded request loop on the incident list of a month (the API's JSON), an
incident's page, the bulletin of a day and a place search; throughput, p50 and p99 latency per kind, and
every failed request counted. The peer: datasette serving the same SQLite file, for the same month's
list of incidents (its table filtered by date), when datasette is installed (`make bench` installs the
``bench`` extra). Then 20 observers write at once through the API, and the observations are counted.

The client is a small asyncio HTTP/1.1 client (the load generator should cost less than the server);
both run on this machine, so the figures are of the two sharing its cores. The same load on a route that
reads nothing (who am I, anonymous) says what the framework, the server and the client cost alone. Goal
(issue 14): p99 under 50 ms for reads, no failed request, no write lost. ``--requests N`` for a smaller run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

READS = {
    "incidents of a month (API)": "/api/incidents?from=2022-03-01&to=2022-03-31",
    "an incident's page": "/incidents/I-rumod-20220311",
    "the bulletin of a day": "/bulletins/2022-03-11",
    "a place search": "/places?q=Stepanakert",
}
FLOOR = {"who am I (no database read)": "/api/me"}
PEER = "/truce/incidents.json?date_to__gte=2022-03-01&date_from__lte=2022-03-31&_shape=objects"
SECRET = "bench-secret-" + "0123456789abcdef" * 3


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait(url: str, process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    for _ in range(600):  # bounded: about a minute
        if process.poll() is not None:
            raise SystemExit(f"the server stopped: {url}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"no answer from {url}")


async def request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> int:  # fmt: skip
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, chunked = 0, False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        await reader.readexactly(length)
        return status
    while True:  # a body in chunks (datasette's): each "size CRLF data CRLF", the last of size 0
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return status


async def load(port: int, paths: dict[str, str], clients: int, total: int) -> dict[str, list[float]]:
    """``clients`` connections sending ``total`` requests in all, round robin over ``paths``."""
    latencies: dict[str, list[float]] = defaultdict(list)
    failures: dict[str, int] = defaultdict(int)
    kinds = list(paths.items())
    counter = iter(range(total))

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
        try:
            for n in counter:
                kind, path = kinds[n % len(kinds)]
                start = time.perf_counter()
                try:
                    status = await request(reader, writer, "GET", path)
                except (OSError, asyncio.IncompleteReadError):
                    status = 0
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=2**22)
                latencies[kind].append(time.perf_counter() - start)
                if status != 200:
                    failures[kind] += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    latencies["_wall"] = [time.perf_counter() - began]
    latencies["_failed"] = [float(sum(failures.values()))]
    return latencies


def report(title: str, found: dict[str, list[float]]) -> None:
    wall, failed = found.pop("_wall")[0], int(found.pop("_failed")[0])
    count = sum(len(v) for v in found.values())
    print(f"{title}: {count} requests in {wall:.1f} s: {count / wall:,.0f} requests/s; {failed} failed")
    for kind, values in found.items():
        values.sort()
        p50 = statistics.median(values) * 1000
        p99 = values[min(len(values) - 1, int(len(values) * 0.99))] * 1000
        print(f"  {kind:32} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   ({len(values)} requests)")


def serve(db: Path, folder: Path, workers: int) -> tuple[subprocess.Popen, int]:  # type: ignore[type-arg]
    port = free_port()
    environment = {**os.environ, "TRUCE_SECRET": SECRET, "XDG_DATA_HOME": str(folder)}
    command = [str(Path(sys.executable).parent / "truce"), "serve", "--port", str(port), "--db", str(db)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)], env=environment, stderr=subprocess.DEVNULL
    )
    wait(f"http://127.0.0.1:{port}/api/me", process)
    return process, port


def stop(process: subprocess.Popen) -> None:  # type: ignore[type-arg]
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def warm(port: int, paths: dict[str, str]) -> None:
    for path in paths.values():  # the first answer of a state of the record is computed; then kept
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as answer:
            answer.read()


def peer(db: Path, clients: int, total: int) -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        print("datasette: not installed (pip install -e '.[bench]'): no peer figures")
        return
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--port", str(port),
         "--setting", "sql_time_limit_ms", "5000", "--setting", "num_sql_threads", "3"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait(f"http://127.0.0.1:{port}/-/versions.json", process)
        warm(port, {"list": PEER})
        asyncio.run(load(port, {"list": PEER}, clients, 2 * clients))
        report(
            "datasette, the same month's incidents", asyncio.run(load(port, {"list": PEER}, clients, total))
        )
    finally:
        stop(process)


async def observers(port: int, tokens: list[str], each: int) -> tuple[int, int]:
    """Every observer records ``each`` observations at once with the others; (made, failed)."""
    made = failed = 0

    async def observer(token: str, n: int) -> None:
        nonlocal made, failed
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for k in range(each):
                body = {
                    "post": "pp-n6",
                    "date": f"2022-03-{(n * each + k) % 27 + 1:02d}",
                    "place": ["Khramort", "Avdur", "Parukh", "2 km north-west of Khramort"][k % 4],
                    "means": ["mortar"],
                    "consequences": f"bench observation {n}-{k}",
                }
                status = await request(
                    reader, writer, "POST", "/api/observations", json.dumps(body).encode(),
                    {"Authorization": f"Bearer {token}"},
                )  # fmt: skip
                made, failed = (made + 1, failed) if status == 201 else (made, failed + 1)
        finally:
            writer.close()

    await asyncio.gather(*(observer(t, n) for n, t in enumerate(tokens)))
    return made, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20_000, help="requests of the read loop")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="processes of the server")
    parser.add_argument("--observers", type=int, default=20)
    parser.add_argument("--each", type=int, default=5, help="observations per observer")
    options = parser.parse_args()

    from truce.record.access import create_user, issue_token
    from truce.record.setup import init
    from truce.store import Store

    folder = Path(tempfile.mkdtemp(prefix="truce-bench-web-"))
    try:
        db = folder / "truce.db"
        init(f"sqlite:///{db}")
        process, port = serve(db, folder, options.workers)
        try:
            warm(port, READS)
            asyncio.run(load(port, READS, options.clients, 4 * options.clients))  # every worker warm
            found = asyncio.run(load(port, READS, options.clients, options.requests))
            report(f"truce serve ({options.workers} workers), {options.clients} clients", found)
            # the same load on a route that reads nothing: what the server and client cost alone
            floor = asyncio.run(load(port, FLOOR, options.clients, options.requests // 4))
            report("  the floor, the same load on a route that reads nothing", floor)
        finally:
            stop(process)
        peer(db, options.clients, options.requests // 4)

        store = Store.open(f"sqlite:///{db}")
        tokens = []
        for n in range(options.observers):
            create_user(store, f"bench-observer-{n}", "observer", "bench password " * 2, posts=("pp-n6",))
            tokens.append(issue_token(store, f"bench-observer-{n}", ("observe", "read"), 1)[1])
        before = len(store.observations([c.id for i in store.incidents() for c in i.claims]))
        process, port = serve(db, folder, options.workers)
        try:
            began = time.perf_counter()
            made, failed = asyncio.run(observers(port, tokens, options.each))
            wall = time.perf_counter() - began
        finally:
            stop(process)
        after = len(store.observations([c.id for i in store.incidents() for c in i.claims]))
        store.close()
        asked = options.observers * options.each
        verdict = "nothing lost" if after - before == asked else "LOST SOME"
        print(
            f"{options.observers} observers writing at once: {asked} observations sent in {wall:.1f} s "
            f"({asked / wall:.1f}/s); {made} recorded (201), {failed} refused; "
            f"{after - before} in the record after: {verdict}"
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
