"""Where a submission's CPU goes: the real application in this process (Django's WSGI
handler, every middleware, no HTTP server), one submission after another.

    .venv/bin/python scripts/profile_submission.py [--kind api|form|page|page+form] [--database
        postgresql|sqlite] [--count N] [--top N]

On a throw-away PostgreSQL cluster (scripts/pgcluster.py, fsync on) or a SQLite file, it
submits as the soak does (``POST /api/requests`` with an Idempotency-Key, or the portal
form with its CSRF token and session), after a warm-up, and prints per submission: the CPU
time of this process (the median of five rounds, and the least), the SQL statements and
the write transactions, and the Python function calls; then, with ``--top``, the
functions that took the most of it (cProfile, CPU time; the profiler itself slows them).
On a machine shared with other work the CPU times rise; the counts do not. The
database's CPU (PostgreSQL's processes) is counted in clock ticks, 10 ms each.

Instructions, which other work on the machine does not change:

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.%p .venv/bin/python \
        scripts/profile_submission.py --count 100 --instructions /tmp/cg
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import io
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]


def _soak() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gongkai_soak", ROOT / "scripts" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


soak = _soak()
pgcluster = soak.pgcluster


class Site:
    """The WSGI application called directly, with one browser's cookies."""

    def __init__(self) -> None:
        from django.core.handlers.wsgi import WSGIHandler

        self.app = WSGIHandler()
        self.cookies: dict[str, str] = {}

    def call(
        self, method: str, path: str, body: bytes = b"", ctype: str = "", **extra: str
    ) -> tuple[int, dict[str, str], bytes]:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "REMOTE_ADDR": "127.0.0.10",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            **extra,
        }
        if ctype:
            environ["CONTENT_TYPE"] = ctype
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        got: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> Any:
            got.extend((status, headers))
            return lambda data: None

        out = self.app(environ, start_response)
        data = b"".join(out)
        out.close()
        status, headers = int(got[0].split()[0]), got[1]
        for k, v in headers:
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return status, {k.lower(): v for k, v in headers}, data


def submitter(kind: str, site: Site) -> Callable[[int], None]:
    run = os.urandom(3).hex()
    agencies = [a[0] for a in soak.AGENCIES]
    token = ""

    def api(i: int) -> None:
        marker = f"{run}-{i}"
        body = json.dumps(soak.application(marker, i, agencies[i % len(agencies)])).encode()
        status, _, data = site.call(
            "POST", "/api/requests", body, "application/json", HTTP_IDEMPOTENCY_KEY=marker
        )
        assert status == 201, data[:300]

    def form(i: int) -> None:
        nonlocal token
        if not token:
            _, _, page = site.call("GET", "/apply/")
            found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert found
            token = found.group(1).decode()
        marker = f"{run}-{i}"
        data = soak.application(marker, i, agencies[i % len(agencies)])
        data |= {"csrfmiddlewaretoken": token, "submission_key": marker}
        body = urlencode(data).encode()
        status, headers, page = site.call(
            "POST", "/apply/", body, "application/x-www-form-urlencoded"
        )
        assert status == 302 and "/receipt/" in headers["location"], page[:300]

    def page(i: int) -> None:
        status, _, data = site.call("GET", "/apply/")
        assert status == 200, data[:300]

    def both(i: int) -> None:
        page(i)
        form(i)

    return {"api": api, "form": form, "page": page, "page+form": both}[kind]


def statements(submit: Callable[[int], None], i: int) -> tuple[int, int]:
    """(SQL statements, write transactions) of one submission: commits, and writing
    statements outside a transaction (each its own)."""
    from django.db import connection

    sql: list[str] = []
    writes = 0

    def seen(execute: Any, text: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal writes
        verb = text.lstrip().split(None, 1)[0].upper()
        sql.append(verb)
        if verb in ("INSERT", "UPDATE", "DELETE", "WITH") and connection.get_autocommit():
            writes += 1
        return execute(text, params, many, context)

    commit = connection.commit

    def counted() -> None:
        nonlocal writes
        writes += 1
        commit()

    connection.commit = counted  # type: ignore[method-assign]
    try:
        with connection.execute_wrapper(seen):
            submit(i)
    finally:
        del connection.commit
    return len(sql), writes


def measure(kind: str, count: int, top: int, database: int | None) -> None:
    """``database``: the PostgreSQL postmaster, whose processes' CPU is counted too."""
    site = Site()
    submit = submitter(kind, site)
    for i in range(40):  # warm-up: imports, caches, connections
        submit(i)
    n = 40
    per_round = max(count // 5, 1)
    rounds = []
    db_rounds = []
    for _ in range(5):
        db_start = soak.cpu_seconds(None, database) if database else 0.0
        start = time.process_time()
        for i in range(n, n + per_round):
            submit(i)
        rounds.append((time.process_time() - start) / per_round * 1000)
        if database:
            db_cpu = soak.cpu_seconds(None, database) - db_start
            db_rounds.append(db_cpu / per_round * 1000)
        n += per_round
    queries, writes = statements(submit, n)
    n += 1
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for i in range(n, n + per_round):
        submit(i)
    profile.disable()
    stats = pstats.Stats(profile, stream=sys.stdout)
    db = (
        f", {statistics.median(db_rounds):.2f} ms (least {min(db_rounds):.2f}) in the "
        "database's processes"
        if db_rounds
        else ""
    )
    print(
        f"{kind}: CPU per submission {statistics.median(rounds):.2f} ms (least "
        f"{min(rounds):.2f}) in this process{db}; {queries} SQL statements, {writes} write "
        f"transaction(s); {stats.total_calls / per_round:,.0f} Python function calls"  # type: ignore[attr-defined]
    )
    if top:
        stats.sort_stats("cumulative").print_stats(top)


def instructions(kind: str, count: int, out: str) -> None:
    """Under callgrind (``valgrind --tool=callgrind --callgrind-out-file=OUT.%p``): the
    instructions of ``count`` submissions after the warm-up, from callgrind's dumps before
    and after them. Counted instructions do not depend on what else the machine runs."""
    site = Site()
    submit = submitter(kind, site)
    for i in range(40):
        submit(i)
    pid = str(os.getpid())  # valgrind runs the program in its own process
    subprocess.run(["callgrind_control", "--dump=warm-up", pid], check=True, capture_output=True)
    for i in range(40, 40 + count):
        submit(i)
    subprocess.run(["callgrind_control", "--dump=measured", pid], check=True, capture_output=True)
    dump = Path(f"{out}.{pid}.2").read_text()
    total = int(re.search(r"^(?:summary|totals): (\d+)", dump, re.M).group(1))  # type: ignore[union-attr]
    print(f"{kind}: {total / count / 1e6:.2f} M instructions per submission (callgrind, {count})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--kind",
        choices=("api", "form", "page", "page+form"),
        default="api",
        help="form: the POST alone; page: GET /apply/ alone; page+form: both, as the soak",
    )
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--top", type=int, default=0)
    parser.add_argument(
        "--instructions",
        metavar="OUT",
        help="under valgrind --tool=callgrind --callgrind-out-file=OUT.%%p: count instructions",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-profile-") as d:
        tmp = Path(d)
        tmp.chmod(0o755)
        (tmp / "pg").mkdir()
        if args.database == "postgresql":
            try:
                with pgcluster.throwaway(tmp / "pg") as cluster:
                    return run(args, tmp, cluster.url, cluster.pid)
            except pgcluster.Unavailable as e:
                print(f"PostgreSQL: NOT RUN ({e})")
                return 0
        return run(args, tmp, None, None)


def run(args: argparse.Namespace, tmp: Path, url: str | None, database: int | None) -> int:
    env = soak.app_env(tmp, url)
    soak.django_child(env, soak.PREPARE)
    os.environ.update(env)
    import django

    django.setup()
    if args.instructions:
        instructions(args.kind, args.count, args.instructions)
    else:
        measure(args.kind, args.count, args.top, database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
