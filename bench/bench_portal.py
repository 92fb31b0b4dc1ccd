"""Benchmark of the 政府信息公开 portal: list and search latency with 100,000 catalogue items.

Run:  cd /work/main && .venv/bin/python bench/bench_portal.py
      (GONGKAI_BENCH_ITEMS=N changes the number of items, default 100000;
       GONGKAI_BENCH_REQUESTS=N the requests timed per kind, default 300)

On SQLite and on PostgreSQL (see ``benchkit``: a throw-away server unless ``DATABASE_URL``
names one; ``postgresql: NOT RUN`` when neither is possible), each on a fresh database.

The catalogue is built the way an import would leave it — items with 索引号, Art. 26
deadlines, channels and search rows — but written in bulk (a few big inserts, the search
index built after the rows), so building it takes a minute, not an hour. Titles and
bodies are drawn from realistic patterns (agency × topic × kind of document × year);
each distinct text is segmented once.

Each request goes through Django's full stack (URL routing, view, queries, template) with
the test client, no network. Prints, per backend, the build time and table sizes, then
for "list" (公开目录 pages by agency, category and year, agency homes, item pages) and
"search" (one and two words, common and rare, with and without an agency, later pages,
no hit, the title-substring fallback) the median and 95th-percentile milliseconds,
against the targets: list p95 < 50 ms, search p95 < 100 ms, each with PASS or MISS.
No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from typing import Any
from urllib.parse import unquote

import benchkit

ITEMS = int(os.environ.get("GONGKAI_BENCH_ITEMS", "100000"))
REQUESTS = int(os.environ.get("GONGKAI_BENCH_REQUESTS", "300"))
TARGET_LIST_MS = 50.0
TARGET_SEARCH_MS = 100.0
AGENCIES = 30

TOPICS = (
    "老旧小区改造", "垃圾分类", "安全生产", "防汛防台", "乡村振兴", "食品安全", "农村人居环境整治",
    "优化营商环境", "养老服务", "河道综合整治", "义务教育", "征地补偿", "消防安全", "住房保障",
    "医疗保障", "就业创业", "生态环境保护", "文明城市创建", "交通运输", "农业农村", "水利工程",
    "疫情防控", "市场监管", "城市管理", "社会救助", "退役军人服务", "科技创新", "招商引资",
)  # fmt: skip
PATTERNS = (
    ("regulations", "关于印发{a}{t}实施方案的通知"),
    ("regulations", "{a}关于进一步加强{t}工作的意见"),
    ("regulations", "{a}{t}管理办法"),
    ("policy_making", "{a}{t}工作规划（{y}—{y2}年）"),
    ("work", "{a}召开{t}工作推进会"),
    ("work", "{a}{y}年{t}工作总结"),
    ("work", "{a}开展{t}专项检查"),
    ("notices", "关于{t}有关事项的公告"),
    ("finance", "{a}{y}年{t}专项资金使用情况"),
    ("finance", "{a}{y}年部门预算"),
    ("personnel", "{a}关于工作人员任职的通知"),
    ("organization", "{a}领导班子成员及分工"),
    ("interpretation", "《{a}{t}实施方案》政策解读"),
    ("law_enforcement", "{a}{t}执法检查结果公示"),
    ("statistics", "{a}{y}年{t}统计数据"),
)
CHANNELS = (("website",), ("website",), ("website", "wechat"), ("website", "weibo", "wechat"),
            ("website", "gazette"), ("wechat",), ("website", "app_video"))  # fmt: skip


def body(rng: random.Random, topic: str) -> str:
    lines = [
        f"为深入贯彻落实上级关于{topic}工作的决策部署，结合工作实际，制定本文件。",
        f"一、总体要求。坚持以人民为中心，聚焦群众急难愁盼问题，统筹推进{topic}各项工作。",
        rng.choice(
            [
                "二、主要任务。明确责任分工，细化工作措施，按月通报进展情况。",
                "二、工作措施。健全工作机制，加强部门协同，及时公开办理结果。",
                "二、重点工作。摸清底数，分类施策，建立问题清单和整改台账。",
            ]
        ),
        rng.choice(
            [
                "三、保障措施。加强组织领导，落实资金保障，强化督查考核。",
                "三、工作要求。压实工作责任，加强宣传引导，营造良好氛围。",
            ]
        ),
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- building


def build(n: int) -> dict[str, Any]:
    """Agencies and ``n`` published items with channels and search rows, in bulk."""
    from django.db import connection, transaction

    from gongkai.cases.models import Agency
    from gongkai.proactive.models import Item, ItemChannel, ItemCounter, SearchToken
    from gongkai.proactive.segment import words
    from gongkai.proactive.services.numbering import index_number
    from gongkai.proactive.services.search import weights
    from gongkai.workdays import Calendar, publication_due

    rng = random.Random(2024)
    cal = Calendar()
    root = Agency.objects.create(code="330299", name="某某区人民政府")
    agencies = [root] + [
        Agency.objects.create(code=f"330299{i:03d}", name=f"某某区第{i}局", parent=root)
        for i in range(1, AGENCIES)
    ]
    due = cache(lambda d: publication_due(d, calendar=cal).due)
    seg = cache(words)
    bodies = [body(rng, t) for t in TOPICS for _ in range(12)]
    start, span = date(2016, 1, 1), (date(2025, 12, 31) - date(2016, 1, 1)).days
    serials: dict[tuple[int, int], int] = {}
    t0 = time.perf_counter()
    items: list[Item] = []
    chans: list[tuple[str, ...]] = []
    with transaction.atomic():
        for i in range(n):
            a = agencies[rng.randrange(len(agencies))]
            published = start + timedelta(days=rng.randrange(span))
            formed = published - timedelta(days=rng.randint(1, 30))
            category, pattern = PATTERNS[rng.randrange(len(PATTERNS))]
            topic = TOPICS[rng.randrange(len(TOPICS))]
            y = formed.year
            key = (a.pk, published.year)
            serials[key] = serials.get(key, 0) + 1
            items.append(
                Item(
                    agency=a,
                    year=published.year,
                    serial=serials[key],
                    index_number=index_number(a, published.year, serials[key]),
                    title=pattern.format(a=a.name, t=topic, y=y, y2=y + 2),
                    publisher=a.name,
                    document_number=f"{a.name[:3]}发〔{y}〕{i % 97 + 1}号"
                    if category == "regulations"
                    else "",
                    formed_on=formed,
                    published_on=published,
                    due_on=due(formed),
                    category=category,
                    validity="valid" if category == "regulations" else "",
                    body=bodies[rng.randrange(len(bodies))],
                )
            )
            chans.append(CHANNELS[rng.randrange(len(CHANNELS))])
        Item.objects.bulk_create(items, batch_size=2000)
        ItemChannel.objects.bulk_create(
            (
                ItemChannel(item=it, channel=c)
                for it, cs in zip(items, chans, strict=True)
                for c in cs
            ),
            batch_size=5000,
        )
        ItemCounter.objects.bulk_create(
            ItemCounter(agency_id=a, year=y, last=s) for (a, y), s in serials.items()
        )
    t_items = time.perf_counter() - t0

    t0 = time.perf_counter()
    indexes = SearchToken._meta.indexes
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(SearchToken, index)
    table = SearchToken._meta.db_table
    pg = connection.vendor == "postgresql"
    rows = 0
    with transaction.atomic(), connection.cursor() as cur:
        batch: list[tuple[object, ...]] = []
        for it in items:
            w = weights(seg(f"{it.title} {it.document_number}"), seg(it.body), it.title)
            day = it.published_on if pg else str(it.published_on)  # no per-row adapter
            batch.extend((t, it.pk, it.agency_id, day, n) for t, n in w.items())
            if len(batch) >= 50_000:
                rows += _insert(cur, table, batch)
                batch = []
        rows += _insert(cur, table, batch)
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(SearchToken, index)
    t_index = time.perf_counter() - t0
    return {
        "agencies": agencies,
        "items": items,
        "t_items": t_items,
        "t_index": t_index,
        "token_rows": rows,
    }


def _insert(cur: Any, table: str, batch: list[tuple[object, ...]]) -> int:
    from django.db import connection

    cols = "token, item_id, agency_id, published_on, weight"
    if connection.vendor == "postgresql":
        with cur.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in batch:
                copy.write_row(row)
    else:
        cur.executemany(f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s, %s)", batch)
    return len(batch)


# --------------------------------------------------------------------------- measuring


def timed(client: Any, urls: list[str]) -> list[tuple[float, str]]:
    """Milliseconds of each page, with its URL."""
    out = []
    for u in urls:
        t0 = time.perf_counter()
        r = client.get(u)
        out.append(((time.perf_counter() - t0) * 1000, u))
        if r.status_code != 200:
            raise SystemExit(f"{u}: HTTP {r.status_code}")
    return out


def list_urls(rng: random.Random, built: dict[str, Any]) -> list[str]:
    from gongkai.proactive.vocab import Category

    agencies, items = built["agencies"], built["items"]
    cats = [c for c in Category.values if any(c == p[0] for p in PATTERNS)]
    makers: list[Callable[[], str]] = [
        lambda: f"/xxgk/catalogue/?page={rng.randint(1, 50)}",
        lambda: f"/xxgk/catalogue/?category={rng.choice(cats)}&page={rng.randint(1, 20)}",
        lambda: f"/xxgk/{rng.choice(agencies).code}/catalogue/?page={rng.randint(1, 20)}",
        lambda: (
            f"/xxgk/{rng.choice(agencies).code}/catalogue/?category={rng.choice(cats)}"
            f"&year={rng.randint(2016, 2025)}"
        ),
        lambda: f"/xxgk/{rng.choice(agencies).code}/",
        lambda: f"/xxgk/items/{rng.choice(items).pk}/",
        lambda: "/xxgk/",
    ]
    return [rng.choice(makers)() for _ in range(REQUESTS)]


def search_urls(rng: random.Random, built: dict[str, Any]) -> list[str]:
    from urllib.parse import urlencode

    agencies = built["agencies"]
    queries = [
        *TOPICS,
        "小区",
        "预算",
        "通知",
        "工作",
        "实施方案",
        "老旧小区 改造",
        "食品安全 专项检查",
        "安全生产 工作总结",
        "2023年 部门预算",
        "政策解读",
        "执法检查结果公示",
        "量子计算",
        "镇老",
        "第7局",
    ]

    def one() -> str:
        params: dict[str, object] = {"q": rng.choice(queries)}
        if rng.random() < 0.3:
            params["agency"] = rng.choice(agencies).code
        if rng.random() < 0.2:
            params["page"] = rng.randint(2, 5)
        return "/xxgk/search/?" + urlencode(params)

    return [one() for _ in range(REQUESTS)]


def run(backend: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    # Time what a request does, not opening a database connection: keep it open across
    # requests (the connection cost under the site's own setting is printed separately).
    conn_max_age = settings.DATABASES["default"].get("CONN_MAX_AGE", 0)
    settings.DATABASES["default"]["CONN_MAX_AGE"] = None
    call_command("migrate", verbosity=0)
    print(f"== {backend} ({connection.settings_dict['NAME']}), {ITEMS} items", flush=True)
    built = build(ITEMS)
    print(
        f"build: items+channels {built['t_items']:.1f} s, search index "
        f"{built['t_index']:.1f} s ({built['token_rows']} rows, "
        f"{built['token_rows'] / max(1, ITEMS):.0f} per item)",
        flush=True,
    )
    # The state a live database settles in: statistics gathered and, on PostgreSQL, the
    # visibility map set by (auto)vacuum so that index-only scans need not visit rows.
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    client = Client()
    rng = random.Random(7)
    timed(client, list_urls(rng, built)[:20] + search_urls(rng, built)[:20])  # warm up
    results = {
        "list": (timed(client, list_urls(rng, built)), TARGET_LIST_MS),
        "search": (timed(client, search_urls(rng, built)), TARGET_SEARCH_MS),
    }
    for kind, (got, target) in results.items():
        ms = [t for t, _ in got]
        worst = benchkit.p95(ms)
        verdict = benchkit.verdict(worst, target)
        print(
            f"{kind:6s} n={len(ms)}  p50 {statistics.median(ms):6.1f} ms  p95 {worst:6.1f} ms"
            f"  max {max(ms):6.1f} ms   target p95 < {target:.0f} ms  {verdict}",
            flush=True,
        )
        for t, u in sorted(got, reverse=True)[:3]:
            print(f"       slowest {t:6.1f} ms  {unquote(u)}", flush=True)
    if not conn_max_age:
        t0 = time.perf_counter()
        for _ in range(20):
            connection.close()
            connection.ensure_connection()
        each = (time.perf_counter() - t0) / 20 * 1000
        print(
            f"(not included above: with CONN_MAX_AGE={conn_max_age} as configured, each request"
            f" also opens a connection: {each:.1f} ms here)",
            flush=True,
        )


if __name__ == "__main__":
    raise SystemExit(benchkit.run_backends(__file__, run))
