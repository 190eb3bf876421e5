"""Whole-process `toc render` to SVG, against Graphviz's `dot` alone on the DOT text toc emits.

Graphviz's layout is the irreducible cost of a diagram; the goal is that everything toc adds
(start-up, loading, validating nothing, writing DOT, post-processing the SVG) keeps the total
within 1.3x of `dot` alone. Both commands run alternately in the same run; medians are compared.
Run: `.venv/bin/python -m benchmarks.render_scale`.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.generate import element_count, model_yaml

SIZES = {100: 7, 1_000: 3}
"""Elements, and how many timed runs of each command."""


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    dot = shutil.which("dot")
    if dot is None:
        raise SystemExit("Graphviz's `dot` is not installed: run ./dev test once to install it")
    version = subprocess.run(
        [dot, "-V"], capture_output=True, text=True, check=False
    ).stderr.strip()
    print(version)
    ratios: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size, runs in SIZES.items():
            model = Path(tmp) / f"model-{size}.yaml"
            model.write_text(model_yaml(size), encoding="utf-8")
            dot_text = Path(tmp) / f"model-{size}.dot"
            toc = [sys.executable, "-m", "toc", "render", str(model), "--max-elements", "100000"]
            subprocess.run([*toc, "-o", str(dot_text)], check=True, capture_output=True)
            ours = [*toc, "-o", str(Path(tmp) / "toc.svg"), "--timeout", "3600"]
            theirs = [dot, "-Tsvg", str(dot_text), "-o", str(Path(tmp) / "dot.svg")]
            toc_times, dot_times = [], []
            for _ in range(runs):
                toc_times.append(seconds(ours))
                dot_times.append(seconds(theirs))
            toc_median, dot_median = statistics.median(toc_times), statistics.median(dot_times)
            ratios[size] = toc_median / dot_median
            print(
                f"{element_count(size):>6} elements: toc render {toc_median:8.2f} s, "
                f"dot alone {dot_median:8.2f} s, ratio {ratios[size]:.2f} (median of {runs})"
            )
            sys.stdout.flush()
    for size, ratio in ratios.items():
        print(f"render/dot ratio at {size} elements: {ratio:.2f}")


if __name__ == "__main__":
    main()
