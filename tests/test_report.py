"""The evaluator's report: every section present, nothing executable or fetched, labels escaped."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.golden import expected
from tests.render_models import HOSTILE_LABELS, bradford, hostile, small
from tests.test_render_safety import assert_nothing_executable
from toc.cli import main
from toc.findings import DOCS_URL
from toc.model import TheoryOfChange
from toc.render.errors import DotNotFoundError
from toc.report import (
    kpi_chart,
    report_sections,
    to_html_report,
    to_markdown_report,
    write_report,
)
from toc.report.chart import points

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz `dot` is not installed"
)
SECTIONS = (
    "toc-summary",
    "toc-diagram",
    "toc-logic-model",
    "toc-kpis",
    "toc-evidence",
    "toc-findings",
)


class _Page(HTMLParser):
    """Every start tag with its attributes, and all the text, of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def assert_self_contained(page: _Page) -> None:
    """No script, frame, image or style sheet link; links only in-page, to rule docs or http(s)."""
    for tag, attrs in page.tags:
        assert tag not in {"script", "iframe", "object", "embed", "img", "link", "foreignobject"}
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name not in {"src", "srcset", "action", "background"}, (tag, name)
            if name in {"href", "xlink:href"}:
                assert value is not None
                assert value.startswith(("#", DOCS_URL, "https://", "http://")), value
                assert "javascript" not in value.lower()


def svg_blocks(text: str) -> list[ET.Element]:
    """Every top-level inline `<svg>`, parsed as XML (so each must be well-formed)."""
    blocks = re.findall(r"<svg\b.*?</svg>(?![^<]*</svg>)", text, re.DOTALL)
    return [ET.fromstring(block) for block in blocks]


def with_numbers(**kpi: Any) -> TheoryOfChange:
    """The small model with one KPI holding a baseline, milestones and actuals."""
    base: dict[str, Any] = {
        "id": "feedback",
        "label": "Rated good",
        "measure": "percentage",
        "baseline": {"value": 60, "year": 2024},
        "target": [{"value": 70, "period": "2025-26"}, {"value": 90, "period": "2026-27"}],
        "actuals": [{"value": 72, "period": "2025-26"}, {"value": 65, "period": "2024-25"}],
    }
    base.update(kpi)
    return small(kpis=[base, {"id": "reach", "label": "Campaign reach"}])


@needs_dot
def test_html_report_has_every_section_the_diagram_and_nothing_fetched() -> None:
    text = to_html_report(bradford(), as_of=date(2026, 3, 31))
    page = parse(text)
    ids = {attrs.get("id") for _, attrs in page.tags}
    for section in SECTIONS:
        assert section in ids, section
    assert {"toc-coverage-home-office", "toc-coverage-llr"} <= ids
    assert_self_contained(page)
    svgs = svg_blocks(text)
    assert svgs[0].get("role") == "img" and "node" in ET.tostring(svgs[0], encoding="unicode")
    for svg in svgs:
        assert_nothing_executable(svg)
    assert "2026-03-31" in "".join(page.text)
    assert "<style>" in text and "@media print" in text and "@import" not in text


def test_every_contents_entry_names_a_section_that_exists() -> None:
    page = parse(to_html_report(with_numbers()))
    ids = {attrs.get("id") for _, attrs in page.tags}
    targets = [
        a["href"] for t, a in page.tags if t == "a" and (a.get("href") or "").startswith("#")
    ]
    assert targets and all(target[1:] in ids for target in targets if target)


def test_hostile_labels_are_shown_as_text_and_never_become_markup() -> None:
    model = hostile()
    text = to_html_report(model, title='<script>alert("t")</script>')
    page = parse(text)
    assert_self_contained(page)
    shown = "".join(page.text)
    assert '<script>alert("t")</script>' in shown  # the title, as text
    for label in HOSTILE_LABELS:
        visible = re.sub(r"\s+", " ", label.replace("\x00", " ").replace("\x07", " ")).strip()
        assert visible.split(" ")[0] in shown, label
    assert "&#1;" not in text.replace("&amp;#1;", "")
    for svg in svg_blocks(text):
        assert_nothing_executable(svg)


def test_hostile_periods_and_values_in_a_chart_stay_text() -> None:
    model = with_numbers(
        label='"><script>alert(1)</script>',
        target=[
            {"value": 1, "period": "</text><script>x</script>"},
            {"value": 2, "period": "&#1;"},
        ],
        actuals=[{"value": 3, "period": "javascript:alert(2)"}],
    )
    chart = kpi_chart(model.kpis[0])
    assert chart is not None
    root = ET.fromstring(chart)
    assert_nothing_executable(root)
    texts = "".join(root.itertext())
    assert "</text><script>x</script>" in texts and "&#1;" in texts
    assert_self_contained(parse(to_html_report(model)))


def test_chart_draws_baseline_first_then_periods_in_order() -> None:
    kpi = with_numbers().kpis[0]
    drawn = points(kpi)
    assert [(p.role, p.period, p.value) for p in drawn] == [
        ("baseline", "2024", 60.0),
        ("target", "2025-26", 70.0),
        ("target", "2026-27", 90.0),
        ("actual", "2025-26", 72.0),
        ("actual", "2024-25", 65.0),
    ]
    root = ET.fromstring(kpi_chart(kpi) or "")
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert labels[-4:] == ["2024", "2024-25", "2025-26", "2026-27"]
    assert len(list(root.iter("{http://www.w3.org/2000/svg}circle"))) == 2  # actuals
    assert len(list(root.iter("{http://www.w3.org/2000/svg}polygon"))) == 2  # targets


def test_no_chart_without_a_number_and_none_through_disaggregated_values() -> None:
    words = with_numbers(baseline=None, target={"text": "good"}, actuals=[])
    assert kpi_chart(words.kpis[0]) is None
    split = with_numbers(
        baseline=None, target={"value": 5, "dimensions": {"sex": "female"}}, actuals=[]
    )
    assert kpi_chart(split.kpis[0]) is None


def test_kpi_table_lists_baselines_targets_and_the_latest_actual() -> None:
    text = to_markdown_report(with_numbers())
    row = next(line for line in text.splitlines() if line.startswith("| Rated good"))
    assert "60% (2024)" in row
    assert "\\>= 70% (2025-26); \\>= 90% (2026-27)" in row
    assert row.endswith("| 72% (2025-26) |")  # latest period, not the last written


def test_report_without_graphviz_says_so_and_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*_: Any, **__: Any) -> Any:
        raise DotNotFoundError()

    monkeypatch.setattr("toc.render.dot.render", missing)
    page = parse(to_html_report(small()))
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert set(SECTIONS) <= ids
    assert "The diagram could not be drawn: the Graphviz program" in "".join(page.text)


def test_findings_are_grouped_by_severity_and_link_to_their_rule() -> None:
    model = small()
    report = model.validate()
    sections = {s.id: s for s in report_sections(model, report=report, draw=False)}
    findings = sections["toc-findings"]
    page = parse(findings.to_html())
    hrefs = {a["href"] for t, a in page.tags if t == "a"}
    assert {f"{DOCS_URL}{f.code}/" for f in report} == hrefs
    assert findings._repr_html_() == findings.to_html()


def test_markdown_report_of_bradford_is_the_golden_file() -> None:
    assert to_markdown_report(bradford()) == expected("bradford-report.md")


def test_write_report_refuses_its_own_model_and_unknown_extensions(tmp_path: Path) -> None:
    from toc._atomic import OutputIsInputError
    from toc.load import load

    source = tmp_path / "m.yaml"
    source.write_text("toc: 1\nid: m\ntitle: T\n", encoding="utf-8")
    model = load(source)
    with pytest.raises(OutputIsInputError):
        write_report(model, source, format="html")
    with pytest.raises(ValueError, match=r"end the name in \.html or \.md"):
        write_report(model, tmp_path / "r.txt")
    assert write_report(model, tmp_path / "r.md").read_text(encoding="utf-8").startswith("# T\n")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_writes_html_and_markdown_by_extension(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "report", "bradford", "-o", str(tmp_path / "r.md"))
    assert status == 0 and "wrote" in err
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == expected("bradford-report.md")
    status, _, _ = run(capsys, "report", "bradford", "-o", str(tmp_path / "r.htm"), "--title", "T")
    assert status == 0
    assert "<h1>T</h1>" in (tmp_path / "r.htm").read_text(encoding="utf-8")


def test_cli_writes_to_standard_output_with_a_format(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "report", "bradford", "-o", "-", "--format", "markdown")
    assert status == 0 and out == expected("bradford-report.md")
    status, out, err = run(capsys, "report", "bradford", "-o", "-")
    assert status == 2 and out == "" and "--format" in err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "r.txt"], "end OUT in .html, .htm or .md"),
        (["-o", "r.html", "--as-of", "31/03/2026"], "--as-of wants a date"),
    ],
)
def test_cli_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], message: str
) -> None:
    extra = [str(tmp_path / e) if e.startswith("r.") else e for e in extra]
    status, _, err = run(capsys, "report", "bradford", *extra)
    assert status == 2 and message in err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_to_write_over_its_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "m.yaml"
    source.write_text("toc: 1\nid: m\ntitle: T\n", encoding="utf-8")
    status, _, err = run(capsys, "report", str(source), "-o", str(source), "--format", "html")
    assert status == 2 and "it is the input file" in err
    assert source.read_text(encoding="utf-8") == "toc: 1\nid: m\ntitle: T\n"


def test_cli_unreadable_model_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("toc: [\n", encoding="utf-8")
    status, _, err = run(capsys, "report", str(bad), "-o", str(tmp_path / "r.html"))
    assert status == 2 and "could not read" in err
    assert not (tmp_path / "r.html").exists()


ACTUALS = Path(__file__).resolve().parents[1] / "examples" / "bradford-actuals.csv"


def test_report_with_actuals_has_each_kpis_rag_and_the_files_values(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, err = run(
        capsys, "report", "bradford", "--actuals", str(ACTUALS), "--as-of", "2026-06-30",
        "-o", "-", "--format", "markdown",
    )  # fmt: skip
    assert status == 0, err
    table = out[out.index("| KPI | Measure |") :].split("\n\n", 1)[0].splitlines()
    assert table[0].endswith("| Latest actual | RAG |")
    rows = {row.split(" | ")[0].lstrip("| "): row for row in table[2:]}
    assert rows["90% feedback good/very good"].endswith("| 95% (2025-Q3) | green |")
    assert any(row.endswith("| red |") for row in rows.values())
    without = run(capsys, "report", "bradford", "-o", "-", "--format", "markdown")[1]
    assert "| RAG |" not in without and "(2025-Q3)" not in without


def test_report_refuses_an_unreadable_actuals_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, "report", "bradford", "--actuals", str(tmp_path / "missing.csv"),
        "-o", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert status == 2 and "could not read the actuals" in err
    assert not (tmp_path / "r.html").exists()


def test_a_long_series_names_some_periods_and_always_the_last() -> None:
    from toc.model import Actual, Kpi
    from toc.report.chart import kpi_chart

    periods = [f"{year}-Q{quarter}" for year in (2023, 2024, 2025) for quarter in (1, 2, 3, 4)]
    kpi = Kpi(
        id="k", label="K", measure="unit", unit="people",
        actuals=tuple(Actual(period=p, value=i) for i, p in enumerate(periods)),
    )  # fmt: skip
    svg = kpi_chart(kpi)
    assert svg is not None
    root = ET.fromstring(svg)
    named = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text in periods]
    assert named[-1] == "2025-Q4" and 2 <= len(named) < len(periods)
