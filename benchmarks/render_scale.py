"""Whole-process `toc render` to SVG, against Graphviz's `dot` alone on the DOT text toc emits.

Graphviz's layout is the irreducible cost of a diagram; the goal is that everything toc adds
(start-up, loading, validating nothing, writing DOT, post-processing the SVG) keeps the total
within 1.3x of `dot` alone. Both commands run alternately in the same run; medians are compared.
Run: `.venv/bin/python -m benchmarks.render_scale`.

Second part: `dot` alone on toc's DOT against `dot` on plain layered DOT of the same nodes,
labels and links: "columns" keeps one rank per column (`rank=same`) but no boxes, headings, key
or invisible links, so toc's scaffolding (KPI boxes, headings held above their columns) is one
ratio; "dot's ranks" drops the columns too, so the cost of the columns themselves is another.
`--large` adds 3,000 elements (several minutes per layout on a shared 2-core machine).
"""

from __future__ import annotations

import os
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
SCAFFOLD_SIZES = {100: 5, 1_000: 3}
"""Elements, and timed runs of `dot` on each DOT text, for the scaffolding comparison."""


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
            toc = [
                sys.executable, "-m", "toc", "render", str(model), "--max-elements", "100000",
                "--layout", "full",
            ]  # fmt: skip
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
    scaffolding(dot)


def plain_dot(model_text: str, *, columns: bool = True) -> str:
    """The same nodes, labels and links as toc's figure; one rank per column when `columns`."""
    from toc.load import loads
    from toc.render.text import dot_string, html_lines, label_lines
    from toc.render.view import DiagramOptions, build_view

    view = build_view(loads(model_text), DiagramOptions())
    lines = ["digraph plain {", "  graph [rankdir=LR, newrank=true];", "  node [shape=box];"]
    for node in view.nodes.values():
        label = html_lines(label_lines(node.element.label, view.options.wrap))
        lines.append(f"  {dot_string(node.id)} [label=<{label}>];")
    for column in view.columns if columns else ():
        if column.key != "context":
            lines.append(f"  {{ rank=same; {' '.join(dot_string(i) for i in column.node_ids)} }}")
    lines += [f"  {dot_string(e.source)} -> {dot_string(e.target)};" for e in view.edges]
    return "\n".join([*lines, "}"]) + "\n"


def scaffolding(dot: str) -> None:
    """dot's time on toc's DOT and on the plain layered DOT of the same graph."""
    from toc.load import loads
    from toc.render.dot import to_dot

    print("dot alone: toc's DOT against plain layered DOT of the same nodes and links")
    sizes = dict(SCAFFOLD_SIZES)
    if "--large" in sys.argv[1:]:
        sizes[3_000] = 1
    for size, runs in sizes.items():
        text = model_yaml(size)
        ours = to_dot(loads(text))
        texts = {
            "toc": ours,
            "columns": plain_dot(text),
            "ranks": plain_dot(text, columns=False),
        }
        subgraphs, invisible = ours.count("subgraph"), ours.count("style=invis")
        times: dict[str, list[float]] = {name: [] for name in texts}
        with tempfile.TemporaryDirectory() as tmp:
            for name, dot_text in texts.items():
                (Path(tmp) / f"{name}.dot").write_text(dot_text, encoding="utf-8")
            for _ in range(runs):
                for name, taken in times.items():
                    source = str(Path(tmp) / f"{name}.dot")
                    taken.append(seconds([dot, "-Tsvg", source, "-o", os.devnull]))
        toc, columns, ranks = (statistics.median(times[n]) for n in texts)
        print(
            f"{element_count(size):>6} elements ({subgraphs} subgraphs, {invisible} invisible "
            f"links): toc's DOT {toc:7.2f} s; plain with columns {columns:7.2f} s (ratio "
            f"{toc / columns:.2f}); plain in dot's ranks {ranks:7.2f} s (ratio {toc / ranks:.2f}); "
            f"median of {runs}"
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
