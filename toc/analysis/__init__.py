"""Analyses of a loaded model for delivery and evaluation, one module per question.

`toc.analysis.coverage`: which entries of a reference framework (an outcome bank, a taxonomy) the
model's tags reach; `model.coverage("home-office")` is the short way to ask. Analyses sit above the
graph and the rules and below the renderers and the command line.

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

__all__ = [
    "Count",
    "Coverage",
    "EntryCoverage",
    "GroupCoverage",
    "Matrix",
    "MatrixRow",
    "Tagged",
    "UnknownFrameworkError",
    "UnresolvedTag",
    "coverage_json",
    "tagged_entries",
    "tagged_frameworks",
]
