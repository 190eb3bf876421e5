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


PILLARS = (
    ("safe-homes", "Safe homes", ("housing", "domestic-abuse", "care-leavers")),
    ("healthy-starts", "Healthy starts", ("maternity", "early-years", "school-health")),
    ("learning-work", "Learning and work", ("skills", "employment", "inclusion")),
    ("connected", "Connected communities", ("volunteering", "transport", "digital")),
)
"""The board's four pillars, each with three sub-pillars (id, label, sub-pillar ids)."""


def board_yaml() -> str:
    """A 211-element theory-of-change board: four pillars of three sub-pillars, tagged by both.

    The shape of a real strategy board, not its words: each sub-pillar has 3 activities, 4
    outputs each with a KPI, 3 short- and medium-term outcomes and an assumption; each pillar
    has 2 long-term outcomes with a KPI each; 12 shared inputs and 3 impacts. Pillars and
    sub-pillars are the model's `groups:` (`--split-by groups`), and the same again as tags
    `board:PILLAR/SUB` of a framework `board` (`--split-by board`, `--group-by board`).
    """
    inputs = [f"input-{i}" for i in range(12)]
    impacts = ["impact-0", "impact-1", "impact-2"]
    parts: dict[str, list[str]] = {kind: [] for kind in ("activities", "outputs", "kpis")}
    parts.update({"outcomes": [], "assumptions": []})
    entries = ["frameworks:", "  - id: board", "    title: The board's pillars", "    entries:"]
    groups = ["groups:"]
    for p, (pillar, pillar_label, subs) in enumerate(PILLARS):
        entries += [f"      - id: {pillar}", f"        label: {pillar_label}", "        entries:"]
        groups += [f"  - id: {pillar}", f"    label: {pillar_label}", "    groups:"]
        longs = [f"{pillar}-long-{k}" for k in range(2)]
        for s, sub in enumerate(subs):
            name = sub.replace("-", " ")
            entries += [f"          - id: {sub}", f"            label: {name.capitalize()}"]
            groups += [f"      - id: {sub}", f"        label: {name.capitalize()}"]
            tag = f"board:{pillar}/{sub}"
            short = [f"{sub}-outcome-{k}" for k in range(3)]
            for a in range(3):
                mine = [f"{sub}-output-{o}" for o in range(4) if o % 3 == a or (a == 2 and o == 3)]
                parts["activities"] += [
                    f"  - id: {sub}-activity-{a}",
                    f"    label: Run the {name} service strand {a + 1} with partners",
                    f"    tags: [{tag}]",
                    f"    group: {sub}",
                    f"    uses: [{inputs[(p * 3 + s + a) % 12]}, {inputs[(p + a) % 12]}]",
                    f"    produces: [{', '.join(mine)}]",
                ]
            for o in range(4):
                parts["outputs"] += [
                    f"  - id: {sub}-output-{o}",
                    f"    label: Families reached by {name} offer {o + 1}",
                    f"    tags: [{tag}]",
                    f"    group: {sub}",
                    f"    measured_by: [{sub}-kpi-{o}]",
                    f"    leads_to: [{short[o % 3]}]",
                ]
                parts["kpis"] += [
                    f"  - id: {sub}-kpi-{o}",
                    f"    label: Number of families reached by {name} offer {o + 1}",
                    "    measure: unit",
                    f"    group: {sub}",
                ]
            for k, outcome in enumerate(short):
                parts["outcomes"] += [
                    f"  - id: {outcome}",
                    f"    label: Better {name} result {k + 1} for families",
                    f"    term: {'short' if k < 2 else 'medium'}",
                    f"    tags: [{tag}]",
                    f"    group: {sub}",
                    f"    leads_to: [{longs[k % 2]}]",
                ]
            parts["assumptions"] += [
                f"  - id: {sub}-assumption",
                f"    label: Partners in {name} keep their commitment",
                f"    group: {sub}",
                f"    applies_to: [{sub}-activity-0]",
            ]
        for k, outcome in enumerate(longs):
            parts["outcomes"] += [
                f"  - id: {outcome}",
                f"    label: {pillar_label} bring lasting change {k + 1} across the district",
                "    term: long",
                f"    tags: [board:{pillar}]",
                f"    group: {pillar}",
                f"    measured_by: [{outcome}-kpi]",
                f"    leads_to: [{impacts[(p + k) % 3]}]",
            ]
            parts["kpis"] += [
                f"  - id: {outcome}-kpi",
                f"    label: Share of residents reporting {pillar_label.lower()} change {k + 1}",
                "    measure: percentage",
                f"    group: {pillar}",
            ]
    lines = ["toc: 1", "id: board", "title: A district strategy board of 211 elements", *groups]
    lines.append("inputs:")
    for i, name in enumerate(inputs):
        lines += [f"  - id: {name}", f"    label: Shared resource {i + 1} of the partnership"]
    for kind in ("activities", "outputs", "kpis", "outcomes"):
        lines += [f"{kind}:", *parts[kind]]
    lines.append("impacts:")
    for i, name in enumerate(impacts):
        lines += [f"  - id: {name}", f"    label: A fairer, healthier district, aim {i + 1}"]
    lines += ["assumptions:", *parts["assumptions"], *entries]
    return "\n".join(lines) + "\n"
