"""Errors from drawing a diagram, each saying what to do about it.

Rendering is the one place the library runs another program, so it is the one place that raises:
a missing `dot`, a layout that takes too long, or a model too large to draw legibly. A caller can
catch `RenderError` for all of them.
"""

from __future__ import annotations


class RenderError(Exception):
    """A diagram could not be drawn; the message says why and what to do."""


class DotNotFoundError(RenderError):
    """The Graphviz `dot` program is not installed or not on PATH."""

    def __init__(self, program: str = "dot") -> None:
        super().__init__(
            f"the Graphviz program {program!r} was not found on PATH. Install Graphviz "
            "(Debian/Ubuntu: `apt-get install graphviz`; macOS: `brew install graphviz`; "
            "Windows: the installer from graphviz.org, then add its bin folder to PATH), "
            "or write DOT or Mermaid text instead (formats 'dot' and 'mmd'), which need no "
            "Graphviz."
        )


class RenderTimeoutError(RenderError):
    """`dot` ran longer than the timeout allows."""

    def __init__(self, seconds: float, elements: int) -> None:
        super().__init__(
            f"Graphviz took longer than {seconds:g} s to lay out {elements} elements and was "
            "stopped. "
            "Draw a part of the model (only=ELEMENT_ID, hide_kpis=True, hide_context=True), "
            "or allow more time with timeout=SECONDS (--timeout on the command line)."
        )


class TooLargeError(RenderError):
    """The model has more elements than a legible diagram can hold."""

    def __init__(self, elements: int, cap: int) -> None:
        super().__init__(
            f"the diagram would have {elements} elements, more than the cap of {cap}, beyond which "
            "a drawing is neither legible nor quick to lay out. Draw a part of it "
            "(only=ELEMENT_ID, hide_kpis=True, hide_context=True), use the table instead, or raise "
            "the cap with max_elements=N (--max-elements on the command line)."
        )


class DotFailedError(RenderError):
    """`dot` exited with an error; its own message is kept."""

    def __init__(self, returncode: int, stderr: str) -> None:
        detail = stderr.strip() or "no message"
        super().__init__(
            f"Graphviz failed (exit status {returncode}): {detail}. This is a bug in toc if the "
            "input came from to_dot(): please report it with the model that caused it."
        )


class RenderOptionError(RenderError, ValueError):
    """An option names something the model does not have (an element id for `only`, say)."""


class UnknownFormatError(RenderError, ValueError):
    """A format or file extension that no renderer writes."""


__all__ = [
    "DotFailedError",
    "DotNotFoundError",
    "RenderError",
    "RenderOptionError",
    "RenderTimeoutError",
    "TooLargeError",
    "UnknownFormatError",
]
