"""Findings are sortable, serialisable values; raising is opt-in."""

from __future__ import annotations

import json

import pytest

from toc.findings import Finding, FindingsError, Report, Severity, column_letters


def finding(
    line: int, code: str = "TOC301", severity: Severity = Severity.ERROR, file: str = "a.yaml"
) -> Finding:
    return Finding(file, line, 3, code, "name", severity, "message <b>", "x", ("activities", 0))


def test_report_sorts_by_file_line_column_code() -> None:
    report = Report(
        [finding(9), finding(2, "TOC302"), finding(2, "TOC301"), finding(1, file="b.yaml")]
    )
    assert [(f.file, f.line, f.code) for f in report] == [
        ("a.yaml", 2, "TOC301"),
        ("a.yaml", 2, "TOC302"),
        ("a.yaml", 9, "TOC301"),
        ("b.yaml", 1, "TOC301"),
    ]


def test_format_is_file_line_col_code_message() -> None:
    assert finding(4).format() == "a.yaml:4:3: TOC301 message <b>"
    whole = Finding("a.yaml", 0, 0, "TOC012", "unreadable-file", Severity.ERROR, "cannot read")
    assert whole.format() == "a.yaml: TOC012 cannot read"


def test_json_carries_every_value_and_the_docs_url() -> None:
    [data] = json.loads(Report([finding(4)]).to_json())
    assert data == {
        "file": "a.yaml",
        "line": 4,
        "col": 3,
        "code": "TOC301",
        "name": "name",
        "severity": "error",
        "message": "message <b>",
        "element_id": "x",
        "path": ["activities", 0],
        "sheet": None,
        "url": "https://theory-of-change.readthedocs.io/en/latest/rules/TOC301/",
    }


def test_a_cell_prints_as_sheet_and_cell_reference() -> None:
    cell = Finding("plan.xlsx", 7, 3, "TOC103", "n", Severity.ERROR, "m", sheet="Logic model")
    assert cell.location == "plan.xlsx:Logic model!C7"
    assert cell.format() == "plan.xlsx:Logic model!C7: TOC103 m"
    assert column_letters(1) == "A"
    assert column_letters(26) == "Z"
    assert column_letters(28) == "AB"
    assert column_letters(16384) == "XFD"  # Excel's last column


def test_findings_sort_by_sheet_before_row() -> None:
    def at(sheet: str, row: int) -> Finding:
        return Finding("p.xlsx", row, 1, "TOC103", "n", Severity.ERROR, "m", sheet=sheet)

    report = Report([at("b", 1), at("a", 9), at("a", 2)])
    assert [(f.sheet, f.line) for f in report] == [("a", 2), ("a", 9), ("b", 1)]


def test_severity_views_and_counts() -> None:
    report = Report(
        [finding(1), finding(2, severity=Severity.WARNING), finding(3, severity=Severity.INFO)]
    )
    assert len(report.errors) == 1
    assert len(report.at_least("warning")) == 2
    assert report.counts() == {"error": 1, "warning": 1, "info": 1}
    assert repr(report) == "<Report: 1 error, 1 warning, 1 info>"
    assert report.for_element("x") == report


def test_raising_is_a_separate_call() -> None:
    report = Report([finding(1, severity=Severity.WARNING)])
    report.raise_for_severity()  # no error: nothing raised
    with pytest.raises(FindingsError, match=r"a\.yaml:1:3: TOC301"):
        report.raise_for_severity("warning")


def test_html_is_escaped() -> None:
    html = Report([finding(1)]).to_html()
    assert "message &lt;b&gt;" in html and "<b>" not in html
    bundle = Report([finding(1)])._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
