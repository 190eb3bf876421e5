"""How a theory of change shows itself in a notebook: its diagram, or its table when it cannot.

Called from `TheoryOfChange._repr_mimebundle_`. A notebook must never fail to show an object, so a
missing `dot`, a model too large to draw, a timeout, or any other failure falls back to the HTML
logic-model table, and if even that fails to plain text, with the reason in the plain-text part.
An exception raised from `_repr_mimebundle_` would show the user a traceback instead of their model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toc.findings import printable
from toc.render.errors import RenderError

if TYPE_CHECKING:
    from toc.model import TheoryOfChange

NOTEBOOK_TIMEOUT = 20.0
"""Seconds a notebook waits for a layout before showing the table instead."""


def model_mimebundle(model: TheoryOfChange) -> dict[str, str]:
    """SVG of the diagram and a plain-text summary; the HTML table when it cannot be drawn."""
    from toc.render.dot import render
    from toc.render.table import to_html_table

    summary = f"{model!r}\n{printable(model.title)}"  # IPython in a terminal prints it as is
    try:
        diagram = render(model, "svg", timeout=NOTEBOOK_TIMEOUT)
        return {"text/plain": summary, "image/svg+xml": diagram.text}
    except Exception as error:  # whatever failed, the notebook shows the table
        reason = _reason(error)
    try:
        table = to_html_table(model)
    except Exception as error:  # and when the table fails too, plain text
        return {"text/plain": f"{summary}\n(no diagram: {reason}; no table: {_reason(error)})"}
    return {"text/plain": f"{summary}\n(no diagram: {reason})", "text/html": table}


def _reason(error: Exception) -> str:
    """Why a view failed: a `RenderError` says it in words; anything else is a bug to report."""
    if isinstance(error, RenderError):
        return printable(str(error))
    return printable(f"{type(error).__name__}: {error}; this is a bug in toc, please report it")
