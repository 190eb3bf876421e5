"""Validating many activities that feed one long chain with no impact, against a valid file.

TOC204 (activity reaches no impact) and TOC301 with `kpi_reach: downstream` walked everything
downstream of each activity: quadratic, so 2,000 activities feeding a 2,000-outcome chain, a
file of under 300 KB, took seconds and doubled its size for four or five times the time. This
times `toc.load(path).validate(config)` on that shape (each activity producing its own output,
every output leading into one chain of outcomes; for TOC301 each outcome measured by a KPI
without a measure, so every activity fails and lists them) against a valid generated model padded
to the same size, in processor time, median of several runs taken in turn. Goal: below 1.5.

Run: `.venv/bin/python -m benchmarks.hostile_chains [--counts 1000,2000] [--repeats R]`.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
from pathlib import Path

import toc
from benchmarks.generate import feeding_chain
from benchmarks.hostile_suggestions import cpu_seconds, valid_of_size
from toc.config import Config

COUNTS = (1000, 2000)


def validate_seconds(path: Path, config: Config) -> float:
    """Processor time to load and validate one file."""
    return cpu_seconds(lambda: toc.load(path).validate(config))


CASES = {
    "TOC204": (False, Config()),
    "TOC301 downstream": (True, Config.build(kpi_reach="downstream")),
}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--repeats", type=int, default=5, help="runs per file (median taken)")
    options.add_argument("--counts", default=",".join(map(str, COUNTS)), help="e.g. 1000,2000")
    args = options.parse_args()
    counts = [int(count) for count in args.counts.split(",")]
    print(f"python {platform.python_version()} on {platform.machine()}, toc from {toc.__file__}")
    print(
        f"{'case':>18} {'activities':>10} {'KB':>5} {'findings':>9} {'valid s':>8}"
        f" {'hostile s':>10} {'hostile / valid':>16}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, (measured, config) in CASES.items():
            for count in counts:
                hostile = feeding_chain(count, measured=measured)
                valid = valid_of_size(len(hostile))
                paths = {}
                for label, text in (("hostile", hostile), ("valid", valid)):
                    paths[label] = Path(tmp) / f"{label}.yaml"
                    paths[label].write_text(text, encoding="utf-8")
                times: dict[str, list[float]] = {"hostile": [], "valid": []}
                for _ in range(args.repeats):  # interleaved: a slow spell hits both alike
                    for label, path in paths.items():
                        times[label].append(validate_seconds(path, config))
                base, seconds = (statistics.median(times[k]) for k in ("valid", "hostile"))
                findings = len(toc.load(paths["hostile"]).validate(config))
                print(
                    f"{name:>18} {count:>10,} {len(hostile) / 1000:>5.0f} {findings:>9,}"
                    f" {base:>8.3f} {seconds:>10.3f} {seconds / base:>16.2f}"
                )
                sys.stdout.flush()


if __name__ == "__main__":
    main()
