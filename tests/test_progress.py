"""Progress: the arithmetic at its boundaries, the records, the roll-up, the outputs and the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toc
from toc.analysis.progress import (
    KpiProgress,
    RagThresholds,
    progress,
    rag,
    share_of_way,
    trend,
    worst,
)
from toc.cli import main
from toc.config import Config
from toc.load import LoadError
from toc.model import Target, TheoryOfChange
from toc.monitoring import Span, applicable_target, direction, parse_period

from .strategies import models

ROOT = Path(__file__).resolve().parents[1]
AS_OF = Config(as_of=dt.date(2025, 11, 1))
HEAD = """\
toc: 1
id: m
title: Monitoring
outputs:
  - id: trained
    label: Staff trained
    measured_by: [k]
kpis:
  - id: k
    label: The KPI
"""


def _model(body: str, head: str = HEAD) -> TheoryOfChange:
    return toc.loads(head + body)


def _one(body: str) -> KpiProgress:
    [record] = _model(body).progress(config=AS_OF).kpis
    return record


# --- periods and which target applies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025", "2025-01-01", "2025-12-31"),
        ("2025-Q1", "2025-01-01", "2025-03-31"),
        ("2025 q4", "2025-10-01", "2025-12-31"),
        ("Q2 2025", "2025-04-01", "2025-06-30"),
        ("2025-H2", "2025-07-01", "2025-12-31"),
        ("2025-02", "2025-02-01", "2025-02-28"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2025-06-30", "2025-06-30", "2025-06-30"),
        ("2025-26", "2025-04-01", "2026-03-31"),
        ("2025/26", "2025-04-01", "2026-03-31"),
        ("FY2025-2026", "2025-04-01", "2026-03-31"),
        ("2002-03", "2002-04-01", "2003-03-31"),
        ("2025-26 Q1", "2025-04-01", "2025-06-30"),
        ("2025/26-Q4", "2026-01-01", "2026-03-31"),
        ("Q3 2025-26", "2025-10-01", "2025-12-31"),
    ],
)
def test_named_periods(text: str, start: str, end: str) -> None:
    assert parse_period(text) == Span(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-02-30", "Q5 2025", "2025-27", "spring", "0000", ""]
)
def test_what_is_not_a_period(text: str) -> None:
    assert parse_period(text) is None


def test_the_target_that_applies_to_a_period() -> None:
    targets = [
        Target(period="2024-25", value=40),
        Target(period="2025-26", value=60),
        Target(year=2027, value=85),
    ]

    def applied(period: str) -> float | None:
        found = applicable_target(targets, parse_period(period))
        return found.value if found is not None else None

    assert applied("2025-Q2") == 60  # the milestone whose period it falls in
    assert applied("2024-Q1") == 40  # 2024-Q1 ends 31 March 2024: the next milestone ahead
    assert applied("2026-Q2") == 85  # after 2025-26, before 2027: the next one ahead
    assert applied("2029") == 85  # after them all: the last
    overall = [*targets, Target(value=100)]
    assert applicable_target(overall, parse_period("2029")) == Target(value=100)
    assert applicable_target(overall, None) == Target(value=100)
    assert applicable_target(targets, None) == Target(year=2027, value=85)
    assert applicable_target([], parse_period("2025")) is None


def test_direction_from_ascending_then_the_comparator() -> None:
    def way(body: str) -> str:
        return direction(_model(body).kpis[0])

    assert way("") == "up"  # IATI's default
    assert way("    ascending: false\n") == "down"
    assert way('    target: {value: 3, comparator: "<"}\n') == "down"
    assert way('    ascending: true\n    target: {value: 3, comparator: "<="}\n') == "up"
    assert way('    ascending: false\n    target: {value: 3, comparator: "="}\n') == "exact"
    assert way("    ascending: false\n    target: {value: 3}\n") == "down"  # `>=` by default only


# --- the share of the way and RAG at the boundaries ----------------------------------------------


@pytest.mark.parametrize(
    ("value", "share", "status"),
    [
        (100, 1.0, "green"),
        (99.999, 0.99999, "amber"),
        (120, 1.2, "green"),
        (75, 0.75, "amber"),
        (74.999, 0.74999, "red"),
        (0, 0.0, "red"),
        (-10, -0.1, "red"),
    ],
)
def test_rising_kpi_boundaries(value: float, share: float, status: str) -> None:
    found = rag(value, 0, 100, "up")
    assert found[0] == pytest.approx(share) and found[1] == status


@pytest.mark.parametrize(
    ("value", "share", "status"),
    [
        (25, 1.0, "green"),
        (20, 1.25, "green"),
        (30, 0.75, "amber"),
        (30.01, 0.7495, "red"),
        (48, -0.15, "red"),
    ],
)
def test_falling_kpi_boundaries(value: float, share: float, status: str) -> None:
    found = rag(value, 45, 25, "down")
    assert found[0] == pytest.approx(share) and found[1] == status


def test_a_share_that_rounds_below_a_threshold_still_reaches_it() -> None:
    raw = (0.75 - 0.3) / (0.9 - 0.3)
    assert raw < 0.75  # 0.7499999999999999 in floating point
    assert rag(0.75, 0.3, 0.9, "up")[1] == "amber"


def test_an_exact_target_counts_closeness() -> None:
    assert share_of_way(10, 0, 10, "exact") == 1.0
    assert share_of_way(12, 0, 10, "exact") == pytest.approx(0.8)
    assert share_of_way(8, 0, 10, "exact") == pytest.approx(0.8)
    assert rag(12.5, 0, 10, "exact") == (0.75, "amber")
    assert rag(13, 0, 10, "exact")[1] == "red"


@pytest.mark.parametrize(
    ("value", "way", "comparator", "status"),
    [
        (90, "up", ">=", "green"),
        (90, "up", ">", "red"),
        (89, "up", ">=", "red"),
        (25, "down", "<=", "green"),
        (25, "down", "<", "red"),
        (26, "down", "<=", "red"),
        (10, "exact", "=", "green"),
        (10.5, "exact", "=", "red"),
    ],
)
def test_without_a_baseline_the_target_is_met_or_not(
    value: float, way: str, comparator: str, status: str
) -> None:
    target = 10 if way == "exact" else (90 if way == "up" else 25)
    assert rag(value, None, target, way, comparator=comparator) == (None, status)  # type: ignore[arg-type]


def test_a_baseline_equal_to_the_target_leaves_no_way_to_measure() -> None:
    assert rag(50, 50, 50, "up") == (None, "green")
    assert rag(49, 50, 50, "up") == (None, "red")


def test_thresholds_are_configurable_and_checked() -> None:
    lenient = RagThresholds(green=0.9, amber=0.5)
    assert rag(90, 0, 100, "up", thresholds=lenient)[1] == "green"
    assert rag(50, 0, 100, "up", thresholds=lenient)[1] == "amber"
    assert rag(49, 0, 100, "up", thresholds=lenient)[1] == "red"
    with pytest.raises(ValueError, match="amber threshold"):
        RagThresholds(green=0.5, amber=0.9)
    with pytest.raises(ValueError, match="finite"):
        RagThresholds(green=float("nan"))
    with pytest.raises(TypeError):
        RagThresholds(green="1")  # type: ignore[arg-type]  # deliberately wrong


@given(
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.floats(-1e6, 1e6),
    st.sampled_from(["up", "down"]),
)
def test_the_share_is_linear_between_baseline_and_target(
    value: float, baseline: float, target: float, way: str
) -> None:
    share = share_of_way(value, baseline, target, way)  # type: ignore[arg-type]
    if abs(target - baseline) < 1e-6:
        return
    assert share is not None
    assert baseline + share * (target - baseline) == pytest.approx(value, abs=1e-6)


@pytest.mark.parametrize(
    ("previous", "latest", "way", "expected"),
    [
        (10, 12, "up", "improving"),
        (12, 10, "up", "worsening"),
        (12, 10, "down", "improving"),
        (10, 12, "down", "worsening"),
        (10, 10, "up", "flat"),
        (14, 11, "exact", "improving"),
        (9, 8, "exact", "worsening"),
        (8, 12, "exact", "flat"),
    ],
)
def test_trend(previous: float, latest: float, way: str, expected: str) -> None:
    assert trend(previous, latest, way, 10) == expected  # type: ignore[arg-type]
    assert trend(1, 2, "exact") is None


def test_worst_of() -> None:
    assert worst(["green", "no data"]) == "no data"
    assert worst(["green", "amber", "not yet known"]) == "amber"
    assert worst(["qualitative", "green"]) == "green"
    assert worst(["qualitative"]) == "qualitative"
    assert worst([]) is None


# --- a KPI's record ------------------------------------------------------------------------------


def test_the_issue_example_is_red_with_a_moving_away_finding() -> None:
    model = _model(
        "    measure: unit\n"
        "    unit: suspensions per 1,000 pupils\n"
        "    ascending: false\n"
        "    baseline: {value: 45, year: 2023}\n"
        '    target: {value: 25, comparator: "<=", year: 2027}\n'
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 44}\n"
        "      - {period: 2025-Q2, value: 48}\n"
    )
    result = model.progress(config=AS_OF)
    [record] = result.kpis
    assert (record.status, record.trend) == ("red", "worsening")
    assert record.share == pytest.approx(-0.15)
    assert (record.period, record.actual, record.target, record.baseline) == ("2025-Q2", 48, 25, 45)
    assert record.note == (
        "the actual for 2025-Q2 is 48, against a target of <= 25 (2027), from a baseline of 45: "
        "-15% of the way"
    )
    assert [f.format() for f in result.findings] == [
        "<string>:18:9: TOC308 warning: KPI `k` is moving away from its target: the actual for 2025-Q2 is 48, "
        "against its baseline of 45 (2023), where lower is better (target <= 25)"
    ]
    assert result.element("trained") is not None
    assert result.element("trained").status == "red"  # type: ignore[union-attr]


def test_counts_per_period_are_added_up_and_running_totals_are_not() -> None:
    body = (
        "    measure: unit\n"
        "    unit: staff trained\n"
        "    cumulative: {cumulative}\n"
        "    baseline: {{value: 0}}\n"
        "    target: {{value: 100}}\n"
        "    actuals:\n"
        "      - {{period: 2025-Q1, value: 30}}\n"
        "      - {{period: 2025-Q2, value: 30}}\n"
        "      - {{period: 2025-Q3, value: 20}}\n"
    )
    per_period = _one(body.format(cumulative="false"))
    assert (per_period.actual, per_period.compared, per_period.status) == (20, 80, "amber")
    assert [p.compared for p in per_period.values] == [30, 60, 80]
    running = _one(body.format(cumulative="true"))
    assert (running.actual, running.compared, running.status) == (20, 20, "red")
    unsaid = _one(body.replace("    cumulative: {cumulative}\n", "").format())
    assert unsaid.compared == 20
    percentage = _one(
        body.replace("measure: unit", "measure: percentage").format(cumulative="false")
    )
    assert percentage.compared == 20


def test_a_gap_in_counts_per_period_makes_the_total_unknown() -> None:
    body = (
        "    measure: unit\n"
        "    unit: staff trained\n"
        "    cumulative: false\n"
        "    target: {value: 100}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 30}\n"
        "      - {period: 2025-Q2, status: STATUS}\n"
        "      - {period: 2025-Q3, value: 20}\n"
    )
    gap = _one(body.replace("STATUS", "tbc"))
    assert (gap.compared, gap.status) == (None, "not yet known")
    assert "the total so far is not known" in gap.note and "2025-Q2: `tbc`" in gap.note
    nothing = _one(body.replace("STATUS", "n/a"))
    assert (nothing.compared, nothing.status) == (50, "red")


@pytest.mark.parametrize(
    ("actuals", "status", "note"),
    [
        ("", "no data", "no actual is reported yet"),
        ("    actuals: [{period: 2025-Q1, status: tbc}]\n", "not yet known", "is `tbc`"),
        ("    actuals: [{period: 2025-Q1, status: n/a}]\n", "not yet known", "is `n/a`"),
        ("    actuals: [{period: 2025-Q1, text: Most schools}]\n", "qualitative", "in words"),
    ],
)
def test_values_that_cannot_be_scored(actuals: str, status: str, note: str) -> None:
    record = _one("    measure: percentage\n    target: {value: 90}\n" + actuals)
    assert record.status == status and note in record.note
    assert record.share is None


def test_a_qualitative_kpi_is_shown_in_words_never_asked_for_a_number() -> None:
    record = _one(
        "    measure: qualitative\n"
        "    target: {text: Every school has a named lead.}\n"
        "    actuals: [{year: 2025, text: Half of the schools have named a lead.}]\n"
    )
    assert record.status == "qualitative"
    assert record.note == "reported in words for 2025: Half of the schools have named a lead."
    assert "number" not in record.note and "value" not in record.note


def test_a_number_without_a_target_value() -> None:
    record = _one("    target: {status: tbc}\n    actuals: [{year: 2025, value: 3}]\n")
    assert record.status == "no target"
    assert record.note == "the actual for 2025 is 3, with no target value to compare it to"


def test_the_latest_period_decides_whatever_the_order_written() -> None:
    record = _one(
        "    baseline: {value: 0}\n"
        "    target: {value: 100}\n"
        "    actuals:\n"
        "      - {period: 2025-Q3, value: 80}\n"
        "      - {period: 2025-Q1, value: 20}\n"
        "      - {period: 2025-Q2, status: tbc}\n"
    )
    assert [p.period for p in record.values] == ["2025-Q1", "2025-Q2", "2025-Q3"]
    assert [p.status for p in record.values] == ["red", "not yet known", "amber"]
    assert (record.period, record.status, record.trend) == ("2025-Q3", "amber", "improving")


def test_milestones_apply_period_by_period() -> None:
    record = _one(
        "    baseline: {value: 0}\n"
        "    target:\n"
        "      - {period: 2024-25, value: 40}\n"
        "      - {period: 2025-26, value: 80}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 40}\n"
        "      - {period: 2025-Q2, value: 60}\n"
    )
    assert [(p.target, p.target_period, p.status) for p in record.values] == [
        (40, "2024-25", "green"),
        (80, "2025-26", "amber"),
    ]


def test_dimensions_give_a_record_each_and_the_overall_figure_rolls_up() -> None:
    body = (
        "    baseline:\n"
        "      - {value: 0}\n"
        "      - {value: 50, dimensions: {sex: female}}\n"
        "    target: {value: 100}\n"
        "    actuals:\n"
        "      - {year: 2025, value: 100}\n"
        "      - {year: 2025, value: 60, dimensions: {sex: female}}\n"
        "      - {year: 2025, value: 80, dimensions: {sex: male}}\n"
    )
    result = _model(body).progress(config=AS_OF)
    assert [(r.name, r.baseline, r.share, r.status) for r in result.kpis] == [
        ("k", 0, 1.0, "green"),
        ("k [sex=female]", 50, pytest.approx(0.2), "red"),
        ("k [sex=male]", 0, pytest.approx(0.8), "amber"),
    ]
    assert result.element("trained").status == "green"  # type: ignore[union-attr]
    without_overall = _model(body.replace("      - {year: 2025, value: 100}\n", ""))
    assert without_overall.progress(config=AS_OF).element("trained").status == "red"  # type: ignore[union-attr]


def test_the_roll_up_takes_the_worst_and_unknowns_are_not_green() -> None:
    model = toc.loads(
        """\
toc: 1
id: m
title: Roll-up
outputs:
  - id: a
    label: A
    measured_by: [good, unknown]
  - id: b
    label: B
    measured_by: [good, poor, unknown]
  - id: c
    label: C
    measured_by: [words]
  - id: d
    label: D
kpis:
  - id: good
    label: Good
    target: {value: 1}
    actuals: [{year: 2025, value: 1}]
  - id: poor
    label: Poor
    target: {value: 1}
    actuals: [{year: 2025, value: 0}]
  - id: unknown
    label: Unknown
    target: {value: 1}
  - id: words
    label: Words
    measure: qualitative
    actuals: [{year: 2025, text: Fine.}]
"""
    )
    result = model.progress(config=AS_OF)
    assert [(e.id, e.status) for e in result.elements] == [
        ("a", "no data"),
        ("b", "red"),
        ("c", "qualitative"),
    ]
    assert dict(result.element("b").kpis) == {"good": "green", "poor": "red", "unknown": "no data"}  # type: ignore[union-attr]
    assert result.counts() == {"red": 1, "no data": 1, "green": 1, "qualitative": 1}


# --- the model's actuals and a file's together ---------------------------------------------------


def test_the_file_wins_for_the_same_period_and_the_rest_are_combined(tmp_path: Path) -> None:
    model = _model(
        "    baseline: {value: 0}\n"
        "    target: {value: 100}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 40}\n"
        "      - {period: 2025-Q2, value: 50}\n"
    )
    data = tmp_path / "data.csv"
    data.write_text("kpi,period,value\nk,2025-Q2,70\nk,2025-Q3,90\n", encoding="utf-8")
    [record] = model.progress(data, config=AS_OF).kpis
    assert [(p.period, p.value, p.source) for p in record.values] == [
        ("2025-Q1", 40, "model"),
        ("2025-Q2", 70, f"{data}:2:3"),
        ("2025-Q3", 90, f"{data}:3:3"),
    ]


def test_file_data_is_checked_by_the_monitoring_rules_at_its_cells(tmp_path: Path) -> None:
    model = _model(
        "    measure: percentage\n"
        "    ascending: true\n"
        "    baseline: {value: 50}\n"
        "    target:\n"
        "      - {value: 70, period: 2023-24}\n"
        "      - {value: 90, period: 2025-26}\n"
    )
    data = tmp_path / "data.csv"
    data.write_text(
        "kpi,period,value,unit\nk,2025-Q1,40,%\nk,2025-Q2,140,%\nk,2025-Q3,45,people\nx,2025,1,\n",
        encoding="utf-8",
    )
    result = model.progress(data, config=AS_OF)
    codes = {(f.code, f.location) for f in result.findings}
    assert codes == {
        ("TOC310", "<string>:15:9"),
        ("TOC026", f"{data}:5:1"),
        ("TOC311", f"{data}:3:3"),
        ("TOC308", f"{data}:4:3"),
        ("TOC311", f"{data}:4:3"),
    }
    unit = next(f for f in result.findings if f.code == "TOC311" and f.line == 4)
    assert "is in `people`, but the KPI is a percentage" in unit.message


def test_duplicates_in_the_model_are_reported_and_the_first_is_used() -> None:
    model = _model("    actuals:\n      - {year: 2025, value: 1}\n      - {year: 2025, value: 2}\n")
    result = model.progress(config=AS_OF)
    assert [p.value for p in result.kpis[0].values] == [1]
    assert [(f.code, f.line) for f in result.findings] == [("TOC312", 13)]


def test_configuration_selects_and_grades_the_findings(tmp_path: Path) -> None:
    model = _model("    ascending: false\n    baseline: {value: 0}\n    target: {value: 3}\n")
    assert [f.code for f in model.progress().findings] == ["TOC309"]
    assert list(model.progress(config=Config.build(ignore=["TOC309"])).findings) == []
    [finding] = model.progress(config=Config.build(severities={"TOC309": "info"})).findings
    assert finding.severity == "info"


# --- outputs -------------------------------------------------------------------------------------

HOSTILE = (
    '    label: "Share | <b>bold</b> \\u001b[31m"\n'
    "    measure: qualitative\n"
    '    actuals: [{year: 2025, text: "=HYPERLINK(\\"http://x\\") \\u001b[31m"}]\n'
)


def test_text_markdown_json_and_csv_escape_user_text() -> None:
    model = toc.loads(HEAD.replace("    label: The KPI\n", "") + HOSTILE)
    result = model.progress(config=AS_OF)
    assert "\x1b" not in result.to_text() and "\\x1b[31m" in result.to_text()
    markdown = result.to_markdown()
    assert "Share \\| \\<b\\>bold\\</b\\>" in markdown and "\x1b" not in markdown
    assert "\\u001b" in result.to_json() and json.loads(result.to_json())["kpis"][0]["label"] == (
        "Share | <b>bold</b> \x1b[31m"
    )
    [row] = list(csv.DictReader(io.StringIO(result.to_csv())))
    assert row["text"].startswith("'=HYPERLINK")


def test_to_dicts_and_the_frame() -> None:
    model = _model(
        "    baseline: {value: 0}\n"
        "    target: {value: 100}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 40}\n"
        "      - {period: 2025-Q2, value: 80, dimensions: {ward: north}}\n"
    )
    result = model.progress(config=AS_OF)
    [overall, north] = result.to_dicts()
    assert overall["status"] == "red" and north["dimensions"] == {"ward": "north"}
    assert overall["values"][0]["start"] == "2025-01-01"
    frame = result.to_frame()
    assert list(frame["kpi"]) == ["k", "k"] and list(frame["dimensions"]) == ["", "ward=north"]
    assert list(frame["status"]) == ["red", "amber"] and "values" not in frame.columns
    periods = result.to_frame(by="period")
    assert list(periods["period"]) == ["2025-Q1", "2025-Q2"]
    with pytest.raises(ValueError, match="by is"):
        result.to_frame(by="element")  # type: ignore[arg-type]
    assert repr(result) == "<Progress of 'm' as of 2025-11-01: 1 KPI, 2 figures: 1 red, 1 amber>"


def test_progress_takes_what_the_reader_returned(tmp_path: Path) -> None:
    from toc.io.actuals import read_actuals

    model = _model("    target: {value: 10}\n")
    data = tmp_path / "data.csv"
    data.write_text("kpi,period,value\nk,2025,12\n", encoding="utf-8")
    assert progress(model, read_actuals(data, model), config=AS_OF).kpis[0].status == "green"
    assert progress(model, str(data), config=AS_OF).kpis[0].status == "green"


# --- the command line ----------------------------------------------------------------------------

EXAMPLE = ROOT / "examples" / "bradford-actuals.csv"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_the_bradford_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(
        capsys, "progress", "bradford", "--actuals", str(EXAMPLE), "--as-of", "2025-11-01"
    )
    assert status == 0
    assert out.startswith("Progress of bradford-atr as of 2025-11-01")
    assert "kpi-feedback-good" in out and "kpi-training-participants [sector=health]" in out
    assert err.strip().endswith("no findings")


def test_formats(capsys: pytest.CaptureFixture[str]) -> None:
    base = ("progress", "bradford", "--actuals", str(EXAMPLE), "--as-of", "2025-11-01")
    status, out, err = run(capsys, *base, "--format", "json")
    data = json.loads(out)
    assert status == 0 and err == ""
    assert data["as_of"] == "2025-11-01" and data["thresholds"] == {"green": 1.0, "amber": 0.75}
    assert {e["id"] for e in data["elements"]} >= {"trauma-informed-workforce"}
    status, out, _ = run(capsys, *base, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["kpi"] == "kpi-assurance-green" and rows[0]["status"] == "red"
    status, out, _ = run(capsys, *base, "--format", "markdown")
    assert "| KPI | Period | Actual |" in out


def test_thresholds_change_the_colours(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        HEAD
        + "    baseline: {value: 0}\n    target: {value: 100}\n    actuals: [{year: 2025, value: 80}]\n",
        encoding="utf-8",
    )
    assert "amber" in run(capsys, "progress", str(path))[1]
    assert "green" in run(capsys, "progress", str(path), "--green", "0.8")[1]
    assert "red" in run(capsys, "progress", str(path), "--amber", "0.9", "--green", "0.95")[1]


def test_exit_statuses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        HEAD
        + "    baseline: {value: 0}\n    target: {value: 100}\n    actuals: [{year: 2025, value: 80}]\n",
        encoding="utf-8",
    )
    assert run(capsys, "progress", str(path))[0] == 0
    assert run(capsys, "progress", str(path), "--fail-on", "red")[0] == 0
    assert run(capsys, "progress", str(path), "--fail-on", "amber")[0] == 1
    bad_rows = tmp_path / "data.csv"
    bad_rows.write_text("kpi,period,value\nk,Q5,3\n", encoding="utf-8")
    status, _, err = run(capsys, "progress", str(path), "--actuals", str(bad_rows))
    assert status == 1 and f"{bad_rows}:2:2: TOC014" in err
    repeated = tmp_path / "repeated.csv"
    repeated.write_text("kpi,period,value\nk,2025,3\nk,2025,4\n", encoding="utf-8")
    status, _, err = run(capsys, "progress", str(path), "--actuals", str(repeated))
    assert status == 1 and f"{repeated}:3:3: TOC312" in err
    unreadable = tmp_path / "data.xlsx"
    unreadable.write_bytes(b"not a workbook")
    status, out, err = run(capsys, "progress", str(path), "--actuals", str(unreadable))
    assert status == 2 and out == "" and "TOC015" in err
    assert run(capsys, "progress", str(tmp_path / "absent.yaml"))[0] == 2
    status, _, err = run(capsys, "progress", str(path), "--as-of", "tomorrow")
    assert status == 2 and "YYYY-MM-DD" in err
    status, _, err = run(capsys, "progress", str(path), "--green", "0.5")
    assert status == 2 and "amber threshold" in err
    assert run(capsys, "progress", str(path), "--green", "nan")[0] == 2


def test_as_of_decides_what_has_passed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + "    target: {value: 10, period: 2024-25}\n", encoding="utf-8")
    assert "TOC310" not in run(capsys, "progress", str(path), "--as-of", "2025-03-01")[2]
    assert "TOC310" in run(capsys, "progress", str(path), "--as-of", "2025-11-01")[2]


def test_actual_and_model_from_a_spreadsheet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tests.io.helpers import workbook

    model = tmp_path / "m.yaml"
    model.write_text(HEAD + "    target: {value: 10}\n", encoding="utf-8")
    data = workbook(
        tmp_path / "data.xlsx", [["kpi", "period", "value"], ["kk", "2025", 3]], title="Q"
    )
    status, _, err = run(capsys, "progress", str(model), "--actuals", str(data))
    assert (
        status == 1
        and f"{data}:Q!A2: TOC026 error: the model has no KPI `kk`; did you mean `k`?" in err
    )


def test_the_output_in_docs_monitoring_is_current() -> None:
    """Regenerate with `python -m tests.regenerate`."""
    from .regenerate import monitoring_doc_text

    committed = (ROOT / "docs" / "monitoring.md").read_text(encoding="utf-8")
    assert "14 KPIs" not in committed
    assert committed == monitoring_doc_text()


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_values_that_are_not_finite_are_refused_when_the_model_is_read(value: str) -> None:
    body = f"    measure: percentage\n    actuals:\n      - {{period: 2025-Q2, value: {value}}}\n"
    with pytest.raises(LoadError) as raised:
        _model(body)
    assert raised.value.report.codes() == ["TOC104"]


@pytest.mark.parametrize("value", ["1" + "0" * 400, "-" + "9" * 400])
def test_values_no_target_can_be_compared_with_are_reported_not_raised(value: str) -> None:
    body = (
        "    measure: percentage\n"
        "    ascending: true\n"
        f"    baseline: {{value: {value}}}\n"
        f"    target: {{value: {value}}}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 40}\n"
        f"      - {{period: 2025-Q2, value: {value}}}\n"
    )
    model = _model(body)
    codes = model.validate(AS_OF).codes()
    assert "TOC311" in codes
    result = model.progress(config=AS_OF)
    [record] = result.kpis
    assert record.status == "not yet known" and record.share is None
    assert json.loads(result.to_json())["kpis"][0]["values"][1]["value"] is not None
    assert result.to_text() and result.to_markdown() and result.to_csv()
    assert len(max(result.to_text().splitlines(), key=len)) < 300


@given(models(), st.dates())
def test_progress_of_any_model_is_computed_and_printed(
    model: TheoryOfChange, today: dt.date
) -> None:
    result = model.progress(config=Config(as_of=today))
    assert {record.kpi for record in result.kpis} == {kpi.id for kpi in model.kpis}
    for record in result.kpis:
        assert record.status == (record.values[-1].status if record.values else "no data")
    assert json.loads(result.to_json())["as_of"] == today.isoformat()
    assert result.to_text() and result.to_markdown() and result.to_csv()
