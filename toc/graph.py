"""The one place that builds and queries the graph of a theory of change.

Links are written on the element that reads naturally in YAML (an activity `uses` its inputs), but
the graph always points along the results chain: input → activity → output → outcome → impact →
statement, and element → KPI for `measured_by`. Context factors point at the elements they apply
to. Statements (a vision, an aim) are nodes of kind `statement`, at the top of the chain.

The rules walk plain dictionaries built here, not networkx: importing networkx costs more than the
rest of `toc validate` on a small model (benchmarks/cli_startup.py), and the queries the rules need
(reachability, strongly connected components, one cycle) are a few lines each. `TocGraph.nx` and
`TocGraph.causal` give the same graph as networkx objects, built on first use, for analysts and
the renderers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property, lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, TypeVar

from toc._gc import paused_gc
from toc.model import ChainElement, ContextFactor, Kpi, Link

if TYPE_CHECKING:
    import networkx

    from toc.model import AnyElement, TheoryOfChange


@lru_cache(maxsize=1)
def _uncached_views() -> type[networkx.DiGraph[str]]:
    """A networkx DiGraph that makes its edge and degree views on each use, not once.

    networkx caches `G.edges`, `G.degree` and the like on the graph, and each view refers back
    to the graph: a cycle, so a graph that was ever asked for its edges is freed only by the
    cycle collector, and with it every element its nodes hold. Made afresh, a view costs about
    a microsecond and leaves nothing behind. (`nodes`, `succ` and `pred` hold only the graph's
    dicts, not the graph, and stay cached.) Made on first use, so that networkx is imported only
    by code that asks for a networkx graph.
    """
    import networkx

    views = {
        name: property(getattr(networkx.DiGraph, name).func)
        for name in ("edges", "out_edges", "in_edges", "degree", "in_degree", "out_degree")
    }
    return type("_UncachedViews", (networkx.DiGraph,), views)


_T = TypeVar("_T")

EdgeRelation = Literal["uses", "produces", "leads_to", "measured_by", "applies_to"]
CAUSAL: frozenset[str] = frozenset({"uses", "produces", "leads_to"})
"""Relations that carry cause to effect; `measured_by` and `applies_to` only describe."""


class TocGraph:
    """A directed graph over element ids, built once from a model, with analysts' queries.

    Every link is an edge with its `relation` and its `link` (the `Link` written in the YAML, or
    None for `applies_to`); the causal links (`uses`, `produces`, `leads_to`) are also kept on
    their own, because the chain rules walk them often. References to ids that do not exist are
    left out here; the rules report them. Neighbours come in the order the links are written.
    Statements that no element's id shadows are nodes too, of kind `statement` (in `nx`, their
    `element` attribute is the `Statement`).
    """

    def __init__(self, model: TheoryOfChange) -> None:
        # What the queries need from the model, not the model: the model caches its graph, and
        # a graph pointing back would make a cycle that only the cycle collector can free (a
        # full collection: 1.2 s after a 10,000-element model). Without, reference counting
        # frees both (tests/test_freeing.py).
        self.model_id = model.id
        self._elements = list(model.by_id.values())
        self._element = dict(model.by_id)
        self._statements = {
            statement_id: statement
            for statement_id, statement in model.statements_by_id.items()
            if statement_id not in self._element
        }
        with paused_gc():  # see toc/_gc.py: building allocates many small objects at once
            self._out, self._in, self._forward, self._back = _build(model)

    def __repr__(self) -> str:
        edges = sum(len(targets) for targets in self._out.values())
        return f"<TocGraph {self.model_id}: {len(self._out)} elements, {edges} links>"

    @cached_property
    def nx(self) -> networkx.DiGraph[str]:
        """Every link as a networkx DiGraph, built on first use.

        Node attributes `kind` and `element`; edge attributes `relation` and `link`.
        """
        graph = _uncached_views()()
        for element in self._elements:
            graph.add_node(element.id, kind=element.kind, element=element)
        for statement_id, statement in self._statements.items():
            graph.add_node(statement_id, kind="statement", element=statement)
        for source, targets in self._out.items():
            for target, (relation, link) in targets.items():
                graph.add_edge(source, target, relation=relation, link=link)
        return graph

    @cached_property
    def causal(self) -> networkx.DiGraph[str]:
        """The `uses`, `produces` and `leads_to` links as a networkx DiGraph, built on first use.

        A plain graph, not a view of `nx`: views walk slower.
        """
        graph = _uncached_views()()
        graph.add_nodes_from(self._out)
        for source, targets in self._forward.items():
            for target in targets:
                relation, link = self._out[source][target]
                graph.add_edge(source, target, relation=relation, link=link)
        return graph

    @property
    def element_ids(self) -> list[str]:
        """Every element id in the graph, in document order."""
        return list(self._out)

    def linked(self, element_id: str) -> bool:
        """Whether any link, of any relation, starts or ends at the element."""
        return bool(self._out[element_id]) or bool(self._in[element_id])

    def successors(self, element_id: str, relation: str | None = None) -> list[str]:
        """The elements an element's links point at (of one relation), in the order written."""
        return [
            target
            for target, (kind, _) in self._out[element_id].items()
            if relation is None or kind == relation
        ]

    def causal_successors(self, element_id: str) -> Sequence[str]:
        """The elements an element causally leads to directly, in the order written."""
        return self._forward[element_id]

    def predecessors(self, element_id: str, relation: str | None = None) -> list[str]:
        """The elements whose links point at an element (of one relation), in document order."""
        return [
            source
            for source in self._in[element_id]
            if relation is None or self._out[source][element_id][0] == relation
        ]

    def causal_predecessors(self, element_id: str) -> Sequence[str]:
        """The elements that causally lead to an element directly, in the order written."""
        return self._back[element_id]

    def causal_links(self) -> Iterator[tuple[str, str, Link | None]]:
        """Every causal link as `(source, target, link)`, in document order."""
        for source, targets in self._forward.items():
            for target in targets:
                yield source, target, self._out[source][target][1]

    def reaching(self, kind: str) -> set[str]:
        """Every element from which some element of `kind` is causally reached (and those)."""
        return _closure(self._back, [e.id for e in self.of_kind(kind)])

    def reached_from(self, kind: str) -> set[str]:
        """Every element causally reachable from some element of `kind` (and those)."""
        return _closure(self._forward, [e.id for e in self.of_kind(kind)])

    def reachable_from(self, element_ids: Iterable[str]) -> set[str]:
        """Every element causally reachable from any of `element_ids` (and those), in one pass."""
        return _closure(self._forward, [self._known(e) for e in element_ids])

    def leading_to(self, element_ids: Iterable[str]) -> set[str]:
        """Every element from which any of `element_ids` is causally reached (and those)."""
        return _closure(self._back, [self._known(e) for e in element_ids])

    def statement_ids(self) -> list[str]:
        """The statements in the graph (those whose id no element shares), in document order."""
        return list(self._statements)

    def reaching_top(self) -> set[str]:
        """Every element from which an impact or a statement is causally reached (and those).

        A statement is beyond impact: a chain that ends in the vision has reached the top.
        """
        tops = [e.id for e in self.of_kind("impact")] + self.statement_ids()
        return _closure(self._back, tops)

    def of_kind(self, kind: str) -> list[AnyElement]:
        """The elements of one kind (`activity`, `kpi`, `barrier`, ...), in document order."""
        return [e for e in self._elements if e.kind == kind]

    def upstream(self, element_id: str) -> list[str]:
        """Everything that causally leads to an element (not including it), in document order.

        A list in the order the elements are written, so a notebook shows the same answer in
        every session (a set's order changes with Python's string hashing).
        """
        start = self._known(element_id)
        found = _closure(self._back, list(self._back[start])) - {start}
        return [e.id for e in self._elements if e.id in found]

    def downstream(self, element_id: str) -> set[str]:
        """Everything an element causally leads to (not including it)."""
        start = self._known(element_id)
        return _closure(self._forward, list(self._forward[start])) - {start}

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
            if self._forward[self._known(element_id)]:
                wanted.append(element_id)
            else:  # nothing below: the common case in a file of unlinked elements
                results[element_id] = summarise(element_id, 0)
        if not wanted:
            return results
        # Everything below the starts is closed under successors, so the components found from
        # the starts are exactly the condensation of that part of the graph, children first.
        components = strongly_connected(self._forward, wanted)
        component_of = {
            member: index for index, members in enumerate(components) for member in members
        }
        children: list[set[int]] = []
        readers = [0] * len(components)
        for index, members in enumerate(components):
            kids = {component_of[t] for m in members for t in self._forward[m]} - {index}
            children.append(kids)
            for child in kids:
                readers[child] += 1
        starts_in: dict[int, list[str]] = {}
        for element_id in wanted:
            starts_in.setdefault(component_of[element_id], []).append(element_id)
        held: dict[int, int] = {}
        for component, members in enumerate(components):
            below = 0
            for child in children[component]:
                below |= held[child]
                readers[child] -= 1
                if not readers[child]:
                    del held[child]
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
        chain = {element_id, *self.upstream(element_id)} | self.downstream(element_id)
        kpis = {target for node in chain for target in self.successors(node, "measured_by")}
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
        return _paths_to(self._forward, start, self.reaching("impact"), impacts, limit)

    def kpis_for(self, element_id: str) -> list[Kpi]:
        """The KPIs that directly measure an element, in the order they are written."""
        node = self._known(element_id)
        return [
            kpi
            for target in self.successors(node, "measured_by")
            if isinstance(kpi := self._element[target], Kpi)
        ]

    def evidence_for(self, element_id: str) -> list[Kpi]:
        """The KPIs that evidence an element: its own, and those of everything feeding into it."""
        seen: dict[str, Kpi] = {}
        for node in [element_id, *sorted(self.upstream(element_id))]:
            for kpi in self.kpis_for(node):
                seen.setdefault(kpi.id, kpi)
        return list(seen.values())

    def _known(self, element_id: str) -> str:
        if element_id not in self._out:
            from toc.suggest import did_you_mean

            hint = did_you_mean(element_id, self._out)
            raise KeyError(f"no element {element_id!r} in {self.model_id!r}{hint}")
        return element_id


_Links = dict[str, dict[str, tuple["EdgeRelation", Link | None]]]


def _build(
    model: TheoryOfChange,
) -> tuple[_Links, dict[str, dict[str, None]], dict[str, list[str]], dict[str, list[str]]]:
    """Every link by source and by target, and the causal links forwards and backwards."""
    out: _Links = {element_id: {} for element_id in model.by_id}
    into: dict[str, dict[str, None]] = {element_id: {} for element_id in model.by_id}
    forward: dict[str, list[str]] = {element_id: [] for element_id in model.by_id}
    back: dict[str, list[str]] = {element_id: [] for element_id in model.by_id}
    for statement_id in model.statements_by_id:
        if statement_id not in out:  # an element of the same id wins; a rule reports it
            out[statement_id], into[statement_id] = {}, {}
            forward[statement_id], back[statement_id] = [], []
    for _, element in model.elements():
        if model.by_id.get(element.id) is not element:
            continue  # a duplicate id: only the first element of that id is in the graph
        for source, target, relation, link in _edges(element):
            if source in out and target in out and target not in out[source]:
                out[source][target] = (relation, link)
                into[target][source] = None
                if relation in CAUSAL:
                    forward[source].append(target)
                    back[target].append(source)
    return out, into, forward, back


def strongly_connected(succ: Mapping[str, Sequence[str]], starts: Iterable[str]) -> list[list[str]]:
    """The strongly connected components reachable from `starts` (Tarjan's algorithm).

    A component comes after every component it links to (children first). An explicit stack,
    not recursion, so that a long chain cannot exhaust Python's recursion limit.
    """
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in starts:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component: list[str] = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
    return found


def find_cycle(succ: Mapping[str, Sequence[str]], start: str) -> list[tuple[str, str]]:
    """The links of the first cycle a depth-first walk from `start` meets; empty if none.

    As networkx's `find_cycle` gives them: links followed in the order written, starting from
    the element where the cycle closes.
    """
    path = [start]
    on_path = {start: 0}
    done: set[str] = set()
    work = [iter(succ[start])]
    while work:
        step = next(work[-1], None)
        if step is None:
            work.pop()
            finished = path.pop()
            del on_path[finished]
            done.add(finished)
            continue
        if step in on_path:
            loop = [*path[on_path[step] :], step]
            return list(pairwise(loop))
        if step in done:
            continue
        on_path[step] = len(path)
        path.append(step)
        work.append(iter(succ[step]))
    return []


def _paths_to(
    succ: Mapping[str, Sequence[str]],
    start: str,
    useful: set[str],
    ends: set[str],
    limit: int | None,
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
    stack = [iter(succ[start])]
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
        stack.append(iter(succ[step]))
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


def _closure(neighbours: Mapping[str, Iterable[str]], starts: list[str]) -> set[str]:
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
