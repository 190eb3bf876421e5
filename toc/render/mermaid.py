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
from toc.render.factors import Placement, place_factors
from toc.render.palette import (
    APPLIES_LINE,
    FINDING_COLOUR,
    FINDING_PENWIDTH,
    KIND_STYLES,
    MEASURE_LINE,
    link_look,
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
    return "\n".join(_lines(place_factors(view))) + "\n"


def _lines(placement: Placement) -> Iterator[str]:
    view = placement.view
    names = {node_id: f"n{index}" for index, node_id in enumerate(view.nodes)}
    yield f"flowchart {view.options.direction}"
    if view.groups:
        for index, (key, label) in enumerate(view.groups):
            band = "<br/>".join(mermaid_text(line) for line in label_lines(label, HEADING_WIDTH))
            yield f'  subgraph g{index}["{band}"]'
            for node in view.nodes.values():
                if node.group == key:
                    yield f"    {names[node.id]}{_shape(placement, node.id)}"
            yield "  end"
    else:
        for index, column in enumerate(view.columns):
            yield f'  subgraph c{index}["{mermaid_text(column.heading)}"]'
            yield "    direction TB"
            for node_id in column.node_ids:
                yield f"    {names[node_id]}{_shape(placement, node_id)}"
            yield "  end"
    yield from _on_links(placement)
    styles: dict[str, list[int]] = {}
    for index, edge in enumerate(view.edges):
        words = [*(["contributes to"] if edge.contributes else []), *placement.markers_of(edge)]
        label = f'|"{mermaid_text(" ".join(words))}"|' if words else ""
        yield f"  {names[edge.source]} {_arrow(edge)}{label} {names[edge.target]}"
        styles.setdefault(_link_style(edge), []).append(index)
    for style, indexes in styles.items():
        yield f"  linkStyle {','.join(str(i) for i in indexes)} {style}"
    yield from _classes(placement, names)


def _on_links(placement: Placement) -> Iterator[str]:
    """The factors drawn on links, listed by marker in a subgraph of their own (`m0`, `m1`, ...)."""
    listed = [(index, item) for index, item in enumerate(placement.on_links) if not item.boxed]
    if not listed:
        return
    kinds = {item.factor.kind for _, item in listed}
    heading = "Assumptions on links" if kinds == {"assumption"} else "Context factors on links"
    yield f'  subgraph f0["{mermaid_text(heading)}"]'
    yield "    direction TB"
    for index, item in listed:
        factor = item.factor
        style = KIND_STYLES[factor.kind]
        lines = [mermaid_text(f"{item.marker} {factor.kind.upper()}")]
        lines += [
            mermaid_text(line) for line in label_lines(factor.label, placement.view.options.wrap)
        ]
        yield f"    m{index}{style.mermaid_open}{'<br/>'.join(lines)}{style.mermaid_close}"
    yield "  end"


def _shape(placement: Placement, node_id: str) -> str:
    """The node's label inside its kind's shape brackets, with finding codes as a last line."""
    view = placement.view
    node = view.nodes[node_id]
    element = node.element
    style = KIND_STYLES[node.kind]
    lines = [mermaid_text(line) for line in label_lines(element.label, view.options.wrap)]
    if isinstance(element, ContextFactor):
        mark = placement.markers.get(element.id)
        heading = f"{element.kind.upper()} {mark}" if mark else element.kind.upper()
        lines.insert(0, mermaid_text(heading))
    if node.codes:
        lines.append("#9888; " + mermaid_text(" ".join(codes_shown(node.codes))))
    return f"{style.mermaid_open}{'<br/>'.join(lines)}{style.mermaid_close}"


def _arrow(edge: Edge) -> str:
    """Solid arrows for stated links, dotted otherwise, a circle end for KPIs.

    The arrow alone already keeps a link nobody stated from looking stated where a site ignores
    `linkStyle`; the style (`toc.render.palette`) then tells inferred from not said.
    Mermaid has no hollow arrowhead, so a `contributes_to` link says so in its label (with the
    markers of the factors it rests on, in `_lines`).
    """
    if edge.relation == "applies_to":
        return "---"
    if edge.relation == "measured_by":
        return "--o"
    return "-->" if edge.basis == "stated" else "-.->"


def _link_style(edge: Edge) -> str:
    """The line's colour, weight and dash pattern, from the one table in `toc.render.palette`."""
    if edge.relation == "applies_to":  # Mermaid has no wedge: a thin, light, headless line
        return f"stroke:{APPLIES_LINE.colour},stroke-width:1px"
    causal = edge.relation != "measured_by"
    look = link_look(edge.basis, edge.strength) if causal else MEASURE_LINE
    style = f"stroke:{look.colour},stroke-width:{look.width:g}px"
    return style + (f",stroke-dasharray:{look.dasharray}" if look.dasharray else "")


def _classes(placement: Placement, names: dict[str, str]) -> Iterator[str]:
    """One class per kind (the palette), and one outlining elements with findings."""
    view = placement.view
    by_kind: dict[str, list[str]] = {}
    for node in view.nodes.values():
        by_kind.setdefault(node.kind, []).append(names[node.id])
    for index, item in enumerate(placement.on_links):
        if not item.boxed:
            by_kind.setdefault(item.factor.kind, []).append(f"m{index}")
    for kind, members in by_kind.items():
        style = KIND_STYLES[kind]
        dash = ",stroke-dasharray:4 3" if "dashed" in style.dot_style else ""
        yield f"  classDef {kind} fill:{style.fill},stroke:{style.colour},color:#000{dash}"
        yield f"  class {','.join(members)} {kind}"
    flagged = [names[n.id] for n in view.nodes.values() if n.worst in FINDING_PENWIDTH]
    if flagged:
        yield f"  classDef finding stroke:{FINDING_COLOUR},stroke-width:3px"
        yield f"  class {','.join(flagged)} finding"
