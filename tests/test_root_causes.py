"""Knock-on findings are linked to the finding they follow from (toc/rules/causes.py)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import toc
from toc.config import Config
from toc.findings import Finding, Report, Severity
from toc.load import read_text
from toc.model import TheoryOfChange
from toc.shipped import model_file

from .strategies import models

CHAIN = """\
toc: 1
id: m
title: One chain
activities:
  - id: train
    label: Train staff
    produces: [PRODUCES]
outputs:
  - id: trained
    label: Trained staff
    leads_to: [LEADS_TO]
    measured_by: [MEASURED_BY]
kpis:
  - {id: k1, label: Staff trained, measure: unit, unit: staff, target: {value: 10}, baseline: {value: 0, year: 2024}, data_source: register, frequency: quarterly}
  - {id: k2, label: Care rated good, measure: percentage, target: {value: 80}, baseline: {value: 60, year: 2024}, data_source: survey, frequency: yearly}
  - {id: k3, label: Health index, measure: percentage, target: {value: 70}, baseline: {value: 50, year: 2024}, data_source: survey, frequency: yearly}
outcomes:
  - id: better
    label: Better care
    term: short
    leads_to: [impact]
    measured_by: [k2]
impacts:
  - id: impact
    label: Healthier people
    measured_by: [k3]
"""


def report_of(text: str, config: Config | None = None) -> Report:
    result = read_text(textwrap.dedent(text), name="model.yaml")
    assert result.model is not None, result.report.to_text()
    return result.model.validate(config)


def followers(report: Report, cause: Finding) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in report if f.follows_from is cause]


def only(report: Report, code: str) -> Finding:
    [found] = [f for f in report if f.code == code]
    return found


def bradford_with_a_shared_id() -> str:
    """Bradford with an activity and an output both called `staff-training` (the issue's case)."""
    text = model_file("bradford").read_text(encoding="utf-8")
    for old in ("id: practitioner-training", "id: trauma-informed-workforce"):
        text = text.replace(old, "id: staff-training")
    return text.replace("to: trauma-informed-workforce", "to: staff-training")


def test_a_shared_id_gathers_everything_it_distorts() -> None:
    report = report_of(bradford_with_a_shared_id())
    duplicate = only(report, "TOC110")
    assert duplicate.line == 245
    assert followers(report, duplicate) == [
        ("TOC204", 167),  # the activity "produces" itself, so produces nothing
        ("TOC301", 167),
        ("TOC201", 182),  # produces: [staff-training] now points at an activity
        ("TOC202", 182),  # ... and at itself
        ("TOC203", 345),  # the left-out output's five KPIs lose their only link
        ("TOC203", 352),
        ("TOC203", 364),
        ("TOC203", 376),
        ("TOC203", 388),
    ]
    unrelated = [f for f in report if f.follows_from is None and f is not duplicate]
    assert {f.code for f in unrelated} == {
        "TOC302",
        "TOC303",
        "TOC304",
        "TOC305",
        "TOC306",
        "TOC307",
        "TOC401",
    }


def chain(produces: str = "trained", leads_to: str = "better", measured_by: str = "k1") -> str:
    return (
        CHAIN.replace("PRODUCES", produces)
        .replace("LEADS_TO", leads_to)
        .replace("MEASURED_BY", measured_by)
    )


def test_the_chain_is_clean_without_a_slip() -> None:
    assert list(report_of(chain())) == []


def test_a_shared_id_does_not_take_findings_its_links_do_not_touch() -> None:
    text = chain().replace("unit: staff, ", "") + "  - id: train\n    label: Training, the impact\n"
    report = report_of(text)
    duplicate = only(report, "TOC110")
    assert followers(report, duplicate) == []
    assert only(report, "TOC301").follows_from is None  # its KPI lacks a unit: a problem of its own


def test_a_typo_in_produces_comes_before_what_it_causes() -> None:
    report = report_of(chain(produces="trainde"))
    typo = only(report, "TOC111")
    assert (typo.line, typo.col) == (7, 16)
    # the activity produces nothing, so has no link, no impact and no output's KPI; the
    # output it meant to produce is produced by nothing, so the impact is not reached
    assert followers(report, typo) == [
        ("TOC203", 5), ("TOC204", 5), ("TOC301", 5), ("TOC212", 9), ("TOC205", 24)
    ]  # fmt: skip
    assert [f.code for f in report if f.follows_from is None] == ["TOC111"]


def test_a_typo_in_leads_to_takes_the_activities_upstream_and_the_impacts_downstream() -> None:
    report = report_of(chain(leads_to="betterr"))
    typo = only(report, "TOC111")
    assert followers(report, typo) == [("TOC204", 5), ("TOC205", 24)]
    assert [f.code for f in report if f.follows_from is None] == ["TOC111"]


def test_without_a_close_id_only_the_element_holding_the_reference_is_affected() -> None:
    report = report_of(chain(produces="something-else-entirely"))
    typo = only(report, "TOC111")
    assert followers(report, typo) == [("TOC203", 5), ("TOC204", 5), ("TOC301", 5)]
    assert only(report, "TOC205").follows_from is None  # no telling which output was meant


def test_a_typo_in_measured_by_takes_the_activity_that_relied_on_that_kpi() -> None:
    report = report_of(chain(measured_by="k1x"))
    typo = only(report, "TOC111")
    assert followers(report, typo) == [("TOC301", 5), ("TOC203", 14)]  # and k1, meant, is orphaned
    assert [f.code for f in report if f.follows_from is None] == ["TOC111"]


def test_a_folded_error_is_still_an_error() -> None:
    report = report_of(chain(produces="trainde"))
    folded = only(report, "TOC301")
    assert folded.follows_from is not None and folded.severity is Severity.ERROR
    assert folded in report.errors


def test_nothing_follows_from_a_cause_that_is_not_reported() -> None:
    report = report_of(chain(produces="trainde"), Config.build(ignore=["TOC111"]))
    assert {f.code for f in report} == {"TOC203", "TOC204", "TOC205", "TOC212", "TOC301"}
    assert all(f.follows_from is None for f in report)


def test_a_flood_of_broken_references_links_each_knock_on_to_one_cause() -> None:
    lines = ["toc: 1", "id: flood", "title: Flood", "activities:"]
    lines += [f"  - {{id: a{i}, label: Train team {i}, produces: [out{i}x]}}" for i in range(300)]
    lines += ["outputs:"]
    lines += [f"  - {{id: out{i}, label: Team {i} trained, leads_to: [end]}}" for i in range(300)]
    lines += ["impacts:", "  - {id: end, label: Fewer crises}"]
    report = report_of("\n".join(lines) + "\n")
    causes = [f for f in report if f.code == "TOC111"]
    assert len(causes) == 300
    unreached = only(report, "TOC205")
    assert (
        unreached.follows_from is causes[0]
    )  # every typo cuts the impact off; the first claims it
    for cause in causes:
        holder = cause.element_id
        meant = f"out{(holder or '')[1:]}"  # the output the typo meant: produced by nothing else
        followers = {(f.code, f.element_id) for f in report if f.follows_from is cause}
        # TOC212 on the meant output follows only while suggestions are searched for (the first
        # 80 here): past that, which output a typo meant is not known, and it stands alone
        assert followers - {("TOC205", "end"), ("TOC212", meant)} == {
            ("TOC203", holder), ("TOC204", holder), ("TOC301", holder)
        }  # fmt: skip
    folded = [f for f in report if f.code == "TOC212" and f.follows_from is not None]
    assert len(folded) >= 20
    assert all(
        f.follows_from is not None for f in report if f.code not in ("TOC111", "TOC212", "TOC307")
    )


@settings(max_examples=40, deadline=None)
@given(model=models(), data=st.data())
def test_causes_are_reported_roots_and_nothing_is_lost(
    model: TheoryOfChange, data: st.DataObject
) -> None:
    """A generated model with one id duplicated: linking drops and changes nothing, makes no chains."""
    elements = [e for _, e in model.elements()]
    if len(elements) < 2:
        return
    first, second = data.draw(st.permutations(elements))[:2]
    broken = toc.loads(toc.dumps(model).replace(f"id: {second.id}\n", f"id: {first.id}\n", 1))
    report = broken.validate()
    for finding in report:
        cause = finding.follows_from
        if cause is not None:
            assert cause in list(report) and cause.follows_from is None
            assert cause.code in ("TOC110", "TOC111")

    def plain(found: Report) -> list[tuple[object, ...]]:
        return [
            (f.code, f.line, f.col, f.severity, f.message)
            for f in found
            if f.code not in ("TOC110", "TOC111")
        ]

    assert plain(report) == plain(broken.validate(Config.build(ignore=["TOC110", "TOC111"])))


def test_the_pass_makes_no_search_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """It asks the rule's `Suggester`, which answers a text it was asked about without a search.

    Before, the pass searched again for every misspelt link: on 4,000 misspelt references in a
    3,000-element model validation took twice as long (benchmarks/knock_ons.py).
    """
    import toc.rules as driver
    import toc.suggest

    searches: list[str] = []
    best = toc.suggest._best

    def counted(text: str, *args: object) -> str | None:
        searches.append(text)
        return best(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(toc.suggest, "_best", counted)
    lines = ["toc: 1", "id: flood", "title: Flood", "activities:"]
    lines += [f"  - {{id: activity-{i}, label: A, produces: [ouptut-{i}]}}" for i in range(400)]
    lines += ["outputs:"] + [
        f"  - {{id: output-{i}, label: O, leads_to: [end]}}" for i in range(400)
    ]
    lines += ["impacts:", "  - {id: end, label: End}"]
    model = toc.loads("\n".join(lines) + "\n")
    linked = model.validate()
    with_pass = len(searches)
    searches.clear()
    monkeypatch.setattr(driver, "link_causes", lambda findings, _: findings)
    model.validate()
    assert with_pass == len(searches) > 0
    assert sum(f.follows_from is not None for f in linked) > 800


def test_a_model_without_activities_folds_what_no_activity_leaves_undone() -> None:
    """TOC210 is the cause of every impact not reached and every output not produced."""
    report = toc.loads(
        "toc: 1\nid: m\ntitle: T\n"
        "outputs:\n  - {id: o, label: Staff trained, leads_to: [i]}\n"
        "impacts:\n  - {id: i, label: Fewer crises}\n"
    ).validate()
    cause = only(report, "TOC210")
    assert sorted(f.code for f in report if f.follows_from is cause) == ["TOC205", "TOC212"]
    assert [f.code for f in report if f.follows_from is None and f.code != "TOC307"] == ["TOC210"]


def test_a_model_without_outcomes_or_impacts_folds_the_activities_reaching_none() -> None:
    report = toc.loads(
        "toc: 1\nid: m\ntitle: T\n"
        "activities:\n  - {id: a, label: Train staff, produces: [o]}\n"
        "outputs:\n  - {id: o, label: Staff trained}\n"
    ).validate()
    cause = only(report, "TOC211")
    assert [f.code for f in report if f.follows_from is cause] == ["TOC204"]
