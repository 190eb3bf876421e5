"""A streaming reader of one worksheet's XML: rows of cells straight from expat's events.

openpyxl's read-only mode builds an element tree per row and a cell object per cell before a
value reaches us, and that is most of the time an import takes. The workbook-level parts (shared
strings, which styles are dates, the 1900/1904 epoch) are still read by openpyxl, which parses them
once per file and knows Excel's many date formats; only the rows, where the time goes, are read
here, with the same meaning openpyxl gives them in `data_only` mode: a formula's saved result, a
shared or inline string, a number (a date when its style is one), a boolean, an error.

Safety: the parser refuses a document type declaration, and with it every entity declaration and
external entity (what defusedxml guards against); it reads the member in chunks, so memory is
bounded by one row, not the sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any
from xml.parsers import expat

from openpyxl.utils.datetime import from_excel, from_ISO8601

__all__ = ["RawCell", "SheetXmlError", "iter_sheet_rows"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _C, _V, _F, _IS, _T, _RPH = (_MAIN + tag for tag in ("row", "c", "v", "f", "is", "t", "rPh"))
_CHUNK = 1 << 20

RawCell = tuple[int, int, Any, str]
"""`(row, col, value, data_type)` as openpyxl's data-only reader gives it; `value` None when empty.

`data_type` is openpyxl's: `s` text, `n` number, `d` date, `b` boolean, `e` error, and `f` for a
formula with no saved result (openpyxl reports that as empty; an importer wants to say so).
"""


class SheetXmlError(Exception):
    """The sheet's XML cannot be read (malformed, or declares a DTD); the message says why."""


class _Stop(Exception):
    """Raised inside a handler to stop parsing once the row limit is passed."""


def _cast_number(text: str) -> int | float:
    """The number a `<v>` holds, as openpyxl casts it: a float only when written as one."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _Meaning:
    """What a cell's type, style and text mean, as openpyxl's data-only reader says."""

    def __init__(
        self, shared_strings: Sequence[str], date_styles: Any, timedelta_styles: Any, epoch: Any
    ) -> None:
        self.shared_strings = shared_strings
        self.date_styles = date_styles
        self.timedelta_styles = timedelta_styles
        self.epoch = epoch

    def cell(
        self,
        row: int,
        col: int,
        *,
        data_type: str,
        style: str | None,
        value: str | None,
        inline: str | None,
        formula: bool,
    ) -> RawCell | None:
        """The raw cell, or None when it holds nothing (an unsaved formula is kind `f`)."""
        result: Any = value or None
        if data_type == "inlineStr":
            result, data_type = inline, "s"
        elif result is None:
            return (row, col, None, "f") if formula else None
        elif data_type == "n":
            result = _cast_number(result)
            style_id = int(style) if style else 0
            if style_id in self.date_styles:
                data_type = "d"
                try:
                    result = from_excel(
                        result, self.epoch, timedelta=style_id in self.timedelta_styles
                    )
                except (OverflowError, ValueError):
                    result, data_type = "#VALUE!", "e"
        elif data_type == "s":
            result = self.shared_strings[int(result)]
        elif data_type == "b":
            result = bool(int(result))
        elif data_type == "str":
            data_type = "s"
        elif data_type == "d":
            result = from_ISO8601(result)  # type: ignore[no-untyped-call]
        return None if result is None else (row, col, result, data_type)


class _RowCollector:
    """expat handlers that turn `<row>`/`<c>` events into rows of raw cells."""

    def __init__(self, meaning: _Meaning, limit: int | None) -> None:
        self.meaning = meaning
        self.limit = limit
        self.done: list[list[RawCell]] = []
        self.row = 0
        self.col = 0
        self.cells: list[RawCell] = []
        self.cell: tuple[str | None, str, str | None] | None = None
        self.formula = False
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.text: list[str] | None = None
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _C:
            self.cell = (attrs.get("r"), attrs.get("t", "n"), attrs.get("s"))
            self.formula = False
            self.value = None
            self.inline = None
        elif name == _V and self.cell is not None:
            self.text = []
        elif name == _ROW:
            number = attrs.get("r")
            self.row = int(number) if number else self.row + 1
            if self.limit is not None and self.row > self.limit:
                raise _Stop
            self.col = 0
            self.cells = []
        elif name == _F:
            self.formula = True
        elif name == _IS and self.cell is not None:
            self.inline = []
        elif name == _RPH:
            self.phonetic += 1
        elif name == _T and self.inline is not None and not self.phonetic:
            self.text = []

    def end(self, name: str) -> None:
        if name == _V:
            if self.text is not None:
                self.value = "".join(self.text)
                self.text = None
        elif name == _T:
            if self.text is not None and self.inline is not None:
                self.inline.append("".join(self.text))
                self.text = None
        elif name == _C:
            self._finish_cell()
        elif name == _ROW:
            if self.cells:
                self.done.append(self.cells)
            self.cells = []
        elif name == _RPH:
            self.phonetic -= 1

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _finish_cell(self) -> None:
        if self.cell is None:
            return
        reference, data_type, style = self.cell
        self.cell = None
        if reference:
            row, col = _place(reference)
            self.col = col
        else:
            self.col += 1
            row, col = self.row, self.col
        inline = "".join(self.inline) if self.inline is not None else None
        found = self.meaning.cell(
            row,
            col,
            data_type=data_type,
            style=style,
            value=self.value,
            inline=inline,
            formula=self.formula,
        )
        if found is not None:
            self.cells.append(found)


def _place(reference: str) -> tuple[int, int]:
    """`C7` → (7, 3): once per cell, so the letters' column is looked up, not worked out."""
    letters = reference.rstrip(_DIGITS)
    number = reference[len(letters) :]
    col = _COLUMNS.get(letters)
    if col is None:
        col = _column(letters, reference)
    if not number or not number.isascii() or not number.isdigit():
        raise SheetXmlError(f"a cell's reference `{reference[:20]}` is not a cell like `C7`")
    return int(number), col


_DIGITS = "0123456789"
_COLUMNS: dict[str, int] = {}
"""Column numbers by letters, as met: a sheet has few columns and many cells in each."""


def _column(letters: str, reference: str) -> int:
    if not letters or not letters.isascii() or not letters.isalpha():
        raise SheetXmlError(f"a cell's reference `{reference[:20]}` is not a cell like `C7`")
    col = 0
    for char in letters.upper():
        col = col * 26 + (ord(char) - 64)
    if len(_COLUMNS) < 20_000:  # bounded: a sheet has at most 16,384 columns (XFD)
        _COLUMNS[letters] = col
    return col


def _refuse_dtd(*_: object) -> None:
    raise SheetXmlError("the sheet declares a document type (DTD), which a worksheet never has")


def safe_parser() -> expat.XMLParserType:
    """An expat parser (namespaces as `uri}name`) that refuses any DTD, so any entity."""
    parser = expat.ParserCreate(namespace_separator="}")
    refuse: Callable[..., None] = _refuse_dtd
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]  # raising is the point
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def iter_sheet_rows(
    source: IO[bytes],
    *,
    shared_strings: Sequence[str],
    date_styles: Any,
    timedelta_styles: Any,
    epoch: Any,
    limit: int | None = None,
) -> Iterator[list[RawCell]]:
    """Each row that has a value (or an unsaved formula), as its cells left to right.

    `date_styles` / `timedelta_styles` are the style ids whose numbers are dates or durations
    (openpyxl's workbook knows them), `epoch` the workbook's date origin. At most `limit` rows are
    read. Raises `SheetXmlError` for XML that cannot be read, with expat's reason and line.

    A sheet in the plain shape spreadsheet programs write is read by `toc.io._sheetscan`; any
    other is read with expat from the start (`source` must be seekable), skipping the rows the
    scanner already gave, which expat reads the same.
    """
    from toc.io._sheetscan import NotPlain, scan_rows

    meaning = _Meaning(shared_strings, date_styles, timedelta_styles, epoch)
    given = 0

    def sent() -> None:
        nonlocal given
        given += 1

    try:
        yield from scan_rows(source, meaning, limit, sent)
        return
    except NotPlain:
        source.seek(0)
    for index, row in enumerate(expat_rows(source, meaning, limit)):
        if index >= given:
            yield row


def expat_rows(source: IO[bytes], meaning: _Meaning, limit: int | None) -> Iterator[list[RawCell]]:
    """The rows as `iter_sheet_rows` gives them, read with expat, whatever the sheet's shape."""
    collector = _RowCollector(meaning, limit)
    parser = safe_parser()
    parser.buffer_text = True
    parser.StartElementHandler = collector.start
    parser.EndElementHandler = collector.end
    parser.CharacterDataHandler = collector.characters
    try:
        while True:
            chunk = source.read(_CHUNK)
            parser.Parse(chunk, not chunk)
            if collector.done:
                yield from collector.done
                collector.done = []
            if not chunk:
                return
    except _Stop:
        yield from collector.done
    except expat.ExpatError as error:
        raise SheetXmlError(
            f"the XML is malformed at line {error.lineno}: {expat.ErrorString(error.code)}"
        ) from None
