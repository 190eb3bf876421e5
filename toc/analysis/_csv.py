"""CSV of an analysis's rows, the one way every `to_csv` in `toc.analysis` writes it."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from toc.findings import printable
from toc.render.text import spreadsheet_safe


def csv_text(
    rows: Iterable[Mapping[str, object]], columns: Sequence[str], *, header: bool = True
) -> str:
    """Rows as CSV, safe to open in a spreadsheet and to print.

    Lists are joined with `; `, text is escaped as on a terminal (`printable`), and formula-like
    text gets a leading `'`, so a spreadsheet shows it rather than runs it.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(printable(_cell(row[c]))) for c in columns])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)
