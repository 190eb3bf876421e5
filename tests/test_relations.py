"""How a link claims its effect (`relation: leads_to | contributes_to`), and input → output links."""

from __future__ import annotations

import json
from pathlib import Path

import toc
from toc.findings import Severity
from toc.io import read_file, write_file
from toc.io.kumu import kumu_data, read_kumu_text
from toc.io.levels import Levels
from toc.load import read_text
from toc.model import Link, TheoryOfChange
from toc.render.dot import to_dot
from toc.render.mermaid import to_mermaid
from toc.rules import RULES

from .helpers import check

MODEL = """\
toc: 1
id: relations
title: Relations
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
    leads_to:
      - to: aware
        relation: contributes_to
outcomes:
  - id: aware
    label: Aware
    term: short
    leads_to: [fewer-aces]
impacts:
  - id: fewer-aces
    label: Fewer ACEs
"""


def _model(text: str = MODEL) -> TheoryOfChange:
    result = read_text(text, name="model.yaml")
    assert result.model is not None, result.report.to_text()
    return result.model


def test_a_link_leads_to_unless_it_says_it_contributes() -> None:
    model = _model()
    assert model.outputs[0].leads_to[0].relation == "contributes_to"
    assert model.outcomes[0].leads_to[0].relation == "leads_to"
    assert Link.model_validate("x").relation == "leads_to"


def test_an_unknown_relation_is_refused_at_the_value() -> None:
    [finding] = check(MODEL.replace("contributes_to", "contributes"), [("TOC104", 17, 19)])
    assert "did you mean `contributes_to`?" in finding.message


def test_only_leads_to_links_say_how_they_contribute() -> None:
    text = MODEL.replace(
        "    uses: [funding]\n",
        "    uses:\n      - to: funding\n        relation: contributes_to\n",
    )
    [finding] = check(text, [("TOC201", 12, 19)], codes=["TOC201"])
    assert "only `leads_to` links" in finding.message


def test_the_relation_survives_dump_and_save(tmp_path: Path) -> None:
    model = _model()
    text = toc.dumps(model)
    assert "relation: contributes_to" in text
    assert "relation: leads_to" not in text  # the default is left out, as every default is
    assert toc.loads(text) == model
    path = tmp_path / "model.yaml"
    path.write_text(MODEL, encoding="utf-8")
    loaded = toc.load(path)
    changed = loaded.model_copy(
        update={"outcomes": (loaded.outcomes[0].model_copy(update={"label": "More aware"}),)}
    )
    toc.save(changed, path)
    assert toc.load(path).outputs[0].leads_to[0].relation == "contributes_to"


def test_dot_draws_a_contribution_with_a_diamond_head_and_keys_it() -> None:
    """The hollow arrowhead means "no evidence" (i11's link styles), so a contribution is a diamond."""
    dot = to_dot(_model())
    [contributes] = [line for line in dot.splitlines() if '"trained" -> "aware"' in line]
    assert "arrowhead=diamond" in contributes
    assert "contributes to" in contributes  # its tooltip
    others = [line for line in dot.splitlines() if "->" in line and line != contributes]
    assert not any("diamond" in line for line in others)
    assert "contributes to (one cause of several)</TD>" in dot  # the key's row


def test_a_contribution_with_no_evidence_has_an_open_diamond() -> None:
    text = MODEL.replace(
        "        relation: contributes_to\n",
        "        relation: contributes_to\n        evidence: {strength: none}\n",
    )
    lines = to_dot(_model(text)).splitlines()
    [contributes] = [line for line in lines if '"trained" -> "aware"' in line]
    assert "arrowhead=odiamond" in contributes


def test_dot_has_no_contribution_key_row_when_no_link_contributes() -> None:
    dot = to_dot(_model(MODEL.replace("        relation: contributes_to\n", "")))
    assert "diamond" not in dot
    assert "contributes to" not in dot


def test_mermaid_labels_a_contribution() -> None:
    assert 'n2 -.->|"contributes to"| n3' in to_mermaid(_model())


def test_node_lists_read_and_write_contributes_to(tmp_path: Path) -> None:
    model = _model()
    written = write_file(model, tmp_path / "model.csv", format="nodes")
    links = next(p for p in written if p.name == "model-links.csv").read_text("utf-8-sig")
    assert "trained,aware,contributes to" in links
    result = read_file(written[0], format="nodes")
    assert result.findings == []
    assert result.model == model


def test_kumu_carries_contributes_to() -> None:
    model = _model()
    data = kumu_data(model)
    assert {c["type"] for c in data["connections"]} >= {"contributes to", "leads to"}
    back = read_kumu_text(json.dumps(data), name="board.json", levels=Levels())
    assert back.model == model


# --- input → output ---------------------------------------------------------------------------


def test_an_output_may_use_an_input_and_is_told_what_to_add() -> None:
    text = MODEL.replace("    label: Trained\n", "    label: Trained\n    uses: [funding]\n")
    [finding] = check(text, [("TOC207", 15, 12)], codes=["TOC201", "TOC207"])
    assert finding.severity is Severity.INFO
    assert "add it (`uses` the input, `produces` the output)" in finding.message


def test_input_feeds_output_is_informative_by_default() -> None:
    assert RULES["TOC207"].severity is Severity.INFO
    assert RULES["TOC207"].name == "input-feeds-output"


def test_other_kinds_still_cannot_use_an_input() -> None:
    text = MODEL.replace("    term: short\n", "    term: short\n    uses: [funding]\n")
    [finding] = check(text, [("TOC201", 22, 12)], codes=["TOC201", "TOC207"])
    assert "only activities or outputs do" in finding.message
