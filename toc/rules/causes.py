"""Knock-on findings, linked to the finding they follow from, after every rule has run.

One slip often shows as several findings. Two elements sharing the id `staff-training` leave the
second out of the graph, so the first seems to produce itself (TOC201), loops (TOC202), reaches no
impact (TOC204) and has no KPI (TOC301), and the second's KPIs look orphaned (TOC203); the
duplicate id (TOC110) sorts fifth. A typo in a `produces` id makes the activity "produce nothing"
(TOC204, TOC301) and the impact "not reached" (TOC205) before the unknown reference (TOC111).

The rules stay independent: each reports what it sees. This pass links a knock-on finding to
its cause by element ids, document paths and the graph, never by message text, and sets
`Finding.follows_from`. Nothing is dropped or softened: a folded error is still an error, and
JSON output carries every finding with the place of its cause.

The links made, each only for findings of the graph-shape codes in `KNOCK_ON`:

- a duplicate id `X` (the first TOC110 about `X`): findings at a link pointing at `X` and about
  the elements writing such links (`X` itself among them when it links to its own id), findings
  written inside a left-out copy of `X`, and TOC203 (orphan) about the elements the left-out
  copies link to;
- an unknown reference in a link (TOC111 at `…/produces/0/to`), written on element `E`: what a
  missing link of that relation can cause about `E` (`_EFFECTS_ON_HOLDER`); and when the id is a
  slip for an existing id `T` (the one the rule suggests): TOC203 and TOC205 about `T`, and for
  a `produces` link TOC212 (not produced) about `T`; for a `produces` or `leads_to` link, TOC204
  on the activities upstream of `E` when `T` reaches an impact, and TOC205 on the impacts
  downstream of `T` when an activity reaches `E`; for a `measured_by` link, TOC301 on the
  activities that produce `E`;
- a part of the chain missing from the whole model: no activities (TOC210) takes every TOC205
  (impact not reached) and TOC212 (output not produced); no outcomes or impacts (TOC211) takes
  every TOC204 (activity reaches no impact).

A finding follows from at most one cause: a missing part of the chain first, then duplicate ids,
then unknown references, each in file order. Causes are never followers themselves, so there
are no chains.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from toc.findings import Finding
from toc.model import ChainElement, ContextFactor

if TYPE_CHECKING:
    from toc.findings import Path
    from toc.model import AnyElement
    from toc.rules.context import RuleContext

DUPLICATE_ID, UNKNOWN_REFERENCE = "TOC110", "TOC111"
NO_ACTIVITIES, NO_OUTCOMES_OR_IMPACTS = "TOC210", "TOC211"

KNOCK_ON: frozenset[str] = frozenset(
    {"TOC201", "TOC202", "TOC203", "TOC204", "TOC205", "TOC206", "TOC212", "TOC301", "TOC307"}
)
"""Codes that judge the links of the graph, which a duplicate id or a broken reference distorts."""

_WHOLE_MODEL: dict[str, frozenset[str]] = {
    NO_ACTIVITIES: frozenset({"TOC205", "TOC212"}),
    NO_OUTCOMES_OR_IMPACTS: frozenset({"TOC204"}),
}
"""A missing part of the chain, and what it leaves every element of: with no activities, no
impact is reached and no output produced; with no outcomes or impacts, no activity reaches one."""

_EFFECTS_ON_HOLDER: dict[str, frozenset[str]] = {
    "uses": frozenset({"TOC203"}),
    "produces": frozenset({"TOC203", "TOC204", "TOC301"}),
    "leads_to": frozenset({"TOC203", "TOC204"}),
    "measured_by": frozenset({"TOC203", "TOC301", "TOC307"}),
}
"""What a link left out can cause on the element it is written on, by the link's relation: no
element (TOC203), no output towards an impact (TOC204), no measured output or KPI (TOC301, TOC307).
A missing link cannot make a disallowed link or a loop."""

_CAUSAL_FORWARD = ("produces", "leads_to")
"""Links that point down the chain from the element they are written on."""


def link_causes(findings: list[Finding], ctx: RuleContext) -> list[Finding]:
    """The same findings, with `follows_from` set on those that follow from another."""
    causes = sorted(
        f for f in findings if f.code in (DUPLICATE_ID, UNKNOWN_REFERENCE, *_WHOLE_MODEL)
    )
    if not causes or not any(f.code in KNOCK_ON for f in findings):
        return findings
    twins = {f.element_id for f in causes if f.code == DUPLICATE_ID and f.element_id is not None}
    index = _Index(findings, ctx, twins)
    for cause in causes:
        if cause.code in _WHOLE_MODEL:
            codes = _WHOLE_MODEL[cause.code]
            index.claim(cause, [f for code in codes for f in index.by_code.get(code, ())])
    copies: dict[str, list[tuple[Path, AnyElement]]] = {}
    for place, element in ctx.model.elements():
        if element.id in twins:
            copies.setdefault(element.id, []).append((place, element))
    for cause in causes:
        if cause.code == DUPLICATE_ID and cause.element_id in copies:
            index.claim(cause, _duplicate_followers(cause.element_id, copies, index))
    walks = _GraphWalks(ctx)
    for cause in causes:
        if cause.code == UNKNOWN_REFERENCE:
            index.claim(cause, _reference_followers(cause, index, ctx, walks))
    for code, labels in (("TOC204", walks.upstream_of), ("TOC205", walks.downstream_of)):
        for finding in index.by_code.get(code, ()):
            label = labels.get(finding.element_id or "")
            if label is not None:
                index.claim(label, [finding])
    if not index.cause_of:
        return findings
    cause_of = index.cause_of
    return [_following(f, cause_of[id(f)]) if id(f) in cause_of else f for f in findings]


def _following(found: Finding, cause: Finding) -> Finding:
    """`found`, linked to its cause (`dataclasses.replace` took a third of this pass)."""
    return Finding(
        found.file,
        found.line,
        found.col,
        found.code,
        found.name,
        found.severity,
        found.message,
        found.element_id,
        found.path,
        found.sheet,
        cause,
    )


class _Index:
    """The knock-on candidates, looked up by element id, by element place and by link target."""

    def __init__(self, findings: Iterable[Finding], ctx: RuleContext, twins: set[str]) -> None:
        targets: dict[Path, str] = {}  # link path (activities, 2, uses, 0) → the duplicated id
        self.linkers: dict[str, dict[str, None]] = {}
        """For each duplicated id, the elements that write a link to it, in document order."""
        if twins:
            for place, element in ctx.model.chain_elements():
                for relation, position, link in element.links():
                    if link.to in twins:
                        targets[(*place, relation, position)] = link.to
                        self.linkers.setdefault(link.to, {})[element.id] = None
        self.by_element: dict[str, list[Finding]] = {}
        self.by_place: dict[Path, list[Finding]] = {}
        self.by_target: dict[str, list[Finding]] = {}
        self.by_code: dict[str, list[Finding]] = {}
        self.cause_of: dict[int, Finding] = {}
        for finding in findings:
            if finding.code not in KNOCK_ON:
                continue
            self.by_code.setdefault(finding.code, []).append(finding)
            if finding.element_id is not None:
                self.by_element.setdefault(finding.element_id, []).append(finding)
            self.by_place.setdefault(finding.path[:2], []).append(finding)
            target = targets.get(finding.path[:4])
            if target is not None:
                self.by_target.setdefault(target, []).append(finding)

    def about(self, element_id: str, codes: frozenset[str] = KNOCK_ON) -> list[Finding]:
        """Candidates whose element is `element_id`, of `codes`."""
        return [f for f in self.by_element.get(element_id, ()) if f.code in codes]

    def claim(self, cause: Finding, followers: Iterable[Finding]) -> None:
        """Link each follower not yet claimed by an earlier cause to `cause`."""
        for follower in followers:
            self.cause_of.setdefault(id(follower), cause)


def _duplicate_followers(
    twin: str, copies: Mapping[str, list[tuple[Path, AnyElement]]], index: _Index
) -> list[Finding]:
    """What a duplicate id distorts: the links to it, and the left-out copies' own links."""
    followers = list(index.by_target.get(twin, ()))
    for linker in index.linkers.get(twin, ()):
        followers.extend(index.about(linker))
    for place, element in copies[twin][1:]:  # the first copy is the one in the graph
        followers.extend(index.by_place.get(place, ()))
        for target in _targets_of(element):
            followers.extend(index.about(target, frozenset({"TOC203"})))
    return followers


def _targets_of(element: AnyElement) -> list[str]:
    if isinstance(element, ContextFactor):
        return list(element.applies_to)
    if isinstance(element, ChainElement):
        return [link.to for _, _, link in element.links()]
    return []


class _GraphWalks:
    """Walks of the causal graph shared by every unknown reference, each node visited once.

    Causes are handled in file order, and a walk stops at nodes an earlier cause's walk already
    labelled: everything beyond such a node was labelled by that walk too. So a flood of
    broken references costs one pass over the graph, not one per reference.
    """

    def __init__(self, ctx: RuleContext) -> None:
        self._ctx = ctx
        self.upstream_of: dict[str, Finding] = {}
        """Nodes upstream of (or at) a broken forward link, labelled with the first such cause."""
        self.downstream_of: dict[str, Finding] = {}
        """Nodes downstream of (or at) a slipped id's intended target, labelled likewise."""
        self._reaching_impact: set[str] | None = None
        self._reached: set[str] | None = None

    def reaching_impact(self) -> set[str]:
        if self._reaching_impact is None:
            self._reaching_impact = self._ctx.graph.reaching("impact")
        return self._reaching_impact

    def reached(self) -> set[str]:
        """Every element an activity reaches, and the activities."""
        if self._reached is None:
            self._reached = self._ctx.graph.reached_from("activity")
        return self._reached

    def intended(self, written: str) -> str | None:
        """The existing id `written` is a slip for: the one TOC111 suggested (no new search)."""
        return self._ctx.ids.closest(written)

    def label(self, start: str, cause: Finding, *, up: bool) -> None:
        """Label `start` and everything up- (or down-) stream of it not yet labelled."""
        labels = self.upstream_of if up else self.downstream_of
        causal = self._ctx.graph.causal
        neighbours: Mapping[str, Mapping[str, object]] = causal.pred if up else causal.succ
        if start not in causal or start in labels:
            return
        labels[start] = cause
        queue = deque([start])
        while queue:
            for node in neighbours[queue.popleft()]:
                if node not in labels:
                    labels[node] = cause
                    queue.append(node)


def _reference_followers(
    cause: Finding, index: _Index, ctx: RuleContext, walks: _GraphWalks
) -> list[Finding]:
    """What a link to an unknown id leaves out: see the module's docstring."""
    path = cause.path
    holder = cause.element_id
    if holder is None or len(path) != 5 or path[-1] != "to":
        return []  # an assumption or `applies_to`: not a link of the chain
    relation = str(path[2])
    followers = index.about(holder, _EFFECTS_ON_HOLDER.get(relation, frozenset()))
    written = _written_at(ctx, path)
    intended = walks.intended(written) if written is not None else None
    if intended is None or intended == holder:
        return followers
    followers.extend(index.about(intended, frozenset({"TOC203", "TOC205"})))
    if relation == "produces":  # the output the typo meant is produced by nothing else
        followers.extend(index.about(intended, frozenset({"TOC212"})))
    if relation in _CAUSAL_FORWARD:  # the TOC204 and TOC205 these labels mark are claimed last
        if intended in walks.reaching_impact():
            walks.label(holder, cause, up=True)
        if holder in walks.reached():
            walks.label(intended, cause, up=False)
    elif relation == "measured_by" and holder in ctx.model.by_id:
        for producer in ctx.graph.predecessors(holder, "produces"):
            followers.extend(index.about(producer, frozenset({"TOC301"})))
    return followers


def _written_at(ctx: RuleContext, path: Path) -> str | None:
    """The id written at a link's `to`: `path` is `(activities, 2, produces, 0, "to")`."""
    field, position, relation, number = path[:4]
    elements = getattr(ctx.model, str(field), ())
    if not isinstance(position, int) or not 0 <= position < len(elements):
        return None
    element = elements[position]
    links = getattr(element, str(relation), ()) if isinstance(element, ChainElement) else ()
    return links[number].to if isinstance(number, int) and 0 <= number < len(links) else None
