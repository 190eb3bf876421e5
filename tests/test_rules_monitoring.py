"""TOC308-TOC312: where the data contradicts the model, found by `validate` on its own actuals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import toc
from toc.cli import main
from toc.config import Config, ConfigError

from .helpers import check

HEAD = """\
toc: 1
id: m
title: T
kpis:
  - id: suspensions
    label: Fixed-term suspensions per 1,000 pupils
    measure: unit
    unit: suspensions per 1,000 pupils
"""
AS_OF = Config(as_of=dt.date(2025, 11, 1))

# --- TOC308 actual-moving-away -------------------------------------------------------------------


def test_the_issue_example_moving_away_from_a_lower_target() -> None:
    body = (
        "    ascending: false\n"
        "    baseline: {value: 45, year: 2023}\n"
        '    target: {value: 25, comparator: "<=", year: 2027}\n'
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 40}\n"
        "      - {period: 2025-Q2, value: 48}\n"
    )
    [finding] = check(HEAD + body, [("TOC308", 14, 9)])
    assert finding.message == (
        "KPI `suspensions` is moving away from its target: the actual for 2025-Q2 is 48, against "
        "its baseline of 45 (2023), where lower is better (target <= 25)"
    )


def test_the_latest_actual_decides_not_the_order_written() -> None:
    body = (
        "    ascending: false\n"
        "    baseline: {value: 45}\n"
        "    actuals:\n"
        "      - {period: 2025-Q2, value: 40}\n"
        "      - {period: 2025-Q1, value: 48}\n"
    )
    check(HEAD + body, [], codes=["TOC308"])
    check(HEAD + body.replace("value: 40", "value: 46"), [("TOC308", 12, 9)])


@pytest.mark.parametrize(
    ("ascending", "values", "expected"),
    [
        ("true", (50, 48), [("TOC308", 12, 9)]),
        ("true", (48, 50), []),
        ("false", (48, 50), [("TOC308", 12, 9)]),
        ("false", (50, 48), []),
        ("true", (50, 50), []),
    ],
)
def test_without_a_baseline_the_actual_before_is_the_reference(
    ascending: str, values: tuple[int, int], expected: list[tuple[str, int, int]]
) -> None:
    body = (
        f"    ascending: {ascending}\n"
        "    actuals:\n"
        f"      - {{period: 2025-Q1, value: {values[0]}}}\n"
        f"      - {{period: 2025-Q2, value: {values[1]}}}\n"
    )
    found = check(HEAD + body, expected)
    if found:
        assert f"against the actual before it, {values[0]} for 2025-Q1" in found[0].message


def test_a_single_actual_without_a_baseline_has_nothing_to_move_from() -> None:
    body = "    ascending: true\n    actuals: [{period: 2025-Q1, value: 3}]\n"
    check(HEAD + body, [], codes=["TOC308"])


def test_a_kpi_that_states_no_direction_is_not_checked() -> None:
    body = (
        "    actuals:\n      - {period: 2025-Q1, value: 50}\n      - {period: 2025-Q2, value: 40}\n"
    )
    check(HEAD + body, [], codes=["TOC308"])
    [finding] = check(HEAD + "    ascending: true\n" + body, [("TOC308", 12, 9)])
    assert "is moving the wrong way" in finding.message


def test_an_exact_target_moving_further_away() -> None:
    body = (
        "    baseline: {value: 10}\n"
        '    target: {value: 20, comparator: "="}\n'
        "    actuals: [{year: 2025, value: 31}]\n"
    )
    [finding] = check(HEAD + body, [("TOC308", 11, 15)])
    assert "where the target is exact (target = 20)" in finding.message
    check(HEAD + body.replace("value: 31", "value: 9"), [("TOC308", 11, 15)])
    check(HEAD + body.replace("value: 31", "value: 29.5"), [], codes=["TOC308"])
    check(HEAD + body.replace("value: 31", "value: 12"), [], codes=["TOC308"])


def test_each_disaggregation_is_checked_on_its_own() -> None:
    body = (
        "    ascending: true\n"
        "    baseline:\n"
        "      - {value: 30, dimensions: {sex: female}}\n"
        "      - {value: 20}\n"
        "    actuals:\n"
        "      - {year: 2025, value: 25, dimensions: {sex: female}}\n"
        "      - {year: 2025, value: 25, dimensions: {sex: male}}\n"
    )
    [finding] = check(HEAD + body, [("TOC308", 14, 9)])
    assert "`suspensions` (sex: female)" in finding.message
    assert "its baseline of 30" in finding.message


def test_counts_reported_per_period_are_added_up_before_comparing() -> None:
    """Per-period counts below the baseline are not a fall: their total so far is compared."""
    body = (
        "    ascending: true\n"
        "    cumulative: false\n"
        "    baseline: {value: 120}\n"
        "    target: {value: 400}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 30}\n"
        "      - {period: 2025-Q2, value: 25}\n"
    )
    check(HEAD + body, [], codes=["TOC308"])
    [finding] = check(
        HEAD + body.replace("cumulative: false", "cumulative: true"), [("TOC308", 15, 9)]
    )
    assert "the actual for 2025-Q2 is 25" in finding.message


# --- TOC309 target-against-direction -------------------------------------------------------------


def test_the_un_record_target_above_baseline_where_lower_is_better() -> None:
    body = "    ascending: false\n    baseline: {value: 0}\n    target: {value: 3}\n"
    [finding] = check(HEAD + body, [("TOC309", 11, 13)])
    assert "target of 3, above its baseline of 0, but lower is better (`ascending: false`)" in (
        finding.message
    )


def test_a_lower_target_with_no_direction_stated_points_at_the_default() -> None:
    body = "    baseline: {value: 45}\n    target: {value: 25}\n"
    [finding] = check(HEAD + body, [("TOC309", 10, 13)])
    assert "IATI's default is `ascending: true`" in finding.message
    check(HEAD + body + "    ascending: false\n", [], codes=["TOC309"])
    check(HEAD + body.replace("value: 25}", 'value: 25, comparator: "<="}'), [], codes=["TOC309"])


def test_a_comparator_that_contradicts_ascending() -> None:
    body = '    ascending: true\n    target:\n      - {value: 10}\n      - {value: 5, comparator: "<="}\n'
    [finding] = check(HEAD + body, [("TOC309", 12, 9)])
    assert "comparator `<=` asks for a value at most the target" in finding.message


def test_a_milestone_on_the_wrong_side_of_its_own_dimension_baseline() -> None:
    body = (
        "    ascending: true\n"
        "    baseline:\n"
        "      - {value: 50, dimensions: {sex: female}}\n"
        "      - {value: 10}\n"
        "    target:\n"
        "      - {value: 40, dimensions: {sex: female}}\n"
        "      - {value: 40}\n"
    )
    check(HEAD + body, [("TOC309", 14, 9)])


def test_exact_targets_and_missing_baselines_are_not_judged() -> None:
    check(
        HEAD + '    baseline: {value: 5}\n    target: {value: 3, comparator: "="}\n',
        [],
        codes=["TOC309"],
    )
    check(HEAD + "    ascending: false\n    target: {value: 3}\n", [], codes=["TOC309"])


def test_milestones_that_run_against_ascending() -> None:
    # `ascending: false` (fewer suspensions is better), yet the later milestone is higher.
    body = (
        "    ascending: false\n"
        "    target:\n"
        "      - {year: 2026, value: 40}\n"
        "      - {year: 2025, value: 30}\n"
    )
    [finding] = check(HEAD + body, [("TOC309", 11, 9)])
    assert "target of 40 for 2026, above its earlier milestone of 30 for 2025" in finding.message
    assert "lower is better (`ascending: false`)" in finding.message
    assert finding.element_id == "suspensions"


def test_milestones_running_down_above_the_baseline_where_higher_is_better() -> None:
    body = (
        "    ascending: true\n"
        "    baseline: {value: 2, year: 2024}\n"
        "    target:\n"
        "      - {period: 2025-Q1, value: 10}\n"
        "      - {period: 2025-Q2, value: 5}\n"
    )
    check(HEAD + body, [("TOC309", 13, 9)])


def test_milestones_are_not_judged_without_a_stated_direction_or_per_period() -> None:
    milestones = "    target:\n      - {year: 2025, value: 30}\n      - {year: 2026, value: 40}\n"
    check(HEAD + milestones, [], codes=["TOC309"])
    check(HEAD + "    ascending: true\n" + milestones, [], codes=["TOC309"])
    per_period = "    ascending: false\n    cumulative: false\n"
    check(HEAD + per_period + milestones, [], codes=["TOC309"])
    dimensions = (
        "    ascending: true\n    target:\n"
        "      - {year: 2025, value: 30, dimensions: {sex: female}}\n"
        "      - {year: 2026, value: 20, dimensions: {sex: male}}\n"
    )
    check(HEAD + dimensions, [], codes=["TOC309"])


# --- TOC310 target-passed-without-actual ---------------------------------------------------------

MILESTONES = (
    "    target:\n"
    "      - {period: 2024-25, value: 100}\n"
    "      - {period: 2025-26, value: 200}\n"
    "      - {value: 400}\n"
)


def test_a_passed_milestone_with_no_actual() -> None:
    [finding] = check(HEAD + MILESTONES, [("TOC310", 10, 9)], config=AS_OF)
    assert finding.message == (
        "KPI `suspensions` has a target for 2024-25 (100) whose period ended on 2025-03-31, and no "
        "actual is reported (as of 2025-11-01); add the actual, or `status: not-collected` if "
        "there will be none"
    )


def test_today_decides_which_milestones_have_passed() -> None:
    later = Config(as_of=dt.date(2026, 4, 1))
    check(HEAD + MILESTONES, [("TOC310", 10, 9), ("TOC310", 11, 9)], config=later)
    check(HEAD + MILESTONES, [], codes=["TOC310"], config=Config(as_of=dt.date(2025, 3, 31)))


def test_an_actual_in_the_milestones_period_answers_it() -> None:
    body = MILESTONES + "    actuals:\n      - {period: 2025-Q1, value: 90}\n"
    check(HEAD + body, [], codes=["TOC310"], config=AS_OF)


def test_an_actual_for_a_later_period_does_not_answer_an_earlier_milestone() -> None:
    body = MILESTONES + "    actuals:\n      - {period: 2025-Q2, value: 90}\n"
    check(HEAD + body, [("TOC310", 10, 9)], config=AS_OF)


@pytest.mark.parametrize(
    ("status", "expected"),
    [("tbc", [("TOC310", 10, 9)]), ("not-collected", []), ("n/a", [])],
)
def test_a_value_still_owed_is_not_an_answer(
    status: str, expected: list[tuple[str, int, int]]
) -> None:
    body = MILESTONES + f"    actuals:\n      - {{period: 2024-25, status: {status}}}\n"
    found = check(HEAD + body, expected, codes=["TOC310"], config=AS_OF)
    if found:
        assert "its actual is still `tbc`" in found[0].message


def test_a_single_dated_target_points_at_the_target_itself() -> None:
    check(HEAD + "    target: {value: 5, date: 2025-06-30}\n", [("TOC310", 9, 13)], config=AS_OF)
    check(HEAD + "    target: {value: 5}\n", [], codes=["TOC310"], config=AS_OF)


def test_as_of_in_configuration_and_on_the_command_line(tmp_path: Path) -> None:
    assert Config.build(as_of="2025-11-01").as_of == dt.date(2025, 11, 1)
    assert Config().today == dt.date.today()
    with pytest.raises(ConfigError, match="YYYY-MM-DD"):
        Config.build(as_of="1 Nov 2025")
    with pytest.raises(ConfigError, match="must be a date"):
        Config(as_of="2025-11-01")  # type: ignore[arg-type]  # deliberately wrong
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + MILESTONES, encoding="utf-8")
    assert main(["validate", str(path), "--select", "TOC310", "--as-of", "2025-03-01"]) == 0
    assert main(["validate", str(path), "--select", "TOC310", "--as-of", "2025-11-01"]) == 0
    assert main(["validate", str(path), "--as-of", "soon"]) == 2


def test_as_of_on_the_command_line_changes_the_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(HEAD + MILESTONES, encoding="utf-8")
    main(["validate", str(path), "--select", "TOC310", "--as-of", "2025-03-01"])
    assert "TOC310" not in capsys.readouterr().out
    main(["validate", str(path), "--select", "TOC310", "--as-of", "2025-11-01"])
    assert f"{path}:10:9: TOC310" in capsys.readouterr().out


# --- TOC311 actual-unit-mismatch -----------------------------------------------------------------

PERCENT = HEAD.replace(
    "measure: unit\n    unit: suspensions per 1,000 pupils\n", "measure: percentage\n"
)


@pytest.mark.parametrize(
    ("value", "expected"), [(140, [("TOC311", 9, 9)]), (-2, [("TOC311", 9, 9)]), (100, []), (0, [])]
)
def test_a_percentage_outside_0_to_100(value: int, expected: list[tuple[str, int, int]]) -> None:
    check(PERCENT + f"    actuals:\n      - {{year: 2025, value: {value}}}\n", expected)


def test_a_percentage_written_as_a_fraction_of_one() -> None:
    body = (
        "    target: {value: 90}\n"
        "    actuals:\n"
        "      - {period: 2025-Q1, value: 0.45}\n"
        "      - {period: 2025-Q2, value: 0.5}\n"
    )
    [finding] = check(PERCENT + body, [("TOC311", 10, 9)])
    assert "stores 0.45" in finding.message and "0.45 for 2025-Q1" in finding.message
    check(
        PERCENT.replace("value: 90", "value: 1") + body.replace("value: 90", "value: 1"),
        [],
        codes=["TOC311"],
    )
    check(PERCENT + body.replace("0.5}", "50}"), [], codes=["TOC311"])


def test_a_count_given_only_in_words() -> None:
    [finding] = check(
        HEAD + "    actuals: [{year: 2025, text: About forty}]\n", [("TOC311", 9, 15)]
    )
    assert "is a count, but the actual for 2025 is only in words (`About forty`)" in finding.message
    qualitative = HEAD.replace("measure: unit", "measure: qualitative")
    check(qualitative + "    actuals: [{year: 2025, text: About forty}]\n", [], codes=["TOC311"])
    check(qualitative + "    actuals: [{year: 2025, value: 3}]\n", [], codes=["TOC311"])


# --- TOC312 duplicate-actual ---------------------------------------------------------------------


def test_a_period_reported_twice_however_written() -> None:
    body = '    actuals:\n      - {year: 2025, value: 1}\n      - {period: "2025", value: 2}\n'
    [finding] = check(HEAD + body, [("TOC312", 11, 9)])
    assert "already has an actual for 2025, at line 10, column 9" in finding.message


def test_different_dimensions_or_periods_are_not_duplicates() -> None:
    body = (
        "    actuals:\n"
        "      - {year: 2025, value: 1, dimensions: {sex: female}}\n"
        "      - {year: 2025, value: 2, dimensions: {sex: male}}\n"
        "      - {year: 2025, value: 3}\n"
        "      - {period: 2025-Q1, value: 3}\n"
    )
    check(HEAD + body, [], codes=["TOC312"])


# --- all of them in validate ---------------------------------------------------------------------


def test_validate_runs_the_monitoring_rules_and_configuration_applies() -> None:
    model = toc.loads(
        HEAD + "    ascending: false\n    baseline: {value: 0}\n    target: {value: 3}\n"
    )
    assert "TOC309" in model.validate().codes()
    assert "TOC309" not in model.validate(Config.build(ignore=["TOC309"])).codes()
    [finding] = model.validate(Config.build(select=["TOC309"], severities={"TOC309": "info"}))
    assert finding.severity == "info"


def test_the_bundled_models_have_no_monitoring_findings() -> None:
    for name in ("bradford", "llr", "home_office"):
        codes = set(toc.load(name).validate().codes())
        assert not codes & {"TOC308", "TOC309", "TOC310", "TOC311", "TOC312"}, name
