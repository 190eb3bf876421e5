"""Diagrams and tables of a theory of change: pure functions returning text, and `render`.

`to_dot`, `to_mermaid`, `to_markdown_table`, `to_html_table` and `to_csv` return text and import
nothing heavy; `render` runs Graphviz to write SVG, PNG or PDF. Each has a `write_*` twin.
`interactive_html` wraps the SVG in one self-contained page to explore in a browser.
"""

from __future__ import annotations

from toc.render.diagram import Diagram
from toc.render.dot import render, to_dot, write_dot
from toc.render.errors import (
    BadOutputError,
    DotFailedError,
    DotNotFoundError,
    RenderError,
    RenderOptionError,
    RenderTimeoutError,
    TooLargeError,
    UnknownFormatError,
)
from toc.render.interactive import interactive_html, write_interactive_html
from toc.render.mermaid import to_mermaid, write_mermaid
from toc.render.table import (
    logic_model_table,
    to_csv,
    to_html_table,
    to_markdown_table,
    write_csv,
    write_html_table,
    write_markdown_table,
)
from toc.render.view import DiagramOptions

__all__ = [
    "BadOutputError",
    "Diagram",
    "DiagramOptions",
    "DotFailedError",
    "DotNotFoundError",
    "RenderError",
    "RenderOptionError",
    "RenderTimeoutError",
    "TooLargeError",
    "UnknownFormatError",
    "interactive_html",
    "logic_model_table",
    "render",
    "to_csv",
    "to_dot",
    "to_html_table",
    "to_markdown_table",
    "to_mermaid",
    "write_csv",
    "write_dot",
    "write_html_table",
    "write_interactive_html",
    "write_markdown_table",
    "write_mermaid",
]
