"""Configuration: selection by code or prefix, severities, KPI demands; bad values are clear errors."""

from __future__ import annotations

import pytest

from toc.config import Config, ConfigError
from toc.findings import Severity
from toc.rules import RULES


def test_select_and_ignore_by_prefix() -> None:
    config = Config.build(select=["TOC3"], ignore=["toc304"])
    assert (
        config.enabled("TOC301") and not config.enabled("TOC304") and not config.enabled("TOC201")
    )
    assert Config().enabled("TOC201")


def test_longest_severity_override_wins() -> None:
    config = Config.build(severities={"TOC3": "info", "TOC301": "warning"})
    assert config.severity_of(RULES["TOC301"]) == Severity.WARNING
    assert config.severity_of(RULES["TOC303"]) == Severity.INFO
    assert config.severity_of(RULES["TOC201"]) == RULES["TOC201"].severity


@pytest.mark.parametrize(
    "kwargs",
    [
        {"select": ["TOC999"]},
        {"ignore": ["XYZ"]},
        {"severities": {"TOC301": "fatal"}},
        {"kpi_requires": ["colour"]},
        {"kpi_reach": "sideways"},
    ],
)
def test_bad_values_are_config_errors(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        Config.build(**kwargs)  # type: ignore[arg-type]  # deliberately wrong values


def test_measure_is_always_required() -> None:
    assert Config.build(kpi_requires=["target"]).kpi_requires == {"measure", "target"}
