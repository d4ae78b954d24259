"""The CPU-time budget (``factcheck/budget.py``) on the main thread and on another one."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from factcheck.budget import Expired, within_budget


def spin(seconds: float) -> Callable[[], float]:
    def busy() -> float:
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass
        return seconds

    return busy


def on_a_thread(fn: Callable[[], object]) -> list[object]:
    """What ``fn`` returned or raised, run on a thread that is not the main one."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(fn())
        except BaseException as exc:  # noqa: BLE001 - Expired is what is looked for
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    return outcome


@pytest.mark.parametrize("where", ["main thread", "other thread"])
def test_a_call_over_its_budget_is_ended_and_one_within_returns(where: str) -> None:
    def calls() -> list[object]:
        out: list[object] = []
        for seconds in (5.0, 0.01):
            try:
                out.append(within_budget(0.2, spin(seconds)))
            except Expired as exc:
                out.append(exc)
        return out

    outcome = calls() if where == "main thread" else on_a_thread(calls)[0]
    assert isinstance(outcome, list)
    assert isinstance(outcome[0], Expired) and outcome[1] == 0.01


def test_nothing_is_raised_after_a_call_that_ends_at_its_budget() -> None:
    """Calls that end about when the watchdog fires: an Expired sent as one ends is raised inside
    it or dropped, never in the code that follows."""

    def calls() -> int:
        ended = 0
        for _ in range(20):
            try:
                within_budget(0.02, spin(0.02))
            except Expired:
                ended += 1
            spin(0.06)()  # two watchdog ticks: a stray Expired would be raised in here
        return ended

    (outcome,) = on_a_thread(calls)
    assert isinstance(outcome, int), outcome
