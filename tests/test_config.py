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


@pytest.mark.parametrize("code", ["TOC003", "TOC008", "TOC104", "TOC022"])
@pytest.mark.parametrize("option", ["ignore", "severities"])
def test_a_code_found_while_reading_cannot_be_ignored_or_regraded(code: str, option: str) -> None:
    kwargs: dict[str, object] = (
        {"ignore": [code]} if option == "ignore" else {"severities": {code: "info"}}
    )
    with pytest.raises(
        ConfigError,
        match=rf"^{code} \({RULES[code].name}\) .* cannot be ignored or given another severity",
    ):
        Config.build(**kwargs)  # type: ignore[arg-type]  # built from the parameters above


def test_the_refusal_says_why_for_an_unreadable_file() -> None:
    with pytest.raises(ConfigError, match="could not be read, so nothing else can be checked"):
        Config.build(ignore=["TOC003"])
    with pytest.raises(ConfigError, match="names only codes found while reading"):
        Config.build(severities={"TOC10": "info"})


def test_a_prefix_over_reading_codes_and_rules_changes_only_the_rules() -> None:
    config = Config.build(select=["TOC3"], ignore=["TOC1"], severities={"TOC": "info"})
    assert config.enabled("TOC104") and config.enabled("TOC008")  # not selected, still reported
    assert not config.enabled("TOC111") and config.enabled("TOC301")
    assert config.severity_of(RULES["TOC104"]) == Severity.ERROR
    assert config.severity_of(RULES["TOC022"]) == Severity.WARNING
    assert config.severity_of(RULES["TOC301"]) == Severity.INFO


def test_a_mistyped_code_is_told_the_closest() -> None:
    with pytest.raises(ConfigError, match="did you mean `TOC301`"):
        Config.build(ignore=["TOC3O1"])
    with pytest.raises(ConfigError, match="`toc rules` lists them"):
        Config.build(ignore=["TOC999"])


def test_the_codes_found_while_reading_are_the_ones_the_docs_and_help_name() -> None:
    """docs/configuration.md and `--ignore`'s help say TOC0xx and TOC101-TOC104."""
    from toc.config import reading_codes

    named = {code for code in RULES if code.startswith("TOC0")} | {
        "TOC101",
        "TOC102",
        "TOC103",
        "TOC104",
    }
    assert reading_codes() == named
