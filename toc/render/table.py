"""The six-column logic-model table a strategy document prints, as Markdown, HTML and CSV.

Inputs | Activities | Outputs | KPIs | Outcomes | Impacts, one row per activity. The Activities,
Outputs and KPIs cells of a row belong together: the activity, the outputs it produces, and the KPIs
measuring the activity or those outputs. Inputs, outcomes and impacts usually serve every activity
at once, so, as in the printed tables evaluators know (Bradford's among them), those columns are
lists read top to bottom, one element per row in document order, not claims about the row's
activity. The diagram is where individual links are shown.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from toc._atomic import write_text_atomic
from toc.model import TERM_ORDER, Outcome, outcome_level_name, outcome_levels
from toc.render.text import clean, html_text, markdown_cell, safe_url, spreadsheet_safe
from toc.render.view import outcome_heading

if TYPE_CHECKING:
    from toc.model import AnyElement, TheoryOfChange

COLUMNS: tuple[str, ...] = ("Inputs", "Activities", "Outputs", "KPIs", "Outcomes", "Impacts")


@dataclass(frozen=True, slots=True)
class LogicModelTable:
    """The table as values: headings and rows of cells, each cell a list of elements."""

    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[tuple[AnyElement, ...], ...], ...]
    outcome_terms: bool
    """True when outcomes of several terms share the column, so each says its term."""
    level_prefixes: Mapping[str, str] = field(default_factory=dict)
    """What an outcome's item starts with, by level, when the column mixes levels: "Short term",
    or a declared level's label ("Intermediate outcome 1")."""


def logic_model_table(model: TheoryOfChange) -> LogicModelTable:
    """Lay the model out as the six-column table (see the module docstring for the rule)."""
    graph = model.graph

    def first(kind: str) -> list[AnyElement]:
        return graph.of_kind(kind)

    def linked(element: AnyElement, relation: str, kind: str) -> list[AnyElement]:
        """Targets of one link type, of the kind the table's column holds.

        An invalid `measured_by: [an-input]` must not put an input in the KPIs column.
        """
        return [
            graph.nx.nodes[target]["element"]
            for target in graph.nx.successors(element.id)
            if graph.nx.edges[element.id, target]["relation"] == relation
            and graph.nx.nodes[target]["kind"] == kind
        ]

    activities = first("activity")
    outputs_of = [linked(a, "produces", "output") for a in activities]
    kpis_of: list[list[AnyElement]] = []
    for activity, outputs in zip(activities, outputs_of, strict=True):
        seen: dict[str, AnyElement] = {}
        for element in [activity, *outputs]:
            for kpi in linked(element, "measured_by", "kpi"):
                seen.setdefault(kpi.id, kpi)
        kpis_of.append(list(seen.values()))
    placed_outputs = {e.id for cell in outputs_of for e in cell}
    placed_kpis = {e.id for cell in kpis_of for e in cell}
    spare_outputs = [e for e in first("output") if e.id not in placed_outputs]
    spare_kpis = [e for e in first("kpi") if e.id not in placed_kpis]

    outcomes = first("outcome")
    columns: list[list[list[AnyElement]]] = [
        [[e] for e in first("input")],
        [[a] for a in activities],
        [*outputs_of, *([e] for e in spare_outputs)],
        [*kpis_of, *([e] for e in spare_kpis)],
        [[e] for e in outcomes],
        [[e] for e in first("impact")],
    ]
    height = max((len(column) for column in columns), default=0)
    rows = tuple(
        tuple(tuple(column[i]) if i < len(column) else () for column in columns)
        for i in range(height)
    )
    terms = {e.term for e in outcomes if isinstance(e, Outcome)}
    headings = list(COLUMNS)
    if len(terms) == 1:
        headings[4] = outcome_heading(model, terms.pop())
    prefixes = {level: level_prefix(model, level) for level in outcome_levels(model)}
    return LogicModelTable(
        model.title, tuple(headings), rows, outcome_terms=len(terms) > 1, level_prefixes=prefixes
    )


def level_prefix(model: TheoryOfChange, level: str) -> str:
    """How an item in a mixed Outcomes column names its level: "Medium term", "Final outcome".

    Default levels keep the words the table reader knows (`Medium term: ...`); a declared level
    says its label, which a reader told the level (`--levels`) reads back.
    """
    declared = next((d for d in model.outcome_levels if d.id == level), None)
    if (declared is None or declared.label is None) and level in TERM_ORDER:
        return f"{level.capitalize()} term"
    return outcome_level_name(model, level)


def _item_text(table: LogicModelTable, element: AnyElement) -> str:
    label = clean(element.label)
    if table.outcome_terms and isinstance(element, Outcome):
        prefix = table.level_prefixes.get(element.term, element.term)
        return f"{clean(prefix)}: {label}"
    return label


def to_markdown_table(model: TheoryOfChange) -> str:
    """A GitHub-flavoured Markdown table; several items in a cell are separated by `<br>`.

    Every label is escaped (`markdown_cell`), so `|`, `<`, `[`, `*` in a label print as themselves.
    """
    table = logic_model_table(model)
    lines = [
        "| " + " | ".join(table.headings) + " |",
        "|" + "|".join(" --- " for _ in table.headings) + "|",
    ]
    for row in table.rows:
        cells = ["<br>".join(markdown_cell(_item_text(table, e)) for e in cell) for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def to_html_table(model: TheoryOfChange) -> str:
    """An HTML table with a caption; each item a paragraph, linked to its source when http(s)."""
    table = logic_model_table(model)
    head = "".join(f'<th scope="col">{html_text(h)}</th>' for h in table.headings)
    body = "".join(
        "<tr>" + "".join(f"<td>{_html_cell(table, cell)}</td>" for cell in row) + "</tr>"
        for row in table.rows
    )
    return (
        '<table class="toc-logic-model">'
        f"<caption>{html_text(clean(table.title))}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html_cell(table: LogicModelTable, cell: tuple[AnyElement, ...]) -> str:
    items = []
    for element in cell:
        text = html_text(_item_text(table, element))
        url = safe_url(element.source.url if element.source else None)
        if url is not None:
            text = f'<a href="{html_text(url)}" rel="noopener noreferrer">{text}</a>'
        items.append(f'<p id="{html_text(element.id)}">{text}</p>')
    return "".join(items)


def to_csv(model: TheoryOfChange) -> str:
    """CSV with the same rows; several items in a cell are separated by line breaks.

    A cell that would start with `=`, `+`, `-` or `@` gets a leading `'`, so a spreadsheet opening
    the file shows the text instead of running it as a formula.
    """
    table = logic_model_table(model)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headings)
    for row in table.rows:
        writer.writerow(
            [spreadsheet_safe("\n".join(_item_text(table, e) for e in cell)) for cell in row]
        )
    return buffer.getvalue()


def write_markdown_table(model: TheoryOfChange, path: str | Path) -> Path:
    """Write `to_markdown_table(model)` to a file; return the path."""
    return _write(path, to_markdown_table(model))


def write_html_table(model: TheoryOfChange, path: str | Path) -> Path:
    """Write `to_html_table(model)` to a file; return the path."""
    return _write(path, to_html_table(model))


def write_csv(model: TheoryOfChange, path: str | Path) -> Path:
    """Write `to_csv(model)` to a file (UTF-8 with a byte-order mark, which Excel needs)."""
    return write_text_atomic(path, to_csv(model), encoding="utf-8-sig")


def _write(path: str | Path, text: str) -> Path:
    """Replace the file in one step, so a reader never sees half a table."""
    return write_text_atomic(path, text)
