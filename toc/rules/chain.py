"""Chain-logic rules (2xx): links follow the results chain, without loops or dead ends."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx

from toc._messages import LISTED_ITEMS, cycle, listed
from toc.findings import Path, Severity
from toc.graph import lowest_bits
from toc.model import Link, Outcome, outcome_level_name, outcome_levels
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, rule

ALLOWED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "uses": (frozenset({"activity", "output"}), frozenset({"input"})),
    "produces": (frozenset({"activity"}), frozenset({"output"})),
    "leads_to": (
        frozenset({"output", "outcome", "impact"}),
        frozenset({"outcome", "impact", "statement"}),
    ),
    "measured_by": (frozenset({"activity", "output", "outcome", "impact"}), frozenset({"kpi"})),
}
"""For each link type: the kinds that may write it, and the kinds it may point at.

An output may `uses` an input directly (real models draw input → output; TOC207 notes it). A
statement (a vision, an aim) is the top of the chain, beyond impact: only outcomes and impacts
lead to one, and an impact leads to nothing else (`targets_of`).
"""

_NARROWER: dict[tuple[str, str], frozenset[str]] = {
    ("leads_to", "output"): frozenset({"outcome", "impact"}),
    ("leads_to", "impact"): frozenset({"statement"}),
}


def targets_of(relation: str, kind: str) -> frozenset[str]:
    """The kinds a link of `relation` written on an element of `kind` may point at."""
    return _NARROWER.get((relation, kind), ALLOWED[relation][1])


_PLURAL = {
    "input": "inputs", "activity": "activities", "output": "outputs", "kpi": "KPIs",
    "outcome": "outcomes", "impact": "impacts", "statement": "statements",
    "assumption": "assumptions", "barrier": "barriers", "enabler": "enablers", "risk": "risks",
}  # fmt: skip


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _kinds(kinds: frozenset[str]) -> str:
    order = list(_PLURAL)
    return " or ".join(_PLURAL[k] for k in sorted(kinds, key=order.index))


@rule("TOC201", "link-not-allowed", Severity.ERROR)
def link_not_allowed(ctx: RuleContext) -> Iterator[Hit]:
    """A link the results chain does not allow.

    For example an outcome that `uses` an input, an impact that `leads_to` an activity,
    `measured_by` pointing at something that is not a KPI, or `relation: contributes_to` on a
    link that is not `leads_to`.

    The chain runs input → activity → output → outcome (short → medium → long, or the model's
    `outcome_levels`) → impact → statement (a vision or aim), and KPIs measure activities,
    outputs, outcomes and impacts. A link against that order usually means a misplaced element or
    a link written on the wrong end.

    Fails:
    ```yaml
    toc: 1
    id: backwards
    title: An outcome that uses an input
    inputs:
      - id: funding
        label: Funding
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
        uses: [funding]
    ```

    Passes:
    ```yaml
    toc: 1
    id: forwards
    title: An activity that uses an input
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: train
        label: Train practitioners
        uses: [funding]
    ```
    """
    kinds = ctx.graph.nx.nodes
    for place, element in ctx.model.chain_elements():
        for relation, index, link in element.links():
            sources = ALLOWED[relation][0]
            targets = targets_of(relation, element.kind)
            target = kinds[link.to]["kind"] if link.to in kinds else None
            path: Path = (*place, relation, index)
            if element.kind not in sources:
                yield Hit(
                    path,
                    f"{element.kind} `{element.id}` cannot have `{relation}`: only "
                    f"{_kinds(sources)} do; write the link on the other end or move the element",
                    element.id,
                )
            elif target is not None and target not in targets:
                yield Hit(
                    path,
                    f"`{element.id}` {relation} `{link.to}`, which is {_a(target)}; "
                    f"`{relation}` on {_kinds(frozenset({element.kind}))} points at "
                    f"{_kinds(targets)}",
                    element.id,
                )
            elif link.relation != "leads_to" and relation != "leads_to":
                yield Hit(
                    (*path, "relation"),
                    f"`relation: {link.relation}` on a `{relation}` link: only `leads_to` links "
                    "say whether they lead to or contribute to their end; remove it",
                    element.id,
                )


@rule("TOC202", "causal-cycle", Severity.ERROR)
def causal_cycle(ctx: RuleContext) -> Iterator[Hit]:
    """A loop in the causal links (`uses`, `produces`, `leads_to`); the cycle is printed.

    A long cycle is printed by its first and last elements, with the number left out between.

    A results chain runs one way. A loop is usually a link written backwards; where the loop is
    real (more confident staff → better practice → more confident staff), mark one of its links
    `feedback: true` and it is accepted.

    Fails:
    ```yaml
    toc: 1
    id: loop
    title: Two outcomes leading to each other
    outcomes:
      - id: confidence
        label: Practitioners are more confident
        term: short
        leads_to: [practice]
      - id: practice
        label: Practice improves
        term: short
        leads_to: [confidence]
    ```

    Passes:
    ```yaml
    toc: 1
    id: loop
    title: A deliberate feedback loop
    outcomes:
      - id: confidence
        label: Practitioners are more confident
        term: short
        leads_to: [practice]
      - id: practice
        label: Practice improves
        term: short
        leads_to:
          - to: confidence
            feedback: true
    ```
    """
    graph = ctx.graph.causal
    forward: nx.DiGraph[str] = nx.DiGraph()
    for source, target, data in graph.edges(data=True):
        if not _feedback(data["link"]):
            forward.add_edge(source, target)
    for component in nx.strongly_connected_components(forward):
        if len(component) == 1 and not forward.has_edge(*component, *component):
            continue  # no loop; a statement, which has no place of its own, is always so
        first = min(component, key=ctx.path_of)
        loop = nx.find_cycle(forward.subgraph(component), source=first)
        names = cycle([str(edge[0]) for edge in loop])
        source, target = loop[0][0], loop[0][1]
        yield Hit(
            ctx.link_path(source, target),
            f"causal cycle {names}; a results chain runs one way: reverse or remove a link, "
            "or mark one link `feedback: true` if the loop is intended",
            ctx.link_owner(source, target),
        )


def _feedback(link: object) -> bool:
    return isinstance(link, Link) and link.feedback


@rule("TOC203", "orphan-element", Severity.WARNING)
def orphan_element(ctx: RuleContext) -> Iterator[Hit]:
    """An element of the results chain with no links at all.

    An element nothing links to, and that links to nothing, plays no part in the theory: either a
    link is missing or the element is left over from an earlier draft.

    Fails:
    ```yaml
    toc: 1
    id: orphan
    title: An input nobody uses
    inputs:
      - id: funding
        label: Funding
    ```

    Passes:
    ```yaml
    toc: 1
    id: adopted
    title: An input an activity uses
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: train
        label: Train practitioners
        uses: [funding]
    ```
    """
    graph = ctx.graph.nx
    for place, element in ctx.model.chain_elements():
        if ctx.path_of(element.id) == place and graph.degree(element.id) == 0:
            yield Hit(
                place,
                f"{element.kind} `{element.id}` has no links at all; link it into the chain or "
                "remove it",
                element.id,
            )


@rule("TOC204", "activity-reaches-no-impact", Severity.WARNING)
def activity_reaches_no_impact(ctx: RuleContext) -> Iterator[Hit]:
    """An activity from which no chain of `produces` and `leads_to` links reaches an impact.

    The point of a theory of change is to show how each activity contributes to the impact; an
    activity with no route there has no stated reason to be funded. A route that ends in a
    statement (the vision the outcomes lead to) goes beyond impact, and counts.

    Fails:
    ```yaml
    toc: 1
    id: dead-end
    title: An activity that stops at its output
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
    impacts:
      - id: fewer-aces
        label: Fewer adverse childhood experiences
    ```

    Passes:
    ```yaml
    toc: 1
    id: through
    title: An activity that reaches the impact
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        leads_to: [fewer-aces]
    impacts:
      - id: fewer-aces
        label: Fewer adverse childhood experiences
    ```
    """
    reaches_impact = ctx.graph.reaching_top()  # a statement is beyond impact: the top too
    stuck = [a.id for a in ctx.graph.of_kind("activity") if a.id not in reaches_impact]
    for activity_id, furthest in _chain_ends(ctx, stuck).items():
        yield Hit(
            ctx.path_of(activity_id),
            f"activity `{activity_id}` reaches no impact{furthest}; add the `leads_to` links "
            "from its outputs through outcomes to an impact",
            activity_id,
        )


def _chain_ends(ctx: RuleContext, activities: list[str]) -> dict[str, str]:
    """For each activity, in order, where its chain stops, for the message.

    The ends below each activity, as one bit per end in sorted id order, in one pass over the
    graph (`fold_downstream`): thousands of activities feeding one long chain cost one walk of
    the chain, not one each.
    """
    causal = ctx.graph.causal
    ends = sorted(n for n in ctx.graph.reachable_from(activities) if not causal.succ[n])
    bit = {end: 1 << index for index, end in enumerate(ends)}

    def furthest(activity_id: str, reached: int) -> str:
        if all(n == activity_id for n in causal.succ[activity_id]):
            return " (it produces nothing)"
        if not reached:
            return ""
        first = [ends[i] for i in lowest_bits(reached, LISTED_ITEMS)]
        return f" (its chain stops at {listed(first, total=reached.bit_count())})"

    found = ctx.graph.fold_downstream(activities, bit, furthest)
    return {activity_id: found[activity_id] for activity_id in activities}


@rule("TOC205", "impact-not-reached", Severity.WARNING)
def impact_not_reached(ctx: RuleContext) -> Iterator[Hit]:
    """An impact that no activity reaches through the chain.

    An impact nothing leads to is an aspiration, not part of the theory: say which outcomes
    contribute to it.

    Fails:
    ```yaml
    toc: 1
    id: unreached
    title: An impact with nothing leading to it
    activities:
      - id: train
        label: Train practitioners
    impacts:
      - id: fewer-aces
        label: Fewer adverse childhood experiences
    ```

    Passes:
    ```yaml
    toc: 1
    id: reached
    title: An impact an activity reaches
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        leads_to: [fewer-aces]
    impacts:
      - id: fewer-aces
        label: Fewer adverse childhood experiences
    ```
    """
    reached = ctx.graph.reached_from("activity")
    for impact in ctx.graph.of_kind("impact"):
        if impact.id not in reached:
            yield Hit(
                ctx.path_of(impact.id),
                f"impact `{impact.id}` is not reached by any activity; link outcomes to it with "
                "`leads_to`, or record it as a statement if it is an aspiration",
                impact.id,
            )


@rule("TOC206", "outcome-term-regression", Severity.WARNING)
def outcome_term_regression(ctx: RuleContext) -> Iterator[Hit]:
    """An outcome that leads to an outcome of an earlier term (long-term → short-term).

    Outcomes build from short to medium to long term, or through the model's own
    `outcome_levels` in the order declared; a link backwards in time usually means a term is
    wrong or the link is reversed.

    Fails:
    ```yaml
    toc: 1
    id: backwards-in-time
    title: A long-term outcome leading to a short-term one
    outcomes:
      - id: system-change
        label: Long-term system change
        term: long
        leads_to: [awareness]
      - id: awareness
        label: Awareness of trauma
        term: short
    ```

    Passes:
    ```yaml
    toc: 1
    id: forwards-in-time
    title: A short-term outcome leading to a long-term one
    outcomes:
      - id: awareness
        label: Awareness of trauma
        term: short
        leads_to: [system-change]
      - id: system-change
        label: Long-term system change
        term: long
    ```
    """
    rank = {level: index for index, level in enumerate(outcome_levels(ctx.model))}
    for place, outcome in enumerate(ctx.model.outcomes):
        if outcome.term not in rank:
            continue  # TOC113 reports a term that names no level
        for index, link in enumerate(outcome.leads_to):
            target = ctx.element(link.to)
            if (
                isinstance(target, Outcome)
                and target.term in rank
                and rank[target.term] < rank[outcome.term]
            ):
                yield Hit(
                    ("outcomes", place, "leads_to", index),
                    f"{_level(ctx, outcome.term)} `{outcome.id}` leads to "
                    f"{_level(ctx, target.term)} `{target.id}`, which comes earlier; check the "
                    "terms or the direction",
                    outcome.id,
                )


def _level(ctx: RuleContext, level: str) -> str:
    """An outcome's level in a sentence: "long-term outcome", "final outcome", "IO1"."""
    name = outcome_level_name(ctx.model, level)
    return name if name[1:2].isupper() else name[:1].lower() + name[1:]


@rule("TOC207", "input-feeds-output", Severity.INFO)
def input_feeds_output(ctx: RuleContext) -> Iterator[Hit]:
    """An output that `uses` an input directly, with no activity between them.

    Real theories of change draw input → output links (funding → leaflets printed), and the
    format allows them. An evaluator still asks what work turns the resource into the output:
    naming that activity is what lets the output be attributed and its cost counted. Informative
    by default; the `strict` profile makes it a warning.

    Fails:
    ```yaml
    toc: 1
    id: shortcut
    title: Funding straight to an output
    inputs:
      - id: funding
        label: Funding
    outputs:
      - id: leaflets
        label: Leaflets printed
        uses: [funding]
    ```

    Passes:
    ```yaml
    toc: 1
    id: through-an-activity
    title: Funding used by the activity that makes the output
    inputs:
      - id: funding
        label: Funding
    activities:
      - id: print
        label: Print leaflets
        uses: [funding]
        produces: [leaflets]
    outputs:
      - id: leaflets
        label: Leaflets printed
    ```
    """
    for place, output in enumerate(ctx.model.outputs):
        for index, link in enumerate(output.uses):
            target = ctx.element(link.to)
            if target is not None and target.kind == "input":
                yield Hit(
                    ("outputs", place, "uses", index),
                    f"output `{output.id}` uses input `{target.id}` directly; if an activity "
                    "turns the input into the output, add it (`uses` the input, `produces` the "
                    "output) so the output can be attributed",
                    output.id,
                )
