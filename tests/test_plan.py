"""The evaluation-plan skeleton: `toc.analysis.plan.evaluation_plan` and `toc plan`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.golden import COVERAGE_DOC, actual, doc_text, expected
from tests.test_evidence import HOSTILE, MODEL
from toc.analysis import evaluation_plan
from toc.cli import main
from toc.load import loads


@pytest.mark.parametrize("name", ["bradford-plan.md", "bradford-evidence.txt"])
def test_bradford_golden(name: str) -> None:
    assert actual(name) == expected(name)


def test_docs_show_the_golden_evidence_report() -> None:
    assert COVERAGE_DOC.read_text(encoding="utf-8") == doc_text(COVERAGE_DOC)
    assert "<!-- golden: bradford-evidence.txt -->" in COVERAGE_DOC.read_text(encoding="utf-8")


def test_plan_sections() -> None:
    plan = evaluation_plan(loads(MODEL))
    assert plan.startswith("# Evaluation plan: Links of every strength\n")
    outcome = plan.split("### Outcome\n", 1)[1].split("###", 1)[0]
    assert "mid, short-term outcome. An evaluation priority" in outcome
    assert "a (leads\\_to; evidence weak, basis inferred)" in outcome
    assert "| kpi-mid: Outcome KPI | unit (people) | tbc | none |" in outcome
    assert "**Baseline first.** kpi-mid." in outcome
    impact = plan.split("### Impact\n", 1)[1].split("##", 1)[0]
    assert "**Evidence held.** mid: EIF 2022 <https://example.org/eif>." in impact
    assert "No KPI measures this: define one." in impact
    assert "- [ ] act: test act → b (produces; evidence not stated, basis inferred)" in plan
    assert "- [ ] partners-engage: Partners engage (untested" in plan
    assert "- [ ] staff-stay: Staff stay in post (a KPI measures" in plan
    assert "- [ ] **Build evaluation in from the start**: “Build evaluation in" in plan


def test_hostile_labels_are_escaped() -> None:
    plan = evaluation_plan(loads(HOSTILE.replace("label: Outcome\n", "label: '# <i>[x](y)'\n")))
    assert "<b>" not in plan and "<i>" not in plan and "\x1b" not in plan
    assert "\\<b\\>\\|\\*x\\*\\|" in plan
    assert "### # \\<i\\>\\[x\\](y)" in plan


def _write(tmp_path: Path) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(MODEL, encoding="utf-8")
    return path


def test_cli_writes_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = _write(tmp_path)
    out = tmp_path / "plan.md"
    assert main(["plan", str(model), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == evaluation_plan(loads(MODEL))
    assert "wrote" in capsys.readouterr().err
    assert main(["plan", str(model)]) == 0
    assert capsys.readouterr().out == evaluation_plan(loads(MODEL))
    assert main(["plan", str(model), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("# Evaluation plan")


def test_cli_refuses_to_write_over_the_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = _write(tmp_path)
    link = tmp_path / "link.yaml"
    os.symlink(model, link)
    assert main(["plan", str(model), "-o", str(link)]) == 2
    assert "will not write" in capsys.readouterr().err
    assert model.read_text(encoding="utf-8") == MODEL


def test_cli_unreadable_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(tmp_path / "missing.yaml")]) == 2
    assert "could not read" in capsys.readouterr().err
