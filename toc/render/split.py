"""One figure per group: a large model as pages that each print legibly, with a contents page.

`--split-by llr:prevention` makes a page of every element under each entry of that framework tag
(elements with no such tag join the group of their neighbours, as in the overview), and a first
page listing the pages with links to them. Each page is a file of its own, numbered in reading
order (`board-00-contents.svg`, `board-01-primary.svg`, …), so a reader of the contents can follow
a link to the next file. A PDF is one file instead, its pages merged by `toc.render.pdf`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from toc.render.errors import RenderOptionError
from toc.render.view import Column, DiagramOptions, View, build_view

if TYPE_CHECKING:
    from collections.abc import Callable

    from toc.findings import Report
    from toc.model import Group, TheoryOfChange

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
GROUPS = "groups"
"""`split_by` value naming the model's own `groups:` rather than a framework's tags."""
MAX_SUBGROUPS = 8
"""A group too large for a page is split by its next level of tags only into this many parts at
most: a pillar's few sub-pillars, not an outcome bank's dozens of one-element results."""


@dataclass(frozen=True, slots=True)
class SplitPage:
    """One group's figure: its key, label, file name and view."""

    key: str
    label: str
    path: Path
    view: View


def split_views(
    model: TheoryOfChange,
    options: DiagramOptions,
    split_by: str,
    output: Path,
    *,
    report: Report | None = None,
    fits: Callable[[View], bool] | None = None,
) -> list[SplitPage]:
    """A view of each group's elements, in the grouping's order, with the file each goes to.

    `split_by="groups"` splits by the model's own top-level `groups:` (pillars); any other value
    is a framework tag prefix, and the groups are the bands `group_by=split_by` draws. Elements
    with no group take the group of the elements they are linked to (an activity that of its
    outputs). With `fits`, a group whose figure does not fit is split again by its sub-groups or
    the next level of its tags (a pillar into its sub-pillars), as long as that divides it.
    """
    if options.group_by is not None:
        raise RenderOptionError("split_by and group_by cannot be used together; choose one")
    whole = build_view(model, options, report)
    by_groups = split_by == GROUPS
    if by_groups and not model.groups:
        raise RenderOptionError(
            "the model declares no groups: to split by them, add `groups:` and give elements a "
            "`group:`; or split by a framework tag prefix, e.g. --split-by llr:prevention"
        )
    subdivide = _model_groups if by_groups else _groups
    parts = subdivide(
        model, options, None if by_groups else split_by, set(whole.nodes), report, required=True
    )
    found: list[tuple[str, str, set[str]]] = []
    while parts:
        key, label, members = parts.pop(0)
        view = _part(whole, members, label)
        if fits is not None and len(members) > 1 and not fits(view):
            deeper = subdivide(model, options, key, members, report, required=False)
            if 1 < len(deeper) <= MAX_SUBGROUPS:
                parts[:0] = [
                    (k, f"{label} / {sub}" if k != key else f"{label}, across its parts", ids)
                    for k, sub, ids in deeper
                ]
                continue
        found.append((key, label, members))
    return [
        SplitPage(key, label, numbered(output, number, label), _part(whole, members, label))
        for number, (key, label, members) in enumerate(found, start=1)
    ]


def _groups(
    model: TheoryOfChange,
    options: DiagramOptions,
    prefix: str | None,
    members: set[str],
    report: Report | None,
    *,
    required: bool,
) -> list[tuple[str, str, set[str]]]:
    """(key, label, element ids) of each band under `prefix` among `members`, in band order.

    `required`: no element tagged under `prefix` is an error (the prefix the user gave), not
    an empty list (a deeper level a group does not have).
    """
    from toc.render.overview import group_of_elements

    try:
        banded = build_view(model, replace(options, group_by=prefix), report)
    except RenderOptionError:  # no element has a tag under the prefix
        if required:
            raise
        return []
    part = _part(banded, members, banded.title)
    part = View(part.title, part.options, part.columns, part.nodes, part.edges, banded.groups)
    group_of, labels = group_of_elements(model, part, None)
    present = set(group_of.values())
    return [
        (key, labels[key], {i for i, group in group_of.items() if group == key})
        for key in labels
        if key in present
    ]


def _model_groups(
    model: TheoryOfChange,
    options: DiagramOptions,
    parent: str | None,
    members: set[str],
    report: Report | None,
    *,
    required: bool = False,
) -> list[tuple[str, str, set[str]]]:
    """(key, label, element ids) of each sub-group of `parent` (None: the top-level groups).

    Elements of `parent` itself, in none of its sub-groups, form a part keyed by `parent`.
    """
    from toc.groups import group_paths
    from toc.render.overview import group_of_elements

    paths = group_paths(model)
    depth = 0 if parent is None else len(paths[parent])
    given: dict[str, tuple[str, str]] = {}
    for element_id in members:
        chain = paths.get(model.by_id[element_id].group or "", ())
        if len(chain) > depth:
            given[element_id] = (chain[depth].id, chain[depth].label)
        elif parent is not None and chain and chain[-1].id == parent:
            given[element_id] = (parent, chain[-1].label)
    whole = build_view(model, options, report)
    part = _part(whole, members, whole.title)
    group_of, labels = group_of_elements(model, part, given)
    order = [g.id for _, chain in _walk(model) for g in chain[-1:]]
    if parent is not None:
        order.insert(0, parent)
    present = set(group_of.values())
    keys = [k for k in dict.fromkeys(order) if k in present]
    keys += [k for k in dict.fromkeys(group_of.values()) if k not in keys]
    return [
        (key, labels.get(key, key), {i for i, group in group_of.items() if group == key})
        for key in keys
    ]


def _walk(model: TheoryOfChange) -> list[tuple[tuple[str | int, ...], tuple[Group, ...]]]:
    from toc.groups import walk_groups

    return list(walk_groups(model.groups))


def numbered(output: Path, number: int, label: str) -> Path:
    """`board.svg`, 3, "Secondary prevention" → `board-03-secondary-prevention.svg`."""
    slug = _NOT_SLUG.sub("-", label.lower()).strip("-")[:40].strip("-") or "group"
    return output.with_name(f"{output.stem}-{number:02d}-{slug}{output.suffix}")


def _part(whole: View, members: set[str], label: str) -> View:
    """The whole view cut down to some elements, keeping the links among them."""
    nodes = {i: node for i, node in whole.nodes.items() if i in members}
    columns = tuple(
        Column(column.key, column.heading, ids)
        for column in whole.columns
        if (ids := tuple(i for i in column.node_ids if i in members))
    )
    return View(
        title=f"{whole.title} — {label}",
        options=whole.options,
        columns=columns,
        nodes=nodes,
        edges=tuple(e for e in whole.edges if e.source in members and e.target in members),
    )


def contents_dot(title: str, pages: list[SplitPage], *, within: bool = False) -> str:
    """DOT text of the contents page: one row per page, linking to its file by relative name.

    `within`: the pages are to be merged into one PDF after the contents, so each row links to
    its page number there (`toc.render.pdf.page_link`) instead of a file.
    """
    from urllib.parse import quote

    from toc.render.dot import FONT
    from toc.render.pdf import page_link
    from toc.render.text import HEADING_WIDTH, dot_label_text, dot_tooltip, label_lines

    heading = '<BR ALIGN="LEFT"/>'.join(
        dot_label_text(line) for line in label_lines(title, HEADING_WIDTH)
    )
    rows = [
        f'<TR><TD ALIGN="LEFT"><B>{heading}</B></TD><TD ALIGN="RIGHT"><B>elements</B></TD></TR>'
    ]
    for number, page in enumerate(pages, start=1):
        # The output's stem is the user's: quoted, the link holds no `"`, `<` or `&`.
        link = page_link(number + 1) if within else quote(page.path.name)
        tip = dot_label_text(page.label if within else page.path.name)
        text = dot_label_text(f"{number}. {page.label}")
        rows.append(
            f'<TR><TD ALIGN="LEFT" HREF="{link}" TITLE="{tip}">'
            f'<U><FONT COLOR="#0B5394">{text}</FONT></U></TD>'
            f'<TD ALIGN="RIGHT">{len(page.view.nodes)}</TD></TR>'
        )
    table = (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="4">'
        + "".join(rows)
        + "</TABLE>"
    )
    return (
        "digraph contents {\n"
        f'  graph [pad=0.3, charset="UTF-8", tooltip={dot_tooltip("Contents: " + title)}];\n'
        f'  node [fontname="{FONT}", fontsize=12, shape=plain];\n'
        f"  contents [label=<{table}>];\n"
        "}\n"
    )
