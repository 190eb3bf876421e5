"""The evaluator's report: one self-contained HTML (or Markdown) file about a theory of change.

`to_html_report` and `to_markdown_report` return text; `write_report` writes either, chosen by the
file's extension, in one atomic step. The HTML has its styles inline, the diagram and the charts as
inline SVG, no scripts and nothing fetched from the network, so it opens offline, attaches to an
e-mail, and prints to PDF from a browser (A4, each section on a new page).

The pieces are in `toc.report.sections`, one function per section, for a notebook.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from toc.render.text import clean, html_text, markdown_cell
from toc.report.chart import kpi_chart
from toc.report.sections import (
    Section,
    compared_actuals,
    coverage_sections,
    diagram_section,
    evidence_section,
    findings_section,
    kpi_section,
    kpi_statuses,
    summary_section,
    table_section,
)
from toc.report.style import CSS

if TYPE_CHECKING:
    from toc.analysis.progress import Progress
    from toc.findings import Report
    from toc.model import Actual, TheoryOfChange

__all__ = [
    "REPORT_FORMATS",
    "Section",
    "compared_actuals",
    "coverage_sections",
    "diagram_section",
    "evidence_section",
    "findings_section",
    "kpi_chart",
    "kpi_section",
    "kpi_statuses",
    "report_sections",
    "summary_section",
    "table_section",
    "to_html_report",
    "to_markdown_report",
    "write_report",
]

REPORT_FORMATS: dict[str, str] = {".html": "html", ".htm": "html", ".md": "markdown"}
"""File extensions `write_report` knows, and the format each names."""


def report_sections(
    model: TheoryOfChange,
    *,
    report: Report | None = None,
    actuals: dict[str, Sequence[Actual]] | None = None,
    progress: Progress | None = None,
    as_of: date | None = None,
    draw: bool = True,
) -> list[Section]:
    """Every section in order: summary, diagram, table, KPIs, coverage, evidence, findings.

    `report` is the model's findings (`model.validate()` when not given); `actuals` maps KPI ids
    to actuals read from a separate file. `progress` (`model.progress(actuals_file)`) adds each
    KPI's RAG status and supplies the actuals it compared, the file's and the model's.
    `draw=False` does not run Graphviz, as for the Markdown report, which shows the diagram in
    Mermaid.
    """
    findings = model.validate() if report is None else report
    rag = None
    if progress is not None:
        rag = kpi_statuses(progress)
        actuals = actuals if actuals is not None else compared_actuals(progress)
    shown = [
        diagram_section(model, draw=draw),
        table_section(model),
        kpi_section(model, actuals, rag),
        *coverage_sections(model),
        evidence_section(model),
        findings_section(findings),
    ]
    return [summary_section(model, findings, shown, as_of=as_of), *shown]


def to_html_report(
    model: TheoryOfChange,
    *,
    report: Report | None = None,
    actuals: dict[str, Sequence[Actual]] | None = None,
    progress: Progress | None = None,
    title: str | None = None,
    as_of: date | None = None,
) -> str:
    """The whole report as one HTML document; see the module docstring for what it holds."""
    heading = clean(title if title is not None else model.title)
    sections = report_sections(
        model, report=report, actuals=actuals, progress=progress, as_of=as_of
    )
    parts = "\n".join(s.to_html() for s in sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{html_text(heading)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n"
        f"<header><h1>{html_text(heading)}</h1>"
        '<p class="toc-subtitle">Theory of change: logic model, KPIs, framework coverage, '
        "evidence and findings</p></header>\n"
        f"<main>\n{parts}\n</main>\n</body>\n</html>\n"
    )


def to_markdown_report(
    model: TheoryOfChange,
    *,
    report: Report | None = None,
    actuals: dict[str, Sequence[Actual]] | None = None,
    progress: Progress | None = None,
    title: str | None = None,
    as_of: date | None = None,
) -> str:
    """The report as GitHub-flavoured Markdown: the diagram in Mermaid, and no charts."""
    heading = markdown_cell(title if title is not None else model.title)
    sections = report_sections(
        model, report=report, actuals=actuals, progress=progress, as_of=as_of, draw=False
    )
    return f"# {heading}\n\n" + "\n".join(s.to_markdown() for s in sections)


def write_report(
    model: TheoryOfChange,
    path: str | Path,
    *,
    inputs: Sequence[str | Path] = (),
    format: str | None = None,
    report: Report | None = None,
    actuals: dict[str, Sequence[Actual]] | None = None,
    progress: Progress | None = None,
    title: str | None = None,
    as_of: date | None = None,
) -> Path:
    """Write the report to `path` in one atomic step; return the path.

    The format is `format` (`html` or `markdown`) or follows the extension (`.html`, `.htm`,
    `.md`). Raises `ValueError` for another extension and `toc._atomic.OutputIsInputError` when
    `path` is the model's own file or one of `inputs`.
    """
    from toc._atomic import ensure_not_an_input, write_text_atomic

    target = Path(path)
    chosen = format or REPORT_FORMATS.get(target.suffix.lower())
    if chosen not in ("html", "markdown"):
        raise ValueError(
            f"cannot tell the report's format from {target.name!r}: end the name in .html or .md"
        )
    own = model.source_map.file if model.source_map is not None else None
    ensure_not_an_input(target, [*inputs, *([own] if own else [])])
    write = to_html_report if chosen == "html" else to_markdown_report
    text = write(model, report=report, actuals=actuals, progress=progress, title=title, as_of=as_of)
    return write_text_atomic(target, text)
