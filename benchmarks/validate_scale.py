"""How `toc.load` + `validate` scales, against the cost floor of parsing the same YAML.

For models of 1,000, 10,000 and 100,000 elements (realistic shape: see generate.py) it measures, in
the same run and as the median of several repetitions:

  (a) parse: `yaml.load(text, Loader=yaml.CSafeLoader)`, the bare libyaml parse: the floor;
  (b) toc:   `toc.load` of the same file, then `model.validate()`.

and prints the ratio b/a for each size, how time grows with size, and last, exactly
`validate/parse ratio at 10000 elements: X.XX`. Goals: ratio at most 1.3; 10x the elements costs
at most 12x the time. Run: `.venv/bin/python -m benchmarks.validate_scale [--quick]`.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

import toc
from benchmarks.generate import element_count, model_yaml
from toc._gc import paused_gc

SIZES = (1_000, 10_000, 100_000)
REPEATS = {1_000: 9, 10_000: 5, 100_000: 3}


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of `action`, collecting garbage before each run so runs start alike."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(elements: int, repeats: int, directory: Path) -> tuple[float, float, float]:
    """Seconds to parse, to parse with the cycle collector paused, and to load and validate.

    toc pauses the cycle collector while it builds (see toc/_gc.py); the second figure shows how
    much of the floor's own time is the collector, so the ratio can be read either way.
    """
    path = directory / f"model-{elements}.yaml"
    path.write_text(model_yaml(elements), encoding="utf-8")

    def parse_without_gc() -> object:
        with paused_gc():
            return parse()

    def parse() -> object:
        return yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    def load_and_validate() -> object:
        report = toc.load(path, max_bytes=1 << 30).validate()
        if report.errors:
            raise SystemExit(f"generated model has errors:\n{report.errors.to_text()[:2000]}")
        return report

    return (
        median_seconds(parse, repeats),
        median_seconds(parse_without_gc, repeats),
        median_seconds(load_and_validate, repeats),
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="skip the 100,000-element model")
    args = options.parse_args()
    sizes = SIZES[:2] if args.quick else SIZES
    print(
        f"python {platform.python_version()} on {platform.machine()}, {platform.processor() or '?'}"
    )
    print(f"libyaml {yaml.__with_libyaml__}, toc {toc.__version__}")
    print(f"{'elements':>9} {'MB':>6} {'parse s':>8} {'(no gc)':>8} {'toc s':>8} {'ratio':>6}")
    results: dict[int, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            parse, bare, ours = measure(size, REPEATS[size], Path(tmp))
            megabytes = (Path(tmp) / f"model-{size}.yaml").stat().st_size / 1e6
            results[size] = (parse, ours)
            print(
                f"{element_count(size):>9} {megabytes:>6.1f} {parse:>8.3f} {bare:>8.3f} "
                f"{ours:>8.3f} {ours / parse:>6.2f}"
            )
            sys.stdout.flush()
    for small, large in itertools.pairwise(sizes):
        growth = results[large][1] / results[small][1]
        print(f"time growth {small} -> {large} elements (x10): x{growth:.1f}")
    parse, ours = results[10_000]
    print(f"validate/parse ratio at 10000 elements: {ours / parse:.2f}")


if __name__ == "__main__":
    main()
