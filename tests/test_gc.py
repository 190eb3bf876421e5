"""Pausing the cycle collector while reading is safe when threads read at the same time."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable, Iterator

import pytest

import toc
from toc import _gc
from toc._gc import paused_gc

THREADS = 4
TRIALS = 40
SMALL_MODEL = """\
toc: 1
id: small
title: Small
activities:
  - {id: train, label: Train, produces: [trained]}
outputs:
  - {id: trained, label: Trained, leads_to: [better]}
impacts:
  - {id: better, label: Better}
"""


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    """Leave the collector on, and thread switches at their usual pace, whatever happens."""
    interval = sys.getswitchinterval()
    yield
    sys.setswitchinterval(interval)
    gc.enable()


class _GcStoppingOneThread:
    """The `gc` module, except that one thread stops just before it pauses the collector.

    It waits there until `resume` is set, having told `arrived`; other threads pass through.
    """

    def __init__(self, thread: threading.Thread) -> None:
        self.thread = thread
        self.arrived, self.resume = threading.Event(), threading.Event()

    def disable(self) -> None:
        if threading.current_thread() is self.thread:
            self.arrived.set()
            self.resume.wait(timeout=10)
        gc.disable()

    def __getattr__(self, name: str) -> object:
        return getattr(gc, name)


def test_a_thread_entering_while_another_leaves_does_not_leave_the_collector_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The race, step by step: B enters while A holds the pause, so B reads "off"; A leaves and
    turns the collector on; then B turns it off, and having read "off", never on again."""
    holding, leave = threading.Event(), threading.Event()

    def a() -> None:
        with paused_gc():
            holding.set()
            leave.wait(timeout=10)

    def b() -> None:
        with paused_gc():
            pass

    thread_a, thread_b = threading.Thread(target=a), threading.Thread(target=b)
    stopper = _GcStoppingOneThread(thread_b)
    monkeypatch.setattr(_gc, "gc", stopper)
    gc.enable()
    thread_a.start()
    holding.wait(timeout=10)
    thread_b.start()
    stopper.arrived.wait(timeout=1)  # B stops here only if it pauses the collector itself
    leave.set()
    thread_a.join()
    stopper.resume.set()
    thread_b.join()
    assert gc.isenabled()


def _overlapping(action: Callable[[], object], rounds: int) -> None:
    """Run `action` `rounds` times in each of THREADS threads that all start together."""
    start = threading.Barrier(THREADS)

    def work() -> None:
        start.wait()
        for _ in range(rounds):
            action()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _trials(action: Callable[[], object], rounds: int) -> int:
    """In how many of TRIALS runs of `action` in overlapping threads the collector ended off."""
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to make overlaps likely
    left_off = 0
    for _ in range(TRIALS):
        gc.enable()
        _overlapping(action, rounds)
        if not gc.isenabled():
            left_off += 1
    return left_off


def _pause() -> None:
    with paused_gc():
        pass


def test_the_collector_is_back_on_after_threads_overlap() -> None:
    assert _trials(_pause, 1000) == 0


def test_reading_and_validating_in_threads_leaves_the_collector_on() -> None:
    assert _trials(lambda: toc.loads(SMALL_MODEL).validate(), 5) == 0


def test_the_collector_stays_paused_while_any_thread_holds_it() -> None:
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with paused_gc():
            holding.set()
            release.wait(timeout=10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(timeout=10)
    with paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread is still reading
    release.set()
    holder.join()
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    with paused_gc(), paused_gc():
        assert not gc.isenabled()
    assert not gc.isenabled()


class _Node:
    """An object that can sit in a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def test_what_a_pause_built_goes_to_the_oldest_generation_not_a_young_pass() -> None:
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.collect()
    with paused_gc():
        kept = [[index] for index in range(50_000)]  # as a read leaves a model behind
        cycle = _Node()
        cycle.other = _Node()
        cycle.other.other = cycle
        cycle_id = id(cycle)
    assert gc.get_count()[0] < 100  # no young pass over the 50,000 is due
    assert gc.get_freeze_count() == 0
    assert any(item is kept[-1] for item in gc.get_objects(generation=2))
    del cycle
    assert gc.collect() >= 2  # the garbage cycle is still collected, by a full collection
    assert all(id(item) != cycle_id for item in gc.get_objects(generation=2))


def test_objects_the_process_froze_stay_frozen() -> None:
    frozen = [_Node() for _ in range(10)]
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with paused_gc():
            built = [[index] for index in range(1_000)]
        assert gc.get_freeze_count() == before
        assert built and frozen
    finally:
        gc.unfreeze()
