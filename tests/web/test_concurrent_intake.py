"""50 applications at once through the API: 50 requests, 50 distinct gap-free numbers.

Threads post to a live server, which serves each on its own thread and database
connection, as in production. Run on SQLite by ``make test`` and on PostgreSQL by
``.ci/run`` (which sets ``DATABASE_URL``).
"""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection

from gongkai.cases.models import DisclosureRequest, Event
from tests.web.factories import person_payload, tree

N = 50


def _post(url: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    body = json.dumps(data).encode()
    req = urllib.request.Request(url, body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.status, json.loads(r.read())


def _submit_concurrently(base: str) -> None:
    tree()
    payloads = [person_payload("330212101", name=f"申请人{i}") for i in range(N)]
    with ThreadPoolExecutor(max_workers=N) as pool:
        results = list(pool.map(lambda p: _post(f"{base}/api/requests", p), payloads))

    assert [s for s, _ in results] == [201] * N
    numbers = [b["tracking_number"] for _, b in results]
    assert len(set(numbers)) == N
    reqs = DisclosureRequest.objects.filter(agency__code="330212101")
    assert reqs.count() == N
    year = reqs.first().year  # type: ignore[union-attr]
    assert sorted(r.serial for r in reqs) == list(range(1, N + 1))
    assert sorted(numbers) == [f"330212101-{year}-{i:05d}" for i in range(1, N + 1)]
    assert Event.objects.filter(action="received").count() == N


@pytest.mark.skipif(connection.vendor != "sqlite", reason="DATABASE_URL is not SQLite")
def test_fifty_concurrent_submissions_sqlite(live_server: Any) -> None:
    _submit_concurrently(live_server.url)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="DATABASE_URL is not PostgreSQL")
def test_fifty_concurrent_submissions_postgresql(live_server: Any) -> None:
    _submit_concurrently(live_server.url)
