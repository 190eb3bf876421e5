"""A model's own ordered outcome levels (`outcome_levels:`), in place of short/medium/long."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

import toc
from toc.io import ReadOptions, parse_levels, read_file, write_file
from toc.io.kumu import kumu_data, read_kumu_text
from toc.io.levels import Levels, level_name
from toc.load import read_text
from toc.model import (
    Outcome,
    OutcomeLevel,
    TheoryOfChange,
    outcome_level_name,
    outcome_levels,
)
from toc.render.dot import to_dot
from toc.render.mermaid import to_mermaid
from toc.render.table import logic_model_table, to_markdown_table

from .helpers import check

LEVELS = """\
toc: 1
id: levels
title: Levels
outcome_levels:
  - {id: intermediate-1, label: Intermediate outcome 1}
  - intermediate-2
  - {id: final, label: Final outcome}
outcomes:
  - id: aware
    label: Aware
    term: intermediate-1
    leads_to: [practice]
  - id: practice
    label: Practice changes
    term: intermediate-2
    leads_to: [change]
  - id: change
    label: System change
    term: final
"""


def _model(text: str = LEVELS) -> TheoryOfChange:
    result = read_text(text, name="model.yaml")
    assert result.model is not None, result.report.to_text()
    return result.model


# --- the model -----------------------------------------------------------------------------


def test_declared_levels_are_the_order_everything_uses() -> None:
    model = _model()
    assert outcome_levels(model) == ("intermediate-1", "intermediate-2", "final")
    assert [outcome_level_name(model, level) for level in outcome_levels(model)] == [
        "Intermediate outcome 1",
        "Intermediate 2",
        "Final outcome",
    ]


def test_without_levels_the_default_terms_remain() -> None:
    model = toc.load("bradford")
    assert outcome_levels(model) == ("short", "medium", "long")
    assert outcome_level_name(model, "medium") == "Medium-term outcome"


def test_a_term_naming_no_declared_level_is_a_finding_at_the_value() -> None:
    [finding] = check(LEVELS.replace("term: final", "term: finl"), [("TOC104", 19, 11)])
    assert "did you mean `final`?" in finding.message
    assert "'intermediate-1', 'intermediate-2' or 'final'" in finding.message


def test_a_default_term_is_not_a_level_of_a_model_that_declares_its_own() -> None:
    check(LEVELS.replace("term: final", "term: long"), [("TOC104", 19, 11)])


def test_an_unknown_default_term_is_still_refused_with_a_suggestion() -> None:
    text = "toc: 1\nid: m\ntitle: T\noutcomes:\n  - id: a\n    label: A\n    term: shrt\n"
    [finding] = check(text, [("TOC104", 7, 11)])
    assert "did you mean `short`?" in finding.message


def test_a_level_declared_twice_is_refused() -> None:
    text = LEVELS.replace("  - intermediate-2\n", "  - intermediate-2\n  - intermediate-2\n")
    [finding] = check(text, [("TOC104", 5, 3)])
    assert "`intermediate-2` is declared twice" in finding.message


def test_a_level_id_must_be_a_slug() -> None:
    check(LEVELS.replace("  - intermediate-2\n", "  - Intermediate 2\n"), [("TOC104", 6, 5)])


def test_outcomes_built_in_python_are_checked_by_the_model_they_go_in() -> None:
    outcome = Outcome(id="a", label="A", term="final")  # alone, any slug is a term
    with pytest.raises(ValidationError, match="not one of the model's outcome levels"):
        TheoryOfChange(toc=1, id="m", title="T", outcomes=(outcome,))
    model = TheoryOfChange(
        toc=1,
        id="m",
        title="T",
        outcome_levels=(OutcomeLevel(id="early"), OutcomeLevel(id="final")),
        outcomes=(outcome,),
    )
    with pytest.raises(ValidationError, match=r"\(early\)"):
        model.model_copy(update={"outcome_levels": ["early"]})


def test_levels_dump_and_load_back_in_their_short_form() -> None:
    model = _model()
    text = toc.dumps(model)
    assert "- intermediate-2\n" in text
    assert "label: Intermediate outcome 1" in text
    assert toc.loads(text) == model


# --- the rules -------------------------------------------------------------------------------


def test_term_regression_follows_the_declared_order() -> None:
    text = LEVELS.replace("    term: final\n", "    term: final\n    leads_to: [aware]\n")
    [finding] = check(text, [("TOC206", 20, 16)], codes=["TOC206"])
    assert "final outcome `change` leads to intermediate outcome 1 `aware`" in finding.message


def test_forward_through_declared_levels_is_no_regression() -> None:
    check(LEVELS, [], codes=["TOC206"])


def test_declared_order_may_differ_from_the_default_one() -> None:
    """A model may order even the default names its own way; its order is the one checked."""
    text = (
        "toc: 1\nid: m\ntitle: T\noutcome_levels: [long, short]\noutcomes:\n"
        "  - id: a\n    label: A\n    term: long\n    leads_to: [b]\n"
        "  - id: b\n    label: B\n    term: short\n"
    )
    check(text, [], codes=["TOC206"])
    check(text.replace("[long, short]", "[short, long]"), [("TOC206", 9, 16)], codes=["TOC206"])


# --- diagrams and tables --------------------------------------------------------------------


def test_diagram_columns_follow_the_levels_and_their_labels() -> None:
    dot = to_dot(_model())
    headings = [
        line.split("<B>")[1].split("</B>")[0] for line in dot.splitlines() if "toc:headings" in line
    ]
    assert headings == ["Intermediate outcome 1", "Intermediate 2", "Final outcome"]
    assert 'tooltip="Final outcome: System change' in dot


def test_mermaid_columns_follow_the_levels() -> None:
    mermaid = to_mermaid(_model())
    subgraphs = [line.strip() for line in mermaid.splitlines() if "subgraph" in line]
    assert subgraphs == [
        'subgraph c0["Intermediate outcome 1"]',
        'subgraph c1["Intermediate 2"]',
        'subgraph c2["Final outcome"]',
    ]


def test_a_level_label_is_escaped_in_every_figure() -> None:
    model = _model(LEVELS.replace("label: Final outcome", 'label: "<b>Final</b> & \\"x\\""'))
    assert "&lt;b&gt;Final&lt;/b&gt; &amp;" in to_dot(model)
    assert "<b>" not in to_mermaid(model)
    assert "\\<b\\>Final\\</b\\>" in to_markdown_table(model)


def test_table_items_name_their_level() -> None:
    table = to_markdown_table(_model())
    assert "| Intermediate outcome 1: Aware |" in table
    assert "| Intermediate 2: Practice changes |" in table
    assert "| Final outcome: System change |" in table


def test_one_level_heads_the_table_column() -> None:
    model = _model(
        LEVELS.replace("term: intermediate-1", "term: final")
        .replace("term: intermediate-2", "term: final")
        .replace("    leads_to: [practice]\n", "")
        .replace("    leads_to: [change]\n", "")
    )
    assert logic_model_table(model).headings[4] == "Final outcome"


# --- reading and writing ----------------------------------------------------------------------

_NAMED = {
    "Intermediate outcome 1": "outcome:intermediate-1",
    "Intermediate 2": "outcome:intermediate-2",
    "Final outcome": "outcome:final",
}


def test_levels_option_names_a_models_own_levels() -> None:
    assert parse_levels("Final outcome=outcome:final") == {"Final outcome": "outcome:final"}
    assert str(Levels().get("outcome:final")) == "outcome:final"
    assert level_name("outcome", "final") == "outcome:final"
    assert level_name("outcome", "short") == "Short-term outcome"


def test_a_table_with_level_columns_declares_them_in_the_order_given(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Inputs,Activities,Outputs,Final outcome,Intermediate outcome 1,Impacts\n"
        "Money,Train,Trained,Change,Aware,Thrive\n",
        encoding="utf-8",
    )
    result = read_file(path, options=ReadOptions(levels=_NAMED))
    assert result.model is not None, result.report.to_text()
    assert outcome_levels(result.model) == ("intermediate-1", "intermediate-2", "final")
    assert [(o.label, o.term) for o in result.model.outcomes] == [
        ("Change", "final"),
        ("Aware", "intermediate-1"),
    ]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_written_table_reads_back_with_the_levels_named(suffix: str, tmp_path: Path) -> None:
    model = _model()
    [path] = write_file(model, tmp_path / f"plan{suffix}")
    result = read_file(path, options=ReadOptions(levels=_NAMED))
    assert result.model is not None, result.report.to_text()
    assert [f.code for f in result.findings] == []
    assert [(o.label, o.term) for o in result.model.outcomes] == [
        (o.label, o.term) for o in model.outcomes
    ]
    assert outcome_levels(result.model) == outcome_levels(model)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_node_lists_carry_the_levels(suffix: str, tmp_path: Path) -> None:
    model = _model()
    written = write_file(model, tmp_path / f"model{suffix}", format="nodes")
    result = read_file(written[0], format="nodes")
    assert result.findings == [], result.report.to_text()
    assert result.model == model


def test_kumu_carries_the_levels() -> None:
    model = _model()
    data = kumu_data(model)
    assert {e["type"] for e in data["elements"]} == {
        "outcome:intermediate-1", "outcome:intermediate-2", "outcome:final"
    }  # fmt: skip
    back = read_kumu_text(json.dumps(data), name="board.json", levels=Levels())
    assert back.findings == []
    assert back.model == model


def test_iati_says_it_cannot_carry_a_models_own_levels() -> None:
    from toc.io.iati.writing import to_iati

    model = _model(
        LEVELS.replace("    term: final\n", "    term: final\n    measured_by: [k]\n")
        + "kpis:\n  - id: k\n    label: K\n    measure: percentage\n"
    )
    _, lost = to_iati(model)
    assert any("`outcome_levels`" in line for line in lost)
    assert any("outcome `change`: `term`" in line for line in lost)
