"""The logic-model table: one row per activity, as Markdown, HTML and CSV."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.golden import DIAGRAMS_DOC, actual, doc_text, expected
from tests.render_models import bradford, small
from toc.render import (
    logic_model_table,
    to_csv,
    to_html_table,
    to_markdown_table,
    write_csv,
    write_html_table,
    write_markdown_table,
)


def ids(cell: tuple[object, ...]) -> list[str]:
    return [e.id for e in cell]  # type: ignore[attr-defined]


def test_bradford_markdown_table_matches_the_golden_file() -> None:
    """Regenerate with `python -m tests.regenerate`, then review the diff."""
    assert actual("bradford.md") == expected("bradford.md")


def test_docs_show_the_current_table_and_mermaid() -> None:
    """docs/diagrams.md copies the golden files; `python -m tests.regenerate` refreshes it."""
    assert doc_text() == DIAGRAMS_DOC.read_text(encoding="utf-8")
    assert "<!-- golden: bradford.md -->\n| Inputs |" in doc_text()


def test_bradford_gives_back_the_rows_of_the_source_table() -> None:
    """Row i of the strategy's LOGIC MODEL: activity i, output i and the KPIs of row i's cell."""
    table = logic_model_table(bradford())
    assert table.headings == (
        "Inputs", "Activities", "Outputs", "KPIs", "Short-term outcomes", "Impacts",
    )  # fmt: skip
    assert [ids(row[1]) for row in table.rows] == [
        ["system-assurance"], ["communications"], ["practitioner-training"],
        ["organisation-training"],
    ]  # fmt: skip
    assert [ids(row[2]) for row in table.rows] == [
        ["assurance-framework-in-place"], ["aware-of-atr"], ["trauma-informed-workforce"],
        ["supportive-organisational-context"],
    ]  # fmt: skip
    assert [len(row[3]) for row in table.rows] == [1, 2, 5, 3]
    assert ids(table.rows[2][3])[:2] == ["kpi-training-participants", "kpi-feedback-good"]
    assert [ids(row[0]) for row in table.rows] == [
        ["steering-group-governance"], ["funding-staff-capacity"], ["informal-advocates"],
        ["strategic-buy-in"],
    ]  # fmt: skip
    assert [len(row[5]) for row in table.rows] == [1, 1, 1, 0]


def test_kpis_of_an_activity_and_of_its_outputs_share_its_row() -> None:
    model = small(
        activities=[
            {"id": "train", "label": "Train", "produces": ["trained"], "measured_by": ["reach"]},
            {"id": "campaign", "label": "Campaign", "produces": ["aware"]},
        ]
    )
    table = logic_model_table(model)
    assert ids(table.rows[0][3]) == ["reach", "feedback"]
    assert ids(table.rows[1][3]) == []


def test_outputs_and_kpis_no_activity_reaches_get_rows_of_their_own() -> None:
    table = logic_model_table(small(activities=[]))
    assert [ids(row[2]) for row in table.rows] == [["trained"], ["aware"]]
    assert [ids(row[3]) for row in table.rows] == [["feedback"], ["reach"]]


def test_outcomes_of_several_terms_say_their_term() -> None:
    text = to_markdown_table(small())
    assert "| Outcomes |" in text
    assert "Short term: Resilience in the workforce" in text
    assert "Medium term: Practice changes" in text


def test_markdown_cells_hold_several_items() -> None:
    text = to_markdown_table(bradford())
    assert "Number of campaign/projects delivered<br>Reach of specific comms" in text
    assert text.splitlines()[1] == "| --- | --- | --- | --- | --- | --- |"
    assert all(line.count(" | ") == 5 for line in text.splitlines())


def test_html_table_is_xml_with_a_caption_and_headers() -> None:
    model = bradford()
    root = ET.fromstring(to_html_table(model))
    assert root.tag == "table"
    assert root.findtext("caption") == model.title
    assert [th.text for th in root.iter("th")] == list(logic_model_table(model).headings)
    assert len(root.findall("tbody/tr")) == 4
    assert len(root.findall(".//p")) == sum(1 for _ in model.chain_elements())


def test_csv_reads_back_to_the_same_cells() -> None:
    model = bradford()
    rows = list(csv.reader(io.StringIO(to_csv(model))))
    table = logic_model_table(model)
    assert rows[0] == list(table.headings)
    assert len(rows) == 1 + len(table.rows)
    assert rows[3][3].split("\n")[1] == "90% feedback good/very good"


def test_write_functions(tmp_path: Path) -> None:
    model = small()
    assert write_markdown_table(model, tmp_path / "t.md").read_text(encoding="utf-8") == (
        to_markdown_table(model)
    )
    assert write_html_table(model, tmp_path / "t.html").read_text(encoding="utf-8") == (
        to_html_table(model)
    )
    data = write_csv(model, tmp_path / "t.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs to read UTF-8
    assert data[3:].decode("utf-8") == to_csv(model)


def test_an_invalid_measured_by_does_not_put_an_input_in_the_kpi_column() -> None:
    from toc.load import loads

    model = loads(
        "toc: 1\nid: m\ntitle: T\ninputs: [{id: money, label: Money}]\n"
        "activities: [{id: a, label: Act, uses: [money], measured_by: [money]}]\n"
    )
    row = next(line for line in to_markdown_table(model).splitlines() if line.startswith("| Money"))
    assert row.split("|")[4].strip() == ""
