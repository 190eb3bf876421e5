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
