"""Actuals kept apart from the model: a CSV or XLSX file of KPI values, one row per period.

The model changes once a year and the data every quarter, so the values observed can live in a
file of their own, joined to the model by KPI id (`toc progress model.yaml --actuals data.xlsx`).
The file is *long*: one row per KPI, period and disaggregation:

| kpi | period | value | comment | sex |
|---|---|---|---|---|
| feedback-good | 2025-Q1 | 84 | | |
| feedback-good | 2025-Q2 | tbc | Survey still open. | |
| staff-trained | 2025-Q1 | 40 | | female |

- `kpi`: a KPI's id, or its label exactly (ignoring case and punctuation).
- `period`: when the value is for, in a form `toc.monitoring.parse_period` reads (`2025-Q2`,
  `2025-26`, `2025-26 Q1`, `2025-06`, `2025`), or a date (a date cell, or `2025-06-30`).
- `value`: a number (`1,234` and `45%` are read as 1234 and 45), a status saying why there is
  none (`tbc`, `n/a`, `not collected`), or words for a KPI that is not a count or percentage.
- `comment` and `unit` (checked against the KPI by TOC311) are optional.
- Every other column is a **dimension** the value is disaggregated by, named by its heading; an
  empty cell means the row is not disaggregated by it. A row with no dimension is the overall
  figure.

Headings match leniently (case, spacing, punctuation, synonyms such as `Indicator`, `Quarter`,
`Actual`, `Notes`); a near miss is read with a TOC018 warning. Rows above the heading row are
notes and are not read (say there that the data is illustrative, or where it comes from). In a
workbook, every sheet with a heading row is read; others (a notes sheet) are not.

Nothing is dropped silently: a row that cannot be used is a finding at its cell (TOC014 for an
unreadable value, TOC026 for an unknown KPI with the closest id suggested, TOC312 for a row that
repeats a KPI, period and dimensions, of which the first is used), and the rest are read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import ValidationError

from toc.findings import Finding, column_letters
from toc.io._spreadsheet import (
    Cell,
    HeaderMatcher,
    Refused,
    csv_unsafe,
    finding,
    header_key,
    open_xlsx,
    read_csv,
    unreadable_cell,
)
from toc.model import Actual, Number
from toc.monitoring import Observation, parse_period
from toc.rules.importing import (
    GUESSED_COLUMN,
    MISSING_COLUMN,
    UNKNOWN_COLUMN,
    UNKNOWN_KPI,
    UNREADABLE_VALUE,
)
from toc.rules.monitoring import duplicate_actual as DUPLICATE_ACTUAL
from toc.rules.monitoring import duplicate_message
from toc.rules.reading import UNREADABLE_FILE

if TYPE_CHECKING:
    from toc.model import Kpi, TheoryOfChange

__all__ = ["COLUMN_NAMES", "ActualRow", "Actuals", "CellPlace", "read_actuals"]

COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "kpi": ("KPI", "KPI id", "Indicator", "Indicator id", "Measure id", "Id"),
    "period": ("Period", "Reporting period", "Quarter", "Year", "Month", "Date", "When"),
    "value": ("Value", "Actual", "Actual value", "Actuals", "Result", "Figure"),
    "comment": ("Comment", "Comments", "Note", "Notes", "Narrative"),
    "unit": ("Unit", "Units", "Unit of measure"),
}
"""Each column's meaning and the headings that name it; every other heading is a dimension."""
REQUIRED = ("kpi", "period", "value")
HEADER_SEARCH_ROWS = 20
MAX_BYTES = 50 * 1024 * 1024

_MATCHER = HeaderMatcher(COLUMN_NAMES)
_STATUSES = {
    "tbc": "tbc",
    "to be confirmed": "tbc",
    "n/a": "n/a",
    "na": "n/a",
    "not applicable": "n/a",
    "not-collected": "not-collected",
    "not collected": "not-collected",
}
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_FORMS = "2025-Q2, 2025-26, 2025-26 Q1, 2025-06, 2025 or 2025-06-30"


class CellPlace(NamedTuple):
    """A cell of a file: row and column 1-based; `sheet` is None for CSV.

    Named tuples rather than frozen dataclasses, here and for `ActualRow`: a file holds tens of
    thousands of rows, and a frozen dataclass costs several times as much to build.
    """

    file: str
    sheet: str | None
    row: int
    col: int

    def __str__(self) -> str:
        """Where the cell is, as findings print it: `data.xlsx:Actuals!C7`, `data.csv:7:3`."""
        if self.sheet is not None:
            return f"{self.file}:{self.sheet}!{_letters(self.col)}{self.row}"
        return f"{self.file}:{self.row}:{self.col}"


@lru_cache(maxsize=256)
def _letters(col: int) -> str:
    return column_letters(col)


class ActualRow(NamedTuple):
    """One row of an actuals file: the KPI it is for, and its `Actual` at its value cell."""

    kpi: str
    observation: Observation[CellPlace]

    @property
    def actual(self) -> Actual:
        """The row read into the model's `Actual`."""
        return self.observation.actual

    @property
    def place(self) -> CellPlace:
        """The row's value cell."""
        return self.observation.place

    @property
    def unit(self) -> str | None:
        """The unit the row states (a `unit` column, or `%` after the number), if any."""
        return self.observation.unit


@dataclass(frozen=True)
class Actuals:
    """What an actuals file holds: the rows read, and a finding for each one that was not.

    `skipped` counts the data rows that were not used (each has a finding saying why).
    """

    file: str
    rows: tuple[ActualRow, ...] = ()
    findings: tuple[Finding, ...] = ()
    skipped: int = 0
    _by_kpi: dict[str, list[ActualRow]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for row in self.rows:
            self._by_kpi.setdefault(row.kpi, []).append(row)

    def for_kpi(self, kpi_id: str) -> list[ActualRow]:
        """The rows of one KPI, in file order."""
        return list(self._by_kpi.get(kpi_id, ()))


def read_actuals(
    source: str | PathLike[str], model: TheoryOfChange, *, max_bytes: int = MAX_BYTES
) -> Actuals:
    """Read an actuals file (`.csv` or `.xlsx`) for `model`; never raises for the file's content.

    A file that cannot be read at all gives no rows and one whole-file finding (too large, not
    UTF-8, not a workbook, no heading row); otherwise each row that cannot be used is a finding
    at its cell and the others are read.
    """
    from toc._gc import paused_gc

    path = Path(source)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        return Actuals(
            name,
            findings=(
                finding(
                    name,
                    UNREADABLE_FILE,
                    f"cannot tell the format of actuals from the extension `{suffix or '(none)'}`; "
                    "save them as .csv or .xlsx",
                ),
            ),
        )
    reader = _Reader(name, model)
    with paused_gc():  # every cell becomes objects; see toc/_gc.py
        try:
            if suffix == ".csv":
                rows, problems = read_csv(path, name=name, max_bytes=max_bytes)
                reader.findings.extend(problems)
                if not reader.sheet(None, [[_unquoted(c) for c in row] for row in rows]):
                    reader.no_header("the file")
            else:
                with open_xlsx(path, name=name, max_bytes=max_bytes) as book:
                    names = book.sheet_names
                    found = [reader.sheet(sheet, book.rows(sheet)) for sheet in names]
                if not any(found):
                    reader.no_header("any sheet" if len(names) > 1 else "the sheet")
        except Refused as refused:
            return Actuals(name, findings=(refused.finding,))
    return Actuals(name, tuple(reader.rows), tuple(sorted(reader.findings)), reader.skipped)


def _unquoted(item: Cell) -> Cell:
    """A CSV field with the `'` a safe CSV writer puts before `=`, `+`, `-`, `@` removed."""
    text = csv_unsafe(item.text)
    return item if text == item.text else Cell(item.row, item.col, text, item.kind)


@dataclass
class _Layout:
    """The columns of one sheet: each meaning's column, the dimensions, those not read."""

    sheet: str | None
    kpi: int
    period: int
    value: int
    comment: int | None
    unit: int | None
    dimensions: dict[int, str]
    known: set[int]
    unheaded: set[int]


class _Reader:
    """Reads the sheets of one file into rows and findings."""

    def __init__(self, name: str, model: TheoryOfChange) -> None:
        self.name = name
        self.rows: list[ActualRow] = []
        self.findings: list[Finding] = []
        self.skipped = 0
        self._kpis: dict[str, Kpi] = {}
        for kpi in model.kpis:
            self._kpis.setdefault(kpi.id, kpi)  # a duplicated id (TOC101): the first is the KPI
        self._labels: dict[str, str] | None = None  # worked out at the first id not found
        self._seen: dict[tuple[object, ...], CellPlace] = {}
        self._periods: dict[str, tuple[str, Any]] = {}

    def at(self, sheet: str | None, cell: Cell | tuple[int, int], rule: Any, message: str) -> None:
        row, col = (cell.row, cell.col) if isinstance(cell, Cell) else cell
        self.findings.append(finding(self.name, rule, message, row, col, sheet=sheet))

    def no_header(self, where: str) -> None:
        wanted = ", ".join(f"`{key}`" for key in REQUIRED)
        self.findings.append(
            finding(
                self.name,
                MISSING_COLUMN,
                f"no heading row with the columns {wanted} in the first {HEADER_SEARCH_ROWS} rows "
                f"of {where}; actuals are one row per KPI and period, under headings such as "
                "kpi, period, value, comment",
            )
        )

    def sheet(self, sheet: str | None, rows: Iterable[list[Cell]]) -> bool:
        """Read one sheet (or the CSV file); False when it has no heading row."""
        iterator = iter(rows)
        header: list[Cell] | None = None
        for _ in range(HEADER_SEARCH_ROWS):
            row = next(iterator, None)
            if row is None:
                break
            named = {
                match.key
                for c in row
                if c.kind == "text" and (match := _MATCHER.match(c.text)) is not None
            }
            if {"kpi", "value"} <= named:
                header = row
                break
        if header is None:
            return False
        layout = self._layout(sheet, header)
        if layout is not None:
            for row in iterator:
                self._row(layout, row)
        return True

    def _layout(self, sheet: str | None, header: list[Cell]) -> _Layout | None:
        """What each column holds; None (with a finding) when there is no period column."""
        meanings: dict[str, int] = {}
        dimensions: dict[int, str] = {}
        for cell in header:
            match = _MATCHER.match(cell.text) if cell.kind == "text" else None
            if match is None:
                if parse_period(cell.text) is not None:
                    self.at(
                        sheet,
                        cell,
                        UNKNOWN_COLUMN,
                        f"the heading `{cell.text[:40]}` is a period: actuals are one row per KPI "
                        "and period, with the period in a `period` column; this column is not read",
                    )
                else:
                    dimensions[cell.col] = " ".join(cell.text.split())
                continue
            if match.key in meanings:
                self.at(
                    sheet,
                    cell,
                    UNKNOWN_COLUMN,
                    f"a second `{match.key}` column (`{cell.text[:40]}`, after column "
                    f"{column_letters(meanings[match.key])}); this one is not read",
                )
                continue
            meanings[match.key] = cell.col
            if not match.exact:
                self.at(
                    sheet,
                    cell,
                    GUESSED_COLUMN,
                    f"the heading `{cell.text[:40]}` is read as `{match.key}`; name it "
                    f"`{match.key}` to be sure",
                )
        if "period" not in meanings:
            found = ", ".join(f"`{c.text[:40]}`" for c in header)
            self.at(
                sheet,
                header[0],
                MISSING_COLUMN,
                f"no `period` column (headings found: {found}); add one saying when each value "
                f"is for ({_FORMS})",
            )
            return None
        known = {*meanings.values(), *dimensions}
        return _Layout(
            sheet,
            meanings["kpi"],
            meanings["period"],
            meanings["value"],
            meanings.get("comment"),
            meanings.get("unit"),
            dimensions,
            known,
            {c.col for c in header} - known,
        )

    def _row(self, layout: _Layout, row: list[Cell]) -> None:
        sheet = layout.sheet
        cells = self._cells(layout, row)
        number = row[0].row
        kpi_id = self._kpi(sheet, number, cells.get(layout.kpi), layout.kpi)
        fields: dict[str, Any] = {}
        period_ok = self._period(sheet, number, cells.get(layout.period), layout.period, fields)
        unit: str | None = None
        value_cell = cells.get(layout.value)
        value_ok = False
        if kpi_id is not None or value_cell is not None:
            value_ok, unit = self._value(
                sheet, number, value_cell, layout.value, kpi_id=kpi_id, fields=fields
            )
        comment = cells.get(layout.comment) if layout.comment is not None else None
        if comment is not None and comment.text.strip():
            fields["comment"] = comment.text.strip()
        if layout.unit is not None and (stated := cells.get(layout.unit)) is not None:
            unit = stated.text.strip() or unit
        if layout.dimensions and not self._dimensions(layout, cells, fields):
            value_ok = False
        if kpi_id is None or not period_ok or not value_ok:
            self.skipped += 1
            return
        place = CellPlace(self.name, sheet, number, layout.value)
        try:
            actual = Actual(**fields)
        except ValidationError as error:
            problem = error.errors()[0]["msg"].removeprefix("Value error, ")
            where = (place.row, place.col)
            self.at(sheet, where, UNREADABLE_VALUE, f"this row cannot be read: {problem}")
            self.skipped += 1
            return
        item = Observation.of(actual, place, unit)
        key = (kpi_id, item.key)
        first = self._seen.get(key)
        if first is not None:
            self.at(
                sheet,
                (place.row, place.col),
                DUPLICATE_ACTUAL,
                duplicate_message(kpi_id, item, str(first)),
            )
            self.skipped += 1
            return
        self._seen[key] = place
        self.rows.append(ActualRow(kpi_id, item))

    def _cells(self, layout: _Layout, row: list[Cell]) -> dict[int, Cell]:
        """The cells of a row by column; a value under no heading is reported once a column."""
        cells: dict[int, Cell] = {}
        for cell in row:
            if cell.col in layout.known:
                cells[cell.col] = cell
            elif cell.col not in layout.unheaded:
                layout.unheaded.add(cell.col)
                self.at(
                    layout.sheet,
                    cell,
                    UNKNOWN_COLUMN,
                    "a value in a column with no heading; the column is not read (give it a "
                    "heading to read it as a dimension)",
                )
        return cells

    def _dimensions(self, layout: _Layout, cells: dict[int, Cell], fields: dict[str, Any]) -> bool:
        """Put the row's dimensions into `fields`; False when one cannot be read."""
        found: dict[str, str] = {}
        readable = True
        for col, dimension in layout.dimensions.items():
            given = cells.get(col)
            if given is None or not given.text.strip():
                continue
            if given.kind in ("error", "formula"):
                message = _unreadable_text(given, "a dimension")
                self.at(layout.sheet, given, UNREADABLE_VALUE, message)
                readable = False
                continue
            found[dimension] = " ".join(given.text.split())
        if found:
            fields["dimensions"] = found
        return readable

    def _kpi(self, sheet: str | None, number: int, cell: Cell | None, col: int) -> str | None:
        if cell is not None and cell.text in self._kpis:
            return cell.text
        if cell is None or not cell.text.strip():
            self.at(sheet, (number, col), UNREADABLE_VALUE, "no KPI in this row; name its id")
            return None
        if cell.kind not in ("text", "number"):
            self.at(sheet, cell, UNREADABLE_VALUE, _unreadable_text(cell, "a KPI id"))
            return None
        text = cell.text.strip()
        if text in self._kpis:
            return text
        if self._labels is None:
            self._labels = {}
            for kpi in self._kpis.values():
                self._labels.setdefault(header_key(kpi.label), kpi.id)
        by_label = self._labels.get(header_key(text))
        if by_label is not None:
            return by_label
        from toc.suggest import did_you_mean

        hint = did_you_mean(text, self._kpis)
        self.at(
            sheet,
            cell,
            UNKNOWN_KPI,
            f"the model has no KPI `{text[:60]}`{hint or '; the kpi column holds KPI ids'}; "
            "this row is not used",
        )
        return None

    def _period(
        self,
        sheet: str | None,
        number: int,
        cell: Cell | None,
        col: int,
        fields: dict[str, Any],
    ) -> bool:
        if cell is None or not cell.text.strip():
            self.at(
                sheet,
                (number, col),
                UNREADABLE_VALUE,
                f"no period in this row; say when the value is for ({_FORMS})",
            )
            return False
        if cell.kind == "text":
            known = self._periods.get(cell.text)
            if known is None:
                known = self._periods[cell.text] = _period_field(cell.text)
            if known[0]:
                fields[known[0]] = known[1]
                return True
        text = " ".join(cell.text.split())
        if cell.kind == "date":
            try:
                fields["date"] = dt.date.fromisoformat(text[:10])
            except ValueError:
                self.at(sheet, cell, UNREADABLE_VALUE, _unreadable_text(cell, "a period"))
                return False
            return True
        if cell.kind == "number" and _WHOLE.fullmatch(text) and 1000 <= int(text) <= 9999:
            fields["year"] = int(text)
            return True
        if cell.kind == "text":
            message = f"`{text[:40]}` is not a period toc reads; write it as {_FORMS}"
        else:
            message = _unreadable_text(cell, f"a period ({_FORMS})")
        self.at(sheet, cell, UNREADABLE_VALUE, message)
        return False

    def _value(
        self,
        sheet: str | None,
        number: int,
        cell: Cell | None,
        col: int,
        *,
        kpi_id: str | None,
        fields: dict[str, Any],
    ) -> tuple[bool, str | None]:
        """Put the value (or status, or words) into `fields`; the unit `%` when written."""
        if cell is None or not cell.text.strip():
            self.at(
                sheet,
                (number, col),
                UNREADABLE_VALUE,
                "no value in this row; write the number, or tbc, n/a or not collected",
            )
            return False, None
        if cell.kind == "number":  # a number cell holds a finite number: openpyxl wrote it
            value = _number(cell.text)
            if value is not None:
                fields["value"] = value
                return True, None
        if cell.kind not in ("text", "number"):
            self.at(sheet, cell, UNREADABLE_VALUE, _unreadable_text(cell, "a value"))
            return False, None
        text = cell.text.strip()
        status = _STATUSES.get(" ".join(text.casefold().split()))
        if status is not None:
            fields["status"] = status
            return True, None
        unit = None
        if text.endswith("%"):
            text, unit = text[:-1].rstrip(), "%"
        value = _number(text)
        if value is not None:
            fields["value"] = value
            return True, unit
        kpi = self._kpis.get(kpi_id) if kpi_id is not None else None
        if cell.kind == "text" and (kpi is None or kpi.measure not in ("unit", "percentage")):
            fields["text"] = cell.text.strip()
            return True, None
        what = "a percentage" if kpi is not None and kpi.measure == "percentage" else "a count"
        self.at(
            sheet,
            cell,
            UNREADABLE_VALUE,
            f"`{cell.text.strip()[:40]}` where a number belongs (KPI `{kpi_id}` is {what}); write "
            "the number, or tbc, n/a or not collected",
        )
        return False, None


def _period_field(text: str) -> tuple[str, Any]:
    """The field a period written as text goes in, and its value; `("", None)` when it is none.

    A year alone is `year`, a day `date`, anything else `period` (its name, spacing tidied).
    """
    tidy = " ".join(text.split())
    if parse_period(tidy) is None:
        return "", None
    if _WHOLE.fullmatch(tidy):
        return "year", int(tidy)
    if _DAY.fullmatch(tidy):
        return "date", dt.date.fromisoformat(tidy)
    return "period", tidy


def _number(text: str) -> Number | None:
    """A number written as text: `12`, `-3.5`, `1,234`, `1e3`; None for anything else."""
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _NUMBER.fullmatch(text):
        return None
    if _WHOLE.fullmatch(text):
        return int(text)
    number = float(text)
    if not math.isfinite(number):
        return None
    whole = number.is_integer() and abs(number) < 1e15 and "e" not in text.lower()
    return int(number) if whole else number


def _unreadable_text(cell: Cell, expected: str) -> str:
    return unreadable_cell("", cell, expected).message
