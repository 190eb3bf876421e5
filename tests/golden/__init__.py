"""Golden files: the exact DOT, Mermaid, Markdown table, coverage, evidence, evaluation plan and
Markdown report of the Bradford model.

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
COVERAGE_DOC = HERE.parents[1] / "docs" / "coverage-and-evidence.md"
DOCS = (DIAGRAMS_DOC, COVERAGE_DOC)
"""The pages that copy golden files between `<!-- golden: NAME -->` and `<!-- /golden -->`."""
_DOC_BLOCK = re.compile(
    r"(<!-- golden: (?P<name>\S+) -->\n)(?P<body>.*?)(<!-- /golden -->)", re.DOTALL
)


def _coverage_text(model: TheoryOfChange) -> str:
    return model.coverage("home-office").to_text()


def _coverage_markdown(model: TheoryOfChange) -> str:
    return model.coverage("home-office").to_markdown()


def _report_markdown(model: TheoryOfChange) -> str:
    from toc.report import to_markdown_report

    return to_markdown_report(model)


def _evidence_text(model: TheoryOfChange) -> str:
    return model.evidence().to_text()


def _plan(model: TheoryOfChange) -> str:
    from toc.analysis.plan import evaluation_plan

    return evaluation_plan(model)


GOLDEN: dict[str, Callable[[TheoryOfChange], str]] = {
    "bradford.dot": to_dot,
    "bradford.mmd": to_mermaid,
    "bradford.md": to_markdown_table,
    "bradford-coverage-home-office.txt": _coverage_text,
    "bradford-coverage-home-office.md": _coverage_markdown,
    "bradford-report.md": _report_markdown,
    "bradford-evidence.txt": _evidence_text,
    "bradford-plan.md": _plan,
}
"""Golden file name → the renderer that produces it from the Bradford model."""

LINK_STYLES = HERE / "link-styles.yaml"
GOLDEN_OTHERS: dict[str, tuple[Path, Callable[[TheoryOfChange], str]]] = {
    "link-styles.dot": (LINK_STYLES, to_dot),
    "link-styles.mmd": (LINK_STYLES, to_mermaid),
}
"""Golden files drawn from another model than Bradford: name → (model file, renderer)."""


def expected(name: str) -> str:
    """The committed golden text."""
    return (HERE / name).read_text(encoding="utf-8")


def actual(name: str) -> str:
    """What the renderer produces now."""
    if name in GOLDEN_OTHERS:
        source, renderer = GOLDEN_OTHERS[name]
        return renderer(load(source))
    return GOLDEN[name](load(BRADFORD))


def doc_block(name: str) -> str:
    """What the docs show of a golden file: Mermaid fenced so sites draw it, plain text fenced,
    a table as is."""
    body = expected(name)
    if name.endswith(".mmd"):
        return f"```mermaid\n{body}```\n"
    return f"```text\n{body}```\n" if name.endswith(".txt") else body


def doc_text(page: Path = DIAGRAMS_DOC) -> str:
    """A page of `DOCS` with each block between `<!-- golden: NAME -->` and `<!-- /golden -->`
    set from the golden file it names."""
    text = page.read_text(encoding="utf-8")
    return _DOC_BLOCK.sub(lambda m: m.group(1) + doc_block(m["name"]) + m.group(4), text)


def update() -> list[Path]:
    """Rewrite every golden file, then the docs blocks copied from them; return the paths."""
    model = load(BRADFORD)
    written = []
    for name, renderer in GOLDEN.items():
        path = HERE / name
        path.write_text(renderer(model), encoding="utf-8")
        written.append(path)
    for name in GOLDEN_OTHERS:
        (HERE / name).write_text(actual(name), encoding="utf-8")
        written.append(HERE / name)
    for page in DOCS:
        page.write_text(doc_text(page), encoding="utf-8")
        written.append(page)
    return written
