"""Where a diagram draws each context factor: beside the elements it applies to, or on a link.

A factor a link rests on (the link's `assumptions:`) belongs to that link, not to either end:
stacked as boxes in the context band, a real board's thirty-odd link assumptions filled the top
third of its figure and joined nothing. So each such factor gets a marker (`A1`, `B2`, ...) drawn
on every link that names it, and its words go in a side list; a factor that also `applies_to`
elements shown stays beside them as well, with its marker in its box. Factors attached to nothing
shown stay in the context band as before, so no factor is silently dropped.

Both renderers take the same `Placement`, so the DOT and the Mermaid can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toc.model import ContextFactor
from toc.render.palette import FACTOR_MARKS
from toc.render.view import Column, Edge, View


@dataclass(frozen=True, slots=True)
class LinkFactor:
    """A context factor drawn on links: its marker, the factor, and the links it is on."""

    marker: str
    factor: ContextFactor
    links: tuple[Edge, ...]
    boxed: bool
    """Also drawn as a box beside the elements it applies to, its marker in the box; the side
    list then only points there, rather than giving its words twice."""


@dataclass(frozen=True, slots=True)
class Placement:
    """A view whose nodes are the factors drawn as boxes, and the factors drawn on links."""

    view: View
    """The view without the factors that appear only on links."""
    on_links: tuple[LinkFactor, ...]
    """Factors on links, in order of their markers (first use along the links)."""
    markers: dict[str, str]
    """Factor id → marker, for every factor on a link drawn."""

    def markers_of(self, edge: Edge) -> list[str]:
        """The markers to draw on a link, each once, in the order the link names them."""
        return list(dict.fromkeys(self.markers[f.id] for f in edge.factors if f.id in self.markers))


def place_factors(view: View) -> Placement:
    """Number the factors on the links drawn, and keep as nodes only those beside elements."""
    if view.options.hide_context:
        return Placement(view, (), {})
    links: dict[str, list[Edge]] = {}
    factors: dict[str, ContextFactor] = {}
    for edge in view.edges:
        for factor in edge.factors:
            factors.setdefault(factor.id, factor)
            on = links.setdefault(factor.id, [])
            if edge not in on:
                on.append(edge)
    beside = {edge.source for edge in view.edges if edge.relation == "applies_to"}
    link_only = {factor_id for factor_id in factors if factor_id not in beside}
    counts: dict[str, int] = {}
    on_links = []
    for factor_id, factor in factors.items():
        letter = FACTOR_MARKS[factor.kind]
        counts[letter] = counts.get(letter, 0) + 1
        marker = f"{letter}{counts[letter]}"
        boxed = factor_id not in link_only
        on_links.append(LinkFactor(marker, factor, tuple(links[factor_id]), boxed))
    return Placement(
        _without(view, link_only), tuple(on_links), {f.factor.id: f.marker for f in on_links}
    )


def _without(view: View, ids: set[str]) -> View:
    """The view with the given nodes left out (they have no links in it: see `place_factors`)."""
    if not ids.intersection(view.nodes):
        return view
    nodes = {key: node for key, node in view.nodes.items() if key not in ids}
    columns = tuple(
        Column(column.key, column.heading, kept)
        for column in view.columns
        if (kept := tuple(i for i in column.node_ids if i not in ids))
    )
    return replace(view, nodes=nodes, columns=columns)
