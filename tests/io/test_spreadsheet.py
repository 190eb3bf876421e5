"""The shared spreadsheet layer: safe opening, cells as text with their kind, CSV, headers, writing."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from toc.io._spreadsheet import (
    Cell,
    HeaderMatcher,
    Merge,
    Refused,
    SheetData,
    csv_safe,
    csv_unsafe,
    header_key,
    open_xlsx,
    read_csv,
    xlsx_bytes,
)

from .helpers import rewrite_member, workbook, zip_bomb

LIMIT = 50 * 1024 * 1024


def _rows(path: Path, **options: int) -> list[list[Cell]]:
    with open_xlsx(
        path, name=path.name, max_bytes=options.pop("max_bytes", LIMIT), **options
    ) as book:
        return list(book.rows(book.sheet_names[0]))


def _refusal(path: Path, **options: int) -> tuple[str, str]:
    with pytest.raises(Refused) as caught:
        _rows(path, **options)
    return caught.value.finding.code, caught.value.finding.message


# --- XLSX cells ------------------------------------------------------------------------------


def test_cells_come_as_text_with_their_kind_and_place(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "plan.xlsx",
        [
            ["Inputs", None, "Outputs"],
            [None, None, None],
            ["007", 12, 2.5, True, dt.datetime(2024, 3, 1), "#REF!", "=1+1", "=A1"],
        ],
    )
    rows = _rows(path)
    assert rows[0] == [Cell(1, 1, "Inputs"), Cell(1, 3, "Outputs")]
    assert rows[1] == [
        Cell(3, 1, "007"),  # a number stored as text stays text, leading zeros and all
        Cell(3, 2, "12", "number"),
        Cell(3, 3, "2.5", "number"),
        Cell(3, 4, "TRUE", "bool"),
        Cell(3, 5, "2024-03-01", "date"),
        Cell(3, 6, "#REF!", "error"),
        Cell(3, 7, "", "formula"),  # openpyxl saves formulas without a result
        Cell(3, 8, "", "formula"),
    ]
    assert len(rows) == 2  # the blank row is skipped, the row numbers stay true


def test_a_formula_with_a_saved_result_gives_the_result(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Total", "=1+1", "=A1"]])
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>").replace(
            b'<c r="C1"><f>A1</f><v />', b'<c r="C1" t="str"><f>A1</f><v>Total</v>'
        ),
    )
    assert _rows(path) == [[Cell(1, 1, "Total"), Cell(1, 2, "2", "number"), Cell(1, 3, "Total")]]


def test_merged_ranges_are_read_from_the_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "plan.xlsx",
        [["Title"], ["Inputs", "Activities"], [None, "Train"], [None, None]],
        merges=("A1:C1", "B3:B4"),
    )
    with open_xlsx(path, name="plan.xlsx", max_bytes=LIMIT) as book:
        merges = book.merges("Logic model")
    assert merges == [Merge(1, 1, 1, 3), Merge(3, 2, 4, 2)]
    assert (4, 2) in merges[1] and (4, 3) not in merges[1]


@pytest.mark.parametrize("prefix", [b"", b"x:", b"spreadsheet_main:"])
def test_merged_ranges_are_found_with_any_prefix_and_none_without(
    tmp_path: Path, prefix: bytes
) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Title"], ["a", "b"]], merges=("A1:B1", "A2:A3"))
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b"<mergeCell ", b"<" + prefix + b"mergeCell "),
    )
    plain = workbook(tmp_path / "plain.xlsx", [["Title"]])
    with open_xlsx(path, name="plan.xlsx", max_bytes=LIMIT) as book:
        assert sorted(book.merges("Logic model"), key=str) == [Merge(1, 1, 1, 2), Merge(2, 1, 3, 1)]
    with open_xlsx(plain, name="plain.xlsx", max_bytes=LIMIT) as book:
        assert book.merges("Logic model") == []


def test_rows_can_stop_early_for_sniffing(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [[f"row {n}"] for n in range(1, 50)])
    with open_xlsx(path, name="plan.xlsx", max_bytes=LIMIT) as book:
        assert len(list(book.rows("Logic model", limit=5))) == 5


def test_a_dimension_that_lies_does_not_hide_cells(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["a", "b"], ["c", "d"]])
    rewrite_member(
        path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'ref="A1:B2"', b'ref="B2:B2"')
    )
    assert [[c.text for c in row] for row in _rows(path)] == [["a", "b"], ["c", "d"]]


# --- XLSX refused ----------------------------------------------------------------------------


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("Inputs,Activities\n", encoding="utf-8")
    code, message = _refusal(path)
    assert code == "TOC015" and "not a zip" in message


def test_an_old_xls_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    code, message = _refusal(path)
    assert code == "TOC015" and "97-2003" in message


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")
    code, message = _refusal(path)
    assert code == "TOC015" and "cannot be read" in message


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return zip_bomb(tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_a_zip_bomb_is_refused_before_it_is_inflated(
    bomb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bomb.stat().st_size < 200_000  # small on disk, 100 MiB inflated

    def never(*_: object, **__: object) -> None:
        raise AssertionError("openpyxl must not see a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    monkeypatch.setattr(zipfile.ZipFile, "read", never)
    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    tracemalloc.start()
    try:
        code, message = _refusal(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == "TOC015" and "zip bomb" in message and "sheet1.xml" in message
    assert peak < 5 * 1024 * 1024


def test_a_workbook_expanding_past_the_total_limit_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Inputs"], ["Funding"]])
    code, message = _refusal(path, max_uncompressed=1000)
    assert code == "TOC015" and "over the 1,000 limit" in message


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Inputs"], ["Funding"]])
    code, _ = _refusal(path, max_bytes=1000)
    assert code == "TOC002"


def test_a_damaged_sheet_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Inputs"]])
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda _: (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<sheetData><row r="1"><c r="A1" t="s"><v>99</v></c></row></sheetData></worksheet>'
        ),
    )
    with pytest.raises(Refused) as caught:
        _rows(path)
    found = caught.value.finding
    assert (found.code, found.sheet) == ("TOC015", "Logic model")
    assert found.location == "plan.xlsx:Logic model"


def test_xml_entities_in_a_sheet_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "plan.xlsx", [["Inputs"]])
    rewrite_member(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: (
            b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            + xml.replace(b"<t>Inputs</t>", b"<t>&b;</t>")
        ),
    )
    code, _ = _refusal(path)
    assert code == "TOC015"


# --- CSV -------------------------------------------------------------------------------------


def _csv(tmp_path: Path, data: bytes, **options: int) -> tuple[list[list[Cell]], list[str]]:
    path = tmp_path / "plan.csv"
    path.write_bytes(data)
    rows, findings = read_csv(path, name="plan.csv", max_bytes=options.get("max_bytes", LIMIT))
    return rows, [f"{f.location} {f.code}" for f in findings]


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(tmp_path: Path, bom: bytes) -> None:
    data = bom + b'Inputs,Activities\r\n"Funding\nStaff",Training\r\n,\r\n,Coaching\r\n'
    rows, findings = _csv(tmp_path, data)
    assert rows == [
        [Cell(1, 1, "Inputs"), Cell(1, 2, "Activities")],
        [Cell(2, 1, "Funding\nStaff"), Cell(2, 2, "Training")],
        [Cell(4, 2, "Coaching")],
    ]
    assert findings == []


def test_semicolon_and_tab_separated_files_are_read(tmp_path: Path) -> None:
    assert _csv(tmp_path, b"Inputs;Activities\nFunding, staff;Training\n")[0][1] == [
        Cell(2, 1, "Funding, staff"),
        Cell(2, 2, "Training"),
    ]
    assert _csv(tmp_path, b"Inputs\tActivities\nFunding\tTraining\n")[0][1][1] == Cell(
        2, 2, "Training"
    )


def test_csv_in_another_encoding_is_a_finding_at_the_byte(tmp_path: Path) -> None:
    with pytest.raises(Refused) as caught:
        _csv(tmp_path, "Inputs\nFunding\nCaf\u00e9 staff\n".encode("cp1252"))
    found = caught.value.finding
    assert (found.code, found.location) == ("TOC003", "plan.csv:3:4")
    assert "CSV UTF-8" in found.message


def test_utf16_csv_is_named_as_such(tmp_path: Path) -> None:
    with pytest.raises(Refused) as caught:
        _csv(tmp_path, "Inputs\nFunding\n".encode("utf-16"))
    assert caught.value.finding.code == "TOC003" and "UTF-16" in caught.value.finding.message


def test_an_overlong_field_is_a_finding_at_its_cell_and_the_rest_is_read(tmp_path: Path) -> None:
    data = b"Inputs,Activities\nFunding," + b"x" * 2_000_000 + b"\nStaff,Training\n"
    rows, findings = _csv(tmp_path, data)
    assert findings == ["plan.csv:2:2 TOC014"]
    assert rows == [
        [Cell(1, 1, "Inputs"), Cell(1, 2, "Activities")],
        [Cell(2, 1, "Funding")],
        [Cell(3, 1, "Staff"), Cell(3, 2, "Training")],
    ]


def test_a_100_mb_cell_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    chunk = b"x" * (1024 * 1024)
    with path.open("wb") as stream:
        stream.write(b"Inputs,Activities\nFunding,")
        for _ in range(100):
            stream.write(chunk)
        stream.write(b"\n")
    tracemalloc.start()
    try:
        with pytest.raises(Refused) as caught:
            read_csv(path, name="huge.csv", max_bytes=LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.finding.code == "TOC002"
    assert peak < 5 * 1024 * 1024


def test_excel_error_values_in_csv_are_error_cells(tmp_path: Path) -> None:
    rows, _ = _csv(tmp_path, b"Inputs,Activities\n#REF!,#N/A today\n")
    assert rows[1] == [Cell(2, 1, "#REF!", "error"), Cell(2, 2, "#N/A today")]


def test_an_unterminated_quote_is_refused_at_its_row(tmp_path: Path) -> None:
    with pytest.raises(Refused) as caught:
        _csv(tmp_path, b'Inputs,Activities\nFunding,"Training\n')
    assert caught.value.finding.code == "TOC015"
    assert caught.value.finding.line == 2


# --- headers ---------------------------------------------------------------------------------


MATCHER = HeaderMatcher(
    {
        "kpi": ("KPIs", "Indicators", "Measures"),
        "outcome:short": ("Short-term outcomes", "Outcomes (short)"),
        "output": ("Outputs",),
        "outcome": ("Outcomes",),
    }
)


def test_header_key_ignores_case_accents_punctuation_and_spacing() -> None:
    assert header_key("  Outcomes (SHORT)\n") == "outcomes short"
    assert header_key("Résultats à court-terme") == "resultats a court terme"


@pytest.mark.parametrize(
    ("header", "key", "exact"),
    [
        ("KPIs", "kpi", True),
        ("indicators:", "kpi", True),
        ("Short term outcomes", "outcome:short", True),
        ("OUTCOMES (short)", "outcome:short", True),
        ("Ouputs", "output", False),
        ("Indicatros", "kpi", False),
    ],
)
def test_headers_match_leniently(header: str, key: str, exact: bool) -> None:
    match = MATCHER.match(header)
    assert match is not None and (match.key, match.exact) == (key, exact)


@pytest.mark.parametrize("header", ["Budget", "", "???", "Outcome"])
def test_unknown_and_ambiguous_headers_match_nothing(header: str) -> None:
    # "Outcome" is as close to "Outcomes" as to nothing else here, so it would match; this
    # matcher has no other "outcome"-like names, so make it ambiguous on purpose below.
    matcher = (
        HeaderMatcher({"a": ("Outcomes",), "b": ("Outcome",)}) if header == "Outcome" else MATCHER
    )
    if header == "Outcome":
        assert matcher.match("Outcomez") is None  # near two meanings: not guessed
    else:
        assert matcher.match(header) is None


# --- writing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1", "'+1"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("#NAME?", "'#NAME?"),
        ("'#N/A", "''#N/A"),
        ("#NAME? no", "#NAME? no"),
        ("'quoted'", "'quoted'"),
        ("plain", "plain"),
    ],
)
def test_csv_text_is_made_safe_and_read_back_exactly(text: str, safe: str) -> None:
    assert csv_safe(text) == safe
    assert csv_unsafe(csv_safe(text)) == text


def test_formula_text_written_to_xlsx_stays_text() -> None:
    attack = "=cmd|' /C calc'!A0"
    data = xlsx_bytes(
        [SheetData("Logic: model/1", ("Inputs", "Activities"), ((attack, "@SUM(A1)\n-1"),))]
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Logic  model 1"
    cell = sheet["A2"]
    assert (cell.data_type, cell.value) == ("s", attack)
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("s", "@SUM(A1)\n-1")
    assert sheet["A1"].font.bold and sheet["A2"].alignment.wrap_text
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


_HEADING_PIECES = st.sampled_from(
    ["Short", "short", "-", " ", "term", "Outcomes", "outcome", "KPI", "s", "Activites", "Inputs",
     "Impact", "(", ")", "Medium", "long", "x", "Indicators"]
)  # fmt: skip


@given(st.one_of(st.text(max_size=30), st.lists(_HEADING_PIECES, max_size=6).map("".join)))
def test_a_near_miss_is_what_comparing_with_every_heading_finds(header: str) -> None:
    """The quick ratios only skip headings that cannot be near: the answer is the full search's."""
    from difflib import SequenceMatcher

    from toc.io.table import COLUMN_NAMES

    matcher = HeaderMatcher(COLUMN_NAMES)
    names = {header_key(n): key for key, synonyms in COLUMN_NAMES.items() for n in synonyms}
    key = header_key(header)
    if not key:
        expected = None
    elif key in names:
        expected = (names[key], True)
    else:
        close = {m for n, m in names.items() if SequenceMatcher(None, key, n).ratio() >= 0.85}
        expected = (close.pop(), False) if len(close) == 1 else None
    found = matcher.match(header)
    assert (None if found is None else (found.key, found.exact)) == expected
