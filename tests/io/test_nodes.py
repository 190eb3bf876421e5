"""Node and link lists (XLSX and CSV): reading, writing, round trips and hostile cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import toc
from toc.io import FORMATS, FormatError, ReadOptions, format_for, read_file, write_file
from toc.io._spreadsheet import open_xlsx
from toc.io.levels import parse_levels
from toc.io.nodes import read_nodes, sniff_nodes
from toc.io.tree import append, cell, mapping, put, sequence
from toc.load import LoadResult, read_data, read_text
from toc.model import Actual, Baseline, Link, Target, TheoryOfChange
from toc.render.dot import to_dot
from toc.yamlsafe import YamlMap

from .models import richer_models, xlsx_models


def _two_file_tree(label: object) -> YamlMap:
    """Elements in `board.csv`, the activity's link in `board-links.csv` (row 3)."""
    root = mapping(cell(1, 1, file="board.csv"))
    put(root, "toc", 1, cell(1, 1, file="board.csv"))
    put(root, "id", "board", cell(1, 1, file="board.csv"))
    put(root, "title", "Board", cell(1, 1, file="board.csv"))
    activities = sequence(cell(2, 1, file="board.csv"))
    activity = mapping(cell(2, 1, file="board.csv"))
    put(activity, "id", "train", cell(2, 1, file="board.csv"))
    put(activity, "label", label, cell(2, 2, file="board.csv"))
    uses = sequence(cell(3, 1, file="board-links.csv"))
    append(uses, "nowhere", cell(3, 2, file="board-links.csv"))
    put(activity, "uses", uses, cell(3, 1, file="board-links.csv"))
    append(activities, activity, cell(2, 1, file="board.csv"))
    put(root, "activities", activities, cell(2, 1, file="board.csv"))
    return root


def test_findings_about_a_model_read_from_two_files_name_the_right_file() -> None:
    result = read_data(_two_file_tree(12), name="board.csv")
    assert [f.location for f in result.findings] == ["board.csv:2:2"]

    model = read_data(_two_file_tree("Training"), name="board.csv").model
    assert model is not None
    unknown = next(f for f in model.validate() if f.code == "TOC111")
    assert unknown.location == "board-links.csv:3:2"


# --- helpers ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files are named relative to the working folder, as a person gives them on the command line."""
    monkeypatch.chdir(tmp_path)


def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """An XLSX with these sheets, each holding rows from A1 (None leaves a cell empty)."""
    from openpyxl import Workbook

    book = Workbook()
    for sheet in book.worksheets:
        book.remove(sheet)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row_number, values in enumerate(rows, start=1):
            for col_number, value in enumerate(values, start=1):
                if value is not None:
                    sheet.cell(row=row_number, column=col_number, value=value)
    book.save(path)
    return path


def _csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _sheets(path: Path) -> dict[str, list[list[tuple[int, str]]]]:
    """Every sheet's cells as (column, text), row by row."""
    with open_xlsx(path, name=str(path), max_bytes=10**8) as book:
        return {
            sheet: [[(c.col, c.text) for c in row] for row in book.rows(sheet)]
            for sheet in book.sheet_names
        }


def _places(result: LoadResult) -> list[tuple[str, str]]:
    return sorted((f.code, f.location) for f in result.findings)


def _format(suffix: str) -> str | None:
    """Node lists share `.xlsx` and `.csv` with the logic-model table, the default there."""
    return "nodes" if suffix in (".xlsx", ".csv") else None


def _model(name: str) -> TheoryOfChange:
    model = read_file(name).model
    assert model is not None
    return model


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_models_round_trip(name: str, suffix: str, tmp_path: Path) -> None:
    model = _model(name)
    written = write_file(model, tmp_path / f"{name}{suffix}", format="nodes")
    result = read_file(written[0], format="nodes")
    assert result.findings == [], result.report.to_text()
    assert result.model == model


@given(xlsx_models())
def test_generated_models_round_trip_through_xlsx(model: TheoryOfChange) -> None:
    with tempfile.TemporaryDirectory() as folder:
        [written] = write_file(model, Path(folder) / "model.xlsx", format="nodes")
        result = read_file(written, format="nodes")
    assert result.findings == [], result.report.to_text()
    assert result.model == model


@given(richer_models())
def test_generated_models_round_trip_through_csv(model: TheoryOfChange) -> None:
    with tempfile.TemporaryDirectory() as folder:
        written = write_file(model, Path(folder) / "model.csv", format="nodes")
        result = read_file(written[0], format="nodes")
    assert result.findings == [], result.report.to_text()
    assert result.model == model


@given(xlsx_models())
def test_generated_xlsx_to_yaml_to_xlsx_gives_the_same_sheets(model: TheoryOfChange) -> None:
    with tempfile.TemporaryDirectory() as folder:
        [first] = write_file(model, Path(folder) / "first.xlsx", format="nodes")
        via_xlsx = read_file(first, format="nodes").model
        assert via_xlsx is not None
        via_yaml = read_text(toc.dumps(via_xlsx), name="model.yaml").model
        assert via_yaml is not None
        [second] = write_file(via_yaml, Path(folder) / "second.xlsx", format="nodes")
        before, after = _sheets(first), _sheets(second)
    assert list(before) == list(after)
    assert [before[s] for s in before if s != "findings"] == [
        after[s] for s in after if s != "findings"
    ]


@pytest.mark.parametrize("name", ["bradford", "home_office"])
def test_xlsx_to_yaml_to_xlsx_gives_the_same_sheets(name: str, tmp_path: Path) -> None:
    [first] = write_file(_model(name), tmp_path / "first.xlsx", format="nodes")
    via_xlsx = read_file(first, format="nodes").model
    assert via_xlsx is not None
    [yaml_file] = write_file(via_xlsx, tmp_path / "model.yaml")
    via_yaml = read_file(yaml_file).model
    assert via_yaml is not None
    [second] = write_file(via_yaml, tmp_path / "second.xlsx", format="nodes")
    before, after = _sheets(first), _sheets(second)
    assert list(before) == list(after)
    for sheet in before:
        if sheet != "findings":  # where each finding is differs: first.xlsx, then model.yaml
            assert before[sheet] == after[sheet], sheet
    assert [row[1:] for row in before["findings"]] == [row[1:] for row in after["findings"]]


def test_the_workbook_has_a_sheet_for_each_part_and_the_findings(tmp_path: Path) -> None:
    model = _model("bradford")
    [written] = write_file(model, tmp_path / "bradford.xlsx", format="nodes")
    sheets = _sheets(written)
    assert list(sheets) == [
        "elements", "links", "kpis", "values", "tags", "statements", "model", "findings"
    ]  # fmt: skip
    assert [text for _, text in sheets["elements"][0][:3]] == ["id", "label", "level"]
    assert [text for _, text in sheets["kpis"][0]][:3] == ["id", "measure", "unit"]
    assert len(sheets["findings"]) - 1 == len(model.validate())
    # links run along the chain: an input is `used by` the activity that uses it
    activity = model.activities[0]
    assert [(1, activity.uses[0].to), (2, activity.id), (3, "used by")] in [
        row[:3] for row in sheets["links"]
    ]


def test_csv_files_sit_beside_each_other(tmp_path: Path) -> None:
    written = write_file(_model("llr"), tmp_path / "llr.csv", format="nodes")
    assert [p.name for p in written] == [
        "llr.csv",
        "llr-links.csv",
        "llr-kpis.csv",
        "llr-values.csv",
        "llr-tags.csv",
        "llr-statements.csv",
        "llr-groups.csv",
        "llr-frameworks.csv",
        "llr-model.csv",
    ]
    assert written[0].read_bytes().startswith(b"\xef\xbb\xbfid,label,level")


# --- what cannot be written --------------------------------------------------------------------


def test_text_an_xlsx_cannot_hold_is_refused_with_its_cell(tmp_path: Path) -> None:
    model = _model("bradford")
    first = model.inputs[0].model_copy(update={"label": "Fund\x01ing"})
    broken = model.model_copy(update={"inputs": [first, *model.inputs[1:]]})
    with pytest.raises(FormatError, match=r"elements!B2 would hold the character U\+0001"):
        write_file(broken, Path("m.xlsx"), format="nodes")
    assert not (Path("m.xlsx")).exists()
    [written, *_] = write_file(broken, tmp_path / "m.csv", format="nodes")  # CSV holds it
    assert read_file(written).model == broken


def test_ids_shared_by_two_rows_are_refused(tmp_path: Path) -> None:
    model = _model("llr")
    statement = model.statements[0].model_copy(update={"id": model.inputs[0].id})
    twin = model.model_copy(update={"statements": [statement]})
    with pytest.raises(FormatError, match="names both an input and a"):
        write_file(twin, Path("m.xlsx"), format="nodes")


# --- formula injection ------------------------------------------------------------------------

HOSTILE = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "'=already quoted", "\tTAB"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_formula_text_is_written_as_text_and_read_back_exactly(suffix: str, tmp_path: Path) -> None:
    model = _model("bradford")
    inputs = [
        e.model_copy(update={"label": text}) for e, text in zip(model.inputs, HOSTILE, strict=False)
    ]
    hostile = model.model_copy(update={"inputs": [*inputs, *model.inputs[len(inputs) :]]})
    written = write_file(hostile, tmp_path / f"m{suffix}", format="nodes")
    if suffix == ".xlsx":
        with zipfile.ZipFile(written[0]) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml")
        assert b"<f>" not in sheet and b"<f " not in sheet  # no formulas at all
    else:
        text = written[0].read_text(encoding="utf-8-sig")
        assert "\n" + inputs[0].id + ",'=cmd|" in text
        assert not any(
            line.split(",")[1].startswith(("=", "+", "-", "@")) for line in text.splitlines()[1:]
        )
    result = read_file(written[0])
    assert result.model == hostile


# --- importing a tool's export ----------------------------------------------------------------

TOC_MAKER: dict[str, list[list[Any]]] = {
    "Instructions": [["Fill one row per box and one row per arrow."]],
    "Elements": [
        ["ID", "Name", "Level", "Pathway", "Description", "Tags"],
        ["IN1", "Youth workers' time", "Input", None, "Two part-time youth workers", None],
        [
            "A1",
            "Mentoring sessions",
            "Activity",
            "Pathway A: schools",
            "Weekly",
            "priority; schools",
        ],
        ["O1", "Young people mentored", "Output", "Pathway A: schools", None, None],
        [None, None, None, None, None, None],
        ["K1", "Young people mentored a term", "Indicator", None, None, None],
        ["IO1", "Confidence grows", "Intermediate outcome 1", "Pathway A: schools", None, None],
        ["IO2", "Attendance improves", "Intermediate outcome 2", "Pathway B: families", None, None],
        ["FO1", "Fewer exclusions", "Final outcome", None, None, None],
        ["IM1", "Young people thrive", "Impact", None, None, None],
        ["AS1", "Schools refer pupils", "Assumption", None, None, None],
        ["SE1", "Community voice", "Strategic enabler", None, None, None],
    ],
    "Connections": [
        ["From", "To", "Type", "Assumptions", "Evidence", "Citation"],
        ["Youth workers' time", "Mentoring sessions", None, None, None, None],
        ["A1", "O1", None, None, None, None],
        ["O1", "K1", None, None, None, None],
        [
            "Young people mentored",
            "confidence grows",
            "contributes to",
            "Schools refer pupils",
            "Moderate",
            "Smith 2020",
        ],
        ["IO1", "IO2", "leads to", None, None, None],
        ["Attendance improves", "Fewer exclusion", "leads to", None, None, None],
        ["FO1", "IM1", None, None, None, None],
        ["SE1", "FO1", None, None, None, None],
        ["AS1", "IO1", None, None, None, None],
        ["IO2", "FO1", "supports", None, None, None],
    ],
    "Notes (ignore)": [["anything at all"]],
}


def test_a_toc_maker_export_is_imported_with_findings_at_its_cells(tmp_path: Path) -> None:
    path = _workbook(Path("toc-maker.xlsx"), TOC_MAKER)
    result = read_file(path)

    assert _places(result) == [
        ("TOC016", "toc-maker.xlsx:Elements!C12"),
        ("TOC020", "toc-maker.xlsx:Connections!A9"),  # names the element not imported
        ("TOC020", "toc-maker.xlsx:Connections!B7"),
        ("TOC021", "toc-maker.xlsx:Connections!C11"),
        ("TOC022", "toc-maker.xlsx:Instructions"),
    ]
    typo = next(f for f in result.findings if f.location.endswith("B7"))
    assert "did you mean `Fewer exclusions`?" in typo.message
    unknown = next(f for f in result.findings if f.code == "TOC016")
    assert '--levels "Strategic enabler=' in unknown.message

    model = result.model
    assert model is not None
    assert (model.id, model.title) == ("toc-maker", "toc-maker")
    [activity] = model.activities
    assert activity.id == "a1"  # `A1` made a valid id; links still name it `A1`
    assert [u.to for u in activity.uses] == ["in1"]
    assert [p.to for p in activity.produces] == ["o1"]
    assert [t.ref for t in activity.tags] == [
        "tags:priority",
        "tags:schools",
        "groups:pathway-a-schools",
    ]
    [output] = model.outputs
    assert [m.to for m in output.measured_by] == ["k1"]
    [leads] = output.leads_to
    assert leads.to == "io1"
    assert leads.assumptions == ("as1",)
    assert leads.evidence is not None
    assert (leads.evidence.strength, leads.evidence.citation) == ("moderate", "Smith 2020")
    assert [(o.id, o.term) for o in model.outcomes] == [
        ("io1", "medium"), ("io2", "medium"), ("fo1", "long")
    ]  # fmt: skip
    assert [a.applies_to for a in model.assumptions] == [("io1",)]
    [groups] = [f for f in model.frameworks if f.id == "groups"]
    assert [(e.id, e.label) for e in groups.entries] == [
        ("pathway-a-schools", "Pathway A: schools"),
        ("pathway-b-families", "Pathway B: families"),
    ]
    assert "Pathway A: schools" in to_dot(model, group_by="groups")


def test_rule_findings_on_an_imported_workbook_name_cells(tmp_path: Path) -> None:
    model = read_file(_workbook(Path("toc-maker.xlsx"), TOC_MAKER)).model
    assert model is not None
    unmeasured = next(f for f in model.validate() if f.code == "TOC301")
    assert unmeasured.location == "toc-maker.xlsx:Elements!A3"  # the activity's row


def test_levels_map_the_unknown_level(tmp_path: Path) -> None:
    path = _workbook(Path("toc-maker.xlsx"), TOC_MAKER)
    options = ReadOptions(
        levels=parse_levels("Strategic enabler=enabler,Intermediate outcome 1=outcome:short")
    )
    result = read_file(path, options=options)
    assert "TOC016" not in result.report.codes()
    assert result.model is not None
    assert [(e.id, e.applies_to) for e in result.model.enablers] == [("se1", ("fo1",))]
    assert result.model.outcomes[0].term == "short"


def test_a_node_list_with_kind_like_ids_is_read_as_a_node_list() -> None:
    path = _workbook(
        Path("m.xlsx"),
        {"elements": [["id", "label", "level"], ["activity-1", "Train", "Activity"]]},
    )
    assert sniff_nodes(path)
    assert format_for(path, reading=True) is FORMATS["nodes"]


def test_a_workbook_with_an_elements_sheet_is_a_node_list(tmp_path: Path) -> None:
    path = _workbook(Path("map.xlsx"), TOC_MAKER)
    assert sniff_nodes(path)
    other = _workbook(Path("plan.xlsx"), {"Logic model": [["Inputs", "Activities"]]})
    assert not sniff_nodes(other)
    assert not sniff_nodes(tmp_path / "missing.xlsx")


# --- CSV ------------------------------------------------------------------------------------


def test_a_csv_pair_names_the_links_file_in_its_findings(tmp_path: Path) -> None:
    elements = _csv(
        Path("elements.csv"),
        [
            ["Label", "Type", "Description"],
            ["Funding", "Input", ""],
            ["Training", "Activity", '=HYPERLINK("http://evil")'],
            ["Trained staff", "Output", ""],
        ],
    )
    _csv(
        Path("connections.csv"),
        [
            ["From", "To", "Type"],
            ["Funding", "Training", ""],
            ["Training", "Trained staf", "produces"],
            ["Training", "Trained staff", "likes"],
        ],
    )
    result = read_file(elements)
    assert _places(result) == [
        ("TOC020", "connections.csv:3:2"),
        ("TOC021", "connections.csv:4:3"),
    ]
    assert result.model is not None
    assert result.model.activities[0].description == '=HYPERLINK("http://evil")'  # text, as read
    orphan = next(f for f in result.model.validate() if f.code == "TOC203")
    assert orphan.location == "elements.csv:4:1"


def test_links_given_in_the_options_are_read(tmp_path: Path) -> None:
    elements = _csv(
        tmp_path / "board.csv",
        [["id", "label", "level"], ["in", "In", "Input"], ["act", "Act", "Activity"]],
    )
    links = _csv(tmp_path / "arrows.csv", [["from", "to"], ["in", "act"]])
    assert read_file(elements).model.activities[0].uses == ()  # type: ignore[union-attr]
    model = read_file(elements, options=ReadOptions(links=links)).model
    assert model is not None
    assert [u.to for u in model.activities[0].uses] == ["in"]


def test_a_csv_with_label_and_level_columns_is_a_node_list(tmp_path: Path) -> None:
    assert sniff_nodes(_csv(tmp_path / "a.csv", [["Name", "Level"], ["X", "Input"]]))
    assert sniff_nodes(_csv(tmp_path / "b.csv", [["id", "label", "kind"]]))
    assert not sniff_nodes(_csv(tmp_path / "c.csv", [["Inputs", "Activities", "Outputs"]]))
    assert format_for(tmp_path / "a.csv", reading=True) is FORMATS["nodes"]


# --- unreadable cells and columns ---------------------------------------------------------------


def test_cells_that_cannot_be_read_are_findings_at_the_cell(tmp_path: Path) -> None:
    path = _workbook(
        Path("m.xlsx"),
        {
            "elements": [
                ["id", "label", "level", "lable", "label", "baseline year", "source incomplete"],
                ["kpi", "#REF!", "KPI", "x", "y", "last year", "maybe"],
                ["act", dt.date(2024, 3, 1), "Activity", None, None, None, True],
            ],
            "kpis": [["id", "target value"], ["kpi", "lots"], ["nothing", 3]],
        },
    )
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["elements"]["B2"].data_type = "e"  # an error cell, as Excel saves `#REF!`
    book.save(path)
    result = read_file(path, format="nodes")
    assert _places(result) == sorted(
        [
            ("TOC013", "m.xlsx:elements!D1"),  # `lable`: a near miss of label, already taken
            ("TOC013", "m.xlsx:elements!E1"),  # a second label column
            ("TOC014", "m.xlsx:elements!B2"),
            ("TOC014", "m.xlsx:elements!F2"),
            ("TOC014", "m.xlsx:elements!G2"),
            ("TOC014", "m.xlsx:elements!B3"),
            ("TOC014", "m.xlsx:kpis!B2"),
            ("TOC020", "m.xlsx:kpis!A3"),
            ("TOC102", "m.xlsx:elements!A2"),  # the KPI, its label unreadable, has none
            ("TOC102", "m.xlsx:elements!A3"),
        ]
    )


def test_missing_columns_and_sheets_are_reported(tmp_path: Path) -> None:
    no_level = read_file(_workbook(Path("a.xlsx"), {"nodes": [["label"], ["X"]]}))
    assert _places(no_level) == [("TOC017", "a.xlsx:nodes!A1")]
    assert "needs a `level` column" in no_level.findings[0].message
    no_elements = read_nodes(_workbook(Path("b.xlsx"), {"links": [["from", "to"]]}), ReadOptions())
    assert [f.code for f in no_elements.findings] == ["TOC017"]
    assert no_elements.model is not None  # an empty model, named after the file


def test_refused_files_are_findings_not_tracebacks(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0old excel")
    assert [f.code for f in read_nodes(fake, ReadOptions()).findings] == ["TOC015"]
    utf16 = tmp_path / "u.csv"
    utf16.write_bytes("id,label,level\n".encode("utf-16"))
    assert [f.code for f in read_nodes(utf16, ReadOptions()).findings] == ["TOC003"]
    broken = tmp_path / "b.csv"
    broken.write_text('id,label,level\nx,"open,Input\n', encoding="utf-8")
    assert [f.code for f in read_nodes(broken, ReadOptions()).findings] == ["TOC015"]


# --- nothing dropped: refused or kept ---------------------------------------------------------


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
def test_every_kpi_value_is_carried_even_an_empty_one(suffix: str) -> None:
    model = _model("bradford")
    kpi = model.kpis[0].model_copy(
        update={
            "baseline": Baseline(),  # says nothing at all: still a row (an item) of its own
            "target": [
                Target(value=10, year=2026, dimensions={"sex": "female"}),
                Target(status="tbc", period="2027-28", comparator="<"),
                Target(text="most say yes", start=dt.date(2028, 1, 1), end=dt.date(2028, 3, 31)),
            ],
            "actuals": [Actual(value=3, dimensions={"age group": "15-24"}, comment="q1")],
        }
    )
    changed = model.model_copy(update={"kpis": [kpi, *model.kpis[1:]]})
    written = write_file(changed, Path(f"m{suffix}"), format=_format(suffix))
    result = read_file(written[0])
    assert result.findings == []
    assert result.model == changed
    assert len(result.model.kpis[0].targets) == 3


def test_the_values_sheet_has_one_row_per_value(tmp_path: Path) -> None:
    model = _model("bradford")
    kpi = model.kpis[0].model_copy(
        update={"target": [Target(value=1, dimensions={"sex": "f"}), Target(value=2)]}
    )
    changed = model.model_copy(update={"kpis": [kpi]})
    [written] = write_file(changed, tmp_path / "v.xlsx", format="nodes")
    rows = [[text for _, text in row] for row in _sheets(written)["values"]]
    assert rows[0] == ["kpi", "role", "value", "comparator", "dimension.sex"]
    assert rows[1:] == [[kpi.id, "target", "1", ">=", "f"], [kpi.id, "target", "2", ">="]]


def test_bad_value_rows_are_findings_at_their_cells() -> None:
    path = _workbook(
        Path("v.xlsx"),
        {
            "elements": [["id", "label", "level"], ["k", "Reach", "KPI"]],
            "values": [
                ["kpi", "role", "value", "date", "dimension: sex"],
                ["k", "milestone", 1, None, "f"],
                ["k", "target", "lots", None, None],
                ["k", "targets", 5, "soon", "m"],
                ["k", "target", 6, None, "f"],
            ],
        },
    )
    result = read_nodes(path, ReadOptions())
    assert _places(result) == [
        ("TOC014", "v.xlsx:values!B2"),
        ("TOC014", "v.xlsx:values!C3"),
        ("TOC104", "v.xlsx:values!D4"),  # a date: read as text, refused by the model
    ]
    assert "baseline, target, actual" in result.findings[0].message
    assert result.model is None or [t.value for t in result.model.kpis[0].targets] == [None, 5, 6]


def test_an_older_workbook_with_an_actuals_sheet_still_reads() -> None:
    path = _workbook(
        Path("old.xlsx"),
        {
            "elements": [["id", "label", "level"], ["k", "Reach", "KPI"]],
            "kpis": [["id", "baseline value", "target value", "target year"], ["k", 2, 9, 2030]],
            "actuals": [["kpi", "value", "year"], ["k", 4, 2025], ["k", 6, 2026]],
        },
    )
    result = read_nodes(path, ReadOptions())
    assert result.findings == []
    assert result.model is not None
    kpi = result.model.kpis[0]
    assert kpi.baseline == Baseline(value=2)
    assert kpi.target == Target(value=9, year=2030)
    assert [a.value for a in kpi.actuals] == [4, 6]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".json"])
def test_links_to_ids_the_model_lacks_are_kept_for_the_rules(suffix: str) -> None:
    model = _model("bradford")
    activity = model.activities[0]
    dangling = activity.model_copy(update={"uses": [*activity.uses, Link(to="no-such-input")]})
    changed = model.model_copy(update={"activities": [dangling, *model.activities[1:]]})
    written = write_file(changed, Path(f"m{suffix}"), format=_format(suffix))
    result = read_file(written[0])
    assert result.findings == []
    assert result.model == changed
    unknown = [f for f in result.model.validate() if f.code == "TOC111"]
    assert len(unknown) == 1
    assert unknown[0].file == ("m-links.csv" if suffix == ".csv" else f"m{suffix}")


# --- the model's groups ---------------------------------------------------------------------------


def _grouped_board(folder: Path, elements: str, groups: str) -> Path:
    (folder / "board.csv").write_text(elements, encoding="utf-8")
    (folder / "board-groups.csv").write_text(groups, encoding="utf-8")
    return folder / "board.csv"


def test_a_groups_sheet_declares_the_model_groups_and_the_group_column_names_one(
    tmp_path: Path,
) -> None:
    board = _grouped_board(
        tmp_path,
        "id,label,level,pathway\n"
        "coach,Coach young people,Activity,Tenancy support\n"  # by label
        "plans,Plans agreed,Output,housing\n"  # by id
        "safe,Children are safe,Impact,\n",
        "id,label,parent,description\n"
        "tenancy,Tenancy support,Housing pathway,Keeping a home\n"  # parent by label, listed first
        "housing,Housing pathway,,\n",
    )
    result = read_file(board, format="nodes")
    assert result.model is not None, [f.format() for f in result.findings]
    model = result.model
    [housing] = model.groups
    assert (housing.id, housing.label, [g.id for g in housing.groups]) == (
        "housing", "Housing pathway", ["tenancy"]
    )  # fmt: skip
    assert housing.groups[0].description == "Keeping a home"
    assert [(e.id, e.group) for _, e in model.elements()] == [
        ("coach", "tenancy"), ("plans", "housing"), ("safe", None)
    ]  # fmt: skip
    assert not model.frameworks  # declared groups are not also made tags
    assert not [f for f in model.validate() if f.code in ("TOC118", "TOC119")]


def test_group_names_that_cannot_be_placed_are_findings_at_their_cells(tmp_path: Path) -> None:
    board = _grouped_board(
        tmp_path,
        "id,label,level,group\n"
        "a,Coach young people,Activity,Housing pathwya\n"  # a typo of a label
        "b,Plans agreed,Output,housing; schools\n"  # two groups: one is kept
        "c,Children are safe,Impact,nowhere\n",  # an id no group has: TOC118 from the rules
        "id,label,parent\n"
        "housing,Housing pathway,\n"
        "schools,Schools,Libraries\n"  # no such parent
        "loop-a,Loop A,loop-b\n"
        "loop-b,Loop B,loop-a\n",  # each inside the other
    )
    result = read_file(board, format="nodes")
    found = {(f.location.removeprefix(f"{tmp_path}/"), f.code) for f in result.findings}
    assert ("board.csv:2:4", "TOC020") in found
    typo = next(f for f in result.findings if f.location.endswith("/board.csv:2:4"))
    assert "did you mean `Housing pathway`?" in typo.message
    assert ("board.csv:3:4", "TOC022") in found
    assert ("board-groups.csv:3:3", "TOC020") in found  # Libraries
    assert ("board-groups.csv:5:3", "TOC020") in found  # the loop, broken where it closes
    model = result.model
    assert model is not None
    assert [(e.id, e.group) for _, e in model.elements()] == [
        ("a", None), ("b", "housing"), ("c", "nowhere")
    ]  # fmt: skip
    assert [g.id for g in model.groups] == ["housing", "schools", "loop-b"]
    assert [g.id for g in model.groups[2].groups] == ["loop-a"]
    unknown = next(f for f in model.validate() if f.code == "TOC118")
    assert unknown.location == f"{tmp_path}/board.csv:4:4"


def test_a_parent_is_named_as_an_element_names_its_group(tmp_path: Path) -> None:
    """By id first (whatever the row order), else by label as written or folded; a label
    shared by two groups, or a near miss, is TOC020 at the parent's cell, saying why."""
    board = _grouped_board(
        tmp_path,
        "id,label,level,group\na,Coach young people,Activity,north\n",
        "id,label,parent\n"
        "north,Youth work,\n"  # its label is another group's id: the id wins
        "youth-work,North,\n"
        "schools,Schools,youth-work\n"  # the id `youth-work`, not the group labelled so
        "clubs,Clubs,  HOUSING   pathway\n"  # a label, folded
        "housing,Housing pathway,\n"
        "east,Twin,\n"
        "west,Twin,\n"
        "parks,Parks,twin\n"  # the label of two groups
        "lanes,Lanes,Housing pathwya\n",  # a near miss
    )
    result = read_file(board, format="nodes")
    model = result.model
    assert model is not None
    from toc.groups import group_paths

    tree = {g: [c.id for c in chain[-1].groups] for g, chain in group_paths(model).items()}
    assert tree["youth-work"] == ["schools"] and tree["north"] == []
    assert tree["housing"] == ["clubs"]
    assert [g.id for g in model.groups if g.id in ("parks", "lanes")] == ["parks", "lanes"]
    messages = {
        f.location.removeprefix(f"{tmp_path}/"): f.message
        for f in result.findings
        if f.code == "TOC020"
    }
    assert set(messages) == {"board-groups.csv:9:3", "board-groups.csv:10:3"}
    assert "label of several groups (`east`, `west`)" in messages["board-groups.csv:9:3"]
    assert "did you mean `Housing pathway`?" in messages["board-groups.csv:10:3"]


def test_groups_without_ids_get_distinct_ids_that_no_written_id_has(tmp_path: Path) -> None:
    board = _grouped_board(
        tmp_path,
        "id,label,level\na,Coach young people,Activity\n",
        "id,label,parent\n,Housing,\n,Housing,\nhousing-2,Written,\n,Housing,\n",
    )
    result = read_file(board, format="nodes")
    assert result.model is not None
    assert [g.id for g in result.model.groups] == ["housing", "housing-3", "housing-2", "housing-4"]
    assert not [f for f in result.model.validate() if f.code == "TOC119"]


def test_without_a_groups_sheet_a_group_column_still_makes_tags(tmp_path: Path) -> None:
    (tmp_path / "board.csv").write_text(
        "id,label,level,pathway\ncoach,Coach young people,Activity,Housing pathway\n",
        encoding="utf-8",
    )
    model = read_file(tmp_path / "board.csv", format="nodes").model
    assert model is not None
    assert (model.activities[0].group, [t.ref for t in model.activities[0].tags]) == (
        None, ["groups:housing-pathway"]
    )  # fmt: skip


def test_a_model_with_groups_writes_a_groups_sheet_and_a_group_column(tmp_path: Path) -> None:
    model = toc.loads(
        "toc: 1\nid: m\ntitle: M\ngroups:\n- id: housing\n  label: Housing\n  groups:\n"
        "  - {id: tenancy, label: Tenancy}\nactivities:\n- {id: coach, label: Coach, group: tenancy}\n"
    )
    [written] = write_file(model, tmp_path / "m.xlsx", format="nodes")
    sheets = _sheets(written)
    assert [[text for _, text in row] for row in sheets["groups"]] == [
        ["id", "label", "parent"], ["housing", "Housing"], ["tenancy", "Tenancy", "housing"]
    ]  # fmt: skip
    assert [text for _, text in sheets["elements"][1]] == ["coach", "Coach", "Activity", "tenancy"]
    assert read_file(written).model == model
