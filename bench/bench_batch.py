"""Benchmark of ``gongkai batch`` over a generated corpus of text reports.

Run:  cd /work/main && .venv/bin/python bench/bench_batch.py
      (GONGKAI_BENCH_SIZES=1000,5000,10000 sets the corpus sizes, the largest also timed
       with 1 and 2 workers; GONGKAI_BENCH_DIR=path keeps the corpus there between runs)

The corpus is made by ``gongkai.batch.synth`` (text one cell a line and Markdown, both
formats, series of years, about a third with planted errors, four files that are no
reports); the smaller corpora are the first files of the largest (hard links). Each
batch runs in a fresh process into a fresh output folder, so nothing is cached between
measurements; the process tree's memory (the driver and its workers) is sampled from
/proc every 0.1 s.

Prints, per run: files, seconds reading and checking (the parallel part), reports per
second over that part, seconds of the cross-year checks, of writing the outputs (CSV,
Parquet, XLSX and the dashboard, side by side with 2 workers), reports per second end to
end, and the peak resident
memory of the driver and of the whole tree. Then one core's rate on the same files
without the batch around it (the ceiling), the speed-up of 2 workers over 1, and the
targets with PASS/MISS. No assertions: this is a measurement, not a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

from corekit import COMPILED_DIR, compiled_status  # bench/, beside this script

ROOT = Path(__file__).resolve().parents[1]


def core_dir() -> tuple[Path, str]:
    """Where gongkai is imported from, and which core that is: the compiled copy
    ``make compiled`` builds (what a release wheel installs) when there is one, unless
    GONGKAI_BENCH_CORE=interpreted asks for the sources."""
    status = compiled_status()
    if status == "compiled" and os.environ.get("GONGKAI_BENCH_CORE") != "interpreted":
        return COMPILED_DIR, "compiled core (mypyc, as a release wheel installs it)"
    return ROOT / "src", f"interpreted core (compiled: {status})"


CORE_DIR, CORE_NAME = core_dir()
sys.path.insert(0, str(CORE_DIR))

TARGET_RPS = 3000  # text reports/s in total, reading and checking, 2 workers
TARGET_SPEEDUP = 1.6  # 2 workers over 1, on 2 cores
TARGET_MEMORY = 1.25  # peak memory at the largest size over the smallest
FORMATS = {"txt": 3, "md": 2}
PAGE = os.sysconf("SC_PAGE_SIZE")


def child(corpus: str, out: str, workers: str) -> int:
    """One batch run in this process; prints its figures as JSON."""
    import resource

    from gongkai.batch.run import run_batch
    from gongkai.batch.runners import make_runner

    runner = make_runner(int(workers), None)
    try:
        summary = run_batch(Path(corpus), Path(out), runner, progress=False)
    finally:
        runner.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"files": summary.files, "seconds": summary.seconds, "driver_rss": rss}))
    return 0


def _tree(pid: int) -> list[int]:
    """The process and its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().decode("ascii", "replace")
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, ()))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except OSError:
        return 0


def run(corpus: Path, workers: int) -> dict[str, float]:
    out = Path(tempfile.mkdtemp(prefix="gongkai-bench-out-"))
    try:
        env = {**os.environ, "PYTHONPATH": str(CORE_DIR)}  # for the workers it starts too
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(corpus), str(out / "out"), str(workers)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        peak = [0]

        def sample() -> None:
            while proc.poll() is None:
                peak[0] = max(peak[0], sum(_rss(p) for p in _tree(proc.pid)))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        stdout, _ = proc.communicate()
        sampler.join()
        got = json.loads(stdout.strip().splitlines()[-1])
        s = got["seconds"]
        return {
            "files": got["files"],
            "read_check": s["read_check"],
            "years": s["years"],
            "outputs": s["outputs"],
            "total": sum(s.values()),
            "driver_rss": got["driver_rss"],
            "tree_rss": peak[0],
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def make_corpora(base: Path, sizes: list[int]) -> dict[int, Path]:
    from gongkai.batch.discover import discover
    from gongkai.batch.synth import write_corpus

    largest = max(sizes)
    full = base / f"corpus-{largest}"
    if not (full / "manifest.jsonl").exists():
        print(f"writing a corpus of {largest} text reports under {full} …", flush=True)
        write_corpus(full, largest, seed=0, formats=FORMATS, error_rate=0.3)
    paths = list(discover(full / "reports"))
    out = {largest: full / "reports"}
    for n in sizes:
        if n == largest:
            continue
        sub = base / f"corpus-{n}" / "reports"
        if not sub.exists():
            for rel in paths[:n]:
                (sub / rel).parent.mkdir(parents=True, exist_ok=True)
                os.link(full / "reports" / rel, sub / rel)
        out[n] = sub
    return out


def core_rate(corpus: Path, n: int = 1000) -> float:
    """Reports/s of the per-file work alone, in this process, on one core (CPU time)."""
    from gongkai.batch.discover import content_hash, discover
    from gongkai.batch.worker import process

    jobs = [(p, (corpus / p).read_bytes()) for p in islice(discover(corpus), n)]
    for p, data in jobs[:50]:  # warm up
        process(content_hash(data), p, data)
    start = time.process_time()
    for p, data in jobs:
        process(content_hash(data), p, data)
    return len(jobs) / (time.process_time() - start)


def mib(n: float) -> str:
    return f"{n / 2**20:.0f}"


def main() -> int:
    sizes = sorted(
        int(s) for s in os.environ.get("GONGKAI_BENCH_SIZES", "1000,5000,10000").split(",")
    )
    keep = os.environ.get("GONGKAI_BENCH_DIR")
    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    try:
        corpora = make_corpora(base, sizes)
        largest = sizes[-1]
        print(
            f"gongkai batch benchmark — Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
            f"generated text reports (txt and Markdown), fresh process and output per run; "
            f"load average {os.getloadavg()[0]:.1f} at the start; {CORE_NAME}"
        )
        head = (
            f"{'files':>6} {'workers':>7} {'read+check s':>12} {'reports/s':>9} "
            f"{'years s':>7} {'outputs s':>9} {'total s':>7} "
            f"{'end-to-end/s':>12} {'driver MiB':>10} {'tree MiB':>8}"
        )
        print(head)
        print("-" * len(head))
        plan = [(largest, 1), *((n, 2) for n in sizes)]
        results: dict[tuple[int, int], dict[str, float]] = {}
        for n, workers in plan:
            r = run(corpora[n], workers)
            results[(n, workers)] = r
            print(
                f"{r['files']:>6.0f} {workers:>7} {r['read_check']:>12.1f} "
                f"{r['files'] / r['read_check']:>9.0f} {r['years']:>7.1f} {r['outputs']:>9.1f} "
                f"{r['total']:>7.1f} {r['files'] / r['total']:>12.0f} "
                f"{mib(r['driver_rss']):>10} {mib(r['tree_rss']):>8}",
                flush=True,
            )
        print("-" * len(head))
        ceiling = core_rate(corpora[largest])
        print(
            f"load average {os.getloadavg()[0]:.1f} at the end (other work on the machine slows every figure)"
        )
        one, two = results[(largest, 1)], results[(largest, 2)]
        rate1 = one["files"] / one["read_check"]
        rate2 = two["files"] / two["read_check"]
        speedup = rate2 / rate1
        small, big = results[(sizes[0], 2)], results[(largest, 2)]
        growth = big["tree_rss"] / small["tree_rss"]
        print(f"one core, per-file work alone (CPU time): {ceiling:.0f} reports/s")
        print(
            f"target: >= {TARGET_RPS} text reports/s reading and checking with 2 workers  "
            f"{'PASS' if rate2 >= TARGET_RPS else 'MISS'}  ({rate2:.0f}/s; end to end "
            f"{two['files'] / two['total']:.0f}/s)"
        )
        print(
            f"target: speed-up of 2 workers over 1 >= {TARGET_SPEEDUP:g}  "
            f"{'PASS' if speedup >= TARGET_SPEEDUP else 'MISS'}  ({speedup:.2f}x)"
        )
        print(
            f"target: peak memory at {largest} files <= {TARGET_MEMORY:g} x at {sizes[0]}  "
            f"{'PASS' if growth <= TARGET_MEMORY else 'MISS'}  "
            f"({mib(big['tree_rss'])} MiB vs {mib(small['tree_rss'])} MiB, {growth:.2f}x)"
        )
    finally:
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        sys.exit(child(*sys.argv[2:]))
    sys.exit(main())
