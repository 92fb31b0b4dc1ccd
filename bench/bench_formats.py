"""Benchmark of the format readers: HTML reports per second, PDF pages per second against
plain pdfplumber text extraction of the same files, and peak memory. One process, one core.

Run:  cd /work/main && .venv/bin/python bench/bench_formats.py
      (GONGKAI_SHARED=/path/to/shared overrides where corpus/ is found;
       GONGKAI_BENCH_SECONDS=N sets the time spent per measurement, default 2)

HTML: every HTML report in corpus/ and tests/data/formats/ (not the non-report page),
median µs of ``read_bytes`` (sniff, decode, lxml parse, blocks, matching) and the reports
per second that gives; target >= 500/s for the slowest page.

PDF: every PDF report in corpus/ and tests/data/formats/ (not the scan). ``ours`` is
``read_bytes`` on the file's bytes (pdfplumber open, each page's characters and ruled
tables once, blocks, matching); ``plain`` is what any reader pays at least: pdfplumber
open and ``page.extract_text()`` for every page. Both start from bytes in memory, median
of a few runs each; target: ours <= 1.5 x plain for every file.

Memory: tracemalloc's peak of Python allocations while reading the largest file of each
kind (a separate run: tracing slows everything), and the process's maximum resident set
size at the end (``resource.getrusage``). No assertions: this prints figures.

Times are medians of wall-clock time, as the targets are judged; each figure also comes
with the median CPU time of this process over the same calls (``cpu``), which a machine
busy with other work inflates less (its wall-clock figures also count waiting for a core).

Like bench_core, it measures the HTML reader twice: interpreted (the editable install of
development), then, in a second process, compiled with mypyc (what a release wheel
installs, see setup.py), from the copy ``make compiled`` builds under var/compiled
(GONGKAI_COMPILED overrides where). The targets, and the PDF and memory figures, are
judged on the compiled core; when there is none (no C compiler), on the interpreted one,
and it says so.
"""

from __future__ import annotations

import gc
import io
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from corekit import COMPILED_DIR, compiled_status  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
COMPILED = "--compiled" in sys.argv
sys.path.insert(0, str(COMPILED_DIR if COMPILED else ROOT / "src"))

import pdfplumber  # noqa: E402

from gongkai.core.readers import read_bytes  # noqa: E402

TARGET_HTML_RPS = 500
TARGET_PDF_RATIO = 1.5
FIXTURES = ROOT / "tests" / "data" / "formats"
NOT_REPORTS = {"not-a-report.html", "scanned.pdf"}


def shared_dir() -> Path:
    env = os.environ.get("GONGKAI_SHARED")
    if env:
        return Path(env)
    return ROOT.parent / "shared"


def files(suffix: str) -> list[Path]:
    found = [
        p
        for folder in (shared_dir() / "corpus", FIXTURES)
        if folder.is_dir()
        for p in sorted(folder.glob(f"*{suffix}"))
        if p.name not in NOT_REPORTS
    ]
    return found


def measure(fn: Callable[[], object], seconds: float, min_runs: int = 5) -> tuple[float, float]:
    """Median seconds of one call of ``fn``, after a warm-up call: wall clock, and CPU
    time of this process."""
    fn()
    walls: list[float] = []
    cpus: list[float] = []
    end = time.perf_counter() + seconds
    gc.collect()
    while len(walls) < min_runs or time.perf_counter() < end:
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def plain_pdfplumber(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()
        return len(pdf.pages)


def peak(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def html_section(seconds: float, judged: bool) -> float | None:
    paths = files(".html")
    if not paths:
        print("no HTML reports found")
        return None
    head = (
        f"{'HTML report':<40} {'KiB':>6} {'read µs':>10} {'reports/s':>10}"
        f" {'cpu µs':>8} {'cpu/s':>6}"
    )
    print(head)
    print("-" * len(head))
    worst = worst_cpu = float("inf")
    for path in paths:
        data = path.read_bytes()

        def read(data: bytes = data) -> object:
            return read_bytes(data)

        t, cpu = measure(read, seconds)
        rps = 1 / t
        worst = min(worst, rps)
        worst_cpu = min(worst_cpu, 1 / cpu)
        print(
            f"{path.name:<40} {len(data) / 1024:>6.1f} {t * 1e6:>10.0f} {rps:>10.0f}"
            f" {cpu * 1e6:>8.0f} {1 / cpu:>6.0f}"
        )
    print("-" * len(head))
    seed = shared_dir() / "seeds" / "000_49c6c62204b3e30b.txt"
    if seed.exists():
        text = seed.read_bytes()
        t, cpu = measure(lambda: read_bytes(text), seconds)
        print(
            f"for scale, this machine now: the text reader on seed 000 takes {t * 1e6:.0f} µs "
            f"({1 / t:.0f}/s, cpu {cpu * 1e6:.0f} µs; bench_core's target is 2000/s)"
        )
    if not judged:
        print(
            f"slowest: {worst:.0f}/s (by CPU time {worst_cpu:.0f}/s); judged on the compiled core"
        )
        return worst
    ok = "PASS" if worst >= TARGET_HTML_RPS else "MISS"
    print(
        f"target: >= {TARGET_HTML_RPS} HTML reports/s on one core  {ok}  (slowest: {worst:.0f}/s;"
        f" by CPU time {worst_cpu:.0f}/s)"
    )
    return worst


def pdf_section(seconds: float) -> float | None:
    paths = files(".pdf")
    if not paths:
        print("no PDF reports found")
        return None
    head = (
        f"{'PDF report':<34} {'pages':>5} {'ours s':>8} {'pages/s':>8} "
        f"{'plain s':>8} {'pages/s':>8} {'ratio':>6} {'cpu ratio':>9}"
    )
    print(head)
    print("-" * len(head))
    worst = worst_cpu = 0.0
    for path in paths:
        data = path.read_bytes()
        pages = plain_pdfplumber(data)

        def ours(data: bytes = data) -> object:
            return read_bytes(data)

        def plain(data: bytes = data) -> object:
            return plain_pdfplumber(data)

        # interleave the two so that a change in the machine's load hits both alike
        t_ours = measure(ours, seconds / 2, min_runs=3)
        t_plain = measure(plain, seconds / 2, min_runs=3)
        t_ours = min(t_ours, measure(ours, seconds / 2, min_runs=3))
        t_plain = min(t_plain, measure(plain, seconds / 2, min_runs=3))
        ratio = t_ours[0] / t_plain[0]
        cpu_ratio = t_ours[1] / t_plain[1]
        worst = max(worst, ratio)
        worst_cpu = max(worst_cpu, cpu_ratio)
        print(
            f"{path.name:<34} {pages:>5} {t_ours[0]:>8.3f} {pages / t_ours[0]:>8.1f} "
            f"{t_plain[0]:>8.3f} {pages / t_plain[0]:>8.1f} {ratio:>6.2f} {cpu_ratio:>9.2f}"
        )
    print("-" * len(head))
    ok = "PASS" if worst <= TARGET_PDF_RATIO else "MISS"
    print(
        f"target: our PDF parse <= {TARGET_PDF_RATIO:g} x plain pdfplumber extract_text  {ok}"
        f"  (worst: {worst:.2f} x; by CPU time {worst_cpu:.2f} x)"
    )
    return worst


def memory_section() -> None:
    for suffix in (".html", ".pdf", ".docx", ".xlsx"):
        paths = files(suffix)
        if not paths:
            continue
        path = max(paths, key=lambda p: p.stat().st_size)
        data = path.read_bytes()
        used = peak(lambda data=data: read_bytes(data))  # type: ignore[misc]
        print(
            f"peak Python memory reading {path.name} ({len(data) / 1024:.0f} KiB): "
            f"{used / 2**20:.1f} MiB"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"process maximum resident set size: {rss / 1024:.0f} MiB")


def is_compiled() -> bool:
    import gongkai.core.readers.html as html

    return not str(html.__file__).endswith(".py")


def main() -> int:
    seconds = float(os.environ.get("GONGKAI_BENCH_SECONDS", "2"))
    if COMPILED and not is_compiled():
        print(f"{COMPILED_DIR} holds no compiled HTML reader", file=sys.stderr)
        return 1
    status = compiled_status()
    judged = COMPILED or status != "compiled"
    if not COMPILED:
        print(
            f"gongkai format readers benchmark — Python {sys.version.split()[0]}, "
            f"pdfplumber {pdfplumber.__version__}, one process, ~{seconds:g} s per measurement"
        )
    print()
    print(
        "compiled core (mypyc, as a release wheel installs it):"
        if COMPILED
        else "interpreted core (the editable install of development):"
    )
    html_section(seconds, judged)
    if not judged:
        # the targets are for the readers as installed: measured again, compiled
        sys.stdout.flush()
        return subprocess.call([sys.executable, __file__, "--compiled"])
    if not COMPILED:
        print(f"no compiled core ({status}): the targets are judged on the interpreted core")
    print()
    pdf_section(seconds)
    print()
    memory_section()
    return 0


if __name__ == "__main__":
    sys.exit(main())
