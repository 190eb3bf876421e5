"""Drawing a prepared view, at a chosen printed size, and choosing the view that fits a page.

`toc.render.dot.render` and `toc render` both come here. The choice (`layout="auto"`): a model of
at most `WHOLE_UP_TO` elements is drawn whole, as the table users know; a larger one as an
overview (see `toc.render.overview`) at the most detailed level whose element labels print at
`MIN_LABEL_POINTS` or more on the page, measured on the laid-out SVG rather than guessed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from toc.render.diagram import Diagram
from toc.render.errors import BadOutputError, RenderOptionError, TooLargeError
from toc.render.page import (
    A4_LANDSCAPE,
    MAX_LENGTH_POINTS,
    MIN_LABEL_POINTS,
    Page,
    label_points,
    parse_length,
)
from toc.render.view import DiagramOptions, View, build_view

if TYPE_CHECKING:
    from toc.findings import Report
    from toc.model import TheoryOfChange

WHOLE_UP_TO = 40
"""`layout="auto"` draws a model of at most this many elements whole; larger ones as an overview."""
LAYOUTS: tuple[str, ...] = ("auto", "full", "overview")
DEFAULT_DPI = 150.0
MAX_DPI = 1200.0
"""Past this a PNG of a real model runs to gigabytes of memory in Graphviz; print needs 300."""
Length = str | float
"""A printed length: text with a unit (`"16cm"`) or a number of points."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """What was drawn and why: the view, `"whole"` or the overview level, and the printed size."""

    view: View
    level: str
    label_points: float | None = None
    """How big the smallest element label prints on the page, when measured."""


def draw_model(
    model: TheoryOfChange,
    fmt: str,
    report: Report | None = None,
    *,
    layout: str = "full",
    dpi: float | None = None,
    width: Length | None = None,
    height: Length | None = None,
    timeout: float = 60.0,
    max_elements: int = 400,
    program: str = "dot",
    page: Page = A4_LANDSCAPE,
    options: DiagramOptions | None = None,
) -> tuple[bytes, Drawing]:
    """The file's bytes in `fmt` (svg png pdf dot mmd), and the drawing chosen by `layout`."""
    options = options or DiagramOptions()
    if layout not in LAYOUTS:
        raise RenderOptionError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    if dpi is not None and fmt != "png":
        raise RenderOptionError(
            f"dpi applies to PNG only; {fmt.upper()} is not made of pixels. Give the printed "
            "size with width= or height= (--width, --height) instead"
        )
    if dpi is not None and not 1 <= dpi <= MAX_DPI:
        raise RenderOptionError(
            f"dpi must be between 1 and {MAX_DPI:g}, not {dpi:g}; 150 suits a screen, 300 print"
        )
    size = sized(width, height)
    if size is not None and fmt in ("dot", "mmd"):
        raise RenderOptionError(f"width and height apply to SVG, PNG and PDF, not {fmt}")
    measure = fmt not in ("dot", "mmd") or shutil.which(program) is not None
    drawing = choose(
        model, options, report, layout, page=page, timeout=timeout, program=program,
        max_elements=max_elements, measure=measure,
    )  # fmt: skip
    data = draw_view(
        drawing.view, fmt, with_findings=report is not None, dpi=dpi, size=size,
        timeout=timeout, program=program, max_elements=max_elements,
    )  # fmt: skip
    return data, drawing


def choose(
    model: TheoryOfChange,
    options: DiagramOptions,
    report: Report | None,
    layout: str,
    *,
    page: Page = A4_LANDSCAPE,
    timeout: float = 60.0,
    program: str = "dot",
    max_elements: int = 400,
    measure: bool = True,
) -> Drawing:
    """The view `layout` asks for; for `auto` and `overview`, the first that fits `page`.

    A view of part of a model (`only`, `kinds`) is what the author asked for and is drawn as it
    is. Without `measure` (no Graphviz, for DOT or Mermaid text) the overview takes its most
    detailed level.
    """
    from toc.render.overview import LEVELS, overview_view

    whole = build_view(model, options, report)
    parted = options.only is not None or options.kinds is not None
    if layout == "full" or parted or (layout == "auto" and len(whole.nodes) <= WHOLE_UP_TO):
        return Drawing(whole, "whole")
    chosen: Drawing | None = None
    for level in LEVELS:
        view = overview_view(model, options, level, report)
        if not measure:
            return Drawing(view, level)
        svg = draw_view(
            view, "svg", with_findings=report is not None, timeout=timeout, program=program,
            max_elements=max_elements,
        ).decode("utf-8")  # fmt: skip
        chosen = Drawing(view, level, label_points(svg, page))
        if chosen.label_points is not None and chosen.label_points >= MIN_LABEL_POINTS:
            return chosen
    assert chosen is not None  # LEVELS is not empty
    return chosen


def draw_view(
    view: View,
    fmt: str,
    *,
    with_findings: bool = False,
    dpi: float | None = None,
    size: tuple[float, float] | None = None,
    timeout: float = 60.0,
    program: str = "dot",
    max_elements: int = 400,
) -> bytes:
    """A prepared view as the bytes of a file in `fmt`; `size` (inches) scales SVG, PNG and PDF."""
    from toc.render.dot import describe, view_to_dot

    if fmt == "mmd":
        from toc.render.mermaid import view_to_mermaid

        return view_to_mermaid(view).encode("utf-8")
    text = view_to_dot(view, with_findings=with_findings, pdf=fmt == "pdf")
    if fmt == "dot":
        return text.encode("utf-8")
    if len(view.nodes) > max_elements:
        raise TooLargeError(len(view.nodes), max_elements)
    from toc.render.program import run_dot

    resolution = (dpi or DEFAULT_DPI) if fmt == "png" else None
    data = run_dot(
        text, fmt, dpi=resolution, timeout=timeout, program=program,
        elements=len(view.nodes), size=size,
    )  # fmt: skip
    if fmt == "svg":
        data = finished_svg(data, view.title, describe(view))
    elif fmt == "png" and resolution is not None:
        from toc.render.png import with_resolution

        data = with_resolution(data, resolution)
    return data


def diagram(data: bytes, fmt: str, title: str, path: Path | None) -> Diagram:
    """The `Diagram` value, written to `path` when there is one."""
    drawn = Diagram(fmt, data, title, path)
    if path is not None:
        drawn.save(path)
    return drawn


def finished_svg(data: bytes, title: str, description: str) -> bytes:
    """Graphviz's SVG with a figure title and description, refused unless it is well-formed XML.

    Nothing in a model should be able to break the SVG (see `toc.render.text`); checking costs a
    parse, a fraction of the layout's time, and turns a file no browser shows into a clear error.
    """
    from xml.parsers.expat import ExpatError, ParserCreate

    from toc.render.diagram import accessible_svg

    try:
        svg = accessible_svg(data.decode("utf-8"), title, description).encode("utf-8")
        ParserCreate().Parse(svg, True)
    except (UnicodeError, ExpatError, ValueError) as error:
        raise BadOutputError(str(error)) from error
    return svg


def sized(width: Length | None, height: Length | None) -> tuple[float, float] | None:
    """Graphviz's `size` in inches for a printed width and/or height; the other side is free."""
    if width is None and height is None:
        return None
    limit = MAX_LENGTH_POINTS / 72
    return (
        _points(width) / 72 if width is not None else limit,
        _points(height) / 72 if height is not None else limit,
    )


def _points(length: Length) -> float:
    if isinstance(length, str):
        return parse_length(length)
    if isinstance(length, bool) or not isinstance(length, int | float):
        raise RenderOptionError(f"a length must be text such as '16cm' or points, not {length!r}")
    return parse_length(f"{float(length)}pt")
