"""Benchmark of the annual report compiled from the records, and of a supervisor's roll-up.

Run:  cd /work/main && .venv/bin/python bench/bench_compile.py
      (GONGKAI_BENCH_REQUESTS=N changes the requests of the one agency, default 100000;
       GONGKAI_BENCH_AGENCIES=N the agencies of the roll-up, default 1000;
       GONGKAI_BENCH_REPEAT=N the timed runs of each measurement, default 3)

On SQLite and on PostgreSQL (see ``benchkit``: a throw-away server unless ``DATABASE_URL``
names one; ``postgresql: NOT RUN`` when neither is possible), each on a fresh database.

The records are written in bulk (``bulk_create``), spread over 2023–2025 with every
applicant type and outcome, some answered in the next year (carried over and forward),
plus review cases, fee notices and proactive records (regulatory documents, matters,
monthly tallies, catalogue items on one to three channels). Prints, per backend:

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
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import benchkit

REQUESTS = int(os.environ.get("GONGKAI_BENCH_REQUESTS", "100000"))
AGENCIES = int(os.environ.get("GONGKAI_BENCH_AGENCIES", "1000"))
REPEAT = int(os.environ.get("GONGKAI_BENCH_REPEAT", "3"))
PER_AGENCY = 12  # requests of each agency in the roll-up
ITEMS = 20  # catalogue items of each agency in the roll-up (the big agency has 100 times more)
YEAR = 2024
TARGET_COMPILE_S = 1.0
TARGET_ROLLUP_S = 5.0

Made = dict[str, list[Any]]  # records to write, by kind


# --------------------------------------------------------------------------- building


def _requests(rng: random.Random, agency: Any, n: int, made: Made) -> None:
    """``n`` requests of ``agency`` received 2023–2025, three in four answered within two
    months (so some cross a year end), the rest still open; a fee notice on one answered
    request in fifty, most of them paid."""
    from gongkai.cases.models import DisclosureRequest, FeeNotice, Status
    from gongkai.cases.models.request import APPLICANT_TYPES
    from gongkai.cases.outcomes import outcome_choices

    types = [k for k, _ in APPLICANT_TYPES]
    outcomes = [k for k, _ in outcome_choices()]
    start, span = date(2023, 1, 1), (date(2025, 6, 30) - date(2023, 1, 1)).days
    serials: dict[int, int] = {}
    for i in range(n):
        received = start + timedelta(days=rng.randrange(span))
        replied = received + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.75 else None
        serials[received.year] = serials.get(received.year, 0) + 1
        request = DisclosureRequest(
            agency=agency,
            year=received.year,
            serial=serials[received.year],
            tracking_number=f"T{agency.code}-{i:07d}",
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
        made["requests"].append(request)
        if replied is not None and rng.random() < 0.02:
            issued = received + timedelta(days=5)
            made["fees"].append(
                FeeNotice(
                    request=request,
                    method="by_count",
                    quantity=1,
                    amount=Decimal(rng.randrange(100, 50000)) / 100,
                    issued_on=issued,
                    pay_by=issued + timedelta(days=20),
                    paid_on=issued + timedelta(days=rng.randint(1, 15))
                    if rng.random() < 0.8
                    else None,
                )
            )


def _reviews(rng: random.Random, agency: Any, n: int, made: Made) -> None:
    from gongkai.cases.models import ReviewCase

    kinds = ("reconsideration", "litigation_direct", "litigation_after_reconsideration")
    for i in range(n):
        filed = date(2023, 1, 1) + timedelta(days=rng.randrange(730))
        closed = filed + timedelta(days=rng.randint(30, 200)) if rng.random() < 0.8 else None
        made["reviews"].append(
            ReviewCase(
                agency=agency,
                kind=kinds[rng.randrange(3)],
                case_number=f"（{filed.year}）案{agency.code}-{i}号",
                body="某某市人民政府",
                filed_on=filed,
                result=rng.choice(("upheld", "corrected", "other")) if closed else "",
                closed_on=closed,
            )
        )


def _proactive(rng: random.Random, agency: Any, items: int, made: Made) -> None:
    """Registers (documents, matters, monthly tallies of 2023–2024) and ``items`` catalogue
    items published 2023–2024 on one to three channels."""
    from gongkai.proactive.models import Item, ItemChannel, Matter, RegulatoryDocument, Tally

    for i in range(4):
        issued = date(2021, 1, 1) + timedelta(days=rng.randrange(1400))
        repealed = issued + timedelta(days=rng.randint(100, 900)) if rng.random() < 0.3 else None
        made["documents"].append(
            RegulatoryDocument(
                agency=agency,
                kind=("rules", "normative_documents")[i % 2],
                title="关于某项工作的规定",
                document_number=f"{agency.code}发〔{issued.year}〕{i + 1}号",
                issued_on=issued,
                published_on=issued + timedelta(days=rng.randint(1, 20)),
                repealed_on=repealed,
            )
        )
    for i in range(6):
        listed = date(2020, 1, 1) + timedelta(days=rng.randrange(1800))
        made["matters"].append(
            Matter(
                agency=agency,
                kind=("licensing", "penalty", "enforcement", "fees", "other_services")[i % 5],
                name=f"事项{i}",
                listed_on=listed,
                delisted_on=listed + timedelta(days=400) if rng.random() < 0.2 else None,
            )
        )
    for y in (2023, 2024):
        for m in range(1, 13):
            made["tallies"] += [
                Tally(agency=agency, kind="licensing", year=y, month=m, count=rng.randrange(30)),
                Tally(
                    agency=agency,
                    kind="fees",
                    year=y,
                    month=m,
                    amount=Decimal(rng.randrange(10**8)) / 100,
                ),
            ]
    channels = ("website", "wechat", "weibo", "gazette", "app_video")
    for i in range(items):
        formed = date(2023, 1, 1) + timedelta(days=rng.randrange(700))
        item = Item(
            agency=agency,
            year=formed.year,
            serial=i + 1,
            index_number=f"{agency.code}/{i + 1:06d}",
            title="某镇召开某项工作推进会",
            publisher=agency.name,
            formed_on=formed,
            published_on=formed + timedelta(days=rng.randint(0, 30)),
            due_on=formed + timedelta(days=20),
            category=("work", "notices", "finance", "regulations")[i % 4],
        )
        made["items"].append(item)
        made["channels"] += [
            ItemChannel(item=item, channel=c) for c in rng.sample(channels, rng.randint(1, 3))
        ]


def _records(rng: random.Random, agency: Any, requests: int, items: int, made: Made) -> None:
    _requests(rng, agency, requests, made)
    _reviews(rng, agency, max(1, requests // 500), made)
    _proactive(rng, agency, items, made)


def _save(made: Made) -> None:
    """In bulk, parents first (a child takes its parent's id once the parent has one)."""
    from gongkai.cases.models import DisclosureRequest, FeeNotice, ReviewCase
    from gongkai.proactive.models import Item, ItemChannel, Matter, RegulatoryDocument, Tally

    for model, kind in (
        (DisclosureRequest, "requests"),
        (FeeNotice, "fees"),
        (ReviewCase, "reviews"),
        (RegulatoryDocument, "documents"),
        (Matter, "matters"),
        (Tally, "tallies"),
        (Item, "items"),
        (ItemChannel, "channels"),
    ):
        model.objects.bulk_create(made.pop(kind, []), batch_size=2000)


def build() -> tuple[Any, Any, float, float]:
    """(the big agency, the district, seconds to build each)."""
    from django.db import transaction

    from gongkai.cases.models import Agency

    rng = random.Random(2024)
    made: Made = defaultdict(list)
    t0 = time.perf_counter()
    with transaction.atomic():
        big = Agency.objects.create(code="330299", name="某某区人民政府办公室")
        _records(rng, big, REQUESTS, ITEMS * 100, made)
        _save(made)
    t_big = time.perf_counter() - t0
    t0 = time.perf_counter()
    with transaction.atomic():
        district = Agency.objects.create(code="330288", name="某某市人民政府")
        for i in range(AGENCIES):
            town = Agency.objects.create(
                code=f"330288{i:04d}", name=f"某某{i}号镇人民政府", parent=district
            )
            _records(rng, town, PER_AGENCY, ITEMS, made)
        _save(made)
    return big, district, t_big, time.perf_counter() - t0


# --------------------------------------------------------------------------- measuring


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
    version = ".".join(str(n) for n in connection.get_database_version())
    print(f"== {backend} {version} ({connection.settings_dict['NAME']})", flush=True)
    big, district, t_big, t_towns = build()
    print(
        f"build: one agency with {REQUESTS} requests and {ITEMS * 100} items {t_big:.1f} s; "
        f"{AGENCIES} agencies with {PER_AGENCY} requests and {ITEMS} items {t_towns:.1f} s",
        flush=True,
    )
    with connection.cursor() as cur:  # the statistics a live database has
        cur.execute("ANALYZE")

    report = compile_report(big, YEAR)
    print(
        f"compiled {YEAR}: 新收 {report.value('requests.new_received.total')}, 上年结转 "
        f"{report.value('requests.carried_over.total')}, 办结 "
        f"{report.value('requests.total_processed.total')}, 结转下年度 "
        f"{report.value('requests.carried_forward.total')}",
        flush=True,
    )
    benchkit.report(
        "compile", *benchkit.timed(lambda: compile_report(big, YEAR), REPEAT), TARGET_COMPILE_S
    )
    summary = roll_up_subtree(district, YEAR)
    print(
        f"roll-up {YEAR}: {len(summary.rows)} agencies, 新收 "
        f"{summary.result.report.value('requests.new_received.total')}",
        flush=True,
    )
    benchkit.report(
        "roll-up", *benchkit.timed(lambda: roll_up_subtree(district, YEAR), REPEAT), TARGET_ROLLUP_S
    )

    user = User.objects.create_user("ducha", password="x")
    Membership.objects.create(user=user, agency=district, role="supervisor")
    client = Client()
    client.force_login(user)
    url = f"/annual/{district.code}/{YEAR}/rollup/"

    def page() -> None:
        got = client.get(url)
        if got.status_code != 200:
            raise SystemExit(f"{url} answered {got.status_code}")

    benchkit.report("roll-up page", *benchkit.timed(page, 1), None)


if __name__ == "__main__":
    raise SystemExit(benchkit.run_backends(__file__, run))
