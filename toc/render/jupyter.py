"""How a theory of change shows itself in a notebook: its diagram, or its table when it cannot.

Called from `TheoryOfChange._repr_mimebundle_`. A notebook must never fail to show an object, so a
missing `dot`, a model too large to draw, or a timeout fall back to the HTML logic-model table,
with the reason in the plain-text part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toc.render.errors import RenderError

if TYPE_CHECKING:
    from toc.model import TheoryOfChange

NOTEBOOK_TIMEOUT = 20.0
"""Seconds a notebook waits for a layout before showing the table instead."""


def model_mimebundle(model: TheoryOfChange) -> dict[str, str]:
    """SVG of the diagram and a plain-text summary; the HTML table when it cannot be drawn."""
    from toc.findings import printable
    from toc.render.dot import render
    from toc.render.table import to_html_table

    summary = f"{model!r}\n{printable(model.title)}"  # IPython in a terminal prints it as is
    try:
        diagram = render(model, "svg", timeout=NOTEBOOK_TIMEOUT)
    except RenderError as error:
        return {
            "text/plain": f"{summary}\n(no diagram: {printable(str(error))})",
            "text/html": to_html_table(model),
        }
    return {"text/plain": summary, "image/svg+xml": diagram.text}
