"""What a diagram shows, decided once for every renderer: columns, nodes, links, groups, findings.

The Graphviz and Mermaid renderers only differ in syntax. Which elements an author asked to see
(`hide_kpis`, `only=` one chain), in which column and band each goes, and which codes a reviewer
should see on it, is worked out here, so the two outputs can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from toc.model import (
    ContextFactor,
    Framework,
    Kpi,
    Outcome,
    Statement,
    outcome_level_name,
    outcome_levels,
)
from toc.render.errors import RenderOptionError
from toc.render.palette import KIND_STYLES, TERM_HEADINGS
from toc.render.text import safe_url

if TYPE_CHECKING:
    from toc.findings import Report, Severity
    from toc.model import AnyElement, Link, TheoryOfChange

Direction = Literal["LR", "TB"]
UNGROUPED = "Not tagged"
KINDS: tuple[str, ...] = ("input", "activity", "output", "kpi", "outcome", "impact", "context")
"""What `kinds=` may name; `context` stands for assumptions, barriers, enablers and risks."""

_HEADINGS: dict[str, str] = {
    **{kind: style.heading for kind, style in KIND_STYLES.items()},
    "context": "Context",
}


def column_order(model: TheoryOfChange) -> tuple[str, ...]:
    """The columns of a model's figure, left to right, then the context factors.

    One outcome column per level of `outcome_levels(model)`, in its order (`outcome-short`,
    `outcome-final`), and the statements something leads to after the impacts.
    """
    outcomes = tuple(f"outcome-{level}" for level in outcome_levels(model))
    return ("input", "activity", "output", "kpi", *outcomes, "impact", "statement", "context")


def outcome_heading(model: TheoryOfChange, level: str) -> str:
    """The heading of an outcome level's column: "Short-term outcomes", or the declared label."""
    declared = next((d for d in model.outcome_levels if d.id == level), None)
    if (declared is None or declared.label is None) and level in TERM_HEADINGS:
        return TERM_HEADINGS[level]
    return outcome_level_name(model, level)


@dataclass(frozen=True, slots=True)
class DiagramOptions:
    """What an author can ask of a diagram. Every renderer takes these as keyword arguments."""

    hide_kpis: bool = False
    hide_context: bool = False
    only: str | None = None
    group_by: str | None = None
    direction: Direction = "LR"
    wrap: int = 24
    kinds: tuple[str, ...] | None = None
    """Only these kinds (see `KINDS`), e.g. `("outcome", "impact")` for a board paper."""

    def __post_init__(self) -> None:
        if self.kinds is not None:
            if isinstance(self.kinds, str):  # `kinds="outcome,impact"`, as on the command line
                object.__setattr__(self, "kinds", parse_kinds(self.kinds))
            else:
                object.__setattr__(self, "kinds", parse_kinds(",".join(self.kinds)))
        if self.direction not in ("LR", "TB"):
            raise RenderOptionError(f"direction must be 'LR' or 'TB', not {self.direction!r}")
        if self.wrap < 8:
            raise RenderOptionError(f"wrap must be at least 8 characters, not {self.wrap}")


def parse_kinds(text: str) -> tuple[str, ...]:
    """`"outcome, impact"` → `("outcome", "impact")`; an unknown kind is a `RenderOptionError`."""
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in KINDS]
    if unknown or not names:
        from toc.suggest import did_you_mean

        hint = did_you_mean(unknown[0], KINDS) if unknown else ""
        raise RenderOptionError(f"kinds must name some of {', '.join(KINDS)}, not {text!r}{hint}")
    return names


@dataclass(frozen=True, slots=True)
class Node:
    """One element as drawn: where it goes and what a reviewer must see on it."""

    id: str
    element: AnyElement | Statement
    column: str
    group: str | None
    codes: tuple[str, ...]
    url: str | None
    worst: str | None = None
    """The highest severity among the element's findings (`error`, `warning`, `info`)."""

    level: str | None = None
    """An outcome's level as a reader names it: "Short-term outcome", "Final outcome"."""
    drawn_as: str | None = None
    """A kind to draw it as other than its element's: `group` for an overview's count of a group."""

    @property
    def kind(self) -> str:
        """The kind it is drawn as: `drawn_as`, a `statement`, or the element's own."""
        if self.drawn_as is not None:
            return self.drawn_as
        return "statement" if isinstance(self.element, Statement) else self.element.kind


@dataclass(frozen=True, slots=True)
class Edge:
    """One link as drawn, along the results chain (input → activity, element → KPI)."""

    source: str
    target: str
    relation: str
    basis: str | None
    strength: str | None
    feedback: bool
    factors: tuple[ContextFactor, ...] = ()
    """The context factors the link rests on (its `assumptions:`), to be drawn on it."""
    contributes: bool = False
    """`relation: contributes_to`: one contribution among several, not the cause."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the diagram, with its heading and its nodes in document order."""

    key: str
    heading: str
    node_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class View:
    """Everything a renderer draws, with no syntax in it."""

    title: str
    options: DiagramOptions
    columns: tuple[Column, ...]
    nodes: dict[str, Node]
    edges: tuple[Edge, ...]
    groups: tuple[tuple[str, str], ...] = field(default=())
    """(key, label) of each band when grouping by a framework tag, in framework order."""
    hidden_findings: int = 0
    """Findings about elements this view leaves out, or about the file as a whole."""

    def kinds(self) -> list[str]:
        """The kinds of element that appear, in column order (for the legend)."""
        seen: dict[str, None] = {}
        for column in self.columns:
            for node_id in column.node_ids:
                seen.setdefault(self.nodes[node_id].kind, None)
        return list(seen)


def column_of(element: AnyElement | Statement) -> str:
    """The column key of an element: its kind, with outcomes split by term (level)."""
    if isinstance(element, Statement):
        return "statement"
    if isinstance(element, ContextFactor):
        return "context"
    if isinstance(element, Outcome):
        return f"outcome-{element.term}"
    return element.kind


def build_view(
    model: TheoryOfChange, options: DiagramOptions, report: Report | None = None
) -> View:
    """Select, place and annotate the elements of a model for drawing."""
    graph = model.graph
    keep = _kept_ids(model, options)
    codes, worst = _codes_by_element(report)
    groups, group_of = _groups(model, options.group_by, keep)

    nodes: dict[str, Node] = {}
    for element_id in keep:
        element = graph.nx.nodes[element_id]["element"]
        source = element.source
        nodes[element_id] = Node(
            id=element_id,
            element=element,
            column=column_of(element),
            group=group_of.get(element_id) if options.group_by else None,
            codes=tuple(codes.get(element_id, ())),
            url=safe_url(source.url if source else None),
            worst=worst.get(element_id),
            level=(
                outcome_level_name(model, element.term) if isinstance(element, Outcome) else None
            ),
        )

    columns = tuple(
        Column(key, _heading(model, key), ids)
        for key in column_order(model)
        if (ids := tuple(i for i in nodes if nodes[i].column == key))
    )
    edges = tuple(
        Edge(
            source=u,
            target=v,
            relation=data["relation"],
            basis=link.basis if link else None,
            strength=link.evidence.strength if link and link.evidence else None,
            feedback=link.feedback if link else False,
            factors=_factors_of(model, link),
            contributes=link.relation == "contributes_to" if link else False,
        )
        for u, v, data in graph.nx.edges(data=True)
        if u in nodes and v in nodes
        for link in [data["link"]]
    )
    shown = set(nodes)
    hidden = sum(1 for f in report or () if f.element_id not in shown) if report else 0
    return View(
        title=model.title,
        options=options,
        columns=columns,
        nodes=nodes,
        edges=edges,
        groups=groups,
        hidden_findings=hidden,
    )


def _factors_of(model: TheoryOfChange, link: Link | None) -> tuple[ContextFactor, ...]:
    """The factors a link names that exist; an unknown id is left to the rules to report."""
    found = (model.by_id.get(i) for i in link.assumptions) if link else ()
    return tuple(f for f in found if isinstance(f, ContextFactor))


def _heading(model: TheoryOfChange, key: str) -> str:
    kind, _, level = key.partition("-")
    return outcome_heading(model, level) if kind == "outcome" and level else _HEADINGS[key]


def _kept_ids(model: TheoryOfChange, options: DiagramOptions) -> list[str]:
    """The ids to draw, in document order, after the author's filters.

    Statements are drawn when something leads to them: a vision nothing links to frames the
    model in its text, not in the figure.
    """
    ordered = [e.id for _, e in model.elements() if model.by_id[e.id] is e]
    graph = model.graph
    ordered += [s for s in graph.statement_ids() if graph.nx.pred[s]]
    if options.only is not None:
        if options.only not in model.by_id:
            raise RenderOptionError(_unknown_id(model, options.only))
        chain = model.graph.chain_of(options.only)
        factors = {
            e.id
            for _, e in model.elements()
            if isinstance(e, ContextFactor) and chain.intersection(e.applies_to)
        }
        wanted = chain | factors
        ordered = [i for i in ordered if i in wanted]
    kept = []
    for element_id in ordered:
        element = graph.nx.nodes[element_id]["element"]
        if options.hide_kpis and isinstance(element, Kpi):
            continue
        if options.hide_context and isinstance(element, ContextFactor):
            continue
        if options.kinds is not None and _kind_name(element) not in options.kinds:
            continue
        kept.append(element_id)
    return kept


def _kind_name(element: AnyElement) -> str:
    return "context" if isinstance(element, ContextFactor) else element.kind


def _unknown_id(model: TheoryOfChange, element_id: str) -> str:
    from toc.suggest import did_you_mean

    return f"no element {element_id!r} to show the chain of{did_you_mean(element_id, model.by_id)}"


def _codes_by_element(report: Report | None) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The distinct codes of each element's findings, sorted, and the worst severity."""
    codes: dict[str, list[str]] = {}
    worst: dict[str, Severity] = {}
    for finding in report or ():
        if finding.element_id is None:
            continue
        listed = codes.setdefault(finding.element_id, [])
        if finding.code not in listed:
            listed.append(finding.code)
        known = worst.get(finding.element_id)
        if known is None or finding.severity.rank > known.rank:
            worst[finding.element_id] = finding.severity
    return (
        {key: sorted(value) for key, value in codes.items()},
        {key: value.value for key, value in worst.items()},
    )


def _groups(
    model: TheoryOfChange, prefix: str | None, keep: Iterable[str]
) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """Bands for `group_by`: each element goes to the first of its tags under the prefix.

    `group_by="llr:prevention"` puts an element tagged `llr:prevention/secondary` in the band
    `llr:prevention/secondary`, labelled from the framework entry when the model defines it.
    `group_by="llr"` groups by the framework's top-level entries.
    """
    if prefix is None:
        return (), {}
    prefix = prefix.rstrip("/:")
    group_of: dict[str, str] = {}
    for element_id in keep:
        element = model.graph.nx.nodes[element_id]["element"]
        group_of[element_id] = next(
            (key for tag in element.tags if (key := _group_key(tag.ref, prefix))), UNGROUPED
        )
    if all(key == UNGROUPED for key in group_of.values()):
        raise RenderOptionError(f"no element shown has a tag under {prefix!r} to group by")
    from toc.frameworks import frameworks

    labels = _entry_labels(frameworks(model).values())
    seen = {key: index for index, key in enumerate(dict.fromkeys(group_of.values()))}
    order = {key: index for index, key in enumerate(labels)}
    keys = sorted(seen, key=lambda k: (k == UNGROUPED, order.get(k, len(order)), seen[k]))
    groups = tuple((key, labels.get(key, _last_segment(key))) for key in keys)
    return groups, group_of


def _group_key(ref: str, prefix: str) -> str | None:
    """The band of one tag: the prefix plus the next path segment, or None when not under it."""
    if ":" not in prefix:
        framework, _, path = ref.partition(":")
        return f"{framework}:{path.split('/')[0]}" if framework == prefix else None
    if ref == prefix:
        return ref
    if not ref.startswith(prefix + "/"):
        return None
    rest = ref[len(prefix) + 1 :]
    return f"{prefix}/{rest.split('/')[0]}"


def _last_segment(key: str) -> str:
    return (
        key.rsplit("/", 1)[-1]
        .rsplit(":", maxsplit=1)[-1]
        .replace("-", " ")
        .replace("_", " ")
        .capitalize()
    )


def _entry_labels(frameworks: Iterable[Framework]) -> dict[str, str]:
    """`framework:path/to/entry` → label, in framework order, for every entry the model defines."""
    from toc.frameworks import iter_entries

    return {tag: entry.label for framework in frameworks for tag, entry in iter_entries(framework)}
