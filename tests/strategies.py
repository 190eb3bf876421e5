"""Hypothesis strategies that generate valid theories of change.

"Valid" means no finding of severity error: ids unique, every reference resolves, links follow the
results chain with no cycle, and every activity has a measurable KPI on one of its own outputs.
Models may declare their own outcome levels, lead to a vision statement, mark links
`contributes_to`, and have an output use an input directly.
Labels and free text are arbitrary Unicode, so round-trip tests exercise the writer's quoting.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import strategies as st

from toc.model import SLUG_PATTERN, TheoryOfChange

TERMS = ("short", "medium", "long")
MEASURABLE = ("unit", "percentage", "nominal", "ordinal")

# Short strings made of the characters of YAML numbers, times, specials and syntax: arbitrary
# Unicode almost never draws `-.5`, `0:0` or `.5e3`, which the writer once left unquoted.
_yaml_shaped = st.one_of(
    st.text("-+.0123456789eE_:xob ~#&*!|>'\"%@`,[]{}?\n\t", min_size=1, max_size=6),
    st.from_regex(r"[-+]?[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]+)?", fullmatch=True),
    st.floats().map(repr),
    st.integers().map(str),
    st.sampled_from(["no", "Yes", "ON", "null", "~", ".inf", "-.NaN", "0x1F", "0o17", "1_000"]),
)
# Any text a person might type, including quotes, YAML syntax, `no` and `0123`; never surrogates
# (they cannot be written as UTF-8). Only what the model refuses is filtered out: blank text.
text = st.one_of(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
    _yaml_shaped,
    st.tuples(_yaml_shaped, st.text(st.characters(codec="utf-8"), max_size=5)).map("".join),
).filter(lambda s: re.search(r"\S", s) is not None)
words = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
# Ids are slugs, and a slug can look like a number too: `1e3`, `0x1f`, `1_000`, `12`.
slugs = st.from_regex(SLUG_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 100)
numbers = st.one_of(
    st.integers(-1000, 100000),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.integers(-(10**4000) + 1, 10**4000 - 1),  # up to the most digits the reader reads back
)


@st.composite
def sources(draw: st.DrawFn) -> dict[str, Any]:
    source: dict[str, Any] = {}
    if draw(st.booleans()):
        source["document"] = draw(text)
    if draw(st.booleans()):
        source["text"] = draw(text)
    if draw(st.booleans()):
        source["page"] = draw(st.one_of(st.integers(1, 500), text))
    if draw(st.booleans()):
        source["url"] = "https://example.org/" + draw(words)
    if draw(st.booleans()):
        source["incomplete"] = True
    return source


@st.composite
def links(draw: st.DrawFn, target: str, assumptions: list[str], *, leads: bool = False) -> Any:
    """A link as written by hand: a bare id, or an object with some attributes.

    `leads`: a `leads_to` link, which may say it only contributes to its end.
    """
    if draw(st.booleans()):
        return target
    link: dict[str, Any] = {"to": target}
    if leads and draw(st.booleans()):
        link["relation"] = "contributes_to"
    if draw(st.booleans()):
        link["basis"] = draw(st.sampled_from(("stated", "inferred")))
    if draw(st.booleans()):
        link["evidence"] = {
            "strength": draw(st.sampled_from(("strong", "moderate", "weak", "none")))
        }
        if draw(st.booleans()):
            link["evidence"]["citation"] = draw(text)
    if draw(st.booleans()) and assumptions:
        link["assumptions"] = draw(
            st.lists(st.sampled_from(assumptions), min_size=1, max_size=2, unique=True)
        )
    if draw(st.booleans()):
        link["note"] = draw(text)
    return link


STATUSES = ("tbc", "n/a", "not-collected")


@st.composite
def periods(draw: st.DrawFn) -> dict[str, Any]:
    """When a value is for: nothing, a year, a date, a named period, or IATI's start and end."""
    period: dict[str, Any] = {}
    if draw(st.booleans()):
        period["year"] = draw(st.integers(1990, 2040))
    if draw(st.booleans()):
        period["date"] = draw(st.dates()).isoformat()
    if draw(st.booleans()):
        period["period"] = draw(st.sampled_from(("2025-Q2", "2025-26", "spring term")))
    if draw(st.booleans()):
        start, end = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
        period["start"], period["end"] = start.isoformat(), end.isoformat()
    return period


@st.composite
def kpi_values(draw: st.DrawFn, *, dated: bool = True) -> dict[str, Any]:
    """A baseline, target or actual: a number, words, or a status; maybe disaggregated."""
    value: dict[str, Any] = draw(periods()) if dated else {}
    kind = draw(st.sampled_from(("value", "value", "text", "both", "status")))
    if kind in ("value", "both"):
        value["value"] = draw(numbers)
    if kind in ("text", "both"):
        value["text"] = draw(text)
    if kind == "status":
        value["status"] = draw(st.sampled_from(STATUSES))
    if draw(st.booleans()):
        value["comment"] = draw(text)
    if draw(st.integers(0, 3)) == 0:
        value["dimensions"] = draw(st.dictionaries(text, text, min_size=1, max_size=2))
    return value


def _one_or_many(draw: st.DrawFn, values: list[dict[str, Any]]) -> Any:
    return values[0] if len(values) == 1 and draw(st.booleans()) else values


@st.composite
def kpis(draw: st.DrawFn, kpi_id: str, tags: list[str]) -> dict[str, Any]:
    kpi: dict[str, Any] = {
        "id": kpi_id,
        "label": draw(text),
        "measure": draw(st.sampled_from(MEASURABLE)),
    }
    if kpi["measure"] == "unit" or draw(st.booleans()):
        kpi["unit"] = draw(text)
    for flag in ("ascending", "cumulative", "aggregation_status"):
        if draw(st.booleans()):
            kpi[flag] = draw(st.booleans())
    if draw(st.booleans()):
        baselines = draw(st.lists(kpi_values(dated=False), min_size=1, max_size=2))
        for baseline in baselines:
            if draw(st.booleans()):
                baseline["year"] = draw(st.integers(1990, 2040))
            if draw(st.booleans()):
                baseline["date"] = draw(st.dates()).isoformat()
        kpi["baseline"] = _one_or_many(draw, baselines)
    if draw(st.booleans()):
        targets = draw(st.lists(kpi_values(), min_size=1, max_size=3))
        for target in targets:
            if draw(st.booleans()):
                target["comparator"] = draw(st.sampled_from((">", "<=", "<", "=")))
        kpi["target"] = _one_or_many(draw, targets)
    if draw(st.booleans()):
        kpi["actuals"] = draw(st.lists(kpi_values(), min_size=1, max_size=3))
    for key in ("data_source", "frequency", "owner"):
        if draw(st.booleans()):
            kpi[key] = draw(text)
    return _decorate(draw, kpi, tags)


def _decorate(draw: st.DrawFn, element: dict[str, Any], tags: list[str]) -> dict[str, Any]:
    if draw(st.booleans()):
        element["description"] = draw(text)
    if draw(st.booleans()):
        element["source"] = draw(sources())
    if draw(st.booleans()) and tags:
        picked = draw(st.lists(st.sampled_from(tags), min_size=1, max_size=2, unique=True))
        element["tags"] = [
            t if draw(st.booleans()) else {"ref": t, "basis": "inferred"} for t in picked
        ]
    return element


@st.composite
def outcome_levels(draw: st.DrawFn) -> list[Any]:
    """No `outcome_levels` (short, medium, long), or a model's own: ids, some with a label."""
    if draw(st.booleans()):
        return []
    ids = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    return [
        level_id if draw(st.booleans()) else {"id": level_id, "label": draw(text)}
        for level_id in ids
    ]


@st.composite
def model_data(draw: st.DrawFn) -> dict[str, Any]:
    """The YAML-shaped data of a valid model."""
    n = {
        "inputs": draw(st.integers(1, 3)),
        "activities": draw(st.integers(1, 4)),
        "outcomes": draw(st.integers(1, 4)),
        "impacts": draw(st.integers(1, 2)),
        "assumptions": draw(st.integers(0, 2)),
    }
    framework = {
        "id": "fw",
        "title": draw(text),
        "entries": [
            {"id": "a", "label": "A", "entries": [{"id": "b", "label": "B"}]},
            {"id": "c", "label": "C"},
        ],
    }
    tags = ["fw:a", "fw:a/b", "fw:c"]
    assumption_ids = [f"assumption-{i}" for i in range(n["assumptions"])]
    inputs = [
        _decorate(draw, {"id": f"input-{i}", "label": draw(text)}, tags) for i in range(n["inputs"])
    ]
    impacts = [
        _decorate(draw, {"id": f"impact-{i}", "label": draw(text)}, tags)
        for i in range(n["impacts"])
    ]
    impact_ids = [i["id"] for i in impacts]
    levels = draw(outcome_levels())
    order = [level if isinstance(level, str) else level["id"] for level in levels] or list(TERMS)
    terms = sorted(
        draw(st.lists(st.sampled_from(order), min_size=n["outcomes"], max_size=n["outcomes"])),
        key=order.index,
    )
    outcomes: list[dict[str, Any]] = [
        {"id": f"outcome-{i}", "label": draw(text), "term": term} for i, term in enumerate(terms)
    ]
    vision = draw(st.booleans())  # a statement the chain may lead to, beyond the impacts
    for index, outcome in enumerate(outcomes):  # outcomes lead only forward in time: no cycles
        forward = [o["id"] for o in outcomes[index + 1 :]]
        targets = [draw(st.sampled_from(impact_ids))]
        targets += (
            draw(st.lists(st.sampled_from(forward), max_size=2, unique=True)) if forward else []
        )
        if vision and draw(st.booleans()):
            targets.append("vision")
        outcome["leads_to"] = [draw(links(t, assumption_ids, leads=True)) for t in targets]
        _decorate(draw, outcome, tags)
    for impact in impacts:
        if vision and draw(st.booleans()):
            impact["leads_to"] = [draw(links("vision", assumption_ids, leads=True))]
    outcome_ids = [o["id"] for o in outcomes]
    activities: list[dict[str, Any]] = []
    outputs: list[dict[str, Any]] = []
    kpi_list: list[dict[str, Any]] = []
    for a in range(n["activities"]):
        produced = []
        for o in range(draw(st.integers(1, 2))):
            output_id, kpi_id = f"output-{a}-{o}", f"kpi-{a}-{o}"
            kpi_list.append(draw(kpis(kpi_id, tags)))
            goes_to = draw(
                st.lists(
                    st.sampled_from(outcome_ids + impact_ids), min_size=1, max_size=2, unique=True
                )
            )
            outputs.append(
                _decorate(
                    draw,
                    {
                        "id": output_id,
                        "label": draw(text),
                        "measured_by": [draw(links(kpi_id, assumption_ids))],
                        "leads_to": [draw(links(t, assumption_ids, leads=True)) for t in goes_to],
                        # input → output, as real models draw it (TOC207, info)
                        **(
                            {"uses": [draw(links(inputs[0]["id"], assumption_ids))]}
                            if draw(st.integers(0, 3)) == 0
                            else {}
                        ),
                    },
                    tags,
                )
            )
            produced.append(output_id)
        uses = draw(
            st.lists(
                st.sampled_from([i["id"] for i in inputs]), min_size=1, max_size=2, unique=True
            )
        )
        activities.append(
            _decorate(
                draw,
                {
                    "id": f"activity-{a}",
                    "label": draw(text),
                    "uses": [draw(links(u, assumption_ids)) for u in uses],
                    "produces": [draw(links(p, assumption_ids)) for p in produced],
                },
                tags,
            )
        )
    chain_ids = [e["id"] for e in (*inputs, *activities, *outputs, *outcomes, *impacts)]
    assumptions = [
        {
            "id": assumption_id,
            "label": draw(text),
            "applies_to": draw(st.lists(st.sampled_from(chain_ids), max_size=2, unique=True)),
        }
        for assumption_id in assumption_ids
    ]
    data: dict[str, Any] = {
        "toc": 1,
        "id": draw(slugs),
        "title": draw(text),
        "frameworks": [framework],
        "inputs": inputs,
        "activities": activities,
        "outputs": outputs,
        "kpis": kpi_list,
        "outcomes": outcomes,
        "impacts": impacts,
    }
    if assumptions:
        data["assumptions"] = assumptions
    if levels:
        data["outcome_levels"] = levels
    if vision or draw(st.booleans()):
        data["statements"] = [{"id": "vision", "kind": "vision", "label": draw(text)}]
    if draw(st.booleans()):
        data["barriers"] = [{"id": "barrier-0", "label": draw(text), "applies_to": [chain_ids[0]]}]
    return data


def models() -> st.SearchStrategy[TheoryOfChange]:
    """Valid models as pydantic objects."""
    return model_data().map(TheoryOfChange.model_validate)
