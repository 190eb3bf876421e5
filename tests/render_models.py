"""Models the rendering tests draw: a small complete one, and one whose every label is hostile."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toc.load import load
from toc.model import Source, TheoryOfChange

ROOT = Path(__file__).resolve().parents[1]
BRADFORD = ROOT / "models" / "bradford.yaml"


def bradford() -> TheoryOfChange:
    return load(BRADFORD)


def small(**changes: Any) -> TheoryOfChange:
    """Every kind, every link type, an inferred link with strong evidence, a feedback loop."""
    data: dict[str, Any] = {
        "toc": 1,
        "id": "small",
        "title": "Workforce training programme",
        "inputs": [{"id": "funding", "label": "Funding and staff capacity"}],
        "activities": [
            {
                "id": "train",
                "label": "Train the workforce",
                "uses": ["funding"],
                "produces": ["trained"],
                "tags": ["llr:prevention/secondary"],
            },
            {
                "id": "campaign",
                "label": "Run a campaign",
                "uses": ["funding"],
                "produces": ["aware"],
            },
        ],
        "outputs": [
            {
                "id": "trained",
                "label": "More of the workforce is trauma-informed",
                "measured_by": ["feedback"],
                "leads_to": [
                    {"to": "resilience", "basis": "inferred", "evidence": {"strength": "strong"}}
                ],
            },
            {"id": "aware", "label": "People are aware", "leads_to": ["resilience"]},
        ],
        "kpis": [
            {"id": "feedback", "label": "90% rate the training good", "measure": "percentage"},
            {"id": "reach", "label": "Campaign reach"},
        ],
        "outcomes": [
            {
                "id": "resilience",
                "label": "Resilience in the workforce",
                "term": "short",
                "leads_to": ["practice"],
                "tags": ["llr:prevention/secondary"],
            },
            {
                "id": "practice",
                "label": "Practice changes",
                "term": "medium",
                "leads_to": ["fewer-aces"],
                "measured_by": ["reach"],
            },
        ],
        "impacts": [{"id": "fewer-aces", "label": "Reduction in the impacts of ACEs"}],
        "barriers": [{"id": "money", "label": "Financing", "applies_to": ["funding"]}],
    }
    data.update(changes)
    return TheoryOfChange.model_validate(data)


HOSTILE_LABELS: tuple[str, ...] = (
    "ends in a backslash \\",
    '] X [URL=<javascript:alert(1)>] "',
    '"; evil [URL="javascript:alert(2)"]; x="',
    "<script>alert(3)</script>",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "click n0 call alert(4)",
    "end",
    '<img src=x onerror="alert(5)">',
    "\\N \\G \\l \\E",
    "# &amp; &lt; ; | pipe [link](javascript:alert(6))",
    '=HYPERLINK("javascript:alert(7)")',
    "line one\nline two\x00\x07",
)


def hostile() -> TheoryOfChange:
    """One element of every kind per hostile label, linked into chains, with bad source URLs."""
    bad_source = Source.model_construct(url="javascript:alert(8)")
    quoted_source = Source.model_construct(url='https://example.org/"><script>alert(9)</script>')
    elements: dict[str, list[dict[str, Any]]] = {
        "inputs": [],
        "activities": [],
        "outputs": [],
        "kpis": [],
        "outcomes": [],
        "impacts": [],
        "assumptions": [],
    }
    for i, label in enumerate(HOSTILE_LABELS):
        elements["inputs"].append({"id": f"in-{i}", "label": label, "source": bad_source})
        elements["activities"].append(
            {
                "id": f"act-{i}",
                "label": label,
                "uses": [f"in-{i}"],
                "produces": [{"to": f"out-{i}", "basis": "inferred"}],
                "source": quoted_source,
            }
        )
        elements["outputs"].append(
            {
                "id": f"out-{i}",
                "label": label,
                "measured_by": [f"kpi-{i}"],
                "leads_to": [f"oc-{i}"],
            }
        )
        elements["kpis"].append({"id": f"kpi-{i}", "label": label, "unit": label})
        elements["outcomes"].append(
            {"id": f"oc-{i}", "label": label, "term": "short", "leads_to": [f"im-{i}"]}
        )
        elements["impacts"].append({"id": f"im-{i}", "label": label, "description": label})
        elements["assumptions"].append(
            {"id": f"as-{i}", "label": label, "applies_to": [f"act-{i}"]}
        )
    return TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "hostile",
            "title": 'Title <script>alert(0)</script> \\ "q" %%',
            **elements,
        }
    )


def element_count(model: TheoryOfChange) -> int:
    return sum(1 for _ in model.elements())
