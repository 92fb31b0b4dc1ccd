"""What the database benchmarks share: the backends they run on, and how they time.

A benchmark script calls :func:`run_backends` with its own ``run(backend)``; each backend
runs in a child process of the script (``script --run <backend>``) with its own fresh
database, so one backend's caches and connections never help the other's figures:

- ``sqlite``: a new SQLite file in a temporary folder, always;
- ``postgresql``: a database ``<name>_bench`` beside the one ``DATABASE_URL`` names (created
  and dropped again; the named database is not touched), or, without ``DATABASE_URL``, a
  throw-away PostgreSQL cluster started in a temporary folder (as the unprivileged
  ``postgres`` user when run as root, as ``.ci/run`` does) and removed at the end. When
  neither is possible the script prints ``postgresql: NOT RUN`` and why.
  ``GONGKAI_BENCH_POSTGRES=no`` skips PostgreSQL.

Timing: :func:`timed` runs a callable several times (its SQL queries counted in one extra,
untimed run), :func:`report` prints median and worst against a target with PASS or MISS;
:func:`p95` is the 95th percentile the page benchmarks compare, :func:`verdict` the word.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

BACKENDS = ("sqlite", "postgresql")


# --------------------------------------------------------------------------- timing


def count_queries(fn: Callable[[], object]) -> int:
    """The SQL statements ``fn`` runs (all of them: Django's own query log is capped)."""
    from django.db import connection

    count = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        fn()
    return count


def seconds(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], int]:
    """Seconds of each of ``repeat`` runs of ``fn``, and its queries, counted in one more
    run before them (which also warms the caches)."""
    counted = count_queries(fn)
    return [seconds(fn) for _ in range(repeat)], counted


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return "PASS" if value < target else "MISS"


def report(name: str, runs: list[float], queries: int | None, target: float | None) -> None:
    """One line: median and worst seconds, queries, the target and PASS or MISS (median)."""
    med = statistics.median(runs)
    goal = "" if target is None else f"target < {target:g} s  {verdict(med, target)}"
    counted = "—" if queries is None else str(queries)
    print(
        f"{name:13s} median {med:7.3f} s  max {max(runs):7.3f} s  {counted:>6s} queries   {goal}",
        flush=True,
    )


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


# --------------------------------------------------------------------------- backends


def bench_database(url: str) -> tuple[str, str]:
    """(maintenance URL, bench URL) for a PostgreSQL ``url``."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}_bench")),
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL cluster in a temporary folder for as long as the block runs; yields
    its URL. ``RuntimeError`` saying why when it cannot be started."""
    bins = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: [int(n) for n in p.parts[-3].split(".") if n.isdigit()],
    )
    if not bins:
        raise RuntimeError("no PostgreSQL server under /usr/lib/postgresql")
    pg_bin = bins[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="gongkai-bench-pg-"))
    data, port = folder / "data", _free_port()
    as_pg: list[str] = []
    try:
        try:
            if os.geteuid() == 0:  # the server refuses to run as root
                shutil.chown(folder, "postgres")
                as_pg = ["runuser", "-u", "postgres", "--"]
            _quiet([*as_pg, str(pg_bin / "initdb"), "-D", str(data), "-U", "gongkai",
                    "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
            options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            _quiet([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-l",
                    str(folder / "server.log"), "-w", "-o", options, "start"])  # fmt: skip
        except (OSError, LookupError, subprocess.CalledProcessError) as e:
            said = getattr(e, "stderr", None) or str(e)
            raise RuntimeError(
                f"{pg_bin.parent.name} could not be started: {said.strip()}"
            ) from None
        try:
            yield f"postgres://gongkai@127.0.0.1:{port}/gongkai"
        finally:
            subprocess.run(
                [*as_pg, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _quiet(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, text=True)


def _child(script: str, backend: str, url: str | None) -> int:
    """Run ``script --run backend`` on a fresh database; its exit status."""
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    env = {**os.environ, "GONGKAI_VAR": tmp, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    env.pop("DATABASE_URL", None)
    admin = dbname = ""
    try:
        if url is not None:
            import psycopg

            admin, bench = bench_database(url)
            dbname = bench.rsplit("/", 1)[1]
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
                conn.execute(f'CREATE DATABASE "{dbname}"')
            env["DATABASE_URL"] = bench
        return subprocess.run([sys.executable, script, "--run", backend], env=env).returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if admin:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


def run_backends(script: str, run: Callable[[str], None]) -> int:
    """The ``main`` of a database benchmark: in the child, ``run(backend)``; in the parent,
    a child per backend. The highest exit status of the children."""
    if len(sys.argv) == 3 and sys.argv[1] == "--run" and sys.argv[2] in BACKENDS:
        run(sys.argv[2])
        return 0
    status = _child(script, "sqlite", None)
    url = os.environ.get("DATABASE_URL", "")
    if os.environ.get("GONGKAI_BENCH_POSTGRES", "").lower() in ("no", "0", "false"):
        print("== postgresql: NOT RUN (GONGKAI_BENCH_POSTGRES=no)", flush=True)
    elif url.startswith(("postgres://", "postgresql://")):
        status = max(status, _child(script, "postgresql", url))
    else:
        try:
            with throwaway_postgres() as url:
                status = max(status, _child(script, "postgresql", url))
        except RuntimeError as e:
            print(f"== postgresql: NOT RUN ({e})", flush=True)
    return status
