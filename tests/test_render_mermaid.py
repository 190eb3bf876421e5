"""The Mermaid renderer: the same view as the diagram, in a grammar small enough to check line by line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.golden import actual, expected
from tests.render_models import small
from toc.findings import Finding, Report, Severity
from toc.render import RenderOptionError, to_mermaid, write_mermaid

LABEL = r"[A-Za-z0-9 ,.\-_:/?!'()#;<>\u00c0-\uffff]*"
"""What may stand inside a label's quotes: plain text, entities (`#35;`) and our `<br/>`."""
SHAPES = [
    r'\[/"{0}"/\]', r'\["{0}"\]', r'\("{0}"\)', r'\[\["{0}"\]\]', r'\(\["{0}"\]\)',
    r'\{{\{{"{0}"\}}\}}', r'>"{0}"\]',
]  # fmt: skip
GRAMMAR = [
    re.compile(pattern)
    for pattern in [
        r"flowchart (LR|TB)",
        rf'  subgraph [cgf]\d+\["{LABEL}"\]',
        r"    direction TB",
        *(rf"    n\d+{shape.format(LABEL)}" for shape in SHAPES),
        rf'    m\d+>"{LABEL}"\]',  # a factor in the list of those on links
        r"  end",
        rf'  n\d+ (-->|-\.->|--o|---)(\|"{LABEL}"\|)? n\d+',
        r"  linkStyle \d+(,\d+)* stroke:#[0-9A-F]{6},stroke-width:[\d.]+px"
        r"(,stroke-dasharray:\d+ \d+)?",
        r"  classDef \w+ [\w#:,. -]+",
        r"  class [nm]\d+(,[nm]\d+)* \w+",
    ]
]


def assert_grammar(text: str) -> None:
    """Every line is one this renderer means to write; nothing else got in."""
    for line in text.splitlines():
        assert any(rule.fullmatch(line) for rule in GRAMMAR), line
        assert "%%" not in line and "<script" not in line.lower()


def test_bradford_mermaid_matches_the_golden_file() -> None:
    """Regenerate with `python -m tests.regenerate`, then review the diff."""
    assert actual("bradford.mmd") == expected("bradford.mmd")


def test_golden_mermaid_keeps_to_the_grammar() -> None:
    assert_grammar(expected("bradford.mmd"))


def test_columns_are_subgraphs_and_ids_are_never_used() -> None:
    model = small()
    text = to_mermaid(model)
    assert_grammar(text)
    assert re.findall(r'subgraph c\d+\["(.*?)"\]', text) == [
        "Inputs", "Activities", "Outputs", "KPIs", "Short-term outcomes",
        "Medium-term outcomes", "Impacts", "Context",
    ]  # fmt: skip
    for element_id in model.by_id:
        assert element_id not in re.sub(r'"[^"]*"', "", text), element_id
    assert text.count(" n") >= len(model.by_id)


def test_links_styles_and_classes() -> None:
    text = to_mermaid(small())
    lines = text.splitlines()
    edges = [line.strip() for line in lines if re.fullmatch(r"  n\d+ \S+ n\d+", line)]
    assert len(edges) == small().graph.nx.number_of_edges()
    assert sum("-.->" in e for e in edges) == 8  # one inferred link, seven with no basis said
    assert sum("-->" in e for e in edges) == 0  # none stated
    assert sum("--o" in e for e in edges) == 2  # two KPIs
    assert sum("---" in e for e in edges) == 1  # one context factor
    assert any("stroke:#000000,stroke-width:4px,stroke-dasharray:6 4" in line for line in lines)
    assert any("stroke-dasharray:1 4" in line for line in lines)  # no basis said
    assert "  classDef activity fill:#CCE3F0,stroke:#0072B2,color:#000" in lines


def test_options_are_the_diagram_options() -> None:
    model = small()
    hidden = to_mermaid(model, hide_kpis=True, hide_context=True)
    assert "KPIs" not in hidden and "Context" not in hidden and "--o" not in hidden
    assert to_mermaid(model, direction="TB").startswith("flowchart TB\n")
    chain = to_mermaid(model, only="campaign")
    assert "Train the workforce" not in chain and "Run a campaign" in chain
    grouped = to_mermaid(model, group_by="llr:prevention")
    assert_grammar(grouped)
    assert re.findall(r'subgraph g\d+\["(.*?)"\]', grouped)[-1] == "Not tagged"
    with pytest.raises(RenderOptionError):
        to_mermaid(model, only="nowhere")


def test_findings_are_named_and_outlined() -> None:
    report = Report([Finding("m.yaml", 1, 1, "TOC301", "n", Severity.ERROR, "m", "train")])
    text = to_mermaid(small(), report=report)
    assert_grammar(text)
    assert "#9888; TOC301" in text
    train = re.search(r'    (n\d+)\["Train the workforce', text)
    assert train is not None
    assert f"  class {train.group(1)} finding" in text


def test_write_mermaid(tmp_path: Path) -> None:
    path = write_mermaid(small(), tmp_path / "m.mmd")
    assert path.read_text(encoding="utf-8") == to_mermaid(small())
