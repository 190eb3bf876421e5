"""A validated model is freed by reference counting alone, without the cycle collector.

A model caches its graph; when the graph pointed back at the model, or networkx cached views
that point back at their graph, every validated model was a cycle that only `gc.collect()` could
free, walking the whole heap (1.2 s after a 10,000-element model, 13 s at 100,000; see
benchmarks/freeing.py and docs/performance.md).
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable, Iterator

import pytest

import toc
from toc.model import TheoryOfChange


@pytest.fixture(autouse=True)
def _collector_off() -> Iterator[None]:
    """Nothing may be freed by the cycle collector while a test runs."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


def _dangling(count: int) -> str:
    lines = ["toc: 1", "id: dangling", "title: Dangling", "activities:"]
    for i in range(count):
        lines += [f"  - id: activity-{i}", f"    label: Activity {i}", f"    uses: [input-{i}]"]
    return "\n".join(lines) + "\n"


def _used(model: TheoryOfChange) -> list[weakref.ref[object]]:
    """Validate and query a model as a notebook would; weak references to what that built."""
    model.validate()
    graph = model.graph
    first = next(iter(model.by_id))
    graph.upstream(first)
    graph.downstream(first)
    graph.chain_of(first)
    graph.evidence_for(first)
    list(graph.paths_to_impacts(first))
    list(graph.nx.edges(data=True))
    dict(graph.nx.degree)
    return [
        weakref.ref(model),
        weakref.ref(graph),
        weakref.ref(graph.nx),
        weakref.ref(graph.causal),
        weakref.ref(model.by_id[first]),
    ]


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: toc.load("bradford"), id="bradford"),
        pytest.param(lambda: toc.load("llr"), id="llr"),
        pytest.param(lambda: toc.loads(_dangling(200)), id="dangling-references"),
    ],
)
def test_a_validated_model_is_freed_when_dropped(make: Callable[[], TheoryOfChange]) -> None:
    model = make()
    refs = _used(model)
    del model
    assert [ref() for ref in refs] == [None] * len(refs)


def test_the_report_outlives_its_model_without_holding_it() -> None:
    model = toc.load("bradford")
    refs = _used(model)
    report = model.validate()
    del model
    assert [ref() for ref in refs] == [None] * len(refs)
    assert len(report) > 0


def test_a_graph_kept_alone_still_answers() -> None:
    model = toc.load("bradford")
    graph = model.graph
    kept = weakref.ref(model)
    del model
    assert kept() is None
    assert graph.of_kind("impact")
    assert "bradford" in repr(graph)
    with pytest.raises(KeyError, match="did you mean"):
        graph.upstream("practitioner-trainin")
