"""TOC2xx: the results chain runs one way, from every activity to an impact."""

from __future__ import annotations

from .helpers import check

HEAD = "toc: 1\nid: m\ntitle: T\n"

CHAIN = (
    HEAD
    + """\
inputs:
  - id: funding
    label: Funding
activities:
  - id: train
    label: Train
    uses: [funding]
    produces: [trained]
outputs:
  - id: trained
    label: Trained
    measured_by: [k]
    leads_to: [aware]
kpis:
  - id: k
    label: K
    measure: percentage
outcomes:
  - id: aware
    label: Aware
    term: short
    leads_to: [change]
  - id: change
    label: Change
    term: long
    leads_to: [impact]
impacts:
  - id: impact
    label: Impact
"""
)

CHAIN_CODES = ["TOC201", "TOC202", "TOC203", "TOC204", "TOC205", "TOC206"]


def test_complete_chain_has_no_chain_findings() -> None:
    check(CHAIN, [], codes=CHAIN_CODES)


def test_output_that_uses_an_input_is_allowed_and_noted() -> None:
    """Real models draw input → output; TOC207 (info) asks for the activity between."""
    text = CHAIN.replace("    measured_by: [k]\n", "    measured_by: [k]\n    uses: [funding]\n")
    check(text, [("TOC207", 16, 12)], codes=["TOC201", "TOC207"])


def test_outcome_that_uses_an_input() -> None:
    text = CHAIN.replace("    term: short\n", "    term: short\n    uses: [funding]\n")
    [finding] = check(text, [("TOC201", 25, 12)])
    assert "only activities or outputs" in finding.message


def test_impact_that_leads_to_an_activity() -> None:
    check(CHAIN + "    leads_to: [train]\n", [("TOC201", 33, 16)], codes=["TOC201"])


def test_measured_by_a_non_kpi() -> None:
    [finding] = check(
        CHAIN.replace("measured_by: [k]", "measured_by: [aware]"), [("TOC201", 15, 19)]
    )
    assert "which is an outcome" in finding.message


def test_cycle_is_printed() -> None:
    text = CHAIN.replace(
        "    term: long\n    leads_to: [impact]", "    term: long\n    leads_to: [impact, aware]"
    )
    [finding] = check(text, [("TOC202", 25, 16)])
    assert "aware → change → aware" in finding.message


def test_feedback_loop_is_accepted() -> None:
    text = CHAIN.replace(
        "    term: long\n    leads_to: [impact]",
        "    term: long\n    leads_to: [impact, {to: aware, feedback: true}]",
    )
    check(text, [], codes=["TOC202"])


def test_self_loop() -> None:
    check(
        CHAIN.replace("leads_to: [change]", "leads_to: [change, aware]"),
        [("TOC202", 25, 24)],
        codes=["TOC202"],
    )


def test_orphan_element() -> None:
    [finding] = check(CHAIN + "  - id: lonely\n    label: Lonely\n", [("TOC203", 33, 5)])
    assert "`lonely`" in finding.message


def test_activity_reaching_no_impact_says_where_it_stops() -> None:
    [finding] = check(CHAIN.replace("    leads_to: [aware]\n", ""), [("TOC204", 8, 5)])
    assert "stops at `trained`" in finding.message


def test_impact_no_activity_reaches() -> None:
    text = CHAIN + "  - id: unreached\n    label: U\n    measured_by: [k]\n"
    check(text, [("TOC205", 33, 5)], codes=["TOC205"])


def test_outcome_leading_to_an_earlier_term() -> None:
    text = CHAIN.replace(
        "    term: long\n    leads_to: [impact]", "    term: long\n    leads_to: [impact, aware]"
    )
    [finding] = check(text, [("TOC206", 29, 24)], codes=["TOC206"])
    assert "long-term outcome `change` leads to short-term outcome `aware`" in finding.message


def test_a_feedback_link_back_to_an_earlier_term_is_not_a_regression() -> None:
    # docs/format.md's own example: a long-term outcome feeding back into a short-term one.
    text = CHAIN.replace(
        "    term: long\n    leads_to: [impact]",
        "    term: long\n    leads_to: [impact, {to: aware, feedback: true}]",
    )
    check(text, [], codes=["TOC202", "TOC206"])


def test_docs_format_feedback_example_has_no_chain_findings() -> None:
    import re
    from pathlib import Path

    from .helpers import findings_of

    page = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text("utf-8")
    [example] = [
        b for b in re.findall(r"```yaml\n(.*?)```", page, re.DOTALL) if "feedback: true" in b
    ]
    assert not {f.code for f in findings_of(example)} & {"TOC202", "TOC206"}


def test_unreached_impact_with_nothing_leading_to_it() -> None:
    text = CHAIN + "  - id: unreached\n    label: U\n"
    [finding] = check(text, [("TOC205", 33, 5)], codes=["TOC205"])
    assert "nothing leads to it" in finding.message


def test_unreached_impact_whose_chain_is_cut_off_names_what_leads_to_it() -> None:
    # The outcomes are linked to the impact: the break is further up, so "link outcomes to it"
    # would send the reader to the wrong place.
    text = CHAIN.replace("    leads_to: [aware]\n", "")
    [finding] = check(text, [("TOC205", 30, 5)], codes=["TOC205"])
    assert "`change` leads to it" in finding.message
    assert "link outcomes to it" not in finding.message


def test_unreached_impact_in_a_model_without_activities_says_so() -> None:
    text = (
        HEAD
        + "outcomes:\n  - id: aware\n    label: Aware\n    term: short\n    leads_to: [impact]\n"
        + "impacts:\n  - id: impact\n    label: Impact\n"
    )
    [finding] = check(text, [("TOC205", 10, 5)], codes=["TOC205"])
    assert "the model has no activities" in finding.message
    assert "link outcomes to it" not in finding.message


def test_an_input_linked_to_an_output_is_told_to_go_through_the_activity() -> None:
    # "Write the link on the other end" was a dead end: an output cannot write `produces` (nor,
    # before input → output links, `uses`); what an evaluator wants named is the activity.
    text = CHAIN.replace("    label: Funding\n", "    label: Funding\n    produces: [trained]\n")
    [finding] = check(text, [("TOC201", 7, 16)])
    assert "other end" not in finding.message
    assert "`uses: [funding]` on the activity" in finding.message
    assert "`produces: [trained]`" in finding.message


def test_a_link_on_the_wrong_end_names_the_end_to_write_it_on() -> None:
    text = CHAIN.replace("    measured_by: [k]\n", "    measured_by: [k]\n    produces: [train]\n")
    [finding] = check(text, [("TOC201", 16, 16)])
    assert "write it on the activity instead: `produces: [trained]` on `train`" in finding.message


def test_a_link_with_the_wrong_relation_names_the_right_one() -> None:
    text = CHAIN.replace("    produces: [trained]\n", "    produces: [trained, k]\n")
    [finding] = check(text, [("TOC201", 11, 25)])
    assert "use `measured_by: [k]` instead" in finding.message


def test_an_activity_leading_straight_to_an_outcome_is_told_to_go_through_an_output() -> None:
    text = CHAIN.replace(
        "    produces: [trained]\n", "    produces: [trained]\n    leads_to: [aware]\n"
    )
    [finding] = check(text, [("TOC201", 12, 16)])
    assert "through its outputs" in finding.message and "`leads_to: [aware]`" in finding.message


LOGFRAME = (
    HEAD
    + """\
inputs:
  - id: funding
    label: Funding
outputs:
  - id: trained
    label: Trained
    measured_by: [k]
kpis:
  - id: k
    label: K
    measure: percentage
"""
)


def test_a_logframe_with_no_activities_outcomes_or_impacts_is_an_error() -> None:
    # It used to pass every check: TOC301 had no activity to look at.
    [finding] = check(LOGFRAME, [("TOC210", 2, 5)])
    assert finding.severity.value == "error"
    assert "1 input, 1 output and 1 KPI" in finding.message
    assert finding.element_id is None and finding.path == ("id",)


def test_no_activities_points_at_an_empty_activities_list() -> None:
    check(LOGFRAME + "activities: []\n", [("TOC210", 15, 13)])


def test_a_model_with_activities_has_no_toc210_or_toc211() -> None:
    check(CHAIN, [], codes=["TOC210", "TOC211"])


def test_activities_with_no_outcomes_or_impacts() -> None:
    text = (
        HEAD + "activities:\n  - id: a\n    label: A\n    produces: [o]\n"
        "outputs:\n  - id: o\n    label: O\n"
    )
    check(text, [("TOC211", 2, 5)])
    [finding] = check(text, [("TOC204", 5, 5)])
    assert "the model has no impacts" in finding.message


def test_an_output_no_activity_produces() -> None:
    text = CHAIN.replace(
        "kpis:\n", "  - id: spare\n    label: Spare\n    leads_to: [aware]\nkpis:\n", 1
    )
    [finding] = check(text, [("TOC212", 17, 5)])
    assert finding.element_id == "spare"
    assert "add `produces: [spare]` to the activity" in finding.message


def test_an_unproduced_output_names_the_near_miss_in_a_produces_list() -> None:
    text = CHAIN.replace("    produces: [trained]\n", "    produces: [trianed]\n")
    [finding] = check(text, [("TOC212", 13, 5)])
    assert "activity `train` produces `trianed`, which is not an element" in finding.message
    check(text, [("TOC111", 11, 16)])


def test_an_output_with_no_links_at_all_is_left_to_toc203() -> None:
    text = CHAIN.replace("kpis:\n", "  - id: spare\n    label: Spare\nkpis:\n", 1)
    check(text, [("TOC203", 17, 5)], codes=["TOC203", "TOC212"])


def test_an_output_in_a_model_without_activities_says_so() -> None:
    text = LOGFRAME.replace("    measured_by: [k]\n", "    measured_by: [k]\n    leads_to: [x]\n")
    [finding] = check(text, [("TOC212", 8, 5)])
    assert "the model has no activities" in finding.message


def test_a_file_with_no_chain_elements_is_not_told_it_lacks_activities() -> None:
    check(HEAD, [], codes=["TOC210"])


def test_a_link_to_an_assumption_says_how_assumptions_are_attached() -> None:
    text = CHAIN.replace("    leads_to: [aware]\n", "    leads_to: [aware, staff-released]\n") + (
        "assumptions:\n  - id: staff-released\n    label: Managers release staff\n"
    )
    [finding] = check(text, [("TOC201", 16, 23)])
    assert "`assumptions: [staff-released]`" in finding.message


def test_a_link_to_a_barrier_says_barriers_name_what_they_bear_on() -> None:
    text = CHAIN.replace("    leads_to: [aware]\n", "    leads_to: [aware, cost]\n") + (
        "barriers:\n  - id: cost\n    label: Cost of cover\n"
    )
    [finding] = check(text, [("TOC201", 16, 23)])
    assert "a barrier is not linked to" in finding.message and "`applies_to`" in finding.message
