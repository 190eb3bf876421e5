"""KPI targets and actuals per period: milestones, unknown values, dimensions, qualitative words."""

from __future__ import annotations

import datetime as dt

import pytest

import toc
from toc.load import read_text
from toc.model import Actual, Baseline, Kpi, Target

from .helpers import check

HEAD = """\
toc: 1
id: m
title: T
kpis:
  - id: reach
    label: Share of schools reached
    measure: percentage
"""


def _kpi(body: str) -> Kpi:
    model = toc.loads(HEAD + body)
    [kpi] = model.kpis
    return kpi


def test_a_single_target_still_loads_and_reads_as_one_of_many() -> None:
    kpi = _kpi("    target: {value: 90}\n")
    assert kpi.target == Target(value=90)
    assert kpi.targets == (Target(value=90),)
    assert kpi.baselines == ()


def test_milestones_are_a_list_of_targets_with_periods() -> None:
    kpi = _kpi(
        "    target:\n"
        "      - {period: 2024-25, value: 40}\n"
        "      - {period: 2025-26, value: 60, comment: After the second cohort.}\n"
        "      - {year: 2027, value: 85, comparator: '>'}\n"
    )
    assert [(t.period, t.year, t.value, t.comparator) for t in kpi.targets] == [
        ("2024-25", None, 40, ">="),
        ("2025-26", None, 60, ">="),
        (None, 2027, 85, ">"),
    ]
    assert kpi.targets[1].comment == "After the second cohort."


def test_iati_periods_have_a_start_and_an_end() -> None:
    kpi = _kpi(
        "    target: {start: 2025-04-01, end: 2026-03-31, value: 60}\n"
        "    actuals:\n"
        "      - {start: 2025-04-01, end: 2025-06-30, period: 2025-Q2, value: 41}\n"
    )
    assert (kpi.targets[0].start, kpi.targets[0].end) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert kpi.actuals == [
        Actual(start=dt.date(2025, 4, 1), end=dt.date(2025, 6, 30), period="2025-Q2", value=41)
    ]


def test_a_period_that_ends_before_it_starts_is_refused_at_the_value() -> None:
    [finding] = check(
        HEAD + "    target: {start: 2026-01-01, end: 2025-01-01, value: 1}\n", [("TOC104", 8, 13)]
    )
    assert "starts (2026-01-01) after it ends (2025-01-01)" in finding.message


def test_values_not_yet_known_have_a_status_instead_of_a_number() -> None:
    kpi = _kpi(
        "    baseline: {status: not-collected, year: 2024}\n"
        "    target: [{year: 2026, status: tbc}]\n"
        "    actuals: [{period: 2025-Q1, status: n/a}]\n"
    )
    assert kpi.baselines[0].status == "not-collected"
    assert kpi.targets[0].status == "tbc" and kpi.targets[0].value is None
    assert kpi.actuals[0].status == "n/a"


def test_a_status_with_a_value_is_a_contradiction() -> None:
    [finding] = check(HEAD + "    actuals: [{value: 3, status: tbc}]\n", [("TOC104", 8, 15)])
    assert "status `tbc` has no `value`" in finding.message


def test_an_unknown_status_suggests_the_closest() -> None:
    [finding] = check(HEAD + "    target: {status: tba}\n", [("TOC104", 8, 22)])
    assert "did you mean `tbc`" in finding.message


def test_dimensions_disaggregate_a_value() -> None:
    kpi = _kpi(
        "    baseline:\n"
        "      - {year: 2024, value: 31, dimensions: {sex: female}}\n"
        "      - {year: 2024, value: 27, dimensions: {sex: male}}\n"
        "    actuals:\n"
        "      - {year: 2025, value: 12, dimensions: {sex: female, age group: 15-24}}\n"
    )
    assert [b.dimensions for b in kpi.baselines] == [{"sex": "female"}, {"sex": "male"}]
    assert kpi.baselines[1] == Baseline(year=2024, value=27, dimensions={"sex": "male"})
    assert kpi.actuals[0].dimensions == {"sex": "female", "age group": "15-24"}


def test_a_dimension_value_that_yaml_reads_as_a_number_must_be_quoted() -> None:
    [finding] = check(HEAD + "    target: {value: 1, dimensions: {age: 18}}\n", [("TOC103", 8, 42)])
    assert 'put it in quotes ("18")' in finding.message


def test_a_mistake_inside_one_of_several_targets_points_at_it() -> None:
    text = HEAD + "    target:\n      - {value: 40}\n      - {value: 60, yeer: 2026}\n"
    [finding] = check(text, [("TOC101", 10, 21)])
    assert "did you mean `year`" in finding.message


def test_qualitative_kpis_carry_words() -> None:
    model = toc.loads(
        HEAD.replace("measure: percentage", "measure: qualitative")
        + "    baseline: {year: 2024, text: Schools do not talk about trauma.}\n"
        + "    target: {year: 2027, text: Every school has a named trauma lead.}\n"
        + "    actuals: [{year: 2025, text: Half the schools have named a lead.}]\n"
    )
    [kpi] = model.kpis
    assert kpi.is_qualitative
    assert kpi.targets[0].text == "Every school has a named trauma lead."
    assert not {"TOC303", "TOC304"} & set(model.validate().codes())


def test_cumulative_and_aggregation_status_are_separate_facts() -> None:
    kpi = _kpi("    cumulative: true\n    aggregation_status: false\n")
    assert (kpi.cumulative, kpi.aggregation_status) == (True, False)


# --- TOC303 / TOC304 ----------------------------------------------------------------------


def _messages(body: str, code: str, head: str = HEAD) -> list[str]:
    return [f.message for f in toc.loads(head + body).validate() if f.code == code]


def test_any_milestone_with_a_value_is_a_target() -> None:
    body = "    target: [{period: 2024-25, status: tbc}, {year: 2027, value: 85}]\n"
    assert _messages(body, "TOC303") == []


def test_a_target_not_yet_known_is_reported_as_such() -> None:
    [message] = _messages("    target: [{year: 2026, status: tbc}]\n", "TOC303")
    assert "the target is `tbc` (to be confirmed)" in message
    assert "add `target" not in message


def test_a_baseline_not_collected_is_reported_as_such() -> None:
    [message] = _messages("    baseline: {status: not-collected}\n", "TOC304")
    assert "the baseline is `not-collected` (not collected)" in message


def test_a_numeric_kpi_with_only_words_still_lacks_a_target_value() -> None:
    [message] = _messages("    target: {text: Most schools}\n", "TOC303")
    assert "only in words" in message and "measure: qualitative" in message


def test_a_qualitative_kpi_is_asked_for_words_never_a_number() -> None:
    head = HEAD.replace("measure: percentage", "measure: qualitative")
    [target] = _messages("", "TOC303", head)
    [baseline] = _messages("", "TOC304", head)
    assert "`target: {text: ...}`" in target and "value" not in target
    assert "`baseline: {text: ...}`" in baseline and "value" not in baseline


def test_a_qualitative_kpi_with_a_number_has_a_target_too() -> None:
    head = HEAD.replace("measure: percentage", "measure: qualitative")
    assert _messages("    target: {value: 3}\n", "TOC303", head) == []


def test_findings_about_a_written_target_point_at_it() -> None:
    check(HEAD + "    target: [{year: 2026, status: tbc}]\n", [("TOC303", 8, 13)], codes=["TOC303"])
    check(HEAD, [("TOC303", 5, 5)], codes=["TOC303"])


@pytest.mark.parametrize(
    "body",
    [
        "    target: {value: 90, comparator: '>'}\n",
        "    target: [{period: 2024-25, value: 40}, {year: 2027, value: 85.5}]\n",
        "    baseline: [{year: 2024, value: 31, dimensions: {sex: female}}, {year: 2024, status: tbc}]\n",
        "    target: {start: 2025-04-01, end: 2026-03-31, text: Most, status: null}\n",
        "    actuals: [{date: 2025-06-30, value: 41, comment: Provisional.}]\n    cumulative: false\n",
    ],
)
def test_the_new_fields_round_trip_through_yaml(body: str) -> None:
    model = toc.loads(HEAD + body)
    text = toc.dumps(model)
    result = read_text(text, name="again.yaml")
    assert result.findings == []
    assert result.model == model
    assert toc.dumps(result.model) == text


def test_a_single_target_is_written_back_as_a_mapping() -> None:
    text = toc.dumps(toc.loads(HEAD + "    target: {value: 90}\n"))
    assert "target: {value: 90}" in text
