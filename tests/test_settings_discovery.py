"""Settings files: found walking up from each model, nearest wins, bad ones are one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toc.cli import main
from toc.config import ConfigError
from toc.findings import Severity
from toc.rules import RULES
from toc.settings import COMMAND_LINE, Settings, SettingsError, glob_regex, read_settings_file

MODEL = """\
toc: 1
id: m
title: A KPI lacking most of what it needs
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
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def validate(
    capsys: pytest.CaptureFixture[str], *argv: str
) -> tuple[int, dict[str, set[str]], str]:
    """Exit status, the codes found in each file, and stderr."""
    status = main(["validate", "--format", "json", "--fail-on", "never", *argv])
    out, err = capsys.readouterr()
    codes: dict[str, set[str]] = {}
    for finding in json.loads(out)["findings"] if out.strip() else []:
        codes.setdefault(Path(finding["file"]).as_posix(), set()).add(finding["code"])
    return status, codes, err


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_the_model_has_the_findings_the_settings_below_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(Path("model.yaml"), MODEL)
    _, codes, _ = validate(capsys, "model.yaml")
    assert {"TOC303", "TOC304", "TOC305", "TOC306"} <= codes["model.yaml"]


def test_nearest_file_wins_whole_and_a_pyproject_without_the_table_is_passed_over(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(Path("toc.toml"), 'ignore = ["TOC305"]\n')
    write(Path("team/pyproject.toml"), '[project]\nname = "team"\n')
    write(Path("team/deeper/pyproject.toml"), '[tool.toc]\nignore = ["TOC306"]\n')
    write(Path("team/model.yaml"), MODEL)
    write(Path("team/deeper/model.yaml"), MODEL)
    status, codes, err = validate(capsys, "team/model.yaml", "team/deeper/model.yaml")
    assert status == 0, err
    assert "TOC305" not in codes["team/model.yaml"] and "TOC306" in codes["team/model.yaml"]
    # The nearer [tool.toc] is used alone: nothing is merged from toc.toml further up.
    assert "TOC306" not in codes["team/deeper/model.yaml"]
    assert "TOC305" in codes["team/deeper/model.yaml"]


def test_a_folder_holding_both_files_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    write(Path("toc.toml"), 'ignore = ["TOC305"]\n')
    write(Path("pyproject.toml"), '[tool.toc]\nignore = ["TOC306"]\n')
    write(Path("model.yaml"), MODEL)
    status = main(["validate", "model.yaml"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith("toc validate: toc.toml and pyproject.toml both hold settings")


def test_config_names_the_file_and_isolated_uses_none(capsys: pytest.CaptureFixture[str]) -> None:
    write(Path("toc.toml"), 'ignore = ["TOC305"]\n')
    write(Path("ci/strict.toml"), 'profile = "strict"\n')
    write(Path("model.yaml"), MODEL)
    _, codes, _ = validate(capsys, "model.yaml", "--config", "ci/strict.toml")
    assert "TOC305" in codes["model.yaml"]
    status = main(["validate", "model.yaml", "--config", "ci/strict.toml", "--format", "json"])
    severities = {f["severity"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert status == 1 and severities == {"error"}
    _, codes, _ = validate(capsys, "model.yaml", "--isolated")
    assert "TOC305" in codes["model.yaml"]
    _, codes, _ = validate(capsys, "model.yaml")
    assert "TOC305" not in codes["model.yaml"]
    status, _, err = validate(capsys, "model.yaml", "--isolated", "--config", "ci/strict.toml")
    assert status == 2 and "contradict" in err


def test_a_pyproject_named_by_config_must_have_the_table(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(Path("pyproject.toml"), '[project]\nname = "x"\n')
    write(Path("model.yaml"), MODEL)
    status, _, err = validate(capsys, "model.yaml", "--config", "pyproject.toml")
    assert status == 2 and "pyproject.toml: has no [tool.toc] table" in err


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "toc.toml",
            'ignore = ["TOC305"]\nselct = ["TOC3"]\n',
            'toc.toml:2: unknown setting "selct"; did you mean `select`?',
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.toc]\nprofil = "iati"\n',
            'pyproject.toml:5: unknown setting "profil"; did you mean `profile`?',
        ),
        ("toc.toml", "profile = iati\n", "toc.toml:1:11: not valid TOML: Invalid value"),
        (
            "toc.toml",
            'profile = "iatti"\n',
            'toc.toml:1: `profile`: no profile "iatti"; did you mean `iati`?',
        ),
        (
            "toc.toml",
            'ignore = "TOC305"\n',
            "toc.toml:1: `ignore`: expected a list of codes or prefixes",
        ),
        (
            "toc.toml",
            'ignore = ["TOC999"]\n',
            "toc.toml:1: `ignore`: no rule code matches 'TOC999'",
        ),
        ("toc.toml", 'ignore = [" "]\n', "toc.toml:1: `ignore`: an empty code"),
        (
            "toc.toml",
            '\n[severity]\nTOC304 = "fatal"\n',
            'toc.toml:3: `severity`: "fatal" for TOC304 is not a severity: error, warning, info',
        ),
        (
            "toc.toml",
            'require = ["colour"]\n',
            'toc.toml:1: `require`: "colour" is not a KPI field',
        ),
        (
            "toc.toml",
            'kpi-reach = "sideways"\n',
            'toc.toml:1: `kpi-reach`: expected direct or downstream, not "sideways"',
        ),
        (
            "toc.toml",
            '[per-file-overrides]\n"*.yaml" = {ignre = ["TOC305"]}\n',
            'toc.toml:2: unknown setting "ignre"; did you mean `ignore`?',
        ),
        (
            "toc.toml",
            '[per-file-overrides."*.yaml"]\nseverity = {TOC304 = 1}\n',
            'toc.toml:2: `per-file-overrides."*.yaml".severity`: a number for TOC304 is not a severity',
        ),
        (
            "toc.toml",
            '[per-file-overrides]\n"/abs/*.yaml" = {ignore = ["TOC305"]}\n',
            'toc.toml:2: "/abs/*.yaml" must be a glob relative to the folder',
        ),
        (
            "toc.toml",
            'per-file-overrides = ["x"]\n',
            "toc.toml:1: `per-file-overrides` must be a table of globs",
        ),
    ],
)
def test_a_bad_settings_file_is_one_line_with_its_place_and_exit_2(
    capsys: pytest.CaptureFixture[str], name: str, text: str, message: str
) -> None:
    write(Path(name), text)
    write(Path("model.yaml"), MODEL)
    status = main(["validate", "model.yaml"])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith(f"toc validate: {message}"), err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_settings_file_that_is_not_utf8_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    Path("toc.toml").write_bytes(b'# caf\xe9\nignore = ["TOC305"]\n')
    write(Path("model.yaml"), MODEL)
    status, _, err = validate(capsys, "model.yaml")
    assert status == 2 and "toc.toml:1: not UTF-8 text" in err


@pytest.mark.parametrize("code", ["TOC003", "TOC008", "TOC104"])
def test_a_reading_code_in_a_settings_file_is_refused_naming_it(
    capsys: pytest.CaptureFixture[str], code: str
) -> None:
    write(Path("toc.toml"), f'profile = "iati"\n\n[severity]\n{code} = "info"\n')
    write(Path("model.yaml"), MODEL)
    status, _, err = validate(capsys, "model.yaml")
    assert status == 2
    assert f"toc.toml:4: `severity`: {code} ({RULES[code].name})" in err
    assert "cannot be ignored or given another severity" in err


@pytest.mark.parametrize(
    ("text", "option", "code"),
    [
        ("toc: 1\nid: norway\ntitle: NO\n", "--ignore", "TOC008"),
        (
            "toc: 1\nid: m\ntitle: T\noutcomes:\n  - id: a\n    label: A\n    term: soon\n",
            "--severity",
            "TOC104",
        ),
    ],
)
def test_a_reading_code_on_the_command_line_is_refused_not_silently_accepted(
    capsys: pytest.CaptureFixture[str], text: str, option: str, code: str
) -> None:
    write(Path("model.yaml"), text)
    value = code if option == "--ignore" else f"{code}=info"
    status = main(["validate", "model.yaml", option, value])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.startswith(f"toc validate: {option}: {code} ({RULES[code].name}) ")
    assert "cannot be ignored or given another severity" in err


def test_an_unreadable_file_code_says_nothing_else_can_be_checked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    Path("model.yaml").write_bytes(b"toc: 1\nid: m\ntitle: \xff\n")
    status = main(["validate", "model.yaml", "--ignore", "TOC003"])
    err = capsys.readouterr().err
    assert status == 2
    assert (
        "TOC003 (bad-encoding) means the file could not be read, so nothing else can be checked"
        in err
    )


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("imports/*.yaml", "imports/a.yaml", True),
        ("imports/*.yaml", "imports/deep/a.yaml", False),
        ("imports/*.yaml", "other/imports/a.yaml", False),
        ("imports/**/*.yaml", "imports/a.yaml", True),
        ("imports/**/*.yaml", "imports/x/y/a.yaml", True),
        ("**/iati-*.xml", "a/b/iati-1.xml", True),
        ("model-?.yaml", "model-1.yaml", True),
        ("model-[0-9].yaml", "model-x.yaml", False),
        ("model-[!0-9].yaml", "model-x.yaml", True),
        ("a+b(1).yaml", "a+b(1).yaml", True),
    ],
)
def test_globs(pattern: str, path: str, matches: bool) -> None:
    assert (glob_regex(pattern).fullmatch(path) is not None) is matches


def test_a_glob_without_a_slash_matches_the_name_in_any_folder() -> None:
    write(Path("toc.toml"), '[per-file-overrides]\n"*.iati.yaml" = {profile = "iati"}\n')
    found = read_settings_file("toc.toml")
    assert found is not None
    [override] = found.overrides
    assert override.matches("a/b/results.iati.yaml") and not override.matches("a/results.yaml")


def test_per_file_overrides_apply_to_matching_files_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        Path("toc.toml"),
        'ignore = ["TOC306"]\n\n[per-file-overrides]\n"imports/*.yaml" = { profile = "iati" }\n',
    )
    write(Path("imports/results.yaml"), MODEL)
    write(Path("model.yaml"), MODEL)
    write(Path("elsewhere/imports/model.yaml"), MODEL)
    _, codes, _ = validate(
        capsys, "imports/results.yaml", "model.yaml", "elsewhere/imports/model.yaml"
    )
    assert "TOC305" not in codes["imports/results.yaml"]
    assert "TOC305" in codes["model.yaml"] and "TOC305" in codes["elsewhere/imports/model.yaml"]
    assert not any("TOC306" in found for found in codes.values())


def test_layers_apply_in_order_profile_file_override_command_line() -> None:
    write(
        Path("toc.toml"),
        'profile = "iati"\nextend-select = ["TOC305"]\nseverity = {TOC304 = "error", TOC3 = "info"}\n'
        'require = ["target"]\n\n'
        '[per-file-overrides."*.yaml"]\nseverity = {TOC304 = "info"}\nkpi-reach = "downstream"\n',
    )
    write(Path("model.yaml"), MODEL)
    from_file = Settings().resolve("model.yaml")
    config = from_file.config
    # The profile ignored TOC305 and TOC306; the file turned TOC305 back on.
    assert config.enabled("TOC305") and not config.enabled("TOC306")
    assert from_file.off["TOC306"] == "ignored by profile iati"
    # Within a layer the longest prefix wins; a per-file override beats the file.
    assert config.severity_of(RULES["TOC304"]) == Severity.INFO
    assert config.severity_of(RULES["TOC303"]) == Severity.INFO
    assert from_file.severity_from["TOC304"] == 'toc.toml [per-file-overrides "*.yaml"]'
    assert config.kpi_requires == {"measure", "target"} and config.kpi_reach == "downstream"
    over = Settings(
        profile="strict",
        select=["TOC3"],
        severity={"TOC304": "warning"},
        kpi_reach="direct",
        source=COMMAND_LINE,
    ).resolve("model.yaml")
    assert over.profile == "strict" and over.profile_from == "command line"
    # The command line's select turns off what it does not name, whatever the file said.
    assert not over.config.enabled("TOC204") and over.config.enabled("TOC305")
    assert over.config.severity_of(RULES["TOC304"]) == Severity.WARNING
    # TOC303: strict says error, the file's TOC3 says info; the file is above the profile.
    assert over.config.severity_of(RULES["TOC303"]) == Severity.INFO
    assert over.config.kpi_reach == "direct" and over.kpi_reach_from == "command line"
    assert over.config.kpi_requires == {"measure", "target"}  # the file's, above strict's


def test_discovery_starts_from_the_model_not_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(Path("project/toc.toml"), 'ignore = ["TOC306"]\n')
    write(Path("project/model.yaml"), MODEL)
    write(Path("elsewhere/toc.toml"), 'ignore = ["TOC305"]\n')
    monkeypatch.chdir(tmp_path / "elsewhere")
    resolved = Settings().resolve(tmp_path / "project" / "model.yaml")
    assert resolved.settings_file == tmp_path / "project" / "toc.toml"
    assert set(resolved.off) == {"TOC306"}
    # A bundled model by name takes the working folder's settings.
    assert set(Settings().resolve("bradford").off) == {"TOC305"}
    assert set(Settings().resolve("bundled:bradford").off) == {"TOC305"}


def test_folders_are_searched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    write(Path("toc.toml"), 'ignore = ["TOC306"]\n')
    for name in ("a", "b", "c"):
        write(Path(f"deep/er/{name}.yaml"), MODEL)
    import toc.settings

    reads: list[Path] = []
    original = toc.settings.read_settings_file

    def counting(path: str | Path, *, explicit: bool = False) -> object:
        reads.append(Path(path))
        return original(path, explicit=explicit)

    monkeypatch.setattr(toc.settings, "read_settings_file", counting)
    settings = Settings()
    for name in ("a", "b", "c"):
        assert not settings.config_for(f"deep/er/{name}.yaml").enabled("TOC306")
    assert [path.name for path in reads] == ["toc.toml"]


def test_settings_errors_are_config_errors() -> None:
    write(Path("toc.toml"), "select = 3\n")
    with pytest.raises(ConfigError):
        Settings().config_for("model.yaml")
    assert issubclass(SettingsError, ConfigError) and issubclass(ConfigError, ValueError)


def test_arguments_in_python_are_checked_and_named_as_keys() -> None:
    with pytest.raises(SettingsError, match=r"^`ignore`: TOC008 \(ambiguous-scalar\)"):
        Settings(ignore=["TOC008"])
    with pytest.raises(SettingsError, match=r"^--ignore: TOC008"):
        Settings(ignore=["TOC008"], source=COMMAND_LINE)
    with pytest.raises(ConfigError, match="as_of must be a date"):
        Settings(as_of="tomorrow")
    resolved = Settings(isolated=True, ignore=["TOC304"], as_of="2025-01-31").resolve(None)
    assert resolved.off == {"TOC304": "ignored by arguments"}
    assert str(resolved.config.as_of) == "2025-01-31"


def test_toc_config_prints_the_settings_and_where_each_came_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(
        Path("toc.toml"),
        'profile = "logframe"\nignore = ["TOC310"]\n\n[per-file-overrides]\n"imports/*.yaml" = {profile = "iati"}\n',
    )
    write(Path("imports/results.yaml"), MODEL)
    assert main(["config", "imports/results.yaml", "--severity", "TOC201=warning"]) == 0
    text = capsys.readouterr().out
    assert "settings file: toc.toml" in text
    assert 'profile: iati (from toc.toml [per-file-overrides "imports/*.yaml"])' in text
    assert "TOC305 kpi-no-data-source: ignored by profile iati" in text
    assert "TOC310 target-passed-without-actual: ignored by toc.toml" in text
    assert "TOC201 link-not-allowed: error -> warning (from command line)" in text
    assert main(["config", "imports/results.yaml", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"] == "iati" and data["per_file_overrides"] == ["imports/*.yaml"]
    rules = {rule["code"]: rule for rule in data["rules"]}
    assert (
        rules["TOC305"]["enabled"] is False
        and rules["TOC305"]["off_because"] == "ignored by profile iati"
    )
    assert rules["TOC008"]["configurable"] is False and rules["TOC008"]["enabled"] is True
    assert main(["config"]) == 0
    assert "profile: logframe (from toc.toml)" in capsys.readouterr().out


def test_toc_config_without_settings_and_with_bad_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "--isolated"]) == 0
    text = capsys.readouterr().out
    assert "settings file: none found" in text and "rules off: none" in text
    assert main(["config", "--ignore", "TOC008"]) == 2
    assert "toc config: --ignore: TOC008" in capsys.readouterr().err


def test_report_and_progress_use_the_discovered_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    model = MODEL + "    target: {value: 90, year: 2024}\n"
    write(Path("model.yaml"), model)
    main(["report", "model.yaml", "-o", "-", "--format", "markdown"])
    assert "TOC304" in capsys.readouterr().out
    write(Path("toc.toml"), 'ignore = ["TOC304", "TOC310"]\n')
    main(["report", "model.yaml", "-o", "-", "--format", "markdown"])
    assert "TOC304" not in capsys.readouterr().out
    main(["report", "model.yaml", "-o", "-", "--format", "markdown", "--isolated"])
    assert "TOC304" in capsys.readouterr().out
    main(["progress", "model.yaml", "--format", "json", "--as-of", "2025-06-01"])
    assert "TOC310" not in capsys.readouterr().out
    main(["progress", "model.yaml", "--format", "json", "--as-of", "2025-06-01", "--isolated"])
    assert "TOC310" in capsys.readouterr().out


def test_render_with_findings_uses_the_discovered_settings(
    capsys: pytest.CaptureFixture[str],
) -> None:
    write(Path("model.yaml"), MODEL)
    write(Path("toc.toml"), 'ignore = ["TOC3"]\n')
    assert main(["render", "model.yaml", "--with-findings", "-o", "-", "--format", "mmd"]) == 0
    assert "TOC30" not in capsys.readouterr().out
    assert (
        main(
            ["render", "model.yaml", "--with-findings", "-o", "-", "--format", "mmd", "--isolated"]
        )
        == 0
    )
    assert "TOC30" in capsys.readouterr().out
