"""Examples in the README and docs run as tests, so the documentation never rots."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import toc
from toc._urls import DOCS_BASE
from toc.load import read_text

from .regenerate import COMMAND_PAGES, page_with_commands_run

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RULE_PAGES = sorted((ROOT / "docs" / "rules").glob("*.md"))
"""Rule pages: their Python runs here; their YAML is run as failing and passing examples by
tests/test_rule_docs.py (a failing example has reading findings on purpose)."""
_BLOCK = re.compile(r"```(yaml|python|toml)\n(.*?)```", re.DOTALL)


def _blocks(kind: str) -> list[tuple[str, str]]:
    found = []
    for page in PAGES if kind == "yaml" else [*PAGES, *RULE_PAGES]:
        for index, (lang, body) in enumerate(_BLOCK.findall(page.read_text(encoding="utf-8"))):
            if lang == kind:
                found.append((f"{page.name}#{index}", body))
    return found


MODELS = [
    (name, body) for name, body in _blocks("yaml") if re.search(r"^toc: 1$", body, re.MULTILINE)
]


@pytest.mark.parametrize(("name", "body"), MODELS, ids=[name for name, _ in MODELS])
def test_yaml_examples_load_without_reading_findings(name: str, body: str) -> None:
    result = read_text(body, name=name)
    assert result.findings == [], result.report.to_text()
    assert result.model is not None


@pytest.mark.parametrize(
    ("name", "body"), _blocks("python"), ids=[name for name, _ in _blocks("python")]
)
def test_python_examples_run(
    name: str, body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    exec(compile(body, name, "exec"), {"toc": toc, "__name__": "__doc_example__"})  # our own docs


@pytest.mark.parametrize(
    ("name", "body"), _blocks("toml"), ids=[name for name, _ in _blocks("toml")]
)
def test_toml_examples_are_settings_files_toc_accepts(name: str, body: str, tmp_path: Path) -> None:
    from toc.settings import read_settings_file

    path = tmp_path / ("pyproject.toml" if "[tool.toc]" in body else "toc.toml")
    path.write_text(body, encoding="utf-8")
    assert read_settings_file(path, explicit=True) is not None


def test_there_are_examples_to_test() -> None:
    assert len(MODELS) >= 5 and _blocks("python")


def test_model_validation_reports_in_the_docs_are_current() -> None:
    """Regenerate with `python -m tests.regenerate`."""
    from .regenerate import models_doc_text, report_blocks

    committed = report_blocks((ROOT / "docs" / "models.md").read_text(encoding="utf-8"))
    assert set(committed) == {"models/bradford.yaml", "models/llr.yaml", "models/home_office.yaml"}
    assert committed == report_blocks(models_doc_text())


def _shell_commands() -> list[tuple[str, str]]:
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for body in re.findall(r"```(?:sh|bash)\n(.*?)```", text, re.DOTALL):
            for line in body.splitlines():
                # `toc progress FILE [--actuals DATA]` is a synopsis, not a command to run
                if line.startswith("toc ") and "[-" not in line:
                    found.append((page.name, line))
    return found


@pytest.mark.parametrize(("page", "line"), _shell_commands())
def test_documented_commands_are_accepted_by_the_command_line(page: str, line: str) -> None:
    """Every `toc ...` line of a shell block names a command and options that exist."""
    from toc.cli import _parser

    argv = shlex.split(line, comments=True)[1:]
    command = next((a for a in argv if not a.startswith("-")), None)
    try:
        _parser(command=command).parse_args(argv)
    except SystemExit as error:
        pytest.fail(f"{page}: `{line}` is refused by the command line (exit {error.code})")


@pytest.mark.parametrize("page", COMMAND_PAGES)
def test_command_output_in_the_docs_is_current(page: str) -> None:
    """Regenerate with `python -m tests.regenerate`."""
    text = (ROOT / page).read_text(encoding="utf-8")
    assert "<!-- command:" in text
    assert text == page_with_commands_run(page)


def test_readme_names_the_docs_site() -> None:
    assert DOCS_BASE in (ROOT / "README.md").read_text(encoding="utf-8")
