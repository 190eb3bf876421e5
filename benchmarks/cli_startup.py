"""Whole-process time of `toc validate models/bradford.yaml`, against importing its dependencies.

The baseline, `python -c "import pydantic, yaml, networkx"`, is the least any Python tool built on
the same libraries can cost; the goal is at most 1.15x it. Both are run alternately in the same
run, and the median of many runs is compared. Run: `.venv/bin/python -m benchmarks.cli_startup`.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 25
PYDANTIC_FLOOR = (
    "import yaml, networkx\n"
    "from pydantic import BaseModel\n"
    "class M(BaseModel):\n"
    "    a: int\n"
    "M(a=1)\n"
)
COMMANDS = {
    "baseline": [sys.executable, "-c", "import pydantic, yaml, networkx"],
    "one pydantic model": [sys.executable, "-c", PYDANTIC_FLOOR],
    "toc validate": [sys.executable, "-m", "toc", "validate", "models/bradford.yaml"],
}
"""`import pydantic` alone is lazy: it loads none of pydantic's model machinery. The second line
shows what defining and using a single model adds, the part of our cost no pydantic-based tool
avoids; it is printed for context, the goal is measured against the baseline as specified."""


def run_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    for command in COMMANDS.values():  # warm the OS file cache and .pyc files
        run_once(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(RUNS):
        for name, command in COMMANDS.items():
            times[name].append(run_once(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<18} median {value * 1000:7.1f} ms over {RUNS} runs")
    floor = medians["one pydantic model"] / medians["baseline"]
    print(f"one pydantic model / baseline ratio: {floor:.2f}")
    print(f"toc validate / baseline ratio: {medians['toc validate'] / medians['baseline']:.2f}")


if __name__ == "__main__":
    main()
