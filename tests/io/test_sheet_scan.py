"""The plain-sheet scanner says what expat says, or steps aside.

`toc.io._sheetscan` reads the rows of a sheet in the shape spreadsheet programs write with
regular expressions; anything else is read again with expat. These tests pin the two together
on generated sheets (every kind of cell, and the things that are not plain), cut into chunks of
every size, and check the scanner really reads the sheets programs write.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc.io import _sheetscan, _sheetxml
from toc.io._sheetscan import NotPlain, scan_rows
from toc.io._sheetxml import _Meaning, expat_rows, iter_sheet_rows

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ROOT = (
    f'<worksheet xmlns="{MAIN}" xmlns:x14ac="http://schemas.microsoft.com/office/'
    'spreadsheetml/2009/9/ac" xmlns:x="urn:other">'
)
SHARED = ["zero", "one & two"]
MEANING = _Meaning(SHARED, {1}, set(), dt.datetime(1899, 12, 30))


def _outcome(rows: Iterator[list[Any]]) -> tuple[str, Any]:
    try:
        return "rows", list(rows)
    except Exception as error:  # the same failure, or none, is the point
        return "error", (type(error).__name__, str(error))


def _iter(xml: bytes, limit: int | None = None) -> Iterator[list[Any]]:
    return iter_sheet_rows(
        io.BytesIO(xml),
        shared_strings=SHARED,
        date_styles={1},
        timedelta_styles=set(),
        epoch=dt.datetime(1899, 12, 30),
        limit=limit,
    )


def _scanned(xml: bytes, limit: int | None = None) -> list[list[Any]]:
    return list(scan_rows(io.BytesIO(xml), MEANING, limit, lambda: None))


@contextmanager
def _chunks_of(size: int) -> Iterator[None]:
    with patch.object(_sheetscan, "_CHUNK", size), patch.object(_sheetxml, "_CHUNK", size):
        yield


def _sheet(rows: str, *, head: str = ROOT, tail: str = "</worksheet>") -> bytes:
    return f"{head}<sheetData>{rows}</sheetData>{tail}".encode()


_TEXT = st.lists(
    st.sampled_from(
        [
            "a",
            "é",
            " ",
            "\n",
            "\r",
            "&amp;",
            "&lt;",
            "&#10;",
            "&#x41;",
            "&bogus;",
            "&",
            ">",
            "]]>",
            "&#0;",
            "\t",
            "\u2022",
            "\x01",
            "\uffff",
            "<!-- c -->",
            "<![CDATA[x]]>",
        ]
    ),
    max_size=6,
).map("".join)


_PLAIN_TEXT = st.lists(
    st.sampled_from(["a", "é", " ", "\n", "&amp;", "&lt;", "&#10;", "&#x41;", ">", "\t"]),
    max_size=6,
).map("".join)


@st.composite
def _plain_cells(
    draw: st.DrawFn,
    row: int,
    text: st.SearchStrategy[str] = _PLAIN_TEXT,
    letters: str = "A B AA XFD",
) -> str:
    """A cell as programs write it (plain, when its text is)."""
    ref = f"{draw(st.sampled_from(letters.split()))}{row}"
    words = draw(text)
    return draw(
        st.sampled_from(
            [
                f'<c r="{ref}" t="inlineStr"><is><t>{words}</t></is></c>',
                f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{words}</t></is></c>',
                f'<c r="{ref}" t="s"><v>{draw(st.sampled_from(["0", "1", "", "&#49;"]))}</v></c>',
                f'<c r="{ref}" s="1"><v>46112</v></c>',
                f'<c r="{ref}" s="1" t="n"><v>0.5</v></c>',
                f'<c r="{ref}"><v>{draw(st.sampled_from(["3", "0.25", "1E3"]))}</v></c>',
                f'<c r="{ref}" t="b"><v>0</v></c>',
                f'<c r="{ref}" t="str"><f>A1&amp;B1</f><v>{words}</v></c>',
                f'<c r="{ref}"><f t="shared" si="0"/></c>',
                f'<c r="{ref}"><f>1+1</f><v /></c>',
                f'<c s="1" r="{ref}"><v>46112</v></c>',
                f'<c t="inlineStr"><is><t>{words}</t></is></c>',
                f'<c r="{ref}"/>',
                f'<c r="{ref}" cm="1"><v>2</v></c>',
            ]
        )
    )


def _rows(
    draw: st.DrawFn, cells: Callable[[int], st.SearchStrategy[str]], starts: list[str]
) -> str:
    """Up to six rows of up to four cells, each row opened by one of `starts` (`{n}`: its number);
    a row with no cells may be written `<row r="n"/>` when `starts` allows it (`{empty}`)."""
    rows = []
    for number in range(1, draw(st.integers(0, 6)) + 1):
        written = "".join(draw(st.lists(cells(number), max_size=4)))
        space = draw(st.sampled_from(["", "\n", "\r\n  "]))
        start = draw(st.sampled_from(starts))
        if start == "{empty}":
            rows.append(
                f'<row r="{number}"/>' if not written else f'<row r="{number}">{written}</row>'
            )
        else:
            rows.append(f"{space}{start.format(n=number)}{space}{written}</row>")
    return "".join(rows)


@st.composite
def _plain_sheets(draw: st.DrawFn) -> bytes:
    rows = _rows(draw, _plain_cells, ['<row r="{n}">', "<row>", '<row spans="1:3" r="{n}">'])
    head = draw(st.sampled_from([ROOT, f'<?xml version="1.0" encoding="UTF-8"?>\r\n{ROOT}']))
    return _sheet(rows, head=head)


@settings(max_examples=200, deadline=None)
@given(_plain_sheets(), st.sampled_from([None, 1, 2, 4]), st.integers(1, 64))
def test_a_plain_sheet_is_scanned_and_read_as_expat_reads_it(
    xml: bytes, limit: int | None, chunk: int
) -> None:
    with _chunks_of(chunk):
        assert _outcome(iter(_scanned(xml, limit))) == _outcome(
            expat_rows(io.BytesIO(xml), MEANING, limit)
        )


@st.composite
def _odd_cells(draw: st.DrawFn, row: int) -> str:
    """Cells that are not plain, or whose values are bad (an index, a date, a number)."""
    ref = f"{draw(st.sampled_from(['A', 'c']))}{row}"
    words = draw(_TEXT)
    return draw(
        st.sampled_from(
            [
                f'<c r="{ref}" t="s"><v>7</v></c>',
                f'<c r="{ref}" s="1"><v>{draw(st.sampled_from(["1.5", "x"]))}</v></c>',
                f'<c r="{ref}" t="e"><v>#N/A</v></c>',
                f'<c r="{ref}" t="inlineStr"><is><r><t>a</t></r><r><t>{words}</t></r></is></c>',
                f'<c r="{ref}" t="inlineStr"><is><t>a</t><rPh><t>b</t></rPh></is></c>',
                f"<c r='{ref}'><v>1</v></c>",
                f'<x:c r="{ref}"><x:v>9</x:v></x:c>',
                f'<c r="{ref}" r="{ref}"><v>1</v></c>',
                f'<c r="{ref}"><v>1</v> </c>',
                f'<c r="{ref}" zz:t="s"><v>0</v></c>',
                f'<c r="{ref}" xmlns="urn:other"><v>3</v></c>',
                f'<c r="{ref}" t="d"><v>2026-03-31T00:00:00</v></c>',
            ]
        )
    )


def _cells(row: int) -> st.SearchStrategy[str]:
    return st.one_of(_plain_cells(row, _TEXT, "A B AA c"), _odd_cells(row))


@st.composite
def _sheets(draw: st.DrawFn) -> bytes:
    starts = [
        '<row r="{n}">',
        "<row>",
        '<row r="{n}" spans="1:3" x14ac:dyDescent="0.25">',
        '<row spans="1:3" r="{n}">',
        "{empty}",
    ]
    rows = _rows(draw, _cells, starts)
    head = draw(
        st.sampled_from(
            [
                ROOT,
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{ROOT}<sheetPr/>',
                f'<!DOCTYPE w [<!ENTITY a "aaaa">]>{ROOT}',
                '<worksheet xmlns="urn:strict">',
                f"{ROOT}<!-- note -->",
                f'<?xml version="1.0" encoding="ISO-8859-1"?>{ROOT}',
            ]
        )
    )
    tail = draw(
        st.sampled_from(
            [
                "</worksheet>",
                '<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>',
                "<foo></worksheet>",
                '<row r="9"><c r="A9"><v>1</v></c></row></worksheet>',
            ]
        )
    )
    return _sheet(rows, head=head, tail=tail)


@settings(max_examples=400, deadline=None)
@given(_sheets(), st.sampled_from([None, 1, 3]), st.integers(1, 64))
def test_the_scanner_reads_every_sheet_as_expat_does(
    xml: bytes, limit: int | None, chunk: int
) -> None:
    with _chunks_of(chunk):
        ours = _outcome(_iter(xml, limit))
        expat = _outcome(expat_rows(io.BytesIO(xml), MEANING, limit))
    assert ours == expat


def test_a_sheet_openpyxl_writes_is_scanned(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Activities", "Outputs", 3, 0.5, True, dt.date(2026, 3, 31), "=1+1"])
    sheet.append(["Fish & chips <hot>", "  spaces  ", None, "line\nbreak"])
    book.save(tmp_path / "plan.xlsx")
    from zipfile import ZipFile

    xml = ZipFile(tmp_path / "plan.xlsx").read("xl/worksheets/sheet1.xml")
    scanned = _scanned(xml)
    assert scanned == list(expat_rows(io.BytesIO(xml), MEANING, None))
    assert [value for _, _, value, _ in scanned[1]] == [
        "Fish & chips <hot>",
        "  spaces  ",
        "line\nbreak",
    ]


def test_a_sheet_as_excel_writes_it_is_scanned() -> None:
    """Declaration and CRLF, shared strings, styles, row attributes of another namespace."""
    rows = (
        '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>1</v></c>'
        '<c r="B1" s="1"><v>46112</v></c><c r="C1"><f>B1+1</f><v>46113</v></c></row>'
    )
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n{ROOT}<dimension ref="A1:C1"/>'
    )
    xml = _sheet(rows, head=head, tail='<pageMargins left="0.7"/></worksheet>')
    assert _scanned(xml) == [
        [(1, 1, "one & two", "s"), (1, 2, dt.datetime(2026, 3, 31), "d"), (1, 3, 46113, "n")]
    ]


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A1"><v><![CDATA[1]]></v></c>',
        '<c r="A1"><!-- note --><v>1</v></c>',
        '<c r="A1" t="inlineStr"><is><t>a\r\nb</t></is></c>',
        '<c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c>',
        "<c r='A1'><v>1</v></c>",
        '<x:c r="A1"><x:v>1</x:v></x:c>',
        '<c r="A1" t="inlineStr"><is><t>a\uffffb</t></is></c>',  # expat refuses these three
        '<c r="A1" t="inlineStr"><is><t>a\ufffeb</t></is></c>',
        '<c r="A1" t="inlineStr"><is><t>a\x01b</t></is></c>',
        '<c r="A1" t="inlineStr"><is><t>a]]>b</t></is></c>',
    ],
)
def test_what_is_not_plain_is_left_to_expat(cell: str) -> None:
    xml = _sheet(f'<row r="1">{cell}</row>')
    with pytest.raises(NotPlain):
        _scanned(xml)
    assert _outcome(_iter(xml)) == _outcome(expat_rows(io.BytesIO(xml), MEANING, None))


def test_rows_already_given_are_not_given_twice() -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in (1, 2))
    rows += '<row r="3"><c r="A3"><v><![CDATA[3]]></v></c></row>'
    assert [cells[0][2] for cells in _iter(_sheet(rows))] == [1, 2, 3]


def test_a_document_type_declaration_is_still_refused() -> None:
    xml = b'<!DOCTYPE w [<!ENTITY a "aaaa">]>' + _sheet('<row r="1"><c r="A1"><v>1</v></c></row>')
    with pytest.raises(_sheetxml.SheetXmlError, match="DTD"):
        list(_iter(xml))


def test_a_huge_cell_is_left_to_expat_which_reads_it_in_one_pass() -> None:
    """The scanner would copy and scan a token cut by each chunk's end again and again."""
    text = "word " * 2_000_000  # 10 MB in one cell
    xml = _sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{text}</t></is></c></row>')
    with pytest.raises(NotPlain):
        _scanned(xml)
    assert list(_iter(xml)) == [[(1, 1, text, "s")]]
