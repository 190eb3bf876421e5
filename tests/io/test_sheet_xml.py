"""The streaming sheet reader gives the values openpyxl's data-only reader gives, cell for cell.

toc reads rows from the sheet's XML itself (`toc.io._sheetxml`) for speed, so these tests pin it
to openpyxl's meaning of every kind of cell, and to what the XML itself says where openpyxl hides
it (a formula with no saved result).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from tests.io.helpers import rewrite_member
from toc.io._sheetxml import SheetXmlError, iter_sheet_rows
from toc.io._spreadsheet import Cell, Refused, open_xlsx

SHEET = "xl/worksheets/sheet1.xml"
MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _every_kind(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kinds"
    sheet["A1"] = "plain text"
    sheet["B1"] = 12
    sheet["C1"] = 0.1
    sheet["D1"] = True
    sheet["E1"] = dt.datetime(2026, 3, 31)
    sheet["F1"] = dt.date(2025, 4, 1)
    sheet["G1"] = dt.time(12, 30)
    sheet["H1"] = dt.timedelta(hours=30)
    sheet["I1"] = "=1+1"
    sheet["A3"] = CellRichText("bold ", TextBlock(InlineFont(b=True), "and plain"))
    sheet["C3"] = "  spaces kept  "
    sheet["D3"] = -1.5e-7
    sheet["E3"] = 10**14
    book.save(path)
    return path


def _openpyxl_values(path: Path) -> dict[tuple[int, int], Any]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    found: dict[tuple[int, int], Any] = {
        (cell.row or 0, cell.column or 0): cell.value
        for row in book.active.iter_rows()  # type: ignore[union-attr]
        for cell in row
        if getattr(cell, "value", None) is not None
    }
    book.close()
    return found


def _ours(path: Path, **options: int) -> list[list[Cell]]:
    with open_xlsx(path, name=path.name, max_bytes=10**8) as book:
        return list(book.rows(book.sheet_names[0], **options))


def _raw(xml: bytes, **options: Any) -> list[list[tuple[int, int, Any, str]]]:
    return list(
        iter_sheet_rows(
            io.BytesIO(xml),
            shared_strings=["zero", "one"],
            date_styles={1},
            timedelta_styles=set(),
            epoch=dt.datetime(1899, 12, 30),
            **options,
        )
    )


def test_every_kind_of_cell_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    path = _every_kind(tmp_path / "kinds.xlsx")
    expected = _openpyxl_values(path)
    with open_xlsx(path, name="kinds.xlsx", max_bytes=10**8) as book:
        from toc.io._sheetxml import iter_sheet_rows as rows_of

        with book._archive.open(SHEET) as source:
            raw = rows_of(
                source,
                shared_strings=book._book.shared_strings,
                date_styles=book._book._date_formats,
                timedelta_styles=book._book._timedelta_formats,
                epoch=book._book.epoch,
            )
            ours = {(r, c): value for cells in raw for r, c, value, kind in cells if kind != "f"}
    assert ours == expected
    assert ours[1, 5] == dt.datetime(2026, 3, 31) and ours[1, 8] == dt.timedelta(hours=30)


def test_cells_carry_their_text_and_kind(tmp_path: Path) -> None:
    rows = _ours(_every_kind(tmp_path / "kinds.xlsx"))
    first = {cell.col: (cell.text, cell.kind) for cell in rows[0]}
    assert first[2] == ("12", "number") and first[3] == ("0.1", "number")
    assert first[4] == ("TRUE", "bool") and first[5] == ("2026-03-31", "date")
    assert first[9] == ("", "formula")  # openpyxl saved no result; openpyxl alone reports nothing
    third = {cell.col: cell.text for cell in rows[1]}
    assert third == {1: "bold and plain", 3: "  spaces kept  ", 4: "-1.5e-07", 5: "100000000000000"}
    assert [cells[0].row for cells in rows] == [1, 3]


def test_cells_without_references_are_numbered_in_order() -> None:
    xml = f'<worksheet {MAIN}><sheetData><row><c t="s"><v>1</v></c><c><v>7</v></c></row>'
    xml += '<row><c t="inlineStr"><is><t>x</t><rPh><t>ignored</t></rPh></is></c></row>'
    xml += "</sheetData></worksheet>"
    assert _raw(xml.encode()) == [[(1, 1, "one", "s"), (1, 2, 7, "n")], [(2, 1, "x", "s")]]


def test_a_cell_without_a_value_and_an_empty_value_are_not_cells() -> None:
    xml = f'<worksheet {MAIN}><sheetData><row r="2"><c r="A2"/><c r="B2"><v></v></c>'
    xml += '<c r="C2" s="1"><v>46112</v></c></row></sheetData></worksheet>'
    assert _raw(xml.encode()) == [[(2, 3, dt.datetime(2026, 3, 31), "d")]]


def test_reading_stops_after_the_row_limit() -> None:
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 50))
    xml = f"<worksheet {MAIN}><sheetData>{rows}</sheetData></worksheet>"
    assert [cells[0][0] for cells in _raw(xml.encode(), limit=3)] == [1, 2, 3]


def test_elements_of_other_namespaces_are_not_cells() -> None:
    xml = f'<worksheet {MAIN} xmlns:x="urn:other"><sheetData><row r="1">'
    xml += '<x:c r="A1"><x:v>9</x:v></x:c><c r="B1"><v>8</v></c></row></sheetData></worksheet>'
    assert _raw(xml.encode()) == [[(1, 2, 8, "n")]]


@pytest.mark.parametrize(
    "declaration",
    [b'<!DOCTYPE w [<!ENTITY a "aaaa">]>', b'<!DOCTYPE w SYSTEM "http://example.org/x.dtd">'],
)
def test_a_document_type_declaration_is_refused(declaration: bytes) -> None:
    xml = declaration + f"<worksheet {MAIN}><sheetData/></worksheet>".encode()
    with pytest.raises(SheetXmlError, match="DTD"):
        _raw(xml)


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(SheetXmlError, match="line 2"):
        _raw(f"<worksheet {MAIN}>\n<sheetData><row></sheetData>".encode())


def test_a_bad_shared_string_index_refuses_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = "text"
    book.save(path)
    inline = b'<c r="A1" t="inlineStr"><is><t>text</t></is></c>'
    assert inline in zipfile.ZipFile(path).read(SHEET)  # openpyxl writes text inline
    rewrite_member(path, SHEET, lambda xml: xml.replace(inline, b'<c r="A1" t="s"><v>99</v></c>'))
    with pytest.raises(Refused) as caught:
        _ours(path)
    assert caught.value.finding.code == "TOC015"


@given(st.integers(1, 16_384), st.integers(1, 1_048_576), st.booleans())
def test_a_cell_reference_gives_its_row_and_column(col: int, row: int, lower: bool) -> None:
    from toc.findings import column_letters
    from toc.io._sheetxml import _place

    letters = column_letters(col)
    assert _place(f"{letters.lower() if lower else letters}{row}") == (row, col)


@pytest.mark.parametrize("reference", ["", "A", "7", "7A", "A-1", "A$1", "É1", "A1B", "A٣"])
def test_a_reference_that_is_not_a_cell_is_refused(reference: str) -> None:
    from toc.io._sheetxml import _place

    with pytest.raises(SheetXmlError, match="not a cell like"):
        _place(reference)
