"""Coverage of a reference framework: which of its entries a model's tags reach, and which not.

An evaluator asks "which of the Home Office outcomes does our programme address?". The answer
counts the framework's *countable* entries: those with no sub-entries of their own (in the Home
Office outcome bank, the 23 outcomes, not the three groups and three terms they are filed under).
A countable entry is *covered* when an element or a statement carries a tag naming it.

A tag may also name an entry that has sub-entries (`llr:phases`, or Bradford's
`llr:cdc-strategies/social-norms`): the element bears on that group as a whole. Such a tag is
listed on the entry it names and counted as a *broad* tag of its group, but covers none of the
entries below it, since it names no one of them. For display, an entry with sub-entries is covered
when it is tagged itself or any entry below it is; its figure `n of m` counts the countable entries
below it.

Tags that name the framework but no entry in it (TOC502, a typo or a renamed entry) cover nothing;
they are listed, so that the report shows why a figure is lower than expected.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from toc._messages import listed, quoted
from toc.findings import Path, printable
from toc.frameworks import find_entry, frameworks, resolve, split_tag
from toc.model import Framework, FrameworkEntry, Tag, TheoryOfChange
from toc.suggest import closest

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Count",
    "Coverage",
    "EntryCoverage",
    "GroupCoverage",
    "Matrix",
    "MatrixRow",
    "Tagged",
    "UnknownFrameworkError",
    "UnresolvedTag",
    "coverage",
    "coverage_json",
    "tagged_entries",
    "tagged_frameworks",
]

CSV_COLUMNS: tuple[str, ...] = (
    "framework",
    "tag",
    "group",
    "depth",
    "label",
    "countable",
    "covered",
    "tagged_by",
    "kinds",
)
"""The columns of `Coverage.to_dicts()`, `to_csv()` and `to_frame()`: one row per entry."""


class UnknownFrameworkError(LookupError):
    """A framework id (or `framework:group`) the model cannot use; the message names the closest."""

    def __init__(self, message: str, suggestion: str | None = None) -> None:
        self.suggestion = suggestion
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Count:
    """Countable entries covered, of all countable entries in some part of a framework."""

    covered: int
    countable: int

    @property
    def share(self) -> float | None:
        """The covered fraction, or None when there is nothing to count."""
        return self.covered / self.countable if self.countable else None

    def __add__(self, other: Count) -> Count:
        return Count(self.covered + other.covered, self.countable + other.countable)

    def __str__(self) -> str:
        return f"{self.covered} of {self.countable}"


@dataclass(frozen=True, slots=True)
class Tagged:
    """An element or statement tagged to an entry, with what its tag says about why.

    `kind` is the element's kind (`activity`, `outcome`, `assumption`, ...) or, for a statement,
    the statement's kind (`vision`, `aim`, ...); the two sets of names do not overlap.
    """

    id: str
    kind: str
    basis: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.id} ({self.kind})"


@dataclass(frozen=True, slots=True)
class EntryCoverage:
    """One framework entry: what is tagged to it directly, and the count at or below it."""

    tag: str
    """The full tag, e.g. `home-office:practitioners/short/knowledge`."""
    path: tuple[str, ...]
    """The ids from the top of what is counted down to this entry."""
    label: str
    depth: int
    """0 for a top-level entry (a group), 1 for its sub-entries, and so on."""
    countable: bool
    """True when the entry has no sub-entries: only these count in the figures."""
    covered: bool
    """Countable: tagged. Otherwise: tagged itself or some entry below it is."""
    count: Count
    """Countable entries at or below this one: `1 of 1`, `0 of 1`, or the figure of a group."""
    tagged: tuple[Tagged, ...]
    """What is tagged to this entry itself, in document order (statements first)."""


@dataclass(frozen=True, slots=True)
class GroupCoverage:
    """A top-level entry of the framework and the countable entries below it."""

    id: str
    label: str
    count: Count
    broad_tags: int
    """Tags naming the group or one of its sub-groups rather than a countable entry."""


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One group of a group-by-sub-group matrix: a cell per column, None where it has none."""

    id: str
    label: str
    cells: tuple[Count | None, ...]
    total: Count


@dataclass(frozen=True, slots=True)
class Matrix:
    """Groups by the sub-groups they share, e.g. Home Office outcomes by group and term."""

    columns: tuple[tuple[str, str], ...]
    """`(id, label)` of each sub-group, in the order first met; the label is the first one met."""
    rows: tuple[MatrixRow, ...]

    @property
    def column_totals(self) -> tuple[Count, ...]:
        """Each column summed over the groups that have it."""
        return tuple(
            sum((row.cells[i] or Count(0, 0) for row in self.rows), Count(0, 0))
            for i in range(len(self.columns))
        )


@dataclass(frozen=True, slots=True)
class UnresolvedTag:
    """A tag naming the framework but no entry in it: it covers nothing (TOC502 reports it)."""

    ref: str
    owner: str
    kind: str
    path: Path
    """Where the tag is written, e.g. `("outcomes", 3, "tags", 0, "ref")`."""
    suggestion: str | None


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far one model's tags cover one framework; see the module docstring for the counting."""

    model_id: str
    framework: Framework
    scope: str
    """What is counted: the framework's id, or the tag of the group counted alone."""
    title: str
    """The framework's title, followed by the group's label when one group is counted."""
    entries: tuple[EntryCoverage, ...]
    """Every entry in the scope, depth first in the framework's order."""
    groups: tuple[GroupCoverage, ...]
    matrix: Matrix | None
    """Present when the groups share sub-groups that hold the countable entries (terms)."""
    unresolved: tuple[UnresolvedTag, ...]

    @property
    def total(self) -> Count:
        """All countable entries in the scope: covered of countable."""
        return sum((group.count for group in self.groups), Count(0, 0))

    @property
    def covered(self) -> tuple[EntryCoverage, ...]:
        """The countable entries that are covered."""
        return tuple(e for e in self.entries if e.countable and e.covered)

    @property
    def uncovered(self) -> tuple[EntryCoverage, ...]:
        """The countable entries nothing is tagged to."""
        return tuple(e for e in self.entries if e.countable and not e.covered)

    def entry(self, tag: str) -> EntryCoverage:
        """The entry with this tag, written whole (`llr:phases`) or as its path (`phases`)."""
        full = tag if ":" in tag else f"{_prefix(self.scope)}{tag}"
        for found in self.entries:
            if found.tag == full:
                return found
        raise KeyError(f"`{self.scope}` has no entry {quoted(tag)}")

    def to_dicts(self) -> list[dict[str, Any]]:
        """One row per entry, with the columns of `CSV_COLUMNS`: for tables and DataFrames."""
        return [
            {
                "framework": self.framework.id,
                "tag": e.tag,
                "group": e.path[0],
                "depth": e.depth,
                "label": e.label,
                "countable": e.countable,
                "covered": e.covered,
                "tagged_by": [t.id for t in e.tagged],
                "kinds": [t.kind for t in e.tagged],
            }
            for e in self.entries
        ]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain JSON-ready values."""
        total = self.total
        return {
            "model": self.model_id,
            "framework": self.framework.id,
            "scope": self.scope,
            "title": self.title,
            "covered": total.covered,
            "countable": total.countable,
            "share": total.share,
            "groups": [
                {
                    "id": g.id,
                    "label": g.label,
                    "covered": g.count.covered,
                    "countable": g.count.countable,
                    "broad_tags": g.broad_tags,
                }
                for g in self.groups
            ],
            "matrix": None if self.matrix is None else _matrix_dict(self.matrix),
            "entries": [
                {
                    "tag": e.tag,
                    "depth": e.depth,
                    "label": e.label,
                    "countable": e.countable,
                    "covered": e.covered,
                    "covered_below": e.count.covered,
                    "countable_below": e.count.countable,
                    "tagged": [
                        {"id": t.id, "kind": t.kind, "basis": t.basis, "note": t.note}
                        for t in e.tagged
                    ],
                }
                for e in self.entries
            ],
            "unresolved": [
                {
                    "ref": u.ref,
                    "owner": u.owner,
                    "kind": u.kind,
                    "path": list(u.path),
                    "suggestion": u.suggestion,
                }
                for u in self.unresolved
            ],
        }

    def to_text(self) -> str:
        """A report for a terminal: the figure, the groups, every entry; user text escaped."""
        return "\n".join(_text_lines(self)) + "\n"

    def to_markdown(self) -> str:
        """The report as GitHub-flavoured Markdown; every label is escaped."""
        return "\n".join(_markdown_lines(self)) + "\n"

    def to_csv(self, *, header: bool = True) -> str:
        """`to_dicts()` as CSV, one row per entry; lists joined with `; `.

        Control and format characters are escaped as on a terminal (`printable`), and text that
        a spreadsheet would run as a formula gets a leading `'`.
        """
        from toc.analysis._csv import csv_text

        return csv_text(self.to_dicts(), CSV_COLUMNS, header=header)

    def to_frame(self) -> pd.DataFrame:
        """`to_dicts()` as a pandas DataFrame, one row per entry (needs the `pandas` extra)."""
        try:
            import pandas
        except ImportError as error:
            raise ImportError(
                "coverage as a DataFrame needs pandas: pip install 'theory-of-change[pandas]'"
            ) from error
        return pandas.DataFrame(self.to_dicts(), columns=list(CSV_COLUMNS))


def coverage(model: TheoryOfChange, framework_id: str) -> Coverage:
    """Which entries of a framework (bundled, or the model's own) the model's tags cover.

    `framework_id` is a framework's id (`home-office`), or a tag naming one of its entries that
    has sub-entries (`llr:cdc-strategies`), to count that part of the framework alone. Raises
    `UnknownFrameworkError` (a `LookupError`) naming the closest id or tag when there is no such
    framework or entry.
    """
    available = frameworks(model)
    name, path = split_tag(framework_id)
    framework = available.get(name)
    if framework is None:
        suggestion = closest(name, available)
        hint = f"; did you mean `{suggestion}`?" if suggestion else ""
        known = listed(list(available), quote=False) or "none"
        raise UnknownFrameworkError(
            f"no framework {quoted(name)}{hint} (available: {known})", suggestion
        )
    scope, title, items = f"{framework.id}", framework.title, framework.entries
    if path:
        scope = f"{framework.id}:{'/'.join(path)}"
        root = find_entry(framework, path)
        if root is None:
            suggestion = resolve(scope, available).suggestion
            hint = f"; did you mean `{suggestion}`?" if suggestion else ""
            raise UnknownFrameworkError(
                f"framework `{framework.id}` has no entry {quoted('/'.join(path))}{hint}",
                suggestion,
            )
        if not root.entries:
            raise UnknownFrameworkError(
                f"`{scope}` has no sub-entries to count; name the framework or a group that "
                "holds entries (`toc frameworks --entries` lists them)"
            )
        title, items = f"{framework.title}: {root.label}", root.entries
    entries = tuple(_entries(scope, items, tagged_entries(model)))
    return Coverage(
        model.id,
        framework,
        scope,
        title,
        entries,
        _groups(entries),
        _matrix(entries),
        tuple(_unresolved(model, framework, scope, available)),
    )


def _unresolved(
    model: TheoryOfChange, framework: Framework, scope: str, available: dict[str, Framework]
) -> Iterator[UnresolvedTag]:
    """Tags naming the framework but no entry; within a group, those under it or meant for it."""
    inside = _prefix(scope)
    for path, owner, tag in _tags(model):
        if split_tag(tag.ref)[0] != framework.id:
            continue
        found = resolve(tag.ref, available)
        meant = found.suggestion or ""
        if not found.known and (tag.ref.startswith(inside) or meant.startswith(inside)):
            yield UnresolvedTag(tag.ref, owner.id, owner.kind, path, found.suggestion)


def tagged_frameworks(model: TheoryOfChange) -> list[str]:
    """The ids of the frameworks the model's tags name, sorted; unknown ones included."""
    return sorted({split_tag(tag.ref)[0] for _, _, tag in _tags(model)})


def tagged_entries(model: TheoryOfChange) -> dict[str, tuple[Tagged, ...]]:
    """What is tagged to each tag written in the model, by the tag's text, in document order.

    An element that writes the same tag twice is listed once. Tags are keyed as written, so a
    tag that resolves to no entry appears here too.
    """
    found: dict[str, dict[tuple[str, str], Tagged]] = {}
    for _, owner, tag in _tags(model):
        entry = Tagged(owner.id, owner.kind, tag.basis, tag.note)
        found.setdefault(tag.ref, {}).setdefault((owner.id, owner.kind), entry)
    return {ref: tuple(owners.values()) for ref, owners in found.items()}


def coverage_json(reports: Sequence[Coverage], indent: int | None = 2) -> str:
    r"""A JSON list of `to_dict()`s, with control and format characters as `\u` escapes.

    Like `Report.to_json`: a terminal printing the JSON never meets a raw escape sequence or a
    bidirectional mark; the escapes decode to the same strings.
    """
    text = json.dumps([r.to_dict() for r in reports], indent=indent, ensure_ascii=False)
    if text.replace("\n", "").isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else json.dumps(c)[1:-1] for c in text)


def _prefix(scope: str) -> str:
    """What the tags of the entries in a scope start with: `llr:` or `llr:phases/`."""
    return f"{scope}/" if ":" in scope else f"{scope}:"


@dataclass(frozen=True, slots=True)
class _Owner:
    id: str
    kind: str


def _tags(model: TheoryOfChange) -> Iterator[tuple[Path, _Owner, Tag]]:
    """Every tag on statements, then on elements, with where it is written and who wrote it."""
    for index, statement in enumerate(model.statements):
        owner = _Owner(statement.id, statement.kind)
        for position, tag in enumerate(statement.tags):
            yield ("statements", index, "tags", position, "ref"), owner, tag
    for place, element in model.elements():
        owner = _Owner(element.id, element.kind)
        for position, tag in enumerate(element.tags):
            yield (*place, "tags", position, "ref"), owner, tag


def _entries(
    scope: str, items: Sequence[FrameworkEntry], by_tag: dict[str, tuple[Tagged, ...]]
) -> list[EntryCoverage]:
    """Every entry, depth first, with its count.

    A repeated tag (two siblings of one id) is credited to the first entry only, as `resolve`
    finds the first.
    """
    out: list[EntryCoverage] = []
    seen: set[str] = set()

    def visit(prefix: str, path: tuple[str, ...], items: Sequence[FrameworkEntry]) -> Count:
        total = Count(0, 0)
        for item in items:
            tag = f"{prefix}{item.id}"
            tagged = () if tag in seen else by_tag.get(tag, ())
            seen.add(tag)
            place = len(out)
            here = (*path, item.id)
            if item.entries:
                count = visit(f"{tag}/", here, item.entries)  # appends the entries below
                covered = bool(tagged) or any(e.covered for e in out[place:])
            else:
                covered = bool(tagged)
                count = Count(int(covered), 1)
            out.insert(
                place,
                EntryCoverage(
                    tag, here, item.label, len(path), not item.entries, covered, count, tagged
                ),
            )
            total = total + count
        return total

    visit(_prefix(scope), (), items)
    return out


def _groups(entries: Sequence[EntryCoverage]) -> tuple[GroupCoverage, ...]:
    """The top-level entries, each with its count and the broad tags inside it."""
    groups: list[GroupCoverage] = []
    for start, top in enumerate(entries):
        if top.depth != 0:
            continue
        broad = 0
        for e in entries[start:]:
            if e.depth == 0 and e is not top:
                break
            if not e.countable:
                broad += len(e.tagged)
        groups.append(GroupCoverage(top.path[0], top.label, top.count, broad))
    return tuple(groups)


def _matrix(entries: Sequence[EntryCoverage]) -> Matrix | None:
    """Groups by sub-groups, when the groups share the sub-groups that file their entries.

    That is: every group holds sub-groups (not countable entries), and at least two groups have
    a sub-group of the same id, as the Home Office groups share their terms.
    """
    tops = [e for e in entries if e.depth == 0]
    seconds = [e for e in entries if e.depth == 1]
    if not tops or any(e.countable for e in tops) or any(e.countable for e in seconds):
        return None
    cells: list[dict[str, Count]] = []
    columns: dict[str, str] = {}
    sharing: dict[str, int] = {}
    for e in entries:
        if e.depth == 0:
            cells.append({})
        elif e.depth == 1 and e.path[1] not in cells[-1]:
            cells[-1][e.path[1]] = e.count
            columns.setdefault(e.path[1], e.label)
            sharing[e.path[1]] = sharing.get(e.path[1], 0) + 1
    if max(sharing.values(), default=0) < 2:
        return None
    rows = tuple(
        MatrixRow(top.path[0], top.label, tuple(row.get(c) for c in columns), top.count)
        for top, row in zip(tops, cells, strict=True)
    )
    return Matrix(tuple(columns.items()), rows)


def _matrix_dict(matrix: Matrix) -> dict[str, Any]:
    def cell(count: Count | None) -> dict[str, int] | None:
        return None if count is None else {"covered": count.covered, "countable": count.countable}

    return {
        "columns": [{"id": i, "label": label} for i, label in matrix.columns],
        "rows": [
            {
                "group": row.id,
                "label": row.label,
                "cells": [cell(c) for c in row.cells],
                "covered": row.total.covered,
                "countable": row.total.countable,
            }
            for row in matrix.rows
        ],
    }


def _percent(count: Count) -> str:
    share = count.share
    return "" if share is None else f" ({round(share * 100)}%)"


def _text_lines(report: Coverage) -> Iterator[str]:
    framework, total = report.framework, report.total
    yield f"Coverage of {printable(report.scope)} in {printable(report.model_id)}"
    yield printable(report.title)
    yield (
        f"Covered: {total} countable entries{_percent(total)}. An entry is countable when it has "
        "no sub-entries, and covered when an element or statement is tagged to it."
    )
    if report.matrix is not None:
        yield ""
        yield "By group and sub-group, covered of countable:"
        yield from _aligned(_matrix_rows(report.matrix, printable))
    elif report.groups:
        yield ""
        yield "By group, covered of countable:"
        yield from _aligned(
            [[printable(g.id), str(g.count), printable(g.label)] for g in report.groups],
            indent="  ",
        )
    broad = sum(g.broad_tags for g in report.groups)
    if broad:
        yield (
            f"{broad} tag(s) name a group or sub-group rather than a countable entry; they are "
            "listed on that entry below and cover none of the entries under it."
        )
    if report.entries:
        yield ""
        yield "Entries ([x] covered, [ ] not; figures count the countable entries below):"
    for e in report.entries:
        indent = "  " * e.depth
        name = f"{printable(e.path[-1])}  {printable(e.label)}"
        if e.countable:
            yield f"{indent}[{'x' if e.covered else ' '}] {name}"
        else:
            yield f"{indent}{name}  ({e.count})"
        if e.tagged:
            width = indent + ("      " if e.countable else "    ")
            yield f"{width}tagged by: " + ", ".join(_tagged_text(t) for t in e.tagged)
    if report.unresolved:
        yield ""
        yield f"Tags naming {printable(framework.id)} but no entry in it (TOC502), not counted:"
        for u in report.unresolved:
            hint = f"; did you mean {u.suggestion}?" if u.suggestion else ""
            yield f"  {printable(u.owner)} ({printable(u.kind)}): {printable(u.ref)}{hint}"


def _tagged_text(tagged: Tagged) -> str:
    basis = f", {printable(tagged.basis)}" if tagged.basis else ""
    return f"{printable(tagged.id)} ({printable(tagged.kind)}{basis})"


def _matrix_rows(
    matrix: Matrix, escape: Callable[[str], str], *, labels: bool = False
) -> list[list[str]]:
    """Header, a row per group, and the totals, as cells of text: ids, or labels when asked."""
    head = ["", *(escape(label if labels else i) for i, label in matrix.columns), "all"]
    body = [
        [
            escape(row.label if labels else row.id),
            *(str(c) if c is not None else "-" for c in row.cells),
            str(row.total),
        ]
        for row in matrix.rows
    ]
    totals = sum((row.total for row in matrix.rows), Count(0, 0))
    foot = ["all", *(str(c) for c in matrix.column_totals), str(totals)]
    return [head, *body, foot]


def _aligned(rows: list[list[str]], indent: str = "") -> Iterator[str]:
    """Rows of cells as left-aligned columns two spaces apart; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        yield (indent + "  ".join([*cells, row[-1]])).rstrip()


def _markdown_lines(report: Coverage) -> Iterator[str]:
    from toc.render.text import markdown_cell  # the one module that escapes user text for output

    framework, total = report.framework, report.total
    yield f"## Coverage of {markdown_cell(report.scope)} in {markdown_cell(report.model_id)}"
    yield ""
    yield markdown_cell(report.title)
    yield ""
    yield (
        f"**{total}** countable entries covered{_percent(total)}. An entry is countable when it "
        "has no sub-entries, and covered when an element or statement is tagged to it."
    )
    if report.matrix is not None:
        rows = _matrix_rows(report.matrix, markdown_cell, labels=True)
        rows[0][0] = "group"
        rows[-1] = [f"**{cell}**" for cell in rows[-1]]
        yield ""
        yield from _markdown_table(rows)
    elif report.groups:
        yield ""
        yield from _markdown_table(
            [
                ["group", "label", "covered", "broad tags"],
                *(
                    [markdown_cell(g.id), markdown_cell(g.label), str(g.count), str(g.broad_tags)]
                    for g in report.groups
                ),
            ]
        )
    if report.entries:
        yield ""
        rows = [["entry", "label", "covered", "tagged by"]]
        for e in report.entries:
            state = ("yes" if e.covered else "no") if e.countable else str(e.count)
            by = ", ".join(markdown_cell(_tagged_text(t)) for t in e.tagged)
            name = markdown_cell("/".join(e.path))
            rows.append([name, markdown_cell(e.label), state, by])
        yield from _markdown_table(rows)
    if report.unresolved:
        yield ""
        yield f"Tags naming {markdown_cell(framework.id)} but no entry in it (TOC502), not counted:"
        yield ""
        for u in report.unresolved:
            hint = f"; did you mean {markdown_cell(u.suggestion)}?" if u.suggestion else ""
            owner = f"{markdown_cell(u.owner)} ({markdown_cell(u.kind)})"
            yield f"- {owner}: {markdown_cell(u.ref)}{hint}"


def _markdown_table(rows: list[list[str]]) -> Iterator[str]:
    yield "| " + " | ".join(rows[0]) + " |"
    yield "|" + "|".join(" --- " for _ in rows[0]) + "|"
    for row in rows[1:]:
        yield "| " + " | ".join(row) + " |"
