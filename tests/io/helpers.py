"""Build realistic spreadsheet files for the import tests, in code, so no binary is committed."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def workbook(
    path: Path, rows: list[list[Any]], *, title: str = "Logic model", merges: tuple[str, ...] = ()
) -> Path:
    """An XLSX with one sheet holding `rows` from A1 (None leaves a cell empty)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row_number, values in enumerate(rows, start=1):
        for col_number, value in enumerate(values, start=1):
            if value is not None:
                sheet.cell(row=row_number, column=col_number, value=value)
    for reference in merges:
        sheet.merge_cells(reference)
    book.save(path)
    return path


def rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one member of a zip in place (e.g. give a formula its saved result)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info.filename)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info.filename, change(data) if info.filename == member else data)
    path.write_bytes(buffer.getvalue())
    return path


def zip_bomb(path: Path, *, megabytes: int = 100) -> Path:
    """A workbook whose sheet XML is padded with `megabytes` MiB of spaces (about 1,000:1)."""
    workbook(path, [["Inputs", "Activities"], ["Funding", "Training"]])
    padding = b" " * (1024 * 1024)

    def pad(data: bytes) -> bytes:
        head, sep, tail = data.partition(b"<sheetData>")
        return head + padding * megabytes + sep + tail

    return rewrite_member(path, "xl/worksheets/sheet1.xml", pad)


def messy_workbook(path: Path) -> Path:
    """A logic model as people keep one in Excel: everything the reader must cope with.

    A merged title row and a subtitle above the header, a blank row, a heading typo, synonyms, an
    unknown column, an activity merged over two rows, bullets and numbered items, a formula with
    no saved result, a saved formula, an error cell, a date where text belongs, a number stored as
    text, and a cell with no heading above it.
    """
    rows: list[list[Any]] = [
        ["Healthy Minds Programme 2025-2028"],
        ["Draft for the partnership board"],
        [],
        [
            "Inputs",
            "Activites",
            "Outputs",
            "Indicators",
            "Outcomes (short)",
            "Medium term outcomes",
            "Impacts",
            "Budget",
        ],
        [
            "Council funding",
            "Train GPs in\nmental health first aid",
            "• 200 GPs trained\n• Training pack",
            "Number of GPs trained",
            "GPs recognise distress",
            "Earlier referrals",
            "Fewer crises",
            12000,
        ],
        [None, None, "2024", "=B5", "1. Patients feel heard\n2. Waits fall", None, None, None],
        [
            "Volunteers",
            "Peer support groups",
            "#REF!",
            dt.datetime(2025, 3, 1),
            None,
            None,
            None,
            None,
            "stray note",
        ],
        [],
        [
            "Clinical leads",
            "- Helpline\n- Webchat and\n  text service",
            "Calls answered",
            "=1+1",
            None,
            None,
            None,
            None,
        ],
    ]
    workbook(path, rows, merges=("A1:G1", "B5:B6"))

    def saved(xml: bytes) -> bytes:  # Excel saved this formula's result; openpyxl did not
        return xml.replace(
            b'<c r="D6"><f>B5</f><v />', b'<c r="D6" t="str"><f>B5</f><v>Share of GPs trained</v>'
        )

    return rewrite_member(path, "xl/worksheets/sheet1.xml", saved)
