"""Where `toc.dumps` spends its time, as shares of openpyxl's read measured in the same run.

Two 10,000-element models: the one `benchmarks/convert_xlsx.py` converts (a logic-model table
read by `toc.io.read_file`: short elements, labels with `: `, inferred links) and the generated one
of `benchmarks/generate.py` (KPIs with baselines and targets, evidence, long descriptions). For
each, alternating with openpyxl's read of the table (as `convert_xlsx` times it), as the median of
several runs with the cycle collector paused (as `convert_xlsx` times "the YAML text"):
`toc.dumps`, and the reference it must equal byte for byte, the plain data (`to_data`: pydantic's
`model_dump` and `_compact`) then the text written from it (`_emit`).
Run: `.venv/bin/python -m benchmarks.dump_breakdown [--quick]`.
"""

from __future__ import annotations

import importlib
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks._timing import repeats as runs
from benchmarks._timing import timed
from benchmarks.convert_xlsx import ELEMENTS, openpyxl_read, write_table
from benchmarks.generate import model_yaml
from toc._gc import paused_gc
from toc.io import read_file
from toc.load import loads
from toc.model import TheoryOfChange

_dump = importlib.import_module("toc.dump")  # `toc.dump` the name is the function


def without_gc(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with paused_gc():
            return action()

    return run


def steps(name: str, model: TheoryOfChange) -> dict[str, Callable[[], object]]:
    data = _dump.to_data(model)
    assert _dump.dumps(model) == _dump._emit(data)
    return {
        f"{name}: toc.dumps": without_gc(lambda: _dump.dumps(model)),
        f"{name}: reference to_data + _emit": without_gc(lambda: _dump._emit(_dump.to_data(model))),
        f"{name}:   of which to_data": without_gc(lambda: _dump.to_data(model)),
        f"{name}:   of which _emit": without_gc(lambda: _dump._emit(data)),
    }


def main() -> None:
    repeats = runs(__doc__, 9)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "plan.xlsx"
        write_table(path, ELEMENTS)
        table = read_file(path).model
        assert table is not None
        generated = loads(model_yaml(ELEMENTS))
        actions = {
            "openpyxl read-only, every value": lambda: openpyxl_read(path),
            **steps("table", table),
            **steps("generated", generated),
        }
        times: dict[str, list[float]] = {name: [] for name in actions}
        for _ in range(repeats):  # alternate, so all see the same load on a shared machine
            for name, action in actions.items():
                times[name].append(timed(action))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["openpyxl read-only, every value"]
    for name, seconds in medians.items():
        print(f"{name:<42} {seconds:.3f} s  {seconds / floor:5.2f} of openpyxl's read")


if __name__ == "__main__":
    main()
