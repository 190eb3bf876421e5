"""Write a model as an IATI 2.03 activity file, and say what the file does not carry.

See `toc.io.iati` for what is written, the placeholders and the `toc:` attributes.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from toc.io import WriteOptions
from toc.io.iati.codes import MEASURES, NAMESPACE, PLACEHOLDER_ORG
from toc.io.iati.reading import read_iati_bytes
from toc.model import (
    ELEMENT_LISTS,
    TERM_ORDER,
    Actual,
    Baseline,
    ChainElement,
    Kpi,
    Target,
    TheoryOfChange,
)

__all__ = ["PLACEHOLDERS", "NotCarriedWarning", "to_iati", "write_iati"]


class NotCarriedWarning(UserWarning):
    """Writing a model to a format that cannot carry all of it; the message lists what is lost."""


@dataclass
class _El:
    """An element to write: the writer escapes everything, so user text can never become markup."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_El] = field(default_factory=list)
    text: str | None = None

    def add(self, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> _El:
        child = _El(tag, attrs or {}, [], text)
        self.children.append(child)
        return child

    def lines(self, depth: int = 0) -> Iterator[str]:
        pad = "  " * depth
        attrs = "".join(
            f' {name}="{_escape(value, attribute=True)}"' for name, value in self.attrs.items()
        )
        if self.text is not None:
            yield f"{pad}<{self.tag}{attrs}>{_escape(self.text)}</{self.tag}>"
        elif not self.children:
            yield f"{pad}<{self.tag}{attrs}/>"
        else:
            yield f"{pad}<{self.tag}{attrs}>"
            for child in self.children:
                yield from child.lines(depth + 1)
            yield f"{pad}</{self.tag}>"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTRIBUTE_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}


def _escape(text: str, *, attribute: bool = False) -> str:
    """Escape markup and line ends; characters XML 1.0 cannot hold at all become U+FFFD."""
    table = _ATTRIBUTE_ESCAPES if attribute else _TEXT_ESCAPES
    cleaned = _NOT_XML.sub("\ufffd", text)
    return "".join(table.get(char, char) for char in cleaned)


def _narrative(parent: _El, tag: str, text: str) -> None:
    parent.add(tag).add("narrative", text=text)


def _number(value: int | float) -> str:
    """A number as IATI's decimal: `12`, `12.5`, never `1e-05`."""
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(repr(value)), "f")
    return text if "." in text else f"{text}.0"


_MEASURE_CODES = {name: code for code, name in MEASURES.items()}
_TYPE_CODES = {"output": "1", "outcome": "2", "impact": "3"}


def to_iati(model: TheoryOfChange) -> tuple[str, list[str]]:
    """The model as IATI 2.03 XML text, and what the file does not carry, in plain words."""
    activity = _El("iati-activity")
    activity.add("iati-identifier", text=model.id)
    organisation = activity.add("reporting-org", {"ref": PLACEHOLDER_ORG, "type": "90"})
    organisation.add("narrative", text="Replace with the reporting organisation")
    _narrative(activity, "title", model.title)
    _narrative(activity, "description", model.description or model.title)
    partner = activity.add("participating-org", {"ref": PLACEHOLDER_ORG, "role": "4"})
    partner.add("narrative", text="Replace with the implementing organisation")
    activity.add("activity-status", {"code": "2"})
    activity.add("activity-date", {"type": "1", "iso-date": _first_date(model).isoformat()})
    for field_name in ("outputs", "outcomes", "impacts"):
        for element in getattr(model, field_name):
            _write_result(activity, element, model)
    root = _El("iati-activities", {"version": "2.03", "xmlns:toc": NAMESPACE}, [activity])
    body = "\n".join(root.lines()) + "\n"
    lost = _not_carried(model, body)
    comment = "\n".join(f"  - {_comment_safe(line)}" for line in lost)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<!-- Written by theory-of-change from the model `{_comment_safe(model.id)}`.\n"
        f"{comment}\n-->\n"
    )
    return head + body, lost


def write_iati(
    model: TheoryOfChange, target: Path, options: WriteOptions | None = None
) -> list[tuple[Path, bytes]]:
    """The registry's writer: one file, with a `NotCarriedWarning` listing what IATI cannot hold."""
    text, lost = to_iati(model)
    warnings.warn(
        NotCarriedWarning(
            f"{target}: IATI 2.03 does not carry all of the model `{model.id}`:\n"
            + "\n".join(f"- {line}" for line in lost)
        ),
        stacklevel=2,
    )
    return [(target, text.encode("utf-8"))]


def _comment_safe(text: str) -> str:
    """Text that cannot end an XML comment (`--`) or hold characters XML forbids."""
    return _NOT_XML.sub("\ufffd", text).replace("--", "- -")


def _write_result(activity: _El, element: ChainElement, model: TheoryOfChange) -> None:
    kpis: list[Kpi] = []
    for link in element.measured_by:
        kpi = model.by_id.get(link.to)
        if isinstance(kpi, Kpi) and kpi not in kpis:
            kpis.append(kpi)
    if not kpis:
        return  # IATI requires an indicator on every result; the comparison reports the loss
    attrs = {"type": _TYPE_CODES[element.kind], "toc:id": element.id}
    term = getattr(element, "term", None)
    if term in TERM_ORDER:  # a model's own level means nothing without its `outcome_levels`
        attrs["toc:term"] = term
    result = activity.add("result", attrs)
    _narrative(result, "title", element.label)
    if element.description is not None:
        _narrative(result, "description", element.description)
    for tag in element.tags:
        result.add("reference", {"vocabulary": "99", "code": tag.ref})
    for kpi in kpis:
        _write_indicator(result, kpi)


def _write_indicator(result: _El, kpi: Kpi) -> None:
    attrs = {"measure": _MEASURE_CODES.get(kpi.measure or "qualitative", "5")}
    for name, flag in (
        ("ascending", kpi.ascending),
        ("aggregation-status", kpi.aggregation_status),
    ):
        if flag is not None:
            attrs[name] = "1" if flag else "0"
    attrs["toc:id"] = kpi.id
    if kpi.unit is not None:
        attrs["toc:unit"] = kpi.unit
    if kpi.cumulative is not None:
        attrs["toc:cumulative"] = "1" if kpi.cumulative else "0"
    indicator = result.add("indicator", attrs)
    _narrative(indicator, "title", kpi.label)
    if kpi.description is not None:
        _narrative(indicator, "description", kpi.description)
    for tag in kpi.tags:
        indicator.add("reference", {"vocabulary": "99", "code": tag.ref})
    for baseline in kpi.baselines:
        year = baseline.year or (baseline.date.year if baseline.date else None)
        if year is None or year < 1:
            continue  # IATI requires a year; the comparison reports the loss
        attrs = {"year": str(year)}
        if baseline.date is not None:
            attrs["iso-date"] = baseline.date.isoformat()
        _write_value(indicator.add("baseline", attrs), baseline, kpi)
    for span, targets, actuals in _periods(kpi):
        period = indicator.add("period")
        period.add("period-start", {"iso-date": span[0].isoformat()})
        period.add("period-end", {"iso-date": span[1].isoformat()})
        for target in targets:
            _write_value(period.add("target"), target, kpi)
        for actual in actuals:
            _write_value(period.add("actual"), actual, kpi)


def _write_value(node: _El, value: Baseline | Target | Actual, kpi: Kpi) -> None:
    if value.value is not None:
        node.attrs["value"] = _number(value.value)
    for name, said in value.dimensions.items():
        node.add("dimension", {"name": name, "value": said})
    words = value.text if kpi.is_qualitative and value.text is not None else value.comment
    if words is not None:
        _narrative(node, "comment", words)


Span = tuple[dt.date, dt.date]


def _span(value: Target | Actual) -> Span | None:
    """IATI's period for a value: its start and end, else its date, else its whole year."""
    if value.start is not None or value.end is not None:
        first = value.start or value.end
        last = value.end or value.start
        assert first is not None
        assert last is not None
        return first, last
    if value.date is not None:
        return value.date, value.date
    if value.year is not None and dt.MINYEAR <= value.year <= dt.MAXYEAR:
        return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
    return None


def _periods(kpi: Kpi) -> list[tuple[Span, list[Target], list[Actual]]]:
    """Values grouped into IATI periods, keeping both the targets' and the actuals' order."""
    periods: list[tuple[Span, list[Target], list[Actual]]] = []
    for target in kpi.targets:
        span = _span(target)
        if span is None:
            continue
        if periods and periods[-1][0] == span:
            periods[-1][1].append(target)
        else:
            periods.append((span, [target], []))
    at = 0
    for actual in kpi.actuals:
        span = _span(actual)
        if span is None:
            continue
        found = next((i for i in range(at, len(periods)) if periods[i][0] == span), None)
        if found is None:
            periods.append((span, [], [actual]))
            at = len(periods) - 1
        else:
            periods[found][2].append(actual)
            at = found
    return periods


def _first_date(model: TheoryOfChange) -> dt.date:
    """The earliest date among the KPIs' values, as the activity's planned start."""
    days: list[dt.date] = []
    for kpi in model.kpis:
        values: list[Target | Actual] = [*kpi.targets, *kpi.actuals]
        for value in values:
            span = _span(value)
            if span is not None:
                days.append(span[0])
        for baseline in kpi.baselines:
            if baseline.date is not None:
                days.append(baseline.date)
            elif baseline.year is not None and dt.MINYEAR <= baseline.year <= dt.MAXYEAR:
                days.append(dt.date(baseline.year, 1, 1))
    return min(days, default=dt.date(1900, 1, 1))


# --- what the written file does not carry ----------------------------------------------------

_WHY_ABSENT = {
    "input": "IATI results are outputs, outcomes and impacts; it has no inputs",
    "activity": "IATI results are outputs, outcomes and impacts; it has no activities",
    "output": "IATI requires an indicator on each result, and no KPI measures it",
    "outcome": "IATI requires an indicator on each result, and no KPI measures it",
    "impact": "IATI requires an indicator on each result, and no KPI measures it",
    "kpi": "IATI indicators sit inside a result, and it measures no output, outcome or impact",
    "assumption": "IATI has no context factors",
    "barrier": "IATI has no context factors",
    "enabler": "IATI has no context factors",
    "risk": "IATI has no context factors",
}

_WHY_CHANGED = {
    "uses": "IATI has no links between results",
    "produces": "IATI has no links between results",
    "leads_to": "IATI has no links between results",
    "measured_by": "a result's indicators are nested in it, without link attributes",
    "tags": "tags are written as references, without basis or note",
    "source": "IATI has no provenance",
    "term": "IATI has no place for the model's own outcome levels; read back as short term",
    "measure": "IATI requires a measure, so a KPI without one is written as qualitative",
    "target": "IATI values belong to a period, and carry no comparator, status, named period "
    "or words for a KPI that is not qualitative",
    "actuals": "IATI values belong to a period, and carry no status, named period or words for a "
    "KPI that is not qualitative",
    "baseline": "IATI baselines need a year, and carry no status or words for a KPI that is not "
    "qualitative",
}
_WHY_OTHER = "IATI has no place for it"

PLACEHOLDERS = (
    f"placeholders: IATI requires a reporting organisation, a participating organisation, an "
    f"activity status and a planned start date, which a theory of change does not hold; they "
    f"are written as `{PLACEHOLDER_ORG}` and the earliest date of the KPIs' values: replace them "
    "before publishing"
)


def _not_carried(model: TheoryOfChange, body: str) -> list[str]:
    """What reading the written file back loses or changes, element by element."""
    back = read_iati_bytes(body.encode("utf-8"), name="written.xml").model
    if back is None:  # pragma: no cover - the writer's own output always reads back
        raise RuntimeError("the IATI writer wrote a file its reader cannot read")
    lost = [PLACEHOLDERS]
    top = {
        key
        for key in ("description", "source", "statements", "outcome_levels", "frameworks")
        if getattr(model, key) != getattr(back, key)
    }
    if top:
        lost.append(
            f"the model's {', '.join(f'`{k}`' for k in sorted(top))}: IATI has no place for them"
        )
    absent: dict[str, list[str]] = {}
    for _, element in model.elements():
        again = back.by_id.get(element.id)
        if again is None or again.kind != element.kind:
            absent.setdefault(_WHY_ABSENT[element.kind], []).append(
                f"{element.kind} `{element.id}`"
            )
            continue
        changed = _differences(element.model_dump(mode="json"), again.model_dump(mode="json"))
        if changed:
            fields = {c.split(".")[0].split("[")[0] for c in changed}
            why = "; ".join(dict.fromkeys(_WHY_CHANGED.get(f, _WHY_OTHER) for f in sorted(fields)))
            lost.append(
                f"{element.kind} `{element.id}`: {', '.join(f'`{c}`' for c in changed)} ({why})"
            )
    for why, names in absent.items():
        lost.append(f"{', '.join(names)}: not written ({why})")
    for key in ELEMENT_LISTS:
        again_order = [e.id for e in getattr(back, key)]
        order = [e.id for e in getattr(model, key) if e.id in again_order]
        if order != again_order:
            lost.append(
                f"the order of the {key}: read back in the order of the results that hold them"
            )
    return lost


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    """The places where two dumps differ, e.g. `target[1].comparator`, `leads_to`."""
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[str] = []
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key):
                found += _differences(
                    before.get(key), after.get(key), f"{path}.{key}" if path else key
                )
        return sorted(found)
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and len(before) == len(after)
        and path not in ("uses", "produces", "leads_to", "measured_by", "tags")
    ):
        found = []
        for index, (one, other) in enumerate(zip(before, after, strict=True)):
            if one != other:
                found += _differences(one, other, f"{path}[{index}]")
        return found
    return [path] if before != after else []
