"""What a round trip through a node list (XLSX, CSV) or Kumu JSON costs, against YAML's.

Takes the generated 10,000-element model of `benchmarks.generate` and measures, alternating, as
the median of several runs, each format's round trip in-process: the bytes `toc convert model.yaml
-o model.<ext>` writes (for node lists and Kumu this includes the writer reading its own output
back, the check that nothing is dropped), written to a temporary file, then `toc.io.read_file`.
The baseline, measured in the same run, is the same round trip through YAML (`toc.dumps` and
`toc.load.read_text`). Prints each ratio; the last line is exactly
`node-list XLSX/YAML round-trip ratio at 10000 elements: X.XX`.
Run: `.venv/bin/python -m benchmarks.convert_nodes [--quick]`.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks._timing import repeats as runs
from benchmarks._timing import timed
from benchmarks.generate import model_yaml
from toc.dump import dumps
from toc.io import read_file, written_files
from toc.load import read_text
from toc.model import TheoryOfChange

ELEMENTS = 10_000


def yaml_round_trip(model: TheoryOfChange) -> None:
    result = read_text(dumps(model), name="model.yaml")
    assert result.model is not None


def file_round_trip(model: TheoryOfChange, target: Path, format: str) -> Callable[[], None]:
    def run() -> None:
        files = written_files(model, target, format=format)
        for path, data in files:
            path.write_bytes(data)
        result = read_file(files[0][0], format=format)
        assert result.model is not None, result.report.to_text()

    return run


def main() -> None:
    repeats = runs(__doc__, 7)
    model = read_text(model_yaml(ELEMENTS), name="generated.yaml").model
    assert model is not None
    print(f"{sum(1 for _ in model.elements()):,} elements")
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        actions: dict[str, Callable[[], object]] = {
            "YAML (dumps + read_text)": lambda: yaml_round_trip(model),
            "node-list CSV": file_round_trip(model, folder / "model.csv", "nodes"),
            "Kumu JSON": file_round_trip(model, folder / "model.json", "kumu"),
            "node-list XLSX": file_round_trip(model, folder / "model.xlsx", "nodes"),
        }
        times: dict[str, list[float]] = {name: [] for name in actions}
        for _ in range(repeats):  # alternate, so all see the same load on a shared machine
            for name, action in actions.items():
                times[name].append(timed(action))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in medians.items():
        print(f"{name:<28} {seconds:.3f} s (median of {repeats})")
    baseline = medians["YAML (dumps + read_text)"]
    print(f"node-list CSV/YAML round-trip ratio: {medians['node-list CSV'] / baseline:.2f}")
    print(f"Kumu JSON/YAML round-trip ratio: {medians['Kumu JSON'] / baseline:.2f}")
    print(
        f"node-list XLSX/YAML round-trip ratio at {ELEMENTS} elements: "
        f"{medians['node-list XLSX'] / baseline:.2f}"
    )


if __name__ == "__main__":
    main()
