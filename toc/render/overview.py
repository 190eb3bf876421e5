"""The overview of a model too large to draw whole: its outcomes and impacts, the rest counted.

A board reads a large theory of change for where it leads, not for each activity, so the overview
draws the later columns and collapses everything before them into one node per group ("Pillar 2:
12 activities, 30 outputs, 24 KPIs, 4 inputs"), linked to what that group leads to. When even
those columns are too many to read on a page, a coarser level draws less: only the last outcomes
and the impacts, then only the impacts, then only the groups. `toc render` picks the most
detailed level whose labels still print at a readable size (see `toc.render.fit`).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import replace
from typing import TYPE_CHECKING

from toc.model import Activity, ContextFactor
from toc.render.view import (
    UNGROUPED,
    Column,
    DiagramOptions,
    Edge,
    Node,
    View,
    build_view,
    column_order,
)

if TYPE_CHECKING:
    from toc.findings import Report
    from toc.model import TheoryOfChange

LEVELS: tuple[str, ...] = ("outcomes", "last-outcomes", "impacts", "groups")
"""Overview levels, most detailed first: what each draws besides the group nodes."""
SUMMARY_COLUMN = "activity"
"""The group nodes stand in the activities' column, where the collapsed chain starts."""
_NOUNS: dict[str, tuple[str, str]] = {
    "input": ("input", "inputs"),
    "activity": ("activity", "activities"),
    "output": ("output", "outputs"),
    "kpi": ("KPI", "KPIs"),
    "outcome": ("outcome", "outcomes"),
    "impact": ("impact", "impacts"),
    "context": ("context factor", "context factors"),
}
COARSE_WRAP = 40
"""Label width at the coarse levels (impacts, groups): few columns, so wider, shorter nodes fit
more of them into a page's height."""
GROUPS_WRAP = 64
"""Label width at the `groups` level, a single column: two lines hold a group and its counts."""
WHOLE = "The whole programme"
"""The one group of a model with no groups and no `group_by`."""


def overview_view(
    model: TheoryOfChange,
    options: DiagramOptions,
    level: str = "outcomes",
    report: Report | None = None,
    groups: dict[str, tuple[str, str]] | None = None,
) -> View:
    """The overview at `level` (one of `LEVELS`): some columns, and a node per group for the rest.

    `groups` maps element id → (group key, label) for the elements it knows; by default the
    grouping is `options.group_by` (framework tags), else the model's top-level `groups:`, else
    the whole model is one group. Elements
    with no group of their own take the group of their neighbours (an activity that of its
    outputs, a KPI that of what it measures).
    """
    if level not in LEVELS:
        raise ValueError(f"overview level must be one of {', '.join(LEVELS)}, not {level!r}")
    if level in ("impacts", "groups"):
        wide = COARSE_WRAP if level == "impacts" else GROUPS_WRAP
        options = replace(options, wrap=max(options.wrap, wide))
    full = build_view(model, options, report)
    if groups is None and options.group_by is None and model.groups:
        groups = _top_groups(model)
    shown_columns = _shown_columns(full, level)
    shown = {i for i, node in full.nodes.items() if node.column in shown_columns}
    hidden = [i for i in full.nodes if i not in shown]
    group_of, labels = group_of_elements(model, full, groups)

    present = dict.fromkeys(group_of[i] for i in hidden)
    order = [key for key in labels if key in present] + [k for k in present if k not in labels]
    summary_ids = {key: f"toc:group:{index}" for index, key in enumerate(order)}
    nodes: dict[str, Node] = {}
    for key in order:
        members = [i for i in hidden if group_of[i] == key]
        label = f"{labels.get(key, key)}: {_counts(full, members)}"
        element = Activity.model_construct(id=summary_ids[key], label=label)
        nodes[summary_ids[key]] = Node(
            summary_ids[key], element, SUMMARY_COLUMN, None, (), None, drawn_as="group"
        )
    nodes.update({i: full.nodes[i] for i in full.nodes if i in shown})

    edges = [e for e in full.edges if e.source in shown and e.target in shown]
    edges += _summary_edges(full, hidden, group_of, summary_ids, shown)
    columns = (
        Column(SUMMARY_COLUMN, _summary_heading(full, shown_columns), tuple(summary_ids.values())),
        *(column for column in full.columns if column.key in shown_columns),
    )
    drawn = sum(len(column.node_ids) for column in full.columns if column.key in shown_columns)
    return View(
        title=f"{full.title} (overview: {drawn} of {len(full.nodes)} elements drawn)",
        options=options,
        columns=columns,
        nodes=nodes,
        edges=tuple(edges),
        hidden_findings=full.hidden_findings,
    )


def _top_groups(model: TheoryOfChange) -> dict[str, tuple[str, str]]:
    """Element id → (id, label) of its top-level group, for the elements in a group."""
    from toc.groups import group_paths

    paths = group_paths(model)
    return {
        element.id: (chain[0].id, chain[0].label)
        for _, element in model.elements()
        if element.group is not None and (chain := paths.get(element.group))
    }


def _shown_columns(view: View, level: str) -> set[str]:
    """The columns a level draws: outcome columns are in the view's order, the last ones last."""
    outcome_columns = [c.key for c in view.columns if c.key.startswith("outcome-")]
    if level == "outcomes":
        return {*outcome_columns, "impact"}
    if level == "last-outcomes":
        return {*outcome_columns[-1:], "impact"}
    if level == "impacts":
        return {"impact"}
    return set()


def _summary_heading(view: View, shown_columns: set[str]) -> str:
    kinds = [
        _NOUNS[kind][1]
        for kind in ("input", "activity", "output", "kpi", "outcome", "impact", "context")
        if any(
            _kind(node) == kind and node.column not in shown_columns for node in view.nodes.values()
        )
    ]
    return "Counted by group: " + ", ".join(kinds) if kinds else "Groups"


def _kind(node: Node) -> str:
    return "context" if isinstance(node.element, ContextFactor) else node.element.kind


def _counts(view: View, members: list[str]) -> str:
    """`"12 activities, 30 outputs, 1 KPI"`, in the order of the columns."""
    counted = Counter(_kind(view.nodes[i]) for i in members)
    return ", ".join(
        f"{counted[kind]} {_NOUNS[kind][0] if counted[kind] == 1 else _NOUNS[kind][1]}"
        for kind in _NOUNS
        if counted[kind]
    )


def group_of_elements(
    model: TheoryOfChange, view: View, given: dict[str, tuple[str, str]] | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Every drawn element's group key, and each key's label.

    Elements with no group take the most common group among their neighbours, repeatedly (an
    input through its activities), so a model that tags only outputs and outcomes still counts
    its activities and KPIs under the right theme.
    """
    labels: dict[str, str]
    if given is not None:
        group_of = {i: given[i][0] for i in view.nodes if i in given}
        labels = dict(given.values())
    elif view.groups:
        group_of = {
            i: node.group
            for i, node in view.nodes.items()
            if node.group is not None and node.group != UNGROUPED
        }
        labels = dict(view.groups)
    else:
        return dict.fromkeys(view.nodes, WHOLE), {WHOLE: WHOLE}
    graph = model.graph.nx
    for _ in range(len(column_order(model))):
        added = {}
        for element_id in view.nodes:
            if element_id in group_of:
                continue
            around = Counter(
                group_of[n]
                for n in (*graph.predecessors(element_id), *graph.successors(element_id))
                if n in group_of
            )
            if around:
                added[element_id] = around.most_common(1)[0][0]
        if not added:
            break
        group_of.update(added)
    for element_id in view.nodes:
        group_of.setdefault(element_id, UNGROUPED)
    labels.setdefault(UNGROUPED, UNGROUPED)
    return group_of, labels


def _summary_edges(
    view: View,
    hidden: list[str],
    group_of: dict[str, str],
    summary_ids: dict[str, str],
    shown: set[str],
) -> list[Edge]:
    """A link from each group's node to every drawn element its hidden members lead to.

    A path through the group's other hidden elements counts (activity → output → outcome), so
    the overview keeps every route the full figure has from a group into the drawn columns; a
    path through another group's elements (an input shared by two pillars) is that group's.
    """
    successors: dict[str, list[str]] = {}
    for edge in view.edges:
        if edge.relation not in ("measured_by", "applies_to") and not edge.feedback:
            successors.setdefault(edge.source, []).append(edge.target)
    edges: list[Edge] = []
    for key, summary in summary_ids.items():
        start = [i for i in hidden if group_of[i] == key]
        seen = set(start)
        queue = deque(start)
        reached: dict[str, None] = {}
        while queue:
            for target in successors.get(queue.popleft(), ()):
                if target in shown:
                    reached.setdefault(target, None)
                elif group_of.get(target) == key and target not in seen:
                    seen.add(target)
                    queue.append(target)
        edges += [Edge(summary, target, "leads_to", None, None, False) for target in reached]
    return edges
