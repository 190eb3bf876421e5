"""How each kind of element and link looks, shared by the Graphviz and Mermaid renderers.

Colours are the Okabe-Ito palette, chosen to stay distinct under the common colour-vision
deficiencies. Fills are light tints so black text keeps its contrast, and every kind of the results
chain also has its own shape, so a diagram printed in greyscale or read by someone who cannot tell
the colours apart still says which box is an activity and which an outcome. Context factors share a
dashed box and name their kind in capitals inside it.
"""

from __future__ import annotations

from dataclasses import dataclass

OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

FINDING_COLOUR = OKABE_ITO["vermillion"]
FINDING_PENWIDTH: dict[str, float] = {"error": 4.0, "warning": 2.8}
"""Severities whose elements are outlined, and how thickly; info findings only list their codes,
or the many informational findings of a real model would outline nearly every element."""
"""The outline of an element with findings: the palette's most alarming colour, and thick."""
EDGE_COLOUR = "#333333"
MEASURE_COLOUR = "#666666"
CONTEXT_COLOUR = "#B4B4B4"
TEXT_COLOUR = "#000000"


@dataclass(frozen=True, slots=True)
class KindStyle:
    """The look of one kind of element in every renderer."""

    heading: str
    colour: str
    fill: str
    dot_shape: str
    dot_style: str
    mermaid_open: str
    mermaid_close: str
    dot_peripheries: int = 1


KIND_STYLES: dict[str, KindStyle] = {
    "input": KindStyle(
        "Inputs", OKABE_ITO["sky_blue"], "#DDF0FB", "folder", "filled", '[/"', '"/]'
    ),
    "activity": KindStyle("Activities", OKABE_ITO["blue"], "#CCE3F0", "box", "filled", '["', '"]'),
    "output": KindStyle(
        "Outputs", OKABE_ITO["bluish_green"], "#CCECE3", "box", "filled,rounded", '("', '")'
    ),
    "kpi": KindStyle("KPIs", OKABE_ITO["yellow"], "#FBF8D0", "note", "filled", '[["', '"]]'),
    "outcome": KindStyle("Outcomes", OKABE_ITO["orange"], "#FAECCC", "cds", "filled", '(["', '"])'),
    "impact": KindStyle(
        "Impacts", OKABE_ITO["reddish_purple"], "#F5E4ED", "box", "filled", '{{"', '"}}', 2
    ),
    "statement": KindStyle(
        "Vision and aims", OKABE_ITO["black"], "#EDEDED", "ellipse", "filled", '[/"', '"\\]'
    ),
    "group": KindStyle("Groups", "#555555", "#FFFFFF", "box3d", "filled", '[\\"', '"/]'),
    "assumption": KindStyle(
        "Assumptions", "#555555", "#F2F2F2", "box", "filled,dashed", '>"', '"]'
    ),
    "barrier": KindStyle("Barriers", "#555555", "#F2F2F2", "box", "filled,dashed", '>"', '"]'),
    "enabler": KindStyle("Enablers", "#555555", "#F2F2F2", "box", "filled,dashed", '>"', '"]'),
    "risk": KindStyle("Risks", "#555555", "#F2F2F2", "box", "filled,dashed", '>"', '"]'),
}

TERM_HEADINGS: dict[str, str] = {
    "short": "Short-term outcomes",
    "medium": "Medium-term outcomes",
    "long": "Long-term outcomes",
}


@dataclass(frozen=True, slots=True)
class LineLook:
    """How one kind of line is drawn, and the words the key gives it.

    `style` is the dash pattern (Graphviz `solid`, `dashed`, `dotted`; Mermaid `dasharray`);
    `width`, `colour` and `arrowhead` the weight, shade and end. A causal link takes its dash
    from its basis and the rest from its evidence, so each row below is also a sample in the key.
    """

    words: str
    style: str
    width: float
    colour: str
    arrowhead: str
    glyph: str
    """What stands for the arrowhead in the key, which draws lines as table borders."""
    dasharray: str | None = None
    """The dash pattern in Mermaid's `stroke-dasharray`, which has no named styles."""


BASIS_LINES: dict[str | None, LineLook] = {
    "stated": LineLook("stated in the source", "solid", 1.2, EDGE_COLOUR, "normal", "▶"),
    "inferred": LineLook(
        "inferred by the modeller", "dashed", 1.2, EDGE_COLOUR, "normal", "▶", "6 4"
    ),
    None: LineLook("basis not said", "dotted", 1.2, EDGE_COLOUR, "normal", "▶", "1 4"),
}
"""Line style by `basis`: three states, so a link nobody vouched for never looks like one the
source states. Dotted, the faintest pattern, is the least said."""

EVIDENCE_LINES: dict[str | None, LineLook] = {
    "strong": LineLook("strong evidence", "solid", 4.0, "#000000", "normal", "▶"),
    "moderate": LineLook("moderate evidence", "solid", 2.6, "#222222", "normal", "▶"),
    "weak": LineLook("weak evidence", "solid", 1.6, "#444444", "normal", "▶"),
    None: LineLook("evidence not stated", "solid", 1.2, "#707070", "normal", "▶"),
    "none": LineLook("no evidence", "solid", 1.0, "#A0A0A0", "empty", "▷"),
}
"""Weight, shade and arrowhead by evidence strength, heaviest first. Every level differs from the
next in at least two of the three, so each stays apart in greyscale; a link whose evidence is not
stated is drawn lighter than a weak one, and one with none, lighter still with a hollow head."""

CONTRIBUTES_LINE = LineLook(
    "contributes to (one cause of several)", "solid", 1.2, EDGE_COLOUR, "diamond", "◆"
)
"""`relation: contributes_to`: a diamond head (a part of a whole) in place of the arrow, open for a
link with no evidence, as the evidence levels' heads are; the link keeps its dash and weight."""

MEASURE_LINE = LineLook("measured by", "solid", 0.9, MEASURE_COLOUR, "odot", "○")
APPLIES_LINE = LineLook("applies to", "tapered", 2.4, CONTEXT_COLOUR, "none", "")
"""A wedge from a context factor narrowing into what it bears on: no causal link is tapered or
headless, so a factor's line is never read as a link, whatever its basis."""


def link_look(basis: str | None, strength: str | None) -> LineLook:
    """The look of a causal link: the dash of its basis, the weight and shade of its evidence."""
    dash, evidence = BASIS_LINES[basis], EVIDENCE_LINES[strength]
    return LineLook(
        f"{dash.words}, {evidence.words}",
        dash.style,
        evidence.width,
        evidence.colour,
        evidence.arrowhead,
        evidence.glyph,
        dash.dasharray,
    )


MARKER_COLOUR = "#555555"
"""The frame of a marker (A1, B2, ...) on a link: the outline colour of a context factor's box."""
FACTOR_MARKS: dict[str, str] = {"assumption": "A", "barrier": "B", "enabler": "E", "risk": "R"}
"""The letter that starts the marker of a context factor drawn on a link (A1, A2, B1, ...)."""
