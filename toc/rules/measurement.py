"""Measurement rules (3xx): every activity is evidenced by a measurable KPI, and KPIs are complete.

A KPI is *measurable* when it says what is counted (a unit, a percentage, or a defined nominal or
ordinal scale); it is *fully specified* when it also says against what baseline and target, from
which data source, and how often. Names follow the IATI 2.03 indicator model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from toc._messages import LISTED_ITEMS, listed
from toc.findings import Severity
from toc.graph import lowest_bits
from toc.model import Activity, Baseline, Kpi, Target
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, Rule, rule


def _stated(kpi: Kpi, values: Sequence[Baseline | Target]) -> bool:
    """A number, or for a qualitative KPI words: a status (`tbc`) or a comment is not a value."""
    return any(v.value is not None or (kpi.is_qualitative and v.text is not None) for v in values)


_GAPS: dict[str, tuple[Callable[[Kpi], bool], str]] = {
    "measure": (lambda k: k.is_measurable, "no measure"),
    "target": (lambda k: _stated(k, k.targets), "no target value"),
    "baseline": (lambda k: _stated(k, k.baselines), "no baseline value"),
    "data_source": (lambda k: k.data_source is not None, "no data source"),
    "frequency": (lambda k: k.frequency is not None, "no frequency"),
}


def kpi_gaps(kpi: Kpi, requires: frozenset[str]) -> list[str]:
    """What a KPI lacks of what is required of it, in plain words (empty when it qualifies)."""
    return [_gap_words(kpi, name, words) for name, (has, words) in _GAPS.items()
            if name in requires and not has(kpi)]  # fmt: skip


def _gap_words(kpi: Kpi, name: str, words: str) -> str:
    """A gap as true of this KPI: a qualitative one has a measure, and owes words, not numbers."""
    if name == "measure" and kpi.measure == "unit":
        return "a count with no unit"
    if name == "measure" and kpi.is_qualitative:
        return "`measure: qualitative` (it describes; it counts nothing)"
    if name in ("target", "baseline") and kpi.is_qualitative:
        return f"no {name}"
    return words


@rule("TOC301", "activity-without-measurable-kpi", Severity.ERROR)
def activity_without_measurable_kpi(ctx: RuleContext) -> Iterator[Hit]:
    """An activity that neither it nor any output it produces links to a measurable KPI.

    This is the question an evaluator asks first: for each thing the programme does, how will we
    know it happened and worked? An activity passes when it, or an output it `produces`, is
    `measured_by` a KPI that states its measure (a count or unit, a percentage, or a defined
    scale). Configuration can demand more of the KPI (`kpi_requires`: target, baseline,
    data_source, frequency) or accept KPIs further downstream (`kpi_reach: downstream`). The
    message names the activity, the outputs checked, and what each KPI found lacks (the first ten
    of each, and how many more).

    Its two settings, on the command line of `toc validate` and `toc render --with-findings`:

    - `--require FIELDS`: what a KPI must state besides its measure to count, comma-separated,
      any of `target`, `baseline`, `data_source`, `frequency` (repeatable; default: nothing
      more). `--require target,baseline` fails an activity whose only KPI has no baseline.
    - `--kpi-reach direct|downstream`: where the KPI may sit. `direct` (the default): on the
      activity or an output it `produces`. `downstream`: also on any outcome or impact its
      chain leads to.

    In Python the same settings are `kpi_requires` and `kpi_reach` of `toc.Config`:

    ```python
    bradford = toc.load("bradford")
    strict = toc.Config.build(kpi_requires=["target", "baseline"], kpi_reach="downstream")
    assert bradford.validate().codes().count("TOC301") == 0  # every activity has a measured KPI
    assert bradford.validate(strict).codes().count("TOC301") == 4  # none has a baseline
    ```

    Fails:
    ```yaml
    toc: 1
    id: unmeasured
    title: Training with no measurable KPI
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        measured_by: [feedback]
    kpis:
      - id: feedback
        label: Feedback from participants
    ```

    Passes:
    ```yaml
    toc: 1
    id: measured
    title: Training with a measurable KPI
    activities:
      - id: train
        label: Train practitioners
        produces: [trained]
    outputs:
      - id: trained
        label: Trained workforce
        measured_by: [feedback]
    kpis:
      - id: feedback
        label: 90% of participants rate the training good or very good
        measure: percentage
        target: {value: 90, comparator: ">="}
    ```
    """
    requires = ctx.config.kpi_requires
    falling_short = _falling_short(ctx, requires)
    needs = " and ".join(_GAPS[r][1].removeprefix("no ") for r in _ordered(requires))
    for place, activity in enumerate(ctx.model.activities):
        if ctx.path_of(activity.id) != ("activities", place) or activity.id not in falling_short:
            continue
        where, found = falling_short[activity.id]
        yield Hit(
            ("activities", place),
            f"activity `{activity.id}` has no measurable KPI: checked {where}; {found}. Link a KPI "
            f"that states its {needs}",
            activity.id,
        )


def _ordered(requires: frozenset[str]) -> list[str]:
    return [name for name in _GAPS if name in requires]


def _falling_short(ctx: RuleContext, requires: frozenset[str]) -> dict[str, tuple[str, str]]:
    """For each activity no qualifying KPI evidences: what was checked, and what was found."""
    activities = [
        activity
        for place, activity in enumerate(ctx.model.activities)
        if ctx.path_of(activity.id) == ("activities", place)
    ]
    if ctx.config.kpi_reach == "downstream":
        return _falling_short_downstream(ctx, requires, activities)
    falling_short: dict[str, tuple[str, str]] = {}
    for activity in activities:
        checked, kpis = _candidate_kpis(ctx, activity)
        shortfalls = {kpi.id: kpi_gaps(kpi, requires) for kpi in kpis}
        if any(not gaps for gaps in shortfalls.values()):
            continue
        others = [c for c in checked if c != activity.id]
        lacks = [f"`{kid}` has {', '.join(gaps)}" for kid, gaps in shortfalls.items()]
        falling_short[activity.id] = (
            _checked_text(others, len(others)),
            _found_text(lacks, len(lacks)),
        )
    return falling_short


def _candidate_kpis(ctx: RuleContext, activity: Activity) -> tuple[list[str], list[Kpi]]:
    """The elements checked for an activity (itself, its outputs), and the KPIs measuring them."""
    checked = [activity.id, *_outputs(ctx, activity.id)]
    kpis: dict[str, Kpi] = {}
    for element_id in checked:
        for kpi in ctx.graph.kpis_for(element_id):
            kpis.setdefault(kpi.id, kpi)
    return checked, list(kpis.values())


def _outputs(ctx: RuleContext, activity_id: str) -> list[str]:
    return ctx.graph.successors(activity_id, "produces")


def _falling_short_downstream(
    ctx: RuleContext, requires: frozenset[str], activities: list[Activity]
) -> dict[str, tuple[str, str]]:
    """As `_falling_short` with `kpi_reach: downstream`, in time linear in the graph.

    The elements checked for an activity are itself, its outputs, then everything downstream in
    sorted id order; the KPIs are listed in the order they are first found there. Walking
    downstream of each activity was quadratic (12 s for 2,000 activities feeding one chain).
    Here: an activity passes when a qualifying KPI is measured anywhere downstream, one
    backwards pass from the elements such KPIs measure; for those that fail, the elements and
    KPIs below each are bitsets (bit i = the i-th id below them in sorted order; the i-th KPI
    met), folded in one pass (`TocGraph.fold_downstream`). A message names the first ten of
    each and counts the rest, so only the lowest set bits are read.
    """
    graph = ctx.graph
    kpis_of = {node: graph.kpis_for(node) for node in graph.element_ids}
    kpis = [kpi for kpi in graph.of_kind("kpi") if isinstance(kpi, Kpi)]
    qualifying = {kpi.id for kpi in kpis if not kpi_gaps(kpi, requires)}
    evidenced = graph.leading_to(
        [node for node, kpis in kpis_of.items() if any(k.id in qualifying for k in kpis)]
    )
    failing = [activity.id for activity in activities if activity.id not in evidenced]
    order = sorted(graph.reachable_from(failing))
    node_bit = {node: 1 << index for index, node in enumerate(order)}
    kpi_index: dict[str, int] = {}
    kpi_bits: dict[str, int] = {}
    measured = 0
    for node in order:
        for kpi in kpis_of[node]:
            index = kpi_index.setdefault(kpi.id, len(kpi_index))
            kpi_bits[node] = kpi_bits.get(node, 0) | 1 << index
        if kpis_of[node]:
            measured |= node_bit[node]
    kpi_count = graph.fold_downstream(
        failing, kpi_bits, lambda start, below: (below | kpi_bits.get(start, 0)).bit_count()
    )

    def shortfall(activity_id: str, below: int) -> tuple[str, str]:
        outputs = _outputs(ctx, activity_id)
        listed_outputs = [o for o in outputs if o != activity_id]
        rest = below
        for output in outputs:
            rest &= ~node_bit[output]
        first = listed_outputs[:LISTED_ITEMS] + [
            order[i] for i in lowest_bits(rest, LISTED_ITEMS - len(listed_outputs))
        ]
        where = _checked_text(first, len(listed_outputs) + rest.bit_count())
        total = kpi_count[activity_id]
        wanted = min(total, LISTED_ITEMS)
        seen: dict[str, Kpi] = {}
        for node in [activity_id, *outputs]:
            for kpi in kpis_of[node]:
                seen.setdefault(kpi.id, kpi)
            if len(seen) >= wanted:
                break
        unread = rest & measured
        while len(seen) < wanted and unread:
            low = unread & -unread
            unread ^= low
            for kpi in kpis_of[order[low.bit_length() - 1]]:
                seen.setdefault(kpi.id, kpi)
        lacks = [f"`{kid}` has {', '.join(kpi_gaps(kpi, requires))}" for kid, kpi in seen.items()]
        return where, _found_text(lacks[:LISTED_ITEMS], total)

    return graph.fold_downstream(failing, node_bit, shortfall)


def _checked_text(others: list[str], total: int) -> str:
    """The elements checked besides the activity, the first of `total` given in `others`."""
    if not total:
        return "the activity itself (it produces no outputs)"
    return "the activity and " + listed(others, total=total)


def _found_text(lacks: list[str], total: int) -> str:
    """What each KPI found lacks, the first of `total` KPIs given in `lacks`."""
    if not total:
        return "no KPI is linked with `measured_by`"
    return listed(lacks, quote=False, sep="; ", what="KPIs that fall short", total=total)


def _kpi_rule(requirement: str, code: str, name: str, severity: Severity, doc: str) -> Rule:
    """One rule per missing KPI field, so an evaluator can select exactly what matters to them."""
    has, words = _GAPS[requirement]
    advice = {
        "measure": "add `measure: unit` (with `unit:`), `percentage`, `nominal` or `ordinal`",
        "target": 'add `target: {value: ..., comparator: ">="}`',
        "baseline": "add `baseline: {value: ..., year: ...}`",
        "data_source": "add `data_source:` (the means of verification)",
        "frequency": "add `frequency:` (how often it is collected, e.g. quarterly)",
    }[requirement]

    def check(ctx: RuleContext) -> Iterator[Hit]:
        for place, kpi in enumerate(ctx.model.kpis):
            if has(kpi):
                continue
            if requirement == "measure" and kpi.measure == "unit":
                yield Hit(
                    ("kpis", place, "measure"),
                    f"KPI `{kpi.id}` counts units but does not say what is counted; add `unit:`",
                    kpi.id,
                )
            elif requirement == "measure" and kpi.is_qualitative:
                yield Hit(
                    ("kpis", place, "measure"),
                    f"KPI `{kpi.id}` is qualitative: it describes change in words but counts "
                    "nothing, so it cannot show how much changed; if it can be counted or "
                    "scored, say how: `measure: unit` (with `unit:`), `percentage`, or a defined "
                    "scale (`nominal`, `ordinal`)",
                    kpi.id,
                )
            elif requirement in ("target", "baseline"):
                yield Hit(*_no_value(kpi, place, requirement))
            else:
                yield Hit(("kpis", place), f"KPI `{kpi.id}` has {words}; {advice}", kpi.id)

    check.__doc__ = doc
    return rule(code, name, severity)(check)


_STATUS_WORDS = {
    "tbc": "to be confirmed",
    "n/a": "not applicable",
    "not-collected": "not collected",
}


def _no_value(kpi: Kpi, place: int, field: str) -> tuple[tuple[str | int, ...], str, str]:
    """Where and what to say about a KPI with no target (or baseline) value.

    A qualitative KPI is asked for words, never a number; values written but not yet known
    (`status: tbc`) are named, so the finding reports them as such rather than as missing.
    """
    values: Sequence[Baseline | Target] = kpi.targets if field == "target" else kpi.baselines
    if kpi.is_qualitative:
        what = f"no {field}"
        advice = f"add `{field}: {{text: ...}}` saying in words what should be seen"
    else:
        what = f"no {field} value"
        advice = (
            'add `target: {value: ..., comparator: ">="}`'
            if field == "target"
            else "add `baseline: {value: ..., year: ...}`"
        )
    statuses = sorted({v.status for v in values if v.status is not None})
    if statuses:
        said = " and ".join(f"`{s}` ({_STATUS_WORDS[s]})" for s in statuses)
        what += f": the {field} is {said}"
        advice = (
            "say it in words (`text:`) once it is known"
            if kpi.is_qualitative
            else "give the value once it is known"
        )
    elif values and kpi.is_qualitative:
        what += f" in words: the {field} written has no `text`"
    elif values and not kpi.is_qualitative and any(v.text is not None for v in values):
        what += f": the {field} is only in words (`text`)"
        advice = "add the number as `value:`, or make the KPI `measure: qualitative`"
    path: tuple[str | int, ...] = ("kpis", place, field) if values else ("kpis", place)
    return path, f"KPI `{kpi.id}` has {what}; {advice}", kpi.id


_KPI_SNIPPET = """
    Fails:
    ```yaml
    toc: 1
    id: kpi
    title: An incomplete KPI
    kpis:
      - id: trained-staff
        label: Number of staff trained
        {fails}
    ```

    Passes:
    ```yaml
    toc: 1
    id: kpi
    title: A complete KPI
    kpis:
      - id: trained-staff
        label: Number of staff trained
        measure: unit
        unit: staff trained
        baseline: {{value: 120, year: 2024}}
        target: {{value: 400, comparator: ">=", year: 2027}}
        data_source: training register
        frequency: quarterly
    ```
"""

KPI_NO_MEASURE = _kpi_rule(
    "measure",
    "TOC302",
    "kpi-no-measure",
    Severity.WARNING,
    """A KPI that does not say what it measures: no `measure`, `qualitative`, or a unit count
    without `unit`.

    Without a measure there is nothing to count, so the KPI cannot show change. A qualitative KPI
    is told so (it describes rather than counts), and asked whether it can be counted or scored.
    """
    + _KPI_SNIPPET.format(fails="frequency: quarterly"),
)
KPI_NO_TARGET = _kpi_rule(
    "target",
    "TOC303",
    "kpi-no-target",
    Severity.WARNING,
    """A KPI without a target value (for a qualitative KPI: without a target in words).

    Without a target nobody can say whether the result is good enough. A target whose value is
    not yet known (`status: tbc`) is reported as such; a qualitative KPI is asked for a target in
    words (`target: {text: ...}`), never for a number. With several targets (milestones), one
    with a value is enough.
    """
    + _KPI_SNIPPET.format(fails="measure: unit"),
)
KPI_NO_BASELINE = _kpi_rule(
    "baseline",
    "TOC304",
    "kpi-no-baseline",
    Severity.WARNING,
    """A KPI without a baseline value (for a qualitative KPI: without a baseline in words).

    Without a baseline a change cannot be told from where things already were. As for targets,
    a baseline not yet known (`status: tbc`) is reported as such, and a qualitative KPI is asked
    for words (`baseline: {text: ...}`).
    """
    + _KPI_SNIPPET.format(fails="measure: unit"),
)
KPI_NO_DATA_SOURCE = _kpi_rule(
    "data_source",
    "TOC305",
    "kpi-no-data-source",
    Severity.WARNING,
    """A KPI that does not say where its data comes from (its means of verification).

    A KPI nobody has the data for is not collected.
    """
    + _KPI_SNIPPET.format(fails="measure: unit"),
)
KPI_NO_FREQUENCY = _kpi_rule(
    "frequency",
    "TOC306",
    "kpi-no-frequency",
    Severity.INFO,
    """A KPI that does not say how often it is collected.

    Reporting cycles and evaluation points (the Home Office advises measuring outcomes at least
    six months after training) depend on it.
    """
    + _KPI_SNIPPET.format(fails="measure: unit"),
)


@rule("TOC307", "result-without-kpi", Severity.WARNING)
def result_without_kpi(ctx: RuleContext) -> Iterator[Hit]:
    """An outcome or impact that no KPI measures.

    Outcomes are what the programme is judged on. Without an indicator, achievement can only be
    asserted. (Impacts are often measured by population data the programme does not own: name it.)

    Fails:
    ```yaml
    toc: 1
    id: unmeasured-outcome
    title: An outcome with no KPI
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
    ```

    Passes:
    ```yaml
    toc: 1
    id: measured-outcome
    title: An outcome with a KPI
    outcomes:
      - id: resilience
        label: Resilience in the workforce
        term: short
        measured_by: [resilience-score]
    kpis:
      - id: resilience-score
        label: Mean staff resilience score (BRS, 1 to 5)
        measure: ordinal
    ```
    """
    for field in ("outcomes", "impacts"):
        elements = getattr(ctx.model, field)
        for place, element in enumerate(elements):
            if ctx.path_of(element.id) == (field, place) and not ctx.graph.kpis_for(element.id):
                yield Hit(
                    (field, place),
                    f"{element.kind} `{element.id}` has no KPI; add `measured_by:` with an "
                    "indicator that would show it happening",
                    element.id,
                )
