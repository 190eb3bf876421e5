"""Theories of change and logic models as typed, validated graphs.

>>> import toc
>>> model = toc.load("bradford")
>>> report = model.validate()
"""

from __future__ import annotations

from toc.analysis.progress import Progress, RagThresholds
from toc.config import Config, ConfigError
from toc.dump import dump, dumps
from toc.findings import Finding, FindingsError, Report, Severity
from toc.io import convert, read_file, write_file
from toc.load import LoadError, LoadResult, load, loads, read
from toc.model import (
    Activity,
    Actual,
    Assumption,
    Barrier,
    Baseline,
    Enabler,
    Evidence,
    Framework,
    FrameworkEntry,
    Group,
    Impact,
    Input,
    Kpi,
    Link,
    Outcome,
    Output,
    Risk,
    Source,
    Statement,
    Tag,
    Target,
    TheoryOfChange,
)
from toc.rules import RULES, validate
from toc.save import SaveError, save
from toc.shipped import Bundled, bundled

__version__ = "0.1.0"

__all__ = [
    "RULES",
    "Activity",
    "Actual",
    "Assumption",
    "Barrier",
    "Baseline",
    "Bundled",
    "Config",
    "ConfigError",
    "Enabler",
    "Evidence",
    "Finding",
    "FindingsError",
    "Framework",
    "FrameworkEntry",
    "Group",
    "Impact",
    "Input",
    "Kpi",
    "Link",
    "LoadError",
    "LoadResult",
    "Outcome",
    "Output",
    "Progress",
    "RagThresholds",
    "Report",
    "Risk",
    "SaveError",
    "Severity",
    "Source",
    "Statement",
    "Tag",
    "Target",
    "TheoryOfChange",
    "__version__",
    "bundled",
    "convert",
    "dump",
    "dumps",
    "load",
    "loads",
    "read",
    "read_file",
    "save",
    "validate",
    "write_file",
]
