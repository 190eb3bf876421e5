"""A model and a report as pandas DataFrames: one row per thing, stable columns, pandas optional."""

from __future__ import annotations

import datetime as dt
import sys

import pandas as pd
import pytest
from hypothesis import given

import toc
from tests.strategies import models
from toc.io.frames import (
    ELEMENT_COLUMNS,
    FINDING_COLUMNS,
    KPI_COLUMNS,
    KPI_VALUE_COLUMNS,
    LINK_COLUMNS,
)
from toc.model import TheoryOfChange

PERIODS = """\
toc: 1
id: schools
title: Schools
outputs:
  - id: trained
    label: Schools trained
    measured_by: [reach]
kpis:
  - id: reach
    label: Share of schools reached
    measure: percentage
    ascending: true
    baseline:
      - {year: 2024, value: 31, dimensions: {phase: primary}}
      - {year: 2024, value: 22, dimensions: {phase: secondary}}
    target:
      - {period: 2024-25, value: 40}
      - {year: 2027, value: 85, comparator: ">"}
    actuals:
      - {start: 2024-04-01, end: 2025-03-31, value: 43}
      - {period: 2025-Q2, status: tbc, comment: Survey not in yet.}
"""


def test_bradford_as_frames_has_a_row_per_element_link_and_kpi() -> None:
    model = toc.load("bradford")
    frames = model.to_frames()
    assert list(frames.elements.columns) == list(ELEMENT_COLUMNS)
    assert len(frames.elements) == len(list(model.elements()))
    assert list(frames.links.columns) == list(LINK_COLUMNS)
    chain = sum(len(list(e.links())) for _, e in model.chain_elements())
    factors = sum(len(f.applies_to) for f in (*model.barriers, *model.enablers))
    assert len(frames.links) == chain + factors
    assert list(frames.kpis.columns) == list(KPI_COLUMNS)
    assert list(frames.kpis["id"]) == [k.id for k in model.kpis]
    green = frames.kpis.set_index("id").loc["kpi-assurance-green"]
    assert green["measures"] == ["assurance-framework-in-place"]
    assert (green["targets"], green["baselines"], bool(green["ascending"])) == (1, 0, True)


def test_kpi_values_are_long_with_one_column_per_dimension() -> None:
    values = toc.loads(PERIODS).to_frames().kpi_values
    assert list(values.columns) == [*KPI_VALUE_COLUMNS, "dimension.phase"]
    assert list(values["role"]) == ["baseline", "baseline", "target", "target", "actual", "actual"]
    assert values["value"].tolist()[:5] == [31.0, 22.0, 40.0, 85.0, 43.0]
    assert pd.isna(values["value"].iloc[5]) and values["status"].iloc[5] == "tbc"
    assert list(values["dimension.phase"].iloc[:2]) == ["primary", "secondary"]
    assert values["start"].iloc[4] == pd.Timestamp(dt.date(2024, 4, 1))
    assert str(values["start"].dtype) == "datetime64[s]"
    assert str(values["year"].dtype) == "Int64"
    assert values["comparator"].tolist()[2:4] == [">=", ">"]


def test_flags_are_nullable_booleans() -> None:
    kpis = toc.loads(PERIODS).to_frames().kpis
    assert str(kpis["ascending"].dtype) == "boolean"
    assert bool(kpis["ascending"].iloc[0]) is True and pd.isna(kpis["cumulative"].iloc[0])


def test_an_empty_model_still_has_every_column() -> None:
    frames = toc.loads("toc: 1\nid: empty\ntitle: Nothing yet\n").to_frames()
    assert [len(f) for f in frames] == [0, 0, 0, 0]
    assert list(frames.kpi_values.columns) == list(KPI_VALUE_COLUMNS)


def test_a_report_as_a_frame_has_a_row_per_finding() -> None:
    report = toc.load("bradford").validate()
    frame = report.to_frame()
    assert list(frame.columns) == list(FINDING_COLUMNS)
    assert len(frame) == len(report)
    first = frame.iloc[0]
    assert first["location"] == report[0].location and first["code"] == report[0].code
    assert frame["line"].dtype == "int64"
    assert frame["path"].iloc[0] == ".".join(str(p) for p in report[0].path)
    assert list(toc.Report().to_frame().columns) == list(FINDING_COLUMNS)


def test_without_pandas_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what `import pandas` sees when it is absent
    with pytest.raises(ImportError, match=r"pip install 'theory-of-change\[pandas\]'"):
        toc.load("bradford").to_frames()
    with pytest.raises(ImportError, match="theory-of-change"):
        toc.Report().to_frame()


@given(models())
def test_generated_models_give_a_row_for_everything(model: TheoryOfChange) -> None:
    frames = model.to_frames()
    assert len(frames.elements) == len(list(model.elements()))
    assert len(frames.kpis) == len(model.kpis)
    values = sum(len(k.baselines) + len(k.targets) + len(k.actuals) for k in model.kpis)
    assert len(frames.kpi_values) == values
    numbers = [v.value for k in model.kpis for v in (*k.baselines, *k.targets, *k.actuals)]
    shown = [None if x is None or pd.isna(x) else x for x in frames.kpi_values["value"]]
    assert shown == numbers  # floats where every value fits one, the exact numbers otherwise


def test_a_whole_number_a_float_cannot_hold_keeps_the_column_exact() -> None:
    """2**54 + 1 fits int64 but not float64: a float column would silently give 2**54."""
    model = toc.loads(
        "toc: 1\nid: m\ntitle: T\nkpis:\n  - id: k\n    label: Staff trained\n    measure: unit\n"
        "    unit: staff\n    target: {value: 18014398509481985, year: 2026}\n"
        "    baseline: {value: 3, year: 2020}\n"
    )
    values = model.to_frames().kpi_values["value"].tolist()
    assert sorted(values) == [3, 18014398509481985]
    assert toc.load("bradford").to_frames().kpi_values["value"].dtype == "float64"


def test_frames_show_groups_and_links_that_contribute() -> None:
    model = toc.loads(
        "toc: 1\nid: m\ntitle: M\ngroups: [{id: housing, label: Housing}]\n"
        "outcomes:\n- id: homes\n  label: Families keep their homes\n  term: short\n"
        "  group: housing\n  leads_to:\n  - {to: safe, relation: contributes_to}\n"
        "impacts: [{id: safe, label: Children are safe}]\n"
    )
    frames = model.to_frames()
    assert frames.elements["group"].iloc[0] == "housing" and pd.isna(
        frames.elements["group"].iloc[1]
    )
    assert frames.links[["source", "relation", "target"]].values.tolist() == [
        ["homes", "contributes_to", "safe"]
    ]
