"""What converting a logic-model table from XLSX to YAML costs, against openpyxl's own read.

Writes a 10,000-element logic-model table (in a temporary directory) in the shape strategy
documents use: each row an activity with its output and KPI, and the inputs, outcomes (two terms)
and impacts columns as lists, labels of realistic length. Then measures, alternating, as the
median of several runs:

  (a) openpyxl: `load_workbook(read_only=True, data_only=True)` and every value of every row
      (`iter_rows(values_only=True)`): the yardstick the issue set (toc reads the workbook's
      shared strings and styles through openpyxl, and streams the rows from the XML itself);
  (b) toc:      what `toc convert plan.xlsx -o plan.yaml` does in-process: `toc.io.read_file`
      (safety checks, cells, positioned tree, validation into a model) and `toc.dumps`.

and prints the ratio b/a, last exactly `convert/openpyxl ratio at 10000 elements: X.XX`. Each step
of (b) is also timed alone and printed as a share of (a), to show where the time goes: the rows
(opening the workbook, which also tells a table from a node list, and `Workbook.rows`), the model
from the rows (items, ids, the positioned tree, validation, and freeing them after), the YAML
text (`toc.dumps`), and of that, freeing what was read (the model and its positioned tree), which
(b) pays as (a) pays for its own objects.
Goal: at most 1.5. Run: `.venv/bin/python -m benchmarks.convert_xlsx [--quick]`.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

from benchmarks._timing import repeats as runs
from benchmarks._timing import timed
from toc._gc import paused_gc
from toc.dump import dumps
from toc.io import ReadOptions, read_file, written_files
from toc.io._spreadsheet import open_xlsx
from toc.io.table import _read_sheet, _Sheet, _xlsx_sheet

ELEMENTS = 10_000
HEADINGS = (
    "Inputs",
    "Activities",
    "Outputs",
    "KPIs",
    "Short-term outcomes",
    "Long-term outcomes",
    "Impacts",
)


def table_rows(elements: int) -> list[list[str | None]]:
    """Rows whose cells hold `elements` items: activity, output and KPI on every row."""
    rows = round(elements / 4.5)  # a row: activity, output, KPI, half of one outcome of each term
    inputs = rows // 4
    impacts = elements - 4 * rows - inputs  # what is left: about a quarter of the rows
    columns: list[list[str]] = [
        [f"Resource {n}: funding and staff time for the district team" for n in range(inputs)],
        [f"Activity {n}: train practitioners in trauma-informed practice" for n in range(rows)],
        [f"Output {n}: practitioners trained and confident to ask about ATR" for n in range(rows)],
        [f"KPI {n}: number of practitioners completing the training" for n in range(rows)],
        [f"Outcome {n}: families feel heard by the services they use" for n in range(rows // 2)],
        [f"Outcome {n}: fewer children in crisis across the district" for n in range(rows // 2)],
        [f"Impact {n}: a trauma-informed district by 2030" for n in range(impacts)],
    ]
    return [[column[i] if i < len(column) else None for column in columns] for i in range(rows)]


def write_table(path: Path, elements: int) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Logic model"
    sheet.append(["Benchmark programme logic model"])
    sheet.append(list(HEADINGS))
    for row in table_rows(elements):
        sheet.append(row)
    book.save(path)


def openpyxl_read(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for value in row if value is not None)
    book.close()
    return count


def toc_convert(path: Path) -> list[tuple[Path, bytes]]:
    """`toc convert plan.xlsx -o plan.yaml` up to the bytes it writes."""
    result = read_file(path)
    assert result.model is not None, result.report.to_text()
    return written_files(result.model, path.with_suffix(".yaml"))


def the_rows(path: Path) -> int:
    """The rows of the first sheet as toc's spreadsheet layer reads them (cells with places)."""
    with open_xlsx(path, name=str(path), max_bytes=ReadOptions().max_bytes) as book:
        return sum(len(row) for row in book.rows(book.sheet_names[0]))


def model_from_rows(sheet: _Sheet) -> object:
    """The table reader's work after the rows: items, ids, inferred links, tree, validation."""
    fresh = _Sheet(sheet.file, sheet.document, sheet.sheet, sheet.rows, sheet.merges, [])
    with paused_gc():  # as `read_table` does
        return _read_sheet(fresh, ReadOptions())


def freeing(path: Path) -> float:
    """Seconds to free what `read_file` returned; the read itself is not billed to the step."""
    gc.collect()
    result = read_file(path)
    start = time.perf_counter()
    del result
    return time.perf_counter() - start


def without_gc(action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        with paused_gc():
            return action()

    return run


def main() -> None:
    repeats = runs(__doc__, 9)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "plan.xlsx"
        write_table(path, ELEMENTS)
        model = read_file(path).model
        assert model is not None
        elements = sum(1 for _ in model.elements())
        cells = openpyxl_read(path)
        sheet = _xlsx_sheet(path, str(path), ReadOptions())
        print(f"{elements:,} elements in {cells:,} cells, {path.stat().st_size / 1e6:.2f} MB")
        actions = {
            "openpyxl read-only, every value": lambda: openpyxl_read(path),
            "the same, cycle collector paused": without_gc(lambda: openpyxl_read(path)),
            "toc convert (read_file + YAML bytes)": lambda: toc_convert(path),
            "of which toc.io.read_file alone": lambda: read_file(path),
            "of which toc.dumps alone": lambda: dumps(model),
            "step: the rows": lambda: the_rows(path),
            "step: the model from the rows": lambda: model_from_rows(sheet),
            "step: the YAML text": without_gc(lambda: dumps(model)),
        }
        times: dict[str, list[float]] = {name: [] for name in actions}
        freed = "step: freeing what was read"
        times[freed] = []
        for _ in range(repeats):  # alternate, so all see the same load on a shared machine
            for name, action in actions.items():
                times[name].append(timed(action))
            times[freed].append(freeing(path))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in medians.items():
        print(f"{name:<40} {seconds:.3f} s (median of {repeats})")
    floor, floor_no_gc, ours, reading = list(medians.values())[:4]
    for name, seconds in medians.items():
        if name.startswith("step: "):
            print(f"{name.removeprefix('step: ')}: {seconds / floor:.2f} of openpyxl's read")
    print(f"reading alone against openpyxl: {reading / floor:.2f}")
    print(f"against the read with the collector paused: {ours / floor_no_gc:.2f}")
    print(f"convert/openpyxl ratio at {ELEMENTS} elements: {ours / floor:.2f}")


if __name__ == "__main__":
    main()
