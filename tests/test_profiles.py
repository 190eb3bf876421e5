"""Named profiles: each is documented as it is defined, and does what its documentation says."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

from toc.cli import main
from toc.config import Config
from toc.findings import Severity
from toc.load import loads
from toc.profiles import PROFILES
from toc.rules import RULES
from toc.settings import Settings, profile_layer

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
IATI_RESULTS = ROOT / "tests" / "io" / "data" / "results.xml"

MODEL = """\
toc: 1
id: m
title: Training measured by a KPI with a measure and a target only
activities:
  - id: train
    label: Train practitioners
    produces: [trained]
outputs:
  - id: trained
    label: Trained workforce
    measured_by: [share]
kpis:
  - id: share
    label: Share of practitioners trained
    measure: percentage
    target: {value: 90}
"""


def _config(profile: str) -> Settings:
    return Settings(profile=profile, isolated=True)


@pytest.mark.parametrize("name", list(PROFILES))
def test_each_profile_is_valid_settings(name: str) -> None:
    layer = profile_layer(name)
    assert layer.source == f"profile {name}" and layer.profile is None


@pytest.mark.parametrize("name", list(PROFILES))
def test_each_profile_is_documented_with_its_exact_table(name: str) -> None:
    section = re.search(rf"^### `{name}`\n(.*?)(?=^##)", DOCS, re.DOTALL | re.MULTILINE)
    assert section is not None, f"docs/configuration.md has no section for the {name} profile"
    tables = re.findall(r"```toml\n(.*?)```", section.group(1), re.DOTALL)
    if not PROFILES[name].table:
        assert tables == [] and "empty table" in section.group(1)
        return
    assert len(tables) == 1
    assert tomllib.loads(tables[0]) == PROFILES[name].table


def test_every_documented_profile_exists() -> None:
    part = DOCS[DOCS.index("\n## Profiles") : DOCS.index("\n## Seeing the settings")]
    assert re.findall(r"^### `([a-z]+)`", part, re.MULTILINE) == list(PROFILES)


def test_iati_silences_the_fields_iati_has_no_place_for_and_nothing_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def codes(*options: str) -> list[str]:
        main(["validate", str(IATI_RESULTS), "--isolated", "--format", "json", *options])
        return sorted(f["code"] for f in json.loads(capsys.readouterr().out)["findings"])

    plain = codes()
    assert {"TOC305", "TOC306"} <= set(plain)
    assert codes("--profile", "iati") == [c for c in plain if c not in ("TOC305", "TOC306")]


def test_logframe_makes_the_columns_of_a_logframe_errors() -> None:
    settings = _config("logframe")
    config = settings.config_for(None)
    report = loads(MODEL).validate(config)
    by_code = {f.code: f for f in report}
    # The KPI lacks a baseline and a data source: it does not count for TOC301, and each gap is
    # an error; frequency is not a logframe column.
    assert by_code["TOC301"].severity == Severity.ERROR
    assert "baseline" in by_code["TOC301"].message
    assert by_code["TOC304"].severity == Severity.ERROR
    assert by_code["TOC305"].severity == Severity.ERROR
    assert "TOC306" not in by_code
    assert "TOC301" not in loads(MODEL).validate(Config()).codes()  # by default it counts


def test_strict_makes_every_finding_an_error_and_demands_complete_kpis() -> None:
    config = _config("strict").config_for(None)
    report = loads(MODEL).validate(config)
    assert report.codes() and {f.severity for f in report} == {Severity.ERROR}
    assert "TOC306" in report.codes()  # info by default, on and an error here
    assert config.kpi_requires == {"measure", "target", "baseline", "data_source", "frequency"}
    assert all(config.severity_of(rule) == Severity.ERROR for rule in RULES.values() if rule.check)


def test_default_undoes_a_profile_named_by_a_settings_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "toc.toml").write_text('profile = "strict"\n', encoding="utf-8")
    assert _profile_of(Settings()) == "strict"
    undone = Settings(profile="default")
    assert _profile_of(undone) == "default"
    config = undone.config_for(None)
    assert config.kpi_requires == {"measure"} and not config.severities and not config.ignore


def _profile_of(settings: Settings) -> str | None:
    return settings.resolve(None).profile
