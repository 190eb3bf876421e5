"""The default `toc render` output prints legibly on A4 landscape, whatever the model's size.

The goal of issue 11: on each page of the default output, fitted to an A4 landscape page, element
labels print at 7 pt or more. Measured on the SVG, from its size and its labels' font size.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import model_yaml
from toc.cli import main
from toc.render.page import A4_LANDSCAPE, MIN_LABEL_POINTS, label_points, svg_size

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is needed")


@pytest.mark.parametrize("elements", [50, 200, 400])
@pytest.mark.parametrize("grouping", [[], ["--group-by", "programme"]], ids=["plain", "grouped"])
def test_default_output_prints_labels_of_at_least_7pt_on_a4(
    tmp_path: Path, elements: int, grouping: list[str]
) -> None:
    model = tmp_path / "model.yaml"
    model.write_text(model_yaml(elements, tagged=True), encoding="utf-8")
    out = tmp_path / "figure.svg"
    assert main(["render", str(model), "-o", str(out), *grouping]) == 0
    svg = out.read_text(encoding="utf-8")
    width, height = svg_size(svg)
    bodies = re.findall(
        r'class="node">\s*<title>(?!toc:heading|toc:key)[^<]*</title>(.*?)</g>', svg, re.S
    )
    assert bodies
    fonts = [float(size) for body in bodies for size in re.findall(r'font-size="([\d.]+)"', body)]
    scale = min(1.0, A4_LANDSCAPE.width / width, A4_LANDSCAPE.height / height)
    assert min(fonts) * scale >= MIN_LABEL_POINTS
    assert label_points(svg) == pytest.approx(min(fonts) * scale)


def test_the_whole_figure_of_a_large_model_does_not_fit(tmp_path: Path) -> None:
    """What the overview is for: the full figure of 200 elements prints far below 7 pt."""
    model = tmp_path / "model.yaml"
    model.write_text(model_yaml(200), encoding="utf-8")
    out = tmp_path / "figure.svg"
    assert main(["render", str(model), "-o", str(out), "--layout", "full"]) == 0
    assert label_points(out.read_text(encoding="utf-8")) < 3
