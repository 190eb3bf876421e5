"""Golden files: the exact DOT, Mermaid and Markdown table of the bundled Bradford model.

A change in rendered output must be seen and approved by a person. After an intended change, run

    python -m tests.regenerate

and review the diff of `tests/golden/`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from toc.load import load
from toc.model import TheoryOfChange
from toc.render import to_dot, to_markdown_table, to_mermaid

HERE = Path(__file__).resolve().parent
BRADFORD = HERE.parents[1] / "models" / "bradford.yaml"
DIAGRAMS_DOC = HERE.parents[1] / "docs" / "diagrams.md"
_DOC_BLOCK = re.compile(
    r"(<!-- golden: (?P<name>\S+) -->\n)(?P<body>.*?)(<!-- /golden -->)", re.DOTALL
)

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


def doc_block(name: str) -> str:
    """What the docs show of a golden file: Mermaid fenced so sites draw it, a table as is."""
    body = expected(name)
    return f"```mermaid\n{body}```\n" if name.endswith(".mmd") else body


def doc_text() -> str:
    """docs/diagrams.md with each block between `<!-- golden: NAME -->` and `<!-- /golden -->`
    set from the golden file it names."""
    text = DIAGRAMS_DOC.read_text(encoding="utf-8")
    return _DOC_BLOCK.sub(lambda m: m.group(1) + doc_block(m["name"]) + m.group(4), text)


def update() -> list[Path]:
    """Rewrite every golden file, then the docs blocks copied from them; return the paths."""
    model = load(BRADFORD)
    written = []
    for name, renderer in GOLDEN.items():
        path = HERE / name
        path.write_text(renderer(model), encoding="utf-8")
        written.append(path)
    DIAGRAMS_DOC.write_text(doc_text(), encoding="utf-8")
    written.append(DIAGRAMS_DOC)
    return written
