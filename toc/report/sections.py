"""The sections of the report, each built on its own so that a notebook can show one of them.

Every function returns a `Section`: an id, a heading, and the body as HTML and as Markdown. In a
notebook a `Section` displays itself (`_repr_html_`); `section.html` is the same text for
`IPython.display.HTML`. All user text goes through `toc.render.text` (`html_text`,
`markdown_cell`, `safe_url`); nothing here writes a `<script>`, a style sheet link or a font.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from toc.findings import Report, Severity, rule_url
from toc.render.text import clean, html_text, markdown_cell, safe_url
from toc.report.chart import LEGEND, kpi_chart, period_of

if TYPE_CHECKING:
    from toc.analysis.coverage import Coverage
    from toc.analysis.progress import Progress
    from toc.findings import Finding
    from toc.model import Actual, Baseline, Kpi, Target, TheoryOfChange

_KINDS: tuple[tuple[str, str], ...] = (
    ("inputs", "inputs"),
    ("activities", "activities"),
    ("outputs", "outputs"),
    ("kpis", "KPIs"),
    ("outcomes", "outcomes"),
    ("impacts", "impacts"),
)
_FACTORS = ("assumptions", "barriers", "enablers", "risks")
_SEVERITY_HEADINGS = {
    Severity.ERROR: "Errors",
    Severity.WARNING: "Warnings",
    Severity.INFO: "Notes",
}
DIAGRAM_TIMEOUT = 60.0
"""Seconds the report waits for Graphviz before it says so in the diagram section."""


@dataclass(frozen=True, slots=True)
class Section:
    """One part of the report: `id` is its HTML anchor, `html` and `markdown` its body."""

    id: str
    title: str
    html: str
    markdown: str

    def to_html(self) -> str:
        """The section as an HTML `<section>` with its heading."""
        return f'<section id="{self.id}"><h2>{html_text(self.title)}</h2>\n{self.html}\n</section>'

    def to_markdown(self) -> str:
        """The section as Markdown under a level-2 heading."""
        return f"## {self.title}\n\n{self.markdown.rstrip()}\n"

    def _repr_html_(self) -> str:
        return self.to_html()


def summary_section(
    model: TheoryOfChange,
    report: Report,
    contents: Sequence[Section] = (),
    *,
    as_of: date | None = None,
) -> Section:
    """What the model holds, how many findings, and the sections that follow."""
    counts = [(len(getattr(model, name)), label) for name, label in _KINDS]
    factors = sum(len(getattr(model, name)) for name in _FACTORS)
    held = ", ".join(f"{n} {label}" for n, label in counts) + f"; {factors} context factors"
    kpis = model.kpis
    targeted = sum(1 for k in kpis if k.targets)
    measured = sum(1 for k in kpis if k.actuals)
    tally = report.counts()
    findings = ", ".join(f"{n} {s}" for s, n in tally.items()) if tally else "none"
    facts = [
        ("Model", f"{model.id}"),
        ("Holds", held),
        ("KPIs", f"{len(kpis)}, of which {targeted} with a target and {measured} with actuals"),
        ("Findings", findings),
    ]
    if as_of is not None:
        facts.insert(0, ("As of", as_of.isoformat()))
    rows = "".join(f'<tr><th scope="row">{k}</th><td>{html_text(v)}</td></tr>' for k, v in facts)
    body = [f'<table class="toc-facts">{rows}</table>']
    md = [f"- **{k}:** {markdown_cell(v)}" for k, v in facts]
    if model.description:
        body.insert(0, f"<p>{html_text(clean(model.description))}</p>")
        md.insert(0, markdown_cell(model.description) + "\n")
    source = model.source
    link = source_link(source.url if source else None)
    if source is not None and (source.document or link):
        cited = html_text(clean(source.document)) if source.document else ""
        body.append(f"<p>Source: {cited}{' ' + link if link and cited else link or ''}</p>")
        url = safe_url(source.url)
        cited_md = markdown_cell(source.document) if source.document else ""
        linked = f"<{url}>" if url else ""
        md.append(f"- **Source:** {' '.join(part for part in (cited_md, linked) if part)}")
    if contents:
        items = "".join(f'<li><a href="#{s.id}">{html_text(s.title)}</a></li>' for s in contents)
        body.append(f'<nav aria-label="Contents"><ol>{items}</ol></nav>')
        md.append("\nContents: " + "; ".join(s.title for s in contents) + ".")
    return Section("toc-summary", "Summary", "\n".join(body), "\n".join(md))


def diagram_section(
    model: TheoryOfChange, *, draw: bool = True, timeout: float = DIAGRAM_TIMEOUT
) -> Section:
    """The diagram as inline SVG (Graphviz), or a sentence saying why it could not be drawn.

    A missing `dot`, a model too large to lay out or a timeout never fails the report. The
    Markdown report shows the diagram as Mermaid, which GitHub and many editors draw; `draw=False`
    skips Graphviz when only the Markdown is wanted.
    """
    from toc.render.dot import render
    from toc.render.errors import RenderError
    from toc.render.mermaid import to_mermaid

    markdown = f"```mermaid\n{to_mermaid(model).rstrip()}\n```"
    if not draw:
        return Section("toc-diagram", "Diagram", "<p>Not drawn.</p>", markdown)
    try:
        svg = render(model, "svg", timeout=timeout).text
        html = f'<figure class="toc-diagram">{svg[svg.index("<svg") :]}</figure>'
    except RenderError as error:
        html = f'<p class="toc-missing">The diagram could not be drawn: {html_text(str(error))}</p>'
    return Section("toc-diagram", "Diagram", html, markdown)


def table_section(model: TheoryOfChange) -> Section:
    """The six-column logic-model table: inputs, activities, outputs, KPIs, outcomes, impacts."""
    from toc.render.table import to_html_table, to_markdown_table

    return Section("toc-logic-model", "Logic model", to_html_table(model), to_markdown_table(model))


def kpi_statuses(progress: Progress) -> dict[str, str]:
    """Each KPI's RAG status: the worst over its series (one per dimension combination)."""
    from toc.analysis.progress import worst

    found: dict[str, str] = {}
    for kpi in {record.kpi for record in progress.kpis}:
        status = worst(record.status for record in progress.for_kpi(kpi))
        if status is not None:
            found[kpi] = status
    return found


def compared_actuals(progress: Progress) -> dict[str, Sequence[Actual]]:
    """The actuals progress compared (an actuals file's and the model's own), by KPI id.

    Only series without dimensions: a chart or a "latest" of disaggregated values would join
    different populations.
    """
    from toc.model import Actual

    found: dict[str, Sequence[Actual]] = {}
    for record in progress.kpis:
        if record.dimensions:
            continue
        # built unchecked: each value came from a validated model or a checked file row
        found[record.kpi] = [
            Actual.model_construct(
                value=v.value,
                text=v.text,
                status=v.value_status,
                period=v.period,
                start=v.start,
                end=v.end,
                comment=v.comment,
            )
            for v in record.values
        ]
    return found


def kpi_section(
    model: TheoryOfChange,
    actuals: dict[str, Sequence[Actual]] | None = None,
    rag: dict[str, str] | None = None,
) -> Section:
    """Each KPI's measure, baselines, targets, latest actual and a chart of them over periods.

    `actuals` maps KPI ids to actuals read apart from the model; a KPI not in it keeps its own.
    `rag` (from `kpi_statuses`) adds each KPI's RAG status as a column.
    """
    head = ["KPI", "Measure", "Baseline", "Targets", "Latest actual"]
    if rag is not None:
        head.append("RAG")
    html_rows: list[str] = []
    md_rows = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    for kpi in model.kpis:
        observed = kpi.actuals if actuals is None else actuals.get(kpi.id, kpi.actuals)
        cells = [
            (kpi.label, kpi.id),
            (_measure(kpi), None),
            ("; ".join(_value(kpi, b) for b in kpi.baselines) or "none", None),
            ("; ".join(_value(kpi, t) for t in kpi.targets) or "none", None),
            (_latest(kpi, observed), None),
        ]
        if rag is not None:
            cells.append((rag.get(kpi.id, "no data"), None))
        chart = kpi_chart(kpi, observed)
        html_cells = "".join(
            f"<td>{html_text(clean(text))}"
            + (f'<br><span class="toc-id">{html_text(note)}</span>' if note else "")
            + "</td>"
            for text, note in cells
        )
        drawn = chart if chart is not None else '<span class="toc-none">no numbers to plot</span>'
        html_rows.append(f'<tr id="kpi-{html_text(kpi.id)}">{html_cells}<td>{drawn}</td></tr>')
        md_rows.append("| " + " | ".join(markdown_cell(text) for text, _ in cells) + " |")
    if not model.kpis:
        none = "The model has no KPIs."
        return Section("toc-kpis", "KPIs", f"<p>{none}</p>", none)
    head_html = "".join(f'<th scope="col">{h}</th>' for h in [*head, "Over periods"])
    html = (
        f'<p class="toc-note">Charts show numbers only, at their periods: {LEGEND}</p>'
        f'<table class="toc-kpis"><thead><tr>{head_html}</tr></thead>'
        f"<tbody>{''.join(html_rows)}</tbody></table>"
    )
    return Section("toc-kpis", "KPIs", html, "\n".join(md_rows))


def _measure(kpi: Kpi) -> str:
    parts: list[str] = [kpi.measure or "measure not stated"]
    if kpi.unit:
        parts.append(kpi.unit)
    if kpi.ascending is not None:
        parts.append("higher is better" if kpi.ascending else "lower is better")
    return "; ".join(parts)


def _value(kpi: Kpi, record: Baseline | Target | Actual) -> str:
    """A value as a reader says it: `> 85% (2026-27)`, `tbc`, `good (2025) [sex: female]`."""
    if record.value is not None:
        number = f"{record.value:g}" if isinstance(record.value, float) else str(record.value)
        text = number + ("%" if kpi.measure == "percentage" else "")
    elif record.text is not None:
        text = record.text
    else:
        text = record.status or "no value"
    comparator = getattr(record, "comparator", None)
    if comparator is not None and record.value is not None:
        text = f"{comparator} {text}"
    period = period_of(record)
    if period:
        text += f" ({period})"
    if record.dimensions:
        text += " [" + ", ".join(f"{k}: {v}" for k, v in record.dimensions.items()) + "]"
    return text


def _latest(kpi: Kpi, observed: Sequence[Actual]) -> str:
    """The actual of the latest period (written last among equals), or `none yet`."""
    if not observed:
        return "none yet"
    ordered = sorted(enumerate(observed), key=lambda item: (period_of(item[1]), item[0]))
    return _value(kpi, ordered[-1][1])


def coverage_sections(model: TheoryOfChange) -> Iterator[Section]:
    """Coverage of each framework the model's tags name and that the model can use."""
    from toc.analysis.coverage import coverage, tagged_frameworks
    from toc.frameworks import frameworks

    available = frameworks(model)
    for name in tagged_frameworks(model):
        if name in available:
            yield _coverage_section(coverage(model, name))


def _coverage_section(report: Coverage) -> Section:
    total = report.total
    share = f" ({round(total.share * 100)}%)" if total.share is not None else ""
    html = [
        f"<p>{html_text(clean(report.title))}: <strong>{total}</strong> countable entries "
        f"covered{share}. An entry is countable when it has no sub-entries, and covered when an "
        "element or statement is tagged to it.</p>"
    ]
    if report.groups:
        rows = "".join(
            f"<tr><td>{html_text(clean(g.label))}</td><td>{g.count}</td></tr>"
            for g in report.groups
        )
        html.append(
            '<table class="toc-coverage"><thead><tr><th scope="col">Group</th>'
            f'<th scope="col">Covered</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    entries: list[str] = []
    for e in report.entries:
        state = ("yes" if e.covered else "no") if e.countable else str(e.count)
        by = ", ".join(t.id for t in e.tagged)
        cls = ' class="toc-group"' if not e.countable else ""
        entries.append(
            f'<tr{cls}><td style="padding-left:{0.4 + e.depth:.1f}em">'
            f"{html_text(clean(e.label))}</td><td>{state}</td><td>{html_text(by)}</td></tr>"
        )
    if entries:
        html.append(
            '<table class="toc-coverage"><thead><tr><th scope="col">Entry</th>'
            '<th scope="col">Covered</th><th scope="col">Tagged by</th></tr></thead>'
            f"<tbody>{''.join(entries)}</tbody></table>"
        )
    if report.unresolved:
        items = "".join(
            f"<li>{html_text(u.owner)}: {html_text(u.ref)}</li>" for u in report.unresolved
        )
        html.append(f"<p>Tags naming no entry (TOC502), not counted:</p><ul>{items}</ul>")
    markdown = "\n".join(
        "#" + line if line.startswith("## ") else line for line in report.to_markdown().splitlines()
    )
    title = f"Coverage: {clean(report.framework.title)}"
    return Section(f"toc-coverage-{report.scope}", title, "\n".join(html), markdown)


def findings_section(report: Report) -> Section:
    """The findings of `validate`, most severe first, each code linked to its page."""
    if not report:
        return Section("toc-findings", "Findings", "<p>No findings.</p>", "No findings.")
    html: list[str] = []
    md: list[str] = []
    for severity in sorted(Severity, key=lambda s: -s.rank):
        found = [f for f in report if f.severity == severity]
        if not found:
            continue
        heading = f"{_SEVERITY_HEADINGS[severity]} ({len(found)})"
        rows = "".join(
            f"<tr><td>{html_text(_place(f))}</td>"
            f'<td><a href="{html_text(rule_url(f.code))}">{html_text(f.code)}</a> '
            f"{html_text(f.name)}</td><td>{html_text(clean(f.message))}</td></tr>"
            for f in found
        )
        html.append(
            f"<h3>{heading}</h3>"
            '<table class="toc-findings"><thead><tr><th scope="col">Where</th>'
            '<th scope="col">Rule</th><th scope="col">Finding</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
        md.extend([f"### {heading}", "", "| Where | Rule | Finding |", "| --- | --- | --- |"])
        md.extend(
            f"| {markdown_cell(_place(f))} | [{f.code}]({rule_url(f.code)}) {markdown_cell(f.name)}"
            f" | {markdown_cell(f.message)} |"
            for f in found
        )
        md.append("")
    return Section("toc-findings", "Findings", "\n".join(html), "\n".join(md))


def _place(finding: Finding) -> str:
    """Where in the model file: `line 12, column 5`, or `Sheet!C7`; the file is the report's."""
    if finding.sheet is not None:
        return finding.location.removeprefix(f"{finding.file}:")
    if finding.line > 0:
        return f"{finding.line}:{finding.col}"
    return "whole file"


def source_link(url: str | None) -> str | None:
    """An `<a>` to a model's own http(s) source, or None for any other kind of link."""
    safe = safe_url(url)
    if safe is None:
        return None
    return f'<a href="{html_text(safe)}" rel="noopener noreferrer">{html_text(safe)}</a>'


def evidence_section(model: TheoryOfChange) -> Section:
    """Causal links ranked by evidence, weakest first; what to test first on each pathway."""
    from toc.analysis.evidence import evidence

    found = evidence(model)
    rows = []
    for position, link in enumerate(found.links, start=1):
        citation = html_text(clean(link.citation or ""))
        url = safe_url(link.url)
        if url is not None:
            citation = f'<a href="{html_text(url)}" rel="noopener noreferrer">{citation or url}</a>'
        rows.append(
            f"<tr><td>{position}</td><td>{html_text(link.source)} → {html_text(link.target)}</td>"
            f"<td>{html_text(link.relation)}</td><td>{html_text(link.strength or 'not stated')}"
            f"</td><td>{html_text(link.basis or 'not said')}</td><td>{citation}</td>"
            f"<td>{html_text(', '.join(link.assumptions))}</td></tr>"
        )
    head = ("#", "Link", "Relation", "Strength", "Basis", "Citation", "Assumptions")
    html = [
        "<p>Causal links, weakest first: evidence strength (strong &gt; moderate &gt; weak &gt; "
        "none &gt; not stated), then basis (stated &gt; inferred &gt; not said).</p>",
        _html_table("toc-evidence", head, rows),
    ]
    paths = []
    for a in found.activities:
        first = a.test_first
        test = "reaches no impact" if first is None else f"{first.source} → {first.target}"
        count = str(a.weakest_counts[0][1]) if a.weakest_counts else ""
        shown = f"more than {len(a.pathways)}" if a.truncated else str(len(a.pathways))
        paths.append(
            f'<tr><td>{html_text(clean(a.label))}<br><span class="toc-id">'
            f"{html_text(a.activity)}</span></td><td>{shown}</td><td>{html_text(test)}</td>"
            f"<td>{count}</td></tr>"
        )
    html.append("<h3>Pathways to impacts</h3>")
    html.append(
        _html_table("toc-evidence", ("Activity", "Pathways", "Test first", "Weakest on"), paths)
    )
    html.append("<h3>Untested assumptions</h3>")
    if found.untested:
        items = "".join(
            f'<li>{html_text(clean(u.label))} <span class="toc-id">{html_text(u.id)}</span>'
            f" (bears on: {html_text(', '.join(u.bears_on) or 'nothing')})</li>"
            for u in found.untested
        )
        html.append(f"<ul>{items}</ul>")
    else:
        html.append(
            "<p>None: a KPI measures something each assumption bears on.</p>"
            if found.assumptions
            else "<p>None: the model states no assumptions.</p>"
        )
    html.append("<h3>KPIs without a baseline</h3>")
    if found.without_baseline:
        items = "".join(
            f'<li>{html_text(clean(k.label))} <span class="toc-id">{html_text(k.id)}</span>'
            + (f" (baseline {html_text(k.status)})" if k.status else "")
            + "</li>"
            for k in found.without_baseline
        )
        html.append(f"<ul>{items}</ul>")
    else:
        html.append("<p>None.</p>")
    lines = found.to_markdown().splitlines()
    if lines and lines[0].startswith("## "):
        lines = lines[1:]  # the section's own heading replaces it
    markdown = "\n".join("#" + line if line.startswith("### ") else line for line in lines)
    return Section("toc-evidence", "Evidence", "\n".join(html), markdown.strip())


def _html_table(cls: str, head: Sequence[str], rows: Sequence[str]) -> str:
    heading = "".join(f'<th scope="col">{html_text(h)}</th>' for h in head)
    return (
        f'<table class="{cls}"><thead><tr>{heading}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
