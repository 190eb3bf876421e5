"""Generate a large, realistic theory of change as YAML text, for the benchmarks.

Realistic means every kind and every link type in proportions like a real logic model: each
activity uses inputs and produces outputs, outputs are measured by fully specified KPIs and lead to
outcomes, outcomes lead forward in time to impacts, and context factors apply to elements. The
model is valid (no errors), so the benchmark measures the whole validator, not an early exit.
With `tagged=True` the model also defines its own outcome bank (a framework of themes and results)
and tags every output with a theme and every outcome with a result, as a model tagging against a
large local framework would.
"""

from __future__ import annotations

import random

SHARES = {
    "inputs": 0.05,
    "activities": 0.15,
    "outputs": 0.20,
    "kpis": 0.25,
    "outcomes": 0.25,
    "impacts": 0.05,
    "assumptions": 0.05,
}
TERMS = ("short", "medium", "long")
RESULTS_PER_THEME = 10


def model_yaml(elements: int, seed: int = 0, *, tagged: bool = False) -> str:
    """YAML text of a valid model with about `elements` elements (and tags, if `tagged`)."""
    rng = random.Random(seed)
    n = {kind: max(1, round(elements * share)) for kind, share in SHARES.items()}
    inputs = [f"input-{i}" for i in range(n["inputs"])]
    impacts = [f"impact-{i}" for i in range(n["impacts"])]
    outcomes = [(f"outcome-{i}", TERMS[i * 3 // n["outcomes"]]) for i in range(n["outcomes"])]
    outputs = [f"output-{i}" for i in range(n["outputs"])]
    kpis = [f"kpi-{i}" for i in range(n["kpis"])]
    lines = [
        "# yaml-language-server: $schema=../schemas/toc.schema.json",
        "toc: 1",
        f"id: generated-{elements}",
        f"title: Generated model of {elements} elements",
        "inputs:",
    ]
    for name in inputs:
        lines += [f"  - id: {name}", f"    label: Resource {name} for the programme"]
    lines.append("activities:")
    per_activity = len(outputs) / n["activities"]
    for a in range(n["activities"]):
        mine = outputs[int(a * per_activity) : int((a + 1) * per_activity)] or [outputs[-1]]
        lines += [
            f"  - id: activity-{a}",
            f"    label: Deliver workstream {a} across the district",
            f"    uses: [{', '.join(rng.sample(inputs, min(2, len(inputs))))}]",
            f"    produces: [{', '.join(mine)}]",
        ]
    lines.append("outputs:")
    for index, name in enumerate(outputs):
        targets = rng.sample([o for o, t in outcomes if t == "short"] or impacts, 1)
        lines += [
            f"  - id: {name}",
            f"    label: Output {index} delivered to the people who need it",
            *([f"    tags: [{_theme(index % len(outcomes))}]"] if tagged else []),
            f"    measured_by: [{kpis[index % len(kpis)]}]",
            "    leads_to:",
            f"      - to: {targets[0]}",
            "        basis: inferred",
            "        evidence: {strength: moderate, citation: Programme evaluation 2024}",
        ]
    lines.append("kpis:")
    for index, name in enumerate(kpis):
        lines += [
            f"  - id: {name}",
            f"    label: Percentage of participants reporting change {index}",
            "    measure: percentage",
            "    ascending: true",
            "    baseline: {value: 40, year: 2024}",
            '    target: {value: 80, comparator: ">=", year: 2027}',
            "    data_source: post-course survey",
            "    frequency: quarterly",
        ]
    lines.append("outcomes:")
    for index, (name, term) in enumerate(outcomes):
        later = [o for o, t in outcomes[index + 1 :] if TERMS.index(t) > TERMS.index(term)]
        goes_to = [rng.choice(impacts)] + ([rng.choice(later)] if later else [])
        lines += [
            f"  - id: {name}",
            f"    label: Outcome {index} for children and families",
            f"    term: {term}",
            *([f"    tags: [{_theme(index)}/result-{index}]"] if tagged else []),
            f"    leads_to: [{', '.join(goes_to)}]",
            f"    measured_by: [{kpis[(index * 7) % len(kpis)]}]",
        ]
    lines.append("impacts:")
    for name in impacts:
        lines += [f"  - id: {name}", f"    label: Lasting change {name}"]
    lines.append("assumptions:")
    for a in range(n["assumptions"]):
        lines += [
            f"  - id: assumption-{a}",
            f"    label: Partners keep their commitment {a}",
            f"    applies_to: [{rng.choice(outputs)}]",
        ]
    if tagged:
        lines += _framework(len(outcomes))
    return "\n".join(lines) + "\n"


def _theme(outcome: int) -> str:
    return f"programme:theme-{outcome // RESULTS_PER_THEME}"


def _framework(results: int) -> list[str]:
    """A framework `programme` with one result entry per outcome, grouped ten to a theme."""
    lines = [
        "frameworks:",
        "  - id: programme",
        "    title: The programme's own outcome bank",
        "    entries:",
    ]
    for theme in range(0, results, RESULTS_PER_THEME):
        lines += [
            f"      - id: theme-{theme // RESULTS_PER_THEME}",
            f"        label: Theme {theme // RESULTS_PER_THEME} of the programme",
            "        entries:",
        ]
        for result in range(theme, min(theme + RESULTS_PER_THEME, results)):
            lines += [f"          - id: result-{result}", f"            label: Result {result}"]
    return lines


def element_count(elements: int) -> int:
    """How many elements `model_yaml(elements)` really writes (rounding per kind)."""
    return sum(max(1, round(elements * share)) for share in SHARES.values())


def feeding_chain(count: int, *, measured: bool) -> str:
    """`count` activities, each producing its own output, all feeding one chain of `count` outcomes.

    No impact, so TOC204 names the chain's end for every activity; with `measured`, each outcome
    has its own KPI, none of which says what it measures (TOC301 with `kpi_reach: downstream`).
    The shape that made those rules quadratic: used by benchmarks/hostile_chains.py and
    tests/test_rules_scale.py.
    """
    lines = ["toc: 1", "id: feeding", "title: Many activities feeding one chain", "activities:"]
    for i in range(count):
        lines += [f"  - id: activity-{i}", f"    label: Activity {i}"]
        lines.append(f"    produces: [output-{i}]")
    lines.append("outputs:")
    for i in range(count):
        lines += [f"  - id: output-{i}", f"    label: Output {i}", "    leads_to: [outcome-0]"]
    lines.append("outcomes:")
    for j in range(count):
        lines += [f"  - id: outcome-{j}", f"    label: Outcome {j}", "    term: short"]
        if j + 1 < count:
            lines.append(f"    leads_to: [outcome-{j + 1}]")
        if measured:
            lines.append(f"    measured_by: [kpi-{j}]")
    if measured:
        lines.append("kpis:")
        for j in range(count):
            lines += [f"  - id: kpi-{j}", f"    label: KPI {j}"]
    return "\n".join(lines) + "\n"
