"""Graph queries an analyst uses in a notebook."""

from __future__ import annotations

import itertools

import networkx as nx
import pytest

import toc
from toc.model import TheoryOfChange

TEXT = """\
toc: 1
id: g
title: Graph
inputs:
  - {id: funding, label: Funding}
activities:
  - id: train
    label: Train
    uses: [funding]
    produces: [trained]
  - id: campaign
    label: Campaign
    produces: [aware]
outputs:
  - {id: trained, label: Trained, measured_by: [k-trained], leads_to: [confident]}
  - {id: aware, label: Aware, leads_to: [confident, impact-b]}
kpis:
  - {id: k-trained, label: Trained staff, measure: unit, unit: staff}
  - {id: k-confident, label: Confidence, measure: ordinal}
outcomes:
  - {id: confident, label: Confident, term: short, measured_by: [k-confident], leads_to: [impact-a, impact-b]}
impacts:
  - {id: impact-a, label: A}
  - {id: impact-b, label: B}
barriers:
  - {id: money, label: Money, applies_to: [funding]}
"""


@pytest.fixture
def model() -> TheoryOfChange:
    return toc.loads(TEXT)


def test_edges_point_along_the_chain(model: TheoryOfChange) -> None:
    graph = model.graph.nx
    assert graph.edges["funding", "train"]["relation"] == "uses"
    assert graph.edges["train", "trained"]["relation"] == "produces"
    assert graph.edges["trained", "k-trained"]["relation"] == "measured_by"
    assert graph.edges["money", "funding"]["relation"] == "applies_to"
    assert graph.nodes["confident"]["kind"] == "outcome"


def test_paths_to_each_impact(model: TheoryOfChange) -> None:
    assert list(model.graph.paths_to_impacts("train")) == [
        ("train", "trained", "confident", "impact-a"),
        ("train", "trained", "confident", "impact-b"),
    ]
    assert list(model.graph.paths_to_impacts("campaign")) == [
        ("campaign", "aware", "confident", "impact-a"),
        ("campaign", "aware", "confident", "impact-b"),
        ("campaign", "aware", "impact-b"),
    ]
    assert list(model.graph.paths_to_impacts("k-trained")) == []  # a KPI causes nothing


def test_paths_to_impacts_are_every_simple_path(model: TheoryOfChange) -> None:
    graph = model.graph
    for element in model.by_id:
        expected = {
            tuple(path)
            for impact in ("impact-a", "impact-b")
            if impact != element
            for path in nx.all_simple_paths(graph.causal, element, impact)
        }
        found = list(graph.paths_to_impacts(element, limit=None))
        assert len(found) == len(set(found))
        assert set(found) == expected


def _ladder(rungs: int) -> str:
    """Outcomes in rungs of two, each leading to both of the next rung, then one impact."""
    lines = ["toc: 1", "id: ladder", "title: A ladder of diamonds", "outcomes:"]
    for rung in range(rungs):
        after = [f"r{rung + 1}-left", f"r{rung + 1}-right"] if rung + 1 < rungs else ["end"]
        for side in ("left", "right"):
            lines += [
                f"  - id: r{rung}-{side}",
                f"    label: Rung {rung}, {side}",
                "    term: short",
                f"    leads_to: [{', '.join(after)}]",
            ]
    lines += ["impacts:", "  - {id: end, label: The end}"]
    return "\n".join(lines) + "\n"


def test_paths_on_a_ladder_of_diamonds_come_lazily_and_stop_at_the_limit() -> None:
    """63 elements, 2^30 paths from the bottom: the old dict of every path never finished."""
    model = toc.loads(_ladder(31))
    assert len(model.by_id) == 63
    first = list(itertools.islice(model.graph.paths_to_impacts("r0-left", limit=None), 10))
    assert len(first) == 10
    assert first[0] == (*(f"r{rung}-left" for rung in range(31)), "end")
    assert all(len(path) == 32 and path[-1] == "end" for path in first)
    assert len(list(model.graph.paths_to_impacts("r0-left"))) == 1000  # the default limit
    assert len(list(model.graph.paths_to_impacts("r0-left", limit=3))) == 3
    assert list(model.graph.paths_to_impacts("r0-left", limit=0)) == []


def test_paths_to_impacts_checks_its_arguments_at_the_call(model: TheoryOfChange) -> None:
    with pytest.raises(KeyError, match="did you mean `train`"):
        model.graph.paths_to_impacts("trian")
    with pytest.raises(ValueError, match="limit"):
        model.graph.paths_to_impacts("train", limit=-1)


def test_upstream_and_downstream_follow_causal_links_only(model: TheoryOfChange) -> None:
    assert set(model.graph.upstream("confident")) == {
        "funding",
        "train",
        "trained",
        "campaign",
        "aware",
    }
    assert model.graph.downstream("train") == {"trained", "confident", "impact-a", "impact-b"}
    assert "k-trained" not in model.graph.downstream("train")


def test_upstream_comes_in_document_order(model: TheoryOfChange) -> None:
    """The same list in every session: a set's order changes with the string hash seed."""
    assert model.graph.upstream("confident") == ["funding", "train", "campaign", "trained", "aware"]
    assert model.graph.upstream("impact-b") == [
        "funding",
        "train",
        "campaign",
        "trained",
        "aware",
        "confident",
    ]
    assert model.graph.upstream("funding") == []


def test_kpis_evidencing_an_outcome(model: TheoryOfChange) -> None:
    assert [k.id for k in model.graph.kpis_for("confident")] == ["k-confident"]
    assert sorted(k.id for k in model.graph.evidence_for("confident")) == [
        "k-confident",
        "k-trained",
    ]


def test_chain_of_an_element_includes_its_kpis(model: TheoryOfChange) -> None:
    assert model.graph.chain_of("campaign") == {
        "campaign",
        "aware",
        "confident",
        "impact-a",
        "impact-b",
        "k-confident",
    }


def test_elements_of_a_kind(model: TheoryOfChange) -> None:
    assert [e.id for e in model.graph.of_kind("impact")] == ["impact-a", "impact-b"]
    assert [e.id for e in model.graph.of_kind("barrier")] == ["money"]


def test_unknown_id_suggests_the_closest(model: TheoryOfChange) -> None:
    with pytest.raises(KeyError, match="did you mean `confident`"):
        model.graph.upstream("confidnt")


def test_dangling_links_are_left_out_of_the_graph() -> None:
    model = toc.loads(
        "toc: 1\nid: d\ntitle: D\nactivities:\n  - {id: a, label: A, produces: [ghost]}\n"
    )
    assert list(model.graph.nx.edges) == []


def test_graph_is_built_once(model: TheoryOfChange) -> None:
    assert model.graph is model.graph
