"""What freeing a validated model costs the cycle collector, against a collection of nothing.

An object in a reference cycle is freed only by the cycle collector, which walks every live
object: if a model and its graph refer to each other, every validated model waits for a full
collection. For generated models of 10,000 and 100,000 elements (see generate.py) this loads and
validates the model, drops it, and times the `gc.collect()` that follows; the baseline is a
`gc.collect()` of the same heap just before the model was loaded. Then it runs `toc validate`
in-process on the 10,000-element file, followed by the collection a process makes as it exits,
and prints the share of that time spent in the collector (timed with `gc.callbacks`).

Run: `.venv/bin/python -m benchmarks.freeing [--quick]` (`--quick` skips 100,000 elements).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import platform
import sys
import tempfile
import time
from pathlib import Path

import toc
import toc.cli
from benchmarks.generate import element_count, model_yaml

SIZES = (10_000, 100_000)


def timed_collect() -> tuple[float, int]:
    """Seconds of one full collection, and how many unreachable objects it found."""
    start = time.perf_counter()
    found = gc.collect()
    return time.perf_counter() - start, found


def freeing(path: Path) -> tuple[float, float, int]:
    """Seconds of a collection before loading, of one after dropping the model; objects freed."""
    gc.collect()
    baseline, _ = timed_collect()
    model = toc.load(path, max_bytes=1 << 30)
    model.validate()
    del model
    after, found = timed_collect()
    return baseline, after, found


class CollectorClock:
    """Total time the cycle collector runs, from its start and stop callbacks."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, _: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def cli_share(path: Path) -> tuple[float, float]:
    """Seconds of `toc validate` plus the exit-time collection, and of that in the collector."""
    gc.collect()
    clock = CollectorClock()
    gc.callbacks.append(clock)
    try:
        start = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            toc.cli.main(["validate", str(path)])
        gc.collect()  # what the interpreter does as the process exits
        total = time.perf_counter() - start
    finally:
        gc.callbacks.remove(clock)
    return total, clock.seconds


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="skip the 100,000-element model")
    args = options.parse_args()
    sizes = SIZES[:1] if args.quick else SIZES
    print(f"python {platform.python_version()} on {platform.machine()}, toc from {toc.__file__}")
    print(f"{'elements':>9} {'baseline s':>11} {'after s':>8} {'freed by gc':>12} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"model-{size}.yaml"
            path.write_text(model_yaml(size), encoding="utf-8")
            baseline, after, found = freeing(path)
            print(
                f"{element_count(size):>9,} {baseline:>11.3f} {after:>8.3f} {found:>12,}"
                f" {after / baseline:>7.1f}"
            )
            sys.stdout.flush()
        path = Path(tmp) / f"model-{SIZES[0]}.yaml"
        total, collecting = cli_share(path)
        print(
            f"toc validate ({element_count(SIZES[0]):,} elements) and exit: {total:.3f} s, "
            f"of which the cycle collector {collecting:.3f} s ({collecting / total:.0%})"
        )


if __name__ == "__main__":
    main()
