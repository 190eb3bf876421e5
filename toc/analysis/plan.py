"""An evaluation-plan skeleton in Markdown, written from a model and its evidence report.

The Home Office guidance asks an evaluation to turn gaps in evidence into evaluation questions,
to focus on short- and medium-term outcomes, and to build evaluation in from the start, with
baseline data. The plan does that groundwork: per outcome and impact, what is claimed and on what
basis, the evidence held, the data that would test it, and which KPIs need a baseline before
anything else; then the assumptions no KPI tests, the weakest links to test first, and the
guidance's own considerations as a checklist. It is a skeleton for a person to finish, not a plan.
"""

from __future__ import annotations

from collections.abc import Iterator

from toc.analysis.evidence import EvidenceReport, LinkEvidence, evidence
from toc.model import Baseline, FrameworkEntry, Impact, Kpi, Outcome, Target, TheoryOfChange

__all__ = ["CONSIDERATIONS", "evaluation_plan"]

CONSIDERATIONS = ("home-office-tip", ("evaluation",))
"""Where the Home Office's considerations for evaluating TIP are: framework id, entry path."""
_PRIORITY_TERMS = frozenset({"short", "medium"})


def evaluation_plan(model: TheoryOfChange, *, path_limit: int | None = 1000) -> str:
    """The evaluation-plan skeleton as GitHub-flavoured Markdown; every user string is escaped."""
    report = evidence(model, path_limit=path_limit)
    return "\n".join(_plan_lines(model, report)) + "\n"


def _plan_lines(model: TheoryOfChange, report: EvidenceReport) -> Iterator[str]:
    from toc.render.text import markdown_cell as m  # the one module that escapes for output

    yield f"# Evaluation plan: {m(model.title)}"
    yield ""
    yield (
        f"A skeleton written by `toc plan` from the theory of change {m(model.id)}: what each "
        "outcome and impact claims, the evidence held for it, the data that would test it, and "
        "the baselines to collect first. Fill in the evaluation questions, methods and timing."
    )
    no_baseline = {k.id for k in report.without_baseline}
    claims: list[Outcome | Impact] = [e for e in model.outcomes if model.by_id.get(e.id) is e]
    claims += [e for e in model.impacts if model.by_id.get(e.id) is e]
    yield ""
    yield "## Outcomes and impacts"
    if not claims:
        yield ""
        yield "The model names no outcome or impact: there is nothing to evaluate yet."
    incoming: dict[str, list[LinkEvidence]] = {}
    for link in report.links:
        incoming.setdefault(link.target, []).append(link)
    for element in claims:
        yield ""
        yield from _claim_lines(model, element, incoming.get(element.id, []), no_baseline)
    yield ""
    yield "## Weakest links to test first"
    yield ""
    yield (
        "Per activity, the link that is the weakest on the most of its pathways to impacts "
        "(weakest: lowest evidence strength, then basis; the earliest in the chain among equals)."
    )
    yield ""
    for a in report.activities:
        first = a.test_first
        if first is None:
            yield f"- [ ] {m(a.activity)}: reaches no impact; link it to an outcome or impact"
            continue
        shown = f"more than {len(a.pathways)}" if a.truncated else str(len(a.pathways))
        yield (
            f"- [ ] {m(a.activity)}: test {_link_words(first)}, the weakest on "
            f"{a.weakest_counts[0][1]} of {shown} pathways"
        )
    if not report.activities:
        yield "The model names no activity."
    yield ""
    yield "## Assumptions to test"
    yield ""
    untested = {u.id for u in report.untested}
    if not model.assumptions:
        yield "The model states no assumptions. Which conditions must hold for the links to work?"
    for assumption in model.assumptions:
        state = (
            "untested: no KPI measures what it bears on"
            if assumption.id in untested
            else ("a KPI measures something it bears on")
        )
        yield f"- [ ] {m(assumption.id)}: {m(assumption.label)} ({state})"
    yield ""
    yield "## KPIs that need a baseline first"
    yield ""
    if not report.without_baseline:
        yield "Every KPI has a baseline."
    for k in report.without_baseline:
        status = f" (baseline {m(k.status)})" if k.status else ""
        yield f"- [ ] {m(k.id)}: {m(k.label)}{status}"
    yield from _considerations(model)


def _claim_lines(
    model: TheoryOfChange,
    element: Outcome | Impact,
    links: list[LinkEvidence],
    no_baseline: set[str],
) -> Iterator[str]:
    from toc.render.text import markdown_cell as m

    element_id, label = element.id, element.label
    if isinstance(element, Outcome):
        kind = f"{element.term}-term outcome"
        priority = (
            " An evaluation priority: the Home Office advises focusing on short- and medium-term "
            "outcomes."
            if element.term in _PRIORITY_TERMS
            else ""
        )
    else:
        kind, priority = "impact", ""
    yield f"### {m(label)}"
    yield ""
    yield f"{m(element_id)}, {kind}.{priority}"
    yield ""
    yield "**Claimed.** " + (
        "Nothing in the model leads to it."
        if not links
        else "It follows from: "
        + "; ".join(f"{m(link.source)} ({m(link.relation)}; {link.backing})" for link in links)
        + "."
    )
    yield ""
    cited = [link for link in links if link.citation or link.url]
    if cited:
        held = "; ".join(_citation(link) for link in cited)
        yield f"**Evidence held.** {held}."
    else:
        yield "**Evidence held.** None cited for the links into it."
    yield ""
    own = model.graph.kpis_for(element_id)
    feeding = [k for k in model.graph.evidence_for(element_id) if k not in own]
    if own:
        yield "**Data that would test it.** The KPIs measuring it:"
    else:
        yield "**Data that would test it.** No KPI measures this: define one."
        if feeding:
            yield ""
            yield "KPIs upstream, which show whether what should lead to it happened:"
    kpis = [*own, *feeding]
    if kpis:
        yield ""
        yield "| KPI | measure | baseline | target | data source | frequency |"
        yield "| --- | --- | --- | --- | --- | --- |"
        for kpi in kpis:
            yield (
                f"| {m(kpi.id)}: {m(kpi.label)} | {_measure(kpi)} | "
                f"{_values(kpi.baselines)} | {_values(kpi.targets)} | "
                f"{m(kpi.data_source or '')} | {m(kpi.frequency or '')} |"
            )
    first = [kpi for kpi in kpis if kpi.id in no_baseline]
    if first:
        yield ""
        yield "**Baseline first.** " + ", ".join(m(kpi.id) for kpi in first) + "."


def _link_words(link: LinkEvidence) -> str:
    from toc.render.text import markdown_cell as m

    return f"{m(link.source)} → {m(link.target)} ({m(link.relation)}; {link.backing})"


def _citation(link: LinkEvidence) -> str:
    from toc.render.text import markdown_cell as m
    from toc.render.text import safe_url

    text = m(link.citation or "a source")
    url = safe_url(link.url)
    where = f" <{url}>" if url else ""
    return f"{m(link.source)}: {text}{where}"


def _measure(kpi: Kpi) -> str:
    from toc.render.text import markdown_cell as m

    if kpi.measure is None:
        return "not stated"
    return m(f"{kpi.measure} ({kpi.unit})" if kpi.unit else kpi.measure)


def _values(values: tuple[Baseline, ...] | tuple[Target, ...]) -> str:
    """Each baseline or target in a few words: `>= 90`, `120 (2024)`, `tbc`; `none` when none."""
    from toc.render.text import markdown_cell as m

    if not values:
        return "none"
    parts = []
    for v in values:
        said = v.value if v.value is not None else (v.text or v.status or "")
        comparator = f"{v.comparator} " if isinstance(v, Target) and v.value is not None else ""
        when: object = v.date or v.year
        if isinstance(v, Target):
            when = v.period or when
        parts.append(m(f"{comparator}{said}" + (f" ({when})" if when is not None else "")))
    return "; ".join(parts)


def _considerations(model: TheoryOfChange) -> Iterator[str]:
    """The Home Office's considerations for evaluating TIP, quoted, as a checklist."""
    from toc.frameworks import find_entry, frameworks
    from toc.render.text import markdown_cell as m

    framework_id, path = CONSIDERATIONS
    framework = frameworks(model).get(framework_id)
    group: FrameworkEntry | None = None if framework is None else find_entry(framework, path)
    if group is None:
        return
    yield ""
    yield f"## {m(group.label)}"
    yield ""
    document = framework.source.document if framework and framework.source else None
    yield "From " + (m(document) if document else m(framework_id)) + ":"
    yield ""
    for entry in group.entries:
        quote = entry.source.text if entry.source and entry.source.text else entry.description
        said = f": “{m(quote)}”" if quote else ""
        yield f"- [ ] **{m(entry.label)}**{said}"
