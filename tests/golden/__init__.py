"""Golden files: the exact DOT, Mermaid and Markdown table of the bundled Bradford model.

A change in rendered output must be seen and approved by a person. After an intended change, run

    python -m tests.golden --update

and review the diff of `tests/golden/`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toc.load import load
from toc.model import TheoryOfChange
from toc.render import to_dot, to_markdown_table, to_mermaid

HERE = Path(__file__).resolve().parent
BRADFORD = HERE.parents[1] / "models" / "bradford.yaml"

GOLDEN: dict[str, Callable[[TheoryOfChange], str]] = {
    "bradford.dot": to_dot,
    "bradford.mmd": to_mermaid,
    "bradford.md": to_markdown_table,
}
"""Golden file name → the renderer that produces it from the Bradford model."""


def expected(name: str) -> str:
    """The committed golden text."""
    return (HERE / name).read_text(encoding="utf-8")


def actual(name: str) -> str:
    """What the renderer produces now."""
    return GOLDEN[name](load(BRADFORD))


def update() -> list[Path]:
    """Rewrite every golden file from the current renderers; return the paths written."""
    model = load(BRADFORD)
    written = []
    for name, renderer in GOLDEN.items():
        path = HERE / name
        path.write_text(renderer(model), encoding="utf-8")
        written.append(path)
    return written
