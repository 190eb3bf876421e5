"""Mermaid flowchart text for a theory of change, for GitHub, GitLab and MkDocs pages.

The same view as the Graphviz diagram (columns as subgraphs, a class per kind, the same options),
in the syntax those sites render inside a ```` ```mermaid ```` block. Mermaid has no escaping for
identifiers, so element ids never appear: nodes are `n0`, `n1`, … in document order. Every label
goes through `toc.render.text.mermaid_text`, which writes anything but letters, digits and plain
punctuation as an entity, so quotes, `#`, `%%`, `end`, `click` and HTML in a label stay text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc._atomic import write_text_atomic
from toc.model import ContextFactor
from toc.render.palette import (
    CONTEXT_COLOUR,
    FINDING_COLOUR,
    FINDING_PENWIDTH,
    KIND_STYLES,
    MEASURE_COLOUR,
    STRENGTH_WIDTH,
)
from toc.render.text import HEADING_WIDTH, codes_shown, label_lines, mermaid_text
from toc.render.view import DiagramOptions, Edge, View, build_view

if TYPE_CHECKING:
    from toc.findings import Report
    from toc.model import TheoryOfChange


def to_mermaid(model: TheoryOfChange, *, report: Report | None = None, **options: Any) -> str:
    """The model as a Mermaid flowchart. Takes the same options as `to_dot`."""
    view = build_view(model, DiagramOptions(**options), report)
    return view_to_mermaid(view)


def write_mermaid(
    model: TheoryOfChange, path: str | Path, *, report: Report | None = None, **options: Any
) -> Path:
    """Write `to_mermaid(model, ...)` to a file, UTF-8, in one step; return the path written."""
    return write_text_atomic(path, to_mermaid(model, report=report, **options))


def view_to_mermaid(view: View) -> str:
    """Mermaid text for a prepared view."""
    return "\n".join(_lines(view)) + "\n"


def _lines(view: View) -> Iterator[str]:
    names = {node_id: f"n{index}" for index, node_id in enumerate(view.nodes)}
    yield f"flowchart {view.options.direction}"
    if view.groups:
        for index, (key, label) in enumerate(view.groups):
            band = "<br/>".join(mermaid_text(line) for line in label_lines(label, HEADING_WIDTH))
            yield f'  subgraph g{index}["{band}"]'
            for node in view.nodes.values():
                if node.group == key:
                    yield f"    {names[node.id]}{_shape(view, node.id)}"
            yield "  end"
    else:
        for index, column in enumerate(view.columns):
            yield f'  subgraph c{index}["{mermaid_text(column.heading)}"]'
            yield "    direction TB"
            for node_id in column.node_ids:
                yield f"    {names[node_id]}{_shape(view, node_id)}"
            yield "  end"
    widths: dict[str, list[int]] = {}
    for index, edge in enumerate(view.edges):
        yield f"  {names[edge.source]} {_arrow(edge)} {names[edge.target]}"
        style = _link_style(edge)
        if style:
            widths.setdefault(style, []).append(index)
    for style, indexes in widths.items():
        yield f"  linkStyle {','.join(str(i) for i in indexes)} {style}"
    yield from _classes(view, names)


def _shape(view: View, node_id: str) -> str:
    """The node's label inside its kind's shape brackets, with finding codes as a last line."""
    node = view.nodes[node_id]
    element = node.element
    style = KIND_STYLES[node.kind]
    lines = [mermaid_text(line) for line in label_lines(element.label, view.options.wrap)]
    if isinstance(element, ContextFactor):
        lines.insert(0, mermaid_text(element.kind.upper()))
    if node.codes:
        lines.append("#9888; " + mermaid_text(" ".join(codes_shown(node.codes))))
    return f"{style.mermaid_open}{'<br/>'.join(lines)}{style.mermaid_close}"


def _arrow(edge: Edge) -> str:
    """Solid arrows for stated links, dotted for inferred, a circle end for KPIs.

    Mermaid has no hollow arrowhead, so a `contributes_to` link says so in its label.
    """
    if edge.relation == "applies_to":
        return "-.-"
    if edge.relation == "measured_by":
        return "--o"
    arrow = "-.->" if edge.basis == "inferred" else "-->"
    return f"{arrow}|contributes to|" if edge.contributes else arrow


def _link_style(edge: Edge) -> str | None:
    if edge.relation == "applies_to":
        return f"stroke:{CONTEXT_COLOUR},stroke-width:1px"
    if edge.relation == "measured_by":
        return f"stroke:{MEASURE_COLOUR},stroke-width:1px"
    width = STRENGTH_WIDTH[edge.strength]
    if edge.strength is None:
        return None
    return f"stroke-width:{width:g}px"


def _classes(view: View, names: dict[str, str]) -> Iterator[str]:
    """One class per kind (the palette), and one outlining elements with findings."""
    by_kind: dict[str, list[str]] = {}
    for node in view.nodes.values():
        by_kind.setdefault(node.kind, []).append(names[node.id])
    for kind, members in by_kind.items():
        style = KIND_STYLES[kind]
        dash = ",stroke-dasharray:4 3" if "dashed" in style.dot_style else ""
        yield f"  classDef {kind} fill:{style.fill},stroke:{style.colour},color:#000{dash}"
        yield f"  class {','.join(members)} {kind}"
    flagged = [names[n.id] for n in view.nodes.values() if n.worst in FINDING_PENWIDTH]
    if flagged:
        yield f"  classDef finding stroke:{FINDING_COLOUR},stroke-width:3px"
        yield f"  class {','.join(flagged)} finding"
