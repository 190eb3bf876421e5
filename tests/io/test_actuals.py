"""Actuals files: one row per KPI and period, read leniently; every bad row a finding at its cell."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import toc
from toc.io.actuals import ActualRow, Actuals, read_actuals
from toc.model import Actual, TheoryOfChange

from .helpers import workbook, zip_bomb

MODEL = """\
toc: 1
id: m
title: Monitoring
kpis:
  - id: staff-trained
    label: Number of staff trained
    measure: unit
    unit: staff trained
    ascending: true
    target: {value: 400}
  - id: feedback-good
    label: Share of participants rating the training good
    measure: percentage
    target: {value: 90}
  - id: school-culture
    label: How schools talk about trauma
    measure: qualitative
  - id: reach
    label: Reach of the campaign
"""


@pytest.fixture
def model() -> TheoryOfChange:
    return toc.loads(MODEL)


def _csv(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _where(actuals: Actuals) -> list[tuple[str, str]]:
    return [(f.location.split(":", 1)[1], f.code) for f in actuals.findings]


def _rows(actuals: Actuals) -> list[tuple[str, Actual, str]]:
    return [(row.kpi, row.actual, str(row.place)) for row in actuals.rows]


# --- reading what people write -------------------------------------------------------------------


def test_a_csv_with_notes_above_lenient_headings_and_a_dimension(
    tmp_path: Path, model: TheoryOfChange
) -> None:
    path = _csv(
        tmp_path,
        "Illustrative figures for the test\n"
        "\n"
        "KPI ID,Quarter,Actual,Notes,Sex\n"
        "staff-trained,2025-Q1,40,,female\n"
        'staff-trained,2025-26 Q2,"1,234",Big cohort,\n'
        "feedback-good,2025,45%,,\n"
        "feedback-good,2025-06-30,TBC,Survey still open,\n"
        "feedback-good,2025-26,N/A,,\n"
        "feedback-good,2024-25,not collected,,\n"
        "school-culture,2025-H1,Half of the schools have named a lead.,,\n"
        "reach,2025-06,12.5,,\n",
    )
    actuals = read_actuals(path, model)
    assert actuals.findings == ()
    assert _rows(actuals) == [
        (
            "staff-trained",
            Actual(period="2025-Q1", value=40, dimensions={"Sex": "female"}),
            f"{path}:4:3",
        ),
        (
            "staff-trained",
            Actual(period="2025-26 Q2", value=1234, comment="Big cohort"),
            f"{path}:5:3",
        ),
        ("feedback-good", Actual(year=2025, value=45), f"{path}:6:3"),
        (
            "feedback-good",
            Actual(date=dt.date(2025, 6, 30), status="tbc", comment="Survey still open"),
            f"{path}:7:3",
        ),
        ("feedback-good", Actual(period="2025-26", status="n/a"), f"{path}:8:3"),
        ("feedback-good", Actual(period="2024-25", status="not-collected"), f"{path}:9:3"),
        (
            "school-culture",
            Actual(period="2025-H1", text="Half of the schools have named a lead."),
            f"{path}:10:3",
        ),
        ("reach", Actual(period="2025-06", value=12.5), f"{path}:11:3"),
    ]
    assert actuals.rows[2].unit == "%"
    assert [row.kpi for row in actuals.for_kpi("staff-trained")] == ["staff-trained"] * 2


def test_a_kpi_may_be_named_by_its_label(tmp_path: Path, model: TheoryOfChange) -> None:
    path = _csv(tmp_path, "kpi,period,value\nNumber of Staff Trained,2025,3\n")
    assert [row.kpi for row in read_actuals(path, model).rows] == ["staff-trained"]


def test_a_workbook_with_typed_cells(tmp_path: Path, model: TheoryOfChange) -> None:
    rows: list[list[Any]] = [
        ["Actuals for the board, illustrative"],
        ["kpi", "period", "value", "comment", "unit"],
        ["staff-trained", 2025, 40, None, "staff"],
        ["staff-trained", dt.datetime(2025, 6, 30), 12.5, 7, None],
        ["feedback-good", "2025-Q3", 0.5, None, "%"],
    ]
    path = workbook(tmp_path / "data.xlsx", rows, title="Actuals")
    actuals = read_actuals(path, model)
    assert actuals.findings == ()
    assert _rows(actuals) == [
        ("staff-trained", Actual(year=2025, value=40), f"{path}:Actuals!C3"),
        (
            "staff-trained",
            Actual(date=dt.date(2025, 6, 30), value=12.5, comment="7"),
            f"{path}:Actuals!C4",
        ),
        ("feedback-good", Actual(period="2025-Q3", value=0.5), f"{path}:Actuals!C5"),
    ]
    assert [row.unit for row in actuals.rows] == ["staff", None, "%"]


def test_every_sheet_with_a_heading_row_is_read_and_others_are_not(
    tmp_path: Path, model: TheoryOfChange
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes.append(["These figures are illustrative."])
    for title, period in (("2024", "2024-Q4"), ("2025", "2025-Q1")):
        sheet = book.create_sheet(title)
        sheet.append(["Indicator", "Period", "Value"])
        sheet.append(["staff-trained", period, 10])
    path = tmp_path / "data.xlsx"
    book.save(path)
    actuals = read_actuals(path, model)
    assert actuals.findings == ()
    assert [str(row.place) for row in actuals.rows] == [f"{path}:2024!C2", f"{path}:2025!C2"]


# --- bad rows, each at its cell ------------------------------------------------------------------


def test_bad_rows_in_a_workbook_are_findings_at_their_cells(
    tmp_path: Path, model: TheoryOfChange
) -> None:
    rows: list[list[Any]] = [
        ["kpi", "period", "value", "comment"],
        ["staff-traned", "2025-Q1", 3, None],
        ["staff-trained", "Q5 2025", 3, None],
        ["staff-trained", "2025-Q2", "about forty", None],
        ["staff-trained", "2025-Q3", "#REF!", None],
        ["staff-trained", "2025-Q4", dt.datetime(2025, 3, 1), None],
        ["staff-trained", "2025-Q1", True, None],
        [None, "2026-Q1", 3, "who?"],
        ["staff-trained", None, 3, None],
        ["staff-trained", "2026-Q2", None, "value missing"],
        ["feedback-good", "2025-Q1", 80, None],
        ["feedback-good", "2025-Q1", 82, "corrected"],
        ["feedback-good", 2025.5, 82, None],
    ]
    path = workbook(tmp_path / "data.xlsx", rows, title="Actuals")
    actuals = read_actuals(path, model)
    assert _where(actuals) == [
        ("Actuals!A2", "TOC026"),
        ("Actuals!B3", "TOC014"),
        ("Actuals!C4", "TOC014"),
        ("Actuals!C5", "TOC014"),
        ("Actuals!C6", "TOC014"),
        ("Actuals!C7", "TOC014"),
        ("Actuals!A8", "TOC014"),
        ("Actuals!B9", "TOC014"),
        ("Actuals!C10", "TOC014"),
        ("Actuals!C12", "TOC312"),
        ("Actuals!B13", "TOC014"),
    ]
    messages = {f.location.split("!")[1]: f.message for f in actuals.findings}
    assert "did you mean `staff-trained`?" in messages["A2"]
    assert "`Q5 2025` is not a period toc reads; write it as 2025-Q2, 2025-26" in messages["B3"]
    assert "`about forty` where a number belongs (KPI `staff-trained` is a count)" in messages["C4"]
    assert "the error value #REF!" in messages["C5"]
    assert "a date (2025-03-01) where a value belongs" in messages["C6"]
    assert "no KPI in this row" in messages["A8"]
    assert "no value in this row; write the number, or tbc, n/a or not collected" in messages["C10"]
    assert f"already has an actual for 2025-Q1, at {path}:Actuals!C11" in messages["C12"]
    assert [(row.kpi, row.actual.value) for row in actuals.rows] == [("feedback-good", 80)]
    assert actuals.skipped == len(rows) - 2  # the heading and the one row used
    printed = actuals.findings[0].format()
    assert printed.startswith(
        f"{path}:Actuals!A2: TOC026 error: the model has no KPI `staff-traned`"
    )


def test_bad_rows_in_a_csv_are_at_row_and_column(tmp_path: Path, model: TheoryOfChange) -> None:
    path = _csv(tmp_path, "kpi;period;value\nfeedback;2025;3\nreach;2025;#N/A\n")
    actuals = read_actuals(path, model)
    assert [f.format().split(" error:")[0] for f in actuals.findings] == [
        f"{path}:2:1: TOC026",
        f"{path}:3:3: TOC014",
    ]
    assert "did you mean `feedback-good`?" in actuals.findings[0].message


def test_headings_that_cannot_be_placed(tmp_path: Path, model: TheoryOfChange) -> None:
    path = _csv(
        tmp_path,
        "kpi,period,Vallue,value,2025-Q1,,area\n"
        "staff-trained,2025-Q2,3,4,5,6,north\n"
        "staff-trained,2025-Q3,3,4,5,6,\n",
    )
    actuals = read_actuals(path, model)
    assert _where(actuals) == [
        ("1:3", "TOC018"),
        ("1:4", "TOC013"),
        ("1:5", "TOC013"),
        ("2:6", "TOC013"),
    ]
    messages = [f.message for f in actuals.findings]
    assert "`Vallue` is read as `value`" in messages[0]
    assert "a second `value` column" in messages[1]
    assert "is a period: actuals are one row per KPI and period" in messages[2]
    assert "a value in a column with no heading" in messages[3]
    assert [(row.actual.value, row.actual.dimensions) for row in actuals.rows] == [
        (3, {"area": "north"}),
        (3, {}),
    ]


def test_a_missing_period_column_or_heading_row(tmp_path: Path, model: TheoryOfChange) -> None:
    no_period = read_actuals(_csv(tmp_path, "kpi,value\nreach,3\n"), model)
    assert _where(no_period) == [("1:1", "TOC017")]
    assert "no `period` column (headings found: `kpi`, `value`)" in no_period.findings[0].message
    no_heading = read_actuals(_csv(tmp_path, "reach,2025,3\n", "other.csv"), model)
    assert [(f.code, f.line) for f in no_heading.findings] == [("TOC017", 0)]
    assert no_heading.rows == ()


# --- files that cannot be read at all ------------------------------------------------------------


def test_files_refused_whole(tmp_path: Path, model: TheoryOfChange) -> None:
    cases = {
        "data.txt": ("TOC012", b"kpi,period,value\n"),
        "old.xlsx": ("TOC015", b"\xd0\xcf\x11\xe0 an old .xls"),
        "latin1.csv": ("TOC003", "kpi,period,value\nreach,2025,caf\xe9\n".encode("latin-1")),
    }
    for name, (code, data) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        actuals = read_actuals(path, model)
        assert [f.code for f in actuals.findings] == [code], name
        assert actuals.rows == ()
    bomb = read_actuals(zip_bomb(tmp_path / "bomb.xlsx"), model)
    assert [f.code for f in bomb.findings] == ["TOC015"]
    missing = read_actuals(tmp_path / "absent.csv", model)
    assert [f.code for f in missing.findings] == ["TOC012"]


def test_rows_are_values_of_the_model(tmp_path: Path, model: TheoryOfChange) -> None:
    [row] = read_actuals(_csv(tmp_path, "kpi,period,value,ward\nreach,2025,3,North\n"), model).rows
    assert isinstance(row, ActualRow)
    assert row.observation.actual is row.actual and row.observation.place == row.place
    assert row.observation.dimensions == (("ward", "North"),)


def test_an_error_in_a_dimension_leaves_the_row_out(tmp_path: Path, model: TheoryOfChange) -> None:
    path = _csv(tmp_path, "kpi,period,value,ward\nreach,2025,3,#REF!\nreach,2024,2,\n")
    actuals = read_actuals(path, model)
    assert _where(actuals) == [("2:4", "TOC014")]
    assert [row.actual.year for row in actuals.rows] == [2024]
    assert actuals.skipped == 1
