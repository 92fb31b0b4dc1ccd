"""PostgreSQL stopped as by a crash (``pg_ctl stop -m immediate``) in the middle of a
letter's generation, with the real application under gunicorn: the officer gets the clear
503 page; once the database is back, nothing of the act remains (no pause, letter or audit
entry, the status unchanged), and the same server process, not restarted, serves again.

A throw-away cluster (scripts/pgcluster.py, fsync on) and gunicorn on 127.0.0.1 are started
as ``make soak`` starts them (scripts/soak.py); skipped, with the reason, when PostgreSQL
cannot start here.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from gongkai.web.faults import KEPT_HINT, MESSAGES

ROOT = Path(__file__).resolve().parents[2]


def _soak() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gongkai_soak", ROOT / "scripts" / "soak.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


soak = _soak()

SETUP = """
from django.contrib.auth.models import User
from gongkai.cases.models import Agency, Membership, Role
from gongkai.cases.services.intake import submit
town = Agency.objects.get(code="330203101")
user = User.objects.create_user("officer", "officer@example.gov.cn", "pw-officer-2024")
Membership.objects.create(user=user, agency=town, role=Role.OFFICER)
req, _ = submit(FIELDS, agency=town)
print(req.tracking_number)
"""

STATE = """
from gongkai.cases.models import DisclosureRequest
req = DisclosureRequest.objects.get(tracking_number=NUMBER)
print(json.dumps({"status": req.status, "pauses": req.pauses.count(),
                  "letters": [l.kind for l in req.letters.all()],
                  "events": list(req.events.values_list("action", flat=True))}))
"""

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[Any, Any, dict[str, str], str]]:
    """(cluster, server, environment, a request's tracking number)."""
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-pg-fault-"))
    tmp.chmod(0o755)
    (tmp / "pg").mkdir()
    try:
        with contextlib.ExitStack() as stack:
            try:
                pg = stack.enter_context(soak.pgcluster.throwaway(tmp / "pg"))
            except soak.pgcluster.Unavailable as e:
                pytest.skip(f"PostgreSQL could not start here: {e}")
            env = soak.app_env(tmp, pg.url)
            soak.django_child(env, soak.PREPARE)
            fields = soak.application("pg-fault", 1, "330203101")
            fields.pop("agency")
            number = soak.django_child(env, SETUP.replace("FIELDS", repr(fields))).strip()
            server = soak.Server(env, soak.Config(workers=1, threads=2))
            server.start()
            try:
                yield pg, server, env, number
            finally:
                server.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def state(env: dict[str, str], number: str) -> dict[str, Any]:
    out = soak.django_child(env, STATE.replace("NUMBER", repr(number)))
    return dict(json.loads(out))


def logged_in(port: int) -> Any:
    c = soak.Client(port)
    token = _CSRF.search(c.send("GET", "/staff/login/").body.decode())
    assert token
    body = f"username=officer&password=pw-officer-2024&csrfmiddlewaretoken={token.group(1)}"
    r = c.send("POST", "/staff/login/", body.encode(), "application/x-www-form-urlencoded")
    assert r.status == 302, r.body[:300]
    return c


def ask_correction(c: Any, number: str) -> Any:
    got = c.send("GET", f"/staff/requests/{number}/")
    token = _CSRF.search(got.body.decode())
    assert token, (got.status, got.body[:1000].decode())
    body = f"points=请写明所需文件的年份&period_days=15&csrfmiddlewaretoken={token.group(1)}"
    path = f"/staff/requests/{number}/correction/"
    return c.send("POST", path, body.encode(), "application/x-www-form-urlencoded")


def stop_when_in_transaction(pg: Any, stopped: threading.Event) -> None:
    """Wait until a server connection sits inside an open transaction (the act has begun
    writing and is rendering the letter), then stop the database as a crash would."""
    import psycopg

    with psycopg.connect(pg.url, autocommit=True) as watch:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            row = watch.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = 'gongkai' "
                "AND state = 'idle in transaction' AND pid <> pg_backend_pid()"
            ).fetchone()
            if row and row[0]:
                break
            time.sleep(0.002)
        else:
            return
    pg.stop("immediate")
    stopped.set()


def test_database_stopped_while_a_letter_is_generated(site: tuple[Any, ...]) -> None:
    pg, server, env, number = site
    officer = logged_in(server.port)
    before = state(env, number)
    assert before == {"status": "processing", "pauses": 0, "letters": [], "events": ["received"]}

    stopped = threading.Event()
    watcher = threading.Thread(target=stop_when_in_transaction, args=(pg, stopped))
    watcher.start()
    r = ask_correction(officer, number)
    watcher.join()
    assert stopped.is_set(), "the act never held an open transaction"
    assert r.status == 503 and r.headers["retry-after"] == "30"
    page = r.body.decode()
    assert MESSAGES[("database", True)] in page and KEPT_HINT in page
    assert "Traceback" not in page

    # While it is down: pages and the API say so too.
    anyone = soak.Client(server.port)
    r = anyone.send("GET", "/")
    assert r.status == 503 and MESSAGES[("database", False)] in r.body.decode()
    payload = soak.application("pg-fault-api", 2, "330203101")
    body = json.dumps(payload).encode()
    r = anyone.send("POST", "/api/requests", body, "application/json", key="pg-fault-api")
    assert r.status == 503
    assert json.loads(r.body) == {"detail": MESSAGES[("database", True)]}

    pg.start()
    assert state(env, number) == before  # nothing of the act was kept
    # The same gunicorn process reconnects: the act and the submission go through now.
    r = ask_correction(officer, number)
    assert r.status == 302, r.body[:500]
    after = state(env, number)
    assert after["status"] == "correction" and after["letters"] == ["correction"]
    assert after["pauses"] == 1 and after["events"] == ["received", "correction_asked"]
    r = anyone.send("POST", "/api/requests", body, "application/json", key="pg-fault-api")
    assert r.status == 201 and json.loads(r.body)["tracking_number"].endswith("-00002")


def test_a_restart_between_requests_costs_no_request(site: tuple[Any, ...]) -> None:
    """Kept connections are checked before each request's first query, without a round
    trip (gongkai.web.postgresql): after PostgreSQL restarted, or ended the server's
    backends, between two requests, every request is still served."""
    import psycopg

    pg, server, _, _ = site
    clients = [soak.Client(server.port) for _ in range(3)]

    def every_one_served() -> None:
        for _ in range(3):
            for c in clients:
                r = c.send("GET", "/api/agencies")
                assert r.status == 200, (r.status, r.body[:300])

    every_one_served()  # each server thread holds its connection now
    pg.stop("fast")
    pg.start()
    every_one_served()
    others = "FROM pg_stat_activity WHERE datname = 'gongkai' AND pid <> pg_backend_pid()"
    with psycopg.connect(pg.url, autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) {others}")
        # Ended once they have gone (a request meeting one still going fails, checked or not).
        deadline = time.monotonic() + 10
        while admin.execute(f"SELECT count(*) {others}").fetchone() != (0,):
            assert time.monotonic() < deadline, "the server's backends did not end"
            time.sleep(0.01)
    every_one_served()
