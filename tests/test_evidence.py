"""Evidence: links ranked by strength then basis, pathways' weakest links, gaps, `toc evidence`."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from pathlib import Path

import pytest

from toc.analysis import STRENGTH_RANK, EvidenceReport, link_rank
from toc.analysis.evidence import evidence
from toc.cli import main
from toc.load import load, loads
from toc.model import Link, TheoryOfChange

# One activity, two pathways to the impact through outputs `a` and `b`; the links carry every
# kind of backing. Assumptions: one on a link into a measured outcome (tested), one applying to
# an unmeasured output (untested), one bearing on nothing (untested).
MODEL = """\
toc: 1
id: weighed
title: Links of every strength
activities:
  - id: act
    label: Activity
    produces:
      - to: a
        basis: stated
        evidence: {strength: strong, citation: "Trial 2020"}
      - to: b
        basis: inferred
outputs:
  - id: a
    label: Output A
    leads_to:
      - to: mid
        basis: inferred
        evidence: {strength: weak}
        assumptions: [staff-stay]
  - id: b
    label: Output B
    leads_to:
      - to: mid
        basis: stated
        evidence: {strength: none}
outcomes:
  - id: mid
    label: Outcome
    term: short
    measured_by: [kpi-mid]
    leads_to:
      - to: end
        evidence: {strength: moderate, citation: "EIF 2022", url: "https://example.org/eif"}
impacts:
  - id: end
    label: Impact
kpis:
  - id: kpi-mid
    label: Outcome KPI
    measure: unit
    unit: people
    baseline: {status: tbc}
  - id: kpi-done
    label: KPI with a baseline
    measure: unit
    unit: people
    baseline: {value: 3, year: 2024}
assumptions:
  - id: staff-stay
    label: Staff stay in post
  - id: partners-engage
    label: Partners engage
    applies_to: [b]
  - id: floating
    label: Bears on nothing
"""


def _model(text: str = MODEL) -> TheoryOfChange:
    return loads(text)


def _pairs(report: EvidenceReport) -> list[tuple[str, str]]:
    return [(link.source, link.target) for link in report.links]


def test_links_are_ranked_by_strength_then_basis_weakest_first() -> None:
    report = evidence(_model())
    assert _pairs(report) == [
        ("act", "b"),  # not stated, inferred
        ("b", "mid"),  # none, stated
        ("a", "mid"),  # weak, inferred
        ("mid", "end"),  # moderate, not said
        ("act", "a"),  # strong, stated
    ]
    assert [link.rank for link in report.links] == [(0, 1), (1, 2), (2, 1), (3, 0), (4, 2)]
    moderate = report.links[3]
    assert (moderate.citation, moderate.url) == ("EIF 2022", "https://example.org/eif")


def test_strength_outranks_basis_and_nothing_stated_is_weakest() -> None:
    weakest = Link(to="x")
    assert link_rank(weakest) == (0, 0)
    assert link_rank(Link.model_validate({"to": "x", "evidence": {"strength": "weak"}})) > (
        link_rank(Link.model_validate({"to": "x", "basis": "stated"}))
    )
    assert link_rank(Link.model_validate({"to": "x", "basis": "inferred"})) > link_rank(weakest)
    assert sorted(STRENGTH_RANK, key=lambda s: STRENGTH_RANK[s]) == [
        None,
        "none",
        "weak",
        "moderate",
        "strong",
    ]


def test_equal_ranks_keep_the_order_written() -> None:
    report = load("bradford").evidence()
    first = report.links[:3]
    assert [(link.source, link.target) for link in first] == [
        ("steering-group-governance", "system-assurance"),
        ("funding-staff-capacity", "system-assurance"),
        ("funding-staff-capacity", "communications"),
    ]


def test_each_pathway_has_its_weakest_link_and_the_activity_its_link_to_test_first() -> None:
    [activity] = evidence(_model()).activities
    paths = {p.elements: (p.weakest.source, p.weakest.target) for p in activity.pathways}
    assert paths == {
        ("act", "a", "mid", "end"): ("a", "mid"),  # weak < moderate < strong
        ("act", "b", "mid", "end"): ("act", "b"),  # not stated
    }
    assert not activity.truncated
    assert activity.test_first is not None
    # Each link is the weakest on one pathway: the lower rank wins the tie.
    assert (activity.test_first.source, activity.test_first.target) == ("act", "b")


def test_ties_on_a_pathway_go_to_the_earliest_link_in_the_chain() -> None:
    chain = """\
toc: 1
id: tied
title: Every link alike
activities:
  - id: act
    label: Activity
    produces: [out]
outputs:
  - id: out
    label: Output
    leads_to: [mid]
outcomes:
  - id: mid
    label: Outcome
    term: short
    leads_to: [end]
impacts:
  - id: end
    label: Impact
"""
    [activity] = evidence(loads(chain)).activities
    [pathway] = activity.pathways
    assert (pathway.weakest.source, pathway.weakest.target) == ("act", "out")


def _ladder(rungs: int) -> str:
    """An activity, `rungs` rungs of two outcomes each joined to both of the next, an impact:
    2^rungs pathways from 2 * rungs + 2 elements."""
    lines = [
        "toc: 1",
        "id: ladder",
        "title: A diamond ladder",
        "activities:",
        "  - id: act",
        "    label: Activity",
        "    leads_to: [l1, r1]",
        "outcomes:",
    ]
    for i in range(1, rungs + 1):
        after = f"[l{i + 1}, r{i + 1}]" if i < rungs else "[end]"
        for side in "lr":
            lines += [
                f"  - id: {side}{i}",
                f"    label: Rung {i} {side}",
                "    term: medium",
                f"    leads_to: {after}",
            ]
    lines += ["impacts:", "  - id: end", "    label: Impact"]
    return "\n".join(lines) + "\n"


def test_a_ladder_of_30_diamonds_stops_at_the_limit_and_says_so() -> None:
    model = loads(_ladder(30))
    assert len(model.by_id) == 62
    report = model.evidence(path_limit=50)
    [activity] = report.activities
    assert len(activity.pathways) == 50
    assert activity.truncated and report.truncated
    exact = loads(_ladder(4)).evidence(path_limit=16)
    assert len(exact.activities[0].pathways) == 16 and not exact.truncated
    assert loads(_ladder(4)).evidence(path_limit=None).activities[0].truncated is False


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="path_limit"):
        evidence(_model(), path_limit=-1)


def test_untested_assumptions_are_those_no_kpi_bears_on() -> None:
    report = evidence(_model())
    assert [(u.id, u.bears_on) for u in report.untested] == [
        ("partners-engage", ("b",)),
        ("floating", ()),
    ]
    # `staff-stay` rests on a -> mid, and kpi-mid measures mid: tested.
    measured = _model(MODEL.replace("measured_by: [kpi-mid]", "measured_by: []"))
    assert "staff-stay" in {u.id for u in evidence(measured).untested}


def test_kpis_without_a_baseline_value_are_listed_with_what_they_measure() -> None:
    [missing] = evidence(_model()).without_baseline
    assert (missing.id, missing.measures, missing.status) == ("kpi-mid", ("mid",), "tbc")


def test_bradford_figures() -> None:
    report = load("bradford").evidence()
    assert len(report.links) == 22
    assert [len(a.pathways) for a in report.activities] == [4, 2, 3, 2]
    assert len(report.without_baseline) == 11 and report.untested == ()
    rows = report.to_dicts()
    assert sum(row["weakest_on"] for row in rows) == 11
    frame = report.to_frame()
    assert list(frame["rank"])[:3] == [1, 2, 3] and len(frame) == 22


HOSTILE = MODEL.replace("label: Partners engage", 'label: "<b>|*x*|\\e[31m"').replace(
    'citation: "Trial 2020"', 'citation: "=HYPERLINK(1)"'
)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _write(tmp_path, MODEL)
    status, out, _ = _run(["evidence", file], capsys)
    assert status == 0
    assert "not stated  inferred  act produces b" in out
    assert "floating  Bears on nothing  (bears on: nothing)" in out
    status, out, _ = _run(["evidence", file, "--format", "json"], capsys)
    data = json.loads(out)
    assert status == 0 and data["links"][0]["source"] == "act"
    assert data["activities"][0]["pathways"] == 2
    status, out, _ = _run(["evidence", file, "--format", "csv"], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["rank"] for r in rows] == ["1", "2", "3", "4", "5"]
    status, out, _ = _run(["evidence", file, "--format", "markdown"], capsys)
    assert out.startswith("## Evidence in weighed") and "| 1 | act → b |" in out


def test_cli_limit_reports_truncation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _write(tmp_path, _ladder(30))
    status, out, err = _run(["evidence", file, "--limit", "7"], capsys)
    assert status == 0
    assert "more than 7 pathways" in out and "--limit" in err
    with pytest.raises(SystemExit) as exited:
        main(["evidence", file, "--limit", "-3"])
    assert exited.value.code == 2


def test_cli_unreadable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["evidence", str(tmp_path / "missing.yaml")], capsys)
    assert status == 2 and "could not read" in err


def test_hostile_text_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _write(tmp_path, HOSTILE)
    _, out, _ = _run(["evidence", file], capsys)
    assert "\x1b" not in out and "\\x1b[31m" in out
    _, out, _ = _run(["evidence", file, "--format", "markdown"], capsys)
    assert "<b>" not in out and "\\<b\\>\\|\\*x\\*\\|" in out
    _, out, _ = _run(["evidence", file, "--format", "csv"], capsys)
    assert "'=HYPERLINK(1)" in out
    _, out, _ = _run(["evidence", file, "--format", "json"], capsys)
    assert "\x1b" not in out and json.loads(out)["untested_assumptions"][0]["label"].endswith(
        "\x1b[31m"
    )


def test_model_evidence_delegates() -> None:
    model = _model()
    assert model.evidence(path_limit=1) == evidence(model, path_limit=1)
    assert textwrap.dedent(model.evidence().to_text()).startswith("Evidence in weighed")


def test_a_link_that_contributes_is_named_so_in_the_evidence() -> None:
    from toc import loads

    model = loads(
        "toc: 1\nid: m\ntitle: M\noutcomes:\n- id: homes\n  label: Families keep their homes\n"
        "  term: short\n  leads_to:\n  - {to: safe, relation: contributes_to}\n  - calm\n"
        "impacts: [{id: safe, label: Children are safe}, {id: calm, label: Calmer homes}]\n"
    )
    report = evidence(model)
    assert sorted((link.target, link.relation) for link in report.links) == [
        ("calm", "leads_to"), ("safe", "contributes_to")
    ]  # fmt: skip
