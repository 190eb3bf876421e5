"""Reading and writing spreadsheets safely, shared by every tabular format (XLSX and CSV).

Readers of the logic-model table and of node/link lists see the same thing for both file types:
rows of `Cell`s, each with its text and what kind of value the file held (a number, a date, an
error cell), at a 1-based row and column, so a reader can say exactly which cell is wrong.

What is refused before anything is parsed (a `Refused` carrying a TOC002/TOC003/TOC015 finding):
a file over the size limit; for XLSX, a file that is not a zip (an old `.xls`, a renamed file),
more than `MAX_MEMBERS` members, members that together declare more than `MAX_UNCOMPRESSED` bytes,
or a large member compressed more than `MAX_RATIO` times (a zip bomb). Python's `zipfile`, which
openpyxl reads through, stops each member at its declared size, so a member that lies about its
size cannot inflate past the check either. openpyxl then opens the file read-only with cached
values (`data_only=True`); XML is parsed by defusedxml when it is installed (it is a dependency).

Rows: openpyxl reads the workbook-level parts (sheet names, shared strings, which styles are
dates); the rows themselves are streamed from the sheet's XML by `toc.io._sheetxml`, which is
several times faster than openpyxl's cell objects and also sees what openpyxl's read-only mode
hides: a formula with no saved result (a cell of kind `formula`). Merged ranges, which read-only
openpyxl does not report either, come from a small regular expression over the sheet's XML
(`<mergeCell ref=...>`), on the member already checked for size.

CSV: UTF-8 with or without a byte-order mark; anything else is TOC003 at the first bad byte. The
delimiter is the one of `,` `;` tab seen most in the first line (European Excel writes `;`). Rows
are numbered as a spreadsheet numbers them (a record with a line break inside a cell is one row).
A field that is exactly an Excel error value (`#REF!`, `#N/A`, ...) is what Excel writes for an
error cell, so it is a cell of kind `error`, as in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Generator, Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Self

from toc.findings import Finding
from toc.rules.importing import REFUSED_FILE, UNREADABLE_VALUE
from toc.rules.reading import BAD_ENCODING, FILE_TOO_LARGE, UNREADABLE_FILE

if TYPE_CHECKING:
    from toc.rules.registry import Rule

MAX_UNCOMPRESSED = 256 * 1024 * 1024
"""The most an XLSX may expand to, all members together; a 10,000-element table is about 3 MB."""
MAX_RATIO = 100
"""How many times a member over `_RATIO_FLOOR` bytes may be compressed; XML sheets reach ~20x."""
_RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 10_000
"""Members in one XLSX; a workbook has one per sheet plus about a dozen."""
MAX_CELL_CHARS = 32_767
"""Excel's own limit for the text of one cell; a longer CSV field is reported, not imported."""

CellKind = Literal["text", "number", "bool", "date", "error", "formula"]
"""What a cell held: `formula` is a formula with no saved result (nothing to import)."""

_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_EXCEL_ERRORS = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)


class Cell(NamedTuple):
    """One non-empty cell: its place (1-based), its value as text, and the kind of value.

    A named tuple, not a frozen dataclass: a sheet has tens of thousands of cells, and a frozen
    dataclass sets each field through `object.__setattr__` (1.2 µs a cell against 0.6 µs).
    """

    row: int
    col: int
    text: str
    kind: CellKind = "text"


@dataclass(frozen=True, slots=True)
class Merge:
    """A merged range; its value is in the top-left cell, the others are empty."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def __contains__(self, place: object) -> bool:
        """Whether `(row, col)` lies in the range."""
        if not isinstance(place, tuple) or len(place) != 2:
            return False
        row, col = place
        return bool(self.min_row <= row <= self.max_row and self.min_col <= col <= self.max_col)


class Refused(Exception):
    """A file (or a part of it) that cannot be read at all; `finding` says why and where."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.format())
        self.finding = finding


def finding(
    file: str, rule: Rule, message: str, row: int = 0, col: int = 0, *, sheet: str | None = None
) -> Finding:
    """A finding at a cell (row and column 1-based; 0 for the whole file or sheet)."""
    return Finding(file, row, col, rule.code, rule.name, rule.severity, message, sheet=sheet)


def unreadable_cell(file: str, cell: Cell, expected: str, sheet: str | None = None) -> Finding:
    """TOC014 for a cell whose kind of value cannot be `expected` (e.g. "text")."""
    return finding(
        file, UNREADABLE_VALUE, _unreadable(cell, expected), cell.row, cell.col, sheet=sheet
    )


def _unreadable(cell: Cell, expected: str) -> str:
    if cell.kind == "date":
        return (
            f"a date ({cell.text}) where {expected} belongs; a spreadsheet may have turned typed "
            "text such as `1-3` into a date: format the cell as Text and type it again"
        )
    if cell.kind == "error":
        return f"the error value {cell.text} where {expected} belongs; fix the formula or the cell"
    if cell.kind == "formula":
        return (
            f"a formula with no saved result where {expected} belongs (files written by scripts "
            "often have none): open and save the file in a spreadsheet, or type the value"
        )
    if cell.kind == "bool":
        return f"the value {cell.text} where {expected} belongs; format the cell as Text"
    if cell.kind == "number":
        return f"the number {cell.text} where {expected} belongs"
    return f"`{cell.text[:40]}` where {expected} belongs"


# --- size and bytes ---------------------------------------------------------------------------


def _read_bounded(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refusing one over `max_bytes` without reading more than that."""
    try:
        if path.is_file() and path.stat().st_size > max_bytes:
            raise Refused(_too_large(name, max_bytes))
        with path.open("rb") as stream:  # in pieces: `read(max_bytes + 1)` allocates it all
            pieces, size = [], 0
            while size <= max_bytes and (piece := stream.read(min(1 << 20, max_bytes + 1 - size))):
                pieces.append(piece)
                size += len(piece)
            data = b"".join(pieces)
    except OSError as error:
        reason = error.strerror or str(error)
        raise Refused(finding(name, UNREADABLE_FILE, f"cannot read the file: {reason}")) from None
    if len(data) > max_bytes:
        raise Refused(_too_large(name, max_bytes))
    return data


def _too_large(name: str, max_bytes: int) -> Finding:
    return finding(
        name,
        FILE_TOO_LARGE,
        f"the file is over the {max_bytes / 1048576:.0f} MiB limit; a logic model is far smaller, "
        "so check this is the right file",
    )


# --- XLSX ---------------------------------------------------------------------------------------


def open_xlsx(
    path: Path,
    *,
    name: str,
    max_bytes: int,
    max_uncompressed: int = MAX_UNCOMPRESSED,
    max_ratio: float = MAX_RATIO,
) -> Workbook:
    """Open an XLSX file for reading after checking it is a zip that is safe to inflate.

    Raises `Refused` (a whole-file finding) when it is not; use the result as a context manager.
    """
    data = _read_bounded(path, name, max_bytes)
    if data.startswith(_XLS_MAGIC):
        raise Refused(
            _refused(name, "this is an Excel 97-2003 `.xls` file; save it as `.xlsx` and try again")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(
            _refused(name, "this is not an XLSX file (it is not a zip archive); save it as .xlsx")
        ) from None
    _check_members(archive, name, max_uncompressed, max_ratio)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl on a damaged file raises anything; report, never crash
        archive.close()
        raise Refused(_refused(name, f"the workbook cannot be read: {_reason(error)}")) from None
    return Workbook(name, book, archive)


def _check_members(
    archive: zipfile.ZipFile, name: str, max_uncompressed: int, max_ratio: float
) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        archive.close()
        raise Refused(_refused(name, f"the archive has {len(members):,} members; refused"))
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > max_ratio:
            archive.close()
            raise Refused(
                _refused(
                    name,
                    f"`{member.filename}` expands {ratio:,.0f} times (to {member.file_size:,} "
                    f"bytes): a zip bomb, refused before inflating it",
                )
            )
    if total > max_uncompressed:
        archive.close()
        raise Refused(
            _refused(
                name,
                f"the workbook expands to {total:,} bytes, over the {max_uncompressed:,} limit; "
                "refused before inflating it",
            )
        )


def _refused(name: str, message: str, row: int = 0, col: int = 0) -> Finding:
    return finding(name, REFUSED_FILE, message, row, col)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    detail = text[0][:120] if text else ""
    return f"{type(error).__name__}{': ' + detail if detail else ''}"


_MERGE = re.compile(
    rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]{1,3}[0-9]+(?::[A-Za-z]{1,3}[0-9]+)?)\""
)
_REF = re.compile(r"([A-Za-z]{1,3})([0-9]+)")


class Workbook:
    """An XLSX file opened by `open_xlsx`: its sheets, their rows of cells, merges and formulas."""

    def __init__(self, name: str, book: Any, archive: zipfile.ZipFile) -> None:
        self.name = name
        self._book = book
        self._archive = archive

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Release the archive."""
        self._book.close()
        self._archive.close()

    @property
    def sheet_names(self) -> list[str]:
        """The worksheets, in the workbook's order (chart sheets are not listed)."""
        return [ws.title for ws in self._book.worksheets]

    def rows(self, sheet: str, *, limit: int | None = None) -> Generator[list[Cell], None, None]:
        """Each row that has a non-empty cell, as its non-empty cells left to right.

        A formula with no saved result is a cell of kind `formula` (openpyxl sees it as empty).
        At most `limit` rows of the sheet are looked at. Raises `Refused` for a damaged sheet.
        The rows are streamed from the sheet's XML (`toc.io._sheetxml`), not through openpyxl's
        cell objects, which cost most of an import's time.
        """
        from toc.io._sheetxml import iter_sheet_rows

        try:
            with self._archive.open(self._sheet_path(sheet)) as source:
                raw_rows = iter_sheet_rows(
                    source,
                    shared_strings=self._book.shared_strings,
                    date_styles=self._book._date_formats,
                    timedelta_styles=self._book._timedelta_formats,
                    epoch=self._book.epoch,
                    limit=limit,
                )
                new = tuple.__new__  # a cell made without the named tuple's Python __new__
                for raw in raw_rows:
                    cells = []
                    for row, col, value, data_type in raw:
                        if type(value) is str and value and data_type == "s":  # as `_cell` does
                            cells.append(new(Cell, (row, col, value, "text")))
                        elif data_type == "f":
                            cells.append(Cell(row, col, "", "formula"))
                        elif (cell := _cell(row, col, value, data_type)) is not None:
                            cells.append(cell)
                    if cells:
                        yield cells
        except Refused:
            raise
        except Exception as error:  # a damaged sheet: report where reading stopped
            raise Refused(
                finding(
                    self.name,
                    REFUSED_FILE,
                    f"the sheet cannot be read: {_reason(error)}",
                    sheet=sheet,
                )
            ) from None

    def merges(self, sheet: str) -> list[Merge]:
        """The merged ranges of a sheet, read from its XML (read-only openpyxl has none)."""
        found: list[Merge] = []
        xml = self._sheet_xml(sheet)
        at = xml.find(b"mergeCell")  # a fast search; the pattern tries each `<` in the sheet
        if at < 0:
            return found
        for match in _MERGE.finditer(xml, max(xml.rfind(b"<", 0, at), 0)):
            first, _, last = match.group(1).decode("ascii").partition(":")
            top, left = _place(first)
            bottom, right = _place(last) if last else (top, left)
            found.append(
                Merge(min(top, bottom), min(left, right), max(top, bottom), max(left, right))
            )
        return found

    def _sheet_path(self, sheet: str) -> str:
        path = getattr(self._book[sheet], "_worksheet_path", None)
        if not isinstance(path, str):
            raise ValueError(f"openpyxl did not say where sheet {sheet!r} is in the archive")
        return path.lstrip("/")

    def _sheet_xml(self, sheet: str) -> bytes:
        try:
            return self._archive.read(self._sheet_path(sheet))
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, ValueError):
            return b""  # the rows are read (and a damaged sheet reported) by `rows`


def _place(reference: str) -> tuple[int, int]:
    """`C7` → (7, 3)."""
    match = _REF.fullmatch(reference)
    if match is None:
        raise ValueError(reference)
    letters, digits = match.groups()
    col = 0
    for letter in letters.upper():
        col = col * 26 + ord(letter) - 64
    return int(digits), col


def _cell(row: int, col: int, value: Any, data_type: str) -> Cell | None:
    """A cell's value as text, with its kind; None for an empty string."""
    if isinstance(value, str):
        if data_type == "e":
            return Cell(row, col, value, "error")
        return Cell(row, col, value) if value else None
    if isinstance(value, bool):
        return Cell(row, col, "TRUE" if value else "FALSE", "bool")
    if isinstance(value, int | float):
        return Cell(row, col, number_text(value), "number")
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
        return Cell(row, col, text, "date")
    if isinstance(value, dt.date | dt.time):
        return Cell(row, col, value.isoformat(), "date")
    if isinstance(value, dt.timedelta):
        return Cell(row, col, str(value), "date")
    return Cell(row, col, str(value), "error")


def number_text(value: float) -> str:
    """A number as a person typed it: `3`, not `3.0`; `0.1`, not `0.1000000000000000055`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


# --- CSV --------------------------------------------------------------------------------------


def read_csv(path: Path, *, name: str, max_bytes: int) -> tuple[list[list[Cell]], list[Finding]]:
    """The non-empty rows of a CSV file and findings for fields that could not be read.

    Raises `Refused` for a file that is too large, not UTF-8, or not CSV at all. A field over
    `MAX_CELL_CHARS` is a TOC014 finding at its cell and is left out; the rest is read.
    """
    data = _read_bounded(path, name, max_bytes)
    text = _decode(data, name)
    return csv_rows(text, name=name)


def csv_rows(
    text: str, *, name: str, limit: int | None = None
) -> tuple[list[list[Cell]], list[Finding]]:
    """Rows of CSV text (see `read_csv`); at most `limit` rows."""
    delimiter = _delimiter(text)
    findings: list[Finding] = []
    rows: list[list[Cell]] = []
    previous = csv.field_size_limit(max(len(text), 131072))  # fields are checked below instead
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        for row_number, record in enumerate(reader, start=1):
            if limit is not None and row_number > limit:
                break
            cells = []
            for col_number, field in enumerate(record, start=1):
                if not field:
                    continue
                if len(field) > MAX_CELL_CHARS:
                    findings.append(
                        finding(
                            name,
                            UNREADABLE_VALUE,
                            f"a field of {len(field):,} characters, over the {MAX_CELL_CHARS:,} "
                            "a spreadsheet cell holds; it is not imported",
                            row_number,
                            col_number,
                        )
                    )
                    continue
                kind: CellKind = "error" if field in _EXCEL_ERRORS else "text"
                cells.append(Cell(row_number, col_number, field, kind))
            if cells:
                rows.append(cells)
    except csv.Error as error:
        row_number = len(rows) and rows[-1][0].row
        raise Refused(
            _refused(
                name, f"this is not readable CSV after row {row_number}: {error}", row_number + 1, 1
            )
        ) from None
    finally:
        csv.field_size_limit(previous)
    return rows, findings


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(
            finding(
                name,
                BAD_ENCODING,
                'the file is UTF-16 (Excel\'s "Unicode Text"); save it as CSV UTF-8',
                1,
                1,
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8-sig", "replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise Refused(
            finding(
                name,
                BAD_ENCODING,
                f"byte 0x{data[error.start]:02x} is not valid UTF-8; save the file as CSV UTF-8 "
                "(Excel: Save As, CSV UTF-8 (Comma delimited))",
                line,
                col,
            )
        ) from None


def _delimiter(text: str) -> str:
    """`,`, `;` or tab: whichever the first line holds most of (`,` when none)."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


# --- headers ----------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header reduced for matching: case folded, accents, punctuation and spacing removed."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in plain).split())


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """A header's meaning; `exact` is False when it was guessed from a near miss (a typo)."""

    key: str
    exact: bool


class HeaderMatcher:
    """Match column headers leniently against each meaning's names (synonyms included)."""

    def __init__(self, names: Mapping[str, Iterable[str]], *, cutoff: float = 0.85) -> None:
        self._names: dict[str, str] = {}
        for key, synonyms in names.items():
            for synonym in synonyms:
                self._names[header_key(synonym)] = key
        self._cutoff = cutoff

    def match(self, header: str) -> HeaderMatch | None:
        """The meaning of `header`, exact (after `header_key`) or the one clear near miss."""
        key = header_key(header)
        if not key:
            return None
        if key in self._names:
            return HeaderMatch(self._names[key], exact=True)
        close = set()
        for name, meaning in self._names.items():
            similar = SequenceMatcher(None, key, name)
            # The quick ratios are upper bounds of `ratio`, as `difflib.get_close_matches` uses
            # them: a title row is compared with every heading each time a header is looked for.
            if (
                similar.real_quick_ratio() >= self._cutoff
                and similar.quick_ratio() >= self._cutoff
                and similar.ratio() >= self._cutoff
            ):
                close.add(meaning)
        if len(close) == 1:
            return HeaderMatch(close.pop(), exact=False)
        return None


# --- writing ----------------------------------------------------------------------------------


def csv_safe(text: str) -> str:
    """Text a spreadsheet opening the CSV shows as text, never runs as a formula.

    `toc.render.table` adds a leading `'` to text starting with `=`, `+`, `-`, `@`, tab or CR. So
    does this to text that is exactly an Excel error value (`#N/A`), which a spreadsheet would read
    as the error, and to text already starting with `'` before either, so a reader that removes
    one `'` (see `csv_unsafe`) gets back exactly what was written.
    """
    from toc.render.text import spreadsheet_safe

    safe = spreadsheet_safe(text)
    if safe != text:
        return safe
    if text in _EXCEL_ERRORS or (text.startswith("'") and csv_safe(text[1:]) != text[1:]):
        return "'" + text
    return text


def csv_unsafe(text: str) -> str:
    """The text `csv_safe` was given: one leading `'` before a formula character is removed."""
    if text.startswith("'") and csv_safe(text[1:]) != text[1:]:
        return text[1:]
    return text


@dataclass(frozen=True, slots=True)
class SheetData:
    """A sheet to write: `title` names the sheet; a bold heading row, then rows of text cells."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[int, ...] = ()
    """Column widths in characters; none given: fitted to the longest line, within bounds."""
    heading: str | None = None
    """A title written in bold above the heading row, as a strategy document's table has."""


def xlsx_bytes(sheets: Iterable[SheetData]) -> bytes:
    """An XLSX workbook whose every cell is text: `=cmd|...` is stored as a string, not a formula.

    openpyxl stores any string starting with `=` as a formula, so each cell's type is set to
    string after its value; cells wrap, and line breaks separate items in a cell.
    """
    from openpyxl import Workbook as NewWorkbook
    from openpyxl.styles import Alignment, Font

    book = NewWorkbook()
    for unwanted in book.worksheets:  # the blank sheet every new workbook starts with
        book.remove(unwanted)
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for data in sheets:
        sheet = book.create_sheet(_sheet_title(data.title))
        first = 1
        if data.heading:
            _text_cell(sheet, 1, 1, data.heading).font = Font(bold=True, size=14)
            first = 2
        for row_number, values in enumerate((data.headings, *data.rows), start=first):
            for col_number, value in enumerate(values, start=1):
                if value:
                    cell = _text_cell(sheet, row_number, col_number, value)
                    cell.alignment = wrapped
                    if row_number == first:
                        cell.font = bold
        for col_number, width in enumerate(data.widths or _widths(data), start=1):
            sheet.column_dimensions[_letters(col_number)].width = width
        sheet.freeze_panes = f"A{first + 1}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Any, row: int, col: int, value: str) -> Any:
    cell = sheet.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"  # after the value: openpyxl made `=...` a formula
    return cell


_SHEET_TITLE_BAD = re.compile(r"[\\/*?:\[\]]")


def _sheet_title(title: str) -> str:
    """A valid sheet name: at most 31 characters, none of the characters Excel forbids."""
    cleaned = _SHEET_TITLE_BAD.sub(" ", title).strip().strip("'") or "Sheet"
    return cleaned[:31]


def _widths(data: SheetData) -> tuple[int, ...]:
    widths = []
    for index, heading in enumerate(data.headings):
        longest = max(
            (len(line) for row in data.rows if index < len(row) for line in row[index].split("\n")),
            default=0,
        )
        widths.append(min(max(longest, len(heading), 12), 60) + 2)
    return tuple(widths)


def _letters(number: int) -> str:
    from toc.findings import column_letters

    return column_letters(number)
