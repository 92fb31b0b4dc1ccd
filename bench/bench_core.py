"""Benchmark of the report core: parse + check of the two seed reports, on one core.

Run:  cd /work/main && PYTHONPATH=src .venv/bin/python bench/bench_core.py
      (GONGKAI_SHARED=/path/to/shared overrides where seeds/ is found;
       GONGKAI_BENCH_SECONDS=N sets the time spent per measurement, default 2)

Prints, per seed, the median microseconds of ``read_bytes`` + ``check``, the reports per
second that gives on one core, the median microseconds of the baseline (open, read,
decode UTF-8, splitlines) and the ratio of the two, then the targets with PASS/MISS; then,
for information, the same parse+check with the core's caches emptied every time.
No assertions: this is a measurement, not a test.

It measures the core twice: interpreted (the editable install of development, ``make run``)
and compiled with mypyc (what a release wheel installs, see setup.py), from the copy
``make compiled`` builds under var/compiled (GONGKAI_COMPILED overrides where). The targets
are judged on the compiled core, as installed; when there is none (no C compiler), on the
interpreted one, and it says so.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corekit import COMPILED_DIR, compiled_status  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]
COMPILED = "--compiled" in sys.argv
sys.path.insert(0, str(COMPILED_DIR if COMPILED else ROOT / "src"))

from gongkai.core.checks import check  # noqa: E402
from gongkai.core.labels import key_text, strip_numbering  # noqa: E402
from gongkai.core.numbers import parse_value  # noqa: E402
from gongkai.core.readers import read_bytes  # noqa: E402
from gongkai.core.readers.matcher import forget_layouts  # noqa: E402
from gongkai.core.readers.tokens import forget_lines  # noqa: E402

TARGET_RPS = 2000
TARGET_RATIO = 20.0


def shared_dir() -> Path:
    env = os.environ.get("GONGKAI_SHARED")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared"


def measure(fn: Callable[[], object], seconds: float) -> tuple[float, int]:
    """Median microseconds of one call of ``fn`` and the number of timed calls."""
    # warm up: fill caches, import lazily-loaded modules, settle the interpreter
    warm_end = time.perf_counter_ns() + int(0.2 * seconds * 1e9)
    calls = 0
    while calls < 20 or time.perf_counter_ns() < warm_end:
        fn()
        calls += 1
    # calibrate: how many calls fill ``seconds``
    t0 = time.perf_counter_ns()
    for _ in range(10):
        fn()
    per_call = max((time.perf_counter_ns() - t0) / 10, 1.0)
    n = max(50, int(seconds * 1e9 / per_call))
    samples = [0] * n
    clock = time.perf_counter_ns
    gc.collect()  # start clean; the collector stays on, as in real use
    for i in range(n):
        start = clock()
        fn()
        samples[i] = clock() - start
    return statistics.median(samples) / 1000.0, n


def main() -> int:
    seconds = float(os.environ.get("GONGKAI_BENCH_SECONDS", "2"))
    seeds = sorted((shared_dir() / "seeds").glob("*.txt"))
    if not seeds:
        print(f"no seeds found under {shared_dir() / 'seeds'}", file=sys.stderr)
        return 1

    if COMPILED and not is_compiled():
        print(f"{COMPILED_DIR} holds no compiled core", file=sys.stderr)
        return 1
    if not COMPILED:
        print(
            f"gongkai core benchmark — Python {sys.version.split()[0]}, one process, "
            f"~{seconds:g} s per measurement, medians"
        )
    status = compiled_status()
    judged = COMPILED or status != "compiled"
    print()
    print(
        "compiled core (mypyc, as a release wheel installs it):"
        if COMPILED
        else "interpreted core (the editable install of development):"
    )
    head = (
        f"{'seed':<26} {'KiB':>5} {'lines':>5} {'parse+check µs':>15} "
        f"{'reports/s':>10} {'baseline µs':>12} {'ratio':>7}"
    )
    print(head)
    print("-" * len(head))

    rows = []
    for path in seeds:
        data = path.read_bytes()
        name = path.name

        def parse_check(data: bytes = data, name: str = name) -> object:
            return check(read_bytes(data, name))

        def baseline(path: Path = path) -> object:
            with open(path, "rb") as fh:
                return fh.read().decode("utf-8").splitlines()

        parse_check()  # fail loudly here, before timing, if the seed is not readable
        pc_us, _ = measure(parse_check, seconds)
        base_us, _ = measure(baseline, seconds)
        rps = 1e6 / pc_us
        ratio = pc_us / base_us
        rows.append((rps, ratio))
        lines = len(data.decode("utf-8").splitlines())
        print(
            f"{name:<26} {len(data) / 1024:>5.1f} {lines:>5} {pc_us:>15.1f} "
            f"{rps:>10.0f} {base_us:>12.2f} {ratio:>7.0f}"
        )

    worst_rps = min(r for r, _ in rows)
    worst_ratio = max(q for _, q in rows)
    print("-" * len(head))
    print_cold(seeds, seconds)
    if not judged:
        # the targets are for the core as installed: measured again, compiled
        return subprocess.call([sys.executable, __file__, "--compiled"])
    if not COMPILED:
        print(f"no compiled core ({status}): the targets are judged on the interpreted core")
    ok_rps = "PASS" if worst_rps >= TARGET_RPS else "MISS"
    ok_ratio = "PASS" if worst_ratio <= TARGET_RATIO else "MISS"
    print(
        f"target: >= {TARGET_RPS} reports/s on one core  {ok_rps}  (slowest seed: {worst_rps:.0f}/s)"
    )
    print(f"target: ratio <= {TARGET_RATIO:g}  {ok_ratio}  (worst seed: {worst_ratio:.0f})")
    return 0


def is_compiled() -> bool:
    import gongkai.core.readers.matcher as matcher

    return not str(matcher.__file__).endswith(".py")


def forget() -> None:
    """Empty the core's caches of what it has read: label keys, cell values, line tokens,
    table layouts and row matches.

    A seed parsed again and again finds every line in them; a report never seen before
    finds only the lines reports share (labels, ``0``, blank markers), and none of its
    prose. Parsing with empty caches is the worst case, and what a first report costs.
    """
    key_text.cache_clear()
    strip_numbering.cache_clear()
    parse_value.cache_clear()
    forget_lines()
    forget_layouts()


def print_cold(seeds: list[Path], seconds: float) -> None:
    print("the same with the caches emptied before every parse (a report none of whose lines")
    print("were seen):")
    for path in seeds:
        data = path.read_bytes()

        def cold(data: bytes = data, name: str = path.name) -> object:
            forget()
            return check(read_bytes(data, name))

        cold_us, _ = measure(cold, seconds / 2)
        print(f"{path.name:<26} {cold_us:>10.1f} µs  {1e6 / cold_us:>6.0f} reports/s")


if __name__ == "__main__":
    sys.exit(main())
