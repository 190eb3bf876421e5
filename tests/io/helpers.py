"""Build realistic spreadsheet files for the import tests, in code, so no binary is committed."""

from __future__ import annotations

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
