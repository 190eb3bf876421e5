"""What `progress` costs on 1,000 KPIs with 20 quarters of actuals in XLSX, against openpyxl's read.

Writes (in a temporary directory) a model of 1,000 KPIs, each measuring one of 250 outputs, with a
direction, a baseline, two milestone targets and an overall one, and an actuals workbook of
20,000 rows (1,000 KPIs x 20 quarters, 2021-Q1 to 2025-Q4; a comment on every tenth row, a `tbc`
on every fiftieth). Then measures, alternating, as the median of several runs:

  (a) openpyxl: `load_workbook(read_only=True, data_only=True)` and every value of every row
      (`iter_rows(values_only=True)`): the floor, since toc reads through openpyxl;
  (b) toc:      `model.progress("actuals.xlsx")` in-process, on the model already loaded: the
      safety checks, every cell read with its position, each row checked and made an `Actual`,
      and the progress of every KPI with the monitoring rules and the roll-up;

and, to say where the time goes, `read_actuals` alone and the spreadsheet layer's cells alone
(`toc.io._spreadsheet`, which every tabular reader shares),

and prints the ratio b/a, last exactly `progress/openpyxl ratio at 1000 KPIs x 20 periods: X.XX`.
Goal: at most 1.5. Run: `.venv/bin/python -m benchmarks.progress_xlsx [--quick]`.
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from benchmarks._timing import repeats as runs
from benchmarks._timing import timed
from toc._gc import paused_gc
from toc.config import Config
from toc.io._spreadsheet import open_xlsx
from toc.io.actuals import read_actuals
from toc.model import TheoryOfChange

KPIS = 1_000
QUARTERS = [f"{year}-Q{q}" for year in range(2021, 2026) for q in range(1, 5)]
AS_OF = Config(as_of=dt.date(2026, 1, 15))


def model(kpis: int) -> TheoryOfChange:
    """A model of `kpis` KPIs, four to an output, with baselines and milestone targets."""
    outputs = [
        {
            "id": f"output-{n}",
            "label": f"Output {n}: practitioners trained and confident to ask about ATR",
            "measured_by": [f"kpi-{k}" for k in range(4 * n, min(4 * n + 4, kpis))],
        }
        for n in range((kpis + 3) // 4)
    ]
    items: list[dict[str, Any]] = []
    for k in range(kpis):
        percentage = k % 2 == 0
        rising = k % 5 != 0
        start = 40 if rising else 60
        scale = 1 if percentage else 10

        def goal(value: int, scale: int = scale) -> int:
            return value * scale

        items.append(
            {
                "id": f"kpi-{k}",
                "label": f"KPI {k}: share of practitioners reporting a change in practice",
                "measure": "percentage" if percentage else "unit",
                **({} if percentage else {"unit": "people trained"}),
                "ascending": rising,
                "baseline": {"value": goal(start), "year": 2020},
                "target": [
                    {"period": "2022-23", "value": goal(50)},
                    {"period": "2024-25", "value": goal(60 if rising else 40)},
                    {"value": goal(70 if rising else 30)},
                ],
                "data_source": "quarterly monitoring return",
                "frequency": "quarterly",
            }
        )
    return TheoryOfChange.model_validate(
        {"toc": 1, "id": "benchmark", "title": "Benchmark", "outputs": outputs, "kpis": items},
        strict=False,
    )


def write_actuals(path: Path, kpis: int) -> int:
    """The actuals workbook; returns the number of data rows."""
    book = openpyxl.Workbook()  # write-only mode leaves out the sheet's size, which Excel writes
    sheet = book.active
    assert sheet is not None
    sheet.title = "Actuals"
    sheet.append(["Benchmark actuals, generated"])
    sheet.append(["kpi", "period", "value", "comment"])
    rows = 0
    for k in range(kpis):
        scale = 1 if k % 2 == 0 else 10
        rising = k % 5 != 0
        for q, quarter in enumerate(QUARTERS):
            rows += 1
            step = (q * 1.5 if rising else -q * 1.2) + (k % 7) - 3
            value: Any = round((40 if rising else 60) + step, 1) * scale
            if rows % 50 == 0:
                value = "tbc"
            comment = "Provisional figure from the quarterly return." if rows % 10 == 0 else None
            sheet.append([f"kpi-{k}", quarter, value, comment])
    book.save(path)
    return rows


def openpyxl_read(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            count += sum(1 for value in row if value is not None)
    book.close()
    return count


def layer_read(path: Path) -> int:
    """toc's spreadsheet layer alone: the safety checks and every cell with its place and kind."""
    with paused_gc(), open_xlsx(path, name=str(path), max_bytes=50 * 1024 * 1024) as book:
        return sum(len(row) for sheet in book.sheet_names for row in book.rows(sheet))


def main() -> None:
    repeats = runs(__doc__, 9)
    built = model(KPIS)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "actuals.xlsx"
        rows = write_actuals(path, KPIS)
        result = built.progress(path, config=AS_OF)
        assert not result.findings.errors, result.findings.to_text()
        cells = openpyxl_read(path)
        print(
            f"{KPIS:,} KPIs x {len(QUARTERS)} periods: {rows:,} rows, {cells:,} cells, "
            f"{path.stat().st_size / 1e6:.2f} MB; {result.summary()}; "
            f"{len(result.findings)} findings"
        )
        actions: dict[str, Callable[[], object]] = {
            "openpyxl read-only, every value": lambda: openpyxl_read(path),
            "toc progress (read + progress)": lambda: built.progress(path, config=AS_OF),
            "of which toc.io.actuals.read_actuals": lambda: read_actuals(path, built),
            "of which the spreadsheet layer's cells": lambda: layer_read(path),
        }
        times: dict[str, list[float]] = {name: [] for name in actions}
        for _ in range(repeats):  # alternate, so all see the same load on a shared machine
            for name, action in actions.items():
                times[name].append(timed(action))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, seconds in medians.items():
        print(f"{name:<40} {seconds:.3f} s (median of {repeats})")
    floor, ours, reading, layer = medians.values()
    print(f"the spreadsheet layer against openpyxl: {layer / floor:.2f}")
    print(f"reading alone against openpyxl: {reading / floor:.2f}")
    print(f"progress/openpyxl ratio at {KPIS} KPIs x {len(QUARTERS)} periods: {ours / floor:.2f}")


if __name__ == "__main__":
    main()
