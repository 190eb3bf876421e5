"""The chain rules do work linear in the graph, whatever the file's shape (issue 8).

TOC204 and TOC301 with `kpi_reach: downstream` walked everything downstream of each activity:
2,000 activities feeding a 2,000-outcome chain took 5.5 s and 12 s. Time is not asserted here
(the machines are shared); the work is counted instead: every read of a node's neighbours in the
graphs the rules walk, and every KPI judged. And the messages are pinned against the plain
definition (walk downstream of each activity), on random graphs with cycles, self-loops and
misplaced links, since they must not change.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import networkx as nx
import pytest

import toc
from benchmarks.generate import feeding_chain
from toc._messages import listed
from toc.config import Config
from toc.graph import TocGraph
from toc.model import Kpi, TheoryOfChange
from toc.rules import measurement


class _CountingDict(dict[str, Any]):
    """An adjacency dict that counts each read of a node's neighbours."""

    reads = 0

    def __getitem__(self, key: str) -> Any:
        _CountingDict.reads += 1
        return super().__getitem__(key)


@contextmanager
def counted_work(graph: TocGraph) -> Iterator[Callable[[], int]]:
    """Count neighbour reads on the graphs the rules walk, and KPIs judged, while inside."""
    # The graph's own adjacency dicts, which the rules walk
    graph._out = _CountingDict(graph._out)
    graph._in = _CountingDict(graph._in)
    graph._forward = _CountingDict(graph._forward)
    graph._back = _CountingDict(graph._back)
    judged = 0
    original = measurement.kpi_gaps

    def counting_gaps(kpi: Kpi, requires: frozenset[str]) -> list[str]:
        nonlocal judged
        judged += 1
        return original(kpi, requires)

    _CountingDict.reads = 0
    measurement.kpi_gaps = counting_gaps
    try:
        yield lambda: _CountingDict.reads + judged
    finally:
        measurement.kpi_gaps = original


def work(text: str, code: str, config: Config) -> tuple[int, int]:
    """The work to run one rule on a model, and the number of its findings."""
    model = toc.loads(text)
    graph = model.graph
    with counted_work(graph) as done:
        findings = [f for f in model.validate(config) if f.code == code]
    return done(), len(findings)


SHAPES = [
    pytest.param("TOC204", Config.build(select=["TOC204"]), False, id="TOC204"),
    pytest.param(
        "TOC301",
        Config.build(select=["TOC301"], kpi_reach="downstream"),
        True,
        id="TOC301-downstream",
    ),
]


@pytest.mark.parametrize(("code", "config", "measured"), SHAPES)
def test_thousands_of_activities_feeding_one_chain_cost_linear_work(
    code: str, config: Config, measured: bool
) -> None:
    small, found_small = work(feeding_chain(1000, measured=measured), code, config)
    large, found_large = work(feeding_chain(2000, measured=measured), code, config)
    assert (found_small, found_large) == (1000, 2000)
    size = 2000 * 3 + 2000 * 3  # elements and links of the larger file, roughly
    # Walking downstream of each activity reads 2,000 x 2,000 neighbours (about 8 million);
    # one pass reads each a few times.
    assert large < 20 * size, large
    assert large < 2.5 * small, (small, large)


def _random_model(seed: int) -> str:
    """A small random model: cycles, self-loops, misplaced links, shared and measured elements."""
    rng = random.Random(seed)
    activities = [f"a{i}" for i in range(rng.randint(1, 8))]
    outputs = [f"p{i}" for i in range(rng.randint(0, 8))]
    outcomes = [f"o{i}" for i in range(rng.randint(0, 14))]
    impacts = [f"i{i}" for i in range(rng.randint(0, 2))]
    kpis = [f"k{i}" for i in range(rng.randint(0, 14))]
    everything = activities + outputs + outcomes + impacts

    def some(pool: list[str], most: int) -> list[str]:
        return rng.sample(pool, rng.randint(0, min(most, len(pool))))

    def block(field: str, ids: list[str], links: dict[str, list[str]]) -> list[str]:
        lines = [f"{field}:"] if ids else []
        for element in ids:
            lines += [f"  - id: {element}", f"    label: {element.upper()}"]
            if field == "outcomes":
                lines.append("    term: short")
            for relation, targets in links.items():
                chosen = some(targets, 4) if targets else []
                if relation == "measured_by" and field == "kpis":
                    continue
                if chosen:
                    lines.append(f"    {relation}: [{', '.join(chosen)}]")
        return lines

    lines = ["toc: 1", "id: random", "title: Random"]
    lines += block(
        "activities", activities, {"produces": outputs + activities, "measured_by": kpis}
    )
    lines += block("outputs", outputs, {"leads_to": outcomes + activities, "measured_by": kpis})
    lines += block("outcomes", outcomes, {"leads_to": everything, "measured_by": kpis})
    lines += block("impacts", impacts, {"measured_by": kpis})
    if kpis:
        lines.append("kpis:")
        for kpi in kpis:
            lines += [f"  - id: {kpi}", f"    label: {kpi.upper()}"]
            if rng.random() < 0.15:
                lines.append("    measure: percentage")
    return "\n".join(lines) + "\n"


def _expected_ends(model: TheoryOfChange) -> dict[str, str]:
    """TOC204's words for each activity, by the definition: walk downstream of it."""
    graph = model.graph
    reaches = graph.reaching("impact")
    expected = {}
    for activity in graph.of_kind("activity"):
        if activity.id in reaches:
            continue
        reached = nx.descendants(graph.causal, activity.id)
        ends = sorted(n for n in reached if not list(graph.causal.successors(n)))
        if not reached:
            expected[activity.id] = " (it produces nothing)"
        else:
            expected[activity.id] = f" (its chain stops at {listed(ends)})" if ends else ""
    return expected


def _expected_checked(model: TheoryOfChange) -> dict[str, str]:
    """TOC301's words (downstream) for each activity, by the definition: walk downstream of it."""
    graph = model.graph
    expected = {}
    for activity in model.activities:
        if model.by_id[activity.id] is not activity:
            continue
        outputs = [
            t for t in graph.nx.successors(activity.id)
            if graph.nx.edges[activity.id, t]["relation"] == "produces"
        ]  # fmt: skip
        checked = [activity.id, *outputs, *sorted(graph.downstream(activity.id) - set(outputs))]
        kpis: dict[str, Kpi] = {}
        for element in checked:
            for kpi in graph.kpis_for(element):
                kpis.setdefault(kpi.id, kpi)
        gaps = {k: measurement.kpi_gaps(kpi, frozenset({"measure"})) for k, kpi in kpis.items()}
        if any(not g for g in gaps.values()):
            continue
        others = [c for c in checked if c != activity.id]
        where = (
            "the activity and " + listed(others)
            if others
            else "the activity itself (it produces no outputs)"
        )
        lacks = [f"`{k}` has {', '.join(g)}" for k, g in gaps.items()]
        found = (
            listed(lacks, quote=False, sep="; ", what="KPIs that fall short")
            if lacks
            else "no KPI is linked with `measured_by`"
        )
        expected[activity.id] = f"checked {where}; {found}."
    return expected


@pytest.mark.parametrize("seed", range(60))
def test_messages_are_those_of_walking_downstream_of_each_activity(seed: int) -> None:
    model = toc.loads(_random_model(seed))
    ends = {
        f.element_id: f.message
        for f in model.validate(Config.build(select=["TOC204"]))
    }  # fmt: skip
    expected_ends = _expected_ends(model)
    assert set(ends) == set(expected_ends)
    for activity, words in expected_ends.items():
        assert f"`{activity}` reaches no impact{words};" in ends[activity]
    config = Config.build(select=["TOC301"], kpi_reach="downstream")
    checked = {f.element_id: f.message for f in model.validate(config)}
    expected_checked = _expected_checked(model)
    assert set(checked) == set(expected_checked)
    for activity, words in expected_checked.items():
        assert words in checked[activity], (checked[activity], words)


def test_messages_past_ten_ends_and_kpis_count_the_rest() -> None:
    """Many ends and many KPIs below each activity: the first ten named, the rest counted."""
    lines = ["toc: 1", "id: wide", "title: Every outcome with an end of its own", "activities:"]
    lines += [f"  - {{id: a{i}, label: A{i}, produces: [p{i}]}}" for i in range(30)]
    lines.append("outputs:")
    lines += [f"  - {{id: p{i}, label: P{i}, leads_to: [o{i % 5}]}}" for i in range(30)]
    lines.append("outcomes:")
    for j in range(25):
        chain = [f"o{j + 1}"] if j + 1 < 25 else []
        lines.append(
            f"  - {{id: o{j}, label: O{j}, term: short, leads_to: [{', '.join([*chain, f'e{j}'])}],"
            f" measured_by: [k{j}, k{(j + 1) % 25}]}}"
        )
        lines.append(f"  - {{id: e{j}, label: E{j}, term: long, measured_by: [k{24 - j}]}}")
    lines.append("kpis:")
    lines += [f"  - {{id: k{j}, label: K{j}}}" for j in range(25)]
    model = toc.loads("\n".join(lines) + "\n")
    ends = {f.element_id: f.message for f in model.validate(Config.build(select=["TOC204"]))}
    expected_ends = _expected_ends(model)
    assert len(expected_ends) == 30 and set(ends) == set(expected_ends)
    for activity, words in expected_ends.items():
        assert " more)" in words
        assert f"reaches no impact{words};" in ends[activity]
    config = Config.build(select=["TOC301"], kpi_reach="downstream")
    checked = {f.element_id: f.message for f in model.validate(config)}
    expected_checked = _expected_checked(model)
    assert len(expected_checked) == 30 and set(checked) == set(expected_checked)
    for activity, words in expected_checked.items():
        assert "more KPIs that fall short" in words
        assert words in checked[activity]
