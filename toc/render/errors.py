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
            "a drawing is neither legible nor quick to lay out. Draw an overview "
            "(layout='overview'), a part of it (only=ELEMENT_ID, kinds='outcome,impact', "
            "hide_kpis=True, hide_context=True), use the table instead, or raise the cap with "
            "max_elements=N."
        )
        self.elements, self.cap = elements, cap


class DotFailedError(RenderError):
    """`dot` exited with an error; its own message is kept, with what the failure means.

    toc escapes and shortens everything it writes into DOT, so Graphviz refusing our DOT text (a
    syntax error, a string too long) is a bug in toc. Graphviz can also fail on valid DOT: its
    layout gives up on some graphs ("trouble in init_rank"), or it crashes or runs out of memory;
    that is no bug in toc and no error in the model, and another view of it usually draws.
    """

    def __init__(self, returncode: int, stderr: str) -> None:
        detail = stderr.strip() or "no message"
        refused = returncode > 0 and any(sign in detail for sign in _REFUSED_INPUT)
        if refused:
            advice = (
                "Graphviz refused the DOT text that toc wrote, which is a bug in toc: please "
                "report it with the model that caused it."
            )
        else:
            advice = (
                "Graphviz could not lay out or draw this diagram; that is a failure of Graphviz "
                "on this graph, not an error in the model. Draw a part of it (only=ELEMENT_ID, "
                "hide_kpis=True, hide_context=True), try direction='TB', use the table instead, "
                "or update Graphviz."
            )
        how = f"stopped by signal {-returncode}" if returncode < 0 else f"exit status {returncode}"
        super().__init__(f"Graphviz failed ({how}): {detail}. {advice}")
        self.returncode = returncode
        self.refused_input = refused


_REFUSED_INPUT = ("syntax error", "longer than 16384", "in label of")
"""What Graphviz says when it refuses its input, rather than failing on a valid graph."""


class BadOutputError(RenderError):
    """Graphviz wrote an SVG that is not well-formed UTF-8 XML; it is checked before anyone gets it.

    Graphviz turns entity references in text into characters, so a user's `&#1;` could once reach
    an SVG as a character XML forbids. toc writes every `&` as `&amp;`; this error means some
    other way through was missed, and stops a broken file from being written or shown.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(
            f"Graphviz wrote an SVG that is not well-formed XML ({problem}). This is a bug in "
            "toc: please report it with the model that caused it. DOT, Mermaid and the tables "
            "(formats 'dot' and 'mmd', `toc table`) are not affected."
        )


class RenderOptionError(RenderError, ValueError):
    """An option names something the model does not have (an element id for `only`, say)."""


class UnknownFormatError(RenderError, ValueError):
    """A format or file extension that no renderer writes."""


__all__ = [
    "BadOutputError",
    "DotFailedError",
    "DotNotFoundError",
    "RenderError",
    "RenderOptionError",
    "RenderTimeoutError",
    "TooLargeError",
    "UnknownFormatError",
]
