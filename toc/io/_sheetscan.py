"""A scanner for worksheets written the plain way every spreadsheet program writes them.

expat calls back into Python for every start tag, end tag and run of text, six times for a cell
of inline text; that is most of reading a sheet's rows. Excel, LibreOffice and openpyxl write
`<sheetData>` in one narrow shape (`<row>`s of `<c>`s holding a `<v>`, or `<is><t>`, and
perhaps an `<f>`), which regular expressions read a token at a time in C. This module reads only
that shape, and only when every byte of the rows is in it: anything else (a comment, CDATA, a
prefixed element, rich text, a character reference to something XML forbids, a carriage return,
single-quoted attributes...) raises `NotPlain`, and `iter_sheet_rows` reads the sheet again with
expat from the start. So this is a shortcut that says the same as expat or says nothing; the tests
compare both on generated sheets.

What surrounds `<sheetData>` (the root element, the sheet's settings, merged cells) is still
parsed by expat, with every document type declaration refused, so a malformed or hostile file
is refused by the same code, with the same message, as before.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from typing import IO
from xml.parsers import expat

from toc.io._sheetxml import (
    _CHUNK,
    _COLUMNS,
    RawCell,
    SheetXmlError,
    _column,
    _Meaning,
    _place,
    safe_parser,
)

__all__ = ["NotPlain", "scan_rows"]

_MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class NotPlain(Exception):
    """The sheet is not in the plain shape; read it with expat instead."""


_NAME = r"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_ATTRIBUTE_LIST = rf'(?:[ \t\r\n]+{_NAME}="[^"<&\t\r\n]*")*'
_ATTRIBUTES = rf"({_ATTRIBUTE_LIST})[ \t\r\n]*"
"""Double-quoted attributes whose values need no normalising or unescaping (else not plain)."""
_TOKEN = re.compile(
    r"[ \t\r\n]*(?:"
    r'<c(?: r="([A-Z]{1,3})([1-9][0-9]{0,6})")?'  # a reference first, as programs write it
    rf"({_ATTRIBUTE_LIST})[ \t\r\n]*(?:/>|>"
    rf"(<f{_ATTRIBUTE_LIST}[ \t\r\n]*(?:/>|>[^<&]*(?:&(?:amp|lt|gt|quot|apos);[^<&]*)*</f>))?"
    r'(?:<v>([^<]*)</v>|<v[ \t\r\n]*/>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?'
    r"</c>)"
    rf'|<row(?: r="([1-9][0-9]{{0,6}})")?({_ATTRIBUTE_LIST})[ \t\r\n]*(/?)>'
    r"|(</row>)"
    r"|(</sheetData>)"
    r")"
)
_ATTRIBUTE = re.compile(rf'({_NAME})="([^"]*)"')
_SHEET_DATA = re.compile(r"<sheetData[ \t\r\n]*(/?)>")
_ROOT = re.compile(rf"(?:<\?xml[ \t\r\n][^<>]*\?>)?[ \t\r\n]*<worksheet{_ATTRIBUTES}>")
_CELL_OR_ROW = re.compile(r"<(?:row|c)[ \t\r\n/>]")
"""A row or cell outside `<sheetData>`, which expat's reader would read too."""
_DECLARED_ENCODING = re.compile(r'<\?xml[^>]*?encoding=["\']([^"\']*)["\']')
_CONTROL = bytes(c for c in range(32) if c not in (9, 10, 13))
"""The control characters expat refuses anywhere, as does `\ufffe` or `\uffff`, or `]]>`
outside CDATA. (A carriage return, which expat turns into a line feed, is not plain in a
cell's text or an attribute's value, and is space between tags. Text is matched as `[^<]*`,
which the regular expression engine scans faster than any class of two characters, and
checked for one when the chunk has any.)"""
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_HEAD_LIMIT = 1 << 20
"""A sheet whose rows start further in than this is not plain (real heads are a few KiB)."""
_TOKEN_LIMIT = 4 << 20
"""A row cut by a chunk's end is kept for the next; one longer than this (a huge cell) is left
to expat, which reads it in one pass, where the scanner would copy and scan it once a chunk."""
"""A sheet whose rows start further in than this is not plain (real heads are a few KiB)."""
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def scan_rows(
    source: IO[bytes], meaning: _Meaning, limit: int | None, sent: Callable[[], None]
) -> Iterator[list[RawCell]]:
    """Each row with a cell, as `iter_sheet_rows` gives it; `NotPlain` when the sheet is not plain.

    `sent` is called after each row is yielded, so the caller knows how many rows to skip when it
    reads the sheet again with expat.
    """
    scanner = _Scanner(source, meaning, limit)
    while scanner.read():
        for cells in scanner.rows():
            yield cells
            sent()


class _Scanner:
    """The state of a scan: the text not yet read, the head, and the row being read."""

    def __init__(self, source: IO[bytes], meaning: _Meaning, limit: int | None) -> None:
        self.source = source
        self.meaning = meaning
        self.limit = limit
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.pending = ""
        self.position = 0
        self.final = False
        self.finished = False
        self.head = ""
        self.prefixes = frozenset[str]()
        self.row = 0
        self.col = 0
        self.cells: list[RawCell] | None = None  # None outside a row
        self.kinds: dict[str, tuple[str, str | None]] = {}
        self.shared = meaning.shared_strings

    def read(self) -> bool:
        """Take the next chunk; False when the scan is over (all rows given, or the limit met)."""
        if self.final or self.finished:
            return False
        # a head (a limit) is a few rows: a sixteenth of a chunk is enough to begin with
        chunk = self.source.read(_CHUNK if self.limit is None else max(_CHUNK // 16, 1))
        self.final = not chunk
        if len(chunk.translate(None, _CONTROL)) != len(chunk):  # a C loop: 4x a pattern's search
            raise NotPlain
        text = self._decode(chunk, final=self.final)
        if not text.isascii() and ("\ufffe" in text or "\uffff" in text):
            raise NotPlain
        self.pending = self.pending[self.position :] + text
        self.position = 0
        if "]]>" in self.pending:
            raise NotPlain
        return True

    def rows(self) -> Iterator[list[RawCell]]:
        """The rows the text read so far completes.

        A cell of inline text with a reference, as openpyxl writes every text cell and Excel
        writes shared ones, is read here; any other goes through `_cell`.
        """
        if not self.head and not self._found_head():
            return
        pending, kinds, columns = self.pending, self.kinds, _COLUMNS
        carriage = "\r" in pending  # between tags it is space; in text expat makes it `\n`
        for token in _TOKEN.finditer(pending, self.position):
            if token.start() != self.position:
                break
            self.position = token.end()
            (letters, digits, attributes, formula, value, inline, number, row, empty, end, done) = (
                token.groups()  # all at once: the fastest way to them
            )
            if attributes is None:
                cells = self._row_token(number, row, empty, end, done)
                if cells:
                    yield cells
                if self.finished:
                    return
                continue
            if self.cells is None:
                raise NotPlain  # a cell outside a row
            if carriage and ("\r" in (value or "") or "\r" in (inline or "")):
                raise NotPlain
            if letters is None or digits is None:
                self._cell(attributes, formula is not None, value, inline)
                continue
            self.col = col = columns.get(letters) or _column(letters, letters + digits)
            data_type, style = kinds.get(attributes) or self._type_and_style(attributes)
            if data_type == "inlineStr" and inline is not None and "&" not in inline:
                self.cells.append((int(digits), col, inline, "s"))
            elif data_type == "s" and value and "&" not in value:
                self.cells.append((int(digits), col, self.shared[int(value)], "s"))
            else:
                self._value(int(digits), data_type, style, formula is not None, value, inline)
        rest_of_text = pending[self.position :]
        if self.final or "</row>" in rest_of_text or "</sheetData>" in rest_of_text:
            raise NotPlain  # something complete that is not plain
        if len(rest_of_text) > _TOKEN_LIMIT:  # each chunk would copy and scan it all again
            raise NotPlain
        # else the next token is cut by the chunk's end: read on

    def _row_token(
        self, number: str | None, attributes: str | None, empty: str, end: str, done: str
    ) -> list[RawCell] | None:
        """A row starts or ends, or the rows end; the cells of a row that ended."""
        if attributes is not None:
            self._start_row(number, attributes, empty=bool(empty))
        elif end is not None:
            cells = self.cells
            if cells is None:
                raise NotPlain
            self.cells = None
            return cells
        elif done is not None:
            if self.cells is not None:
                raise NotPlain
            self._finish()
        return None

    def _found_head(self) -> bool:
        found = _SHEET_DATA.search(self.pending)
        if found is None:
            if self.final or len(self.pending) > _HEAD_LIMIT:
                raise NotPlain
            return False
        self.head = self.pending[: found.start()] + "<sheetData>"
        self.prefixes = _head_prefixes(self.pending[: found.start()])
        _check_outside(self.head, "</worksheet>")
        self.position = found.end()
        if found.group(1):  # `<sheetData/>`: no rows
            self._finish()
        return True

    def _start_row(self, number: str | None, attributes: str, *, empty: bool) -> None:
        if self.cells is not None:
            raise NotPlain  # a row inside a row
        if number is None:
            number = _attributes(attributes, self.prefixes).get("r")
        elif attributes:
            self._type_and_style(attributes)  # checks there is no second `r`
        self.row = int(number) if number else self.row + 1
        if self.limit is not None and self.row > self.limit:
            self.finished = True
            return
        self.col = 0
        self.cells = None if empty else []

    def _cell(self, attributes: str, formula: bool, value: str | None, inline: str | None) -> None:
        """A cell whose reference is not first, or which has none."""
        found = _attributes(attributes, self.prefixes)
        reference = found.get("r")
        if reference:
            row, self.col = _place(reference)
        else:
            self.col += 1
            row = self.row
        self._value(row, found.get("t", "n"), found.get("s"), formula, value, inline)

    def _value(  # noqa: PLR0917  # a cell's parts, as the token gives them
        self,
        row: int,
        data_type: str,
        style: str | None,
        formula: bool,
        value: str | None,
        inline: str | None,
    ) -> None:
        assert self.cells is not None
        if value is not None and "&" in value:
            value = _unescape(value)
        if inline is not None and "&" in inline:
            inline = _unescape(inline)
        raw = self.meaning.cell(
            row,
            self.col,
            data_type=data_type,
            style=style,
            value=value,
            inline=inline,
            formula=formula,
        )
        if raw is not None:
            self.cells.append(raw)

    def _type_and_style(self, attributes: str) -> tuple[str, str | None]:
        """The `t` and `s` of attributes that follow a reference (remembered: they repeat)."""
        found = _attributes(attributes, self.prefixes)
        if "r" in found:
            raise NotPlain  # a second reference: expat refuses the file
        kind = self.kinds[attributes] = (found.get("t", "n"), found.get("s"))
        return kind

    def _finish(self) -> None:
        """At `</sheetData>`: check what follows with expat, then end the scan."""
        parts = [self.pending[self.position :]]
        while chunk := self.source.read(_CHUNK):
            parts.append(self._decode(chunk, final=False))
        parts.append(self._decode(b"", final=True))
        _check_outside(self.head, "".join(parts))
        self.finished = True

    def _decode(self, chunk: bytes, *, final: bool) -> str:
        try:
            return self.decoder.decode(chunk, final)
        except UnicodeDecodeError:
            raise NotPlain from None


def _attributes(text: str, prefixes: frozenset[str]) -> dict[str, str]:
    """A tag's attributes; `NotPlain` for a repeated one, a namespace one or an unknown prefix."""
    if not text:
        return {}
    pairs = _ATTRIBUTE.findall(text)
    found = dict(pairs)
    if len(found) != len(pairs):
        raise NotPlain
    for name in found:
        prefix, colon, _ = name.partition(":")
        if (colon and prefix not in prefixes) or name.startswith("xmlns"):
            raise NotPlain
    return found


def _head_prefixes(head: str) -> frozenset[str]:
    """The prefixes the root declares; `NotPlain` unless it is `<worksheet>` in the main namespace.

    (Prefixes declared on the root's other children do not reach `<sheetData>`.)
    """
    root = _ROOT.match(head)
    declared = _DECLARED_ENCODING.match(head)
    if root is None or "<!" in head or "<?" in head[root.end() :]:
        raise NotPlain
    if declared is not None and declared.group(1).lower() not in ("utf-8", "utf8"):
        raise NotPlain
    pairs = _ATTRIBUTE.findall(root.group(1))
    namespaces = dict(pairs)
    if namespaces.get("xmlns") != _MAIN_NAMESPACE or len(namespaces) != len(pairs):
        raise NotPlain
    return frozenset(["xml", *(name[6:] for name in namespaces if name.startswith("xmlns:"))])


def _check_outside(head: str, tail: str) -> None:
    """Parse the sheet without its rows with expat (DTDs refused); `NotPlain` if it objects.

    A row or cell outside `<sheetData>` is not plain either: expat's reader would read it.
    """
    if _CELL_OR_ROW.search(head) or _CELL_OR_ROW.search(tail):
        raise NotPlain
    parser = safe_parser()
    try:
        parser.Parse((head + "</sheetData>" + tail).encode(), True)
    except (expat.ExpatError, SheetXmlError):
        raise NotPlain from None


def _unescape(text: str) -> str:
    """Text with XML's five entities and character references replaced; else `NotPlain`."""
    replaced = _ENTITY.sub(_replacement, text)
    if "&" in _ENTITY.sub("", text):
        raise NotPlain  # an `&` that is not one of them: expat would refuse the file
    return replaced


def _replacement(found: re.Match[str]) -> str:
    name, decimal, hexadecimal = found.groups()
    if name:
        return _NAMED[name]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise NotPlain  # a character XML does not allow
    return chr(code)
