"""Kumu JSON: round trips, a Kumu project export of our own making, and hostile JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from toc.io import FORMATS, ReadOptions, format_for, read_file, write_file
from toc.io.kumu import kumu_data, read_kumu_text
from toc.load import LoadResult
from toc.model import TheoryOfChange

from .models import richer_models


def _where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The line and column where the `nth` occurrence of `needle` starts."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _read(text: str, name: str = "board.json", **options: Any) -> LoadResult:
    from toc.io.levels import Levels

    return read_kumu_text(text, name=name, levels=Levels(options.get("levels")))


def _codes(result: LoadResult) -> list[tuple[str, int, int]]:
    return sorted((f.code, f.line, f.col) for f in result.findings)


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_models_round_trip_through_kumu(name: str, tmp_path: Path) -> None:
    model = read_file(name).model
    assert model is not None
    [written] = write_file(model, tmp_path / f"{name}.json")
    result = read_file(written)
    assert result.findings == []
    assert result.model == model


@given(richer_models())
def test_generated_models_round_trip_through_kumu(model: TheoryOfChange) -> None:
    text = json.dumps(kumu_data(model), ensure_ascii=False)
    result = _read(text)
    assert result.findings == [], "\n".join(f.format() for f in result.findings)
    assert result.model == model


def test_json_files_are_kumu_by_extension() -> None:
    assert format_for(Path("board.JSON"), reading=True) is FORMATS["kumu"]
    assert format_for(Path("board.json"), reading=False) is FORMATS["kumu"]


def test_what_is_written_is_a_blueprint_kumu_reads() -> None:
    model = read_file("bradford").model
    assert model is not None
    data = kumu_data(model)
    assert set(data) == {"elements", "connections", "toc"}
    assert all({"id", "label", "type"} <= set(e) for e in data["elements"])
    assert all(c["direction"] == "directed" for c in data["connections"])
    # connections run along the chain: an input is `used by` the activity that uses it
    activity = model.activities[0]
    used = activity.uses[0].to
    assert {"from": used, "to": activity.id, "type": "used by", "direction": "directed"} in [
        {k: c[k] for k in ("from", "to", "type", "direction")} for c in data["connections"]
    ]
    kinds = {e["type"] for e in data["elements"]}
    assert {"Input", "Activity", "Output", "KPI", "Impact"} <= kinds


# --- a Kumu project export ----------------------------------------------------------------------

EXPORT: dict[str, Any] = {
    "elements": [
        {
            "_id": "elem-Ab12",
            "attributes": {"label": "Youth workers' time", "element type": "Input"},
        },
        {
            "_id": "elem-Cd34",
            "attributes": {
                "label": "Mentoring sessions",
                "element type": "Activity",
                "description": "Weekly one-to-one sessions",
                "tags": ["priority", "evidence-bank:mentoring"],
            },
        },
        {
            "_id": "elem-Ef56",
            "attributes": {"label": "Young people mentored", "element type": "Outputs"},
        },
        {
            "_id": "elem-Gh78",
            "attributes": {
                "label": "Number of young people mentored",
                "element type": "Indicator",
                "measure": "Unit",
                "unit": "young people",
                "target value": 120,
            },
        },
        {
            "_id": "elem-Ij90",
            "attributes": {"label": "Confidence grows", "element type": "Short-term outcome"},
        },
        {
            "_id": "elem-Kl12",
            "attributes": {
                "label": "Fewer exclusions",
                "element type": "Impact",
                "Favourite colour": "blue",
            },
        },
        {
            "_id": "elem-Mn34",
            "attributes": {"label": "Schools refer pupils", "element type": "Assumption"},
        },
        {
            "_id": "elem-Op56",
            "attributes": {"label": "Community voice", "element type": "Strategic enabler"},
        },
    ],
    "connections": [
        {
            "_id": "conn-1",
            "from": "elem-Ab12",
            "to": "elem-Cd34",
            "direction": "directed",
            "attributes": {},
        },
        {
            "_id": "conn-2",
            "from": "elem-Cd34",
            "to": "elem-Ef56",
            "attributes": {"connection type": "produces"},
        },
        {"_id": "conn-3", "from": "elem-Ef56", "to": "elem-Gh78", "attributes": {}},
        {
            "_id": "conn-4",
            "from": "Young people mentored",
            "to": "confidence GROWS",
            "attributes": {
                "connection type": "contributes to",
                "assumptions": ["Schools refer pupils"],
            },
        },
        {
            "_id": "conn-5",
            "from": "elem-Ij90",
            "to": "Fewer exclusion",
            "attributes": {"connection type": "leads to"},
        },
        {
            "_id": "conn-6",
            "from": "elem-Ij90",
            "to": "elem-Kl12",
            "direction": "mutual",
            "attributes": {},
        },
        {
            "_id": "conn-7",
            "from": "elem-Mn34",
            "to": "elem-Cd34",
            "attributes": {"connection type": "likes"},
        },
        {"_id": "conn-8", "from": "elem-Op56", "to": "elem-Kl12", "attributes": {}},
    ],
    "loops": [{"_id": "loop-1", "attributes": {"label": "Virtuous circle"}}],
    "maps": [
        {
            "_id": "map-1",
            "name": "Main map",
            "elements": [{"element": "elem-Ab12", "position": {"x": 0, "y": 0}}],
        }
    ],
}


def test_a_kumu_project_export_is_imported_with_findings_at_its_lines() -> None:
    text = json.dumps(EXPORT, indent=2)
    result = _read(text)

    assert _codes(result) == sorted(
        [
            ("TOC016", *_where(text, '"Strategic enabler"')),
            ("TOC013", *_where(text, '"Favourite colour"')),
            ("TOC020", *_where(text, '"Fewer exclusion"')),
            ("TOC014", *_where(text, '"mutual"')),
            ("TOC021", *_where(text, '"likes"')),
            ("TOC020", *_where(text, '"elem-Op56"', 1)),  # names the element not imported
            ("TOC022", *_where(text, '"loops"')),
            ("TOC022", *_where(text, '"maps"')),
        ]
    )
    messages = {f.code: f.message for f in result.findings}
    assert "did you mean `Fewer exclusions`?" in messages["TOC020"] or any(
        "did you mean `Fewer exclusions`?" in f.message for f in result.findings
    )
    assert '--levels "Strategic enabler=' in messages["TOC016"]

    model = result.model
    assert model is not None
    assert (model.id, model.title) == ("board", "board")
    [activity] = model.activities
    assert activity.id == "mentoring-sessions"
    assert [link.to for link in activity.uses] == [
        "youth-workers-time"
    ]  # inferred, on the activity
    assert [link.to for link in activity.produces] == ["young-people-mentored"]
    [output] = model.outputs
    assert [link.to for link in output.measured_by] == ["number-of-young-people-mentored"]
    [leads] = output.leads_to
    assert (leads.to, leads.assumptions) == ("confidence-grows", ("schools-refer-pupils",))
    assert [link.to for link in model.outcomes[0].leads_to] == ["fewer-exclusions"]
    assert model.outcomes[0].term == "short"
    [kpi] = model.kpis
    assert (kpi.measure, kpi.unit, kpi.targets[0].value) == ("unit", "young people", 120)
    assert [tag.ref for tag in activity.tags] == ["tags:priority", "evidence-bank:mentoring"]
    [tags] = [f for f in model.frameworks if f.id == "tags"]
    assert [(e.id, e.label) for e in tags.entries] == [("priority", "priority")]


def test_rule_findings_on_an_imported_map_point_at_its_lines() -> None:
    text = json.dumps(EXPORT, indent=2)
    model = _read(text).model
    assert model is not None
    unknown = [f for f in model.validate() if f.code == "TOC501"]  # no framework `evidence-bank`
    assert [(f.file, f.line, f.col) for f in unknown] == [
        ("board.json", *_where(text, '"evidence-bank:mentoring"'))
    ]


def test_levels_given_in_the_options_import_the_unknown_level() -> None:
    text = json.dumps(EXPORT, indent=2)
    result = _read(text, levels={"Strategic enabler": "enabler"})
    assert "TOC016" not in {f.code for f in result.findings}
    assert result.model is not None
    [enabler] = result.model.enablers
    assert enabler.applies_to == ("fewer-exclusions",)  # inferred: a factor applies to the element


def test_read_options_levels_reach_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    path.write_text(json.dumps(EXPORT), encoding="utf-8")
    options = ReadOptions(levels={"Strategic enabler": "enabler"})
    result = read_file(path, options=options)
    assert result.model is not None
    assert [e.label for e in result.model.enablers] == ["Community voice"]


def test_a_plain_blueprint_names_ends_by_label() -> None:
    text = json.dumps(
        {
            "elements": [
                {"label": "Training", "type": "Activity"},
                {"label": "Trained staff", "type": "Output"},
                {"label": "trained staff", "type": "Output"},
            ],
            "connections": [
                {"from": "Training", "to": "Trained staff"},
                {"from": "training", "to": "TRAINED STAFF", "type": "produces"},
            ],
        },
        indent=2,
    )
    result = _read(text)
    # an exact label wins; in any case, two elements share the label: name one by its id
    assert _codes(result) == [("TOC020", *_where(text, '"TRAINED STAFF"'))]
    assert result.model is not None
    assert [o.id for o in result.model.outputs] == ["trained-staff", "trained-staff-2"]
    assert [link.to for link in result.model.activities[0].produces] == ["trained-staff"]


def test_a_relation_written_against_the_chain_is_turned_round() -> None:
    text = json.dumps(
        {
            "elements": [
                {"id": "funding", "label": "Funding", "type": "Input"},
                {"id": "train", "label": "Training", "type": "Activity"},
                {"id": "kpi", "label": "People trained", "type": "KPI"},
            ],
            "connections": [
                {"from": "funding", "to": "train", "type": "uses"},  # drawn along the chain
                {"from": "kpi", "to": "train", "type": "measured by"},
            ],
        }
    )
    model = _read(text).model
    assert model is not None
    [activity] = model.activities
    assert ([u.to for u in activity.uses], [m.to for m in activity.measured_by]) == (
        ["funding"],
        ["kpi"],
    )


def test_a_toc_object_with_elements_is_reported() -> None:
    text = json.dumps({"elements": [], "toc": {"id": "m", "title": "M", "inputs": []}}, indent=2)
    result = _read(text)
    assert _codes(result) == [("TOC013", *_where(text, '"inputs"'))]


def test_connection_without_an_end_and_a_reversed_one() -> None:
    text = json.dumps(
        {
            "elements": [
                {"id": "out", "label": "Out", "type": "Output"},
                {"id": "gain", "label": "Gain", "type": "Outcome"},
            ],
            "connections": [{"to": "gain"}, {"from": "gain", "to": "out", "reversed": True}],
        },
        indent=2,
    )
    result = _read(text)
    assert _codes(result) == [("TOC102", *_where(text, "{", 3))]
    assert result.model is not None
    assert [link.to for link in result.model.outputs[0].leads_to] == ["gain"]


# --- hostile and broken JSON ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ('{"elements": [],\n "elements": []}', "TOC004", 2, 2),
        ("[" * 100 + "]" * 100, "TOC007", 1, 65),
        ('{"elements": [NaN]}', "TOC015", 1, 15),
        ('{"elements": [Infinity]}', "TOC015", 1, 15),
        ('{"elements": [\n', "TOC015", 2, 1),
        ('{"elements": []} {}', "TOC015", 1, 18),
        ('// a comment\n{"elements": []}', "TOC015", 1, 1),
        ("{'elements': []}", "TOC015", 1, 2),
        ('{"elements": [{"label": "\\ud800"}]}', "TOC003", 1, 25),
        ('{"elements": [{"label": 1' + "0" * 5000 + "}]}", "TOC014", 1, 25),
        ('{"elements": [{"label": 1e999}]}', "TOC014", 1, 25),
        ("[]", "TOC009", 1, 1),
        ('"text"', "TOC009", 1, 1),
        ("", "TOC011", 1, 1),
        (" \n ", "TOC011", 1, 1),
        ('{"connections": []}', "TOC102", 1, 1),
        ('{"elements": {}}', "TOC103", 1, 14),
        ('{"elements": [1]}', "TOC103", 1, 15),
        ('{"elements": [{"label": "A", "type": ["Input"]}]}', "TOC014", 1, 38),
    ],
)
def test_broken_json_is_a_finding_at_its_place(text: str, code: str, line: int, col: int) -> None:
    result = _read(text)
    assert (code, line, col) in _codes(result), result.report.to_text()


def test_nothing_from_a_refused_file_is_used() -> None:
    assert _read("[" * 5000).model is None
    assert _read('{"elements": [}').model is None


def test_files_that_cannot_be_read(tmp_path: Path) -> None:
    missing = read_file(tmp_path / "none.json")
    assert [(f.code, f.line) for f in missing.findings] == [("TOC012", 0)]
    big = tmp_path / "big.json"
    big.write_text('{"elements": []}' + " " * 100, encoding="utf-8")
    assert [f.code for f in read_file(big, options=ReadOptions(max_bytes=50)).findings] == [
        "TOC002"
    ]
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"elements": [{"label": "caf\xe9"}]}')
    assert [(f.code, f.line, f.col) for f in read_file(latin).findings] == [("TOC003", 1, 29)]
    bom = tmp_path / "bom.json"
    bom.write_bytes(b'\xef\xbb\xbf{"elements": []}')
    assert read_file(bom).findings == []


def test_an_element_group_names_a_group_the_toc_object_declares() -> None:
    text = json.dumps(
        {
            "elements": [
                {"id": "coach", "label": "Coach", "type": "Activity", "group": "Housing"},
                {"id": "plans", "label": "Plans", "type": "Output", "pathway": "Housng"},
            ],
            "toc": {"id": "m", "title": "M", "groups": [{"id": "housing", "label": "Housing"}]},
        },
        indent=1,
    )
    result = _read(text)
    assert result.model is not None
    assert [(e.id, e.group, e.tags) for _, e in result.model.elements()] == [
        ("coach", "housing", ()), ("plans", None, ())
    ]  # fmt: skip
    assert _codes(result) == [("TOC020", *_where(text, '"Housng"'))]
    assert "did you mean `Housing`?" in result.findings[0].message
