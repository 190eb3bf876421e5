"""A model and a report as pandas DataFrames, for analysts who carry on in a notebook.

pandas is an optional extra (`pip install theory-of-change[pandas]`): it is imported only when a
frame is asked for. Columns have stable names and types, and an empty model still gives frames
with every column, so code written against them does not break on a small model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from toc.model import ChainElement, ContextFactor, Kpi, TheoryOfChange

if TYPE_CHECKING:
    import pandas as pd

    from toc.findings import Report

__all__ = [
    "ELEMENT_COLUMNS",
    "FINDING_COLUMNS",
    "KPI_COLUMNS",
    "KPI_VALUE_COLUMNS",
    "LINK_COLUMNS",
    "Frames",
    "report_frame",
    "to_frames",
]


class Frames(NamedTuple):
    """The model as four tables: elements, links, KPIs, and every KPI value (long format)."""

    elements: pd.DataFrame
    links: pd.DataFrame
    kpis: pd.DataFrame
    kpi_values: pd.DataFrame


ELEMENT_COLUMNS = (
    "id", "kind", "label", "description", "term", "group", "tags", "source_document"
)  # fmt: skip
LINK_COLUMNS = (
    "source",
    "relation",
    "target",
    "basis",
    "evidence",
    "citation",
    "assumptions",
    "feedback",
    "note",
)
KPI_COLUMNS = (
    "id",
    "label",
    "measure",
    "unit",
    "ascending",
    "cumulative",
    "aggregation_status",
    "data_source",
    "frequency",
    "owner",
    "measures",
    "baselines",
    "targets",
    "actuals",
)
KPI_VALUE_COLUMNS = (
    "kpi",
    "role",
    "value",
    "status",
    "text",
    "comparator",
    "year",
    "date",
    "period",
    "start",
    "end",
    "comment",
)
"""Then one column per dimension used, named `dimension.NAME` (e.g. `dimension.sex`)."""
FINDING_COLUMNS = (
    "location",
    "code",
    "name",
    "severity",
    "element_id",
    "message",
    "file",
    "line",
    "col",
    "sheet",
    "path",
    "url",
)

_BOOLEAN = ("ascending", "cumulative", "aggregation_status", "feedback")
_DATES = ("date", "start", "end")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "tables as DataFrames need pandas: pip install 'theory-of-change[pandas]'"
        ) from error
    return pandas


def to_frames(model: TheoryOfChange) -> Frames:
    """The model's elements, links, KPIs and KPI values as DataFrames (needs pandas)."""
    pandas = _pandas()
    elements = [_element_row(element) for _, element in model.elements()]
    links = [row for _, element in model.elements() for row in _link_rows(element)]
    kpis = [_kpi_row(model, kpi) for kpi in model.kpis]
    values = [row for kpi in model.kpis for row in _value_rows(kpi)]
    dimensions = sorted({key for row in values for key in row if key.startswith("dimension.")})
    return Frames(
        elements=_frame(pandas, elements, ELEMENT_COLUMNS),
        links=_frame(pandas, links, LINK_COLUMNS),
        kpis=_frame(pandas, kpis, KPI_COLUMNS),
        kpi_values=_frame(pandas, values, (*KPI_VALUE_COLUMNS, *dimensions)),
    )


def report_frame(report: Report) -> pd.DataFrame:
    """One row per finding, with its location as printed and its parts (needs pandas)."""
    pandas = _pandas()
    rows = []
    for finding in report:
        row = finding.to_dict()
        row["location"] = finding.location
        row["path"] = ".".join(str(part) for part in finding.path)
        rows.append(row)
    frame = _frame(pandas, rows, FINDING_COLUMNS)
    for column in ("line", "col"):
        frame[column] = frame[column].astype("int64")
    return frame


def _frame(pandas: Any, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame: pd.DataFrame = pandas.DataFrame(rows, columns=list(columns))
    for column in columns:
        if column in _BOOLEAN:
            frame[column] = pandas.array(frame[column].tolist(), dtype="boolean")
        elif column in _DATES:
            frame[column] = pandas.Series(frame[column].tolist(), dtype="datetime64[s]")
        elif column == "value" and not all(_exact_as_float(v) for v in frame[column].tolist()):
            frame[column] = frame[column].astype("object")  # a float would change a number
        elif column in ("value", "year"):
            try:
                frame[column] = pandas.to_numeric(frame[column], errors="raise").astype(
                    "float64" if column == "value" else "Int64"
                )
            except OverflowError:  # a whole number past float64 or int64: keep it exact
                frame[column] = frame[column].astype("object")
    return frame


def _exact_as_float(value: Any) -> bool:
    """Whether a float64 column holds this value unchanged (whole numbers past 2**53 do not)."""
    if value is None or isinstance(value, float):
        return True
    try:
        return bool(int(float(value)) == value)
    except (OverflowError, ValueError, TypeError):
        return False


def _element_row(element: ChainElement | ContextFactor) -> dict[str, Any]:
    return {
        "id": element.id,
        "kind": element.kind,
        "label": element.label,
        "description": element.description,
        "term": getattr(element, "term", None),
        "group": element.group,
        "tags": [tag.ref for tag in element.tags],
        "source_document": element.source.document if element.source else None,
    }


def _link_rows(element: ChainElement | ContextFactor) -> list[dict[str, Any]]:
    if isinstance(element, ContextFactor):
        return [
            {"source": element.id, "relation": "applies_to", "target": target, "assumptions": []}
            for target in element.applies_to
        ]
    return [
        {
            "source": element.id,
            "relation": "contributes_to" if link.relation == "contributes_to" else relation,
            "target": link.to,
            "basis": link.basis,
            "evidence": link.evidence.strength if link.evidence else None,
            "citation": link.evidence.citation if link.evidence else None,
            "assumptions": list(link.assumptions),
            "feedback": link.feedback,
            "note": link.note,
        }
        for relation, _, link in element.links()
    ]


def _kpi_row(model: TheoryOfChange, kpi: Kpi) -> dict[str, Any]:
    measured = [
        element.id
        for _, element in model.chain_elements()
        if any(link.to == kpi.id for link in element.measured_by)
    ]
    return {
        "id": kpi.id,
        "label": kpi.label,
        "measure": kpi.measure,
        "unit": kpi.unit,
        "ascending": kpi.ascending,
        "cumulative": kpi.cumulative,
        "aggregation_status": kpi.aggregation_status,
        "data_source": kpi.data_source,
        "frequency": kpi.frequency,
        "owner": kpi.owner,
        "measures": measured,
        "baselines": len(kpi.baselines),
        "targets": len(kpi.targets),
        "actuals": len(kpi.actuals),
    }


def _value_rows(kpi: Kpi) -> list[dict[str, Any]]:
    rows = []
    values = [
        *(("baseline", value) for value in kpi.baselines),
        *(("target", value) for value in kpi.targets),
        *(("actual", value) for value in kpi.actuals),
    ]
    for role, value in values:
        row: dict[str, Any] = {"kpi": kpi.id, "role": role}
        fields = value.model_dump(exclude={"dimensions"})
        row.update(fields)
        row["value"] = value.value
        for name, said in value.dimensions.items():
            row[f"dimension.{name}"] = said
        rows.append(row)
    return rows
