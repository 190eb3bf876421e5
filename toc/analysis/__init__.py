"""Analyses of a loaded model for delivery and evaluation, one module per question.

`toc.analysis.coverage`: which entries of a reference framework (an outcome bank, a taxonomy) the
model's tags reach; `model.coverage("home-office")` is the short way to ask. Analyses sit above the
graph and the rules and below the renderers and the command line. `toc.analysis.evidence`: each
causal link ranked by its evidence and basis, the weakest link of each pathway from an activity to
an impact, untested assumptions and KPIs without a baseline (`model.evidence()`).
`toc.analysis.plan`: an evaluation-plan skeleton in Markdown built from that (`evaluation_plan`).
`toc.analysis.progress`: each KPI's progress towards its targets from its actuals, and the roll-up
to the elements the KPIs measure (`model.progress(actuals)`).

Each module's main function has the module's name, so it is not re-exported here: the package
attribute `toc.analysis.coverage` stays the module (`import toc.analysis.coverage as c` would get
the function otherwise).
"""

from __future__ import annotations

from toc.analysis.coverage import (
    Count,
    Coverage,
    EntryCoverage,
    GroupCoverage,
    Matrix,
    MatrixRow,
    Tagged,
    UnknownFrameworkError,
    UnresolvedTag,
    coverage_json,
    tagged_entries,
    tagged_frameworks,
)
from toc.analysis.evidence import (
    BASIS_RANK,
    STRENGTH_RANK,
    ActivityPathways,
    EvidenceReport,
    KpiWithoutBaseline,
    LinkEvidence,
    Pathway,
    UntestedAssumption,
    link_rank,
)
from toc.analysis.plan import evaluation_plan

__all__ = [
    "BASIS_RANK",
    "STRENGTH_RANK",
    "ActivityPathways",
    "Count",
    "Coverage",
    "EntryCoverage",
    "EvidenceReport",
    "GroupCoverage",
    "KpiWithoutBaseline",
    "LinkEvidence",
    "Matrix",
    "MatrixRow",
    "Pathway",
    "Tagged",
    "UnknownFrameworkError",
    "UnresolvedTag",
    "UntestedAssumption",
    "coverage_json",
    "evaluation_plan",
    "link_rank",
    "tagged_entries",
    "tagged_frameworks",
]
