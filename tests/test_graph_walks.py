"""The graph walks the rules use, without networkx, agree with networkx on random graphs.

`toc validate` does not import networkx (it costs more than the rest of a small model's run), so
`toc.graph` finds strongly connected components and cycles itself; networkx is the reference.
"""

from __future__ import annotations

import itertools

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

import toc
from toc.graph import find_cycle, strongly_connected

NODES = [f"n{i}" for i in range(8)]

adjacency = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES)), max_size=24).map(
    lambda edges: {node: list(dict.fromkeys(t for s, t in edges if s == node)) for node in NODES}
)


def _digraph(succ: dict[str, list[str]]) -> nx.DiGraph[str]:
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(succ)
    graph.add_edges_from((s, t) for s, targets in succ.items() for t in targets)
    return graph


@given(adjacency, st.lists(st.sampled_from(NODES), min_size=1, max_size=3))
def test_components_are_networkx_components_children_first(
    succ: dict[str, list[str]], starts: list[str]
) -> None:
    graph = _digraph(succ)
    below = set(starts).union(*(nx.descendants(graph, s) for s in starts))
    expected = {frozenset(c) for c in nx.strongly_connected_components(graph.subgraph(below))}
    found = strongly_connected(succ, starts)
    assert {frozenset(c) for c in found} == expected
    assert sum(len(c) for c in found) == len(below)  # each element in exactly one component
    position = {node: index for index, component in enumerate(found) for node in component}
    for source, target in graph.subgraph(below).edges:
        assert position[target] <= position[source]  # a component after those it links to


@given(adjacency, st.sampled_from(NODES))
def test_the_cycle_found_is_the_one_networkx_finds(succ: dict[str, list[str]], start: str) -> None:
    try:
        expected = [(s, t) for s, t, *_ in nx.find_cycle(_digraph(succ), source=start)]
    except nx.NetworkXNoCycle:
        expected = []
    assert find_cycle(succ, start) == expected


def test_a_long_chain_needs_no_recursion() -> None:
    chain = [f"n{i}" for i in range(20_000)]
    succ = {a: [b] for a, b in itertools.pairwise(chain)} | {chain[-1]: [chain[0]]}
    assert [len(c) for c in strongly_connected(succ, [chain[0]])] == [20_000]
    assert len(find_cycle(succ, chain[0])) == 20_000


def test_the_networkx_graphs_are_still_there_on_first_use() -> None:
    graph = toc.load("bradford").graph
    assert isinstance(graph.nx, nx.DiGraph) and isinstance(graph.causal, nx.DiGraph)
    assert graph.nx.number_of_nodes() == len(graph.element_ids)
    assert set(graph.causal.edges) <= set(graph.nx.edges)
    assert all(
        graph.nx.edges[e]["relation"] in {"uses", "produces", "leads_to"}
        for e in graph.causal.edges
    )
