"""The logic-model table format: reading messy real-world tables, writing, and round trips."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import toc
from tests.strategies import models
from toc.io import FORMATS, ReadOptions, format_for, read_file, write_file
from toc.io.table import read_table, table_bytes
from toc.load import LoadResult, load
from toc.model import Outcome, TheoryOfChange
from toc.render.table import logic_model_table
from toc.render.text import clean

from .helpers import messy_workbook, workbook, zip_bomb

BUNDLED = ["bradford", "llr", "home_office"]
CHAIN = ("inputs", "activities", "outputs", "kpis", "outcomes", "impacts")


def _labels(model: TheoryOfChange) -> dict[str, list[str]]:
    return {field: [e.label for e in getattr(model, field)] for field in CHAIN}


def _table_labels(model: TheoryOfChange) -> dict[str, list[str]]:
    """What the table shows of each kind, top to bottom, each label once (cleaned)."""
    table = logic_model_table(model)
    found: dict[str, dict[str, None]] = {field: {} for field in CHAIN}
    for column in range(6):
        for row in table.rows:
            for element in row[column]:
                found[CHAIN[column]].setdefault(clean(element.label))
    return {field: list(labels) for field, labels in found.items()}


def _read(path: Path, **levels: str) -> LoadResult:
    return read_file(path, options=ReadOptions(levels=levels))


def _codes(result: LoadResult) -> list[tuple[str, str]]:
    return [(f.location.split(":", 1)[1], f.code) for f in result.findings]


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_bundled_models_round_trip_their_elements_labels_and_order(
    name: str, suffix: str, tmp_path: Path
) -> None:
    model = load(name)
    [path] = write_file(model, tmp_path / f"{name}{suffix}")
    result = read_file(path)
    assert result.model is not None, result.report.to_text()
    assert [f.code for f in result.findings] == []
    assert _labels(result.model) == _table_labels(model)
    if suffix == ".xlsx":
        assert result.model.title == clean(model.title)
    terms = {clean(e.label): e.term for e in model.outcomes}
    assert {e.label: e.term for e in result.model.outcomes} == terms


def test_bradford_rows_give_back_its_stated_links(tmp_path: Path) -> None:
    """Bradford's table states activity i → output i → the KPIs of row i; all come back."""
    model = load("bradford")
    [path] = write_file(model, tmp_path / "bradford.xlsx")
    read = read_file(path).model
    assert read is not None
    label = {e.id: e.label for _, e in read.elements()}
    original = {e.id: e.label for _, e in model.elements()}

    def pairs(m: TheoryOfChange, names: dict[str, str], relation: str) -> set[tuple[str, str]]:
        return {
            (names[e.id], names[link.to])
            for _, e in m.chain_elements()
            for rel, _, link in e.links()
            if rel == relation and (m is read or link.basis == "stated")
        }

    for relation in ("produces", "measured_by"):
        assert pairs(read, label, relation) == pairs(model, original, relation)
    assert all(
        link.basis == "inferred" for _, e in read.chain_elements() for _, _, link in e.links()
    )


def _carried(model: TheoryOfChange) -> bool:
    """Labels the table format documents it can carry: see docs/import-export.md.

    A model's own outcome levels come back only when read with `levels` naming them
    (tests/test_outcome_levels.py reads one back so).
    """
    if model.outcome_levels:
        return False
    bullet = re.compile(r"^(?:[•◦‣▪▫●○■□·∙\-\u2013\u2014*]|\(?[0-9]{1,2}[.)])\s")
    for _, element in model.elements():
        label = clean(element.label)
        if not label or bullet.match(label) or " • " in f" {label} ":
            return False
        if isinstance(element, Outcome) and re.match(r"(?i)(short|medium|long)[- ]term:", label):
            return False
    return True


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(model=models())
def test_generated_models_round_trip(suffix: str, model: TheoryOfChange, tmp_path: Path) -> None:
    assume(_carried(model))
    [path] = write_file(model, tmp_path / f"generated{suffix}")
    result = read_file(path)
    assert result.model is not None, result.report.to_text()
    assert [f.code for f in result.findings] == []
    assert _labels(result.model) == _table_labels(model)


def test_formula_text_is_written_as_text_and_read_back(tmp_path: Path) -> None:
    attack = "=cmd|' /C calc'!A0"
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "m",
            "title": '=HYPERLINK("http://x")',
            "inputs": [{"id": "a", "label": attack}],
            "activities": [{"id": "b", "label": "@SUM(A1)"}, {"id": "c", "label": "'=quoted"}],
        }
    )
    [xlsx] = write_file(model, tmp_path / "m.xlsx")
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert (sheet["A1"].data_type, sheet["A1"].value) == ("s", '=HYPERLINK("http://x")')
    assert (sheet["A3"].data_type, sheet["A3"].value) == ("s", attack)
    [csv] = write_file(model, tmp_path / "m.csv")
    assert "'=cmd|" in csv.read_text(encoding="utf-8-sig")
    for path in (xlsx, csv):
        read = read_file(path).model
        assert read is not None
        assert [e.label for e in read.inputs] == [attack]
        assert [e.label for e in read.activities] == ["@SUM(A1)", "'=quoted"]


def test_a_label_starting_with_a_bullet_loses_it_as_documented(tmp_path: Path) -> None:
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "m",
            "title": "M",
            "inputs": [{"id": "a", "label": "1. Funding"}],
            "activities": [{"id": "b", "label": "Train"}],
        }
    )
    [path] = write_file(model, tmp_path / "m.csv")
    read = read_file(path).model
    assert read is not None and read.inputs[0].label == "Funding"
    assert read.inputs[0].source is not None and read.inputs[0].source.text == "1. Funding"


def test_mixed_terms_are_written_as_prefixes_and_read_back(tmp_path: Path) -> None:
    model = TheoryOfChange.model_validate(
        {
            "toc": 1,
            "id": "m",
            "title": "M",
            "activities": [{"id": "a", "label": "Act"}],
            "outcomes": [
                {"id": "s", "label": "Soon", "term": "short"},
                {"id": "l", "label": "Later", "term": "long"},
            ],
        }
    )
    [path] = write_file(model, tmp_path / "m.csv")
    text = path.read_text(encoding="utf-8-sig")
    assert "Outcomes" in text.splitlines()[0] and "term:" in text
    result = read_file(path)
    assert result.model is not None and result.findings == []
    assert {(o.label, o.term) for o in result.model.outcomes} == {
        (clean(o.label), o.term) for o in model.outcomes
    }


# --- reading a messy workbook ----------------------------------------------------------------


@pytest.fixture
def messy(tmp_path: Path) -> LoadResult:
    return _read(messy_workbook(tmp_path / "plan.xlsx"))


def test_messy_workbook_findings_name_their_cells(messy: LoadResult) -> None:
    assert _codes(messy) == [
        ("Logic model!B4", "TOC018"),  # "Activites"
        ("Logic model!H4", "TOC013"),  # "Budget": its value is not imported
        ("Logic model!I4", "TOC013"),  # a value in a column with no heading
        ("Logic model!C7", "TOC014"),  # #REF!
        ("Logic model!D7", "TOC014"),  # a date where text belongs
        ("Logic model!D9", "TOC014"),  # a formula with no saved result
    ]
    assert "1 value(s)" in messy.findings[1].message


def test_messy_workbook_elements(messy: LoadResult) -> None:
    model = messy.model
    assert model is not None
    assert (model.id, model.title) == (
        "healthy-minds-programme-2025-2028",
        "Healthy Minds Programme 2025-2028",
    )
    assert model.description == "Draft for the partnership board"
    assert _labels(model) == {
        "inputs": ["Council funding", "Volunteers", "Clinical leads"],
        "activities": [
            "Train GPs in mental health first aid",  # a wrapped line joined back
            "Peer support groups",
            "Helpline",
            "Webchat and text service",  # a bullet whose text wraps onto the next line
        ],
        "outputs": ["200 GPs trained", "Training pack", "2024", "Calls answered"],
        "kpis": ["Number of GPs trained", "Share of GPs trained"],  # the saved formula's result
        "outcomes": [
            "GPs recognise distress",
            "Patients feel heard",
            "Waits fall",
            "Earlier referrals",
        ],
        "impacts": ["Fewer crises"],
    }
    assert [o.term for o in model.outcomes] == ["short", "short", "short", "medium"]
    helpline = model.by_id["webchat-and-text-service"]
    assert helpline.source is not None
    assert helpline.source.text == "- Webchat and\n  text service"
    assert helpline.source.section == "Logic model!B9"
    assert model.by_id["council-funding"].source.text is None  # type: ignore[union-attr]


def test_messy_workbook_links_follow_the_documented_row_rule(messy: LoadResult) -> None:
    model = messy.model
    assert model is not None
    links = {
        (e.id, relation, link.to)
        for _, e in model.chain_elements()
        for relation, _, link in e.links()
    }
    assert links == {
        # the merged activity cell B5:B6 covers rows 5 and 6
        ("train-gps-in-mental-health", "produces", "200-gps-trained"),
        ("train-gps-in-mental-health", "produces", "training-pack"),
        ("train-gps-in-mental-health", "produces", "2024"),
        # row 5 has two outputs, so its KPI measures the one activity covering the row
        ("train-gps-in-mental-health", "measured_by", "number-of-gps-trained"),
        # row 6 has one output, so its KPI measures that output
        ("2024", "measured_by", "share-of-gps-trained"),
        # row 9 has two activities in one cell: nothing is inferred
    }


def test_rule_findings_of_an_imported_table_point_at_cells(messy: LoadResult) -> None:
    assert messy.model is not None
    report = messy.model.validate()
    orphan = next(f for f in report if f.code == "TOC203" and f.element_id == "calls-answered")
    assert orphan.location.endswith("plan.xlsx:Logic model!C9")
    assert any(f.code == "TOC014" for f in report)  # reading findings stay with the model


def test_every_path_into_an_imported_element_is_at_its_cell(messy: LoadResult) -> None:
    """An element is a plain mapping at its cell; each inferred link is at its target's cell."""
    assert messy.model is not None and messy.model.source_map is not None
    place = messy.model.source_map.place
    index = next(
        i for i, a in enumerate(messy.model.activities) if a.id == "train-gps-in-mental-health"
    )
    cell = (5, 2, "Logic model")  # B5, the merged activity cell
    assert place(("activities", index)) == cell
    assert place(("activities", index, "label")) == cell
    assert place(("activities", index, "label"), key=True) == cell
    assert place(("activities", index, "source", "section")) == cell
    links = messy.model.activities[index].produces
    target = next(o for o in messy.model.outputs if o.id == links[0].to)
    assert target.source is not None and target.source.section is not None
    assert place(("activities", index, "produces", 0, "to")) == (
        int(target.source.section.rpartition("!")[2][1:]),
        3,
        "Logic model",
    )


def test_a_plain_container_has_the_mark_of_the_node_holding_it() -> None:
    from toc.positions import SourceMap
    from toc.yamlsafe import Mark, YamlMap, YamlSeq

    root = YamlMap(Mark(1, 1, 0, 0))
    items = YamlSeq(Mark(2, 1, 0, 0))
    inner = YamlSeq(Mark(3, 1, 0, 0))
    inner.append("b")
    inner.item_marks.append(Mark(9, 4, 0, 0))
    items.append({"id": "a", "links": inner})
    items.item_marks.append(Mark(3, 2, 0, 0))
    root["items"] = items
    root.value_marks["items"] = root.key_marks["items"] = Mark(2, 1, 0, 0)
    where = SourceMap("f", root)
    assert where.locate(("items", 0, "id")) == (3, 2)
    assert where.locate(("items", 0, "links", 0)) == (9, 4)  # positioned again inside it
    assert where.locate(("items", 0, "missing")) == (3, 2)


# --- reading: headers and cells -------------------------------------------------------------


def _csv(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_table_with_a_title_line_and_semicolons(tmp_path: Path) -> None:
    path = _csv(tmp_path, "My plan;;\nInputs;Activities;KPIs\nMoney;Coach;Sessions run\n")
    result = _read(path)
    assert result.model is not None and result.findings == []
    assert (result.model.id, result.model.title) == ("my-plan", "My plan")
    assert result.model.activities[0].measured_by[0].to == "sessions-run"


def test_without_a_title_the_file_name_is_used(tmp_path: Path) -> None:
    result = _read(_csv(tmp_path, "Inputs,Activities\nMoney,Coach\n", "Youth Plan.csv"))
    assert result.model is not None
    assert (result.model.id, result.model.title) == ("youth-plan", "Youth Plan")


def test_plain_outcomes_are_short_term_with_a_warning(tmp_path: Path) -> None:
    result = _read(_csv(tmp_path, "Activities,Outcomes\nCoach,Confidence\n"))
    assert _codes(result) == [("1:2", "TOC018")]
    assert result.model is not None and result.model.outcomes[0].term == "short"


def test_no_header_row_is_a_missing_column_finding(tmp_path: Path) -> None:
    result = _read(_csv(tmp_path, "Name,Cost\nMoney,12\n"))
    assert result.model is None
    assert [f.code for f in result.findings] == ["TOC017"]
    assert "Inputs" in result.findings[0].message


@pytest.mark.parametrize(("row", "found"), [(20, True), (21, False)])
def test_the_header_row_is_looked_for_in_the_first_20_rows_of_a_sheet(
    tmp_path: Path, row: int, found: bool
) -> None:
    """Rows, not non-empty rows: a sheet read once for its head and body keeps that meaning."""
    rows: list[list[Any]] = [[None]] * (row - 1) + [["Inputs", "Activities"], ["Money", "Coach"]]
    result = _read(workbook(tmp_path / "plan.xlsx", rows))
    assert (result.model is not None) is found
    if found:
        assert result.model is not None and [a.label for a in result.model.activities] == ["Coach"]
    else:
        assert [f.code for f in result.findings] == ["TOC017"]


def test_levels_map_an_unknown_heading(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Inputs,Outputs,Workstreams,Goals\nMoney,Plan,Coach,Thrive\n")
    assert _codes(_read(path)) == [("1:3", "TOC013"), ("1:4", "TOC013")]
    result = _read(path, Workstreams="activity", Goals="outcome:long")
    assert result.findings == [] and result.model is not None
    assert [e.label for e in result.model.activities] == ["Coach"]
    assert [(e.label, e.term) for e in result.model.outcomes] == [("Thrive", "long")]


def test_same_label_twice_is_one_element_and_ids_stay_unique(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Activities,Outputs,KPIs\nCoach,Sessions,Attendance\nMentor,Sessions!,Attendance\n"
        "Café,Coach,x\n",
    )
    model = _read(path).model
    assert model is not None
    assert [e.id for e in model.kpis] == ["attendance", "x"]
    assert [e.id for e in model.outputs] == ["sessions", "sessions-2", "coach-2"]
    assert model.activities[2].id == "cafe"
    assert [link.to for link in model.activities[0].measured_by] == []
    assert [link.to for link in model.outputs[0].measured_by] == ["attendance"]
    assert [link.to for link in model.outputs[1].measured_by] == ["attendance"]


def test_an_unreadable_source_gives_no_model_and_one_finding(tmp_path: Path) -> None:
    result = read_table(zip_bomb(tmp_path / "bomb.xlsx", megabytes=20), ReadOptions())
    assert result.model is None
    assert [f.code for f in result.findings] == ["TOC015"]


def test_a_100_mb_cell_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:
        stream.write(b"Inputs,Activities\nFunding,")
        stream.write(b"x" * (100 * 1024 * 1024))
    result = read_file(path, format="table")
    assert result.model is None and [f.code for f in result.findings] == ["TOC002"]


def test_a_long_cell_in_a_readable_file_is_reported_at_its_cell(tmp_path: Path) -> None:
    path = _csv(tmp_path, "Inputs,Activities\nFunding," + "x" * 40_000 + "\nStaff,Coach\n")
    result = _read(path)
    assert _codes(result) == [("2:2", "TOC014")]
    assert result.model is not None and [e.label for e in result.model.activities] == ["Coach"]


# --- the registry ----------------------------------------------------------------------------


def test_the_table_format_is_registered_for_xlsx_and_csv(tmp_path: Path) -> None:
    assert FORMATS["table"].extensions == (".xlsx", ".csv")
    table = _csv(tmp_path, "Title\nInputs,Activities\n", "t.csv")
    assert FORMATS["table"].sniff is not None and FORMATS["table"].sniff(table)
    other = _csv(tmp_path, "id,label,level\na,A,Activity\n", "n.csv")
    assert not FORMATS["table"].sniff(other)
    book = workbook(tmp_path / "t.xlsx", [["x"], ["Outputs", "KPIs"]])
    assert FORMATS["table"].sniff(book)
    assert format_for(book, reading=True) is FORMATS["table"]
    assert not FORMATS["table"].sniff(tmp_path / "missing.xlsx")


def test_xlsx_written_has_title_bold_headings_and_wrapped_items() -> None:
    data = table_bytes(load("bradford"), xlsx=True)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Logic model"]
    assert sheet["A1"].value.startswith("Bradford District") and sheet["A1"].font.bold
    assert [c.value for c in sheet[2]] == [
        "Inputs", "Activities", "Outputs", "KPIs", "Short-term outcomes", "Impacts",
    ]  # fmt: skip
    assert sheet["A2"].font.bold and sheet["C3"].alignment.wrap_text
    kpis: Any = sheet["D5"].value
    assert kpis.count("\n") == 4 and kpis.startswith("• Number of people")
    assert 12 <= sheet.column_dimensions["B"].width <= 62


# --- the documented example -----------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def test_the_documented_example_output_is_the_real_output() -> None:
    from toc.dump import dumps

    page = (ROOT / "docs" / "import-export.md").read_text(encoding="utf-8")
    block = page.split(
        "checked against the real output by tests/io/test_table.py -->\n\n```yaml\n"
    )[1]
    documented = block.split("```", 1)[0]
    result = read_file(ROOT / "examples" / "logic-model-table.csv")
    assert result.model is not None and result.findings == []
    assert dumps(result.model) == documented


def test_the_example_workbook_and_csv_say_the_same() -> None:
    xlsx = read_file(ROOT / "examples" / "logic-model-table.xlsx")
    csv = read_file(ROOT / "examples" / "logic-model-table.csv")
    assert xlsx.model is not None and csv.model is not None and xlsx.findings == []
    assert _labels(xlsx.model) == _labels(csv.model)
    assert xlsx.model.title == csv.model.title == "Healthy Minds logic model"


_LABEL_PIECES = st.sampled_from(
    ["a", "B", "é", "9", " ", "-", "ß", "ﬁ", "x" * 45, "word", "Z", "_", "\t", ":", "\x7f", "@"]
)


@given(st.one_of(st.text(), st.lists(_LABEL_PIECES).map("".join)))
def test_ids_from_labels_are_the_general_rule_s(label: str) -> None:
    """The quick id (five words that fit, ASCII read as is) is what the word-by-word rule gives."""
    import unicodedata

    from toc.io.table import _WORD, _fitted_slug, _new_id, _slug

    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode().lower()
    assert _slug(label) == _fitted_slug(_WORD.findall(plain))
    assert _new_id(label, "kpi", set()) == (_slug(label) or "kpi")


_CELL_PIECES = st.sampled_from(
    ["a", "Word", " ", "  ", "\n", "\r", "•", "◦", "-", "\u2013", "*", "(", "1", "2.", "3)", "\t",
     "\xa0", "\x00", "é"]
)  # fmt: skip


@given(st.one_of(st.text(), st.lists(_CELL_PIECES).map("".join)))
@example("- a bullet")
@example("\u2013 a dash")
@example("* a star")
@example("1. Funding")
@example("(2) Staff")
@example("12) Volunteers")
@example("2024 plan")
def test_a_cell_taken_as_one_clean_item_is_what_the_item_split_gives(text: str) -> None:
    from toc.io.table import _Item, _items, _one_clean_item

    if _one_clean_item(text):
        assert _items(text) == [_Item(text, text)]


def test_telling_a_table_from_a_node_list_and_reading_it_opens_the_workbook_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toc.io import _spreadsheet

    path = tmp_path / "plan.xlsx"
    toc.write_file(toc.load("bradford"), path, format="table")
    nodes = tmp_path / "nodes.xlsx"
    toc.write_file(toc.load("bradford"), nodes, format="nodes")
    opened: list[str] = []
    real = _spreadsheet.open_xlsx

    def counting(target: Path, **options: Any) -> Any:
        opened.append(Path(target).name)
        return real(target, **options)

    from toc.io import nodes as nodes_module
    from toc.io import table as table_module

    for module in (_spreadsheet, nodes_module, table_module):
        monkeypatch.setattr(module, "open_xlsx", counting)
    assert format_for(path, None, reading=True).name == "table"
    assert opened == ["plan.xlsx"]  # it was opened once to ask "a node list?", once "a table?"
    assert format_for(nodes, None, reading=True).name == "nodes"
    assert opened == ["plan.xlsx", "nodes.xlsx", "nodes.xlsx"]  # the node list's own sniff
    opened.clear()
    for workbook_path, name in ((path, "table"), (nodes, "nodes")):
        read = read_file(workbook_path)  # opened once to tell and to read
        assert opened == [workbook_path.name]
        opened.clear()
        chosen = format_for(workbook_path, None, reading=True)
        assert chosen.name == name and chosen.read is not None
        alone = chosen.read(workbook_path, ReadOptions())
        opened.clear()
        assert read.model is not None and alone.model is not None
        assert toc.dumps(read.model) == toc.dumps(alone.model)
        assert read.findings == alone.findings
