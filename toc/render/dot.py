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

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toc._atomic import write_text_atomic
from toc.model import ContextFactor, Kpi, Outcome
from toc.render.diagram import MIME_TYPES, Diagram, accessible_svg
from toc.render.errors import (
    BadOutputError,
    RenderOptionError,
    TooLargeError,
    UnknownFormatError,
)
from toc.render.palette import (
    CONTEXT_COLOUR,
    EDGE_COLOUR,
    FINDING_COLOUR,
    FINDING_PENWIDTH,
    KIND_STYLES,
    MEASURE_COLOUR,
    STRENGTH_WIDTH,
    TEXT_COLOUR,
)
from toc.render.program import check_timeout, run_dot
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
DEFAULT_DPI = 150.0
MAX_DPI = 1200.0
"""Past this a PNG of a real model runs to gigabytes of memory in Graphviz; print needs 300."""
TOOLTIP_CHARS = 1000
"""Characters of an element's label in its tooltip, where a label cut short in the node is read."""
TOOLTIP_PART_CHARS = 300
"""Characters of each other part of a tooltip: the description, the tags, the finding codes."""
FACTOR_KINDS = frozenset({"assumption", "barrier", "enabler", "risk"})
KEY_WORDS = {"kpi": "KPI", "assumption": "Context factor", "statement": "Vision or aim"}


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
    dpi: float = DEFAULT_DPI,
    timeout: float = 60.0,
    max_elements: int = MAX_ELEMENTS,
    program: str = "dot",
    format: str | None = None,
    **options: Any,
) -> Diagram:
    """Draw the model as SVG, PNG, PDF, DOT or Mermaid; write it when given a path.

    `path_or_format` is a format name (`"svg"`) to get the diagram back without writing, or a
    path whose extension names the format (`"logic-model.png"`); `format=` overrides the
    extension. `report` outlines elements with findings. SVG gets a figure title and description
    for screen readers. Raises a `RenderError` subclass, whose message says what to do, when
    `dot` is missing, too slow, or the diagram would have more than `max_elements` elements.
    """
    fmt, path = _target(path_or_format, format)
    check_timeout(timeout)
    if not 1 <= dpi <= MAX_DPI:
        raise RenderOptionError(
            f"dpi must be between 1 and {MAX_DPI:g}, not {dpi:g}; 150 suits a screen, 300 print"
        )
    if fmt == "mmd":
        from toc.render.mermaid import to_mermaid

        data = to_mermaid(model, report=report, **options).encode("utf-8")
    else:
        view = build_view(model, DiagramOptions(**options), report)
        text = view_to_dot(view, with_findings=report is not None, pdf=fmt == "pdf")
        if fmt == "dot":
            data = text.encode("utf-8")
        else:
            if len(view.nodes) > max_elements:
                raise TooLargeError(len(view.nodes), max_elements)
            data = run_dot(
                text, fmt, dpi=dpi, timeout=timeout, program=program, elements=len(view.nodes)
            )
            if fmt == "svg":
                data = _finished_svg(data, model.title, describe(view))
    diagram = Diagram(fmt, data, model.title, path)
    if path is not None:
        diagram.save(path)
    return diagram


def _finished_svg(data: bytes, title: str, description: str) -> bytes:
    """Graphviz's SVG with a figure title and description, refused unless it is well-formed XML.

    Nothing in a model should be able to break the SVG (see `toc.render.text`); checking costs a
    parse, a fraction of the layout's time, and turns a file no browser shows into a clear error.
    """
    from xml.parsers.expat import ExpatError, ParserCreate

    try:
        svg = accessible_svg(data.decode("utf-8"), title, description).encode("utf-8")
        ParserCreate().Parse(svg, True)
    except (UnicodeError, ExpatError, ValueError) as error:
        raise BadOutputError(str(error)) from error
    return svg


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
    return "\n".join(_lines(view, with_findings, pdf)) + "\n"


def _lines(view: View, with_findings: bool, pdf: bool) -> Iterator[str]:
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
    yield f'  edge [color="{EDGE_COLOUR}", arrowsize=0.7, penwidth=1.2];'
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
            yield from _members(view, members, f"{index}_", indent="    ", pdf=pdf)
            yield "  }"
        yield from _headings(view)
    else:
        yield from _headings(view)
        chain = [node for node in view.nodes.values() if node.column != "context"]
        yield from _members(view, chain, "", indent="  ", pdf=pdf)
        yield from _context_band(view, pdf=pdf)
    yield from _ranks(view)
    yield from _edges(view)
    yield from _legend(view, with_findings)
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
    view: View, nodes: list[Node], prefix: str, *, indent: str, pdf: bool
) -> Iterator[str]:
    """Nodes of a part of the figure; KPIs boxed together with the others measuring one element."""
    owners = _kpi_owners(view)
    boxes: dict[str, list[Node]] = {}
    for node in nodes:
        owner = owners.get(node.id) if node.column == "kpi" else None
        if owner is None:
            yield indent + _node(node, view.options.wrap, pdf=pdf)
        else:
            boxes.setdefault(owner, []).append(node)
    for index, (owner, kpis) in enumerate(boxes.items()):
        yield f"{indent}subgraph cluster_kpis_{prefix}{index} {{"
        yield (
            f'{indent}  label=""; style="rounded"; color="#D0D0D0"; penwidth=0.8; margin=6; '
            f"tooltip={dot_tooltip('KPIs of ' + owner)};"
        )
        for node in kpis:
            yield f"{indent}  " + _node(node, view.options.wrap, pdf=pdf)
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


def _context_band(view: View, *, pdf: bool) -> Iterator[str]:
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
        yield "    " + _node(node, view.options.wrap, pdf=pdf)
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


def _node(node: Node, width: int, *, pdf: bool) -> str:
    """One element: its kind's shape and colour, its wrapped label, a tooltip, its finding codes."""
    element = node.element
    style = KIND_STYLES[node.kind]
    lines = label_lines(element.label, width)
    if isinstance(element, ContextFactor):
        lines = [element.kind.upper(), *lines]
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


def _edges(view: View) -> Iterator[str]:
    for edge in view.edges:
        yield f"  {dot_string(edge.source)} -> {dot_string(edge.target)} [{_edge_attrs(edge)}];"


def _edge_attrs(edge: Edge) -> str:
    """Causal links solid, dashed when inferred, heavier with stronger evidence; the rest grey."""
    if edge.relation == "applies_to":
        return f'color="{CONTEXT_COLOUR}", style=dotted, arrowhead=none'
    if edge.relation == "measured_by":
        return f'color="{MEASURE_COLOUR}", arrowhead=odot, penwidth=0.9'
    attrs = [f"penwidth={STRENGTH_WIDTH[edge.strength]}"]
    if edge.basis == "inferred":
        attrs.append("style=dashed")
    if edge.feedback:
        attrs.append("constraint=false")
    if edge.contributes:
        attrs.append("arrowhead=empty")  # contributes_to: a hollow head, one contribution of many
    relation = "contributes to" if edge.contributes else edge.relation.replace("_", " ")
    tip = f"{relation}; {edge.basis or 'basis not stated'}"
    tip += f"; evidence {edge.strength}" if edge.strength else "; evidence not stated"
    attrs.append(f"tooltip={dot_tooltip(tip)}")
    return ", ".join(attrs)


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
    counts = [f"{len(column.node_ids)} {_plural(column.heading)}" for column in view.columns]
    flow = "left to right" if view.options.direction == "LR" else "top to bottom"
    return (
        f"Logic model diagram of {shorten(view.title, LABEL_CHARS)}: {', '.join(counts)}. "
        f"Links run {flow} "
        "along the results chain; dashed links are inferred by the modeller, thicker links have "
        "stronger evidence, grey links with a circle end point to the KPIs that measure an element."
        + (
            " A hollow arrowhead marks a link that contributes to its end rather than leads to it."
            if any(edge.contributes for edge in view.edges)
            else ""
        )
    )


def _plural(heading: str) -> str:
    return {"KPIs": "KPIs", "Context": "context factors"}.get(heading, heading.lower())


def _legend(view: View, with_findings: bool) -> Iterator[str]:
    """A key one rank right of the last column, level with the headings.

    Kinds are sample nodes, so the key shows the real shapes; line styles are one HTML-like table
    whose cells draw the lines with their borders (no user text goes into it), which keeps the key
    one narrow column instead of the two ranks that sample edges would need.
    """
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
    samples.append("toc:key:lines")
    yield f'    "toc:key:lines" [shape=plain, label=<{_line_key(view)}>];'
    yield "  }"
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


def _line_key(view: View) -> str:
    """An HTML-like table of line samples: each a cell whose bottom border is the line."""
    rows = [
        ("stated link", EDGE_COLOUR, "solid", STRENGTH_WIDTH[None], "▶"),
        ("inferred link", EDGE_COLOUR, "dashed", STRENGTH_WIDTH[None], "▶"),
        ("strong evidence", EDGE_COLOUR, "solid", STRENGTH_WIDTH["strong"], "▶"),
        ("moderate evidence", EDGE_COLOUR, "solid", STRENGTH_WIDTH["moderate"], "▶"),
        ("weak or not stated", EDGE_COLOUR, "solid", STRENGTH_WIDTH["weak"], "▶"),
        ("no evidence", EDGE_COLOUR, "solid", STRENGTH_WIDTH["none"], "▶"),
        ("measured by", MEASURE_COLOUR, "solid", 0.9, "○"),
    ]
    if any(edge.contributes for edge in view.edges):
        rows.append(("contributes to", EDGE_COLOUR, "solid", STRENGTH_WIDTH[None], "▷"))
    if any(edge.relation == "applies_to" for edge in view.edges):
        rows.append(("applies to", CONTEXT_COLOUR, "dotted", 1.0, ""))
    cells = "".join(
        f"<TR><TD>{_line_sample(colour, style, width)}</TD>"
        f'<TD WIDTH="8" ALIGN="LEFT">{_arrowhead(head, colour)}</TD>'
        f'<TD ALIGN="LEFT">{text}</TD></TR>'
        for text, colour, style, width, head in rows
    )
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">{cells}</TABLE>'


def _line_sample(colour: str, style: str, width: float) -> str:
    """A horizontal line at mid-height: the bottom border of the upper of two half-height cells."""
    dash = "" if style == "solid" else f' STYLE="{style}"'
    line = (
        f'<TD WIDTH="44" HEIGHT="6" SIDES="B" BORDER="{max(1, round(width))}" '
        f'COLOR="{colour}"{dash}></TD>'
    )
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f'<TR>{line}</TR><TR><TD HEIGHT="6"></TD></TR></TABLE>'
    )


def _arrowhead(head: str, colour: str) -> str:
    return f'<FONT COLOR="{colour}">{head}</FONT>' if head else " "
