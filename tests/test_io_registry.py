"""The format registry: formats by name and extension, and reading a positioned tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from toc.io import FORMATS, FormatError, format_for, read_file, write_file
from toc.io.tree import append, cell, mapping, put, sequence
from toc.load import read_data


def test_yaml_is_found_by_extension_and_name() -> None:
    assert format_for(Path("m.yaml"), reading=True) is FORMATS["yaml"]
    assert format_for(Path("m.YML"), reading=False) is FORMATS["yaml"]
    assert format_for(Path("anything"), "yaml", reading=True) is FORMATS["yaml"]


def test_unknown_extension_and_name_are_clear_errors() -> None:
    with pytest.raises(FormatError, match="cannot tell the format"):
        format_for(Path("m.docx"), reading=True)
    with pytest.raises(FormatError, match="did you mean `yaml`"):
        format_for(Path("m.x"), "yml", reading=True)


def test_yaml_round_trips_through_the_registry(tmp_path: Path) -> None:
    model = read_file("bradford").model
    assert model is not None
    [written] = write_file(model, tmp_path / "copy.yaml")
    assert read_file(written).model == model


def test_a_tree_from_another_reader_validates_with_cell_positions() -> None:
    root = mapping(cell(1, 1, "Logic model"))
    put(root, "toc", 1, cell(1, 1, "Logic model"))
    put(root, "id", "plan", cell(1, 2, "Logic model"))
    put(root, "title", "A plan", cell(1, 3, "Logic model"))
    inputs = sequence(cell(2, 1, "Logic model"))
    item = mapping(cell(2, 1, "Logic model"))
    put(item, "id", "funding", cell(2, 1, "Logic model"))
    put(item, "label", 12, cell(2, 2, "Logic model"))  # a number where text belongs
    append(inputs, item, cell(2, 1, "Logic model"))
    put(root, "inputs", inputs, cell(2, 1, "Logic model"))

    result = read_data(root, name="plan.xlsx")

    assert result.model is None
    [finding] = result.findings
    assert (finding.code, finding.location) == ("TOC103", "plan.xlsx:Logic model!B2")


def test_rule_findings_on_an_imported_model_name_cells() -> None:
    root = mapping(cell(1, 1, "S"))
    put(root, "toc", 1, cell(1, 1, "S"))
    put(root, "id", "plan", cell(1, 2, "S"))
    put(root, "title", "A plan", cell(1, 3, "S"))
    inputs = sequence(cell(4, 1, "S"))
    item = mapping(cell(4, 1, "S"))
    put(item, "id", "funding", cell(4, 1, "S"))
    put(item, "label", "Funding", cell(4, 2, "S"))
    append(inputs, item, cell(4, 1, "S"))
    put(root, "inputs", inputs, cell(4, 1, "S"))

    model = read_data(root, name="plan.xlsx").model
    assert model is not None
    orphan = next(f for f in model.validate() if f.code == "TOC203")
    assert orphan.location == "plan.xlsx:S!A4"
