"""A budget of CPU seconds for one call, on any thread (``FACTCHECK_MAX_ARTICLE_SECONDS``).

``within_budget(seconds, fn)`` returns ``fn()``, or raises ``Expired`` in it once it has used its
seconds of CPU time. On the main thread a profiling timer's signal raises it (the CPU time of the
process). Elsewhere, as in a Ray actor, whose calls run on a thread of their own, a watchdog
thread reads the calling thread's CPU clock and raises it there as an asynchronous exception.
Either way it is raised only between Python bytecodes, and not inside a gc callback or a
finalizer, where Python would print it and go on: the next tick, 50 ms later, raises it instead.
"""

from __future__ import annotations

import ctypes
import gc
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

T = TypeVar("T")
TICK = 0.05  # seconds between a missed raise and the next


class Expired(BaseException):
    """Raised in a call over its budget (a BaseException: no ``except Exception`` eats it)."""


def within_budget(seconds: float | None, fn: Callable[[], T]) -> T:
    """``fn()``, raising ``Expired`` in it past ``seconds`` CPU seconds (None or 0: no limit;
    nor where neither POSIX interval timers nor per-thread CPU clocks exist)."""
    if not seconds:
        return fn()
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _signal_budget(seconds):
            return fn()
    if hasattr(time, "pthread_getcpuclockid"):
        return _Watchdog(seconds).call(fn)
    return fn()


@contextmanager
def _signal_budget(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        if not in_callback(frame):
            raise Expired

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds, TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


class _Watchdog:
    """Raises ``Expired`` in the thread that calls ``call`` once that thread's CPU clock has run
    ``seconds`` past its start, and again every tick until the call ends."""

    def __init__(self, seconds: float) -> None:
        self.target = threading.get_ident()
        self.clock = time.pthread_getcpuclockid(self.target)
        self.deadline = time.clock_gettime(self.clock) + seconds
        self.active = True
        self.sending = threading.Lock()
        self.stopped = threading.Event()

    def call(self, fn: Callable[[], T]) -> T:
        watcher = threading.Thread(target=self._watch, name="factcheck-budget", daemon=True)
        watcher.start()
        try:
            return fn()
        finally:
            # No bytecode between the call's end and this store raises a pending exception; the
            # watchdog sends only while ``active``, holding ``sending``: once a send in progress
            # is waited out and the flush below is past, none is pending, so none escapes.
            self.active = False
            try:
                with self.sending:
                    pass
                _checkpoint()
            except Expired:
                pass  # sent as the call ended: it finished, or it is ending with Expired already
            self.stopped.set()

    def _watch(self) -> None:
        while not self.stopped.wait(TICK):
            if time.clock_gettime(self.clock) < self.deadline:
                continue
            with self.sending:
                if self.active and not in_callback(sys._current_frames().get(self.target)):
                    _raise_in(self.target, Expired)


def _checkpoint() -> None:
    """A call: entering it is where a pending asynchronous exception is raised."""


def _raise_in(thread_id: int, exc: type[BaseException]) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def in_callback(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside a gc callback or a finalizer: an exception raised there is
    not seen by the code under the budget (Python prints it as 'Exception ignored in ...' and goes
    on), so the next tick raises it instead."""
    callbacks = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    while frame is not None:
        if frame.f_code in callbacks or frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False
