"""TOC3xx: every activity is evidenced by a measurable KPI; KPIs say what is missing."""

from __future__ import annotations

import pytest

from toc.config import Config

from .helpers import check, findings_of

BASE = """\
toc: 1
id: m
title: T
activities:
  - id: train
    label: Train
    produces: [trained, materials]
outputs:
  - id: trained
    label: Trained
    measured_by: [feedback]
    leads_to: [resilience]
  - id: materials
    label: Materials
outcomes:
  - id: resilience
    label: Resilience
    term: short
    measured_by: [score]
kpis:
  - id: feedback
    label: Feedback
    measure: percentage
  - id: score
    label: Score
    measure: ordinal
"""


def test_activity_with_measurable_kpi_on_an_output_passes() -> None:
    check(BASE, [], codes=["TOC301"])


def test_kpi_on_the_activity_itself_counts() -> None:
    text = BASE.replace("    measured_by: [feedback]\n", "").replace(
        "    produces: [trained, materials]\n",
        "    produces: [trained, materials]\n    measured_by: [feedback]\n",
    )
    check(text, [], codes=["TOC301"])


def test_activity_without_any_kpi_names_what_was_checked() -> None:
    [finding] = check(BASE.replace("    measured_by: [feedback]\n", ""), [("TOC301", 5, 5)])
    assert "`train`" in finding.message and "`trained`, `materials`" in finding.message
    assert "no KPI is linked" in finding.message


def test_kpi_without_measure_does_not_count() -> None:
    [finding] = check(BASE.replace("    measure: percentage\n", ""), [("TOC301", 5, 5)])
    assert "`feedback` has no measure" in finding.message


def test_qualitative_kpi_does_not_count() -> None:
    check(BASE.replace("measure: percentage", "measure: qualitative"), [("TOC301", 5, 5)])


def test_activity_that_produces_nothing() -> None:
    text = BASE.replace("    produces: [trained, materials]\n", "")
    [finding] = check(text, [("TOC301", 5, 5)])
    assert "produces no outputs" in finding.message


def test_configuration_can_demand_a_target() -> None:
    strict = Config.build(kpi_requires=["target", "data-source"])
    [finding] = check(BASE, [("TOC301", 5, 5)], config=strict)
    assert "no target value, no data source" in finding.message
    assert "measure and target value and data source" in finding.message
    met = BASE.replace(
        "    measure: percentage\n",
        "    measure: percentage\n    target: {value: 90}\n    data_source: survey\n",
    )
    check(met, [], codes=["TOC301"], config=strict)


def test_configuration_can_accept_downstream_kpis() -> None:
    text = BASE.replace("    measured_by: [feedback]\n", "")
    check(text, [("TOC301", 5, 5)])
    check(text, [], codes=["TOC301"], config=Config.build(kpi_reach="downstream"))


def test_unmeasured_output_is_ignored_when_another_output_is_measured() -> None:
    check(BASE, [], codes=["TOC301"])


@pytest.mark.parametrize(
    ("code", "field"),
    [
        ("TOC303", "target"),
        ("TOC304", "baseline"),
        ("TOC305", "data source"),
        ("TOC306", "frequency"),
    ],
)
def test_each_missing_kpi_field_has_its_own_code(code: str, field: str) -> None:
    found = check(BASE, [(code, 21, 5), (code, 24, 5)])
    assert all(field in f.message for f in found)


def test_missing_measure_and_missing_unit() -> None:
    text = BASE.replace("measure: percentage", "measure: unit").replace(
        "    measure: ordinal\n", ""
    )
    unit, measure = check(text, [("TOC302", 23, 14), ("TOC302", 24, 5)])
    assert "what is counted" in unit.message
    assert "no measure" in measure.message


def test_complete_kpi_has_no_kpi_findings() -> None:
    text = BASE.replace(
        "    measure: percentage\n",
        "    measure: percentage\n    baseline: {value: 70, year: 2024}\n"
        "    target: {value: 90}\n    data_source: survey\n    frequency: quarterly\n",
    )
    kpi_codes = ["TOC302", "TOC303", "TOC304", "TOC305", "TOC306"]
    found = findings_of(text)
    assert [f.code for f in found if f.element_id == "feedback" and f.code in kpi_codes] == []
    assert [(f.code, f.line) for f in found if f.element_id == "score" and f.code in kpi_codes] == [
        ("TOC303", 28),
        ("TOC304", 28),
        ("TOC305", 28),
        ("TOC306", 28),
    ]


def test_outcome_and_impact_without_kpi() -> None:
    text = BASE.replace("    measured_by: [score]\n", "") + "impacts:\n  - id: i\n    label: I\n"
    check(text, [("TOC307", 16, 5), ("TOC307", 27, 5)])


def test_a_count_without_a_unit_is_not_measurable() -> None:
    text = BASE.replace("measure: percentage", "measure: unit")
    [finding] = check(text, [("TOC301", 5, 5)])
    assert "`feedback` has a count with no unit" in finding.message
    check(text.replace("measure: unit", "measure: unit\n    unit: people"), [], codes=["TOC301"])


QUALITATIVE = BASE.replace("measure: percentage", "measure: qualitative")


def test_a_qualitative_kpi_is_not_told_it_has_no_measure() -> None:
    [toc302] = check(QUALITATIVE, [("TOC302", 23, 14)], codes=["TOC302"])
    assert "is qualitative" in toc302.message
    assert "no measure" not in toc302.message and "add `measure: unit`" not in toc302.message
    [toc301] = check(QUALITATIVE, [("TOC301", 5, 5)])
    assert "`feedback` has `measure: qualitative`" in toc301.message
    assert "has no measure" not in toc301.message


def test_a_qualitative_kpi_is_asked_for_words_never_numbers() -> None:
    strict = Config.build(kpi_requires=["target", "baseline"])
    [toc301] = check(QUALITATIVE, [("TOC301", 5, 5)], config=strict)
    assert "no target, no baseline" in toc301.message and "no target value" not in toc301.message
    pending = QUALITATIVE.replace(
        "    measure: qualitative\n",
        "    measure: qualitative\n    target: {status: tbc}\n    baseline: {year: 2024}\n",
    )
    found = {f.code: f for f in findings_of(pending) if f.element_id == "feedback"}
    assert "`tbc`" in found["TOC303"].message and "in words" in found["TOC303"].message
    assert "value" not in found["TOC303"].message
    assert "no baseline in words" in found["TOC304"].message
    assert "value" not in found["TOC304"].message
