"""Chain-logic rules (2xx): links follow the results chain, without loops or dead ends."""

from __future__ import annotations

from collections.abc import Iterator

from toc._messages import LISTED_ITEMS, cycle, listed
from toc.findings import Path, Severity
from toc.graph import find_cycle, lowest_bits, strongly_connected
from toc.model import ChainElement, Link, Outcome, outcome_level_name, outcome_levels
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
    The message says what to write instead: the link on the other end where that end may write
    it, another relation, or the steps a link skipped (an input reaches an output through the
    activity that uses it).

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
    statements = ctx.model.statements_by_id
    for place, element in ctx.model.chain_elements():
        for relation, index, link in element.links():
            sources = ALLOWED[relation][0]
            targets = targets_of(relation, element.kind)
            target = ctx.element(link.to)
            target_kind = (
                target.kind
                if target is not None
                else "statement"
                if link.to in statements
                else None
            )
            path: Path = (*place, relation, index)
            if element.kind not in sources:
                advice = (
                    _advice(element.kind, element.id, relation, target_kind, link.to)
                    if target_kind is not None
                    and (target is None or isinstance(target, ChainElement))
                    else "move the link to one of them, or check the element's kind"
                )
                yield Hit(
                    path,
                    f"{element.kind} `{element.id}` cannot have `{relation}`: only "
                    f"{_kinds(sources)} do; {advice}",
                    element.id,
                )
            elif target_kind is not None and target_kind not in targets:
                advice = (
                    _advice(element.kind, element.id, relation, target_kind, link.to)
                    if target is None or isinstance(target, ChainElement)
                    else _factor_advice(target_kind, link.to)
                )
                yield Hit(
                    path,
                    f"`{element.id}` {relation} `{link.to}`, which is {_a(target_kind)}; "
                    f"`{relation}` on {_kinds(frozenset({element.kind}))} points at "
                    f"{_kinds(targets)}; {advice}",
                    element.id,
                )
            elif link.relation != "leads_to" and relation != "leads_to":
                yield Hit(
                    (*path, "relation"),
                    f"`relation: {link.relation}` on a `{relation}` link: only `leads_to` links "
                    "say whether they lead to or contribute to their end; remove it",
                    element.id,
                )


_CHAIN = ("input", "activity", "output", "outcome", "impact", "statement")
"""The order cause runs in; KPIs stand beside it, measuring."""
_CHAIN_KINDS = frozenset({*_CHAIN, "kpi"})
_SINGULAR = {"kpi": "KPI"}


def _factor_advice(kind: str, factor_id: str) -> str:
    """How a context factor is attached, for a link that points at one."""
    if kind == "assumption":
        return (
            f"an assumption is not linked to: attach it to the link with "
            f"`assumptions: [{factor_id}]`, or to the element with its `applies_to`"
        )
    return f"{_a(kind)} is not linked to: list what it bears on in its `applies_to`"


def _allows(relation: str, writer: str, target: str) -> bool:
    sources, targets = ALLOWED[relation]
    return writer in sources and target in targets


def _advice(kind: str, element_id: str, relation: str, target_kind: str, target_id: str) -> str:
    """What to write instead of a link the chain does not allow, as a step the reader can take.

    In order: `measured_by` naming something not a KPI; an input linked to an output, through
    the activity between them; the same link written on the other end, when that end may write
    it; another relation from this element; for a link that skips a step of the chain, the steps
    in between; otherwise which way the chain runs. "Write it on the other end" alone was a dead
    end where the other end may not write it either (an input that `produces` an output).
    """
    if relation == "measured_by" and "kpi" not in (kind, target_kind):
        return f"if `{target_id}` is an indicator, move it under `kpis:`; otherwise remove the link"
    cause, effect = ((target_kind, target_id), (kind, element_id))
    if relation != "uses":
        cause, effect = effect, cause
    if (cause[0], effect[0]) == ("input", "output"):
        return _route(cause, effect)  # name the activity between, as an evaluator asks
    for other in (relation, *ALLOWED):
        if _allows(other, target_kind, kind):
            return (
                f"write it on the {target_kind} instead: `{other}: [{element_id}]` on `{target_id}`"
            )
    for other in ALLOWED:
        if other != relation and _allows(other, kind, target_kind):
            return f"use `{other}: [{target_id}]` instead"
    if "kpi" in (kind, target_kind):
        return (
            "KPIs measure activities, outputs, outcomes and impacts (`measured_by` on them); "
            "inputs and KPIs are not measured, and a KPI writes no links"
        )
    return _route(cause, effect)


def _route(cause: tuple[str, str], effect: tuple[str, str]) -> str:
    """How the chain gets from `cause` to `effect`, for a link that skips or reverses a step."""
    (cause_kind, cause_id), (effect_kind, effect_id) = cause, effect
    order = " → ".join(_CHAIN)
    if cause_kind not in _CHAIN or effect_kind not in _CHAIN:
        return f"the chain runs {order}: check the element's kind"
    start, end = _CHAIN.index(cause_kind), _CHAIN.index(effect_kind)
    if cause_kind == "input" and effect_kind == "output":
        return (
            f"an input reaches an output through an activity: link the input to the activity "
            f"that uses it (`uses: [{cause_id}]` on the activity) and have that activity "
            f"produce the output (`produces: [{effect_id}]`)"
        )
    if cause_kind == "input" and end > start:
        return (
            f"an input reaches {_a(effect_kind)} through an activity and its output: link the "
            f"input to the activity that uses it (`uses: [{cause_id}]` on the activity), and "
            f"`leads_to: [{effect_id}]` on an output that activity produces"
        )
    if cause_kind == "activity" and end > start:
        return (
            f"an activity reaches {_a(effect_kind)} through its outputs: write "
            f"`leads_to: [{effect_id}]` on an output that `{cause_id}` produces"
        )
    if end <= start:
        return (
            f"the chain runs {order}, so {_a(cause_kind)} does not lead to {_a(effect_kind)}: "
            "reverse the link, or check the element's kind"
        )
    return f"the chain runs {order}: check the element's kind, or link through the steps between"


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
    forward: dict[str, list[str]] = {}
    for source, target, link in ctx.graph.causal_links():
        if not _feedback(link):
            forward.setdefault(source, []).append(target)
            forward.setdefault(target, [])
    for component in strongly_connected(forward, forward):
        if len(component) == 1 and component[0] not in forward[component[0]]:
            continue  # no loop; a statement, which has no place of its own, is always so
        first = min(component, key=ctx.path_of)
        members = set(component)
        within = {node: [t for t in forward[node] if t in members] for node in component}
        loop = find_cycle(within, first)
        names = cycle([edge[0] for edge in loop])
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
    for place, element in ctx.model.chain_elements():
        if ctx.path_of(element.id) == place and not ctx.graph.linked(element.id):
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
    advice = (
        "add the `leads_to` links from its outputs through outcomes to an impact"
        if ctx.model.impacts
        else "the model has no impacts: add the impact it works towards, and the `leads_to` "
        "links from its outputs through outcomes to it"
    )
    for activity_id, furthest in _chain_ends(ctx, stuck).items():
        yield Hit(
            ctx.path_of(activity_id),
            f"activity `{activity_id}` reaches no impact{furthest}; {advice}",
            activity_id,
        )


def _chain_ends(ctx: RuleContext, activities: list[str]) -> dict[str, str]:
    """For each activity, in order, where its chain stops, for the message.

    The ends below each activity, as one bit per end in sorted id order, in one pass over the
    graph (`fold_downstream`): thousands of activities feeding one long chain cost one walk of
    the chain, not one each.
    """
    graph = ctx.graph
    ends = sorted(n for n in graph.reachable_from(activities) if not graph.causal_successors(n))
    bit = {end: 1 << index for index, end in enumerate(ends)}

    def furthest(activity_id: str, reached: int) -> str:
        if all(n == activity_id for n in graph.causal_successors(activity_id)):
            return " (it produces nothing)"
        if not reached:
            return ""
        first = [ends[i] for i in lowest_bits(reached, LISTED_ITEMS)]
        return f" (its chain stops at {listed(first, total=reached.bit_count())})"

    found = graph.fold_downstream(activities, bit, furthest)
    return {activity_id: found[activity_id] for activity_id in activities}


@rule("TOC205", "impact-not-reached", Severity.WARNING)
def impact_not_reached(ctx: RuleContext) -> Iterator[Hit]:
    """An impact that no activity reaches through the chain.

    An impact nothing leads to is an aspiration, not part of the theory: say which outcomes
    contribute to it. The message says why it is not reached: nothing leads to it, what leads to
    it is itself cut off from every activity, or the model has no activities at all.

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
    has_activities = bool(ctx.graph.of_kind("activity"))
    for impact in ctx.graph.of_kind("impact"):
        if impact.id in reached:
            continue
        before = sorted(ctx.graph.causal_predecessors(impact.id), key=ctx.path_of)
        if not has_activities:
            why = "the model has no activities; add the activities whose outputs lead to it"
        elif before:
            why = (
                f"{listed(before)} {'leads' if len(before) == 1 else 'lead'} to it, but no chain "
                "of links from an activity reaches "
                f"{'it' if len(before) == 1 else 'them'}; link an activity's output into that "
                "chain with `leads_to`"
            )
        else:
            why = (
                "nothing leads to it; link outcomes to it with `leads_to`, or record it as a "
                "statement if it is an aspiration"
            )
        yield Hit(
            ctx.path_of(impact.id),
            f"impact `{impact.id}` is not reached by any activity: {why}",
            impact.id,
        )


@rule("TOC206", "outcome-term-regression", Severity.WARNING)
def outcome_term_regression(ctx: RuleContext) -> Iterator[Hit]:
    """An outcome that leads to an outcome of an earlier term (long-term → short-term).

    Outcomes build from short to medium to long term, or through the model's own
    `outcome_levels` in the order declared; a link backwards in time usually means a term is
    wrong or the link is reversed.
    A link marked `feedback: true` is a deliberate loop back (a resilient workforce sustaining
    the resilience it grew from), which runs backwards in time by nature, so it is not reported.

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
            if link.feedback or not isinstance(target, Outcome):
                continue
            if target.term in rank and rank[target.term] < rank[outcome.term]:
                yield Hit(
                    ("outcomes", place, "leads_to", index),
                    f"{_level(ctx, outcome.term)} `{outcome.id}` leads to "
                    f"{_level(ctx, target.term)} `{target.id}`, which comes earlier; check the "
                    "terms or the direction",
                    outcome.id,
                )


def _model_place(ctx: RuleContext, field: str) -> Path:
    """Where a finding about the whole model points: an empty `field:` list, else its `id`."""
    source_map = ctx.model.source_map
    if source_map is not None and isinstance(source_map.root, dict) and field in source_map.root:
        return (field,)
    return ("id",)


@rule("TOC210", "no-activities", Severity.ERROR)
def no_activities(ctx: RuleContext) -> Iterator[Hit]:
    """A model with no activities at all.

    Activities are what the programme does; without them nothing in the model can be checked
    for how it will be measured (TOC301 has nothing to check and passes silently), and no
    outcome or impact can be reached (TOC205). A list of outcomes with no activities is an
    outcomes framework, not yet a theory of change: add the activities, or ignore this code
    knowingly for such a file. A file with no chain elements at all (a skeleton, or one that only
    defines reference frameworks) is not reported.

    Fails:
    ```yaml
    toc: 1
    id: logframe
    title: A logframe with no activities
    outputs:
      - id: trained
        label: Trained workforce
        measured_by: [staff-trained]
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
    ```

    Passes:
    ```yaml
    toc: 1
    id: logframe
    title: A logframe with an activity
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        measured_by: [staff-trained]
    kpis:
      - id: staff-trained
        label: Number of staff trained
        measure: unit
        unit: staff trained
    ```
    """
    if ctx.model.activities:
        return
    counts = [(kind, len(ctx.graph.of_kind(kind))) for kind in _PLURAL if kind in _CHAIN_KINDS]
    others = [
        f"{n:,} {_PLURAL[kind] if n != 1 else _SINGULAR.get(kind, kind)}" for kind, n in counts if n
    ]
    if not others:
        return
    holds = ", ".join(others[:-1]) + " and " if len(others) > 1 else ""
    yield Hit(
        _model_place(ctx, "activities"),
        f"the model `{ctx.model.id}` has no activities: it holds {holds}{others[-1]}, but "
        "nothing says what the programme does, so no KPI can be checked against an activity and "
        "no impact is reached; add `activities:`",
    )


@rule("TOC211", "no-outcomes-or-impacts", Severity.WARNING)
def no_outcomes_or_impacts(ctx: RuleContext) -> Iterator[Hit]:
    """A model with activities but neither outcomes nor impacts.

    The chain says what is done and delivered, but not what should change because of it: there
    is no theory to test, and every activity is reported as reaching no impact (TOC204).

    Fails:
    ```yaml
    toc: 1
    id: plan
    title: An activity plan
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
    ```

    Passes:
    ```yaml
    toc: 1
    id: plan
    title: An activity plan with the change it aims at
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        leads_to: [resilience]
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```
    """
    if not ctx.model.activities or ctx.model.outcomes or ctx.model.impacts:
        return
    yield Hit(
        _model_place(ctx, "outcomes"),
        f"the model `{ctx.model.id}` has activities but no outcomes or impacts: it says what is "
        "done, not what should change; add `outcomes:` (and `impacts:`) and link outputs to them "
        "with `leads_to`",
    )


@rule("TOC212", "output-not-produced", Severity.WARNING)
def output_not_produced(ctx: RuleContext) -> Iterator[Hit]:
    """An output that no activity `produces`.

    An output is the direct product of an activity; one nothing produces floats free of the
    programme, so whatever it leads to is not reached from anything the programme does. In real
    files this is most often a typo in a `produces` list: the activity names an id that does not
    exist (TOC111), and the output it meant is left unproduced; the message names such a
    near-miss. An output with no links at all is reported by TOC203 instead.

    Fails:
    ```yaml
    toc: 1
    id: typo
    title: A produces list with a typo
    activities:
      - id: train
        label: Train practitioners
        produces: [trained-workfroce]
    outputs:
      - id: trained-workforce
        label: Trained workforce
        leads_to: [resilience]
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```

    Passes:
    ```yaml
    toc: 1
    id: typo
    title: A produces list without a typo
    activities:
      - id: train
        label: Train practitioners
        produces: [trained-workforce]
    outputs:
      - id: trained-workforce
        label: Trained workforce
        leads_to: [resilience]
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```
    """
    graph = ctx.graph
    unproduced: list[tuple[int, str]] = []
    for place, output in enumerate(ctx.model.outputs):
        if ctx.path_of(output.id) != ("outputs", place) or not graph.linked(output.id):
            continue
        producers = graph.predecessors(output.id, "produces")
        if not any(ctx.model.by_id[p].kind == "activity" for p in producers):
            unproduced.append((place, output.id))
    if not unproduced:
        return
    near = _near_misses(ctx, [output_id for _, output_id in unproduced])
    has_activities = bool(ctx.model.activities)
    for place, output_id in unproduced:
        if output_id in near:
            activity_id, written = near[output_id]
            advice = (
                f"activity `{activity_id}` produces `{written}`, which is not an element: if "
                f"that means `{output_id}`, correct it"
            )
        elif has_activities:
            advice = f"add `produces: [{output_id}]` to the activity that delivers it"
        else:
            advice = "the model has no activities; add the one that delivers it"
        yield Hit(
            ("outputs", place),
            f"output `{output_id}` is not produced by any activity; {advice}",
            output_id,
        )


def _near_misses(ctx: RuleContext, outputs: list[str]) -> dict[str, tuple[str, str]]:
    """For unproduced outputs: an activity's `produces` id that is unknown and closest to it."""
    from toc.suggest import Suggester

    known = ctx.model.by_id
    names = Suggester(outputs, noun="outputs")
    found: dict[str, tuple[str, str]] = {}
    for activity in ctx.model.activities:
        for link in activity.produces:
            if link.to in known:
                continue
            match = names.closest(link.to)
            if match is not None:
                found.setdefault(match, (activity.id, link.to))
    return found


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
    by default; the `strict` profile makes it, like every finding, an error.

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
