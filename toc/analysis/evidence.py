"""How well each causal link is backed, and where a contribution analysis should look first.

The Home Office guidance on evaluating trauma-informed practice: "where you identify gaps in
evidence or it is weakest, this can be used to generate your evaluation questions". This module
finds those gaps in a model.

**The ranking of a link.** Each causal link (`uses`, `produces`, `leads_to`) gets the rank
`(strength, basis)`, compared strength first:

- strength, from its `evidence`: strong (4) > moderate (3) > weak (2) > none (1) > not stated (0).
  `none` is a judgement someone wrote down (they looked, and found no evidence); a link with no
  `evidence` at all has not even been looked at, so it ranks below.
- basis, breaking ties: stated (2, the source document says so) > inferred (1, the modeller's
  reading) > not said (0).

Strength comes first because it says what research shows about the link; basis only says who
made the claim, and a link the source states is still a claim. So a stated link with weak evidence
ranks below an inferred link with moderate evidence, and a link with neither evidence nor basis is
the weakest of all, rank `(0, 0)`. Links of equal rank keep the order they are written in.

**Pathways and their weakest link.** A pathway is a simple causal path from an activity to an
impact (`TocGraph.paths_to_impacts`, enumerated lazily up to `path_limit` paths per activity:
a ladder of 30 diamonds has 2^30). Its weakest link is the link of lowest rank on it; between
links of equal rank, the earliest in the chain, nearest the activity, because when an early step
fails the later ones are never reached, so a contribution analysis tests the chain from its start.
Per activity, the link that is the weakest on the most pathways is the one to test first (ties:
the lower rank, then the one met first).

**Untested assumptions.** An assumption bears on the elements in its `applies_to` and on the
effect (the target) of every causal link that lists it in `assumptions:`, since data on the
effect is what shows whether the link held. It is *tested* when at least one KPI directly
measures (`measured_by`) one of those elements, or one of them is a KPI; otherwise it is
*untested*: no data the model plans to collect could show it false. An assumption that bears on
nothing is untested.

**KPIs without a baseline** are those TOC304 reports: no baseline value (for a qualitative KPI, no
baseline in words); a baseline written as `status: tbc` still counts as missing.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from toc.findings import printable
from toc.graph import CAUSAL, edge
from toc.model import Kpi, Link, TheoryOfChange

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BASIS_RANK",
    "CSV_COLUMNS",
    "STRENGTH_RANK",
    "ActivityPathways",
    "EvidenceReport",
    "KpiWithoutBaseline",
    "LinkEvidence",
    "Pathway",
    "UntestedAssumption",
    "evidence",
    "link_rank",
]

STRENGTH_RANK: dict[str | None, int] = {
    "strong": 4,
    "moderate": 3,
    "weak": 2,
    "none": 1,
    None: 0,
}
"""A link's evidence strength as a number; None is a link with no `evidence` written."""
BASIS_RANK: dict[str | None, int] = {"stated": 2, "inferred": 1, None: 0}
"""A link's basis as a number; None is a link that does not say."""
CSV_COLUMNS: tuple[str, ...] = (
    "rank",
    "source",
    "target",
    "relation",
    "strength",
    "basis",
    "citation",
    "url",
    "assumptions",
    "weakest_on",
    "note",
)
"""The columns of `EvidenceReport.to_dicts()`, the CSV and the DataFrame: one row per link."""


def link_rank(link: Link) -> tuple[int, int]:
    """`(strength, basis)` as numbers: compare tuples, lower is weaker (see the module doc)."""
    strength = link.evidence.strength if link.evidence is not None else None
    return STRENGTH_RANK[strength], BASIS_RANK[link.basis]


@dataclass(frozen=True, slots=True)
class LinkEvidence:
    """One causal link, pointed along the results chain, with what backs it."""

    source: str
    target: str
    relation: str
    """`uses`, `produces`, `leads_to` or `contributes_to` (a `leads_to` link that says it is one
    contribution of several); for `uses` the source is the input."""
    basis: str | None
    strength: str | None
    """`strong`, `moderate`, `weak`, `none`, or None when the link states no evidence."""
    citation: str | None
    url: str | None
    assumptions: tuple[str, ...]
    note: str | None

    @property
    def rank(self) -> tuple[int, int]:
        """`(strength, basis)` as numbers; lower is weaker."""
        return STRENGTH_RANK[self.strength], BASIS_RANK[self.basis]

    @property
    def backing(self) -> str:
        """`evidence moderate, basis stated` in words; `not stated` / `not said` where missing."""
        return f"evidence {self.strength or 'not stated'}, basis {self.basis or 'not said'}"

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


@dataclass(frozen=True, slots=True)
class Pathway:
    """A simple causal path from an activity to an impact, with its weakest link."""

    elements: tuple[str, ...]
    weakest: LinkEvidence
    """The link of lowest rank on the path; the earliest in the chain among equals."""


@dataclass(frozen=True, slots=True)
class ActivityPathways:
    """One activity's pathways to impacts and the link to test first."""

    activity: str
    label: str
    pathways: tuple[Pathway, ...]
    truncated: bool
    """True when the activity has more than `path_limit` pathways: only the first are here."""
    weakest_counts: tuple[tuple[LinkEvidence, int], ...]
    """Each link that is the weakest on some pathway, with on how many; the most first."""

    @property
    def test_first(self) -> LinkEvidence | None:
        """The link weakest on the most pathways (None when the activity reaches no impact)."""
        return self.weakest_counts[0][0] if self.weakest_counts else None


@dataclass(frozen=True, slots=True)
class UntestedAssumption:
    """An assumption no KPI bears on: nothing the model measures could show it false."""

    id: str
    label: str
    bears_on: tuple[str, ...]
    """The elements it applies to and the effects of the links resting on it, in that order."""


@dataclass(frozen=True, slots=True)
class KpiWithoutBaseline:
    """A KPI with no baseline value, and what it measures."""

    id: str
    label: str
    measures: tuple[str, ...]
    status: str | None
    """`tbc`, `n/a` or `not-collected` when a baseline is written without a value."""


@dataclass(frozen=True, slots=True)
class EvidenceReport:
    """Every causal link ranked, pathways with their weakest links, and the gaps to fill first."""

    model_id: str
    links: tuple[LinkEvidence, ...]
    """Every causal link, weakest first; equal ranks in the order written."""
    activities: tuple[ActivityPathways, ...]
    untested: tuple[UntestedAssumption, ...]
    without_baseline: tuple[KpiWithoutBaseline, ...]
    path_limit: int | None
    assumptions: int
    """How many assumptions the model states, tested or not."""

    @property
    def truncated(self) -> bool:
        """True when some activity had more pathways than `path_limit`."""
        return any(a.truncated for a in self.activities)

    def weakest_on(self, link: LinkEvidence) -> int:
        """On how many pathways (of all activities, as enumerated) `link` is the weakest."""
        return sum(n for a in self.activities for found, n in a.weakest_counts if found == link)

    def to_dicts(self) -> list[dict[str, Any]]:
        """One row per link, weakest first, with the columns of `CSV_COLUMNS`."""
        counts: Counter[LinkEvidence] = Counter()
        for activity in self.activities:
            for found, n in activity.weakest_counts:
                counts[found] += n
        return [
            {
                "rank": position,
                "source": link.source,
                "target": link.target,
                "relation": link.relation,
                "strength": link.strength,
                "basis": link.basis,
                "citation": link.citation,
                "url": link.url,
                "assumptions": list(link.assumptions),
                "weakest_on": counts[link],
                "note": link.note,
            }
            for position, link in enumerate(self.links, start=1)
        ]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as plain JSON-ready values."""
        return {
            "model": self.model_id,
            "path_limit": self.path_limit,
            "truncated": self.truncated,
            "links": self.to_dicts(),
            "activities": [
                {
                    "activity": a.activity,
                    "label": a.label,
                    "pathways": len(a.pathways),
                    "truncated": a.truncated,
                    "test_first": None if a.test_first is None else _link_dict(a.test_first),
                    "weakest": [
                        {**_link_dict(link), "pathways": n} for link, n in a.weakest_counts
                    ],
                    "paths": [
                        {"elements": list(p.elements), "weakest": _link_dict(p.weakest)}
                        for p in a.pathways
                    ],
                }
                for a in self.activities
            ],
            "untested_assumptions": [
                {"id": u.id, "label": u.label, "bears_on": list(u.bears_on)} for u in self.untested
            ],
            "kpis_without_baseline": [
                {"id": k.id, "label": k.label, "measures": list(k.measures), "status": k.status}
                for k in self.without_baseline
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        r"""`to_dict()` as JSON, every character outside ASCII as a `\u` escape.

        A terminal printing it then never meets a raw escape sequence or a bidirectional mark.
        """
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=True)

    def to_text(self) -> str:
        """A report for a terminal; user text escaped with `printable`."""
        return "\n".join(_text_lines(self)) + "\n"

    def to_markdown(self) -> str:
        """The report as GitHub-flavoured Markdown; every user string is escaped."""
        return "\n".join(_markdown_lines(self)) + "\n"

    def to_csv(self) -> str:
        """`to_dicts()` as CSV; text escaped as on a terminal, formula-like text made inert."""
        from toc.analysis._csv import csv_text

        return csv_text(self.to_dicts(), CSV_COLUMNS)

    def to_frame(self) -> pd.DataFrame:
        """`to_dicts()` as a pandas DataFrame, one row per link (needs the `pandas` extra)."""
        try:
            import pandas
        except ImportError as error:
            raise ImportError(
                "evidence as a DataFrame needs pandas: pip install 'theory-of-change[pandas]'"
            ) from error
        return pandas.DataFrame(self.to_dicts(), columns=list(CSV_COLUMNS))


def evidence(model: TheoryOfChange, *, path_limit: int | None = 1000) -> EvidenceReport:
    """Rank every causal link, find each pathway's weakest link, and list the gaps.

    `path_limit` bounds the pathways enumerated per activity (None: all of them, which can be
    astronomically many); `ActivityPathways.truncated` says where it cut enumeration short.
    """
    if path_limit is not None and path_limit < 0:
        raise ValueError(f"path_limit must be a whole number of paths or None, not {path_limit}")
    written = list(_causal_links(model))
    by_edge = {(link.source, link.target): link for link in written}
    ranked = tuple(sorted(written, key=lambda link: link.rank))  # stable: ties as written
    activities = tuple(
        _activity_pathways(model, activity.id, activity.label, by_edge, path_limit)
        for activity in model.graph.of_kind("activity")
    )
    return EvidenceReport(
        model.id,
        ranked,
        activities,
        tuple(_untested(model, written)),
        tuple(_without_baseline(model)),
        path_limit,
        len(model.assumptions),
    )


def _causal_links(model: TheoryOfChange) -> Iterator[LinkEvidence]:
    """Every causal link in the graph, in the order written.

    Duplicates and links to ids that do not exist are left out, as the graph leaves them out.
    """
    causal = model.graph.causal
    for _, element in model.chain_elements():
        if model.by_id.get(element.id) is not element:
            continue  # a duplicate id: not in the graph
        for relation, _, link in element.links():
            if relation not in CAUSAL:
                continue
            source, target = edge(element.id, relation, link.to)
            if not causal.has_edge(source, target):
                continue
            if causal.edges[source, target]["link"] is not link:
                continue
            found = link.evidence
            yield LinkEvidence(
                source,
                target,
                "contributes_to" if link.relation == "contributes_to" else relation,
                link.basis,
                found.strength if found is not None else None,
                found.citation if found is not None else None,
                found.url if found is not None else None,
                tuple(link.assumptions),
                link.note,
            )


def _activity_pathways(
    model: TheoryOfChange,
    activity: str,
    label: str,
    by_edge: dict[tuple[str, str], LinkEvidence],
    limit: int | None,
) -> ActivityPathways:
    """The activity's pathways (one more asked for than kept, to tell when the limit cut)."""
    asked = None if limit is None else limit + 1
    pathways: list[Pathway] = []
    truncated = False
    counts: Counter[LinkEvidence] = Counter()
    first_seen: dict[LinkEvidence, int] = {}
    for path in model.graph.paths_to_impacts(activity, limit=asked):
        if limit is not None and len(pathways) == limit:
            truncated = True
            break
        steps = [by_edge[pair] for pair in pairwise(path)]
        weakest = min(steps, key=lambda link: link.rank)  # min keeps the first of equals
        pathways.append(Pathway(path, weakest))
        counts[weakest] += 1
        first_seen.setdefault(weakest, len(first_seen))
    order = sorted(counts, key=lambda link: (-counts[link], link.rank, first_seen[link]))
    return ActivityPathways(
        activity, label, tuple(pathways), truncated, tuple((link, counts[link]) for link in order)
    )


def _untested(model: TheoryOfChange, links: list[LinkEvidence]) -> Iterator[UntestedAssumption]:
    graph = model.graph
    for assumption in model.assumptions:
        if model.by_id.get(assumption.id) is not assumption:
            continue  # a duplicate id: the rules report it
        bears_on = [i for i in assumption.applies_to if i in model.by_id]
        bears_on += [link.target for link in links if assumption.id in link.assumptions]
        bears_on = list(dict.fromkeys(bears_on))
        measured = any(isinstance(model.by_id[i], Kpi) or graph.kpis_for(i) for i in bears_on)
        if not measured:
            yield UntestedAssumption(assumption.id, assumption.label, tuple(bears_on))


def _without_baseline(model: TheoryOfChange) -> Iterator[KpiWithoutBaseline]:
    from toc.rules.measurement import kpi_gaps

    graph = model.graph.nx
    for kpi in model.kpis:
        if model.by_id.get(kpi.id) is not kpi or not kpi_gaps(kpi, frozenset({"baseline"})):
            continue
        measures = tuple(
            source
            for source in graph.predecessors(kpi.id)
            if graph.edges[source, kpi.id]["relation"] == "measured_by"
        )
        statuses = sorted({b.status for b in kpi.baselines if b.status is not None})
        yield KpiWithoutBaseline(kpi.id, kpi.label, measures, ", ".join(statuses) or None)


def _link_dict(link: LinkEvidence) -> dict[str, Any]:
    return {
        "source": link.source,
        "target": link.target,
        "relation": link.relation,
        "strength": link.strength,
        "basis": link.basis,
    }


def _pathway_words(activity: ActivityPathways) -> str:
    n = len(activity.pathways)
    if activity.truncated:
        return f"more than {n} pathways to impacts (only the first {n} enumerated: --limit)"
    return f"{n} pathway{'' if n == 1 else 's'} to impacts"


def _text_lines(report: EvidenceReport) -> Iterator[str]:
    p = printable
    yield f"Evidence in {p(report.model_id)}"
    yield ""
    yield (
        f"Causal links, weakest first ({len(report.links)}): evidence strength (strong > moderate "
        "> weak > none > not stated), then basis (stated > inferred > not said)."
    )
    for link in report.links:
        line = f"  {link.strength or 'not stated':<10}  {link.basis or 'not said':<8}  "
        line += f"{p(link.source)} {link.relation} {p(link.target)}"
        if link.citation:
            line += f"  [{p(link.citation)}]"
        if link.assumptions:
            line += f"  assumes: {', '.join(p(a) for a in link.assumptions)}"
        yield line
    yield ""
    yield "Pathways from each activity to impacts, and the link to test first (weakest on most):"
    for activity in report.activities:
        yield f"  {p(activity.activity)}: {_pathway_words(activity)}"
        if activity.test_first is None:
            yield "    reaches no impact"
        for link, n in activity.weakest_counts:
            yield (
                f"    weakest on {n}: {p(link.source)} {link.relation} {p(link.target)} "
                f"({link.backing})"
            )
    yield ""
    if report.untested:
        yield "Untested assumptions (no KPI measures what they bear on):"
        for u in report.untested:
            on = ", ".join(p(i) for i in u.bears_on) or "nothing"
            yield f"  {p(u.id)}  {p(u.label)}  (bears on: {on})"
    elif report.assumptions:
        yield "Untested assumptions: none (a KPI measures something each one bears on)."
    else:
        yield "Untested assumptions: none; the model states no assumptions."
    yield ""
    if report.without_baseline:
        yield "KPIs without a baseline (TOC304):"
        for k in report.without_baseline:
            status = f" (baseline {p(k.status)})" if k.status else ""
            on = f"  measures: {', '.join(p(i) for i in k.measures)}" if k.measures else ""
            yield f"  {p(k.id)}{status}{on}"
    else:
        yield "KPIs without a baseline: none."


def _markdown_lines(report: EvidenceReport) -> Iterator[str]:
    from toc.render.text import markdown_cell as m  # the one module that escapes for output

    yield f"## Evidence in {m(report.model_id)}"
    yield ""
    yield (
        "Causal links, weakest first: evidence strength (strong > moderate > weak > none > not "
        "stated), then basis (stated > inferred > not said)."
    )
    yield ""
    yield "| # | link | relation | strength | basis | citation | assumptions |"
    yield "| --- | --- | --- | --- | --- | --- | --- |"
    for position, link in enumerate(report.links, start=1):
        yield (
            f"| {position} | {m(link.source)} → {m(link.target)} | {m(link.relation)} | "
            f"{link.strength or 'not stated'} | {link.basis or 'not said'} | "
            f"{m(link.citation or '')} | {', '.join(m(a) for a in link.assumptions)} |"
        )
    yield ""
    yield "### Pathways to impacts"
    yield ""
    yield "| activity | pathways | test first | weakest on |"
    yield "| --- | --- | --- | --- |"
    for a in report.activities:
        first = a.test_first
        test = "reaches no impact" if first is None else f"{m(first.source)} → {m(first.target)}"
        count = str(a.weakest_counts[0][1]) if a.weakest_counts else ""
        shown = f"more than {len(a.pathways)}" if a.truncated else str(len(a.pathways))
        yield f"| {m(a.activity)} | {shown} | {test} | {count} |"
    yield ""
    yield "### Untested assumptions"
    yield ""
    if not report.untested:
        yield (
            "None: a KPI measures something each assumption bears on."
            if report.assumptions
            else "None: the model states no assumptions."
        )
    for u in report.untested:
        on = ", ".join(m(i) for i in u.bears_on) or "nothing"
        yield f"- {m(u.id)}: {m(u.label)} (bears on: {on})"
    yield ""
    yield "### KPIs without a baseline"
    yield ""
    if not report.without_baseline:
        yield "None."
    for k in report.without_baseline:
        status = f" (baseline {m(k.status)})" if k.status else ""
        on = f", measures {', '.join(m(i) for i in k.measures)}" if k.measures else ""
        yield f"- {m(k.id)}: {m(k.label)}{status}{on}"
