"""IATI 2.03 results XML: reading a realistic file, hostile files, writing, and round trips."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import toc
from tests.strategies import models, numbers, words
from toc.io import FORMATS, ReadOptions, convert, format_for, read_file, write_file
from toc.io._xml import XmlRefused, parse_xml
from toc.io.iati import PLACEHOLDERS, NotCarriedWarning, read_iati_bytes, to_iati
from toc.load import LoadResult
from toc.model import Actual, Kpi, Link, Output, Target, TheoryOfChange

DATA = Path(__file__).parent / "data"
RESULTS = DATA / "results.xml"


def _read(xml: str, **options: Any) -> LoadResult:
    return read_iati_bytes(xml.encode("utf-8"), name="results.xml", options=ReadOptions(**options))


def _places(result: LoadResult) -> list[tuple[str, int, int]]:
    return sorted((f.code, f.line, f.col) for f in result.findings)


def _activity(body: str, *, identifier: str = "GB-1-A") -> str:
    return (
        '<iati-activities version="2.03">\n'
        '  <iati-activity xml:lang="en">\n'
        f"    <iati-identifier>{identifier}</iati-identifier>\n"
        "    <title><narrative>A programme</narrative></title>\n"
        f"{body}"
        "  </iati-activity>\n"
        "</iati-activities>\n"
    )


RESULT = """\
    <result type="{type}">
      <title><narrative>Staff trained</narrative></title>
      <indicator measure="1">
        <title><narrative>Number of staff trained</narrative></title>
{inside}      </indicator>
    </result>
"""


def _result(inside: str = "", type: str = "1") -> str:
    return RESULT.format(type=type, inside=inside)


# --- the realistic file --------------------------------------------------------------------


@pytest.fixture(scope="module")
def imported() -> LoadResult:
    return read_file(RESULTS)


def test_the_realistic_file_is_found_by_its_extension() -> None:
    assert format_for(RESULTS, reading=True) is FORMATS["iati"]
    assert format_for(Path("out.xml"), reading=False) is FORMATS["iati"]


def test_everything_not_imported_is_a_finding_at_its_place(imported: LoadResult) -> None:
    assert _places(imported) == [
        ("TOC014", 60, 19),  # value="12 (provisional)"
        ("TOC022", 18, 5),  # <description type="2">
        ("TOC022", 29, 22),  # aggregation-status on a result
        ("TOC022", 37, 7),  # <document-link>
        ("TOC022", 45, 9),  # <reference vocabulary="1">
        ("TOC022", 73, 13),  # <location> on an actual
    ]
    compound = next(f for f in imported.findings if f.code == "TOC014")
    assert compound.location == f"{RESULTS}:60:19"
    assert "`12 (provisional)`" in compound.message and "kept in the comment" in compound.message


def test_the_activity_becomes_the_model(imported: LoadResult) -> None:
    model = imported.model
    assert model is not None
    assert model.id == "gb-chc-1234567-smh-2024"
    assert model.title == "School mental health first aid, Kisumu County"
    assert model.description is not None and model.description.startswith("Training teachers")
    assert model.source is not None
    assert model.source.text == (
        "title (fr): Premiers secours en santé mentale à l'école, comté de Kisumu"
    )


def test_results_become_outputs_and_outcomes_with_their_indicators(imported: LoadResult) -> None:
    model = imported.model
    assert model is not None
    [output] = model.outputs
    [outcome] = model.outcomes
    assert (output.id, output.label) == (
        "teachers-trained-in-mental-health-first-aid",
        "Teachers trained in mental health first aid",
    )
    assert output.source is not None
    assert (
        output.source.text == "title (fr): Enseignants formés aux premiers secours en santé mentale"
    )
    assert outcome.term == "short"  # IATI outcomes have no term: short unless --levels says
    assert [link.to for link in output.measured_by] == ["number-of-teachers-completing-the-course"]
    assert len(outcome.measured_by) == 2
    assert [k.measure for k in model.kpis] == ["unit", "percentage", "qualitative"]


def test_every_period_target_and_actual_is_kept_with_dimensions(imported: LoadResult) -> None:
    model = imported.model
    assert model is not None
    teachers = model.kpis[0]
    assert (teachers.ascending, teachers.aggregation_status) == (True, True)
    [baseline] = teachers.baselines
    assert (baseline.value, baseline.year, baseline.date) == (0, 2023, dt.date(2023, 12, 31))
    first, last = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
    assert teachers.targets == (
        Target(
            value=150,
            start=first,
            end=last,
            dimensions={"sex": "female"},
            comment="Half of the places are for women.",
        ),
        Target(value=150, start=first, end=last, dimensions={"sex": "male"}),
        Target(value=400, start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31)),
    )
    female, male, later = teachers.actuals
    assert female == Actual(value=164, start=first, end=last, dimensions={"sex": "female"})
    assert male.value is None and male.dimensions == {"sex": "male"}
    assert male.comment == (
        "Returns from two sub-counties are still outstanding.\n"
        "(fr) Les retours de deux sous-comtés sont encore attendus.\n"
        "Value as written in the IATI file: 12 (provisional)"
    )
    assert later == Actual(status="tbc", start=dt.date(2025, 4, 1), end=dt.date(2026, 3, 31))


def test_a_qualitative_indicator_keeps_its_words_as_values(imported: LoadResult) -> None:
    model = imported.model
    assert model is not None
    talk = model.kpis[2]
    assert talk.is_qualitative
    assert (
        talk.baselines[0].text
        == "Staff say they avoid the subject and wait for a parent to raise it."
    )
    assert talk.targets[0].text == "Staff start the conversation and know where to refer."
    assert talk.targets[0].value is None


def test_validating_the_import_points_rule_findings_at_the_xml(imported: LoadResult) -> None:
    assert imported.model is not None
    report = imported.model.validate()
    no_source = next(f for f in report if f.code == "TOC305")
    assert no_source.location == f"{RESULTS}:41:7"  # the <indicator> start tag


def test_convert_writes_yaml_that_loads_to_the_same_model(
    tmp_path: Path, imported: LoadResult
) -> None:
    result, [written] = convert(RESULTS, tmp_path / "model.yaml")
    assert written.suffix == ".yaml"
    assert toc.load(written) == result.model == imported.model


# --- hostile and broken files --------------------------------------------------------------


@pytest.mark.parametrize("name", ["billion-laughs", "external-entity", "external-dtd"])
def test_a_dtd_is_refused_at_its_line_without_expanding_anything(name: str) -> None:
    result = read_file(DATA / f"{name}.xml")
    assert result.model is None
    [finding] = result.findings
    line = 3 if name == "external-dtd" else 2
    assert (finding.code, finding.line, finding.col) == ("TOC015", line, 1)
    assert "XML bomb" in finding.message


def test_a_bomb_in_utf16_is_refused_too() -> None:
    bomb = (DATA / "billion-laughs.xml").read_text(encoding="utf-8").replace("UTF-8", "UTF-16")
    result = read_iati_bytes(bomb.encode("utf-16"), name="bomb.xml")
    assert [f.code for f in result.findings] == ["TOC015"]


def test_an_entity_not_declared_is_not_well_formed() -> None:
    result = _read(_activity("    <description><narrative>&secret;</narrative></description>\n"))
    [finding] = result.findings
    assert (finding.code, finding.line) == ("TOC015", 5)
    assert "undefined entity" in finding.message


def test_a_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as stream:
        stream.write(b'<iati-activities version="2.03">')
        stream.write(b"<!-- padding -->" * 4_000_000)  # 64 MB
    result = read_file(huge)
    assert [(f.code, f.line) for f in result.findings] == [("TOC002", 0)]


def test_many_elements_outside_results_cost_no_memory() -> None:
    budgets = "    <budget/>\n" * 200_000
    result = _read(_activity(budgets + _result()))
    assert result.findings == []
    assert result.model is not None and len(result.model.kpis) == 1


def test_too_many_kept_elements_are_refused() -> None:
    data = ("<a>" + "<b/>" * 50 + "</a>").encode()
    with pytest.raises(XmlRefused, match="over 20 elements") as refused:
        parse_xml(data, max_elements=20)
    assert refused.value.unsafe


@pytest.mark.parametrize(
    ("xml", "line", "col", "words"),
    [
        ("<iati-activities>\n  <iati-activity>\n  </iati-activities>", 3, 5, "mismatched tag"),
        ("", 1, 1, "no element found"),
        ("not xml at all", 1, 1, "syntax error"),
        ('<iati-organisations version="2.03"/>', 1, 1, "`<iati-organisations>`"),
        ('<iati-activities version="2.03"/>', 1, 1, "no `<iati-activity>`"),
    ],
)
def test_what_is_not_an_iati_activity_file_is_refused_at_its_place(
    xml: str, line: int, col: int, words: str
) -> None:
    result = _read(xml)
    assert result.model is None
    [finding] = result.findings
    assert (finding.code, finding.line, finding.col) == ("TOC015", line, col)
    assert words in finding.message


# --- choices and gaps ------------------------------------------------------------------------


def test_several_activities_read_the_first_and_name_the_others() -> None:
    second = (
        _activity(_result(), identifier="GB-1-B")
        .split("\n", 1)[1]
        .rsplit("</iati-activities>", 1)[0]
    )
    xml = _activity(_result()).replace("</iati-activities>\n", second + "</iati-activities>\n")
    result = _read(xml)
    assert result.model is not None and result.model.id == "gb-1-a"
    [finding] = result.findings
    assert (finding.code, finding.line, finding.col) == ("TOC023", 12, 3)
    assert "--activity GB-1-B" in finding.message

    chosen = _read(xml, activity="GB-1-B")
    assert chosen.model is not None and chosen.model.id == "gb-1-b"
    assert _places(chosen) == [("TOC023", 2, 3)]

    missing = _read(xml, activity="GB-1-C")
    assert missing.model is None
    [finding] = missing.findings
    assert finding.code == "TOC023" and "`GB-1-A`, `GB-1-B`" in finding.message


def test_a_result_type_other_is_a_finding_or_mapped_by_levels() -> None:
    xml = _activity(_result(type="9"))
    refused = _read(xml)
    assert _places(refused) == [("TOC016", 5, 13)]
    assert refused.model is not None and refused.model.kpis == ()

    mapped = _read(xml, levels={"9": "outcome:medium"})
    assert mapped.findings == []
    assert mapped.model is not None
    [outcome] = mapped.model.outcomes
    assert outcome.term == "medium"


def test_levels_set_the_term_of_iati_outcomes() -> None:
    result = _read(_activity(_result(type="2")), levels={"Outcome": "outcome:long"})
    assert result.model is not None and result.model.outcomes[0].term == "long"


@pytest.mark.parametrize(
    ("inside", "expected", "words"),
    [
        (
            '<period><period-start iso-date="2024-01-01"/><target value="3"/></period>\n',
            [("TOC025", 9, 1)],
            "no `<period-end",
        ),
        ('<baseline value="3"/>\n', [("TOC025", 9, 1)], "no `year`"),
        ('<baseline year="20x4" value="3"/>\n', [("TOC014", 9, 11)], "is not a year"),
        ('<baseline year="2024" iso-date="31/12/2024"/>\n', [("TOC014", 9, 23)], "not a date"),
        ('<baseline year="2024" value="1,234"/>\n', [("TOC014", 9, 23)], "not a number"),
        (
            '<period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><actual><dimension value="f"/></actual></period>\n',
            [("TOC025", 9, 89)],
            "no `name`",
        ),
    ],
)
def test_gaps_and_unreadable_values_are_findings_at_their_place(
    inside: str, expected: list[tuple[str, int, int]], words: str
) -> None:
    result = _read(_activity(_result(inside)))
    assert _places(result) == expected
    assert words in result.findings[0].message
    assert result.model is not None  # the rest is still imported


def test_an_indicator_without_measure_or_title_and_bad_flags() -> None:
    xml = _activity(
        '    <result type="1">\n'
        "      <title><narrative>Staff trained</narrative></title>\n"
        '      <indicator ascending="yes" measure="7">\n'
        "        <title><narrative>Staff</narrative></title>\n"
        "      </indicator>\n"
        '      <indicator measure="1"/>\n'
        "      <indicator>\n"
        "        <title><narrative>Sessions</narrative></title>\n"
        "      </indicator>\n"
        "    </result>\n"
        "    <result><title><narrative>Untyped</narrative></title></result>\n"
        '    <result type="3"/>\n'
    )
    result = _read(xml)
    assert _places(result) == [
        ("TOC014", 7, 18),  # ascending="yes"
        ("TOC014", 7, 34),  # measure="7"
        ("TOC025", 10, 7),  # an indicator without a title
        ("TOC025", 11, 7),  # an indicator without a measure
        ("TOC025", 15, 5),  # a result without a type
        ("TOC025", 16, 5),  # a result without a title
    ]
    assert result.model is not None
    assert [(k.label, k.measure, k.ascending) for k in result.model.kpis] == [
        ("Staff", None, None),
        ("Sessions", None, None),
    ]


def test_labels_become_unique_ids() -> None:
    xml = _activity(_result() + _result())
    result = _read(xml)
    assert result.model is not None
    assert [o.id for o in result.model.outputs] == ["staff-trained", "staff-trained-2"]
    assert [k.id for k in result.model.kpis] == [
        "number-of-staff-trained",
        "number-of-staff-trained-2",
    ]


def test_values_written_as_words_for_unknown_become_a_status() -> None:
    inside = (
        '<period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
        '<target value=" TBC "/><actual value="N/A"/><actual value="not collected"/></period>\n'
    )
    result = _read(_activity(_result(inside)))
    assert result.findings == []
    assert result.model is not None
    kpi = result.model.kpis[0]
    assert [kpi.targets[0].status, *(a.status for a in kpi.actuals)] == [
        "tbc",
        "n/a",
        "not-collected",
    ]


# --- writing -------------------------------------------------------------------------------


def test_writing_says_what_iati_cannot_carry(tmp_path: Path) -> None:
    model = toc.load("bradford")
    with pytest.warns(NotCarriedWarning) as caught:
        [path] = write_file(model, tmp_path / "bradford.xml")
    message = str(caught[0].message)
    text = path.read_text(encoding="utf-8")
    for said in (message, text.split("-->", 1)[0]):
        assert "input `funding-staff-capacity`" in said and "it has no inputs" in said
        assert "activity `practitioner-training`" in said
        assert "barrier `financing`" in said and "no context factors" in said
        assert "impact `reduced-ace-impact`" in said and "no KPI measures it" in said
        assert re.search(r"kpi `kpi-assurance-green`: [^\n]*`target`[^\n]*belong to a period", said)
        assert "XX-TOC-PLACEHOLDER" in said
    back = read_file(path)
    assert back.findings == []
    assert back.model is not None
    assert [k.id for k in back.model.kpis] == [k.id for k in model.kpis]


def test_user_text_cannot_become_markup() -> None:
    evil = 'A <b>bold</b> & "quoted" --> ]]> label\twith\x07 a bell'
    model = toc.loads(
        "toc: 1\nid: m\ntitle: T\noutputs:\n  - id: o\n    label: L\n    measured_by: [k]\n"
        "kpis:\n  - id: k\n    label: K\n    measure: unit\n"
    ).model_copy()
    kpi = model.kpis[0].model_copy(update={"label": evil, "unit": evil})
    model = model.model_copy(update={"kpis": [kpi]})
    text, lost = to_iati(model)
    assert "<b>" not in text and "]]>" not in text.split("-->", 2)[1]
    back = read_iati_bytes(text.encode(), name="x.xml").model
    assert back is not None
    assert back.kpis[0].unit == evil.replace("\x07", "\ufffd")
    assert any("`label`" in line and "`unit`" in line for line in lost)  # the bell could not go


def test_a_kpi_measuring_two_results_is_written_under_each_and_read_once() -> None:
    model = toc.loads(
        "toc: 1\nid: m\ntitle: T\n"
        "outputs:\n  - id: a\n    label: A\n    measured_by: [k]\n"
        "  - id: b\n    label: B\n    measured_by: [k]\n"
        "kpis:\n  - id: k\n    label: K\n    measure: unit\n    unit: people\n"
    )
    text, lost = to_iati(model)
    assert text.count('toc:id="k"') == 2
    assert lost == [PLACEHOLDERS]
    assert read_iati_bytes(text.encode(), name="x.xml").model == model


def test_values_without_a_period_are_written_in_the_period_they_name() -> None:
    kpi = Kpi(
        id="k",
        label="K",
        measure="unit",
        target=(Target(year=2026, value=3), Target(date=dt.date(2027, 3, 31), value=4)),
    )
    model = TheoryOfChange(
        toc=1,
        id="m",
        title="T",
        kpis=(kpi,),
        outputs=(Output(id="o", label="O", measured_by=(Link(to="k"),)),),
    )
    text, _ = to_iati(model)
    assert (
        '<period-start iso-date="2026-01-01"/>' in text
        and '<period-end iso-date="2026-12-31"/>' in text
    )
    assert '<period-start iso-date="2027-03-31"/>' in text
    assert '<activity-date type="1" iso-date="2026-01-01"/>' in text


@pytest.mark.parametrize("name", ["bradford", "llr", "home_office"])
def test_bundled_models_write_iati_that_reads_back_to_itself(name: str) -> None:
    model = toc.load(name)
    text, _ = to_iati(model)
    back = read_iati_bytes(text.encode(), name=f"{name}.xml")
    assert back.findings == []
    assert back.model is not None
    again, lost = to_iati(back.model)
    assert again == text.replace(text.split("-->", 1)[0], again.split("-->", 1)[0])  # a fixpoint
    assert lost == [PLACEHOLDERS]
    for kpi in back.model.kpis:
        original = model.by_id[kpi.id]
        assert isinstance(original, Kpi)
        assert (kpi.label, kpi.unit, kpi.ascending, kpi.description) == (
            original.label,
            original.unit,
            original.ascending,
            original.description,
        )
    carried = {
        e.id for f in ("outputs", "outcomes", "impacts") for e in getattr(model, f) if e.measured_by
    }
    assert {e.id for _, e in back.model.chain_elements() if e.kind != "kpi"} == carried


# --- round trips of generated models ---------------------------------------------------------

xml_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and s != "")


@st.composite
def _values(draw: st.DrawFn, qualitative: bool, kind: str) -> dict[str, Any]:
    value: dict[str, Any] = {}
    if kind == "baseline":
        value["year"] = draw(st.integers(1, 9999))
        if draw(st.booleans()):
            value["date"] = draw(st.dates())
    else:
        start, end = sorted(draw(st.lists(st.dates(), min_size=2, max_size=2)))
        value["start"], value["end"] = start, end
    if (not qualitative or draw(st.booleans())) and draw(st.integers(0, 4)):
        value["value"] = draw(numbers)
    if qualitative:
        if draw(st.booleans()):
            value["text"] = draw(xml_text)
    elif draw(st.booleans()):
        value["comment"] = draw(xml_text)
    if draw(st.booleans()):
        value["dimensions"] = draw(st.dictionaries(xml_text, xml_text, min_size=1, max_size=2))
    return value


@st.composite
def _iati_kpi(draw: st.DrawFn, kpi_id: str) -> dict[str, Any]:
    measure = draw(st.sampled_from(("unit", "percentage", "nominal", "ordinal", "qualitative")))
    qualitative = measure == "qualitative"
    kpi: dict[str, Any] = {"id": kpi_id, "label": draw(xml_text), "measure": measure}
    for key in ("unit", "description"):
        if draw(st.booleans()):
            kpi[key] = draw(xml_text)
    for key in ("ascending", "cumulative", "aggregation_status"):
        if draw(st.booleans()):
            kpi[key] = draw(st.booleans())
    if draw(st.booleans()):
        kpi["tags"] = draw(
            st.lists(st.sampled_from(["fw:a", "fw:a/b", "llr:prevention"]), max_size=2, unique=True)
        )
    for key, kind in (("baseline", "baseline"), ("target", "target"), ("actuals", "actual")):
        values = draw(st.lists(_values(qualitative, kind), max_size=3))
        if values:
            kpi[key] = values
    return kpi


@st.composite
def iati_models(draw: st.DrawFn) -> TheoryOfChange:
    """Models holding only what IATI carries: results with KPIs, values with periods."""
    kpi_ids = [f"kpi-{i}" for i in range(draw(st.integers(1, 4)))]
    data: dict[str, Any] = {"toc": 1, "id": draw(words), "title": draw(xml_text)}
    description = draw(st.one_of(st.none(), xml_text))
    if description is not None and description != data["title"]:
        data["description"] = description
    data["kpis"] = [draw(_iati_kpi(k)) for k in kpi_ids]
    for field, count in (
        ("outputs", draw(st.integers(0, 3))),
        ("outcomes", draw(st.integers(0, 2))),
        ("impacts", draw(st.integers(0, 2))),
    ):
        elements = []
        for index in range(count):
            measured = draw(st.lists(st.sampled_from(kpi_ids), min_size=1, max_size=2, unique=True))
            element: dict[str, Any] = {
                "id": f"{field}-{index}",
                "label": draw(xml_text),
                "measured_by": measured,
            }
            if field == "outcomes":
                element["term"] = draw(st.sampled_from(("short", "medium", "long")))
            if draw(st.booleans()):
                element["description"] = draw(xml_text)
            elements.append(element)
        if elements:
            data[field] = elements
    order = [
        k
        for f in ("outputs", "outcomes", "impacts")
        for e in data.get(f, [])
        for k in e["measured_by"]
    ]
    data["kpis"] = sorted(
        (k for k in data["kpis"] if k["id"] in order), key=lambda k: order.index(k["id"])
    )  # IATI lists indicators inside their results, so that is the order they come back in
    return TheoryOfChange.model_validate(data)


@given(iati_models())
def test_what_iati_carries_round_trips_exactly(model: TheoryOfChange) -> None:
    text, lost = to_iati(model)
    back = read_iati_bytes(text.encode("utf-8"), name="generated.xml")
    assert back.findings == [], "\n".join(f.format() for f in back.findings)
    assert back.model == model
    assert lost == [PLACEHOLDERS]


@given(models())
def test_any_model_writes_iati_that_reads_back_and_says_what_it_lost(model: TheoryOfChange) -> None:
    text, lost = to_iati(model)
    back = read_iati_bytes(text.encode("utf-8"), name="generated.xml")
    assert back.findings == [], "\n".join(f.format() for f in back.findings)
    assert back.model is not None
    again = read_iati_bytes(to_iati(back.model)[0].encode("utf-8"), name="again.xml")
    assert again.findings == []
    assert again.model == back.model  # what is lost is lost once
    if model.inputs:
        assert any("it has no inputs" in line for line in lost)
    assert (back.model == model) == (lost == [PLACEHOLDERS])


def test_the_written_file_states_its_namespace_and_version() -> None:
    text, _ = to_iati(toc.load("bradford"))
    assert re.search(r'<iati-activities version="2\.03" xmlns:toc="[^"]+">', text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        to_iati(toc.load("bradford"))  # the pure function never warns; the writer does


def test_attribute_places_skip_values_that_look_like_attributes() -> None:
    root = parse_xml(
        b'<a xmlns:toc="urn:x">\n <result toc:term="x type=y"\n   type="1" xml:lang="en"/></a>'
    )
    [result] = root.children
    assert result.attr_mark("type")[:2] == (3, 4)
    assert result.attr_mark("{http://www.w3.org/XML/1998/namespace}lang")[:2] == (3, 13)
    assert result.attr_mark("{urn:x}term")[:2] == (2, 10)
    assert result.attr_mark("missing")[:2] == (2, 2)  # the element, when there is no such attribute
