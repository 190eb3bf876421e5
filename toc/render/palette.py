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
CONTEXT_COLOUR = "#888888"
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

STRENGTH_WIDTH: dict[str | None, float] = {
    "strong": 3.5,
    "moderate": 2.2,
    "weak": 1.2,
    "none": 0.6,
    None: 1.2,
}
"""Line weight by evidence strength; a link with no evidence stated is drawn like a weak one."""
