"""Text from a file or the command line never reaches a terminal as control characters.

A label can hold an escape sequence (`"\\e[31m"` in a double-quoted YAML string), a bell, or a
right-to-left override that makes a terminal show text other than what is there. Everything the
command line and a notebook's plain-text view print is escaped the way findings already are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.render_models import BRADFORD
from toc.cli import main
from toc.load import load, loads
from toc.model import TheoryOfChange

HOSTILE = "\x1b[31mred\x1b[0m \x07bell \u202eevil \x9b2J \u2028 end"
"""ESC sequences, BEL, a right-to-left override, a C1 CSI, a line separator."""
HOSTILE_YAML = '"\\e[31mred\\e[0m \\abell \\u202Eevil \\x9b2J \\L end"'
"""The same text as YAML writes it in a double-quoted string."""


def _raw_controls(text: str) -> list[str]:
    """The characters a terminal would act on, other than line ends."""
    return sorted({c for c in text if not c.isprintable() and c != "\n"})


def test_the_yaml_spelling_is_the_hostile_text() -> None:
    model = loads(f"toc: 1\nid: m\ntitle: {HOSTILE_YAML}\n")
    assert model.title == HOSTILE


@pytest.fixture
def hostile_frameworks(tmp_path: Path) -> Path:
    path = tmp_path / "frameworks.yaml"
    path.write_text(
        f"""\
toc: 1
id: m
title: {HOSTILE_YAML}
frameworks:
  - id: mine
    title: {HOSTILE_YAML}
    entries:
      - id: first
        label: {HOSTILE_YAML}
""",
        encoding="utf-8",
    )
    return path


def test_frameworks_entries_are_escaped(
    capsys: pytest.CaptureFixture[str], hostile_frameworks: Path
) -> None:
    assert main(["frameworks", str(hostile_frameworks), "--entries"]) == 0
    out = capsys.readouterr().out
    assert _raw_controls(out) == []
    line = next(line for line in out.splitlines() if line.startswith("mine "))
    assert line.endswith("\\x1b[31mred\\x1b[0m \\x07bell \\u202eevil \\x9b2J \\u2028 end")
    assert "mine:first" in out


@pytest.mark.parametrize("command", ["render", "table"])
def test_could_not_load_names_the_file_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    name = str(tmp_path / "\x1b]0;owned\x07\u202emissing.yaml")
    arguments = [command, name] + (["-o", str(tmp_path / "out.dot")] if command == "render" else [])
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert _raw_controls(err) == []
    assert f"toc {command}: could not load " in err and "\\x1b]0;owned\\x07\\u202emissing" in err


def test_argparse_errors_are_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["validate", "bradford", "--\x1b[2Jwipe"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert _raw_controls(err) == []
    assert "unrecognized arguments: --\\x1b[2Jwipe" in err


def test_json_findings_are_escaped_and_decode_to_the_same_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(f"toc: 1\nid: m\ntitle: t\n{HOSTILE_YAML}: 1\n", encoding="utf-8")
    assert main(["validate", str(path), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert _raw_controls(out) == []
    [finding] = json.loads(out)["findings"]
    assert finding["code"] == "TOC101" and f"`{HOSTILE}`" in finding["message"]


def test_text_and_github_findings_stay_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "keys.yaml"
    path.write_text(f"toc: 1\nid: m\ntitle: t\n{HOSTILE_YAML}: 1\n", encoding="utf-8")
    for output in ("text", "github"):
        assert main(["validate", str(path), "--format", output]) == 1
        captured = capsys.readouterr()
        assert _raw_controls(captured.out + captured.err) == []


def test_notebook_plain_text_is_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    from toc.render import dot
    from toc.render.errors import DotFailedError

    model = load(BRADFORD).model_copy(update={"title": HOSTILE})
    bundle = model._repr_mimebundle_()  # drawn, or the table when there is no dot: both escape
    assert _raw_controls(bundle["text/plain"]) == []
    assert "\\x1b[31mred" in bundle["text/plain"]

    def failing(*_args: object, **_kwargs: object) -> None:
        raise DotFailedError(1, f"Error: {HOSTILE}")

    monkeypatch.setattr(dot, "render", failing)
    bundle = model._repr_mimebundle_()
    assert "no diagram" in bundle["text/plain"] and _raw_controls(bundle["text/plain"]) == []


def test_repr_escapes_an_id_that_skipped_validation() -> None:
    model = TheoryOfChange.model_construct(toc=1, id=HOSTILE, title="t")
    assert _raw_controls(repr(model)) == []
