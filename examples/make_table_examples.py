"""Write examples/logic-model-table.csv and .xlsx: the small table docs/import-export.md shows.

Run from the repository root: `.venv/bin/python examples/make_table_examples.py`. The XLSX is
laid out as people keep one: a merged title row, bold headings, wrapped cells, bullets.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = Path(__file__).resolve().parent
TITLE = "Healthy Minds logic model"
ROWS = [
    ["Inputs", "Activities", "Outputs", "KPIs", "Short-term outcomes", "Impacts"],
    [
        "Council funding",
        "Train GPs in mental health first aid",
        "200 GPs trained",
        "Number of GPs trained",
        "GPs recognise distress early",
        "Fewer mental health crises",
    ],
    [
        "Volunteers",
        "Run peer support groups",
        "• 12 groups a year\n• A volunteer handbook",
        "Attendance per group",
        "People feel less alone",
        "",
    ],
]


def main() -> None:
    with (HERE / "logic-model-table.csv").open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow([TITLE] + [""] * 5)
        writer.writerows(ROWS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Logic model"
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    for row_number, row in enumerate(ROWS, start=2):
        for col_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=col_number, value=value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if row_number == 2:
                cell.font = Font(bold=True)
    for letter in "ABCDEF":
        sheet.column_dimensions[letter].width = 24
    book.save(HERE / "logic-model-table.xlsx")


if __name__ == "__main__":
    main()
