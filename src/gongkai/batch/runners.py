"""Where the work runs: in this process, in a pool of local processes, or on a Dask
cluster. All three take batches of jobs and give back batches of results as they finish
(in any order: the store is keyed, and the outputs are sorted), with only a few batches
in flight, so a corpus of any size streams through in flat memory."""

from __future__ import annotations

import gc
import importlib
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

J = TypeVar("J")
R = TypeVar("R")

# Batches in flight per worker: enough to keep every worker busy while the driver writes.
WINDOW = 3


class Runner(Protocol):
    workers: int

    def imap(
        self, fn: Callable[[list[J]], list[R]], batches: Iterable[list[J]]
    ) -> Iterator[list[R]]: ...

    def side_by_side(self, fn: Callable[[J], R], items: list[J]) -> list[R]:
        """A few independent jobs on this machine (the outputs are written here)."""
        ...

    def close(self) -> None: ...


class SerialRunner:
    """One worker: the driver does the work itself (no pickling, easy to debug)."""

    workers = 1

    def imap(
        self, fn: Callable[[list[J]], list[R]], batches: Iterable[list[J]]
    ) -> Iterator[list[R]]:
        for batch in batches:
            yield fn(batch)

    def side_by_side(self, fn: Callable[[J], R], items: list[J]) -> list[R]:
        return [fn(i) for i in items]

    def close(self) -> None:
        pass


class PoolRunner:
    """Local worker processes. ``forkserver`` rather than ``fork``: the driver may have
    threads (a progress bar, a Dask client in tests) that a fork would copy mid-lock; the
    server preloads the worker module, so each process starts warm."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["gongkai.batch.worker"])
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_start_worker
        )

    def imap(
        self, fn: Callable[[list[J]], list[R]], batches: Iterable[list[J]]
    ) -> Iterator[list[R]]:
        pending: set[Future[list[R]]] = set()
        source = iter(batches)
        exhausted = False
        while True:
            while not exhausted and len(pending) < self.workers * WINDOW:
                batch = next(source, None)
                if batch is None:
                    exhausted = True
                else:
                    pending.add(self.pool.submit(fn, batch))
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                yield f.result()

    def side_by_side(self, fn: Callable[[J], R], items: list[J]) -> list[R]:
        return list(self.pool.map(fn, items))

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


# Objects made between two collections of the youngest generation in a worker: a
# report's reading makes thousands of short-lived objects and next to no cycles.
WORKER_GC_THRESHOLD = 20_000


def _start_worker() -> None:
    """What a worker imported (templates, rules, compiled patterns) lives as long as it:
    out of the collector's sight, and the young objects collected less often. The
    collector took about 6 % of a worker's time (callgrind over generated reports)."""
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


class DaskRunner:
    """A Dask distributed cluster at ``address``: the same functions, submitted per batch;
    results come back to this process, which alone writes the store."""

    def __init__(self, address: str) -> None:
        distributed: Any = importlib.import_module("distributed")  # untyped: used as Any
        self.client: Any = distributed.Client(address, set_as_default=False)
        self.workers = max(1, sum(self.client.nthreads().values()))

    def imap(
        self, fn: Callable[[list[J]], list[R]], batches: Iterable[list[J]]
    ) -> Iterator[list[R]]:
        as_completed: Any = importlib.import_module("distributed").as_completed
        source = iter(batches)
        first = [
            self.client.submit(fn, b, pure=False) for b in _take(source, self.workers * WINDOW)
        ]
        if not first:
            return
        done = as_completed(first, loop=self.client.loop)
        for future in done:
            result: list[R] = future.result()
            future.release()
            nxt = next(source, None)
            if nxt is not None:
                done.add(self.client.submit(fn, nxt, pure=False))
            yield result

    def side_by_side(self, fn: Callable[[J], R], items: list[J]) -> list[R]:
        return [fn(i) for i in items]  # the files are written where this process runs

    def close(self) -> None:
        self.client.close()


def _take(source: Iterator[list[J]], n: int) -> list[list[J]]:
    out: list[list[J]] = []
    for _ in range(n):
        b = next(source, None)
        if b is None:
            break
        out.append(b)
    return out


def make_runner(workers: int | None, dask: str | None) -> Runner:
    if dask:
        return DaskRunner(dask)
    n = workers if workers is not None else (multiprocessing.cpu_count() or 1)
    return SerialRunner() if n <= 1 else PoolRunner(n)
