"""A time limit on the work for one file, so that one pathological file (a huge one, or
one a reader loops on) cannot stall a batch: when the time is up, :class:`FileTimeout` is
raised inside that work, wherever it is, and the batch goes on with the next file.

Two ways of raising it, as only a process's main thread receives signals:

- in a process's main thread (the local worker processes, and the driver when it does the
  work itself) an interval timer and ``SIGALRM``. Its handler runs between bytecodes, and
  C loops that check for signals (the regular-expression engine does) stop too;
- in any other thread (a Dask worker runs tasks in a pool of threads) a watchdog thread
  sets the exception asynchronously in the working thread. It too takes effect between
  bytecodes, but a single C call that never returns to Python is not stopped.

:class:`FileTimeout` derives from ``BaseException``, as ``KeyboardInterrupt`` does, so the
readers' and the worker's ``except Exception`` let it through.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


# Seconds one file may take to be read and checked, by default. The slowest real reports
# (PDF with dozens of pages) take seconds even on a loaded machine: a minute is only ever
# reached by a pathological file, a huge one or one a reader cannot get through.
FILE_TIMEOUT = 60.0


class FileTimeout(BaseException):
    """The time allowed for one file is up."""


def within(seconds: float | None, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``fn(*args, **kwargs)``, interrupted by :class:`FileTimeout` once it has run
    ``seconds``; no limit when ``seconds`` is None. The timeout may also surface just as
    ``fn`` returns (its time was up): the caller takes it alike.

    Plain ``try``/``finally`` rather than a context manager: the exception can come at any
    bytecode, and here every place it can come from is inside the ``try`` whose
    ``finally`` takes the limit off."""
    if seconds is None:
        return fn(*args, **kwargs)
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return fn(*args, **kwargs)
        finally:
            # The handler stays ours until the timer is off: a signal already on its way
            # is raised here, to the caller, rather than lost or fatal (SIG_DFL).
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
            finally:
                signal.signal(signal.SIGALRM, previous)
    dog = _the_watchdog()
    try:
        dog.arm(seconds)
        return fn(*args, **kwargs)
    finally:
        dog.disarm()


def _raise_timeout(signum: int, frame: FrameType | None) -> None:
    raise FileTimeout


# -- other threads: a watchdog -------------------------------------------------------------


@dataclass
class _Deadline:
    at: float  # time.monotonic()
    fired: bool = False


class _Watchdog:
    """One daemon thread per process that raises :class:`FileTimeout` in a working thread
    whose deadline has passed. Each thread has at most one deadline (one file at a time).

    The exception can surface anywhere in the working thread, so the working side uses
    nothing an exception could leave half-done: a plain ``threading.Lock`` taken by a
    ``with`` statement (released whatever happens in the block; a ``Condition`` or
    ``Event`` would run Python code between taking its lock and entering the block) and
    dictionary operations. The watchdog therefore polls instead of being woken: it sleeps
    until the earliest deadline, at most ``POLL`` seconds, so a deadline is met within that
    plus the interpreter's switch interval (the watchdog too waits for the GIL)."""

    POLL = 0.05

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, _Deadline] = {}  # by thread id
        threading.Thread(target=self._run, name="gongkai-file-timeout", daemon=True).start()

    def arm(self, seconds: float) -> None:
        deadline = _Deadline(time.monotonic() + seconds)
        with self._lock:
            self._deadlines[threading.get_ident()] = deadline

    def disarm(self) -> None:
        """Forget this thread's deadline and, if it has fired, withdraw the exception not
        yet raised: nothing surfaces after this returns."""
        tid = threading.get_ident()
        with self._lock:
            deadline = self._deadlines.pop(tid, None)
            if deadline is not None and deadline.fired:
                _set_async_exc(tid, None)

    def _run(self) -> None:
        while True:
            now = time.monotonic()
            with self._lock:
                for tid, deadline in self._deadlines.items():
                    if not deadline.fired and deadline.at <= now:
                        deadline.fired = True
                        _set_async_exc(tid, FileTimeout)
                pending = [d.at for d in self._deadlines.values() if not d.fired]
            time.sleep(min([self.POLL, *(at - now for at in pending)]))


def _set_async_exc(tid: int, exc: type[BaseException] | None) -> None:
    """CPython's PyThreadState_SetAsyncExc: ``exc`` raised in thread ``tid`` at its next
    bytecode or, with None, one not yet raised withdrawn."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(tid), ctypes.py_object(exc) if exc is not None else ctypes.c_void_p(0)
    )


_watchdog: _Watchdog | None = None
_watchdog_lock = threading.Lock()


def _the_watchdog() -> _Watchdog:
    global _watchdog
    with _watchdog_lock:
        if _watchdog is None:
            _watchdog = _Watchdog()
        return _watchdog


def _forget_watchdog() -> None:
    """A forked child has none of its parent's threads: it starts its own watchdog."""
    global _watchdog, _watchdog_lock
    _watchdog = None
    _watchdog_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_watchdog)
