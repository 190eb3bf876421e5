"""Large models and printed sizes: the overview, --kinds, --width/--height, pHYs, --dpi, the cap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from benchmarks.generate import model_yaml
from toc.cli import main
from toc.load import load
from toc.render import RenderOptionError, render, to_dot
from toc.render.overview import overview_view
from toc.render.page import parse_length, svg_size
from toc.render.png import resolution, size, with_resolution
from toc.render.view import DiagramOptions

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is needed")


@pytest.fixture
def large(tmp_path: Path) -> Path:
    path = tmp_path / "large.yaml"
    path.write_text(model_yaml(200, tagged=True), encoding="utf-8")
    return path


def test_the_overview_counts_what_it_does_not_draw(large: Path) -> None:
    model = load(large)
    view = overview_view(model, DiagramOptions(group_by="programme"), "outcomes")
    kinds = {node.element.kind for i, node in view.nodes.items() if not i.startswith("toc:")}
    assert kinds == {"outcome", "impact"}
    groups = [node for i, node in view.nodes.items() if i.startswith("toc:group:")]
    assert groups[0].element.label.startswith("Theme 0 of the programme: ")
    counted = sum(
        int(part.split()[0])
        for node in groups
        for part in node.element.label.split(": ")[1].split(", ")
    )
    assert counted + len(view.nodes) - len(groups) == len(model.by_id)
    # every outcome a group's outputs lead to is linked from that group's node
    assert {e.target for e in view.edges if e.source.startswith("toc:group:")}


def test_kinds_draws_only_those_kinds(tmp_path: Path) -> None:
    out = tmp_path / "board.dot"
    assert main(["render", "bradford", "-o", str(out), "--kinds", "outcome,impact"]) == 0
    text = out.read_text(encoding="utf-8")
    assert text == to_dot(load("bradford"), kinds=("outcome", "impact"))
    assert "Short-term outcomes" in text and "Activities" not in text
    assert "only outcome, impact" in text


def test_an_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "bradford", "-o", "x.dot", "--kinds", "outcomes"]) == 2
    assert "did you mean `outcome`?" in capsys.readouterr().err
    with pytest.raises(RenderOptionError):
        DiagramOptions(kinds=("activities",))


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".dot", ".mmd"])
def test_dpi_with_a_format_not_of_pixels_is_a_usage_error(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"b{suffix}"
    assert main(["render", "bradford", "-o", str(out), "--dpi", "300"]) == 2
    assert "--dpi applies to PNG only" in capsys.readouterr().err
    assert not out.exists()
    with pytest.raises(RenderOptionError, match="PNG only"):
        render(load("bradford"), suffix.lstrip("."), dpi=300)


def test_lengths_need_a_unit() -> None:
    assert parse_length("16cm") == pytest.approx(16 / 2.54 * 72)
    assert parse_length("6in") == 432
    for bad in ("16", "-3cm", "0mm", "1e9in", "wide"):
        with pytest.raises(RenderOptionError):
            parse_length(bad)


def test_pHYs_chunk_is_written_and_replaced() -> None:
    header = b"\x89PNG\r\n\x1a\n"
    ihdr = with_resolution(header + _chunk(b"IHDR", bytes(13)) + _chunk(b"IEND", b""), 150)
    assert resolution(ihdr) == pytest.approx(150, abs=0.1)
    again = with_resolution(ihdr, 300)
    assert resolution(again) == pytest.approx(300, abs=0.1)
    assert again.count(b"pHYs") == 1
    with pytest.raises(ValueError, match="not a PNG"):
        with_resolution(b"GIF89a", 150)


def _chunk(kind: bytes, body: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@needs_dot
def test_a_png_states_its_resolution_and_width_sets_its_printed_size(tmp_path: Path) -> None:
    out = tmp_path / "b.png"
    assert main(["render", "bradford", "-o", str(out), "--dpi", "100", "--width", "16cm"]) == 0
    data = out.read_bytes()
    assert resolution(data) == pytest.approx(100, abs=0.1)
    width, _ = size(data)
    assert width / 100 * 2.54 == pytest.approx(16, abs=0.1)  # Word places it 16 cm wide


@needs_dot
@pytest.mark.parametrize(("option", "value"), [("--width", "16cm"), ("--height", "10cm")])
def test_width_and_height_give_an_svg_its_printed_size(
    tmp_path: Path, option: str, value: str
) -> None:
    out = tmp_path / "b.svg"
    assert main(["render", "bradford", "-o", str(out), option, value]) == 0
    width, height = svg_size(out.read_text(encoding="utf-8"))
    measured = width if option == "--width" else height
    assert measured == pytest.approx(parse_length(value), abs=1.5)


@needs_dot
def test_a_large_model_is_drawn_as_an_overview_and_the_user_told_how_to_see_more(
    large: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "large.svg"
    assert main(["render", str(large), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "drew an overview" in err and "--split-by" in err and "--layout full" in err
    assert "(overview: " in out.read_text(encoding="utf-8")
    assert main(["render", "bradford", "-o", str(out)]) == 0
    assert "drew an overview" not in capsys.readouterr().err  # 29 elements: drawn whole


def test_the_cap_message_names_command_line_options(
    large: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "large.svg"
    args = ["render", str(large), "-o", str(out), "--layout", "full", "--max-elements", "50"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "more than the cap of 50" in err
    for option in ("--layout overview", "--split-by", "--only ID", "--kinds", "--max-elements"):
        assert option in err
    assert "=" not in err.split("cap of 50")[1]  # no Python `only=ELEMENT_ID`


def test_the_overview_keys_its_group_counts_as_groups_not_activities() -> None:
    from benchmarks.generate import board_yaml
    from toc.load import loads
    from toc.render import render

    dot = render(loads(board_yaml()), "dot", layout="overview").text
    assert '"toc:key:group" [label="Group, counted", shape=box3d' in dot
    assert "toc:key:activity" not in dot  # no activity is drawn, so none is keyed
    groups = [
        line
        for line in dot.splitlines()
        if line.lstrip().startswith('"toc:group:') and " [label=" in line
    ]
    assert len(groups) == 4 and all("shape=box3d" in line for line in groups)
    assert all('tooltip="Group ' in line for line in groups)
