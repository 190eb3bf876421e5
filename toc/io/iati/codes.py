"""IATI's codelists as this library reads them, and its own namespace for what IATI lacks."""

from __future__ import annotations

NAMESPACE = "https://theory-of-change.readthedocs.io/ns/iati"
"""Attributes for what IATI lacks: `toc:id`, `toc:term`, `toc:unit` and `toc:cumulative`."""

RESULT_TYPES = {"1": "output", "2": "outcome", "3": "impact", "9": "other"}
"""IATI's ResultType codelist, for messages and `--levels` (by code or by name)."""
DEFAULT_LEVELS = {"1": "output", "2": "outcome:short", "3": "impact"}
"""What each result type becomes unless `levels` says otherwise; IATI outcomes have no term."""
MEASURES = {"1": "unit", "2": "percentage", "3": "nominal", "4": "ordinal", "5": "qualitative"}
"""IATI's IndicatorMeasure codelist."""
STATUS_WORDS = {
    "tbc": "tbc",
    "tbd": "tbc",
    "to be confirmed": "tbc",
    "n/a": "n/a",
    "not applicable": "n/a",
    "not collected": "not-collected",
    "not-collected": "not-collected",
}
"""IATI values written as words that say why there is no number, read as a value's `status`."""

PLACEHOLDER_ORG = "XX-TOC-PLACEHOLDER"
"""The organisation reference written where IATI requires one that a theory of change lacks."""


def namespaced(name: str) -> str:
    """An attribute of this library's namespace as ElementTree names it: `{NAMESPACE}name`."""
    return f"{{{NAMESPACE}}}{name}"
