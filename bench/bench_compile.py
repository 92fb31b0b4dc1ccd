"""Benchmark of the annual report compiled from the records, and of a supervisor's roll-up.

Run:  cd /work/main && .venv/bin/python bench/bench_compile.py
      (GONGKAI_BENCH_REQUESTS=N changes the requests of the one agency, default 100000;
       GONGKAI_BENCH_AGENCIES=N the agencies of the roll-up, default 1000;
       GONGKAI_BENCH_REPEAT=N the timed runs of each measurement, default 3)

Always on SQLite (a fresh file in a temporary folder). When ``DATABASE_URL`` names a
PostgreSQL server, again on PostgreSQL, in a database ``<name>_bench`` created next to the
named one and dropped afterwards (the named database is not touched).

The records are written in bulk (``bulk_create``), spread over 2023–2025 with every
applicant type and outcome, some answered in the next year (carried over and forward),
plus review cases. Prints, per backend:

- ``compile``: ``compile_report(agency, 2024)`` for the agency with N requests (tables 二–四
  and the drafted narrative), median and worst of the timed runs, and its SQL queries;
  target < 1 s;
- ``roll-up``: ``roll_up_subtree(district, 2024)`` over its agencies (each compiled from its
  records, checked against its previous year, summed and checked as a roll-up), the same
  figures; target < 5 s;
- ``roll-up page``: the supervisor's page through Django's full stack (the roll-up, its
  tables and its charts of five years), timed once, for information.

Each with PASS or MISS. No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

REQUESTS = int(os.environ.get("GONGKAI_BENCH_REQUESTS", "100000"))
AGENCIES = int(os.environ.get("GONGKAI_BENCH_AGENCIES", "1000"))
REPEAT = int(os.environ.get("GONGKAI_BENCH_REPEAT", "3"))
PER_AGENCY = 12  # requests of each agency in the roll-up
YEAR = 2024
TARGET_COMPILE_S = 1.0
TARGET_ROLLUP_S = 5.0


# --------------------------------------------------------------------------- building


def _requests(rng: random.Random, agency: Any, n: int, prefix: str) -> list[Any]:
    """``n`` requests of ``agency`` received 2023–2025, three in four answered within two
    months (so some cross a year end), the rest still open."""
    from gongkai.cases.models import DisclosureRequest, Status
    from gongkai.cases.models.request import APPLICANT_TYPES
    from gongkai.cases.outcomes import outcome_choices

    types = [k for k, _ in APPLICANT_TYPES]
    outcomes = [k for k, _ in outcome_choices()]
    start, span = date(2023, 1, 1), (date(2025, 6, 30) - date(2023, 1, 1)).days
    serials: dict[int, int] = {}
    out = []
    for i in range(n):
        received = start + timedelta(days=rng.randrange(span))
        replied = received + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.75 else None
        serials[received.year] = serials.get(received.year, 0) + 1
        out.append(
            DisclosureRequest(
                agency=agency,
                year=received.year,
                serial=serials[received.year],
                tracking_number=f"{prefix}-{i:07d}",
                code_salt="s",
                code_hash="h",
                channel="online",
                received_on=received,
                applicant_type=types[rng.randrange(len(types))],
                name="申请人",
                phone="13800138000",
                description="请公开某项政府信息。",
                delivery="electronic",
                status=Status.REPLIED if replied else Status.PROCESSING,
                outcome=outcomes[rng.randrange(len(outcomes))] if replied else "",
                decided_on=replied,
                replied_on=replied,
            )
        )
    return out


def _reviews(rng: random.Random, agency: Any, n: int) -> list[Any]:
    from gongkai.cases.models import ReviewCase

    kinds = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    out = []
    for i in range(n):
        filed = date(2024, 1, 1) + timedelta(days=rng.randrange(365))
        closed = filed + timedelta(days=rng.randint(30, 200)) if rng.random() < 0.8 else None
        out.append(
            ReviewCase(
                agency=agency,
                kind=kinds[rng.randrange(3)],
                case_number=f"（2024）案{agency.code}-{i}号",
                body="某某市人民政府",
                filed_on=filed,
                result=rng.choice(("upheld", "corrected", "other")) if closed else "",
                closed_on=closed,
            )
        )
    return out


def build() -> tuple[Any, Any, float, float]:
    """(the big agency, the district, seconds to build each)."""
    from django.db import transaction

    from gongkai.cases.models import Agency, DisclosureRequest, ReviewCase

    rng = random.Random(2024)
    t0 = time.perf_counter()
    with transaction.atomic():
        big = Agency.objects.create(code="330299", name="某某区人民政府办公室")
        DisclosureRequest.objects.bulk_create(_requests(rng, big, REQUESTS, "B"), batch_size=2000)
        ReviewCase.objects.bulk_create(_reviews(rng, big, 200), batch_size=2000)
    t_big = time.perf_counter() - t0

    t0 = time.perf_counter()
    with transaction.atomic():
        district = Agency.objects.create(code="330288", name="某某市人民政府")
        towns = [
            Agency.objects.create(
                code=f"330288{i:04d}", name=f"某某{i}号镇人民政府", parent=district
            )
            for i in range(AGENCIES)
        ]
        reqs: list[Any] = []
        revs: list[Any] = []
        for t in towns:
            reqs += _requests(rng, t, PER_AGENCY, f"T{t.code}")
            revs += _reviews(rng, t, 1)
        DisclosureRequest.objects.bulk_create(reqs, batch_size=2000)
        ReviewCase.objects.bulk_create(revs, batch_size=2000)
    return big, district, t_big, time.perf_counter() - t0


# --------------------------------------------------------------------------- timing


def timed(fn: Callable[[], object], repeat: int = REPEAT) -> tuple[list[float], int | None]:
    """Seconds of each of ``repeat`` runs of ``fn`` and its queries (counted in one untimed
    run first, unless ``repeat`` is 1: a page's queries are not countable this way, as
    Django clears the query log when a request starts)."""
    from django.db import connection

    queries = None
    if repeat > 1:
        count = [0]

        def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):  # not capped as Django's query log is
            fn()
        queries = count[0]
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return runs, queries


def line(name: str, runs: list[float], queries: int | None, target: float | None) -> None:
    med, worst = statistics.median(runs), max(runs)
    verdict = "" if target is None else (f"target < {target:g} s  ")
    if target is not None:
        verdict += "PASS" if med < target else "MISS"
    counted = "—" if queries is None else str(queries)
    print(
        f"{name:13s} median {med:7.3f} s  max {worst:7.3f} s  {counted:>6s} queries   {verdict}",
        flush=True,
    )


def run(backend: str) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gongkai.annual.compile import compile_report
    from gongkai.annual.rollup import roll_up_subtree
    from gongkai.cases.models import Membership

    call_command("migrate", verbosity=0)
    print(f"== {backend} ({connection.settings_dict['NAME']})", flush=True)
    big, district, t_big, t_towns = build()
    print(
        f"build: {REQUESTS} requests of one agency {t_big:.1f} s; {AGENCIES} agencies × "
        f"{PER_AGENCY} requests {t_towns:.1f} s",
        flush=True,
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")

    report = compile_report(big, YEAR)
    print(
        f"compiled {YEAR}: 新收 {report.value('requests.new_received.total')}, 上年结转 "
        f"{report.value('requests.carried_over.total')}, 办结 "
        f"{report.value('requests.total_processed.total')}, 结转下年度 "
        f"{report.value('requests.carried_forward.total')}",
        flush=True,
    )
    line("compile", *timed(lambda: compile_report(big, YEAR)), TARGET_COMPILE_S)
    summary = roll_up_subtree(district, YEAR)
    print(
        f"roll-up {YEAR}: {len(summary.rows)} agencies, 新收 "
        f"{summary.result.report.value('requests.new_received.total')}",
        flush=True,
    )
    line("roll-up", *timed(lambda: roll_up_subtree(district, YEAR)), TARGET_ROLLUP_S)

    user = User.objects.create_user("ducha", password="x")
    Membership.objects.create(user=user, agency=district, role="supervisor")
    client = Client()
    client.force_login(user)
    url = f"/annual/{district.code}/{YEAR}/rollup/"

    def page() -> None:
        got = client.get(url)
        if got.status_code != 200:
            raise SystemExit(f"{url} answered {got.status_code}")

    line("roll-up page", *timed(page, 1), None)


# --------------------------------------------------------------------------- backends


def _bench_database(url: str) -> tuple[str, str]:
    """(maintenance URL, bench URL) for a PostgreSQL ``url``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "postgres"
    return (
        urlunsplit(parts._replace(path="/postgres")),
        urlunsplit(parts._replace(path=f"/{name}_bench")),
    )


def child(backend: str) -> int:
    tmp = tempfile.mkdtemp(prefix="gongkai-bench-")
    env = {**os.environ, "GONGKAI_VAR": tmp, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    admin = bench = ""
    try:
        if backend == "sqlite":
            env.pop("DATABASE_URL", None)
        else:
            import psycopg

            admin, bench = _bench_database(os.environ["DATABASE_URL"])
            dbname = bench.rsplit("/", 1)[1]
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
                conn.execute(f'CREATE DATABASE "{dbname}"')
            env["DATABASE_URL"] = bench
        return subprocess.run([sys.executable, __file__, "--run", backend], env=env).returncode
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if admin:
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{bench.rsplit("/", 1)[1]}"')


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--run":
        run(sys.argv[2])
        return 0
    backends = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        backends.append("postgresql")
    else:
        print("(PostgreSQL: set DATABASE_URL=postgres://… to measure it too)")
    status = 0
    for b in backends:
        status = max(status, child(b))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
