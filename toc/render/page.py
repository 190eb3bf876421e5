"""Printed sizes: lengths such as `16cm`, the page a figure is for, and how big its labels print.

A figure is only as good as its smallest label on the page it is printed on. Graphviz writes the
SVG's size in points and each text's font size in the same units, so the printed size of a label
is its font size times the scale that fits the figure on the page: that is what `label_points`
computes, and what `toc render` uses to choose between the whole figure and an overview.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toc.render.errors import RenderOptionError

POINTS_PER: dict[str, float] = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
"""Points in one of each unit a length may be written in (a CSS pixel is 1/96 inch)."""
_LENGTH = re.compile(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*(pt|in|cm|mm|px)\s*", re.IGNORECASE)
MIN_LABEL_POINTS = 7.0
"""The smallest printed label a reader can take in without a magnifier; `toc render` aims for it."""
MAX_LENGTH_POINTS = 200 * 72.0
"""Two hundred inches: far past any page or screen, and short of Graphviz's own limits."""


@dataclass(frozen=True, slots=True)
class Page:
    """The area a figure is printed into, in points, after the margins."""

    name: str
    width: float
    height: float


A4_LANDSCAPE = Page("A4 landscape", (297 - 20) * 72 / 25.4, (210 - 20) * 72 / 25.4)
"""A4 landscape with 1 cm margins: the page `toc render` sizes its default output for."""
A3_LANDSCAPE = Page("A3 landscape", (420 - 20) * 72 / 25.4, (297 - 20) * 72 / 25.4)


def parse_length(text: str) -> float:
    """Points in a length such as `16cm`, `6.3in`, `160mm` or `450pt`; a unit is required."""
    match = _LENGTH.fullmatch(text)
    if match is None:
        raise RenderOptionError(
            f"expected a length with a unit (cm, mm, in, pt or px), such as 16cm, not {text!r}"
        )
    points = float(match.group(1)) * POINTS_PER[match.group(2).lower()]
    if not 0 < points <= MAX_LENGTH_POINTS:
        raise RenderOptionError(f"a length must be more than 0 and at most 200in, not {text!r}")
    return points


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"', re.S)
_FONT_SIZE = re.compile(r'font-size="([\d.]+)"')
_SCALE = re.compile(r'<g id="graph0" class="graph" transform="scale\(([\d.]+)')
_NODE = re.compile(r'<g id="node\d+" class="node">\s*<title>([^<]*)</title>(.*?)</g>', re.S)


def svg_size(svg: str) -> tuple[float, float]:
    """Width and height of a Graphviz SVG, in points, from its root element."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("not a Graphviz SVG: its <svg> element gives no width and height in pt")
    return float(match.group(1)), float(match.group(2))


def fit_scale(size: tuple[float, float], page: Page) -> float:
    """The scale that fits a figure of `size` points on `page`; at most 1 (never enlarged)."""
    width, height = size
    return min(1.0, page.width / width, page.height / height)


def label_font_points(svg: str) -> float:
    """The smallest font size of an element's label in a Graphviz SVG made by toc.

    Only elements count, and the overview's group nodes (headings, the title and the key are
    toc's own, and larger or equal): nodes whose `<title>` is not a heading or part of the key.
    """
    sizes = [
        float(size)
        for title, body in _NODE.findall(svg)
        if not title.startswith(("toc:heading:", "toc:key:"))
        for size in _FONT_SIZE.findall(body)
    ]
    if not sizes:
        sizes = [float(size) for size in _FONT_SIZE.findall(svg)]
    scale = _SCALE.search(svg)  # a figure drawn to a given --width is scaled as a whole
    return min(sizes, default=0.0) * (float(scale.group(1)) if scale else 1.0)


def label_points(svg: str, page: Page = A4_LANDSCAPE) -> float:
    """How big the smallest element label prints when the figure is fitted to `page`."""
    return label_font_points(svg) * fit_scale(svg_size(svg), page)


def fits(svg: str, page: Page = A4_LANDSCAPE, minimum: float = MIN_LABEL_POINTS) -> bool:
    """Whether every element label prints at `minimum` points or more on `page`."""
    return label_points(svg, page) >= minimum
