"""Statements (a vision, an aim) that outcomes and impacts lead to: the top of the chain."""

from __future__ import annotations

from pathlib import Path

import pytest

import toc
from toc.io import read_file, write_file
from toc.load import read_text
from toc.model import TheoryOfChange
from toc.render.dot import to_dot
from toc.render.mermaid import to_mermaid

from .helpers import check

MODEL = """\
toc: 1
id: vision
title: Vision
statements:
  - id: thriving
    kind: vision
    label: A <thriving> district
  - id: unlinked
    kind: aim
    label: An aim nothing leads to
activities:
  - id: train
    label: Train
    produces: [trained]
outputs:
  - id: trained
    label: Trained
    leads_to: [aware]
outcomes:
  - id: aware
    label: Aware
    term: short
    leads_to: [fewer-aces]
impacts:
  - id: fewer-aces
    label: Fewer ACEs
    leads_to: [thriving]
"""


def _model(text: str = MODEL) -> TheoryOfChange:
    result = read_text(text, name="model.yaml")
    assert result.model is not None, result.report.to_text()
    return result.model


def test_impacts_and_outcomes_may_lead_to_a_statement() -> None:
    text = MODEL.replace("    leads_to: [fewer-aces]\n", "    leads_to: [fewer-aces, thriving]\n")
    check(text, [], codes=["TOC111", "TOC201", "TOC202", "TOC204", "TOC205"])


def test_an_output_does_not_skip_to_a_statement() -> None:
    [finding] = check(
        MODEL.replace("leads_to: [aware]", "leads_to: [aware, thriving]"),
        [("TOC201", 18, 23)],
        codes=["TOC201"],
    )
    assert "which is a statement" in finding.message
    assert "`leads_to` on outputs points at outcomes or impacts" in finding.message


def test_an_impact_leads_to_nothing_but_a_statement() -> None:
    [finding] = check(
        MODEL.replace("leads_to: [thriving]", "leads_to: [aware]"), [("TOC201", 27, 16)]
    )
    assert "`leads_to` on impacts points at statements" in finding.message


def test_only_a_link_may_name_a_statement() -> None:
    text = MODEL + "assumptions:\n  - id: a\n    label: A\n    applies_to: [thriving]\n"
    [finding] = check(text, [("TOC111", 31, 18)], codes=["TOC111"])
    assert "which is a statement, not an element" in finding.message
    check(MODEL.replace("produces: [trained]", "produces: [thrivng]"), [("TOC111", 14, 16)])


def test_a_chain_ending_in_a_statement_reaches_the_top() -> None:
    text = MODEL.replace("    leads_to: [fewer-aces]\n", "    leads_to: [thriving]\n")
    check(text, [], codes=["TOC204"])


def test_a_statement_sharing_an_elements_id_is_a_duplicate() -> None:
    text = MODEL.replace("  - id: unlinked\n", "  - id: train\n")
    [finding] = check(text, [("TOC110", 8, 9)], codes=["TOC110"])
    assert "line 12, column 9" in finding.message
    check(MODEL.replace("id: unlinked", "id: thriving"), [("TOC110", 8, 9)], codes=["TOC110"])


def test_the_graph_has_statement_nodes_at_the_top() -> None:
    graph = _model().graph
    assert graph.statement_ids() == ["thriving", "unlinked"]
    assert graph.nx.nodes["thriving"]["kind"] == "statement"
    assert "thriving" in graph.downstream("train")
    assert {"train", "trained", "aware", "fewer-aces", "thriving"} <= graph.reaching_top()


def test_diagrams_draw_linked_statements_beyond_the_impacts() -> None:
    dot = to_dot(_model())
    headings = [line for line in dot.splitlines() if "toc:headings" in line]
    assert "Impacts" in headings[-2] and "Vision and aims" in headings[-1]
    assert "A &lt;thriving&gt; district" in dot
    assert "unlinked" not in dot  # a statement nothing leads to is not drawn
    assert 'tooltip="Vision: A <thriving> district' in dot
    mermaid = to_mermaid(_model())
    assert 'subgraph c4["Vision and aims"]' in mermaid
    assert "#60;thriving#62;" in mermaid


def test_only_the_chain_of_an_element_keeps_its_statement() -> None:
    assert '"thriving" [' in to_dot(_model(), only="aware")


@pytest.mark.parametrize("analysis", ["evidence", "plan", "report"])
def test_the_analyses_run_on_a_model_that_leads_to_a_vision(analysis: str, tmp_path: Path) -> None:
    from toc.cli import main

    target = ["-o", str(tmp_path / "out.md")] if analysis != "evidence" else []
    path = tmp_path / "model.yaml"
    path.write_text(MODEL, encoding="utf-8")
    assert main([analysis, str(path), *target]) == 0


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_links_to_statements_round_trip(suffix: str, tmp_path: Path) -> None:
    model = _model()
    form = "nodes" if suffix == ".csv" else None
    written = write_file(model, tmp_path / f"model{suffix}", format=form)
    result = read_file(written[0], format=form)
    assert result.findings == []
    assert result.model == model
    assert toc.loads(toc.dumps(model)) == model
