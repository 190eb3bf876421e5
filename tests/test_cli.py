"""The command line: output formats, exit statuses, rule selection."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from toc.cli import main

NO_KPI = """\
toc: 1
id: m
title: An activity lacking a KPI
activities:
  - id: train
    label: Train practitioners
    produces: [trained]
outputs:
  - id: trained
    label: Trained workforce
"""


@pytest.fixture
def no_kpi(tmp_path: Path) -> Path:
    path = tmp_path / "model.yaml"
    path.write_text(NO_KPI, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_headline_finding_at_its_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], no_kpi: Path
) -> None:
    status, out, err = run(capsys, "validate", str(no_kpi))
    assert status == 1
    assert f"{no_kpi}:5:5: TOC301 error: activity `train` has no measurable KPI" in out
    assert "error" in err


def test_clean_file_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "clean.yaml"
    path.write_text("toc: 1\nid: m\ntitle: Nothing yet\n", encoding="utf-8")
    assert run(capsys, "validate", str(path))[:2] == (0, "")


def test_ignore_and_select(capsys: pytest.CaptureFixture[str], no_kpi: Path) -> None:
    status, out, _ = run(capsys, "validate", str(no_kpi), "--ignore", "TOC301,TOC2")
    assert status == 0 and "TOC301" not in out and "TOC204" not in out
    status, out, _ = run(capsys, "validate", str(no_kpi), "--select", "TOC3")
    assert {line.split()[1] for line in out.splitlines()} == {"TOC301"}


def test_fail_on_and_severity_override(capsys: pytest.CaptureFixture[str], no_kpi: Path) -> None:
    assert run(capsys, "validate", str(no_kpi), "--select", "TOC204")[0] == 0
    assert (
        run(capsys, "validate", str(no_kpi), "--select", "TOC204", "--fail-on", "warning")[0] == 1
    )
    assert run(capsys, "validate", str(no_kpi), "--severity", "TOC301=warning")[0] == 0
    assert run(capsys, "validate", str(no_kpi), "--fail-on", "never")[0] == 0


def test_json_output(capsys: pytest.CaptureFixture[str], no_kpi: Path) -> None:
    status, out, _ = run(capsys, "validate", str(no_kpi), "--format", "json")
    document = json.loads(out)
    assert document["version"] == 1 and list(document) == ["version", "findings"]
    findings = document["findings"]
    headline = next(f for f in findings if f["code"] == "TOC301")
    assert status == 1
    assert headline["line"] == 5 and headline["col"] == 5 and headline["element_id"] == "train"
    assert headline["path"] == ["activities", 0]
    assert headline["url"].endswith("/TOC301/")


def test_github_output_escapes(capsys: pytest.CaptureFixture[str], no_kpi: Path) -> None:
    _, out, _ = run(capsys, "validate", str(no_kpi), "--format", "github", "--select", "TOC301")
    [line] = out.splitlines()
    assert line.startswith(
        f"::error file={no_kpi},line=5,col=5,title=TOC301 activity-without-measurable-kpi::"
    )


def test_unreadable_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert status == 2 and "TOC012" in out
    broken = tmp_path / "broken.yaml"
    broken.write_text("toc: [1\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(broken))
    assert status == 2 and f"{broken}:2:1: TOC001" in out


def test_schema_problem_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("toc: 1\nid: m\ntitel: T\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path))
    assert status == 1 and "TOC101" in out and "TOC102" in out


def test_bad_option_values_exit_2(capsys: pytest.CaptureFixture[str], no_kpi: Path) -> None:
    assert run(capsys, "validate", str(no_kpi), "--select", "TOC999")[0] == 2
    assert run(capsys, "validate", str(no_kpi), "--severity", "TOC301")[0] == 2
    assert run(capsys, "validate", str(no_kpi), "--severity", "TOC301=fatal")[0] == 2
    assert run(capsys, "validate", str(no_kpi), "--require", "colour")[0] == 2


def test_rules_list_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "rules")
    assert status == 0 and "TOC301  activity-without-measurable-kpi" in out
    status, out, _ = run(capsys, "rules", "toc301")
    assert status == 0 and "Fails:" in out
    status, _, err = run(capsys, "rules", "TOC30")
    assert status == 2 and "did you mean" in err


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "schema")
    assert status == 0 and json.loads(out)["title"] == "Theory of change"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(
            capsys,
        )[0]
        == 2
    )


def test_whole_process_never_shows_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(b"toc: 1\nid: !!python/object/apply:os.system ['touch pwned']\ntitle: \xff\n")
    done = subprocess.run(
        [sys.executable, "-m", "toc", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "TOC003" in done.stdout
    assert not (tmp_path / "pwned").exists()


def test_a_file_that_did_not_load_always_fails_and_shows_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text("toc: 1\nid: m\ntitle: T\ncolour: red\n", encoding="utf-8")
    status, out, _ = run(capsys, "validate", str(path), "--select", "TOC301")
    assert status == 1 and "TOC101" in out
    status, out, _ = run(
        capsys, "validate", str(path), "--severity", "TOC1=info", "--fail-on", "never"
    )
    assert status == 1
    # A prefix that also covers reading codes changes only the rules: TOC101 keeps its severity.
    assert (
        json.loads(
            run(capsys, "validate", str(path), "--severity", "TOC1=info", "--format", "json")[1]
        )["findings"][0]["severity"]
        == "error"
    )


@pytest.mark.parametrize("output", ["text", "github"])
def test_user_text_cannot_inject_terminal_escapes_or_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, output: str
) -> None:
    path = tmp_path / "escape.yaml"
    path.write_text(
        'toc: 1\nid: m\ntitle: T\n"\\e[31mred\\nfake.yaml:1:1: TOC000 forged\\u202e": 1\n',
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "validate", str(path), "--format", output)
    assert status == 1
    assert "\x1b" not in out and "\u202e" not in out
    assert len(out.splitlines()) == 1 and "\\x1b[31mred\\n" in out
