"""Node and link lists (XLSX and CSV): reading, writing, round trips and hostile cells."""

from __future__ import annotations

from toc.io.tree import append, cell, mapping, put, sequence
from toc.load import read_data
from toc.yamlsafe import YamlMap


def _two_file_tree(label: object) -> YamlMap:
    """Elements in `board.csv`, the activity's link in `board-links.csv` (row 3)."""
    root = mapping(cell(1, 1, file="board.csv"))
    put(root, "toc", 1, cell(1, 1, file="board.csv"))
    put(root, "id", "board", cell(1, 1, file="board.csv"))
    put(root, "title", "Board", cell(1, 1, file="board.csv"))
    activities = sequence(cell(2, 1, file="board.csv"))
    activity = mapping(cell(2, 1, file="board.csv"))
    put(activity, "id", "train", cell(2, 1, file="board.csv"))
    put(activity, "label", label, cell(2, 2, file="board.csv"))
    uses = sequence(cell(3, 1, file="board-links.csv"))
    append(uses, "nowhere", cell(3, 2, file="board-links.csv"))
    put(activity, "uses", uses, cell(3, 1, file="board-links.csv"))
    append(activities, activity, cell(2, 1, file="board.csv"))
    put(root, "activities", activities, cell(2, 1, file="board.csv"))
    return root


def test_findings_about_a_model_read_from_two_files_name_the_right_file() -> None:
    result = read_data(_two_file_tree(12), name="board.csv")
    assert [f.location for f in result.findings] == ["board.csv:2:2"]

    model = read_data(_two_file_tree("Training"), name="board.csv").model
    assert model is not None
    unknown = next(f for f in model.validate() if f.code == "TOC111")
    assert unknown.location == "board-links.csv:3:2"
