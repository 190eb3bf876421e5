"""Graphviz DOT text for a theory of change, laid out like the logic-model table users know.

`to_dot` is a pure function returning text; running the `dot` program on it lives in
`toc.render.program`. Every piece of user text goes through `toc.render.text`: IDs and escStrings
are quoted with backslashes doubled (what `graphviz.escape` does), and labels are HTML-like only for
layout, with the user's words `html.escape`d inside them.

Layout, and why: each kind is one rank (a column, left to right), headed by a heading node held
above the column by invisible links and kept on one line with the other headings by a shared
`group`. Columns are not boxed: a box would force the links from outputs to outcomes to detour
around the whole KPI column. Instead each element's KPIs sit in a small box of their own, so those
links pass between the boxes, next to the output they leave.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc._atomic import write_text_atomic
from toc.graph import CAUSAL
from toc.model import ContextFactor, Kpi, Outcome
from toc.render.diagram import MIME_TYPES, Diagram
from toc.render.errors import UnknownFormatError
from toc.render.factors import Placement, place_factors
from toc.render.palette import (
    APPLIES_LINE,
    BASIS_LINES,
    CONTRIBUTES_LINE,
    EDGE_COLOUR,
    EVIDENCE_LINES,
    FINDING_COLOUR,
    FINDING_PENWIDTH,
    KIND_STYLES,
    MARKER_COLOUR,
    MEASURE_LINE,
    TEXT_COLOUR,
    LineLook,
    link_look,
)
from toc.render.program import check_timeout
from toc.render.text import (
    HEADING_WIDTH,
    LABEL_CHARS,
    codes_shown,
    dot_label_text,
    dot_string,
    dot_tooltip,
    dot_url,
    html_lines,
    label_lines,
    shorten,
)
from toc.render.view import Column, DiagramOptions, Edge, Node, View, build_view

if TYPE_CHECKING:
    from toc.findings import Report
    from toc.model import TheoryOfChange

FONT = "Helvetica,Arial,sans-serif"
NODE_WIDTH = 1.9
"""Minimum node width in inches, so that every column reads as a column of equal boxes."""
"""Outline weight by the worst finding; info findings are listed but do not outline."""
FORMATS: tuple[str, ...] = tuple(MIME_TYPES)
MAX_ELEMENTS = 400
"""Beyond this many elements a diagram is neither legible nor quick to lay out."""
TOOLTIP_CHARS = 1000
"""Characters of an element's label in its tooltip, where a label cut short in the node is read."""
TOOLTIP_PART_CHARS = 300
"""Characters of each other part of a tooltip: the description, the tags, the finding codes."""
FACTOR_KINDS = frozenset({"assumption", "barrier", "enabler", "risk"})
KEY_WORDS = {
    "kpi": "KPI",
    "assumption": "Context factor",
    "statement": "Vision or aim",
    "group": "Group, counted",
}


def to_dot(model: TheoryOfChange, *, report: Report | None = None, **options: Any) -> str:
    """The model as DOT text: one column per kind, a title, a key, and findings when given.

    Options (see `DiagramOptions`): `hide_kpis`, `hide_context`, `only` (an element id: draw its
    chain), `group_by` (a framework tag prefix, e.g. `"llr:prevention"`), `direction` (`"LR"` or
    `"TB"`), `wrap` (label width in characters).
    """
    view = build_view(model, DiagramOptions(**options), report)
    return view_to_dot(view, with_findings=report is not None)


def write_dot(
    model: TheoryOfChange, path: str | Path, *, report: Report | None = None, **options: Any
) -> Path:
    """Write `to_dot(model, ...)` to a file, UTF-8, in one step; return the path written."""
    return write_text_atomic(path, to_dot(model, report=report, **options))


def render(
    model: TheoryOfChange,
    path_or_format: str | Path,
    report: Report | None = None,
    *,
    dpi: float | None = None,
    timeout: float = 60.0,
    max_elements: int = MAX_ELEMENTS,
    program: str = "dot",
    format: str | None = None,
    layout: str = "full",
    width: str | float | None = None,
    height: str | float | None = None,
    **options: Any,
) -> Diagram:
    """Draw the model as SVG, PNG, PDF, DOT or Mermaid; write it when given a path.

    `path_or_format` is a format name (`"svg"`) to get the diagram back without writing, or a
    path whose extension names the format (`"logic-model.png"`); `format=` overrides the
    extension. `report` outlines elements with findings. SVG gets a figure title and description
    for screen readers. `layout="auto"` draws a large model as an overview that prints legibly
    on A4 (see `toc.render.draw`); `width`/`height` (`"16cm"`) give the printed size; `dpi`
    (PNG only, default 150) the resolution, which the PNG file states. Raises a `RenderError`
    subclass, whose message says what to do, when `dot` is missing, too slow, an option does
    not apply, or the diagram would have more than `max_elements` elements.
    """
    from toc.render.draw import diagram, draw_model

    fmt, path = _target(path_or_format, format)
    check_timeout(timeout)
    data, drawing = draw_model(
        model, fmt, report, layout=layout, dpi=dpi, width=width, height=height,
        timeout=timeout, max_elements=max_elements, program=program,
        options=DiagramOptions(**options),
    )  # fmt: skip
    return diagram(data, fmt, drawing.view.title, path)


def _target(path_or_format: str | Path, format: str | None) -> tuple[str, Path | None]:
    """The format and the path (None to write nothing) from `render`'s arguments."""
    if isinstance(path_or_format, str) and path_or_format.lower() in FORMATS:
        return path_or_format.lower(), None
    path = Path(path_or_format)
    fmt = (format or path.suffix.lstrip(".")).lower()
    fmt = {"gv": "dot", "mermaid": "mmd"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise UnknownFormatError(
            f"cannot tell the format of {str(path)!r}: use a name ending in "
            f"{', '.join('.' + f for f in FORMATS)}, or pass format= one of {', '.join(FORMATS)}"
        )
    return fmt, path


def view_to_dot(view: View, *, with_findings: bool = False, pdf: bool = False) -> str:
    """DOT text for a prepared view (the part of `to_dot` after choosing what to show).

    `pdf` writes links as a PDF reader follows them; otherwise as SVG needs (see `dot_url`).
    """
    placement = place_factors(view)
    return "\n".join(_lines(placement, with_findings, pdf)) + "\n"


def _lines(placement: Placement, with_findings: bool, pdf: bool) -> Iterator[str]:
    view, marks = placement.view, placement.markers
    options = view.options
    yield 'digraph "logic model" {'  # the title is the label and the SVG <title>, escaped there
    yield (
        f"  graph [rankdir={options.direction}, newrank=true, splines=true, "
        'nodesep=0.22, ranksep=0.45, pad=0.3, charset="UTF-8", '
        f'fontname="{FONT}", fontsize=20, labelloc=t, labeljust=l, '
        f"label=<{_title_label(view, with_findings)}>, "
        f"tooltip={dot_tooltip(describe(view))}];"
    )
    yield (
        f'  node [fontname="{FONT}", fontsize=11, fontcolor="{TEXT_COLOUR}", '
        f'margin="0.12,0.07", width={NODE_WIDTH}, penwidth=1.2];'
    )
    yield f'  edge [color="{EDGE_COLOUR}", arrowsize=0.7, penwidth=1.2, fontname="{FONT}"];'
    if view.groups:
        # With bands, the headings are declared after the bands and hang from no element: dot
        # places nodes declared first at the top of a rank, and invisible links from headings
        # into clusters are ignored for ordering and break edge routing.
        for index, (key, label) in enumerate(view.groups):
            members = [node for node in view.nodes.values() if node.group == key]
            yield f"  subgraph cluster_group_{index} {{"
            band = '<BR ALIGN="LEFT"/>'.join(
                dot_label_text(line) for line in label_lines(label, HEADING_WIDTH)
            )
            yield (
                f"    label=<<B>{band}</B>>; fontsize=13; labeljust=l; "
                'style="rounded,filled"; fillcolor="#F7F7F7"; color="#999999"; penwidth=1;'
            )
            yield f"    tooltip={dot_tooltip(key)};"
            yield from _members(view, members, f"{index}_", indent="    ", pdf=pdf, marks=marks)
            yield "  }"
        yield from _headings(view)
    else:
        yield from _headings(view)
        chain = [node for node in view.nodes.values() if node.column != "context"]
        yield from _members(view, chain, "", indent="  ", pdf=pdf, marks=marks)
        yield from _context_band(view, pdf=pdf, marks=marks)
    yield from _ranks(view)
    yield from _edges(placement)
    yield from _legend(placement, with_findings)
    yield "}"


def _headings(view: View) -> Iterator[str]:
    """A heading above each column, all on one line, chained so the columns keep their order."""
    columns = _chain_columns(view)
    for index, column in enumerate(columns):
        yield (
            f'  {dot_string(_heading_id(index))} [shape=plain, group="toc:headings", '
            f"label=<<B>{dot_label_text(column.heading)}</B>>, fontsize=15, width=0];"
        )
    for index in range(len(columns) - 1):
        left, right = dot_string(_heading_id(index)), dot_string(_heading_id(index + 1))
        yield f"  {left} -> {right} [style=invis, weight=50];"


def _members(
    view: View,
    nodes: list[Node],
    prefix: str,
    *,
    indent: str,
    pdf: bool,
    marks: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Nodes of a part of the figure; KPIs boxed together with the others measuring one element."""
    owners = _kpi_owners(view)
    boxes: dict[str, list[Node]] = {}
    for node in nodes:
        owner = owners.get(node.id) if node.column == "kpi" else None
        if owner is None:
            yield indent + _node(node, view.options.wrap, pdf=pdf, marks=marks)
        else:
            boxes.setdefault(owner, []).append(node)
    for index, (owner, kpis) in enumerate(boxes.items()):
        yield f"{indent}subgraph cluster_kpis_{prefix}{index} {{"
        yield (
            f'{indent}  label=""; style="rounded"; color="#D0D0D0"; penwidth=0.8; margin=6; '
            f"tooltip={dot_tooltip('KPIs of ' + owner)};"
        )
        for node in kpis:
            yield f"{indent}  " + _node(node, view.options.wrap, pdf=pdf, marks=marks)
        yield f"{indent}}}"


def _kpi_owners(view: View) -> dict[str, str]:
    """Each KPI's first measured element in the figure, by the order links are written."""
    owners: dict[str, str] = {}
    for edge in view.edges:
        if edge.relation == "measured_by":
            owners.setdefault(edge.target, edge.source)
    return owners


def _ranks(view: View) -> Iterator[str]:
    """Each column on one rank under its heading; each context factor under what it bears on."""
    for index, column in enumerate(_chain_columns(view)):
        heading = dot_string(_heading_id(index))
        members = " ".join(dot_string(i) for i in column.node_ids)
        yield f"  {{ rank=same; {heading} {members} }}"
        if not view.groups:
            for node_id in column.node_ids:
                yield f"  {heading} -> {dot_string(node_id)} [style=invis];"
    for node in view.nodes.values():
        if node.column == "context":
            anchor = _anchor(view, node)
            if anchor is not None:
                yield f"  {{ rank=same; {dot_string(anchor)} {dot_string(node.id)} }}"


def _context_band(
    view: View, *, pdf: bool, marks: Mapping[str, str] | None = None
) -> Iterator[str]:
    """Context factors in a band of their own, each in the column of what it applies to.

    Drawn as a column of their own, the dotted lines from a barrier to the input it hinders
    would cross the whole figure. On the rank of the input they hinder, with the line taking part
    in the layout, the band settles next to the elements and the lines are short.
    """
    factors = [node for node in view.nodes.values() if node.column == "context"]
    if not factors:
        return
    yield "  subgraph cluster_context {"
    yield (
        "    label=<<B>Context: assumptions, barriers, enablers and risks</B>>; fontsize=13; "
        'labeljust=l; style="rounded,dashed"; color="#999999"; penwidth=1; margin=10;'
    )
    for node in factors:
        yield "    " + _node(node, view.options.wrap, pdf=pdf, marks=marks)
    yield "  }"


def _anchor(view: View, factor: Node) -> str | None:
    """The heading of the column of the first element a factor applies to (or the first)."""
    columns = _chain_columns(view)
    if not columns:
        return None
    element = factor.element
    targets = element.applies_to if isinstance(element, ContextFactor) else []
    for target in targets:
        node = view.nodes.get(target)
        if node is not None and node.column != "context":
            index = next(i for i, c in enumerate(columns) if c.key == node.column)
            return _heading_id(index)
    return _heading_id(0)


def _chain_columns(view: View) -> list[Column]:
    return [column for column in view.columns if column.key != "context"]


def _heading_id(index: int) -> str:
    return f"toc:heading:{index}"


def _node(node: Node, width: int, *, pdf: bool, marks: Mapping[str, str] | None = None) -> str:
    """One element: its kind's shape and colour, its wrapped label, a tooltip, its finding codes.

    A context factor names its kind, and its marker when it is also drawn on links.
    """
    element = node.element
    style = KIND_STYLES[node.kind]
    lines = label_lines(element.label, width)
    if isinstance(element, ContextFactor):
        mark = (marks or {}).get(element.id)
        lines = [f"{element.kind.upper()} {mark}" if mark else element.kind.upper(), *lines]
    label = html_lines(lines)
    colour = style.colour
    extra: list[str] = []
    if isinstance(element, Outcome):
        extra.append('margin="0.3,0.07"')  # the arrow point of `cds` eats into the text's room
    if node.codes:
        shown = codes_shown(node.codes)
        codes = [" ".join(shown[i : i + 3]) for i in range(0, len(shown), 3)]
        code_colour = FINDING_COLOUR if node.worst in FINDING_PENWIDTH else "#555555"
        label += (
            f'<BR ALIGN="CENTER"/><FONT POINT-SIZE="10" COLOR="{code_colour}"><B>'
            f"{html_lines(codes)}</B></FONT>"
        )
        if node.worst in FINDING_PENWIDTH:
            colour = FINDING_COLOUR
            extra.append(f"penwidth={FINDING_PENWIDTH[node.worst]}")
    if node.url:
        extra += [f"URL={dot_url(node.url, pdf=pdf)}", 'target="_blank"']
    attrs = [
        f"label=<{label}>",
        f"shape={style.dot_shape}",
        f'style="{style.dot_style}"',
        f'fillcolor="{style.fill}"',
        f'color="{colour}"',
        f"peripheries={style.dot_peripheries}",
        f"tooltip={dot_tooltip(_tooltip(node))}",
        *extra,
    ]
    return f"{dot_string(node.id)} [{', '.join(attrs)}];"


def _tooltip(node: Node) -> str:
    """What a reader sees on hovering: kind, label, details, findings; plain text, one paragraph."""
    element = node.element
    if node.drawn_as == "group":  # an overview's count: the group's name and what it holds
        return f"Group {shorten(element.label, TOOLTIP_CHARS)}"
    kind = element.kind.capitalize() if element.kind != "kpi" else "KPI"
    if isinstance(element, Outcome):
        kind = node.level or f"{element.term.capitalize()}-term outcome"
    parts = [f"{kind}: {shorten(element.label, TOOLTIP_CHARS)}"]
    if element.description and (description := shorten(element.description, TOOLTIP_PART_CHARS)):
        parts.append(description)
    if isinstance(element, Kpi):
        parts.append(f"measure: {element.measure or 'not stated'}")
    if element.tags:
        parts.append(shorten("tags: " + ", ".join(t.ref for t in element.tags), TOOLTIP_PART_CHARS))
    if node.codes:
        parts.append(shorten("findings: " + ", ".join(node.codes), TOOLTIP_PART_CHARS))
    parts.append(f"id: {shorten(element.id, TOOLTIP_PART_CHARS)}")
    return " — ".join(parts)


def _edges(placement: Placement) -> Iterator[str]:
    for edge in placement.view.edges:
        attrs = _edge_attrs(edge, placement)
        yield f"  {dot_string(edge.source)} -> {dot_string(edge.target)} [{attrs}];"


def _edge_attrs(edge: Edge, placement: Placement) -> str:
    """A line in the look of its kind (see `toc.render.palette`), its factors' markers on it."""
    if edge.relation == "applies_to":
        look = APPLIES_LINE
    elif edge.relation == "measured_by":
        look = MEASURE_LINE
    else:
        look = link_look(edge.basis, edge.strength)
    head = look.arrowhead
    if edge.contributes:  # a diamond for one contribution of several: open when no evidence
        head = "odiamond" if head == "empty" else CONTRIBUTES_LINE.arrowhead
    attrs = [
        f'color="{look.colour}"',
        f"penwidth={look.width:g}",
        f"arrowhead={head}",
    ]
    if look.style != "solid":
        attrs.append(f"style={look.style}")
    if edge.feedback:
        attrs.append("constraint=false")
    marks = placement.markers_of(edge)
    if marks:
        attrs.append(f"{EDGE_MARK}=<{_marker_label(marks)}>")
    if edge.relation != "applies_to":
        tip = _edge_tooltip(edge, placement)
        attrs.append(f"tooltip={dot_tooltip(tip)}")
        if marks:
            attrs.append(f"labeltooltip={dot_tooltip(tip)}")
    return ", ".join(attrs)


EDGE_MARK = "label"
"""The attribute that carries the markers of a link's factors. A `label` takes part in the layout,
so dot keeps room for it beside its own link; an `xlabel`, placed afterwards, kept the figure 10%
shorter but often stood between two links, where it could be read as either's."""


def _marker_label(marks: list[str]) -> str:
    """Markers in a small white box with a grey border, readable on top of any line."""
    text = dot_label_text(" ".join(marks))
    return (
        f'<TABLE BORDER="1" CELLBORDER="0" CELLPADDING="1" CELLSPACING="0" COLOR="{MARKER_COLOUR}" '
        f'BGCOLOR="white"><TR><TD><FONT POINT-SIZE="9"><B>{text}</B></FONT></TD></TR></TABLE>'
    )


def _edge_tooltip(edge: Edge, placement: Placement) -> str:
    """The link in words: what it is, its basis and evidence, and every factor it rests on."""
    if edge.relation == "measured_by":
        parts = ["measured by"]
    else:
        parts = [
            "contributes to" if edge.contributes else edge.relation.replace("_", " "),
            BASIS_LINES[edge.basis].words,
            EVIDENCE_LINES[edge.strength].words,
        ]
    named = {factor.id: factor for factor in edge.factors}
    for factor_id, factor in named.items():
        mark = placement.markers.get(factor_id)
        if mark:
            parts.append(f"{mark} {factor.kind}: {shorten(factor.label, TOOLTIP_PART_CHARS)}")
    return shorten("; ".join(parts), TOOLTIP_CHARS)


def _title_label(view: View, with_findings: bool) -> str:
    """The title, with a line saying what the figure leaves out, so a cropped figure is honest."""
    lines = "".join(
        f'{dot_label_text(line)}<BR ALIGN="LEFT"/>'
        for line in label_lines(view.title, HEADING_WIDTH)
    )
    notes = []
    options = view.options
    if options.only:
        notes.append(f"the chain of {options.only}")
    if options.hide_kpis:
        notes.append("KPIs hidden")
    if options.hide_context:
        notes.append("context factors hidden")
    if options.kinds:
        notes.append("only " + ", ".join(options.kinds))
    if with_findings:
        flagged = sum(1 for node in view.nodes.values() if node.worst in FINDING_PENWIDTH)
        noted = sum(1 for node in view.nodes.values() if node.codes)
        notes.append(f"finding codes on {noted} element(s), {flagged} outlined (warning or error)")
        if view.hidden_findings:
            notes.append(f"{view.hidden_findings} finding(s) about the file or elements not shown")
    if notes:
        note = dot_label_text("; ".join(notes))
        return f'<B>{lines}</B><FONT POINT-SIZE="12">{note}</FONT><BR ALIGN="LEFT"/>'
    return f"<B>{lines}</B>"


def describe(view: View) -> str:
    """A one-paragraph description of the figure, for the SVG `<desc>` and screen readers."""
    placement = place_factors(view)
    shown = placement.view
    counts = [f"{len(column.node_ids)} {_plural(column.heading)}" for column in shown.columns]
    if placement.on_links:
        counts.append(f"{len(placement.on_links)} context factors on links")
    flow = "left to right" if view.options.direction == "LR" else "top to bottom"
    on_links = (
        "; a marker such as A1 on a link names a context factor it rests on, listed with the key"
        if placement.on_links
        else ""
    )
    return (
        f"Logic model diagram of {shorten(view.title, LABEL_CHARS)}: {', '.join(counts)}. "
        f"Links run {flow} along the results chain; solid links are stated in the source, dashed "
        "links inferred by the modeller, dotted links have no basis said; thicker, darker links "
        "have stronger evidence, and a hollow arrowhead means no evidence; grey links with a "
        f"circle end point to the KPIs that measure an element{on_links}."
        + (
            " A diamond head marks a link that contributes to its end (one cause among several)"
            " rather than leads to it."
            if any(edge.contributes for edge in view.edges)
            else ""
        )
    )


def _plural(heading: str) -> str:
    return {"KPIs": "KPIs", "Context": "context factors"}.get(heading, heading.lower())


def _legend(placement: Placement, with_findings: bool) -> Iterator[str]:
    """A key one rank right of the last column, level with the headings; then the factors on links.

    Kinds are sample nodes, so the key shows the real shapes; line styles are one HTML-like table
    whose cells draw the lines with their borders (no user text goes into it), which keeps the key
    one narrow column instead of the two ranks that sample edges would need. The key shows the
    styles the figure uses and no others, so every sample in it can be found in the figure.
    """
    view = placement.view
    yield "  subgraph cluster_key {"
    yield (
        '    label=<<B>Key</B>>; fontsize=12; style="rounded"; color="#BBBBBB"; labeljust=l; '
        "margin=8;"
    )
    yield '    node [fontsize=9, width=1.3, height=0.3, margin="0.06,0.03"];'
    samples = []
    kinds = [k for k in view.kinds() if k not in FACTOR_KINDS]
    if len(kinds) < len(view.kinds()):
        kinds.append("assumption")  # one sample stands for every context factor: they look alike
    for kind in kinds:
        style = KIND_STYLES[kind]
        name = f"toc:key:{kind}"
        samples.append(name)
        word = KEY_WORDS.get(kind, kind.capitalize())
        yield (
            f'    {dot_string(name)} [label="{word}", shape={style.dot_shape}, '
            f'style="{style.dot_style}", fillcolor="{style.fill}", color="{style.colour}", '
            f"peripheries={style.dot_peripheries}];"
        )
    if with_findings:
        samples.append("toc:key:finding")
        yield (
            f'    "toc:key:finding" [label=<Has findings<BR/><FONT COLOR="{FINDING_COLOUR}">'
            f'<B>TOC code</B></FONT>>, shape=box, color="{FINDING_COLOUR}", '
            f"penwidth={FINDING_PENWIDTH['warning']}];"
        )
    rows = _line_key(placement)
    if rows:
        samples.append("toc:key:lines")
        yield f'    "toc:key:lines" [shape=plain, label=<{rows}>];'
    if placement.on_links:
        samples.append("toc:on-links")
        yield from _on_links(placement)
    yield "  }"
    if not samples:
        return
    columns = _chain_columns(view)
    if columns:
        last = dot_string(_heading_id(len(columns) - 1))
        yield f"  {last} -> {dot_string(samples[0])} [style=invis];"
    yield f"  {{ rank=same; {' '.join(dot_string(n) for n in samples)} }}"
    # Inside a cluster of a left-to-right graph, dot stacks the head of an invisible link within a
    # rank above its tail (outside clusters it is the other way round), hence later -> earlier;
    # top to bottom, the tail goes left of the head, as one reads.
    for earlier, later in pairwise(samples):
        tail, head = (later, earlier) if view.options.direction == "LR" else (earlier, later)
        yield f"  {dot_string(tail)} -> {dot_string(head)} [style=invis];"


ON_LINKS_WIDTH = 40
"""Characters per line of a factor's words in the list of factors on links."""
ON_LINKS_MIN_LINES = 12
"""Lines a column of that list may always take, however short the figure's own columns."""


def _on_links(placement: Placement) -> Iterator[str]:
    """The list of factors drawn on links, under the key: each marker with its kind and words.

    Set in columns (`_list_columns`), so thirty factors on a short chain widen the figure a little
    rather than make it twice as tall. A factor also boxed beside the elements it applies to is
    only pointed to, not repeated.
    """
    kinds = {f.factor.kind for f in placement.on_links}
    heading = "Assumptions on links" if kinds == {"assumption"} else "Context factors on links"
    entries: list[tuple[int, str]] = []
    for item in placement.on_links:
        if item.boxed:
            lines = ["in its box beside what it applies to"]
        else:
            lines = label_lines(item.factor.label, ON_LINKS_WIDTH)
        words = "<BR/>".join(dot_label_text(line) for line in lines)
        kind = "" if kinds == {"assumption"} else f"{item.factor.kind.upper()}: "
        entries.append(
            (
                len(lines),
                f'<TD ALIGN="RIGHT" VALIGN="TOP"><B>{item.marker}</B></TD>'
                f'<TD ALIGN="LEFT" VALIGN="TOP" BALIGN="LEFT">{kind}{words}</TD>',
            )
        )
    total = sum(height for height, _ in entries)
    per_column = math.ceil(len(entries) / _list_columns(placement.view, total))
    columns = [entries[i : i + per_column] for i in range(0, len(entries), per_column)]
    rows = "".join(
        "<TR>"
        + "".join(
            column[index][1] if index < len(column) else "<TD></TD><TD></TD>" for column in columns
        )
        + "</TR>"
        for index in range(per_column)
    )
    table = (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">'
        f'<TR><TD ALIGN="LEFT" COLSPAN="{2 * len(columns)}"><FONT POINT-SIZE="12"><B>{heading}'
        f"</B></FONT></TD></TR>{rows}</TABLE>"
    )
    yield f'    "toc:on-links" [shape=plain, fontsize=10, label=<{table}>];'


def _list_columns(view: View, lines: int) -> int:
    """How many columns the list of factors on links takes, to fit beside or under the figure.

    Left to right the list stands in the key's column: as many columns as keep it no taller than
    the figure's tallest column. Top to bottom it lies in the key's row, under the figure, where
    each line adds to the height: as many columns as the figure's widest row has room for.
    """
    if view.options.direction == "LR":
        return math.ceil(lines / max(ON_LINKS_MIN_LINES, _tallest_column(view)))
    widest = max((len(c.node_ids) for c in _chain_columns(view)), default=1)
    return max(1, widest * (view.options.wrap + 4) // (ON_LINKS_WIDTH + 8))


def _tallest_column(view: View) -> int:
    """The figure's tallest column in lines of text; a box's margins and gap count as two."""
    heights = [
        sum(
            len(label_lines(view.nodes[i].element.label, view.options.wrap)) + 2 for i in c.node_ids
        )
        for c in _chain_columns(view)
    ]
    return max(heights, default=0)


def _line_key(placement: Placement) -> str:
    """An HTML-like table of the line styles in use: each a cell whose bottom border is the line.

    Basis and evidence are keyed apart (a dash pattern, and a weight, shade and head), since
    each link shows one of each; the samples of basis are drawn at one neutral weight.
    """
    edges = placement.view.edges
    causal = [edge for edge in edges if edge.relation in CAUSAL]
    used_basis = {edge.basis for edge in causal}
    used_strength = {edge.strength for edge in causal}
    rows = [look for basis, look in BASIS_LINES.items() if basis in used_basis]
    rows += [look for strength, look in EVIDENCE_LINES.items() if strength in used_strength]
    if any(edge.contributes for edge in causal):
        rows.append(CONTRIBUTES_LINE)
    if any(edge.relation == "measured_by" for edge in edges):
        rows.append(MEASURE_LINE)
    if any(edge.relation == "applies_to" for edge in edges):
        rows.append(APPLIES_LINE)
    cells = "".join(
        f"<TR><TD>{_line_sample(look)}</TD>"
        f'<TD WIDTH="8" ALIGN="LEFT">{_arrowhead(look)}</TD>'
        f'<TD ALIGN="LEFT">{look.words}</TD></TR>'
        for look in rows
    )
    if placement.on_links:
        cells += (
            f"<TR><TD>{_marker_label(['A1'])}</TD><TD></TD>"
            '<TD ALIGN="LEFT" BALIGN="LEFT">a context factor the link<BR/>rests on, by its '
            "marker</TD></TR>"
        )
    if not cells:
        return ""
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{cells}</TABLE>'


def _line_sample(look: LineLook) -> str:
    """A horizontal line at mid-height: the bottom border of the upper of two half-height cells."""
    # A table border cannot taper: the wedge of `applies to` is keyed as a plain light line.
    dash = "" if look.style in ("solid", "tapered") else f' STYLE="{look.style}"'
    line = (
        f'<TD WIDTH="44" HEIGHT="6" SIDES="B" BORDER="{max(1, round(look.width))}" '
        f'COLOR="{look.colour}"{dash}></TD>'
    )
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR>{line}</TR><TR><TD HEIGHT="6"></TD></TR></TABLE>'
    )


def _arrowhead(look: LineLook) -> str:
    return f'<FONT COLOR="{look.colour}">{look.glyph}</FONT>' if look.glyph else " "
