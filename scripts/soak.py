"""Bounded load on the real application under gunicorn, a kill -9 and a database crash
in the middle of it, then a count in the database: nothing accepted is lost, nothing is
stored twice, serials have no gaps.

    .venv/bin/python scripts/soak.py          (or: make soak)

For each database (SQLite in WAL mode in a temporary directory; PostgreSQL 15 in a
throw-away cluster, NOT RUN when it cannot start) this script

1. migrates an empty database and registers three agencies (a child process with Django);
2. starts gunicorn (gthread, ``SOAK_WORKERS`` processes × ``SOAK_THREADS`` threads; by
   default 1 × 8 on SQLite, one per CPU × 4 on PostgreSQL, see ``shape``) on 127.0.0.1
   and drives it from this process, which imports no Django:
   ``SOAK_CLIENTS`` threads, each with its own keep-alive connection from its own
   loopback address (127.0.0.10, .11, …; ``SOAK_ADDRESSES`` of them, 1 for all from
   127.0.0.1), send the next request as soon as the last is answered (a closed loop),
   after a warm-up of
   ``SOAK_WARM`` of each kind that is not counted;
3. submits ``SOAK_API`` requests by ``POST /api/requests`` and ``SOAK_FORM`` through the
   portal form (``GET /apply/`` for the CSRF token, then ``POST /apply/``, as a browser
   does), each with a unique marker in its description and as its submission key; reads
   ``SOAK_READS`` pages (home, the application form, the proactive-disclosure index, the
   agencies, a request's status by the API);
4. submits at full load and kills the whole gunicorn process group with SIGKILL after
   ``SOAK_KILL_AFTER`` answers, restarts it, submits ``SOAK_AFTER`` more;
5. on PostgreSQL, submits at full load and stops the database as a crash would
   (``pg_ctl stop -m immediate``) after ``SOAK_OUTAGE_AFTER`` answers, starts it again
   ``SOAK_OUTAGE_SECONDS`` later, goes on until as many more are accepted;
6. sends everything that got no answer (the kill) or a 503 (the crash) again with the same
   key, as an applicant would once the site is back;
7. checks in the database that every submission that got its 201/302 is stored exactly
   once under the tracking number it was told, that nothing is stored twice or without
   a 201, and that each agency's serials run 1…n with the counter at n.

Figures are printed with PASS/FAIL against the targets: submissions ≥ 200/s on
PostgreSQL and ≥ 50/s on SQLite, p95 < 200 ms for every kind, nothing lost or duplicated.
The machine may be shared: each phase also prints the CPU time its answers cost (server,
database, this load generator) and how busy other work kept the machine meanwhile. Every
phase stops after ``SOAK_PHASE_SECONDS`` at the latest. Exit status 1 when a target is
missed or a check fails.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
# The product; pgcluster beside this file (also when a test loads this file by its path).
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "scripts")]

import pgcluster  # noqa: E402
from pgcluster import Cluster  # noqa: E402

from gongkai.cases.identity import check_char_for_id  # noqa: E402  (pure, no Django)

# The PostgreSQL server's programs; the newest installed when not given.
PG_BIN = Path(os.environ["SOAK_PG_BIN"]) if os.environ.get("SOAK_PG_BIN") else None
AGENCIES = (
    ("330203", "宁波市海曙区人民政府", None),
    ("330203101", "宁波市海曙区鄞江镇人民政府", "330203"),
    ("330203201", "宁波市海曙区住房和城乡建设局", "330203"),
)
TARGET_RATE = {"sqlite": 50.0, "postgresql": 200.0}
TARGET_P95_MS = 200.0
READ_PATHS = ("/", "/apply/", "/xxgk/", "/api/agencies")


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class Config:
    databases: tuple[str, ...] = tuple(
        os.environ.get("SOAK_DATABASES", "sqlite,postgresql").split(",")
    )
    clients: int = _env_int("SOAK_CLIENTS", 8)
    # 0: the shape that suits the database (see ``shape``).
    workers: int = _env_int("SOAK_WORKERS", 0)
    threads: int = _env_int("SOAK_THREADS", 0)
    api: int = _env_int("SOAK_API", 800)
    form: int = _env_int("SOAK_FORM", 200)
    reads: int = _env_int("SOAK_READS", 800)
    warm: int = _env_int("SOAK_WARM", 40)
    kill_after: int = _env_int("SOAK_KILL_AFTER", 200)
    after: int = _env_int("SOAK_AFTER", 50)
    outage_after: int = _env_int("SOAK_OUTAGE_AFTER", 100)
    outage_seconds: float = float(os.environ.get("SOAK_OUTAGE_SECONDS", "2"))
    phase_seconds: float = float(os.environ.get("SOAK_PHASE_SECONDS", "12"))
    spread: int = _env_int("SOAK_AGENCIES", len(AGENCIES))
    # Loopback addresses the clients connect from (127.0.0.10, .11, …), in turn: by default
    # one each, as applicants come from many addresses. Each address's submissions are
    # counted for the limit per address, whose query reads them; from one address (1),
    # it read every submission of the last 10 minutes.
    addresses: int = _env_int("SOAK_ADDRESSES", 0)

    def sources(self) -> list[str]:
        """The address each client connects from."""
        n = self.addresses or self.clients
        if n <= 1:
            return ["127.0.0.1"] * self.clients
        return [f"127.0.0.{10 + i % n}" for i in range(self.clients)]


# ---------------------------------------------------------------------------------------
# Where the CPU went: the machine is shared, so each phase says what it cost and what
# else was running.

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()  # from field 3 (state) on


def cpu_seconds(session: int | None, parent: int | None) -> float:
    """CPU time of the processes in ``session`` (gunicorn's) or of ``parent`` and its
    children (the PostgreSQL postmaster and its backends)."""
    total = 0
    for pid in (d for d in os.listdir("/proc") if d.isdigit()):
        f = _stat(pid)
        if f is None:
            continue
        ppid, sid = int(f[1]), int(f[3])
        if (session is not None and sid == session) or (
            parent is not None and parent in (int(pid), ppid)
        ):
            total += int(f[11]) + int(f[12])  # utime, stime
    return total / TICK


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / TICK, sum(fields) / TICK


@dataclass
class Cost:
    app: float = 0.0
    db: float = 0.0
    client: float = 0.0
    other: float = 0.0  # everything else on the machine: other people's work
    wall: float = 0.0


class Meter:
    """Snapshots of CPU time: the server's processes, the database's, this process's."""

    def __init__(self) -> None:
        self.app_session: int | None = None
        self.db_parent: int | None = None

    def snapshot(self) -> tuple[float, float, float, float, float]:
        t = os.times()
        busy, _ = machine_busy()
        app = cpu_seconds(self.app_session, None) if self.app_session else 0.0
        db = cpu_seconds(None, self.db_parent) if self.db_parent else 0.0
        return app, db, t.user + t.system, busy, time.monotonic()

    @staticmethod
    def cost(before: tuple[float, ...], after: tuple[float, ...]) -> Cost:
        app, db, client, busy, wall = (b - a for a, b in zip(before, after, strict=True))
        return Cost(app, db, client, max(busy - app - db - client, 0.0), wall)


METER = Meter()


# ---------------------------------------------------------------------------------------
# The HTTP side: one keep-alive connection per client thread, cookies kept per client.


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused, reset, timed out)
    headers: dict[str, str]
    body: bytes
    seconds: float


class Client:
    """One browser-like client: a connection, its cookies, reconnecting when closed."""

    def __init__(self, port: int, source: str = "") -> None:
        self.port, self.source = port, source  # source: the address it connects from
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}

    def send(
        self, method: str, path: str, body: bytes | None = None, ctype: str = "", key: str = ""
    ) -> Answer:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if key:
            headers["Idempotency-Key"] = key
        if ctype:
            headers["Content-Type"] = ctype
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Referer"] = f"http://127.0.0.1:{self.port}/apply/"
        start = time.perf_counter()
        for fresh in (self.conn is None, True):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(
                        "127.0.0.1",
                        self.port,
                        timeout=30,
                        source_address=(self.source, 0) if self.source else None,
                    )
                self.conn.request(method, path, body=body, headers=headers)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server had closed: sent again on a new one, as
                # browsers do; a new connection failing this way is no answer.
                self.close()
                if fresh:
                    return Answer(0, {}, b"", time.perf_counter() - start)
            except (OSError, http.client.HTTPException):
                self.close()
                return Answer(0, {}, b"", time.perf_counter() - start)
        seconds = time.perf_counter() - start
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        got = {k.lower(): v for k, v in r.getheaders()}
        if got.get("connection", "").lower() == "close":
            self.close()
        return Answer(r.status, got, data, seconds)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def resident_id(n: int) -> str:
    first = f"3302121980{(n // 28) % 12 + 1:02d}{n % 28 + 1:02d}{n % 1000:03d}"
    return first + str(check_char_for_id(first))


def application(marker: str, n: int, agency: str) -> dict[str, str]:
    return {
        "agency": agency,
        "applicant_type": "natural_person",
        "name": "压测申请人",
        "id_type": "resident_id",
        "id_number": resident_id(n),
        "phone": f"138{n % 100000000:08d}",
        "description": f"请公开本机关老旧小区改造项目的资金安排情况。标记 {marker}",
        "delivery": "collect",
    }


@dataclass
class Phase:
    """What one phase saw: latencies of answers as expected, and every accepted marker."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    accepted: dict[str, str] = field(default_factory=dict)  # marker -> tracking number
    unanswered: list[str] = field(default_factory=list)  # markers sent, no answer
    refused: dict[str, str] = field(default_factory=dict)  # marker -> the 503's detail
    resend: dict[str, dict[str, str]] = field(default_factory=dict)  # unanswered or refused
    repeated: list[str] = field(default_factory=list)  # accepted as already stored
    marks: dict[str, float] = field(default_factory=dict)  # when things happened
    codes: list[tuple[str, str]] = field(default_factory=list)
    cost: Cost = field(default_factory=Cost)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    def fail(self, what: str) -> None:
        with self.lock:
            self.failures[what] = self.failures.get(what, 0) + 1


Job = Callable[[Client, int], None]


def drive(
    port: int,
    phase: Phase,
    count: int,
    clients: list[str],
    limit: float,
    job: Job,
    stop: threading.Event | None = None,
) -> Phase:
    """``count`` jobs shared by a thread per client, each connecting from its address in
    ``clients``, until done, the time limit, or ``stop``."""
    next_i = iter(range(count))
    take = threading.Lock()
    deadline = time.monotonic() + limit
    halt = stop or threading.Event()

    def loop(source: str) -> None:
        c = Client(port, source)
        try:
            while not halt.is_set() and time.monotonic() < deadline:
                with take:
                    i = next(next_i, None)
                if i is None:
                    return
                job(c, i)
        finally:
            c.close()

    threads = [threading.Thread(target=loop, args=(a,)) for a in clients]
    before = METER.snapshot()
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    phase.seconds = time.perf_counter() - start
    phase.cost = METER.cost(before, METER.snapshot())
    return phase


def send_application(phase: Phase, c: Client, marker: str, data: dict[str, str]) -> None:
    """``POST /api/requests`` with the marker as its Idempotency-Key; what came back."""
    body = json.dumps(data).encode()
    a = c.send("POST", "/api/requests", body, "application/json", key=marker)
    if a.status == 201:
        answer = json.loads(a.body)
        with phase.lock:
            phase.latencies.append(a.seconds)
            phase.accepted[marker] = answer["tracking_number"]
            phase.codes.append((answer["tracking_number"], answer["verification_code"]))
            if answer.get("repeated"):
                phase.repeated.append(marker)
        return
    with phase.lock:
        phase.resend[marker] = data
        if a.status == 0:
            phase.unanswered.append(marker)
        elif a.status == 503:
            phase.refused[marker] = json.loads(a.body).get("detail", "")
    phase.fail("no answer" if a.status == 0 else f"HTTP {a.status}")


def api_submit(phase: Phase, run: str, agencies: list[str]) -> Job:
    def job(c: Client, i: int) -> None:
        marker = f"{run}-{phase.name}-{i}"
        send_application(phase, c, marker, application(marker, i, agencies[i % len(agencies)]))

    return job


def resubmit(phase: Phase, earlier: list[Phase]) -> tuple[Job, int]:
    """What got no answer or a 503 earlier, sent again with the same key, as an applicant
    (or a program) does once the site is back."""
    items = [(m, d) for p in earlier for m, d in p.resend.items()]

    def job(c: Client, i: int) -> None:
        send_application(phase, c, *items[i])

    return job, len(items)


_CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_RECEIPT = re.compile(r"/apply/([^/]+)/receipt/$")


def form_submit(phase: Phase, run: str, agencies: list[str]) -> Job:
    tokens: dict[int, str] = {}

    def job(c: Client, i: int) -> None:
        if id(c) not in tokens:  # a browser opens the form first
            page = c.send("GET", "/apply/")
            found = _CSRF.search(page.body)
            if page.status != 200 or not found:
                phase.fail(f"form page HTTP {page.status}")
                return
            tokens[id(c)] = found.group(1).decode()
        marker = f"{run}-{phase.name}-{i}"
        data = application(marker, 100000 + i, agencies[i % len(agencies)])
        data["csrfmiddlewaretoken"] = tokens[id(c)]
        data["submission_key"] = marker  # as the form page would carry a fresh one
        body = urlencode(data).encode()
        a = c.send("POST", "/apply/", body, "application/x-www-form-urlencoded")
        got = _RECEIPT.search(a.headers.get("location", "")) if a.status == 302 else None
        if got:
            with phase.lock:
                phase.latencies.append(a.seconds)
                phase.accepted[marker] = got.group(1)
        elif a.status == 0:
            with phase.lock:
                phase.unanswered.append(marker)
            phase.fail("no answer")
        else:
            phase.fail(f"HTTP {a.status}")

    return job


def page_reads(phase: Phase, codes: list[tuple[str, str]]) -> Job:
    def job(c: Client, i: int) -> None:
        if codes and i % (len(READ_PATHS) + 1) == len(READ_PATHS):
            number, code = codes[i % len(codes)]
            path = f"/api/requests/{number}?code={code}"
        else:
            path = READ_PATHS[i % len(READ_PATHS)]
        a = c.send("GET", path)
        if a.status == 200:
            with phase.lock:
                phase.latencies.append(a.seconds)
        else:
            phase.fail(f"HTTP {a.status} {path.split('?')[0]}")

    return job


# ---------------------------------------------------------------------------------------
# The server side: a database, the Django child processes, gunicorn.


@contextmanager
def postgres(tmp: Path) -> Iterator[Cluster | None]:
    """A started cluster in ``tmp`` (durable: fsync on), or None with the reason printed
    when it cannot start. Its processes are what the meter counts as the database's."""
    try:
        with pgcluster.throwaway(tmp, bindir=PG_BIN) as cluster:
            METER.db_parent = cluster.pid
            try:
                yield cluster
            finally:
                METER.db_parent = None
    except pgcluster.Unavailable as e:
        print(e)
        yield None


def restart(pg: Cluster) -> None:
    pg.start()
    METER.db_parent = pg.pid


def django_child(env: dict[str, str], code: str) -> str:
    """Run ``code`` in a fresh Python with Django set up; its stdout."""
    prologue = "import django, json, sys\ndjango.setup()\n"
    r = subprocess.run(
        [str(BIN / "python"), "-c", prologue + code],
        env=env,
        capture_output=True,
        text=True,
        cwd=env["GONGKAI_VAR"],
    )
    if r.returncode:
        raise RuntimeError(f"Django child failed:\n{r.stderr[-2000:]}")
    return r.stdout


PREPARE = """
from django.core.management import call_command
from gongkai.cases.models import Agency
call_command("migrate", interactive=False, verbosity=0)
made = {}
import os
for code, name, parent in json.loads(os.environ["SOAK_AGENCY_TREE"]):
    made[code] = Agency.objects.create(
        code=code, name=name, parent=made.get(parent), letter_prefix=name[:3],
        reconsideration_body="宁波市人民政府", court="宁波市中级人民法院")
"""

VERIFY = """
from collections import defaultdict
from gongkai.cases.models import DisclosureRequest, RequestCounter
stored = defaultdict(list)
serials = defaultdict(list)
for tn, desc, code, year, serial in DisclosureRequest.objects.values_list(
        "tracking_number", "description", "agency__code", "year", "serial"):
    marker = desc.rsplit("标记 ", 1)[-1]
    stored[marker].append(tn)
    serials[f"{code}/{year}"].append(serial)
counters = {f"{c.agency.code}/{c.year}": c.last
            for c in RequestCounter.objects.select_related("agency")}
from django.db.models import Count
from gongkai.web.models import Attempt
limit = dict(Attempt.objects.filter(kind="submit").values_list("key").annotate(Count("id")))
print(json.dumps({"stored": stored, "serials": serials, "counters": counters, "limit": limit}))
"""


class Server:
    """gunicorn in its own process group, so SIGKILL reaches master and workers at once."""

    def __init__(self, env: dict[str, str], cfg: Config) -> None:
        self.env, self.cfg = env, cfg
        self.port = pgcluster.free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    def options(self) -> list[str]:
        return [
            *("--bind", f"127.0.0.1:{self.port}", "--worker-class", "gthread"),
            *("--workers", str(self.cfg.workers), "--threads", str(self.cfg.threads)),
            *("--timeout", "60", "--keep-alive", "5"),
        ]

    def start(self) -> None:
        log = open(Path(self.env["GONGKAI_VAR"]) / "gunicorn.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "gongkai.web.wsgi:application", *self.options()],
            env=self.env,
            cwd=self.env["GONGKAI_VAR"],
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        log.close()
        METER.app_session = self.proc.pid  # its own session: master and workers
        deadline = time.monotonic() + 60
        c = Client(self.port)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited at start; see gunicorn.log")
            if c.send("GET", "/api/agencies").status == 200:
                c.close()
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


# ---------------------------------------------------------------------------------------
# One database's run, and what is printed.


@dataclass
class Verdict:
    lines: list[str] = field(default_factory=list)
    passed: bool = True

    def check(self, ok: bool, text: str) -> None:
        self.passed &= ok
        self.lines.append(f"  {'PASS' if ok else 'FAIL'}  {text}")


def figures(p: Phase, kind: str, rate_target: float | None) -> tuple[str, bool]:
    p95 = p.percentile(0.95)
    failed = ", ".join(f"{k} ×{v}" for k, v in sorted(p.failures.items())) or "none"
    text = (
        f"{kind:<16} {p.ok:>5} ok in {p.seconds:5.1f} s  {p.rate:7.1f}/s  "
        f"p50 {p.percentile(0.5):5.0f} ms  p95 {p95:5.0f} ms  max {p.percentile(1.0):5.0f} ms"
        f"  failed: {failed}"
    )
    c, n, wall = p.cost, max(p.ok, 1), max(p.cost.wall, 1e-9)
    cpus = os.cpu_count() or 1
    idle = max(cpus - (c.app + c.db + c.client + c.other) / wall, 0.0)
    text += (
        f"\n        CPU per answer: server {c.app / n * 1000:.1f} ms, database "
        f"{c.db / n * 1000:.1f} ms, load generator {c.client / n * 1000:.1f} ms"
        f"\n        the {cpus} CPUs meanwhile: server {c.app / wall:.2f}, database "
        f"{c.db / wall:.2f}, load generator {c.client / wall:.2f}, other work "
        f"{c.other / wall:.2f}, idle {idle:.2f}"
    )
    if c.app + c.db + c.client > 0:
        free = cpus / ((c.app + c.db + c.client) / n)
        text += f"; at this cost the {cpus} CPUs give ≈ {free:.0f}/s (estimate)"
    ok = p95 < TARGET_P95_MS and not p.failures
    wanted = [f"p95 < {TARGET_P95_MS:.0f} ms", "no failures"]
    if rate_target is not None:
        ok &= p.rate >= rate_target
        wanted.insert(0, f"≥ {rate_target:.0f}/s")
    return f"{text}\n        target: {', '.join(wanted)}", ok


def run_phase(
    server: Server, cfg: Config, name: str, count: int, make: Callable[[Phase], Job]
) -> Phase:
    phase = Phase(name)
    return drive(server.port, phase, count, cfg.sources(), cfg.phase_seconds, make(phase))


def kill_phase(server: Server, cfg: Config, run: str, agencies: list[str]) -> Phase:
    """Submissions at full load; SIGKILL of the whole server after ``kill_after`` answers."""
    phase = Phase("kill")
    stop = threading.Event()
    job = api_submit(phase, run, agencies)

    def watched(c: Client, i: int) -> None:
        job(c, i)
        if phase.ok >= cfg.kill_after and not stop.is_set():
            stop.set()
            server.kill()

    drive(server.port, phase, cfg.kill_after * 20, cfg.sources(), cfg.phase_seconds, watched, stop)
    if not stop.is_set():
        server.kill()
    return phase


def stored_check(v: Verdict, env: dict[str, str], phases: list[Phase]) -> None:
    """Every accepted marker stored once under the number it was told; nothing twice; what
    never got a 201 not stored; no gaps."""
    found = json.loads(django_child(env, VERIFY))
    stored: dict[str, list[str]] = found["stored"]
    accepted = {m: tn for p in phases for m, tn in p.accepted.items()}
    lost = [m for m in accepted if not stored.get(m)]
    wrong = [m for m, tn in accepted.items() if stored.get(m) and stored[m] != [tn]]
    twice = [m for m, tns in stored.items() if len(tns) > 1]
    unresolved = {m for p in phases for m in p.resend} - set(accepted)
    strays = [m for m in stored if m not in accepted]
    v.check(
        not lost and not wrong,
        f"{len(accepted)} accepted submissions: {len(accepted) - len(lost) - len(wrong)} stored "
        f"under the number they were told, {len(lost)} lost, {len(wrong)} under another number",
    )
    v.check(
        not twice and not strays,
        f"{sum(len(t) for t in stored.values())} requests in the database: {len(twice)} stored "
        f"twice, {len(strays)} stored without a 201 ({len(unresolved)} never answered 201)",
    )
    counted: dict[str, int] = found["limit"]
    total = sum(len(t) for t in stored.values())
    v.check(
        sum(counted.values()) == total,
        f"counted for the limit per address, in the transaction that stored them: "
        f"{sum(counted.values())} of {total} requests, from {len(counted)} address(es)",
    )
    gaps = []
    for key, serials in found["serials"].items():
        n = len(serials)
        if sorted(serials) != list(range(1, n + 1)) or found["counters"].get(key) != n:
            gaps.append(key)
    v.check(
        not gaps,
        "serials gap-free per agency and year: "
        + ", ".join(f"{k} 1…{len(s)}" for k, s in sorted(found["serials"].items()))
        + (f"; gaps or counter off in {', '.join(gaps)}" if gaps else ""),
    )


def outage_phase(server: Server, cfg: Config, run: str, agencies: list[str], pg: Cluster) -> Phase:
    """Submissions at full load; after ``outage_after`` answers the database server is
    stopped as by a crash (``pg_ctl stop -m immediate``), started again after
    ``SOAK_OUTAGE_SECONDS``, and the load goes on until as many more are accepted."""
    phase = Phase("outage")
    done = threading.Event()
    submit = api_submit(phase, run, agencies)
    marks = phase.marks

    def job(c: Client, i: int) -> None:
        submit(c, i)
        if f"{run}-{phase.name}-{i}" in phase.refused:
            time.sleep(0.2)  # a person told to try again later does not click at once

    def crash_and_recover() -> None:
        while phase.ok < cfg.outage_after and not done.is_set():
            time.sleep(0.01)
        marks["accepted before"] = phase.ok
        pg.stop("immediate")
        marks["stopped"] = time.monotonic()
        time.sleep(cfg.outage_seconds)
        restart(pg)
        marks["started"] = time.monotonic()
        marks["accepted at restart"] = phase.ok
        while phase.ok == marks["accepted at restart"] and not done.is_set():
            time.sleep(0.005)
        marks["first accepted after"] = time.monotonic()
        while phase.ok < marks["accepted at restart"] + cfg.outage_after and not done.is_set():
            time.sleep(0.01)
        done.set()

    t = threading.Thread(target=crash_and_recover)
    t.start()
    drive(
        server.port, phase, cfg.outage_after * 1000, cfg.sources(), cfg.phase_seconds * 2, job, done
    )
    done.set()
    t.join()
    return phase


def app_env(tmp: Path, url: str | None) -> dict[str, str]:
    """The server's environment: a database, a place for its files, plain-HTTP cookies, a
    submission limit far above the load (the limit's queries still run)."""
    env = dict(os.environ)
    env.update(
        GONGKAI_VAR=str(tmp),
        GONGKAI_SECRET_KEY="soak-" + os.urandom(16).hex(),
        GONGKAI_INSECURE_COOKIES="1",
        GONGKAI_SUBMIT_LIMIT=os.environ.get("SOAK_SUBMIT_LIMIT", "1000000/600"),
        DJANGO_SETTINGS_MODULE="gongkai.web.settings",
        PYTHONPATH=str(ROOT / "src"),
        SOAK_AGENCY_TREE=json.dumps(AGENCIES),
    )
    env.pop("GONGKAI_DEBUG", None)
    if url:
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    return env


def outage_report(v: Verdict, p: Phase) -> None:
    marks = p.marks
    if "first accepted after" not in marks:
        v.check(False, f"database stopped mid-load: the load did not recover ({marks})")
        return
    details = sorted(set(p.refused.values()))
    clear = bool(details) and all(re.search(r"[\u4e00-\u9fff]", d) for d in details)
    other = {k: n for k, n in p.failures.items() if k != "HTTP 503"}
    v.check(
        clear and not other,
        f"PostgreSQL stopped as by a crash after {marks['accepted before']:.0f} accepted "
        f"submissions, running again {marks['started'] - marks['stopped']:.1f} s later: "
        f"{len(p.refused)} answered 503 meanwhile with {' / '.join(details) or 'no detail'}; "
        f"other failures: {other or 'none'}; {p.ok - marks['accepted at restart']:.0f} accepted "
        f"after the restart, the first "
        f"{marks['first accepted after'] - marks['started']:.2f} s after it",
    )


def one_database(kind: str, pg: Cluster | None, tmp: Path, cfg: Config) -> Verdict:
    env = app_env(tmp, pg.url if pg else None)
    agencies = [a[0] for a in AGENCIES[: max(1, cfg.spread)]]
    django_child(env, PREPARE)
    run = os.urandom(3).hex()
    v = Verdict()
    server = Server(env, cfg)
    server.start()
    outage: Phase | None = None
    try:
        # Warm-up, not counted: every worker imports its views and fills its caches.
        warm = [
            run_phase(server, cfg, "warm-api", cfg.warm, lambda p: api_submit(p, run, agencies)),
            run_phase(server, cfg, "warm-form", cfg.warm, lambda p: form_submit(p, run, agencies)),
            run_phase(server, cfg, "warm-read", cfg.warm * 2, lambda p: page_reads(p, [])),
        ]
        api = run_phase(server, cfg, "api", cfg.api, lambda p: api_submit(p, run, agencies))
        form = run_phase(server, cfg, "form", cfg.form, lambda p: form_submit(p, run, agencies))
        reads = run_phase(server, cfg, "read", cfg.reads, lambda p: page_reads(p, api.codes))
        killed = kill_phase(server, cfg, run, agencies)
        server.start()
        after = run_phase(server, cfg, "after", cfg.after, lambda p: api_submit(p, run, agencies))
        if pg is not None and cfg.outage_after > 0:
            outage = outage_phase(server, cfg, run, agencies, pg)
        again = Phase("again")
        job, count = resubmit(again, [killed, *([outage] if outage else [])])
        drive(server.port, again, count, cfg.sources(), cfg.phase_seconds * 5, job)
    finally:
        server.stop()
    target = TARGET_RATE[kind]
    for p, label, rate in (
        (api, "submit, API", target),
        (form, "submit, form", target),
        (reads, "read pages", None),
    ):
        text, ok = figures(p, label, rate)
        v.check(ok, text)
    v.check(
        killed.ok >= min(cfg.kill_after, 1) and after.ok == cfg.after and not after.failures,
        f"kill -9 of gunicorn (master and workers) after {killed.ok} accepted submissions "
        f"({len(killed.unanswered)} in flight got no answer); restarted, "
        f"{after.ok}/{cfg.after} accepted after",
    )
    if outage is not None:
        outage_report(v, outage)
    v.check(
        again.ok == count and not again.failures,
        f"sent again with the same key once the site was back: {count} (no answer at the "
        f"kill, 503 in the outage); {again.ok} answered 201, {len(again.repeated)} of them as "
        "already stored (committed though the first answer was lost), none registered twice",
    )
    phases = [*warm[:2], api, form, killed, after, *([outage] if outage else []), again]
    stored_check(v, env, phases)
    return v


def shape(kind: str, cfg: Config) -> Config:
    """gunicorn's processes × threads for ``kind``, unless SOAK_WORKERS/SOAK_THREADS say.

    SQLite has one writer at a time: one process, whose submissions queue fairly for it
    (``intake._one_writer``). With two or more, writers of different processes meet in
    SQLite's busy handler, whose growing sleeps let some wait: measured on an idle
    machine, 2 × 4 gave the slowest submission 1.7–2.2 s, 1 × 8 gave 0.17–0.22 s at about
    the same rate. PostgreSQL: a process per CPU."""
    workers, threads = (1, 8) if kind == "sqlite" else (os.cpu_count() or 2, 4)
    return replace(cfg, workers=cfg.workers or workers, threads=cfg.threads or threads)


def main() -> int:
    cfg = Config()
    print(
        f"soak: {cfg.clients} clients from {len(set(cfg.sources()))} loopback address(es); "
        f"gunicorn (gthread) on 127.0.0.1; {os.cpu_count()} CPUs shared with this load "
        "generator",
        flush=True,
    )
    ok = True
    for kind in cfg.databases:
        with tempfile.TemporaryDirectory(prefix=f"gongkai-soak-{kind}-") as d:
            tmp = Path(d)
            tmp.chmod(0o755)
            if kind == "sqlite":
                run = shape(kind, cfg)
                print(
                    f"== SQLite (WAL), a file in a temporary directory; gunicorn "
                    f"{run.workers} process × {run.threads} threads",
                    flush=True,
                )
                v = one_database(kind, None, tmp, run)
            elif kind == "postgresql":
                (tmp / "pg").mkdir()
                with postgres(tmp / "pg") as pg:
                    if pg is None:
                        print("== PostgreSQL: NOT RUN")
                        continue
                    run = shape(kind, cfg)
                    print(
                        f"== PostgreSQL {pg.version}, a throw-away cluster ({pg.url}); gunicorn "
                        f"{run.workers} processes × {run.threads} threads",
                        flush=True,
                    )
                    v = one_database(kind, pg, tmp, run)
            else:
                print(f"unknown database {kind!r} in SOAK_DATABASES", file=sys.stderr)
                return 2
            print("\n".join(v.lines), flush=True)
            ok &= v.passed
    print("soak: PASS" if ok else "soak: FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
