"""A rendered diagram as a value: its bytes, its format, and how a notebook shows it.

`render` returns one of these whether or not it also wrote a file, so a notebook cell that ends in
`render(model, "svg")` shows the figure, and a script can still `.save()` it.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toc._atomic import write_bytes_atomic
from toc.render.text import html_text

_SVG_OPEN = re.compile(r"<svg\b[^>]*>")

MIME_TYPES: dict[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz",
    "mmd": "text/vnd.mermaid",
}


@dataclass(frozen=True, slots=True)
class Diagram:
    """A drawn diagram: `format` is svg, png, pdf, dot or mmd; `data` the file's bytes."""

    format: str
    data: bytes
    title: str
    path: Path | None = None

    @property
    def text(self) -> str:
        """The diagram as text (SVG, DOT or Mermaid); raises for the binary formats."""
        if self.format in ("png", "pdf"):
            raise TypeError(f"a {self.format.upper()} diagram is binary; use .data")
        return self.data.decode("utf-8")

    def save(self, path: str | Path) -> Path:
        """Write the diagram to a file, replacing it in one step; return the path."""
        return write_bytes_atomic(path, self.data)

    def __repr__(self) -> str:
        where = f" at {self.path}" if self.path else ""
        return f"<Diagram {self.format} of {self.title!r}, {len(self.data)} bytes{where}>"

    def _repr_mimebundle_(self, **_: Any) -> dict[str, str]:
        """Notebook display: the picture itself, with a plain-text fallback."""
        bundle = {"text/plain": repr(self)}
        if self.format == "svg":
            bundle["image/svg+xml"] = self.text
        elif self.format in ("png", "pdf"):
            bundle[MIME_TYPES[self.format]] = base64.b64encode(self.data).decode("ascii")
        elif self.format == "mmd":
            bundle["text/markdown"] = f"```mermaid\n{self.text}```\n"
            bundle["text/plain"] = self.text
        else:
            bundle["text/plain"] = self.text
        return bundle


def accessible_svg(svg: str, title: str, description: str) -> str:
    """Give an SVG from Graphviz a figure-level `<title>` and `<desc>`, and `role="img"`.

    Graphviz titles each group with a node name only; screen readers and search read the first
    `<title>` and `<desc>` children of the root `<svg>`, so those say what the figure is.
    """
    match = _SVG_OPEN.search(svg)
    if match is None:
        raise ValueError("not an SVG document: no <svg> element")
    opening = match.group(0)
    labelled = opening[:-1] + ' role="img" aria-labelledby="toc-figure-title toc-figure-desc">'
    inserted = (
        f'\n<title id="toc-figure-title">{html_text(title)}</title>'
        f'\n<desc id="toc-figure-desc">{html_text(description)}</desc>'
    )
    return svg[: match.start()] + labelled + inserted + svg[match.end() :]
