"""Findings are sortable, serialisable values; raising is opt-in."""

from __future__ import annotations

import json
from dataclasses import replace

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


def test_format_is_file_line_col_code_severity_message() -> None:
    assert finding(4).format() == "a.yaml:4:3: TOC301 error: message <b>"
    whole = Finding("a.yaml", 0, 0, "TOC012", "unreadable-file", Severity.ERROR, "cannot read")
    assert whole.format() == "a.yaml: TOC012 error: cannot read"
    note = finding(5, "TOC401", Severity.INFO)
    assert note.format() == "a.yaml:5:3: TOC401 info: message <b>"


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
        "follows_from": None,
    }


def test_json_names_the_place_of_the_cause_a_knock_on_follows_from() -> None:
    cause = finding(2, "TOC110")
    knock_on = replace(finding(4, "TOC204", Severity.WARNING), follows_from=cause)
    data = json.loads(Report([knock_on, cause]).to_json())
    assert [d["follows_from"] for d in data] == [
        None,
        {"file": "a.yaml", "line": 2, "col": 3, "code": "TOC110", "sheet": None},
    ]
    assert knock_on == finding(4, "TOC204")  # the cause is not part of a finding's identity


def test_a_cell_prints_as_sheet_and_cell_reference() -> None:
    cell = Finding("plan.xlsx", 7, 3, "TOC103", "n", Severity.ERROR, "m", sheet="Logic model")
    assert cell.location == "plan.xlsx:Logic model!C7"
    assert cell.format() == "plan.xlsx:Logic model!C7: TOC103 error: m"
    assert cell.place == "Logic model!C7"
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
    assert [f.line for f in report.warnings] == [2]


def test_summary_says_plainly_whether_anything_is_an_error() -> None:
    warned = Report(
        [finding(2, severity=Severity.WARNING)] * 37 + [finding(3, severity=Severity.INFO)] * 28
    )
    assert warned.summary() == "No errors: 37 warnings, 28 info."
    assert (
        Report([finding(1), finding(2, severity=Severity.WARNING)]).summary()
        == "1 error, 1 warning."
    )
    assert Report([finding(1), finding(2)]).summary() == "2 errors."
    assert Report().summary() == "No findings."


def test_an_empty_view_does_not_claim_there_are_no_findings() -> None:
    """`report.errors` of a model with only warnings used to show "No findings." in a notebook."""
    report = Report([finding(2, severity=Severity.WARNING), finding(3, severity=Severity.INFO)])
    errors = report.errors
    assert len(errors) == 0
    assert errors.summary() == "No errors (all findings: 1 warning, 1 info)."
    bundle = errors._repr_mimebundle_()
    assert "No findings" not in bundle["text/plain"] and "No findings" not in bundle["text/html"]
    assert bundle["text/plain"] == "No errors (all findings: 1 warning, 1 info)."
    assert repr(errors) == "<Report: no errors>"
    assert (
        report.for_element("y").summary()
        == "No findings about y (all findings: 1 warning, 1 info)."
    )
    assert report.warnings.errors.summary() == "No errors (all findings: 1 warning, 1 info)."
    assert Report()._repr_mimebundle_()["text/plain"] == "No findings."


def test_notebook_text_ends_in_the_summary() -> None:
    report = Report([finding(1, severity=Severity.WARNING)])
    text = report._repr_mimebundle_()["text/plain"]
    assert text.splitlines() == ["a.yaml:1:3: TOC301 warning: message <b>", "No errors: 1 warning."]
    assert report.to_html().endswith("<p>No errors: 1 warning.</p>")


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
