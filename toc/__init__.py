"""Theories of change and logic models as typed, validated graphs.

>>> import toc
>>> model = toc.load("bradford")
>>> report = model.validate()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from toc.config import Config, ConfigError
from toc.dump import dump, dumps
from toc.findings import Finding, FindingsError, Report, Severity
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
    OutcomeLevel,
    Output,
    Risk,
    Source,
    Statement,
    Tag,
    Target,
    TheoryOfChange,
    outcome_level_name,
    outcome_levels,
)
from toc.rules import RULES, validate
from toc.save import SaveError, save

if TYPE_CHECKING:
    from toc.analysis.progress import Progress, RagThresholds
    from toc.io import convert, read_file, write_file
    from toc.settings import Settings
    from toc.shipped import Bundled, bundled

_LAZY = {
    "Progress": "toc.analysis.progress",
    "RagThresholds": "toc.analysis.progress",
    "convert": "toc.io",
    "read_file": "toc.io",
    "write_file": "toc.io",
    "Bundled": "toc.shipped",
    "bundled": "toc.shipped",
    "Settings": "toc.settings",
}
"""Names imported on first use: progress pulls in the spreadsheet readers and every analysis,
about half of `import toc`, which `toc validate` and most notebooks never need. (`load`, `dump`
and `save` stay eager: each shares its name with its module, which would shadow a lazy name.)"""

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
    "OutcomeLevel",
    "Output",
    "Progress",
    "RagThresholds",
    "Report",
    "Risk",
    "SaveError",
    "Settings",
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
    "outcome_level_name",
    "outcome_levels",
    "read",
    "read_file",
    "save",
    "validate",
    "write_file",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toc' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
