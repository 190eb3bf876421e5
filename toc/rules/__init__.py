"""The explicit registry of rules, and `validate`, which runs them.

Every code lives in `RULES`, in code order. Nothing is discovered by scanning modules: adding a rule
means adding it to the list below, where a reviewer sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from toc._gc import paused_gc
from toc.findings import Finding, Report
from toc.rules import (
    chain,
    evidence,
    frameworks,
    groups,
    importing,
    measurement,
    monitoring,
    reading,
    structure,
)
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, Rule

if TYPE_CHECKING:
    from toc.config import Config
    from toc.model import TheoryOfChange

__all__ = ["RULES", "Hit", "Rule", "RuleContext", "configured", "get_rule", "validate"]


def _registry(rules: list[Rule]) -> dict[str, Rule]:
    registry: dict[str, Rule] = {}
    for item in rules:
        if item.code in registry:
            raise RuntimeError(f"rule code {item.code} registered twice")
        registry[item.code] = item
    return dict(sorted(registry.items()))


RULES: dict[str, Rule] = _registry(
    [
        *reading.READING_CODES,
        *importing.IMPORT_CODES,
        structure.duplicate_id,
        structure.unknown_reference,
        structure.wrong_reference_kind,
        groups.unknown_group,
        groups.duplicate_group_id,
        chain.link_not_allowed,
        chain.causal_cycle,
        chain.orphan_element,
        chain.activity_reaches_no_impact,
        chain.impact_not_reached,
        chain.outcome_term_regression,
        measurement.activity_without_measurable_kpi,
        measurement.KPI_NO_MEASURE,
        measurement.KPI_NO_TARGET,
        measurement.KPI_NO_BASELINE,
        measurement.KPI_NO_DATA_SOURCE,
        measurement.KPI_NO_FREQUENCY,
        measurement.result_without_kpi,
        monitoring.actual_moving_away,
        monitoring.target_against_direction,
        monitoring.target_passed_without_actual,
        monitoring.actual_unit_mismatch,
        monitoring.duplicate_actual,
        evidence.inferred_link_without_evidence,
        frameworks.unknown_framework,
        frameworks.unknown_framework_entry,
    ]
)


def get_rule(code: str) -> Rule:
    """The rule for a code; an unknown code is a clear error naming the closest ones."""
    try:
        return RULES[code.upper()]
    except KeyError:
        from toc.suggest import did_you_mean

        hint = did_you_mean(code.upper(), RULES) or "; `toc rules` lists them"
        raise KeyError(f"no rule {code!r}{hint}") from None


def validate(model: TheoryOfChange, config: Config | None = None) -> Report:
    """Every finding about a model: those made reading its file, then every enabled rule's."""
    from toc.config import Config

    with paused_gc():
        return _validate(model, config or Config())


def _validate(model: TheoryOfChange, config: Config) -> Report:
    source_map = model.source_map
    file = source_map.file if source_map is not None else f"<{model.id}>"
    findings: list[Finding] = []
    if source_map is not None:
        findings.extend(configured(source_map.findings, config))
    context = RuleContext(model, config)
    for code, item in RULES.items():
        if item.check is None or not config.enabled(code):
            continue
        severity = config.severity_of(item)
        for hit in item.check(context):
            line, col, sheet = (
                source_map.place(hit.path) if source_map is not None else (0, 0, None)
            )
            findings.append(
                Finding(
                    source_map.file_at(hit.path) if source_map is not None else file,
                    line,
                    col,
                    code,
                    item.name,
                    severity,
                    hit.message,
                    hit.element_id,
                    hit.path,
                    sheet,
                )
            )
    return Report(findings)


def configured(
    findings: Iterable[Finding], config: Config, *, keep_all: bool = False
) -> list[Finding]:
    """Findings as configuration wants them: selected codes only, each at its configured severity.

    `keep_all` is for a file that could not be loaded: its findings explain why no rule could
    run, so they are never hidden.
    """
    return [
        _with_severity(found, config)
        for found in findings
        if keep_all or config.enabled(found.code)
    ]


def _with_severity(found: Finding, config: Config) -> Finding:
    severity = config.severity_of(RULES[found.code])
    if severity == found.severity:
        return found
    return Finding(
        found.file,
        found.line,
        found.col,
        found.code,
        found.name,
        severity,
        found.message,
        found.element_id,
        found.path,
        found.sheet,
    )
