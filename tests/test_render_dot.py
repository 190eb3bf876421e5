"""The Graphviz renderer: DOT text, its options, and running `dot` with its failure modes."""

from __future__ import annotations

import re
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.golden import actual, expected
from tests.render_models import bradford, element_count, small
from toc.findings import Finding, Report, Severity
from toc.render import (
    Diagram,
    DotFailedError,
    DotNotFoundError,
    RenderError,
    RenderOptionError,
    RenderTimeoutError,
    TooLargeError,
    UnknownFormatError,
    render,
    to_dot,
    write_dot,
)
from toc.render.palette import FINDING_COLOUR

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz `dot` is not installed (./dev installs it; apt-get install graphviz)",
)
SVG = "{http://www.w3.org/2000/svg}"
_NODE = re.compile(r'^\s+"(?P<id>[^"]+)" \[label=', re.MULTILINE)


def element_nodes(dot: str) -> list[str]:
    """Ids of the element nodes in DOT text (headings and the key are named `toc:...`)."""
    return [m["id"] for m in _NODE.finditer(dot) if not m["id"].startswith("toc:")]


def edge_line(dot: str, source: str, target: str) -> str:
    lines = [
        line for line in dot.splitlines() if line.strip().startswith(f'"{source}" -> "{target}"')
    ]
    assert len(lines) == 1, lines
    return lines[0]


def finding(element_id: str, code: str, severity: Severity = Severity.WARNING) -> Finding:
    return Finding("m.yaml", 3, 5, code, "name", severity, "message", element_id)


def test_bradford_dot_matches_the_golden_file() -> None:
    """Regenerate with `python -m tests.regenerate`, then review the diff."""
    assert actual("bradford.dot") == expected("bradford.dot")


def test_every_element_is_one_node_and_every_link_one_edge() -> None:
    model = small()
    dot = to_dot(model)
    assert sorted(element_nodes(dot)) == sorted(model.by_id)
    for source, target in model.graph.nx.edges:
        edge_line(dot, source, target)


def test_columns_are_headed_in_logic_model_order() -> None:
    dot = to_dot(small())
    headings = re.findall(r'"toc:heading:\d+" \[.*?label=<<B>(.*?)</B>>', dot)
    assert headings == [
        "Inputs",
        "Activities",
        "Outputs",
        "KPIs",
        "Short-term outcomes",
        "Medium-term outcomes",
        "Impacts",
    ]
    assert '"toc:heading:0" -> "toc:heading:1" [style=invis' in dot


def test_inferred_links_are_dashed_and_evidence_sets_the_weight() -> None:
    dot = to_dot(small())
    inferred = edge_line(dot, "trained", "resilience")
    assert "style=dashed" in inferred and "penwidth=4," in inferred
    unsaid = edge_line(dot, "aware", "resilience")  # written `leads_to: [resilience]`
    assert "style=dotted" in unsaid and "penwidth=1.2," in unsaid
    assert "basis not said; evidence not stated" in unsaid


def test_kpis_and_context_can_be_hidden() -> None:
    model = small()
    dot = to_dot(model, hide_kpis=True, hide_context=True)
    assert set(element_nodes(dot)) == set(model.by_id) - {"feedback", "reach", "money"}
    assert "measured by" not in dot.split("cluster_key")[0]
    assert "KPIs hidden; context factors hidden" in dot


def test_only_draws_the_chain_of_one_element() -> None:
    model = small()
    dot = to_dot(model, only="campaign")
    assert set(element_nodes(dot)) == {
        "funding", "campaign", "aware", "resilience", "practice", "fewer-aces", "reach", "money",
    }  # fmt: skip
    assert "the chain of campaign" in dot


def test_an_unknown_element_for_only_says_the_closest_id() -> None:
    with pytest.raises(RenderOptionError, match="did you mean `campaign`"):
        to_dot(small(), only="campain")


def test_group_by_a_framework_tag_makes_one_band_per_entry() -> None:
    dot = to_dot(small(), group_by="llr:prevention")
    bands = re.findall(r"subgraph cluster_group_\d+ \{\n\s+label=<<B>(.*?)</B>>", dot)
    assert bands[-1] == "Not tagged"
    assert len(bands) == 2
    band_of_train = dot.split('"train" [')[0].rsplit("subgraph cluster_group_", 1)[1]
    assert "Secondary" in band_of_train.split("\n")[1]


def test_group_by_a_prefix_nothing_is_tagged_with_is_an_error() -> None:
    with pytest.raises(RenderOptionError, match="no element shown has a tag under"):
        to_dot(small(), group_by="home-office:practitioners")


def test_direction_and_bad_options() -> None:
    assert "rankdir=TB" in to_dot(small(), direction="TB")
    with pytest.raises(RenderOptionError):
        to_dot(small(), direction="RL")
    with pytest.raises(TypeError):
        to_dot(small(), colour="red")


def test_findings_outline_the_element_and_name_the_codes() -> None:
    report = Report([finding("train", "TOC301"), finding("train", "TOC401", Severity.INFO)])
    dot = to_dot(small(), report=report)
    line = next(line for line in dot.splitlines() if line.strip().startswith('"train" ['))
    assert "TOC301 TOC401" in line and f'color="{FINDING_COLOUR}"' in line
    assert "penwidth=2.8" in line
    info_only = to_dot(small(), report=Report([finding("train", "TOC401", Severity.INFO)]))
    line = next(line for line in info_only.splitlines() if line.strip().startswith('"train" ['))
    assert "TOC401" in line and FINDING_COLOUR not in line
    assert "toc:key:finding" in dot and "toc:key:finding" not in to_dot(small())


def test_write_dot(tmp_path: Path) -> None:
    path = write_dot(small(), tmp_path / "m.dot", hide_kpis=True)
    assert path.read_text(encoding="utf-8") == to_dot(small(), hide_kpis=True)


@needs_dot
def test_svg_has_a_figure_title_description_and_one_group_per_element() -> None:
    model = bradford()
    diagram = render(model, "svg")
    root = ET.fromstring(diagram.data)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == model.title  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "4 activities" in desc and "11 KPIs" in desc
    names = [g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "node"]  # type: ignore[union-attr]
    assert sorted(n for n in names if n and not n.startswith("toc:")) == sorted(model.by_id)
    assert len(names) == element_count(model) + 6 + 8  # elements, headings, key
    tooltips = {a.get("{http://www.w3.org/1999/xlink}title") for a in root.iter(f"{SVG}a")}
    assert any(t and t.startswith("Activity: Communications") for t in tooltips)


@needs_dot
def test_png_pdf_and_files(tmp_path: Path) -> None:
    model = small()
    small_png = render(model, "png", dpi=40)
    large_png = render(model, "png", dpi=120)
    assert small_png.data.startswith(b"\x89PNG") and len(large_png.data) > len(small_png.data)
    assert render(model, "pdf").data.startswith(b"%PDF")
    written = render(model, tmp_path / "figure.svg")
    assert written.path == tmp_path / "figure.svg"
    assert (tmp_path / "figure.svg").read_bytes() == written.data
    assert render(model, tmp_path / "out.txt", format="dot").text == to_dot(model)
    assert render(model, tmp_path / "m.mmd").text.startswith("flowchart LR")


def test_an_unknown_extension_says_which_ones_work(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match=r"\.svg, \.png"):
        render(small(), tmp_path / "figure.jpeg")


def test_too_many_elements_is_refused_before_running_dot() -> None:
    with pytest.raises(TooLargeError, match="cap of 5") as caught:
        render(small(), "svg", max_elements=5, program="no-such-program")
    assert "only=ELEMENT_ID" in str(caught.value)
    assert render(small(), "dot", max_elements=5).text  # text formats run no program


def test_a_missing_dot_says_how_to_install_it() -> None:
    with pytest.raises(DotNotFoundError, match="apt-get install graphviz") as caught:
        render(small(), "svg", program="no-such-graphviz-program")
    assert isinstance(caught.value, RenderError)


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "fake-dot"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_a_slow_dot_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    slow = _script(tmp_path, "sleep 10")
    with pytest.raises(RenderTimeoutError, match=r"longer than 0\.3 s"):
        render(small(), "svg", program=slow, timeout=0.3)


def test_a_failing_dot_keeps_its_message(tmp_path: Path) -> None:
    failing = _script(tmp_path, "echo 'Error: syntax error in line 3' >&2; exit 1")
    with pytest.raises(DotFailedError, match="syntax error in line 3") as refused:
        render(small(), "png", program=failing)
    assert "bug in toc" in str(refused.value)  # toc's DOT should never be refused


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("echo 'Error: trouble in init_rank' >&2; exit 1", "exit status 1): Error: trouble in"),
        ("kill -SEGV $$", "stopped by signal 11"),
    ],
)
def test_graphviz_failing_on_valid_dot_is_not_called_a_bug_in_toc(
    tmp_path: Path, body: str, said: str
) -> None:
    with pytest.raises(DotFailedError, match=re.escape(said)) as failed:
        render(small(), "svg", program=_script(tmp_path, body))
    assert "bug in toc" not in str(failed.value)
    assert "only=ELEMENT_ID" in str(failed.value)


@needs_dot
def test_diagrams_display_in_a_notebook() -> None:
    svg = render(small(), "svg")._repr_mimebundle_()
    assert svg["image/svg+xml"].lstrip().startswith("<?xml")
    assert "Workforce training programme" in svg["text/plain"]
    png = render(small(), "png", dpi=30)._repr_mimebundle_()
    assert png["image/png"].startswith("iVBOR")  # base64 of the PNG signature
    mmd = render(small(), "mmd")._repr_mimebundle_()
    assert mmd["text/markdown"].startswith("```mermaid\nflowchart")
    with pytest.raises(TypeError):
        _ = Diagram("png", b"", "t").text


@needs_dot
def test_a_model_displays_its_diagram_and_falls_back_to_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = small()
    bundle = model._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/svg+xml"}
    assert "2 activities" in bundle["text/plain"]
    monkeypatch.setenv("PATH", "/nonexistent")
    fallback = model._repr_mimebundle_()
    assert set(fallback) == {"text/plain", "text/html"}
    assert "not found on PATH" in fallback["text/plain"]
    assert fallback["text/html"].startswith('<table class="toc-logic-model">')
