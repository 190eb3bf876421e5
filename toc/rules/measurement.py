"""Measurement rules (3xx): every activity is evidenced by a measurable KPI, and KPIs are complete.

A KPI is *measurable* when it says what is counted (a unit, a percentage, or a defined nominal or
ordinal scale); it is *fully specified* when it also says against what baseline and target, from
which data source, and how often. Names follow the IATI 2.03 indicator model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from toc._messages import listed
from toc.findings import Severity
from toc.model import Activity, Baseline, Kpi, Target
from toc.rules.context import RuleContext
from toc.rules.registry import Hit, Rule, rule


def _stated(kpi: Kpi, values: Sequence[Baseline | Target]) -> bool:
    """A number, or for a qualitative KPI words: a status (`tbc`) or a comment is not a value."""
    return any(
        v.value is not None or (kpi.is_qualitative and v.text is not None) for v in values
    )


_GAPS: dict[str, tuple[Callable[[Kpi], bool], str]] = {
    "measure": (lambda k: k.is_measurable, "no measure"),
    "target": (lambda k: _stated(k, k.targets), "no target value"),
    "baseline": (lambda k: _stated(k, k.baselines), "no baseline value"),
    "data_source": (lambda k: k.data_source is not None, "no data source"),
    "frequency": (lambda k: k.frequency is not None, "no frequency"),
}


def kpi_gaps(kpi: Kpi, requires: frozenset[str]) -> list[str]:
    """What a KPI lacks of what is required of it, in plain words (empty when it qualifies)."""
    return [
        "a count with no unit" if name == "measure" and kpi.measure == "unit" else words
        for name, (has, words) in _GAPS.items()
        if name in requires and not has(kpi)
    ]


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
    for place, activity in enumerate(ctx.model.activities):
        if ctx.path_of(activity.id) != ("activities", place):
            continue
        checked, kpis = _candidate_kpis(ctx, activity)
        shortfalls = {kpi.id: kpi_gaps(kpi, requires) for kpi in kpis}
        if any(not gaps for gaps in shortfalls.values()):
            continue
        where = _checked_text(activity, checked)
        if not kpis:
            found = "no KPI is linked with `measured_by`"
        else:
            lacks = [f"`{kid}` has {', '.join(gaps)}" for kid, gaps in shortfalls.items()]
            found = listed(lacks, quote=False, sep="; ", what="KPIs that fall short")
        needs = " and ".join(_GAPS[r][1].removeprefix("no ") for r in _ordered(requires))
        yield Hit(
            ("activities", place),
            f"activity `{activity.id}` has no measurable KPI: checked {where}; {found}. Link a KPI "
            f"that states its {needs}",
            activity.id,
        )


def _ordered(requires: frozenset[str]) -> list[str]:
    return [name for name in _GAPS if name in requires]


def _candidate_kpis(ctx: RuleContext, activity: Activity) -> tuple[list[str], list[Kpi]]:
    """The elements checked for an activity, and the KPIs measuring any of them."""
    graph = ctx.graph
    outputs = [
        target
        for target in graph.nx.successors(activity.id)
        if graph.nx.edges[activity.id, target]["relation"] == "produces"
    ]
    checked = [activity.id, *outputs]
    if ctx.config.kpi_reach == "downstream":
        checked += sorted(graph.downstream(activity.id) - set(outputs))
    kpis: dict[str, Kpi] = {}
    for element_id in checked:
        for kpi in graph.kpis_for(element_id):
            kpis.setdefault(kpi.id, kpi)
    return checked, list(kpis.values())


def _checked_text(activity: Activity, checked: list[str]) -> str:
    others = [c for c in checked if c != activity.id]
    if not others:
        return "the activity itself (it produces no outputs)"
    return "the activity and " + listed(others)


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
        advice = "give the value once it is known"
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

    Without a measure there is nothing to count, so the KPI cannot show change.
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
