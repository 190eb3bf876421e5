"""The flat names node lists and Kumu maps give the model's fields, and their typed values.

A spreadsheet column or a Kumu attribute holds one value, so nested fields get one flat name
each: `source page` for `source.page`, `data source` for `data_source`, `citation` for a
link's `evidence.citation`. Both formats use these names, read and written, so a file written by
one reads back in the other. Values arrive as text (CSV, most cells) or typed (JSON, number
cells); `parse` turns text into the field's type, or says why it cannot.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from pydantic import BaseModel

    from toc.model import Actual, Baseline, Kpi, Target

__all__ = [
    "ACTUAL_FIELDS",
    "ELEMENT_FIELDS",
    "GROUP_FIELDS",
    "KPI_FIELDS",
    "LINK_FIELDS",
    "MODEL_FIELDS",
    "OLD_KPI_FIELDS",
    "SOURCE_FIELDS",
    "STATEMENT_FIELDS",
    "VALUE_FIELDS",
    "VALUE_ROLES",
    "Field",
    "FieldType",
    "dimension_name",
    "flatten",
    "from_json",
    "parse",
    "split_names",
    "to_json",
    "to_text",
    "value_rows",
]

FieldType = Literal["text", "id", "names", "int", "number", "bool", "date", "page", "choice", "any"]
"""How a field's value is read: `names` is a list of ids (or labels) in one value, `page` is a
whole number or text, `any` is text, a number or true/false (a framework entry's property)."""


@dataclass(frozen=True, slots=True)
class Field:
    """One flat field: its name as a header or attribute, where it goes, and its type."""

    name: str
    path: tuple[str, ...]
    type: FieldType = "text"
    synonyms: tuple[str, ...] = ()


SOURCE_FIELDS: tuple[Field, ...] = (
    Field("source document", ("source", "document"), synonyms=("source", "document")),
    Field("source section", ("source", "section"), synonyms=("section",)),
    Field("source page", ("source", "page"), "page", synonyms=("page",)),
    Field("source url", ("source", "url"), synonyms=("url", "link")),
    Field("source text", ("source", "text"), synonyms=("quote", "source quote")),
    Field("source incomplete", ("source", "incomplete"), "bool"),
    Field("source note", ("source", "note")),
)

ELEMENT_FIELDS: tuple[Field, ...] = (
    Field("id", ("id",), "id", synonyms=("identifier", "key", "code", "ref")),
    Field("label", ("label",), synonyms=("name", "title", "element", "node", "text")),
    Field("term", ("term",), "choice", synonyms=("timeframe", "time frame", "horizon")),
    Field("description", ("description",), synonyms=("details", "detail", "notes", "narrative")),
    *SOURCE_FIELDS,
)
"""What every element row or Kumu element carries besides its kind, tags, groups and links."""

KPI_FIELDS: tuple[Field, ...] = (
    Field("measure", ("measure",), "choice", synonyms=("measure type", "indicator type")),
    Field("unit", ("unit",), synonyms=("units", "unit of measure")),
    Field("ascending", ("ascending",), "bool", synonyms=("higher is better",)),
    Field("cumulative", ("cumulative",), "bool"),
    Field("aggregation status", ("aggregation_status",), "bool", synonyms=("aggregation",)),
    Field(
        "data source", ("data_source",), synonyms=("means of verification", "mov", "source of data")
    ),
    Field("frequency", ("frequency",), synonyms=("reporting frequency",)),
    Field("owner", ("owner",), synonyms=("responsible", "responsibility")),
)
"""A KPI's own fields (IATI-aligned), besides what every element has; its baselines, targets
and actuals are rows of `VALUE_FIELDS`, one per value."""

OLD_KPI_FIELDS: tuple[Field, ...] = (
    Field("baseline value", ("baseline", "value"), "number", synonyms=("baseline",)),
    Field("baseline year", ("baseline", "year"), "int"),
    Field("baseline date", ("baseline", "date"), "date"),
    Field("baseline comment", ("baseline", "comment")),
    Field("target value", ("target", "value"), "number", synonyms=("target",)),
    Field("target comparator", ("target", "comparator"), "choice", synonyms=("comparator",)),
    Field("target year", ("target", "year"), "int"),
    Field("target date", ("target", "date"), "date"),
    Field("target period", ("target", "period")),
    Field("target comment", ("target", "comment")),
)
"""One baseline and one target as columns of the KPI, as files written before KPIs had several
values; still read (a file's single baseline and target), no longer written."""

VALUE_ROLES: tuple[str, ...] = ("baseline", "target", "actual")
"""What a KPI value is: the `role` column of the values sheet, or of a Kumu `values` item."""

VALUE_FIELDS: tuple[Field, ...] = (
    Field("value", ("value",), "number", synonyms=("actual", "actual value", "number")),
    Field("status", ("status",), "choice"),
    Field("text", ("text",), synonyms=("words", "value in words")),
    Field("comparator", ("comparator",), "choice"),
    Field("year", ("year",), "int"),
    Field("date", ("date",), "date"),
    Field("period", ("period",)),
    Field("start", ("start",), "date", synonyms=("period start",)),
    Field("end", ("end",), "date", synonyms=("period end",)),
    Field("comment", ("comment",), synonyms=("comments", "note")),
)
"""A baseline's, target's or actual's fields, in the order of `toc.io.frames.KPI_VALUE_COLUMNS`;
each dimension is one more field, `dimension.NAME` (`dimension: NAME` is read too)."""

ACTUAL_FIELDS: tuple[Field, ...] = tuple(
    f for f in VALUE_FIELDS if f.name in ("value", "year", "date", "period", "comment")
)
"""An actual's fields as the `actuals` sheet of older files had them (still read)."""

_DIMENSION = re.compile(r"\s*dimension\s*(?:\.|: ?)(.*)", re.IGNORECASE | re.DOTALL)
"""`dimension.NAME` as written (NAME exactly, spaces included), or `dimension: NAME` by hand."""


def dimension_name(header: str) -> str | None:
    """The dimension a `dimension.NAME` (or `dimension: NAME`) column holds, or None."""
    found = _DIMENSION.fullmatch(header)
    return found.group(1) if found is not None and found.group(1).strip() else None


def value_rows(kpi: Kpi) -> list[tuple[str, dict[str, Any]]]:
    """Each baseline, target and actual of a KPI as `(role, {field name: value})`, in order.

    Values at their defaults are left out, but a target always has its comparator (so a row
    says what it compares); dimensions are `dimension.NAME` fields.
    """
    from toc.model import Target

    values: list[tuple[str, Baseline | Target | Actual]] = [
        *(("baseline", value) for value in kpi.baselines),
        *(("target", value) for value in kpi.targets),
        *(("actual", value) for value in kpi.actuals),
    ]
    rows = []
    for role, value in values:
        data = value.model_dump(mode="json", exclude_defaults=True)
        if isinstance(value, Target):
            data["comparator"] = value.comparator
        row = {spec.name: data[spec.path[0]] for spec in VALUE_FIELDS if spec.path[0] in data}
        for name, said in value.dimensions.items():
            row[f"dimension.{name}"] = said
        rows.append((role, row))
    return rows


LINK_FIELDS: tuple[Field, ...] = (
    Field("basis", ("basis",), "choice"),
    Field(
        "evidence", ("evidence", "strength"), "choice", synonyms=("strength", "evidence strength")
    ),
    Field("citation", ("evidence", "citation"), synonyms=("reference", "evidence citation")),
    Field("evidence url", ("evidence", "url"), synonyms=("citation url",)),
    Field("feedback", ("feedback",), "bool", synonyms=("feedback loop",)),
    Field("note", ("note",), synonyms=("notes", "comment", "description")),
)
"""A link's own fields; `from`, `to`, the relation and `assumptions` are read separately."""

STATEMENT_FIELDS: tuple[Field, ...] = (
    Field("id", ("id",), "id"),
    Field("kind", ("kind",), "choice", synonyms=("type",)),
    Field("label", ("label",), synonyms=("statement", "text")),
    Field("description", ("description",)),
    *SOURCE_FIELDS,
)

GROUP_FIELDS: tuple[Field, ...] = (
    Field("id", ("id",), "id"),
    Field("label", ("label",), synonyms=("name", "group", "pathway", "title")),
    Field("description", ("description",)),
    *SOURCE_FIELDS,
)
"""A row of a node list's groups sheet, besides the `parent` that nests it."""

MODEL_FIELDS: tuple[Field, ...] = (
    Field("id", ("id",), "id"),
    Field("title", ("title",), synonyms=("name",)),
    Field("description", ("description",)),
    *SOURCE_FIELDS,
)
"""The model's own fields, written as `field | value` rows (node lists) or in Kumu's `toc`."""

_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})
_NAME_SEPARATORS = re.compile(r"[,;|\n]")
_EXPECTED: dict[str, str] = {
    "int": "a whole number",
    "number": "a number",
    "bool": "true or false",
    "date": "a date (YYYY-MM-DD)",
    "page": "a page number or text",
}


def split_names(text: str) -> list[str]:
    """Ids, labels or tags written in one value: `a; b`, `a, b`, `a|b` (Kumu) or one a line."""
    return [part.strip() for part in _NAME_SEPARATORS.split(text) if part.strip()]


def _number(text: str) -> int | float | None:
    text = text.strip().replace("\u2212", "-")
    if _INT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # past Python's digit limit
            return None
    if _FLOAT.fullmatch(text):
        value = float(text)
        return value if value not in (float("inf"), float("-inf")) else None
    return None


def _looks_typed(text: str) -> bool:
    """Whether text in an `any` or `page` field would read back as a number or true/false."""
    return _number(text) is not None or text.strip().casefold() in ("true", "false")


def parse(text: str, type: FieldType) -> tuple[Any, str | None]:
    """A field's value from text: `(value, None)`, or `(None, what was expected)` when unreadable.

    Blank text is None (no value). Free text is kept exactly as written, spaces included; ids and
    choices lose surrounding spaces. In `page` and `any` fields a leading `'` marks text that
    would otherwise read as a number (`'12`), as a spreadsheet marks it; `''` is one `'`.
    """
    if not text.strip():
        return None, None
    if type == "text":
        return text, None
    if type == "id":
        return text.strip(), None
    if type == "choice":
        return text.strip().casefold() if text.strip().isascii() else text.strip(), None
    if type == "names":
        return split_names(text), None
    if type == "int":
        number = _number(text)
        if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
            number = int(number)
        if isinstance(number, int):
            return number, None
        return None, _EXPECTED[type]
    if type == "number":
        number = _number(text)
        return (number, None) if number is not None else (None, _EXPECTED[type])
    if type == "bool":
        folded = text.strip().casefold()
        if folded in _TRUE:
            return True, None
        if folded in _FALSE:
            return False, None
        return None, _EXPECTED[type]
    if type == "date":
        return text.strip(), None
    if text.startswith("'"):
        return text[1:], None
    number = _number(text)
    if type == "page":
        if isinstance(number, int):
            return number, None
        return text, None
    if number is not None:
        return number, None
    folded = text.strip().casefold()
    if folded in ("true", "false"):
        return folded == "true", None
    return text, None


def to_text(value: Any, type: FieldType) -> str:
    """The text a field's value is written as; `parse(to_text(v, t), t)` gives `v` back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    text = str(value)
    if type in ("page", "any") and (text.startswith("'") or _looks_typed(text)):
        return "'" + text
    return text


def _float_text(value: float) -> str:
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def from_json(value: Any, type: FieldType) -> tuple[Any, str | None]:
    """A field's value from a JSON value: typed values pass, text is parsed as `parse` does."""
    if value is None:
        return None, None
    if isinstance(value, str):
        if type in ("page", "any"):
            return (value, None) if value.strip() else (None, None)
        return parse(value, type)
    if isinstance(value, list):
        if type == "names" and all(isinstance(item, str) for item in value):
            return [item.strip() for item in value if item.strip()], None
        return None, _EXPECTED.get(type, "text") if type != "names" else "a list of ids"
    if isinstance(value, dict):
        return None, _EXPECTED.get(type, "text")
    if isinstance(value, bool):
        if type in ("bool", "any"):
            return value, None
        return None, _EXPECTED.get(type, "text")
    if type in ("number", "any"):
        return value, None
    if type in ("int", "page"):
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            return int(value), None
        return (value, None) if isinstance(value, int) else (None, _EXPECTED["int"])
    if type in ("text", "id", "choice"):
        return _float_text(value) if isinstance(value, float) else str(value), None
    return None, _EXPECTED.get(type, "text")


def to_json(value: Any) -> Any:
    """A field's value as JSON holds it (dates as YYYY-MM-DD)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def flatten(record: BaseModel, fields: tuple[Field, ...]) -> list[tuple[Field, Any]]:
    """The fields of a record (an element, link, statement or the model) that hold a value.

    Values at their defaults are left out, as the YAML writer leaves them out, except where
    leaving everything out would lose a record: a source with nothing but defaults is written
    as `source incomplete: FALSE`.
    """
    data = record.model_dump(mode="json", exclude_defaults=True)
    found: list[tuple[Field, Any]] = []
    for spec in fields:
        value: Any = data
        for key in spec.path:
            value = value.get(key) if isinstance(value, dict) else None
        if spec.path == ("source", "incomplete") and value is None and data.get("source") == {}:
            value = False
        if value is not None:
            found.append((spec, value))
    return found
