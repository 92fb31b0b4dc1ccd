"""A batch run, step by step: list and hash the files, read and check the new ones in
parallel (each batch of results committed as it arrives), pair the years, then derive
the tables and the dashboard from the store.

Every step can be interrupted: committed results stay, and the next run starts again
from the listing, skipping every file whose content hash is in the store.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from gongkai.batch.discover import content_hash, count_files, discover, read_all
from gongkai.batch.limit import FILE_TIMEOUT
from gongkai.batch.outputs import write_outputs
from gongkai.batch.progress import Progress
from gongkai.batch.runners import Runner
from gongkai.batch.store import Store
from gongkai.batch.worker import Job, process_batch
from gongkai.batch.years import check_years

FILES_PER_BATCH = 16
STORE_NAME = "gongkai.sqlite"


@dataclass
class Summary:
    files: int = 0
    new: int = 0  # read and checked in this run (the rest were in the store)
    readable: int = 0
    failed: int = 0
    timed_out: int = 0  # of the failed
    with_errors: int = 0
    pairs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # by step, for benchmarks

    def line(self, out: Path) -> str:
        late = f"（其中超时 {self.timed_out} 个）" if self.timed_out else ""
        return (
            f"共 {self.files} 个文件（本次新读 {self.new} 个）：读取 {self.readable} 份报告，"
            f"无法读取 {self.failed} 个{late}，有错误的报告 {self.with_errors} 份，"
            f"跨年核对 {self.pairs} 对；结果在 {out}"
        )


def run_batch(
    root: Path,
    out: Path,
    runner: Runner,
    progress: bool = True,
    file_timeout: float | None = FILE_TIMEOUT,
) -> Summary:
    """The whole run; ``file_timeout`` is the seconds one file may take (None: no limit)."""
    out.mkdir(parents=True, exist_ok=True)
    store = Store(out / STORE_NAME)
    try:
        start = time.perf_counter()
        store.forget_timeouts(file_timeout)
        summary = _read_and_check(root, out, store, runner, progress, file_timeout)
        lap = _laps(summary.seconds, start)
        lap("read_check")
        summary.pairs = check_years(store, runner, progress)
        lap("years")
        _count(store, summary)
        if progress:
            print("写出单元格表、问题表、工作簿和统计页面……", file=sys.stderr, flush=True)
        write_outputs(store.path, out, runner)
        lap("outputs")
        return summary
    finally:
        store.close()


def _laps(into: dict[str, float], start: float) -> Callable[[str], None]:
    last = [start]

    def lap(name: str) -> None:
        now = time.perf_counter()
        into[name] = now - last[0]
        last[0] = now

    return lap


SCAN_ROWS_PER_COMMIT = 500


def _read_and_check(
    root: Path, out: Path, store: Store, runner: Runner, progress: bool, seconds: float | None
) -> Summary:
    """Stream the files to the workers: each is listed in the store as it is read, and
    sent only if its content is neither done nor listed already in this run — so memory
    holds a few batches, never the corpus or its listing."""
    summary = Summary()
    bar = Progress(progress, count_files(root, exclude=out), "读取核对")
    store.set_scan([])
    listed: list[tuple[str, str | None, str | None]] = []
    recent: set[str] = set()  # contents listed since the last commit of the listing

    def list_file(row: tuple[str, str | None, str | None]) -> None:
        listed.append(row)
        summary.files += 1
        if row[1] is not None:
            recent.add(row[1])
        if len(listed) >= SCAN_ROWS_PER_COMMIT:
            store.add_scan(listed)
            listed.clear()
            recent.clear()

    def jobs() -> Iterator[list[Job]]:
        batch: list[Job] = []
        for rel, data, reason in read_all(root, discover(root, exclude=out)):
            if data is None:
                list_file((rel, None, reason))
                bar.advance(1)
                continue
            sha = content_hash(data)
            seen = sha in recent or store.known(sha)
            list_file((rel, sha, None))
            if seen:
                bar.advance(1)
                continue
            batch.append((sha, rel, data))
            if len(batch) >= FILES_PER_BATCH:
                yield batch
                batch = []
        if batch:
            yield batch

    try:
        for results in runner.imap(partial(process_batch, seconds=seconds), jobs()):
            store.add(results)
            summary.new += len(results)
            bar.advance(len(results))
    finally:
        bar.close()
    store.add_scan(listed)
    return summary


def _count(store: Store, summary: Summary) -> None:
    (summary.readable,) = store.query("SELECT COUNT(*) FROM reports")[0]
    (summary.failed,) = store.query("SELECT COUNT(*) FROM failures")[0]
    (summary.with_errors,) = store.query("SELECT COUNT(*) FROM reports WHERE errors > 0")[0]
    (summary.timed_out,) = store.query(
        """SELECT COUNT(*) FROM scan s JOIN r_results r ON r.sha = s.sha
           WHERE r.timed_out IS NOT NULL"""
    )[0]
