"""The one place that builds and queries the networkx graph of a theory of change.

Links are written on the element that reads naturally in YAML (an activity `uses` its inputs), but
the graph always points along the results chain: input → activity → output → outcome → impact →
statement, and element → KPI for `measured_by`. Context factors point at the elements they apply
to. Statements (a vision, an aim) are nodes of kind `statement`, at the top of the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Literal, TypeVar

import networkx as nx

from toc._gc import paused_gc
from toc.model import ChainElement, ContextFactor, Kpi, Link

if TYPE_CHECKING:
    from toc.model import AnyElement, TheoryOfChange

    _DiGraph = nx.DiGraph[str]
else:
    _DiGraph = nx.DiGraph  # not subscriptable at run time


class _UncachedViews(_DiGraph):
    """A networkx DiGraph that makes its edge and degree views on each use, not once.

    networkx caches `G.edges`, `G.degree` and the like on the graph, and each view refers back
    to the graph: a cycle, so a graph that was ever asked for its edges is freed only by the
    cycle collector, and with it every element its nodes hold. Made afresh, a view costs about
    a microsecond and leaves nothing behind. (`nodes`, `succ` and `pred` hold only the graph's
    dicts, not the graph, and stay cached.)
    """


for _view in ("edges", "out_edges", "in_edges", "degree", "in_degree", "out_degree"):
    setattr(_UncachedViews, _view, property(getattr(nx.DiGraph, _view).func))

_T = TypeVar("_T")

EdgeRelation = Literal["uses", "produces", "leads_to", "measured_by", "applies_to"]
CAUSAL: frozenset[str] = frozenset({"uses", "produces", "leads_to"})
"""Relations that carry cause to effect; `measured_by` and `applies_to` only describe."""


class TocGraph:
    """A directed graph over element ids, built once from a model, with analysts' queries.

    Node attributes: `kind` and `element` (a `Statement` for nodes of kind `statement`). Edge
    attributes: `relation`, and `link` (the `Link` written in the YAML, or None for
    `applies_to`). References to ids that do not exist are left out here; the rules report them.
    `causal` holds only `uses`, `produces` and `leads_to`, as a plain graph rather than a view,
    because the chain rules walk it often and views walk slower.
    """

    def __init__(self, model: TheoryOfChange) -> None:
        # What the queries need from the model, not the model: the model caches its graph, and
        # a graph pointing back would make a cycle that only the cycle collector can free (a
        # full collection: 1.2 s after a 10,000-element model). Without, reference counting
        # frees both (tests/test_freeing.py).
        self.model_id = model.id
        self._elements = list(model.by_id.values())
        with paused_gc():  # see toc/_gc.py: building allocates many small objects at once
            self.nx, self.causal = _build(model)

    def __repr__(self) -> str:
        nodes, edges = self.nx.number_of_nodes(), self.nx.number_of_edges()
        return f"<TocGraph {self.model_id}: {nodes} elements, {edges} links>"

    def reaching(self, kind: str) -> set[str]:
        """Every element from which some element of `kind` is causally reached (and those)."""
        return _closure(self.causal.pred, [e.id for e in self.of_kind(kind)])

    def reached_from(self, kind: str) -> set[str]:
        """Every element causally reachable from some element of `kind` (and those)."""
        return _closure(self.causal.succ, [e.id for e in self.of_kind(kind)])

    def reachable_from(self, element_ids: Iterable[str]) -> set[str]:
        """Every element causally reachable from any of `element_ids` (and those), in one pass."""
        return _closure(self.causal.succ, [self._known(e) for e in element_ids])

    def leading_to(self, element_ids: Iterable[str]) -> set[str]:
        """Every element from which any of `element_ids` is causally reached (and those)."""
        return _closure(self.causal.pred, [self._known(e) for e in element_ids])

    def statement_ids(self) -> list[str]:
        """The statements in the graph (those whose id no element shares), in document order."""
        kinds = self.nx.nodes
        return [node for node in kinds if kinds[node]["kind"] == "statement"]

    def reaching_top(self) -> set[str]:
        """Every element from which an impact or a statement is causally reached (and those).

        A statement is beyond impact: a chain that ends in the vision has reached the top.
        """
        tops = [e.id for e in self.of_kind("impact")] + self.statement_ids()
        return _closure(self.causal.pred, tops)

    def of_kind(self, kind: str) -> list[AnyElement]:
        """The elements of one kind (`activity`, `kpi`, `barrier`, ...), in document order."""
        return [e for e in self._elements if e.kind == kind]

    def upstream(self, element_id: str) -> set[str]:
        """Everything that causally leads to an element (not including it)."""
        return set(nx.ancestors(self.causal, self._known(element_id)))

    def downstream(self, element_id: str) -> set[str]:
        """Everything an element causally leads to (not including it)."""
        return set(nx.descendants(self.causal, self._known(element_id)))

    def fold_downstream(
        self,
        starts: Iterable[str],
        own: Mapping[str, int],
        summarise: Callable[[str, int], _T],
    ) -> dict[str, _T]:
        """For each of `starts`: `summarise(start, bits)`, bits the OR of `own` over `downstream`.

        `own` gives each element its bits (ids missing count as 0), typically one bit per element
        of interest in sorted id order, so that the lowest set bits are the first ids. Calling
        `downstream` for each start walks the chain below it again and again: quadratic, when
        thousands of activities feed one long chain. Here each strongly connected component below
        the starts is visited once, children first, OR-ing its children's bits: one pass over the
        links, plus the cost of the ORs (a machine word per 64 bits). A component's bits are
        dropped once every component above it has read them, and each start's bits are
        summarised as soon as they are known, so only the frontier's bitsets are held at once.
        """
        results: dict[str, _T] = {}
        wanted = []
        for element_id in dict.fromkeys(starts):
            if self.causal.succ[self._known(element_id)]:
                wanted.append(element_id)
            else:  # nothing below: the common case in a file of unlinked elements
                results[element_id] = summarise(element_id, 0)
        if not wanted:
            return results
        below_starts = self.causal.subgraph(self.reachable_from(wanted))
        components = nx.condensation(below_starts)
        component_of: dict[str, int] = components.graph["mapping"]
        starts_in: dict[int, list[str]] = {}
        for element_id in wanted:
            starts_in.setdefault(component_of[element_id], []).append(element_id)
        readers = {c: components.in_degree(c) for c in components}
        held: dict[int, int] = {}
        for component in reversed(list(nx.topological_sort(components))):
            below = 0
            for child in components.succ[component]:
                below |= held[child]
                readers[child] -= 1
                if not readers[child]:
                    del held[child]
            members: set[str] = components.nodes[component]["members"]
            mine = 0
            for member in members:
                mine |= own.get(member, 0)
            if component in starts_in:
                others = _others_in_cycle(members, own) if len(members) > 1 else {}
                for element_id in starts_in[component]:
                    results[element_id] = summarise(element_id, below | others.get(element_id, 0))
            if readers[component]:
                held[component] = below | mine
        return results

    def chain_of(self, element_id: str) -> set[str]:
        """An element with everything up- and downstream of it and the KPIs measuring those."""
        chain = {element_id} | self.upstream(element_id) | self.downstream(element_id)
        kpis = {
            target
            for node in chain
            for target in self.nx.successors(node)
            if self.nx.edges[node, target]["relation"] == "measured_by"
        }
        return chain | kpis

    def paths_to_impacts(
        self, element_id: str, *, limit: int | None = 1000
    ) -> Iterator[tuple[str, ...]]:
        """Every simple causal path from an element to an impact, lazily; the impact comes last.

        Paths come depth first, following links in the order they are written. The number of
        paths can grow exponentially with the model (a ladder of 30 diamonds has 2^30), so the
        iteration stops after `limit` paths: the default keeps `list()` of it finite; `None`
        gives every path. Take the first few with `itertools.islice`. An unknown id raises
        `KeyError` at the call.
        """
        start = self._known(element_id)
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be a whole number of paths or None, not {limit}")
        impacts = {e.id for e in self.of_kind("impact")}
        return _paths_to(self.causal, start, self.reaching("impact"), impacts, limit)

    def kpis_for(self, element_id: str) -> list[Kpi]:
        """The KPIs that directly measure an element, in the order they are written."""
        node = self._known(element_id)
        return [
            self.nx.nodes[target]["element"]
            for target in self.nx.successors(node)
            if self.nx.edges[node, target]["relation"] == "measured_by"
            and isinstance(self.nx.nodes[target]["element"], Kpi)
        ]

    def evidence_for(self, element_id: str) -> list[Kpi]:
        """The KPIs that evidence an element: its own, and those of everything feeding into it."""
        seen: dict[str, Kpi] = {}
        for node in [element_id, *sorted(self.upstream(element_id))]:
            for kpi in self.kpis_for(node):
                seen.setdefault(kpi.id, kpi)
        return list(seen.values())

    def _known(self, element_id: str) -> str:
        if element_id not in self.nx:
            from toc.suggest import did_you_mean

            hint = did_you_mean(element_id, self.nx.nodes)
            raise KeyError(f"no element {element_id!r} in {self.model_id!r}{hint}")
        return element_id


def _build(model: TheoryOfChange) -> tuple[nx.DiGraph[str], nx.DiGraph[str]]:
    """The graph of every link, and the graph of causal links only."""
    graph: nx.DiGraph[str] = _UncachedViews()
    causal: nx.DiGraph[str] = _UncachedViews()
    for element_id, element in model.by_id.items():
        graph.add_node(element_id, kind=element.kind, element=element)
        causal.add_node(element_id)
    for statement_id, statement in model.statements_by_id.items():
        if statement_id not in graph:  # an element of the same id wins; a rule reports it
            graph.add_node(statement_id, kind="statement", element=statement)
            causal.add_node(statement_id)
    for _, element in model.elements():
        if model.by_id.get(element.id) is not element:
            continue  # a duplicate id: only the first element of that id is in the graph
        for source, target, relation, link in _edges(element):
            if source in graph and target in graph and not graph.has_edge(source, target):
                graph.add_edge(source, target, relation=relation, link=link)
                if relation in CAUSAL:
                    causal.add_edge(source, target, relation=relation, link=link)
    return graph, causal


def _paths_to(
    graph: nx.DiGraph[str], start: str, useful: set[str], ends: set[str], limit: int | None
) -> Iterator[tuple[str, ...]]:
    """Simple paths from `start` to any of `ends`, at most `limit`, depth first.

    Only elements in `useful` (those from which an end is reachable) are entered, so on an
    acyclic graph every branch taken ends in a path: the work between two paths is bounded by
    the graph's size, never by the number of paths skipped. An explicit stack, not recursion,
    so that a long chain cannot exhaust Python's recursion limit.
    """
    if limit == 0 or start not in useful:
        return
    found = 0
    path = [start]
    on_path = {start}
    stack = [iter(graph.succ[start])]
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            on_path.discard(path.pop())
            continue
        if step in on_path or step not in useful:
            continue
        path.append(step)
        on_path.add(step)
        stack.append(iter(graph.succ[step]))
        if step in ends:
            yield tuple(path)
            found += 1
            if found == limit:
                return


def _others_in_cycle(members: Iterable[str], own: Mapping[str, int]) -> dict[str, int]:
    """For each member of a cycle, the OR of the other members' bits: each reaches the others.

    From prefix and suffix ORs, so a cycle through thousands of elements costs one pass, not one
    per member.
    """
    order = list(members)
    bits = [own.get(member, 0) for member in order]
    suffix = [0] * (len(bits) + 1)
    for index in range(len(bits) - 1, -1, -1):
        suffix[index] = suffix[index + 1] | bits[index]
    others: dict[str, int] = {}
    prefix = 0
    for index, member in enumerate(order):
        others[member] = prefix | suffix[index + 1]
        prefix |= bits[index]
    return others


def lowest_bits(bits: int, limit: int) -> list[int]:
    """The positions of the lowest `limit` set bits of `bits`, lowest first."""
    positions: list[int] = []
    while bits and len(positions) < limit:
        low = bits & -bits
        positions.append(low.bit_length() - 1)
        bits ^= low
    return positions


def _closure(neighbours: Mapping[str, Mapping[str, object]], starts: list[str]) -> set[str]:
    """Everything reachable from any of `starts`, in one pass: O(elements + links) in all."""
    seen = set(starts)
    stack = list(starts)
    while stack:
        for nxt in neighbours[stack.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _edges(element: AnyElement) -> Iterator[tuple[str, str, EdgeRelation, Link | None]]:
    """The graph edges one element's YAML declares, pointed along the results chain."""
    if isinstance(element, ContextFactor):
        for target in element.applies_to:
            yield element.id, target, "applies_to", None
        return
    assert isinstance(element, ChainElement)
    for relation, _, link in element.links():
        yield (*edge(element.id, relation, link.to), relation, link)


def edge(owner: str, relation: str, target: str) -> tuple[str, str]:
    """The graph edge `(source, target)` of a link written on `owner`.

    `uses` points from the input to the activity that writes it; every other link points from
    the element that writes it.
    """
    return (target, owner) if relation == "uses" else (owner, target)
