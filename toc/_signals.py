"""Stopping the command line cleanly: signals become exceptions, and exceptions exit statuses.

Python dies at once on SIGTERM and SIGHUP, skipping every `finally` block, so a Graphviz `dot`
started by `toc render` was left running, re-parented to init, timeout and all. Raising
`Terminated` from the handler instead unwinds the stack like Ctrl-C's `KeyboardInterrupt`, so the
code that started a child kills it on the way out. `exits_on_signals` wraps the command line's
`main`: it installs the handlers for the duration of the call, and turns either exception into the
shell's status for it (130 for Ctrl-C, 128 + N for signal N) with one line on stderr, never a
traceback.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import ParamSpec

P = ParamSpec("P")

EXIT_INTERRUPTED = 128 + signal.SIGINT
"""The status a shell gives a program stopped by Ctrl-C: 130."""
_STOPPING = ("SIGTERM", "SIGHUP")
"""Signals that ask a program to stop; SIGHUP does not exist on Windows."""


class Terminated(BaseException):
    """A signal asked the program to stop.

    A `BaseException`, like `KeyboardInterrupt`, so that no `except Exception` on the way out
    swallows it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"stopped by {signal.Signals(signum).name}")

    @property
    def status(self) -> int:
        """The exit status a shell reports for a program killed by this signal: 128 + N."""
        return 128 + self.signum


@contextlib.contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """Raise `Terminated` on SIGTERM and SIGHUP while inside; the old handlers come back after.

    Signals ignored when the program started (`nohup` ignores SIGHUP) stay ignored. Only the main
    thread can set handlers, so elsewhere (a test calling `main` from a thread) nothing changes.
    A second signal while the first unwinds the stack is ignored, so cleanup is not cut short.
    """
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        if not stopping:
            stopping = True
            raise Terminated(signum)

    previous: dict[int, Callable[[int, FrameType | None], object] | int | None] = {}
    for name in _STOPPING:
        signum = getattr(signal, name, None)
        if signum is None or signal.getsignal(signum) is signal.SIG_IGN:
            continue
        try:
            previous[signum] = signal.signal(signum, stop)
        except ValueError:  # not the main thread, where nothing changes
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def exits_on_signals(main: Callable[P, int]) -> Callable[P, int]:
    """Wrap a command line's `main`: Ctrl-C and stopping signals give a status, not a traceback."""

    @functools.wraps(main)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> int:
        try:
            with signals_as_exceptions():
                return main(*args, **kwargs)
        except KeyboardInterrupt:
            _say("toc: interrupted")
            return EXIT_INTERRUPTED
        except Terminated as stop:
            _say(f"toc: {stop}")
            return stop.status

    return wrapper


def _say(message: str) -> None:
    """One line on stderr, if stderr is still there to write to."""
    with contextlib.suppress(OSError, ValueError):  # closed by the reader, or a broken pipe
        print(message, file=sys.stderr, flush=True)
