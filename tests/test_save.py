"""Writing a changed model back keeps the user's file: only the changed values' lines change."""

from __future__ import annotations

import difflib
import importlib
import shutil
from pathlib import Path

import pytest

import toc
from toc.model import Kpi, Target, TheoryOfChange
from toc.save import SaveError
from toc.shipped import model_files

ROOT = Path(__file__).resolve().parents[1]
FILES = [*sorted((ROOT / "models").glob("*.yaml")), *sorted((ROOT / "examples").glob("*.yaml"))]


def _changed_lines(before: str, after: str) -> list[str]:
    """The `+`/`-` lines of a diff, as `git diff --stat` counts them."""
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def _copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copyfile(source, target)
    return target


def _with_kpi_target(model: TheoryOfChange, index: int, value: float) -> TheoryOfChange:
    """The model with one KPI's target value changed (or the KPI given a target)."""
    kpi = model.kpis[index]
    target = (kpi.targets[0] if kpi.targets else Target()).model_copy(update={"value": value})
    kpis = list(model.kpis)
    kpis[index] = kpi.model_copy(update={"target": target})
    return model.model_copy(update={"kpis": kpis})


def _with_new_kpi(model: TheoryOfChange) -> TheoryOfChange:
    kpi = Kpi(id="new-kpi", label="A new KPI", measure="percentage", target=Target(value=80))
    return model.model_copy(update={"kpis": (*model.kpis, kpi)})


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_changing_one_kpi_target_changes_at_most_three_lines(tmp_path: Path, source: Path) -> None:
    path = _copy(tmp_path, source)
    before = path.read_text(encoding="utf-8")
    model = toc.load(path)
    changed = _with_kpi_target(model, -1, 77) if model.kpis else _with_new_kpi(model)
    assert toc.save(changed) == path
    after = path.read_text(encoding="utf-8")
    if model.kpis:
        assert len(_changed_lines(before, after)) <= 3, "\n".join(_changed_lines(before, after))
    assert _comments(after) == _comments(before)
    assert after.splitlines()[0] == before.splitlines()[0]  # the $schema modeline
    assert toc.load(path) == changed


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_an_unchanged_model_saves_byte_for_byte(tmp_path: Path, source: Path) -> None:
    path = _copy(tmp_path, source)
    toc.save(toc.load(path))
    assert path.read_bytes() == source.read_bytes()


@pytest.mark.parametrize("source", FILES, ids=lambda p: p.name)
def test_a_new_element_adds_only_its_own_lines(tmp_path: Path, source: Path) -> None:
    path = _copy(tmp_path, source)
    before = path.read_text(encoding="utf-8")
    changed = _with_new_kpi(toc.load(path))
    toc.save(changed)
    after = path.read_text(encoding="utf-8")
    assert all(line.startswith("+") for line in _changed_lines(before, after))
    assert _comments(after) == _comments(before)
    assert toc.load(path) == changed


def test_removing_an_element_removes_only_its_lines_and_keeps_the_next_sections_heading(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path, ROOT / "models" / "bradford.yaml")
    before = path.read_text(encoding="utf-8")
    model = toc.load(path)
    last = model.kpis[-1]
    kept = tuple(k for k in model.kpis if k.id != last.id)
    outputs = tuple(
        o.model_copy(update={"measured_by": [m for m in o.measured_by if m.to != last.id]})
        for o in model.outputs
    )
    changed = model.model_copy(update={"kpis": kept, "outputs": outputs})
    toc.save(changed)
    after = path.read_text(encoding="utf-8")
    removed = [line[1:] for line in _changed_lines(before, after)]
    assert all(line.startswith("-") for line in _changed_lines(before, after))
    assert f"  - id: {last.id}" in removed
    assert [c for c in _comments(before) if c not in _comments(after)] == []  # headings stay
    assert toc.load(path) == changed


MESSY = """\
%YAML 1.2
---
# a comment
toc: 1   # version
id: messy
title: 'A title'     # single quoted
description: a plain scalar
  folded over
  three lines
inputs:
- id: funding
  label: "Funding"
-   id: staff
    label: Staff
activities:
  - {id: a, label: A, uses: [funding,
       staff], produces: [o]}
outputs:
    - id: o
      label: |
        literal
         text
      measured_by: [k]
kpis:
- id: k
  label: K
  measure: percentage
  target:
    value: 90.0
    comparator: '>='
  baseline: {value: 1.0e3, year: 2020}
...
"""


def test_layout_ruamel_cannot_write_is_kept_where_nothing_changed(tmp_path: Path) -> None:
    path = tmp_path / "messy.yaml"
    path.write_text(MESSY, encoding="utf-8")
    toc.save(_with_kpi_target(toc.load(path), 0, 95))
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(MESSY, after) == ["-    value: 90.0", "+    value: 95"]


def test_shorthand_links_are_not_respelled_and_new_text_keeps_its_quoting(tmp_path: Path) -> None:
    path = _copy(tmp_path, ROOT / "examples" / "workforce.yaml")
    before = path.read_text(encoding="utf-8")
    model = toc.load(path)
    output = model.outputs[0]
    evidence = output.leads_to[0].evidence
    assert evidence is not None
    link = output.leads_to[0].model_copy(
        update={"evidence": evidence.model_copy(update={"citation": "EIF 2023"})}
    )
    changed = model.model_copy(update={"outputs": [output.model_copy(update={"leads_to": [link]})]})
    toc.save(changed)
    assert _changed_lines(before, path.read_text(encoding="utf-8")) == [
        '-        evidence: {strength: moderate, citation: "EIF 2022"}',
        '+        evidence: {strength: moderate, citation: "EIF 2023"}',
    ]


@pytest.mark.parametrize("label", ["-.5", "0:0", "no", "a: b", "#x", "two\nlines", "1e3"])
def test_new_text_that_could_be_misread_is_quoted(tmp_path: Path, label: str) -> None:
    path = _copy(tmp_path, ROOT / "examples" / "workforce.yaml")
    model = toc.load(path)
    changed = model.model_copy(
        update={"inputs": [model.inputs[0].model_copy(update={"label": label})]}
    )
    toc.save(changed)
    result = toc.read(path)
    assert result.findings == [] and result.model == changed


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    source = (ROOT / "examples" / "workforce.yaml").read_text(encoding="utf-8")
    path.write_bytes(source.replace("\n", "\r\n").encode("utf-8"))
    toc.save(_with_kpi_target(toc.load(path), 0, 85))
    data = path.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n")
    assert len(_changed_lines(source, data.decode("utf-8").replace("\r\n", "\n"))) == 2


def test_a_model_built_in_code_is_written_by_dumps(tmp_path: Path) -> None:
    model = TheoryOfChange(toc=1, id="m", title="-.5")
    with pytest.raises(SaveError, match="give a path"):
        toc.save(model)
    path = toc.save(model, tmp_path / "m.yaml")
    assert path.read_text(encoding="utf-8") == toc.dumps(model)
    assert toc.load(path) == model


def test_a_copy_saves_to_another_path_keeping_the_originals_layout(tmp_path: Path) -> None:
    source = ROOT / "examples" / "workforce.yaml"
    changed = _with_kpi_target(toc.load(source), 0, 85)
    path = toc.save(changed, tmp_path / "copy.yaml")
    assert len(_changed_lines(source.read_text(encoding="utf-8"), path.read_text("utf-8"))) == 2
    assert source.read_text(encoding="utf-8") == (ROOT / "examples" / "workforce.yaml").read_text(
        encoding="utf-8"
    )


def test_a_model_read_from_text_needs_a_path(tmp_path: Path) -> None:
    model = toc.loads("# mine\ntoc: 1\nid: m\ntitle: T\n")
    with pytest.raises(SaveError, match="give a path"):
        toc.save(model)
    path = toc.save(model.model_copy(update={"title": "U"}), tmp_path / "m.yaml")
    assert path.read_text(encoding="utf-8") == "# mine\ntoc: 1\nid: m\ntitle: U\n"


def test_bundled_models_are_not_overwritten() -> None:
    model = toc.load("bradford")
    changed = model.model_copy(update={"title": "Changed"})
    with pytest.raises(SaveError, match="bundled"):
        toc.save(changed)
    assert toc.load("bradford") == model


def test_a_file_changed_on_disk_since_loading_is_not_overwritten(tmp_path: Path) -> None:
    path = _copy(tmp_path, ROOT / "examples" / "workforce.yaml")
    model = toc.load(path)
    edited_elsewhere = path.read_text(encoding="utf-8") + "# added in an editor\n"
    path.write_text(edited_elsewhere, encoding="utf-8")
    with pytest.raises(SaveError, match="changed on disk"):
        toc.save(model.model_copy(update={"title": "Changed"}))
    assert path.read_text(encoding="utf-8") == edited_elsewhere


def test_nothing_is_written_when_the_result_would_not_load_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(tmp_path, ROOT / "examples" / "workforce.yaml")
    before = path.read_bytes()
    changed = _with_kpi_target(toc.load(path), 0, 85)
    module = importlib.import_module("toc._roundtrip")
    monkeypatch.setattr(module, "_merge", lambda *_: iter(["toc: 1\nid: [broken\n"]))
    monkeypatch.setattr(module, "_settle", lambda *_: ["toc: 2\n"])
    with pytest.raises(SaveError, match="would not load back"):
        toc.save(changed)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left


def test_saving_leaves_no_temporary_file_and_keeps_the_files_mode(tmp_path: Path) -> None:
    path = _copy(tmp_path, ROOT / "examples" / "workforce.yaml")
    path.chmod(0o640)
    toc.save(_with_kpi_target(toc.load(path), 0, 85))
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]
    assert path.stat().st_mode & 0o777 == 0o640


def test_every_bundled_model_is_found() -> None:
    assert {p.name for p in FILES} >= {p.name for p in model_files().values()}


@pytest.mark.parametrize("style", ["plain", "'single'", '"double"', "|\n      literal"])
def test_text_with_control_characters_is_written_as_a_double_quoted_escape(
    tmp_path: Path, style: str
) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(
        f"toc: 1\nid: m\ntitle: T\ninputs:\n  - id: a\n    label: {style}\n", encoding="utf-8"
    )
    model = toc.load(path)
    label = "fund\x17ing\x85 \x9d pot"
    changed = model.model_copy(
        update={"inputs": (model.inputs[0].model_copy(update={"label": label}),)}
    )
    toc.save(changed)
    assert toc.load(path).inputs[0].label == label
    assert "\\x17" in path.read_text(encoding="utf-8")  # an escape, not the raw character


@pytest.mark.parametrize("line_break", ["\x85", "\u2028", "\u2029"])
@pytest.mark.parametrize("style", ["plain", "'single'", "|-\n      literal"])
def test_unicode_line_breaks_alone_are_written_as_escapes(
    tmp_path: Path, line_break: str, style: str
) -> None:
    """NEL, LS and PS are printable but are line breaks to YAML: any other style loses them."""
    path = tmp_path / "model.yaml"
    path.write_text(
        f"toc: 1\nid: m\ntitle: T\ninputs:\n  - id: a\n    label: {style}\n", encoding="utf-8"
    )
    model = toc.load(path)
    label = f"x{line_break}y"
    changed = model.model_copy(
        update={"inputs": (model.inputs[0].model_copy(update={"label": label}),)}
    )
    toc.save(changed)
    assert toc.load(path).inputs[0].label == label
