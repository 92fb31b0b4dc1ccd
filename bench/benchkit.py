"""What the database benchmarks share: the backends they run on, and how they time.

A benchmark script calls :func:`run_backends` with its own ``run(backend)``; each backend
runs in a child process of the script (``script --run <backend>``) with its own fresh
database, so one backend's caches and connections never help the other's figures:

- ``sqlite``: a new SQLite file in a temporary folder, always;
- ``postgresql``: a database ``<name>_bench`` beside the one ``DATABASE_URL`` names (created
  and dropped again; the named database is not touched), or, without ``DATABASE_URL``, a
  throw-away PostgreSQL cluster (scripts/pgcluster.py: a temporary folder, the unprivileged
  ``postgres`` user when run as root, fsync off) removed at the end. When
  neither is possible the script prints ``postgresql: NOT RUN`` and why.
  ``GONGKAI_BENCH_POSTGRES=no`` skips PostgreSQL.

Timing: :func:`timed` runs a callable several times (its SQL queries counted in one extra,
untimed run), :func:`report` prints median and worst against a target with PASS or MISS;
:func:`p95` is the 95th percentile the page benchmarks compare, :func:`verdict` the word.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
for _where in (ROOT / "src", ROOT / "scripts"):  # the product; pgcluster
    if str(_where) not in sys.path:
        sys.path.insert(0, str(_where))

import pgcluster  # noqa: E402

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
            # fsync off: these figures are about queries, not the disk.
            with pgcluster.throwaway(durable=False) as cluster:
                status = max(status, _child(script, "postgresql", cluster.url))
        except pgcluster.Unavailable as e:
            print(f"== postgresql: NOT RUN ({e})", flush=True)
    return status
