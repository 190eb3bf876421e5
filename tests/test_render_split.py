"""`toc render --split-by TAG`: one numbered file per group and a contents page linking them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import board_yaml, model_yaml
from toc.cli import main
from toc.load import load
from toc.render.page import MIN_LABEL_POINTS, label_points
from toc.render.split import split_views
from toc.render.view import DiagramOptions

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is needed")


def test_split_writes_a_page_per_group_and_a_contents_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(model_yaml(200, tagged=True), encoding="utf-8")
    out = tmp_path / "board.svg"
    assert main(["render", str(model), "-o", str(out), "--split-by", "programme"]) == 0
    pages = sorted(tmp_path.glob("board-*.svg"))
    assert pages[0].name == "board-00-contents.svg"
    assert pages[1].name == "board-01-theme-0-of-the-programme.svg"
    assert len(pages) == 1 + 5  # 50 outcomes, ten to a theme
    contents = pages[0].read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', contents) == [p.name for p in pages[1:]]
    err = capsys.readouterr().err
    assert err.count("toc render: wrote") == len(pages)


def test_every_element_is_on_exactly_one_page(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(model_yaml(200, tagged=True), encoding="utf-8")
    model = load(path)
    pages = split_views(model, DiagramOptions(), "programme", tmp_path / "b.svg")
    ids = [i for page in pages for i in page.view.nodes]
    assert sorted(ids) == sorted(model.by_id)


def test_split_needs_a_file_and_a_drawn_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["render", "bradford", "--split-by", "llr:prevention"]
    assert main([*args, "-o", "-", "--format", "svg"]) == 2
    assert main([*args, "-o", str(tmp_path / "b.dot")]) == 2
    assert main([*args, "-o", str(tmp_path / "b.svg"), "--group-by", "llr"]) == 2
    assert "cannot be used together" in capsys.readouterr().err


def test_split_by_groups_gives_pages_each_legible_on_a4(tmp_path: Path) -> None:
    """The 211-element board: pillars too large for a page become their sub-pillars."""
    model = tmp_path / "board.yaml"
    model.write_text(board_yaml(), encoding="utf-8")
    out = tmp_path / "board.svg"
    assert main(["render", str(model), "-o", str(out), "--split-by", "groups"]) == 0
    pages = sorted(tmp_path.glob("board-*.svg"))[1:]
    assert len(pages) == 16  # each pillar's own elements, then its three sub-pillars
    assert pages[1].name == "board-02-safe-homes-housing.svg"
    for page in pages:
        assert label_points(page.read_text(encoding="utf-8")) >= MIN_LABEL_POINTS, page.name
    drawn = [
        i
        for page in split_views(load(model), DiagramOptions(), "groups", out)
        for i in page.view.nodes
    ]
    assert sorted(drawn) == sorted(load(model).by_id)


def test_split_by_groups_needs_groups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "bradford", "-o", str(tmp_path / "b.svg"), "--split-by", "groups"]) == 2
    assert "declares no groups" in capsys.readouterr().err
